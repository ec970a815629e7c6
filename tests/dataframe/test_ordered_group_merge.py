"""Group-bys on one integer key whose data arrives sorted or clustered by it: the final
merge then walks the workers' ascending stretches of keys in order instead of hashing
them (exec/ordered_group_merge.h). Checked against pyarrow's group_by with keys
repeating across morsel and row-group boundaries, runs of one row and of many, files
whose parts arrive out of order, negative and narrow keys, dates, and the data the
ordered merge must refuse (nulls, unordered keys), which takes the hash merge."""

from __future__ import annotations

import datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col

RNG = np.random.default_rng(17)


def _expected(table: pa.Table) -> pa.Table:
    out = table.group_by("k").aggregate([("v", "sum"), ("v", "count"), ("v", "max"),
                                         ("w", "count_distinct")])
    names = {"v_sum": "s", "v_count": "n", "v_max": "hi", "w_count_distinct": "d", "k": "k"}
    out = out.rename_columns([names[name] for name in out.column_names])
    return out.select(["k", "s", "n", "hi", "d"]).sort_by("k")


def _got(df: sj.DataFrame) -> pa.Table:
    out = (df.groupby("k").agg(col("v").sum().alias("s"), col("v").count().alias("n"),
                               col("v").max().alias("hi"), col("w").count_distinct().alias("d"))
           .to_arrow())
    return out.sort_by("k")


def _check(table: pa.Table, df: sj.DataFrame) -> None:
    got, expected = _got(df), _expected(table)
    assert got.column("k").to_pylist() == expected.column("k").to_pylist()
    for name in ["s", "n", "hi", "d"]:
        assert got.column(name).to_pylist() == expected.column(name).to_pylist(), name


def _sorted_table(n: int, max_run: int, key_type=pa.int64(), start: int = -50_000) -> pa.Table:
    runs = RNG.integers(1, max_run + 1, n)
    keys = np.repeat(np.arange(start, start + n), runs)[:n]
    return pa.table({
        "k": pa.array(keys).cast(key_type),
        "v": pa.array(RNG.integers(-1000, 1000, len(keys)), pa.int64()),
        "w": pa.array(RNG.integers(0, 5, len(keys)), pa.int32()),
    })


@pytest.mark.parametrize("max_run", [1, 4, 40])
def test_sorted_keys_from_memory(engine_config, max_run):
    table = _sorted_table(300_000, max_run)
    _check(table, sj.from_arrow(table))


def test_sorted_parquet_row_groups_share_boundary_keys(engine_config, tmp_path):
    table = _sorted_table(400_000, 6)
    path = tmp_path / "sorted.parquet"
    pq.write_table(table, path, row_group_size=25_000)  # runs cross row-group boundaries
    _check(table, sj.read_parquet(str(path)))


def test_parts_of_a_sorted_file_arriving_out_of_order(engine_config, tmp_path):
    # Ascending within each file, files in descending order: stretches interleave coarsely.
    table = _sorted_table(300_000, 3)
    parts = [table.slice(i, 50_000) for i in range(0, table.num_rows, 50_000)]
    for i, part in enumerate(reversed(parts)):
        pq.write_table(part, tmp_path / f"part-{i:02d}.parquet", row_group_size=10_000)
    _check(table, sj.read_parquet(str(tmp_path / "*.parquet")))


@pytest.mark.parametrize("key_type", [pa.int32(), pa.int16(), pa.uint32(), pa.date32()])
def test_key_types(engine_config, key_type):
    start = 0 if key_type in (pa.uint32(), pa.date32()) else -20_000
    n = 30_000 if key_type == pa.int16() else 200_000
    if key_type == pa.date32():
        table = _sorted_table(n, 3, pa.int32(), start)
        table = table.set_column(0, "k", table.column("k").cast(pa.date32()))
    else:
        table = _sorted_table(n, 3, key_type, start)
    _check(table, sj.from_arrow(table))


def test_unordered_and_null_keys_take_the_hash_merge(engine_config):
    table = _sorted_table(200_000, 2)
    shuffled = table.take(pa.array(RNG.permutation(table.num_rows)))
    _check(shuffled, sj.from_arrow(shuffled))
    keys = table.column("k").to_pylist()
    for i in range(0, len(keys), 997):
        keys[i] = None
    with_nulls = table.set_column(0, "k", pa.array(keys, pa.int64()))
    got = _got(sj.from_arrow(with_nulls))
    expected = _expected(with_nulls)
    assert got.num_rows == expected.num_rows
    assert pc.sum(got.column("s")).as_py() == pc.sum(expected.column("s")).as_py()
    assert sorted(got.column("k").to_pylist(), key=lambda k: (k is not None, k)) == \
        sorted(expected.column("k").to_pylist(), key=lambda k: (k is not None, k))


def test_timestamps_in_order(engine_config):
    base = datetime.datetime(2024, 1, 1)
    stamps = [base + datetime.timedelta(seconds=int(s)) for s in np.cumsum(RNG.integers(0, 2, 150_000))]
    table = pa.table({"k": pa.array(stamps, pa.timestamp("us")),
                      "v": pa.array(RNG.integers(0, 9, len(stamps)), pa.int64()),
                      "w": pa.array(RNG.integers(0, 3, len(stamps)), pa.int32())})
    _check(table, sj.from_arrow(table))
