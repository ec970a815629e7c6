"""Runs the image pipeline on one engine in this process and prints a JSON line.

    python harness.py <engine> <urls file>

URL -> download -> decode -> resize 224 x 224 -> to_tensor, streamed batch by batch
(the tensors are counted and dropped, as a training loop would consume them)."""

from __future__ import annotations

import json
import sys
import time


def _peak_rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    engine, urls_file = sys.argv[1], sys.argv[2]
    urls = open(urls_file).read().split()
    if engine == "skipjack":
        import skipjack as d

        d.set_execution_config(progress_bar=False)
    else:
        import daft as d
    col = d.col
    start = time.perf_counter()
    df = d.from_pydict({"urls": urls})
    df = df.with_column("image", col("urls").download(on_error="null").decode_image().resize(224, 224))
    df = df.select(col("image").image_to_tensor().alias("tensor"))
    rows = 0
    for batch in df.iter_partitions():
        rows += len(batch)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "images": rows, "images_per_s": rows / seconds,
                      "peak_rss": _peak_rss()}))


if __name__ == "__main__":
    main()
