"""UDF benchmark: Skipjack against Daft on the same cases, each engine in its own
process, in one run. Prints times, ratios and peak memory.

    .venv/bin/python benchmarks/udf/run.py [--cases row_wise,batch,...]

Goals (issue 4): per-row overhead at most half of Daft's; process transfer at least
twice Daft's.
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

ENGINES = ["skipjack", "daft"]
CASES = ["row_wise", "batch", "stateful", "processes", "transfer"]


def run_case(engine: str, case: str) -> dict:
    process = subprocess.run([python_for(engine), str(HERE / "harness.py"), engine, case],
                             capture_output=True, text=True, timeout=1800)
    if process.returncode != 0:
        return {"error": process.stderr.strip().splitlines()[-1] if process.stderr else "failed"}
    return json.loads(process.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args()
    results = {case: {e: run_case(e, case) for e in ENGINES} for case in args.cases.split(",")}
    print(f"{'case':12s} {'engine':9s} {'seconds':>9s} {'peak RSS':>9s}  detail")
    for case, by_engine in results.items():
        for engine, r in by_engine.items():
            if "error" in r:
                print(f"{case:12s} {engine:9s} ERROR {r['error']}")
                continue
            detail = ", ".join(f"{k}={v:.3g}" for k, v in r.items()
                               if k not in ("seconds", "peak_rss"))
            print(f"{case:12s} {engine:9s} {r['seconds']:9.3f} {r['peak_rss'] / 2**20:8.0f}M  {detail}")
        ours, theirs = by_engine["skipjack"], by_engine["daft"]
        if "error" not in ours and "error" not in theirs:
            print(f"{'':12s} daft/skipjack time = {theirs['seconds'] / ours['seconds']:.2f}x")
    _goals(results)
    (HERE.parent / ".data").mkdir(exist_ok=True)
    (HERE.parent / ".data" / "udf-results.json").write_text(json.dumps(results, indent=2))


def _goals(results: dict) -> None:
    row = results.get("row_wise", {})
    if all("per_row_us" in row.get(e, {}) for e in ENGINES):
        ours, theirs = row["skipjack"]["per_row_us"], row["daft"]["per_row_us"]
        verdict = "MET" if ours <= theirs / 2 else "NOT met"
        print(f"per-row overhead: skipjack {ours:.3f} us, daft {theirs:.3f} us "
              f"(ratio {theirs / ours:.2f}x; goal >= 2x) {verdict}")
    moved = results.get("transfer", {})
    if all("mb_per_s" in moved.get(e, {}) for e in ENGINES):
        ours, theirs = moved["skipjack"]["mb_per_s"], moved["daft"]["mb_per_s"]
        verdict = "MET" if ours >= 2 * theirs else "NOT met"
        print(f"process transfer: skipjack {ours:.0f} MB/s, daft {theirs:.0f} MB/s "
              f"(ratio {ours / theirs:.2f}x; goal >= 2x) {verdict}")


if __name__ == "__main__":
    main()
