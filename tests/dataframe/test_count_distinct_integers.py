"""count_distinct over integer-like values, against DuckDB's COUNT(DISTINCT): every
integer width, signed and unsigned extremes, dates and timestamps, nulls (never
counted, a group of only nulls counts 0), and enough groups that workers' (group,
value) pairs are merged in parallel partitions. The group keys are strings: integer
keys are planned as a distinct then a count (SplitCountDistinct) and never reach the
per-group sets."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import skipjack as sj
from skipjack import col
from sorted_rows import sorted_rows

RNG = np.random.default_rng(31)

EXTREMES = {
    pa.int8(): [-128, -1, 0, 127],
    pa.int16(): [-32768, -1, 255, 32767],
    pa.int32(): [-(2**31), -1, 65535, 2**31 - 1],
    pa.int64(): [-(2**63), -1, 2**32, 2**63 - 1],
    pa.uint8(): [0, 1, 128, 255],
    pa.uint32(): [0, 2**31, 2**32 - 1, 7],
    pa.uint64(): [0, 2**63, 2**64 - 1, 5],
}


def _values(value_type: pa.DataType, n: int) -> pa.Array:
    extremes = EXTREMES[value_type]
    small = RNG.integers(0, 60, n)  # many repeats per group
    picked = [extremes[i % 4] if i % 5 == 0 else int(small[i]) for i in range(n)]
    return pa.array([None if i % 17 == 0 else v for i, v in enumerate(picked)], value_type)


def _string_keys(keys: np.ndarray) -> pa.Array:
    return pa.array([f"g{k}" for k in keys.tolist()])


def _check(table: pa.Table, keyed: bool) -> None:
    t = table  # noqa: F841 - read by DuckDB by name
    df = sj.from_arrow(table)
    agg = col("v").count_distinct().alias("nd")
    got = (df.groupby("k").agg(agg) if keyed else df.agg(agg)).to_arrow()
    group_by = "group by k" if keyed else ""
    keys = "k, " if keyed else ""
    expected = duckdb.sql(f"select {keys}count(distinct v) as nd from t {group_by}").to_arrow_table()
    got = got.select(expected.column_names).cast(expected.schema)
    assert sorted_rows(got) == sorted_rows(expected)


@pytest.mark.parametrize("value_type", list(EXTREMES), ids=str)
def test_every_integer_width_matches_duckdb(engine_config, value_type):
    n = 6000
    table = pa.table({"k": _string_keys(RNG.integers(0, 300, n)), "v": _values(value_type, n)})
    _check(table, keyed=True)
    _check(table, keyed=False)


def test_many_groups_merge_in_partitions(engine_config):
    # 20000 groups: past the size at which the final merge runs partitions in parallel.
    n = 80000
    table = pa.table({"k": _string_keys(RNG.integers(0, 20000, n)),
                      "v": pa.array(RNG.integers(0, 12, n))})
    _check(table, keyed=True)


def test_dates_timestamps_and_groups_of_only_nulls(engine_config):
    days = [None, 0, 1, 19000, -1, 19000, None, 1]
    table = pa.table({
        "k": pa.array(["a", "a", "a", "b", "b", "b", "c", "c"]),
        "v": pa.array(days, pa.date32()),
        "ts": pa.array([None if d is None else d * 86_400_000_000 for d in days], pa.timestamp("us")),
    })
    got = (sj.from_arrow(table).groupby("k")
           .agg(col("v").count_distinct().alias("nd"), col("ts").count_distinct().alias("nts"))
           .sort("k").to_pydict())
    assert got == {"k": ["a", "b", "c"], "nd": [2, 2, 1], "nts": [2, 2, 1]}
    only_nulls = pa.table({"k": ["a", "a", "b"], "v": pa.array([None, None, 4], pa.int64())})
    got = sj.from_arrow(only_nulls).groupby("k").agg(col("v").count_distinct().alias("nd"))
    assert got.sort("k").to_pydict() == {"k": ["a", "b"], "nd": [0, 1]}
