"""Group keys with short strings, which are packed into integer words for hashing
(one word up to 7 bytes, two up to 15), against DuckDB: every length up to the limit
and past it, strings that differ only in trailing zero bytes, nulls, empty strings,
binary and large strings, mixes with integer and date keys, and longer strings
arriving after many groups were packed (the grouper then moves to a wider packing or
to the general grouper and must keep every group's id)."""

from __future__ import annotations

import datetime

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import skipjack as sj
from skipjack import col

RNG = np.random.default_rng(11)


def _sorted_rows(table: pa.Table) -> list[tuple]:
    rows = list(zip(*[table.column(c).to_pylist() for c in table.column_names]))
    return sorted(rows, key=lambda r: tuple((v is not None, v) for v in r))


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
    assert _sorted_rows(got) == _sorted_rows(expected)


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
    ([0, 3, 7], "0123456789"),           # one word, then past two words: general
    ([2, 5, 9, 15], "0123456789abcdef"),  # two words, then general
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
