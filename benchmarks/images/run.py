"""Image pipeline benchmark: Skipjack against Daft in one run, on real photographs.

    .venv/bin/python benchmarks/images/run.py [--images 5000]

The JPEGs of Debian's mate-backgrounds package (1-4 megapixels) are served by an HTTP
server on loopback (its own process, keep-alive and sendfile: photo_server.py); each engine, in its own process, runs URL ->
download -> decode -> resize 224 -> to_tensor over --images URLs. The physical limit is
a plain C++ loop decoding and resizing the same files on both cores (no HTTP, no engine).
Goals (issue 5): at least 2x Daft's throughput, at least 70 % of the physical limit,
peak memory under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from peers import python_for  # noqa: E402

PHOTOS = Path("/usr/share/backgrounds/mate")
# The two largest files are the 1080p Elephants photo again at 8 and 18 megapixels.
SKIP = {"Elephants_3840x2160.jpg", "Elephants_5640x3172.jpg"}


def photos() -> list[Path]:
    found = sorted(p for p in PHOTOS.glob("*/*.jpg") if p.name not in SKIP)
    if not found:
        sys.exit(f"no photographs under {PHOTOS}: install mate-backgrounds (scripts/bootstrap.sh)")
    return found


def start_server() -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, str(HERE / "photo_server.py"), str(port), str(PHOTOS)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the HTTP server did not start")


def physical_limit(files: list[Path], images: int) -> float:
    from skipjack._native import core

    data = [p.read_bytes() for p in files]
    repeat = max(1, images // len(data))
    seconds = core.bench_decode_resize(data, repeat, 224, 224, os.cpu_count() or 2)
    return len(data) * repeat / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=5000)
    parser.add_argument("--engines", default="skipjack,daft")
    args = parser.parse_args()
    files = photos()
    server, port = start_server()
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as out:
            for i in range(args.images):
                path = files[i % len(files)].relative_to(PHOTOS)
                out.write(f"http://127.0.0.1:{port}/{path}?copy={i}\n")
            urls_file = out.name
        results = {}
        for engine in args.engines.split(","):
            run = subprocess.run([python_for(engine), str(HERE / "harness.py"), engine, urls_file],
                                 capture_output=True, text=True, timeout=3600)
            if run.returncode != 0:
                results[engine] = {"error": (run.stderr.strip().splitlines() or ["failed"])[-1]}
            else:
                results[engine] = json.loads(run.stdout.strip().splitlines()[-1])
        limit = physical_limit(files, args.images)
    finally:
        server.terminate()
        server.wait()
    print(f"{args.images} photos ({len(files)} distinct JPEGs, 1-4 MP) over HTTP on loopback, "
          f"{os.cpu_count()} cores")
    print(f"{'engine':10s} {'images/s':>10s} {'seconds':>9s} {'peak RSS':>9s}")
    for engine, r in results.items():
        if "error" in r:
            print(f"{engine:10s} ERROR {r['error']}")
            continue
        print(f"{engine:10s} {r['images_per_s']:10.1f} {r['seconds']:9.2f} {r['peak_rss'] / 2**20:8.0f}M")
    print(f"{'limit':10s} {limit:10.1f}   (C++ decode + resize loop, no HTTP)")
    ours = results.get("skipjack", {})
    theirs = results.get("daft", {})
    if "images_per_s" in ours:
        print(f"skipjack / physical limit = {ours['images_per_s'] / limit:.0%} (goal >= 70%)")
        print(f"skipjack peak memory {ours['peak_rss'] / 2**20:.0f} MB (goal < 1024 MB)")
        if "images_per_s" in theirs:
            print(f"skipjack / daft throughput = {ours['images_per_s'] / theirs['images_per_s']:.2f}x "
                  f"(goal >= 2x)")
    (HERE.parent / ".data").mkdir(exist_ok=True)
    (HERE.parent / ".data" / "images-results.json").write_text(
        json.dumps({"results": results, "limit_images_per_s": limit}, indent=2))


if __name__ == "__main__":
    main()
