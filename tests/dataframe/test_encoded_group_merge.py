"""Group keys that are encoded into bytes (strings with decimals, floats or booleans),
against DuckDB. Workers' partial tables merge from their stored encoded keys and
hashes, split into partitions by those hashes; a worker whose grouping stopped paying
off passes rows through and the merge goes back to decoding keys. Short and long keys
(more than 16 bytes hash another way), nulls and empty strings in every column."""

from __future__ import annotations

import decimal

import duckdb
import numpy as np
import pyarrow as pa

import skipjack as sj
from skipjack import col
from sorted_rows import sorted_rows

RNG = np.random.default_rng(23)


def _check(table: pa.Table, keys: list[str]) -> None:
    t = table  # noqa: F841 - read by DuckDB by name
    got = (sj.from_arrow(table).groupby(*keys)
           .agg(col("v").sum().alias("total"), col("v").count().alias("n"),
                col("v").min().alias("low"))
           .to_arrow())
    key_list = ", ".join(f'"{k}"' for k in keys)
    expected = duckdb.sql(
        f'select {key_list}, sum(v) as total, count(v) as n, min(v) as low '
        f'from t group by {key_list}').to_arrow_table()
    assert got.num_rows == expected.num_rows
    assert sorted_rows(got.select(expected.column_names)) == sorted_rows(expected)


def _names(count: int) -> list[str | None]:
    """Distinct names, short (hashed a word at a time) and long (XXH3), one null, one empty."""
    names: list[str | None] = [None, ""]
    for i in range(count - 2):
        names.append(f"n{i}" if i % 2 else f"customer#{i:09d}-with-a-long-address-{i % 7}")
    return names


def _keyed_table(key_array: np.ndarray, names: list[str | None]) -> pa.Table:
    key_of_row = key_array.tolist()
    n = len(key_of_row)
    prices = [None if k % 11 == 0 else decimal.Decimal(k % 97) / 4 for k in key_of_row]
    return pa.table({
        "name": pa.array([names[k % len(names)] for k in key_of_row], pa.string()),
        "price": pa.array(prices, pa.decimal128(15, 2)),
        "flag": pa.array([None if k % 13 == 0 else bool(k % 3) for k in key_of_row], pa.bool_()),
        "v": pa.array(np.where(RNG.random(n) < 0.05, None, RNG.integers(-50, 50, n)), pa.int64()),
    })


def test_many_groups_merge_in_partitions(engine_config):
    # 12000 groups: past the size at which the final merge runs partitions in parallel.
    keys = RNG.integers(0, 12000, 40000)
    table = _keyed_table(keys, _names(12000 // 2))
    _check(table, ["name", "price", "flag"])
    _check(table, ["price", "name"])


def test_float_and_string_keys(engine_config):
    n = 30000
    values = RNG.integers(0, 9000, n)
    table = pa.table({
        "x": pa.array([None if k % 17 == 0 else (-0.0 if k % 5 == 0 else k / 8) for k in values],
                      pa.float64()),
        "s": pa.array([f"key-{k % 4000:06d}-" * (1 + k % 3) for k in values], pa.large_string()),
        "v": pa.array(RNG.integers(0, 1000, n), pa.int64()),
    })
    _check(table, ["x", "s"])


def test_set_aside_tables_merge():
    # Each worker fills more than one table (a table is set aside at 131072 groups):
    # every key repeats three times a thousand rows apart, so grouping keeps paying off.
    distinct = 300_000
    blocks = np.arange(distinct).reshape(-1, 1000)
    keys = np.concatenate([np.tile(block, 3) for block in blocks])
    table = _keyed_table(keys, _names(distinct))
    with sj.execution_config_ctx(num_threads=2, progress_bar=False):
        _check(table, ["name", "price"])


def test_passed_through_rows_merge_with_grouped_tables():
    # Unique keys: after a full table a worker passes rows through ungrouped, and the
    # merge combines grouped tables with passed-through rows.
    n = 400_000
    keys = RNG.permutation(n)
    table = _keyed_table(keys, _names(n))
    with sj.execution_config_ctx(num_threads=2, progress_bar=False):
        _check(table, ["name", "flag"])
