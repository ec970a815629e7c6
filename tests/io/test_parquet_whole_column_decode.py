"""Fixed-width Parquet columns read whole are decoded by our reader
(SelectiveColumnReader::ReadNext), not Arrow's; string columns with small dictionaries
come dictionary-encoded and are decoded by our kernel. Results must equal pyarrow's
for every layout the late-materialization tests write (dictionary and plain pages,
fallback mid-chunk, many pages, data page v1 and v2, compressions, nulls), for batches
that start and end inside pages, and for dictionary indices of every bit width."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col
from test_parquet_late_materialization import (COLUMNS, LAYOUTS, assert_same_columns, layout_id,
                                               write_layout)


@pytest.fixture(scope="module", params=LAYOUTS, ids=layout_id)
def written(request, tmp_path_factory):
    return write_layout(tmp_path_factory.mktemp("whole"), request.param,
                        17 if request.param[1] else 18, 7_000)


@pytest.mark.parametrize("morsel_rows", [128 * 1024, 1000, 333])
def test_whole_columns_match_pyarrow(written, morsel_rows):
    path, table = written
    with sj.execution_config_ctx(morsel_max_rows=morsel_rows):
        got = sj.read_parquet(str(path)).select("key", *COLUMNS).to_arrow()
    expected = table.select(["key", *COLUMNS])
    assert_same_columns(got, expected, ["key", *COLUMNS])


def test_filter_columns_read_whole_beside_late_ones(written):
    """A filter's own columns are decoded whole; the rest at the kept rows."""
    path, table = written
    got = (sj.read_parquet(str(path)).where((col("i64") > 0) & col("day").not_null())
           .select("dec9", "f32", "i64", "name").to_arrow())
    keep = [i for i, (v, d) in enumerate(zip(table["i64"].to_pylist(), table["day"].to_pylist()))
            if v is not None and v > 0 and d is not None]
    expected = table.take(pa.array(keep, pa.int64())).select(["dec9", "f32", "i64", "name"])
    assert got.to_pylist() == expected.to_pylist()


@pytest.mark.parametrize("distinct", [1, 2, 3, 255, 256, 4097, 70_000, 300_000])
def test_every_index_width(tmp_path, distinct):
    """Dictionaries from one value (indices of width 0) to 300k values (19 bits)."""
    rng = np.random.default_rng(distinct)
    n = 310_000
    values = rng.integers(0, distinct, n) * 1_000_003 - 5
    table = pa.table({"v": pa.array(values, pa.int64()),
                      "w": pa.array((values % 2**31).astype(np.int32), pa.int32()),
                      "o": pa.array([None if i % 11 == 0 else int(v) for i, v in enumerate(values)], pa.int64())})
    path = tmp_path / "widths.parquet"
    pq.write_table(table, path, row_group_size=n, dictionary_pagesize_limit=16 << 20)
    metadata = pq.ParquetFile(path).metadata.row_group(0).column(0)
    assert metadata.has_dictionary_page
    with sj.execution_config_ctx(morsel_max_rows=50_000):
        got = sj.read_parquet(str(path)).to_arrow()
    assert got.equals(table)


def test_small_dictionary_strings_without_a_filter(tmp_path):
    """Flags, codes and names of a few values, with nulls and empty strings."""
    rng = np.random.default_rng(3)
    n = 50_000
    flags = rng.choice(["A", "N", "R"], n)
    codes = rng.choice(["", "AIR", "MAIL", "TRUCK", "REG AIR", "a much longer value than sixteen bytes"], n)
    table = pa.table({
        "flag": pa.array(flags, pa.string()),
        "code": pa.array([None if i % 13 == 0 else c for i, c in enumerate(codes)], pa.string()),
        "big": pa.array(codes, pa.large_string()),
    })
    path = tmp_path / "strings.parquet"
    pq.write_table(table, path, row_group_size=12_000)
    with sj.execution_config_ctx(morsel_max_rows=5_000):
        got = sj.read_parquet(str(path)).to_arrow()
    assert got.equals(table)


@pytest.mark.parametrize("nullable", [False, True])
def test_strings_of_a_large_dictionary(tmp_path, nullable):
    """Dictionaries too big for Arrow's dictionary reading: our reader looks each value
    up, copying values up to a word long as one word (the last ones of the dictionary
    and of plain pages included)."""
    rng = np.random.default_rng(9)
    words = ["".join(chr(97 + int(c)) for c in rng.integers(0, 26, int(k)))
             for k in rng.integers(0, 70, 20_000)]
    n = 200_000
    values = [words[int(i)] for i in rng.integers(0, len(words), n)]
    if nullable:
        values = [None if i % 9 == 0 else v for i, v in enumerate(values)]
    table = pa.table({"s": pa.array(values, pa.string()), "b": pa.array(values, pa.large_binary())})
    path = tmp_path / "big_dictionary.parquet"
    pq.write_table(table, path, row_group_size=70_000, dictionary_pagesize_limit=16 << 20,
                   data_page_size=16_384)
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).has_dictionary_page
    with sj.execution_config_ctx(morsel_max_rows=9_000):
        got = sj.read_parquet(str(path)).to_arrow()
    assert got.equals(table)


def test_corrupt_dictionary_index_names_the_column(tmp_path):
    """A data page whose indices point past the dictionary is an error naming the column."""
    schema = pa.schema([pa.field("v", pa.int64(), nullable=False)])
    table = pa.table({"v": pa.array([7, 8, 9] * 1000, pa.int64())}, schema=schema)
    path = tmp_path / "bad.parquet"
    pq.write_table(table, path, compression="none", row_group_size=3000)
    raw = bytearray(path.read_bytes())
    column = pq.ParquetFile(path).metadata.row_group(0).column(0)
    # The chunk ends inside the last bit-packed run of the data page's two-bit indices
    # (Arrow's runs hold at most 504 values): all ones make its last 40 indices 3, past
    # the dictionary's three values.
    end = column.dictionary_page_offset + column.total_compressed_size
    raw[end - 10:end] = b"\xff" * 10
    path.write_bytes(bytes(raw))
    with pytest.raises(Exception, match="'v'.*dictionary index"):
        sj.read_parquet(str(path)).to_arrow()
