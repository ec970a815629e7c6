"""Snappy-compressed Parquet pages of local files are decompressed by Skipjack's own
decoder (io/snappy_decompress.h, io/parquet_snappy_file.h), for Arrow's column readers
and for the late-materializing reader alike. Every column type, nested or flat, with
nulls, dictionary and plain pages, data page v1 and v2, must read back exactly as
pyarrow reads it; a page that does not decompress fails with the file and column named."""

from __future__ import annotations

import datetime
import decimal

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col

N = 30_000


def _table() -> pa.Table:
    rng = np.random.default_rng(3)
    words = ["", "a", "furiously regular deposits", "ünïcødé", "x" * 300]
    def nulls(values, every=7):
        return [None if i % every == 0 else v for i, v in enumerate(values)]
    return pa.table({
        "i8": pa.array(rng.integers(-100, 100, N), pa.int8()),
        "i32": pa.array(nulls(rng.integers(-1000, 1000, N).tolist()), pa.int32()),
        "i64": pa.array(rng.integers(0, 10_000_000, N), pa.int64()),
        "u16": pa.array(rng.integers(0, 60_000, N), pa.uint16()),
        "f32": pa.array(rng.random(N), pa.float32()),
        "f64": pa.array(nulls(rng.random(N).tolist(), 5), pa.float64()),
        "flag": pa.array(rng.random(N) < 0.5),
        "money": pa.array([decimal.Decimal(int(v)).scaleb(-2) for v in rng.integers(0, 10**7, N)],
                          pa.decimal128(15, 2)),
        "day": pa.array([datetime.date(1992, 1, 1) + datetime.timedelta(days=int(d))
                         for d in rng.integers(0, 2500, N)]),
        "ts": pa.array(rng.integers(0, 10**15, N), pa.timestamp("us")),
        "word": pa.array(nulls([words[i] for i in rng.integers(0, len(words), N)], 11)),
        "text": pa.array([f"comment {i} " + "abc" * int(i % 13) for i in range(N)], pa.large_string()),
        "blob": pa.array([bytes(rng.integers(0, 256, i % 9, dtype=np.uint8)) for i in range(N)]),
        "tags": pa.array([[i, i + 1][: i % 3] if i % 10 else None for i in range(N)],
                         pa.list_(pa.int64())),
        "point": pa.array([{"x": i, "name": words[i % len(words)]} for i in range(N)]),
    })


@pytest.mark.parametrize("version", ["1.0", "2.0"])
@pytest.mark.parametrize("dictionary", [True, False])
def test_every_type_reads_back_as_pyarrow_reads_it(tmp_path, version, dictionary):
    table = _table()
    path = tmp_path / "t.parquet"
    pq.write_table(table, path, compression="snappy", data_page_version=version,
                   use_dictionary=dictionary, data_page_size=16 * 1024, row_group_size=12_000)
    expected = pq.read_table(path)
    got = sj.read_parquet(str(path)).to_arrow()
    assert got.num_rows == N
    for name in table.column_names:
        assert got.column(name).to_pylist() == expected.column(name).to_pylist(), name
    # A filter sends the other flat columns through the late-materializing reader.
    kept = sj.read_parquet(str(path)).where(col("i64") % 97 == 3).to_arrow()
    mask = np.asarray(expected.column("i64")) % 97 == 3
    for name in ["i32", "f64", "money", "day", "word", "text"]:
        assert kept.column(name).to_pylist() == expected.column(name).filter(mask).to_pylist(), name


def test_a_page_that_does_not_decompress_names_the_file_and_column(tmp_path):
    path = tmp_path / "broken.parquet"
    table = pa.table({"id": pa.array(np.arange(50_000) * 1_000_003, pa.int64())})
    pq.write_table(table, path, compression="snappy", use_dictionary=False)
    chunk = pq.ParquetFile(path).metadata.row_group(0).column(0)
    data = bytearray(path.read_bytes())
    # Inside the first data page's compressed values, past its header: 0xFF is a copy
    # of 64 bytes from 2^32 - 1 bytes back, which cannot be.
    start = chunk.data_page_offset + 200
    data[start:start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(OSError, match=r"broken\.parquet.*corrupt snappy-compressed page in column 'id'"):
        sj.read_parquet(str(path)).to_arrow()
