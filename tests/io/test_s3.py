"""Reading from S3 through Arrow's S3 filesystem, against a moto server this test starts
on loopback (no network, no credentials)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col

@pytest.fixture
def s3(moto_s3):
    return moto_s3


def test_read_parquet_glob_and_pushdowns_from_s3(s3):
    fs, config = s3
    for part in range(3):
        table = pa.table({"id": list(range(part * 100, part * 100 + 100)),
                          "g": [f"g{i % 4}" for i in range(100)]})
        with fs.open_output_stream(f"bucket/data/part-{part}.parquet") as out:
            pq.write_table(table, out, row_group_size=25)
    df = sj.read_parquet("s3://bucket/data/*.parquet", io_config=config)
    assert df.count_rows() == 300
    assert df.where(col("id") >= 290).select("id").to_pydict() == {"id": list(range(290, 300))}
    listed = sj.from_glob_path("s3://bucket/data/**", io_config=config).sort("path").to_pydict()
    assert listed["path"] == [f"s3://bucket/data/part-{p}.parquet" for p in range(3)]
    assert listed["num_rows"] == [100, 100, 100]


def test_read_csv_and_json_from_s3(s3):
    fs, config = s3
    with fs.open_output_stream("bucket/t.csv") as out:
        out.write(b"a,b\n1,x\n2,y\n")
    with fs.open_output_stream("bucket/t.jsonl") as out:
        out.write(b'{"a": 1}\n{"a": 2}\n')
    assert sj.read_csv("s3://bucket/t.csv", io_config=config).to_pydict() == {"a": [1, 2],
                                                                              "b": ["x", "y"]}
    assert sj.read_json("s3://bucket/t.jsonl", io_config=config).to_pydict() == {"a": [1, 2]}


def test_missing_s3_object_names_it(s3):
    _, config = s3
    with pytest.raises(FileNotFoundError, match="s3://bucket/nothing-here.parquet"):
        sj.read_parquet("s3://bucket/nothing-here.parquet", io_config=config)
