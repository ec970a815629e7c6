"""All 22 TPC-H queries (benchmarks/tpch/dataframe_queries.py) on a small scale factor,
each answer checked against DuckDB's (benchmarks/tpch/answers.py), under the engine
configurations of the other result tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import skipjack as sj

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "tpch"))

import answers  # noqa: E402
import dataframe_queries  # noqa: E402

SCALE = "0.01"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    tpchgen = shutil.which("tpchgen-cli") or str(Path(sys.executable).parent / "tpchgen-cli")
    out = tmp_path_factory.mktemp("tpch")
    subprocess.run([tpchgen, "parquet", "-s", SCALE, "-o", str(out)], check=True,
                   capture_output=True)
    return out


@pytest.fixture(scope="module")
def expected(data_dir) -> dict:
    return {n: answers.duckdb_answer(n, data_dir) for n in dataframe_queries.QUERIES}


@pytest.mark.parametrize("number", sorted(dataframe_queries.QUERIES))
def test_query_matches_duckdb(engine_config, data_dir, expected, number):
    def table(name: str):
        return sj.read_parquet(str(data_dir / f"{name}.parquet"))

    actual = dataframe_queries.QUERIES[number](table, sj).to_arrow()
    answers.check(number, actual, expected[number])
