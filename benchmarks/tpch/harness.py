"""Runs one TPC-H query on one engine, in its own process, and prints a JSON line with
the per-repetition seconds and the process's peak RSS; the result of the last run is
written to an Arrow IPC file for the parent (run.py) to check.

    python harness.py <engine> <query number> <data dir> <repetitions> <result.arrow>

Imports and setup happen before any timing. The first run is a warm-up (file cache,
thread pools), then `repetitions` timed runs. The timed region builds the query over the
Parquet files, executes it and materializes the result: DuckDB `to_arrow_table()`,
Polars `collect(engine="streaming")` (TPCH_POLARS_ENGINE overrides the engine), Daft and
Skipjack `to_arrow()`.

Only the standard library is imported at the top: this file also runs under Daft's own
interpreter, which has an older pyarrow and no duckdb.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]


def _rss_bytes() -> int:
    """This process's peak RSS. Linux's VmHWM belongs to the process image, whereas
    getrusage's ru_maxrss survives fork + exec and so starts at the parent's peak (the
    runner holds DuckDB's answers and pyarrow, a few hundred MiB at SF 1)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _duckdb(query: int, data_dir: Path) -> Callable[[], Any]:
    import duckdb

    sql = (HERE / "sql" / f"q{query:02d}.sql").read_text()
    # A fresh in-memory database per process, all cores, views over the Parquet files.
    # Connecting takes ~30 ms, so it is setup, not part of the timed runs.
    con = duckdb.connect()
    con.execute(f"set threads = {os.cpu_count()}")
    for t in TABLES:
        con.execute(f"create view {t} as select * from read_parquet('{data_dir / t}.parquet')")
    return lambda: con.sql(sql).to_arrow_table()


def _polars(query: int, data_dir: Path) -> Callable[[], Any]:
    from polars_queries import QUERIES, parquet_tables

    fn = QUERIES[query]
    table = parquet_tables(data_dir)
    # Polars' streaming engine is its fastest on every TPC-H query here (2.1: ~1.4x on the
    # geomean at SF 1 over the in-memory engine that "auto" picks), so it is the default.
    engine = os.environ.get("TPCH_POLARS_ENGINE", "streaming")
    return lambda: fn(table).collect(engine=engine)


def _dataframe_api(module: str) -> Callable[[int, Path], Callable[[], Any]]:
    def make(query: int, data_dir: Path) -> Callable[[], Any]:
        import importlib

        d = importlib.import_module(module)
        from dataframe_queries import QUERIES

        fn = QUERIES[query]

        def table(name: str):
            return d.read_parquet(str(data_dir / f"{name}.parquet"))

        return lambda: fn(table, d).to_arrow()

    return make


ENGINES = {
    "duckdb": _duckdb,
    "polars": _polars,
    "daft": _dataframe_api("daft"),
    "skipjack": _dataframe_api("skipjack"),
}


def _to_arrow(engine: str, result: Any):
    return result.to_arrow() if engine == "polars" else result


def _write_arrow(table, path: str) -> None:
    import pyarrow as pa

    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def main() -> None:
    engine, query, data_dir = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    repetitions, result_path = int(sys.argv[4]), sys.argv[5]
    report: dict[str, Any] = {"engine": engine, "query": query, "pid": os.getpid()}
    stage = "setup"
    try:
        run = ENGINES[engine](query, data_dir)
        report["baseline_rss"] = _rss_bytes()
        stage = "query"
        result = run()  # warm-up
        seconds = []
        for _ in range(repetitions):
            start = time.perf_counter()
            result = run()
            seconds.append(time.perf_counter() - start)
        report["seconds"] = seconds
        report["peak_rss"] = _rss_bytes()
        stage = "result"
        _write_arrow(_to_arrow(engine, result), result_path)
    except BaseException as error:  # noqa: BLE001 - reported to the parent, never fatal
        report["error"] = f"{stage}: {type(error).__name__}: {error}"
        report["traceback"] = traceback.format_exc()
    report.setdefault("peak_rss", _rss_bytes())
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
