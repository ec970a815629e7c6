"""Runs Skipjack and its peers on the same data in one run and prints, per query, each
engine's time and peak memory and its ratio to Skipjack.

    python benchmarks/run.py                      # all queries, all engines
    python benchmarks/run.py --rows 2000000 --engines skipjack polars

Every engine runs in a fresh process (peak RSS is per engine); results are checked to
agree before any time is printed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from peers import python_for  # noqa: E402

QUERIES = ["projection_filter"]
ENGINES = ["skipjack", "daft", "polars", "duckdb"]
DATA_DIR = HERE / ".data"


def _data_file(query_name: str, rows: int) -> Path:
    import pyarrow as pa

    path = DATA_DIR / f"{query_name}_{rows}.arrow"
    if not path.exists():
        DATA_DIR.mkdir(exist_ok=True)
        query = importlib.import_module(f"queries.{query_name}")
        table = query.make_data(rows)
        partial = path.with_suffix(".partial")
        with pa.OSFile(str(partial), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table, max_chunksize=1 << 20)
        partial.rename(path)
    return path


def _run_engine(query_name: str, engine: str, data: Path, repetitions: int) -> dict:
    command = [python_for(engine), str(HERE / "harness.py"), query_name, engine, str(data),
               str(repetitions)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} failed on {query_name}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _gib(n: int) -> str:
    return f"{n / (1 << 30):.2f} GiB"


def _report(query_name: str, rows: int, results: dict[str, dict]) -> None:
    query = importlib.import_module(f"queries.{query_name}")
    print(f"\n== {query_name}: {query.DESCRIPTION} ({rows:,} rows, {os.cpu_count()} cores) ==")
    reference = results.get("skipjack")
    base = min(reference["seconds"]) if reference else None
    print(f"{'engine':<10} {'best s':>8} {'median s':>9} {'peak RSS':>11} {'query RSS':>10}  vs skipjack")
    for engine, r in results.items():
        best, median = min(r["seconds"]), statistics.median(r["seconds"])
        ratio = "" if base is None or engine == "skipjack" else (
            f"{best / base:.2f}x slower" if best >= base else f"{base / best:.2f}x faster")
        print(f"{engine:<10} {best:>8.3f} {median:>9.3f} {_gib(r['peak_rss']):>11} "
              f"{_gib(r['peak_rss'] - r['baseline_rss']):>10}  {ratio}")


def _check_agreement(query_name: str, results: dict[str, dict]) -> None:
    checksums = {engine: r["checksum"] for engine, r in results.items()}
    first_engine, first = next(iter(checksums.items()))
    for engine, checksum in checksums.items():
        for key, value in checksum.items():
            expected = first[key]
            same = (abs(value - expected) <= 1e-6 * max(1.0, abs(expected))
                    if isinstance(value, float) else value == expected)
            if not same:
                raise SystemExit(f"{query_name}: {engine} disagrees with {first_engine} on {key}: "
                                 f"{value} != {expected}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--queries", nargs="*", default=QUERIES)
    parser.add_argument("--engines", nargs="*", default=ENGINES)
    parser.add_argument("--rows", type=int, default=None, help="override each query's default size")
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    for query_name in args.queries:
        query = importlib.import_module(f"queries.{query_name}")
        rows = args.rows or query.DEFAULT_ROWS
        data = _data_file(query_name, rows)
        results = {}
        for engine in args.engines:
            results[engine] = _run_engine(query_name, engine, data, args.repetitions)
        _check_agreement(query_name, results)
        _report(query_name, rows, results)


if __name__ == "__main__":
    main()
