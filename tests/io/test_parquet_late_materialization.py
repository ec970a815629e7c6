"""Filtered Parquet scans read the columns their filter does not test at the kept rows
only (io/parquet_selective_reader.h). Results must equal pyarrow reading the whole
file and filtering it: every type the reader takes (int32, int64, date32, float32,
float64, decimals stored as INT32 and INT64, strings, large strings and binaries with
empty and multibyte values), required and optional columns with nulls, dictionary
pages, dictionary fallback to plain pages, many pages per column chunk, data page v1
and v2, compressions, several batches per row group, and filters that keep nothing,
everything or scattered rows. Types it leaves to Arrow (timestamps, small ints) must
come out right beside it."""

from __future__ import annotations

import datetime
import decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col

N = 20_000


def _table(seed: int, nullable: bool) -> pa.Table:
    rng = np.random.default_rng(seed)

    def nulls(values: list, share: float = 0.15) -> list:
        if not nullable:
            return values
        return [None if rng.random() < share else v for v in values]

    key = rng.integers(0, 1000, N)
    few = rng.integers(-50, 50, N)  # few distinct values: dictionary pages
    many = rng.integers(-(2**62), 2**62, N)  # all distinct: dictionary falls back to plain
    fields = {
        "key": pa.array(key, pa.int64()),
        "i32": pa.array(nulls([int(v) for v in few]), pa.int32()),
        "i64": pa.array(nulls([int(v) for v in many]), pa.int64()),
        "day": pa.array(nulls([datetime.date(1990, 1, 1) + datetime.timedelta(days=int(v))
                               for v in rng.integers(0, 12000, N)]), pa.date32()),
        "f32": pa.array(nulls([float(v) / 4 for v in few]), pa.float32()),
        "f64": pa.array(nulls([float(v) / 3 for v in rng.integers(0, 10**6, N)]), pa.float64()),
        "dec9": pa.array(nulls([decimal.Decimal(int(v)).scaleb(-2) for v in rng.integers(-10**8, 10**8, N)]),
                         pa.decimal128(9, 2)),
        "dec15": pa.array(nulls([decimal.Decimal(int(v)).scaleb(-2) for v in many % 10**15]),
                          pa.decimal128(15, 2)),
        "name": pa.array(nulls([f"n{v}" for v in few]), pa.string()),
        "ts": pa.array(nulls([int(v) for v in rng.integers(0, 10**12, N)]), pa.timestamp("ms")),
        "tiny": pa.array(nulls([int(v) % 100 for v in few]), pa.int8()),
        # all distinct, of every length from 0 (dictionary falls back to plain pages)
        "text": pa.array(nulls(["é" * int(v % 7) + str(v)[: int(v % 40)] for v in many]), pa.string()),
        "long_text": pa.array(nulls([f"{v}" * int(v % 3) for v in few]), pa.large_string()),
        "blob": pa.array(nulls([bytes([int(v) % 256]) * int(v % 5) for v in many]), pa.binary()),
    }
    schema = pa.schema([pa.field(name, array.type, nullable=nullable or name == "key")
                        for name, array in fields.items()])
    return pa.table(fields, schema=schema)


WRITE_OPTIONS = {
    "dictionary_v1_snappy": dict(compression="snappy"),
    "plain_pages_v2_zstd": dict(use_dictionary=False, data_page_version="2.0", compression="zstd"),
    "small_pages_fallback": dict(data_page_size=2048, dictionary_pagesize_limit=1024,
                                 compression="none"),
    "dictionary_v2": dict(data_page_version="2.0", compression="snappy", data_page_size=8192),
}


# Every layout, required and nullable: fixture params and their ids.
LAYOUTS = [(name, nullable) for name in WRITE_OPTIONS for nullable in (False, True)]


def layout_id(layout) -> str:
    return f"{layout[0]}-{'nullable' if layout[1] else 'required'}"


def write_layout(directory, layout, seed: int, row_group_size: int):
    """A _table written in `layout` to `directory`: its path and the table."""
    name, nullable = layout
    table = _table(seed, nullable)
    path = directory / "data.parquet"
    pq.write_table(table, path, row_group_size=row_group_size, store_decimal_as_integer=True,
                   **WRITE_OPTIONS[name])
    return path, table


@pytest.fixture(scope="module", params=LAYOUTS, ids=layout_id)
def written(request, tmp_path_factory):
    return write_layout(tmp_path_factory.mktemp("late"), request.param,
                        7 if request.param[1] else 8, 6_000)


FILTERS = {
    "sparse": (lambda: col("key") < 17, lambda t: pc.less(t["key"], 17)),
    "half": (lambda: col("key") % 2 == 0, lambda t: pc.equal(pc.bit_wise_and(t["key"], 1), 0)),
    "nearly_all": (lambda: col("key") != 3, lambda t: pc.not_equal(t["key"], 3)),
    "none": (lambda: col("key") < 0, lambda t: pc.less(t["key"], 0)),
    "all": (lambda: col("key") >= 0, lambda t: pc.greater_equal(t["key"], 0)),
}

def assert_same_columns(got: pa.Table, expected: pa.Table, names: list[str]) -> None:
    """Same row count, and per column the same type and values."""
    assert got.num_rows == expected.num_rows
    for name in names:
        assert got[name].type == expected[name].type, name
        assert got[name].to_pylist() == expected[name].to_pylist(), name


COLUMNS = ["i32", "i64", "day", "f32", "f64", "dec9", "dec15", "name", "ts", "tiny", "text",
           "long_text", "blob"]


@pytest.mark.parametrize("morsel_rows", [128 * 1024, 1000])
@pytest.mark.parametrize("which", list(FILTERS))
def test_kept_rows_match_pyarrow(written, which, morsel_rows):
    path, table = written
    ours_filter, oracle_filter = FILTERS[which]
    with sj.execution_config_ctx(morsel_max_rows=morsel_rows):
        got = sj.read_parquet(str(path)).where(ours_filter()).select("key", *COLUMNS).to_arrow()
    expected = table.filter(oracle_filter(table)).select(["key", *COLUMNS])
    assert_same_columns(got, expected, ["key", *COLUMNS])


def test_filter_on_a_deferrable_type_and_other_columns(written):
    """A numeric column the filter tests is read whole; the others at the kept rows."""
    path, table = written
    got = (sj.read_parquet(str(path)).where((col("i32") > 10) & (col("dec15") < decimal.Decimal(0)))
           .select("i64", "f64", "day", "i32", "text").to_arrow())
    mask = pc.and_kleene(pc.greater(table["i32"], 10), pc.less(table["dec15"], pa.scalar(
        decimal.Decimal(0), pa.decimal128(15, 2))))
    expected = table.filter(mask).select(["i64", "f64", "day", "i32", "text"])
    assert got.to_pylist() == expected.to_pylist()


def test_sort_and_aggregate_over_kept_rows(written):
    path, table = written
    got = (sj.read_parquet(str(path)).where(col("key") < 300).groupby("i32")
           .agg(col("dec15").sum().alias("s"), col("f64").count().alias("c"), col("day").max().alias("m"))
           .sort("i32").to_arrow())
    kept = table.filter(pc.less(table["key"], 300))
    expected = (kept.group_by("i32").aggregate([("dec15", "sum"), ("f64", "count"), ("day", "max")])
                .sort_by([("i32", "ascending")]))
    rows = {r["i32"]: r for r in got.to_pylist()}
    assert len(rows) == expected.num_rows
    for r in expected.to_pylist():
        ours = rows[r["i32"]]
        assert ours["s"] == r["dec15_sum"] and ours["c"] == r["f64_count"] and ours["m"] == r["day_max"]


def test_missing_column_in_one_file_and_partitions(tmp_path):
    """A deferrable column one file lacks comes back as nulls there; row groups of both
    files and a hive partition column line up."""
    a = pa.table({"key": pa.array(range(1000), pa.int64()), "v": pa.array(range(1000), pa.int64())})
    b = pa.table({"key": pa.array(range(1000, 2000), pa.int64())})
    (tmp_path / "part=x").mkdir()
    (tmp_path / "part=y").mkdir()
    pq.write_table(a, tmp_path / "part=x" / "a.parquet", row_group_size=300)
    pq.write_table(b, tmp_path / "part=y" / "b.parquet", row_group_size=300)
    got = (sj.read_parquet(str(tmp_path / "**" / "*.parquet"), hive_partitioning=True)
           .where(col("key") % 250 == 7).select("key", "v", "part").sort("key").to_pydict())
    keys = [k for k in range(2000) if k % 250 == 7]
    assert got["key"] == keys
    assert got["v"] == [k if k < 1000 else None for k in keys]
    assert got["part"] == ["x" if k < 1000 else "y" for k in keys]


def test_strings_spanning_many_pages_in_one_batch(tmp_path):
    """A batch's kept strings come from many pages (each freed as the reader moves on):
    every value must be copied out before its page goes."""
    rng = np.random.default_rng(21)
    n = 60_000
    words = ["".join(chr(97 + int(c)) for c in rng.integers(0, 26, int(k)))
             for k in rng.integers(0, 120, n)]
    table = pa.table({"key": pa.array(rng.integers(0, 10, n), pa.int64()),
                      "comment": pa.array(words, pa.string()),
                      "other": pa.array([w[::-1] for w in words], pa.large_string())})
    path = tmp_path / "pages.parquet"
    pq.write_table(table, path, use_dictionary=False, data_page_size=4096, row_group_size=n)
    with sj.execution_config_ctx(morsel_max_rows=n):
        got = sj.read_parquet(str(path)).where(col("key") < 7).select("comment", "other").to_arrow()
    expected = table.filter(pc.less(table["key"], 7)).select(["comment", "other"])
    assert got["comment"].to_pylist() == expected["comment"].to_pylist()
    assert got["other"].to_pylist() == expected["other"].to_pylist()


@pytest.mark.parametrize("threads", [1, 2])
def test_switching_from_deferred_to_whole_columns_mid_file(tmp_path, threads):
    """The scan stops deferring once its filter has kept most of the rows it saw: the
    first row groups (few rows kept) are read late, later ones (almost all kept) whole.
    Rows must come out the same either way, with nulls, strings and decimals."""
    rng = np.random.default_rng(33)
    n = 240_000
    key = np.concatenate([rng.integers(0, 100, 40_000), rng.integers(0, 2, n - 40_000)])
    table = pa.table({
        "key": pa.array(key, pa.int64()),
        "v": pa.array([None if i % 7 == 0 else i for i in range(n)], pa.int64()),
        "s": pa.array([f"s{i % 1000}" * (i % 3) for i in range(n)], pa.string()),
        "d": pa.array([decimal.Decimal(i).scaleb(-2) for i in range(n)], pa.decimal128(15, 2)),
    })
    path = tmp_path / "switch.parquet"
    pq.write_table(table, path, row_group_size=20_000, store_decimal_as_integer=True)
    with sj.execution_config_ctx(num_threads=threads, morsel_max_rows=10_000):
        got = sj.read_parquet(str(path)).where(col("key") < 2).select("v", "s", "d").to_arrow()
    expected = table.filter(pc.less(table["key"], 2)).select(["v", "s", "d"])
    assert got.num_rows == expected.num_rows
    for name in ["v", "s", "d"]:
        assert got[name].to_pylist() == expected[name].to_pylist(), name
