"""Runs the 22 DataFrame queries on real Daft and checks each against DuckDB.

    .venv-bench-daft/bin/python benchmarks/tpch/check_daft.py [--data /tmp/tpch-sf0.1] [--sf 0.1] [1 3 22]

Generates the data with the project's tpchgen-cli when it's missing. Daft 0.7.26 can't
read string_view columns (tpchgen-cli writes them), so a copy of the tables with plain
strings is written once to ``<data>/daft/`` and read with ``daft.read_parquet``.
Needs duckdb in the Daft venv (``.venv-bench-daft/bin/pip install duckdb``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import answers  # noqa: E402
from dataframe_queries import QUERIES  # noqa: E402


def ensure_data(data_dir: Path, scale_factor: str) -> None:
    if all((data_dir / f"{name}.parquet").exists() for name in answers.TABLES):
        return
    tpchgen = REPO / ".venv" / "bin" / "tpchgen-cli"
    print(f"generating TPC-H SF {scale_factor} into {data_dir}", flush=True)
    subprocess.run([str(tpchgen), "parquet", "-s", scale_factor, "-o", str(data_dir)], check=True)


def daft_copy(data_dir: Path) -> Path:
    """The tables with string_view columns cast to string, for Daft's Parquet reader."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = data_dir / "daft"
    out.mkdir(exist_ok=True)
    for name in answers.TABLES:
        source, target = data_dir / f"{name}.parquet", out / f"{name}.parquet"
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        table = pq.read_table(source)
        fields = [pa.field(f.name, pa.string() if f.type == pa.string_view() else f.type, f.nullable)
                  for f in table.schema]
        pq.write_table(table.cast(pa.schema(fields)), target)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="/tmp/tpch-sf0.1", type=Path)
    parser.add_argument("--sf", default="0.1", help="scale factor, if the data must be generated")
    parser.add_argument("queries", nargs="*", type=int, default=sorted(QUERIES))
    args = parser.parse_args()

    import daft

    ensure_data(args.data, args.sf)
    daft_dir = daft_copy(args.data)

    def table(name):
        return daft.read_parquet(str(daft_dir / f"{name}.parquet"))

    failed = []
    total = 0.0
    for n in args.queries:
        try:
            start = time.perf_counter()
            actual = QUERIES[n](table, daft).to_arrow()
            seconds = time.perf_counter() - start
            total += seconds
            answers.check(n, actual, answers.duckdb_answer(n, args.data))
            print(f"Q{n:<2} PASS  {seconds:7.3f} s  {actual.num_rows} rows", flush=True)
        except Exception as error:  # noqa: BLE001 - report every query
            failed.append(n)
            message = str(error) if isinstance(error, AssertionError) else traceback.format_exc()
            print(f"Q{n:<2} FAIL  {message}", flush=True)
    print(f"{len(args.queries) - len(failed)}/{len(args.queries)} passed, Daft time {total:.2f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
