"""Image hash benchmark: Skipjack against imagehash and Daft, and the near-duplicate
search against cross joins, in one run (each cell in its own process).

    .venv/bin/python benchmarks/image_hash/run.py [--images 200] [--hashes 200000]

Hashing: images per second for each method on the same decoded pixels (512 x 384 photos).
Goal (issue 6): at least 2x Daft. Near duplicates: pairs within k bits among --hashes
64-bit hashes, k in {4, 8, 10}: hamming_join against Skipjack's and Daft's cross join plus
filter. A cross join is quadratic, so it is timed on --cross-hashes hashes and scaled by
(hashes / cross_hashes)^2 (printed as an estimate). Goal: at least 100x faster than the
cross join at 200,000 hashes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from peers import python_for  # noqa: E402

METHODS = ["ahash", "dhash", "dhash_vertical", "phash", "phash_simple", "whash", "colorhash"]


def cell(engine: str, *args) -> dict:
    python = python_for("daft" if engine == "daft" else "skipjack")
    run = subprocess.run([python, str(HERE / "harness.py"), *map(str, args)], capture_output=True,
                         text=True, timeout=7200)
    if run.returncode != 0:
        return {"error": (run.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--hashes", type=int, default=200_000)
    parser.add_argument("--cross-hashes", type=int, default=20_000)
    args = parser.parse_args()
    results = {"hash": {}, "join": {}}
    print(f"Hashing {args.images} photos of 512 x 384 (images/s)")
    print(f"{'method':15s} {'skipjack':>10s} {'daft':>10s} {'imagehash':>10s} {'vs daft':>8s}")
    for method in METHODS:
        row = {e: cell(e, "hash", e, method, args.images) for e in ("skipjack", "daft", "imagehash")}
        results["hash"][method] = row
        rate = {e: args.images / r["seconds"] if "seconds" in r else None for e, r in row.items()}
        ratio = rate["skipjack"] / rate["daft"] if rate["skipjack"] and rate["daft"] else None
        print(f"{method:15s} " + " ".join(f"{rate[e]:10.1f}" if rate[e] else f"{'error':>10s}"
                                          for e in ("skipjack", "daft", "imagehash"))
              + (f" {ratio:7.2f}x" if ratio else "   n/a"))
    scale = (args.hashes / args.cross_hashes) ** 2
    print(f"\nNear duplicates among {args.hashes} hashes (seconds; cross joins timed on "
          f"{args.cross_hashes} and scaled x{scale:.0f})")
    print(f"{'k':>3s} {'hamming_join':>13s} {'pairs':>9s} {'cross (est)':>12s} {'daft cross (est)':>17s} {'speed-up':>9s}")
    for k in (4, 8, 10):
        fast = cell("skipjack", "join", "skipjack", args.hashes, k, "hamming_join")
        cross = cell("skipjack", "join", "skipjack", args.cross_hashes, k, "cross")
        daft = cell("daft", "join", "daft", args.cross_hashes, k, "cross") if k == 10 else {}
        check = cell("skipjack", "join", "skipjack", args.cross_hashes, k, "hamming_join")
        results["join"][k] = {"hamming_join": fast, "cross": cross, "daft_cross": daft, "check": check}
        estimate = cross.get("seconds", float("nan")) * scale
        daft_estimate = daft.get("seconds", float("nan")) * scale if daft else float("nan")
        same = check.get("pairs") == cross.get("pairs")
        print(f"{k:3d} {fast.get('seconds', float('nan')):13.3f} {fast.get('pairs', -1):9d} "
              f"{estimate:12.1f} {daft_estimate:17.1f} {estimate / fast.get('seconds', float('nan')):8.0f}x"
              + ("" if same else "  (pair counts differ at the cross-join size!)"))
    (HERE.parent / ".data").mkdir(exist_ok=True)
    (HERE.parent / ".data" / "image-hash-results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
