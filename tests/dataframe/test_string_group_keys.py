"""Group keys with strings, which are packed into integer words for hashing (one word
up to 7 bytes, two up to 15, past that the string's number among its column's
distinct strings), against DuckDB: every length up to the limit and past it, strings
that differ only in trailing zero bytes, nulls, empty strings, binary and large
strings, mixes with integer and date keys, and longer strings arriving after many
groups were packed (the grouper then moves to a wider packing, to numbered strings or,
past 65536 distinct strings in a column, to the general grouper, and must keep every
group's id)."""

from __future__ import annotations

import datetime

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import skipjack as sj
from skipjack import col
from sorted_rows import sorted_rows

RNG = np.random.default_rng(11)


def _check(table: pa.Table, keys: list[str]) -> None:
    t = table  # noqa: F841 - read by DuckDB by name
    got = (sj.from_arrow(table).groupby(*keys)
           .agg(col("v").sum().alias("total"), col("v").count().alias("n")).to_arrow())
    key_list = ", ".join(f'"{k}"' for k in keys)
    expected = duckdb.sql(
        f'select {key_list}, sum(v) as total, count(v) as n from t group by {key_list}').to_arrow_table()
    assert got.column_names == expected.column_names
    for k in keys:
        assert got.schema.field(k).type == table.schema.field(k).type
    assert sorted_rows(got) == sorted_rows(expected)


def _words(n: int, lengths: list[int]) -> list[str | None]:
    alphabet = np.array(list("ab"))
    out: list[str | None] = []
    for _ in range(n):
        if RNG.random() < 0.1:
            out.append(None)
            continue
        size = int(RNG.choice(lengths))
        out.append("".join(RNG.choice(alphabet, size)))
    return out


def test_every_packable_length(engine_config):
    n = 4000
    table = pa.table({
        "s": pa.array(_words(n, list(range(0, 16))), pa.string()),
        "v": pa.array(RNG.integers(0, 100, n), pa.int64()),
    })
    _check(table, ["s"])


@pytest.mark.parametrize("string_type", [pa.string(), pa.large_string(), pa.binary(), pa.large_binary()])
def test_string_types_with_integer_and_date_keys(engine_config, string_type):
    n = 3000
    words = _words(n, [1, 3, 8, 15])
    if string_type in (pa.binary(), pa.large_binary()):
        words = [None if w is None else w.encode() for w in words]
    days = RNG.integers(0, 5, n)
    table = pa.table({
        "s": pa.array(words, string_type),
        "i": pa.array([None if RNG.random() < 0.05 else int(x) for x in RNG.integers(0, 3, n)], pa.int32()),
        "d": pa.array([datetime.date(2020, 1, 1) + datetime.timedelta(days=int(x)) for x in days], pa.date32()),
        "v": pa.array(RNG.integers(0, 100, n), pa.int64()),
    })
    _check(table, ["s", "i", "d"])


def test_trailing_zero_bytes_are_distinct_keys(engine_config):
    values = [b"a", b"a\x00", b"a\x00\x00", b"", b"\x00", b"abcdefgh", b"abcdefgh\x00", None] * 50
    table = pa.table({"s": pa.array(values, pa.binary()),
                      "v": pa.array(range(len(values)), pa.int64())})
    got = sj.from_arrow(table).groupby("s").agg(col("v").count().alias("n")).to_arrow()
    counts = dict(zip(got.column("s").to_pylist(), got.column("n").to_pylist()))
    assert counts == {b"a": 50, b"a\x00": 50, b"a\x00\x00": 50, b"": 50, b"\x00": 50,
                      b"abcdefgh": 50, b"abcdefgh\x00": 50, None: 50}


@pytest.mark.parametrize("first_long_row", [0, 2500, 5999])
@pytest.mark.parametrize("short, long_suffix", [
    ([2, 5, 7], "x"),                    # one word per string, then two (8 bytes)
    ([0, 3, 7], "0123456789"),           # one word, then past two words: numbered
    ([2, 5, 9, 15], "0123456789abcdef"),  # two words, then numbered
])
def test_longer_strings_after_packed_groups(engine_config, first_long_row, short, long_suffix):
    n = 6000
    words = _words(n, short)
    values = words[:first_long_row] + [
        (w + long_suffix) if w is not None and i % 3 == 0 else w
        for i, w in enumerate(words[first_long_row:])
    ]
    values[first_long_row] = "y" * 7 + long_suffix
    table = pa.table({
        "s": pa.array(values, pa.string()),
        "k": pa.array(RNG.integers(0, 4, n), pa.int64()),
        "v": pa.array(RNG.integers(0, 100, n), pa.int64()),
    })
    _check(table, ["s", "k"])


def test_too_many_words_use_the_general_grouper(engine_config):
    n = 2000
    table = pa.table({
        "a": pa.array(_words(n, [1, 2]), pa.string()),
        "b": pa.array(_words(n, [1, 2]), pa.string()),
        "c": pa.array(_words(n, [1, 2]), pa.string()),
        "d": pa.array(_words(n, [1]), pa.string()),
        "v": pa.array(RNG.integers(0, 100, n), pa.int64()),
    })
    _check(table, ["a", "b", "c"])  # six words: packed
    _check(table, ["a", "b", "c", "d"])  # eight: general


def test_sliced_input_with_nulls(engine_config):
    n = 3000
    words = pa.array(_words(n, [0, 4, 12]), pa.string())
    table = pa.table({"s": words, "v": pa.array(RNG.integers(0, 100, n), pa.int64())}).slice(37, 2500)
    _check(table, ["s"])


def _long_names(n: int, distinct: int, rng: np.random.Generator) -> list[str | None]:
    names = [f"STANDARD POLISHED COPPER {i:06d}" for i in range(distinct)]
    return [None if rng.random() < 0.05 else names[int(i)] for i in rng.integers(0, distinct, n)]


@pytest.mark.parametrize("string_type", [pa.string(), pa.large_string()])
def test_long_strings_of_few_values_are_numbered(engine_config, string_type):
    n = 20000
    table = pa.table({
        "brand": pa.array(_words(n, [8]), string_type),
        "type": pa.array(_long_names(n, 150, RNG), string_type),
        "size": pa.array(RNG.integers(1, 50, n), pa.int32()),
        "v": pa.array(RNG.integers(0, 100, n), pa.int64()),
    })
    _check(table, ["brand", "type", "size"])
    _check(table.slice(113, 15000), ["type", "size"])


def test_count_distinct_by_numbered_strings(engine_config):
    # TPC-H q16's shape: count_distinct per (brand, type, size), string keys numbered.
    n = 30000
    table = pa.table({
        "brand": pa.array(_words(n, [8]), pa.string()),
        "type": pa.array(_long_names(n, 150, RNG), pa.string()),
        "size": pa.array(RNG.integers(1, 10, n), pa.int32()),
        "supp": pa.array(RNG.integers(0, 400, n), pa.int64()),
    })
    t = table  # noqa: F841 - read by DuckDB by name
    got = (sj.from_arrow(table).groupby("brand", "type", "size")
           .agg(col("supp").count_distinct().alias("n")).to_arrow())
    expected = duckdb.sql('select brand, type, size, count(distinct supp) as n from t '
                          'group by brand, type, size').to_arrow_table()
    assert sorted_rows(got) == sorted_rows(expected)


def test_more_distinct_long_strings_than_a_column_numbers(engine_config):
    # 70000 distinct long strings: past the 65536 a column numbers, the general grouper
    # takes over with every group found so far.
    n = 90000
    rng = np.random.default_rng(5)
    names = np.array([f"customer name number {i:08d}" for i in range(70000)], dtype=object)
    order = rng.permutation(70000)
    picks = np.concatenate([order, rng.integers(0, 70000, n - 70000)])
    table = pa.table({
        "s": pa.array(names[picks].tolist(), pa.string()),
        "k": pa.array(rng.integers(0, 2, n), pa.int64()),
        "v": pa.array(rng.integers(0, 100, n), pa.int64()),
    })
    _check(table, ["s", "k"])
