"""read_lance / write_lance through pylance: round trips, modes, pushdowns, and that a
failed write keeps the dataset as it was."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col

lance = pytest.importorskip("lance")


def _frame(n: int = 1000, start: int = 0) -> sj.DataFrame:
    return sj.from_pydict({"a": list(range(start, start + n)),
                           "s": [f"x{i % 5}" for i in range(start, start + n)],
                           "v": [[i, i + 1] for i in range(start, start + n)]})


def test_round_trip_and_modes(engine_config, tmp_path):
    uri = str(tmp_path / "t.lance")
    first = _frame().write_lance(uri).to_pydict()
    assert first["version"] == [1] and first["num_fragments"] == [1]
    assert lance.dataset(uri).to_table().num_rows == 1000
    back = sj.read_lance(uri)
    assert back.column_names == ["a", "s", "v"]
    assert back.sort("a").to_pydict() == _frame().to_pydict()
    _frame(10, 5000).write_lance(uri, mode="append")
    assert sj.read_lance(uri).count_rows() == 1010
    _frame(3).write_lance(uri, mode="overwrite")
    assert sj.read_lance(uri).to_pydict()["a"] == [0, 1, 2]
    with pytest.raises(ValueError, match="mode"):
        _frame(3).write_lance(uri, mode="upsert")


def test_pushdowns_reach_the_scanner(tmp_path):
    uri = str(tmp_path / "p.lance")
    _frame().write_lance(uri)
    df = sj.read_lance(uri).where(col("a") >= 995).select("s")
    assert df.to_pydict() == {"s": ["x0", "x1", "x2", "x3", "x4"]}
    buffer = io.StringIO()
    sj.read_lance(uri).select("a").limit(4).explain(show_all=True, file=buffer)
    physical = buffer.getvalue().split("== Physical Plan ==")[1]
    assert "Lance Scan" in physical and "Projection pushdown = [a]" in physical
    assert "Limit pushdown = 4" in physical
    assert sj.read_lance(uri).select("a").limit(4).to_pydict() == {"a": [0, 1, 2, 3]}


def test_reading_twice_and_versions(tmp_path):
    uri = str(tmp_path / "v.lance")
    _frame(5).write_lance(uri)
    _frame(5, 100).write_lance(uri, mode="append")
    df = sj.read_lance(uri)
    assert df.count_rows() == 10 and df.to_arrow().num_rows == 10  # re-executable
    assert sj.read_lance(uri, version=1).count_rows() == 5


def test_failed_write_keeps_the_previous_version(tmp_path):
    uri = str(tmp_path / "f.lance")
    _frame(20).write_lance(uri)
    source = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"a": list(range(5000)), "s": ["y"] * 5000,
                             "v": [[1, 2]] * 5000}), source, row_group_size=500)
    data = source.read_bytes()
    source.write_bytes(data[:3000] + b"\xff" * 3000 + data[6000:])
    with pytest.raises(Exception):
        sj.read_parquet(str(source)).write_lance(uri, mode="overwrite")
    assert lance.dataset(uri).version == 1
    assert sj.read_lance(uri).count_rows() == 20
