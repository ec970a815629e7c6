"""write_parquet / write_csv / write_json: round trips through our readers and pyarrow,
partitioned writes, write modes, and that a failed write leaves nothing that looks
complete."""

from __future__ import annotations

import json
import os

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col


def _data(n: int = 500) -> pa.Table:
    return pa.table({
        "id": pa.array(range(n), pa.int64()),
        "group": pa.array([f"g{i % 3}" for i in range(n)], pa.large_string()),
        "year": pa.array([2020 + i % 2 for i in range(n)], pa.int64()),
        "value": pa.array([None if i % 7 == 0 else i / 3 for i in range(n)], pa.float64()),
    })


def _visible_files(root) -> list[str]:
    out = []
    for dirpath, _, names in os.walk(root):
        out += [os.path.join(dirpath, n) for n in names if not n.startswith((".", "_"))]
    return sorted(out)


def _all_files(root) -> list[str]:
    return sorted(os.path.join(d, n) for d, _, names in os.walk(root) for n in names)


def _sorted_rows(table: pa.Table, columns: list[str]) -> list[tuple]:
    return sorted(zip(*[table.column(c).to_pylist() for c in columns]),
                  key=lambda r: tuple((v is not None, v) for v in r))


def test_parquet_round_trip(engine_config, tmp_path):
    table = _data()
    written = sj.from_arrow(table).write_parquet(str(tmp_path / "out"))
    assert written.column_names == ["path"]
    paths = written.to_pydict()["path"]
    assert paths and all(p.endswith(".parquet") and os.path.exists(p) for p in paths)
    assert sorted(paths) == _visible_files(tmp_path / "out")
    back = sj.read_parquet(str(tmp_path / "out")).to_arrow()
    assert _sorted_rows(back, table.column_names) == _sorted_rows(table, table.column_names)
    assert pq.read_table(paths[0]).schema.field("id").type == pa.int64()  # readable by pyarrow


def test_partitioned_parquet_write(engine_config, tmp_path):
    table = _data()
    root = tmp_path / "parts"
    written = sj.from_arrow(table).write_parquet(str(root), partition_cols=["year", "group"])
    assert written.column_names == ["path", "year", "group"]
    result = written.to_pydict()
    for path, year, group in zip(result["path"], result["year"], result["group"]):
        assert f"/year={year}/group={group}/" in path
    assert sorted(set(zip(result["year"], result["group"]))) == \
        sorted({(2020 + i % 2, f"g{i % 3}") for i in range(500)})
    back = sj.read_parquet(str(root / "**" / "*.parquet"), hive_partitioning=True)
    # The files hold only the data columns; the directories give the partition values.
    assert set(pq.read_table(result["path"][0]).column_names) == {"id", "value"}
    columns = ["id", "group", "year", "value"]
    assert _sorted_rows(back.to_arrow(), columns) == _sorted_rows(table, columns)


def test_write_modes(tmp_path):
    root = tmp_path / "modes"
    df = sj.from_arrow(_data(30))
    first = df.write_parquet(str(root)).to_pydict()["path"]
    second = df.write_parquet(str(root), write_mode="append").to_pydict()["path"]
    assert sorted(first + second) == _visible_files(root)
    assert sj.read_parquet(str(root)).count_rows() == 60
    third = df.write_parquet(str(root), write_mode="overwrite").to_pydict()["path"]
    assert _visible_files(root) == sorted(third)
    assert sj.read_parquet(str(root)).count_rows() == 30

    parted = tmp_path / "parted"
    df.write_parquet(str(parted), partition_cols=["year"])
    only_2020 = df.where(col("year") == 2020).with_column("id", col("id") + 1000)
    only_2020.write_parquet(str(parted), partition_cols=["year"], write_mode="overwrite-partitions")
    back = sj.read_parquet(str(parted / "**" / "*.parquet"), hive_partitioning=True).to_pydict()
    ids_2020 = sorted(i for i, y in zip(back["id"], back["year"]) if y == 2020)
    ids_2021 = sorted(i for i, y in zip(back["id"], back["year"]) if y == 2021)
    assert ids_2020 == [i + 1000 for i in range(0, 30, 2)]
    assert ids_2021 == list(range(1, 30, 2))
    with pytest.raises(ValueError, match="write_mode"):
        df.write_parquet(str(root), write_mode="replace")


def test_csv_and_json_round_trips(engine_config, tmp_path):
    table = _data(100).drop_columns(["year"])
    csv_paths = sj.from_arrow(table).write_csv(str(tmp_path / "csv")).to_pydict()["path"]
    read = pa.concat_tables([pacsv.read_csv(p) for p in csv_paths])
    assert _sorted_rows(read, ["id", "group", "value"]) == _sorted_rows(table, ["id", "group", "value"])
    back = sj.read_csv(str(tmp_path / "csv")).to_arrow()
    assert _sorted_rows(back, ["id", "group", "value"]) == _sorted_rows(table, ["id", "group", "value"])

    json_paths = sj.from_arrow(table).write_json(str(tmp_path / "json")).to_pydict()["path"]
    rows = [json.loads(line) for p in json_paths for line in open(p)]
    assert sorted(r["id"] for r in rows) == list(range(100))
    assert rows[0].keys() == {"id", "group", "value"}
    back = sj.read_json(str(tmp_path / "json")).to_arrow()
    assert _sorted_rows(back, ["id", "group", "value"]) == _sorted_rows(table, ["id", "group", "value"])


def test_json_writes_nested_and_temporal_values(tmp_path):
    import datetime

    df = sj.from_pydict({"d": [datetime.date(2024, 1, 2)], "l": [[1, 2]], "s": [{"a": "x\"y"}],
                         "f": [float("nan")]})
    path = df.write_json(str(tmp_path / "j")).to_pydict()["path"][0]
    assert json.loads(open(path).read()) == {"d": "2024-01-02", "l": [1, 2], "s": {"a": "x\"y"},
                                             "f": None}


def test_empty_write_keeps_the_schema(tmp_path):
    df = sj.from_arrow(_data(10)).where(col("id") < 0)
    paths = df.write_parquet(str(tmp_path / "empty")).to_pydict()["path"]
    assert len(paths) == 1
    back = sj.read_parquet(str(tmp_path / "empty"))
    assert back.column_names == ["id", "group", "year", "value"]
    assert back.count_rows() == 0


def test_a_failed_write_leaves_no_complete_looking_output(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    pq.write_table(_data(2000), source / "a.parquet", row_group_size=100)
    bad = source / "b.parquet"
    pq.write_table(_data(2000), bad, row_group_size=100)
    data = bad.read_bytes()
    bad.write_bytes(data[:3000] + b"\xff" * 3000 + data[6000:])  # footer intact, pages not
    df = sj.read_parquet(str(source))
    root = tmp_path / "out"
    with pytest.raises(Exception):
        df.write_parquet(str(root))
    assert _visible_files(root) == [] if root.exists() else True
    assert _all_files(root) == [] if root.exists() else True  # temporary files removed too


def test_partition_column_errors(tmp_path):
    df = sj.from_arrow(_data(10))
    with pytest.raises(sj.exceptions.ColumnNotFoundError, match="yeer"):
        df.write_parquet(str(tmp_path), partition_cols=["yeer"])
