"""Runs one benchmark query on one engine, in its own process, and prints a JSON line:
per-repetition seconds, a checksum of the result, and peak memory.

    python harness.py <query module> <engine> <data file> <repetitions>

The data is an Arrow IPC file, read fully into memory before timing ("from in-memory
Arrow"); the timed region builds the engine's DataFrame from it, runs the query and
materializes the result in the engine's native form.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> None:
    query_name, engine, data_path, repetitions = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    import pyarrow as pa

    query = importlib.import_module(f"queries.{query_name}")
    with pa.OSFile(data_path) as source:
        table = pa.ipc.open_file(source).read_all()
    baseline = _max_rss_bytes()
    run = getattr(query, f"run_{engine}")
    run(table)  # warm-up: imports, page faults, thread pools
    seconds = []
    result = None
    for _ in range(repetitions):
        start = time.perf_counter()
        result = run(table)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({
        "engine": engine,
        "seconds": seconds,
        "checksum": query.checksum(engine, result),
        "peak_rss": _max_rss_bytes(),
        "baseline_rss": baseline,
        "pid": os.getpid(),
    }))


if __name__ == "__main__":
    main()
