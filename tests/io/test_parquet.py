"""read_parquet: paths, directories, globs, hive partitions, schema options, and the
scan pushdowns (columns, filters with row-group pruning, limits), checked against
pyarrow reading the same files."""

from __future__ import annotations

import datetime
import io
import os

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col, lit

RNG = np.random.default_rng(3)


def _table(n: int, offset: int = 0) -> pa.Table:
    ids = np.arange(offset, offset + n)
    return pa.table({
        "id": pa.array(ids, pa.int64()),
        "small": pa.array((ids % 7).astype(np.int32)),
        "price": pa.array([None if i % 11 == 0 else float(i) / 4 for i in ids], pa.float64()),
        "name": pa.array([f"n{i % 13:02d}" for i in ids], pa.string()),
        "day": pa.array([datetime.date(2020, 1, 1) + datetime.timedelta(days=int(i % 400))
                         for i in ids], pa.date32()),
    })


@pytest.fixture(scope="module")
def many_row_groups(tmp_path_factory) -> tuple[str, pa.Table]:
    path = tmp_path_factory.mktemp("pq") / "data.parquet"
    table = _table(20_000)
    pq.write_table(table, path, row_group_size=1_000)  # ids sorted: row groups prune by id
    return str(path), table


def _explain(df) -> str:
    buffer = io.StringIO()
    df.explain(show_all=True, file=buffer)
    return buffer.getvalue()


def _physical(df) -> str:
    text = _explain(df)
    return text[text.index("== Physical Plan =="):]


def test_reads_a_file_like_pyarrow(engine_config, many_row_groups):
    path, table = many_row_groups
    df = sj.read_parquet(path)
    assert df.column_names == table.column_names
    result = df.to_arrow()
    assert result.num_rows == table.num_rows
    for name in table.column_names:  # row order is the file's order
        assert result.column(name).to_pylist() == table.column(name).to_pylist()


FILTERS = [
    (col("id") < 2500, pc.field("id") < 2500),
    (col("id") >= 19_500, pc.field("id") >= 19_500),
    (col("id") == 7777, pc.field("id") == 7777),
    ((col("id") > 3000) & (col("id") <= 4100), (pc.field("id") > 3000) & (pc.field("id") <= 4100)),
    ((col("id") < 100) | (col("id") > 19_900), (pc.field("id") < 100) | (pc.field("id") > 19_900)),
    (col("id").between(5000, 5010), (pc.field("id") >= 5000) & (pc.field("id") <= 5010)),
    (col("id").is_in([1, 15_000, 99_999]), pc.field("id").isin([1, 15_000, 99_999])),
    (col("price").is_null(), pc.field("price").is_null()),
    (col("name") == "n05", pc.field("name") == "n05"),
    (col("day") < lit(datetime.date(2020, 1, 20)), pc.field("day") < datetime.date(2020, 1, 20)),
    (lit(100) > col("id"), pc.field("id") < 100),
    (col("small") == 3, pc.field("small") == 3),
]


@pytest.mark.parametrize("case", range(len(FILTERS)))
def test_filters_agree_with_pyarrow(engine_config, many_row_groups, case):
    path, table = many_row_groups
    ours, theirs = FILTERS[case]
    expected = ds.dataset(path).to_table(filter=theirs)
    actual = sj.read_parquet(path).where(ours).to_arrow()
    assert actual.column("id").to_pylist() == expected.column("id").to_pylist()
    assert actual.column("price").to_pylist() == expected.column("price").to_pylist()


def test_row_group_statistics_skip_row_groups(many_row_groups):
    path, _ = many_row_groups
    everything = _physical(sj.read_parquet(path))
    assert "(20 row groups)" in everything
    pruned = _physical(sj.read_parquet(path).where(col("id") < 2500))
    assert "(3 row groups)" in pruned
    assert "Filter pushdown" in pruned
    nothing = sj.read_parquet(path).where(col("id") > 10**9)
    assert "Scan tasks = 0" in _physical(nothing)
    assert nothing.to_pydict()["id"] == []


def test_projection_and_limit_pushdowns_show_in_explain(many_row_groups):
    path, table = many_row_groups
    df = sj.read_parquet(path).select("name", "id").limit(5)
    physical = _physical(df)
    assert "Projection pushdown = [id, name]" in physical
    assert "Limit pushdown = 5" in physical
    assert df.to_pydict() == {"name": table.column("name").to_pylist()[:5],
                              "id": list(range(5))}


def test_directory_glob_and_list_of_paths(engine_config, tmp_path):
    for part in range(3):
        (tmp_path / "sub").mkdir(exist_ok=True)
        pq.write_table(_table(50, part * 50), tmp_path / f"part-{part}.parquet")
    pq.write_table(_table(10, 1000), tmp_path / "sub" / "deep.parquet")
    (tmp_path / "_SUCCESS").write_text("")
    (tmp_path / ".hidden.parquet").write_text("not parquet")
    ids = lambda df: df.select("id").to_pydict()["id"]  # noqa: E731
    assert ids(sj.read_parquet(str(tmp_path))) == list(range(150)) + list(range(1000, 1010))
    assert ids(sj.read_parquet(str(tmp_path / "part-*.parquet"))) == list(range(150))
    assert ids(sj.read_parquet(str(tmp_path / "**" / "*.parquet"))) == \
        list(range(150)) + list(range(1000, 1010))
    assert ids(sj.read_parquet(str(tmp_path / "part-[02].parquet"))) == \
        list(range(50)) + list(range(100, 150))
    assert ids(sj.read_parquet([str(tmp_path / "part-2.parquet"),
                                tmp_path / "part-0.parquet"])) == \
        list(range(100, 150)) + list(range(50))


def test_many_small_files_keep_their_order(engine_config, tmp_path):
    for part in range(40):
        pq.write_table(_table(7, part * 7), tmp_path / f"f{part:03d}.parquet")
    df = sj.read_parquet(str(tmp_path / "*.parquet"))
    assert df.select("id").to_pydict()["id"] == list(range(280))
    assert "Scan tasks = 1 " in _physical(df)  # small files share one scan task


def test_small_file_with_row_groups_is_read_by_several_tasks(engine_config, tmp_path):
    # 6 MB decoded in 4 row groups: a unit per row group, not one task with the others idle.
    values = np.arange(800_000, dtype=np.int64)
    pq.write_table(pa.table({"v": values}), tmp_path / "t.parquet", row_group_size=200_000)
    df = sj.read_parquet(str(tmp_path / "t.parquet"))
    assert "Scan tasks = 4 (4 row groups)" in _physical(df)
    assert df.where(col("v") % 3 == 0).select("v").to_pydict()["v"] == list(range(0, 800_000, 3))


def test_hive_partitions(engine_config, tmp_path):
    table = pa.table({"x": list(range(12)), "year": [2023] * 6 + [2024] * 6,
                      "kind": ["a", "b", "c"] * 4})
    pq.write_to_dataset(table, tmp_path, partition_cols=["year", "kind"])
    df = sj.read_parquet(str(tmp_path / "**" / "*.parquet"), hive_partitioning=True)
    assert df.schema()["year"].dtype == sj.DataType.int64()
    assert df.schema()["kind"].dtype == sj.DataType.string()
    rows = sorted(zip(*df.to_pydict().values()))
    assert rows == sorted(zip(table["x"].to_pylist(), table["year"].to_pylist(),
                              table["kind"].to_pylist()))
    pruned = df.where((col("year") == 2024) & (col("kind") == "b"))
    assert "Files = 1 of 6" in _physical(pruned)
    assert sorted(pruned.to_pydict()["x"]) == [7, 10]


def test_schema_hints_file_path_column_and_row_groups(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(_table(30), path, row_group_size=10)
    df = sj.read_parquet(str(path), schema={"small": sj.DataType.int64()})
    assert df.schema()["small"].dtype == sj.DataType.int64()
    assert df.schema()["id"].dtype == sj.DataType.int64()
    exact = sj.read_parquet(str(path), infer_schema=False,
                            schema={"id": sj.DataType.float64(), "missing": sj.DataType.string()})
    assert exact.column_names == ["id", "missing"]
    data = exact.limit(2).to_pydict()
    assert data == {"id": [0.0, 1.0], "missing": [None, None]}
    with_path = sj.read_parquet(str(path), file_path_column="file").select("id", "file").limit(1)
    assert with_path.to_pydict() == {"id": [0], "file": [str(path)]}
    groups = sj.read_parquet(str(path), row_groups=[[2, 0]]).select("id").to_pydict()["id"]
    assert groups == list(range(20, 30)) + list(range(10))


def test_missing_and_corrupt_files_say_what_is_wrong(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.parquet"):
        sj.read_parquet(str(tmp_path / "nope.parquet"))
    with pytest.raises(FileNotFoundError, match="No files match"):
        sj.read_parquet(str(tmp_path / "*.parquet"))
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"this is not a parquet file at all")
    with pytest.raises(OSError, match="bad.parquet"):
        sj.read_parquet(str(bad))
    good = tmp_path / "good.parquet"
    pq.write_table(_table(5), good)
    df = sj.read_parquet(str(tmp_path / "*.parquet"), ignore_corrupt_files=True)
    assert df.count_rows() == 5


def test_a_rewritten_file_is_read_anew(engine_config, tmp_path):
    """Parsed footers are remembered by their bytes between reads of a local file; a
    file written again is read from its new footer even when its size and modification
    time are the old ones (filesystems with coarse times): statistics pruning and row
    counts follow the new contents."""
    path = tmp_path / "again.parquet"
    pq.write_table(_table(1000), path, row_group_size=250)
    before = os.stat(path)
    assert sj.read_parquet(str(path)).where(col("id") >= 5000).count_rows() == 0
    assert sj.read_parquet(str(path)).where(col("id") >= 5000).count_rows() == 0  # remembered
    pq.write_table(_table(1000, offset=5000), path, row_group_size=250)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    df = sj.read_parquet(str(path)).where(col("id") >= 5000)
    assert df.count_rows() == 1000
    assert df.agg(col("id").min().alias("low")).to_pydict() == {"low": [5000]}
    pq.write_table(_table(1500), path, row_group_size=250)
    assert sj.read_parquet(str(path)).count_rows() == 1500
    assert sj.read_parquet(str(path)).to_arrow().equals(pq.read_table(path))


def test_truncated_file_fails_when_read_not_silently(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(_table(5000), path, row_group_size=1000)
    df = sj.read_parquet(str(path))
    data = path.read_bytes()
    # Damage a data page in the middle; the footer stays valid.
    path.write_bytes(data[:2000] + b"\x00" * 4000 + data[6000:])
    with pytest.raises(Exception, match="t.parquet"):
        df.to_arrow()


def test_count_rows_uses_metadata_and_agrees(many_row_groups):
    path, table = many_row_groups
    assert sj.read_parquet(path).count_rows() == table.num_rows
    assert sj.read_parquet(path).where(col("id") < 10).count_rows() == 10


def test_from_glob_path(tmp_path):
    pq.write_table(_table(17), tmp_path / "a.parquet")
    (tmp_path / "b.txt").write_text("hello")
    df = sj.from_glob_path(str(tmp_path / "*")).sort("path")
    assert df.column_names == ["path", "size", "num_rows"]
    data = df.to_pydict()
    assert data["path"] == [str(tmp_path / "a.parquet"), str(tmp_path / "b.txt")]
    assert data["size"][1] == 5
    assert data["num_rows"] == [17, None]
    assert sj.from_glob_path(str(tmp_path / "*.csv")).count_rows() == 0


def test_schema_mismatch_between_files(tmp_path):
    pq.write_table(pa.table({"id": pa.array([1, 2], pa.int64()), "x": ["a", "b"]}),
                   tmp_path / "a.parquet")
    # Narrower type: read as the first file's type. Missing column: nulls.
    pq.write_table(pa.table({"id": pa.array([3], pa.int32())}), tmp_path / "b.parquet")
    ok = sj.read_parquet(str(tmp_path / "*.parquet")).to_pydict()
    assert ok == {"id": [1, 2, 3], "x": ["a", "b", None]}
    # Incompatible type: an error naming the file and the column.
    pq.write_table(pa.table({"id": ["not a number"], "x": ["c"]}), tmp_path / "c.parquet")
    with pytest.raises(Exception, match=r"c\.parquet.*'id'"):
        sj.read_parquet(str(tmp_path / "*.parquet")).to_pydict()


@pytest.mark.parametrize("store_schema", [True, False])
def test_decimals_of_every_storage_width(engine_config, tmp_path, store_schema):
    """Decimals stored as INT32 (precision <= 9), INT64 (<= 18) and fixed-length bytes;
    without an Arrow schema in the file the reader hands the small ones over in their
    stored width and the scan widens them to decimal128 itself."""
    import decimal

    D = decimal.Decimal
    rng = np.random.default_rng(9)
    n = 5000

    def column(precision, scale):
        top = 10**precision - 1
        values = [None if rng.random() < 0.1 else D(int(v)).scaleb(-scale)
                  for v in rng.integers(-min(top, 2**62), min(top, 2**62), n)]
        values[:3] = [D(top).scaleb(-scale), D(-top).scaleb(-scale), D(0)]
        return pa.array(values, pa.decimal128(precision, scale))

    table = pa.table({"d5": column(5, 2), "d15": column(15, 2), "d18": column(18, 6),
                      "d25": column(25, 3), "k": pa.array(range(n), pa.int64())})
    path = tmp_path / "decimals.parquet"
    pq.write_table(table, path, row_group_size=1200, store_schema=store_schema)
    got = sj.read_parquet(str(path)).to_arrow()
    assert got.schema == table.schema
    assert got.equals(table)
    kept = sj.read_parquet(str(path)).where(sj.col("k") % 3 == 0).select("d5", "d15").to_arrow()
    assert kept.equals(table.filter(pa.array(np.arange(n) % 3 == 0)).select(["d5", "d15"]))
