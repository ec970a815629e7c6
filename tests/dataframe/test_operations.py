"""select / with_column(s) / where / exclude / limit / iteration, checked against pandas
on random data, under every engine configuration."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import skipjack as sj
from skipjack import col
from skipjack.exceptions import ColumnNotFoundError, DataTypeError, InvalidError

N = 2_000


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    return pd.DataFrame({
        "id": np.arange(N),
        "x": rng.integers(-50, 50, N),
        "y": rng.normal(size=N),
        "name": rng.choice(["alpha", "Beta", "gamma", "DELTA"], N),
    })


def test_pipeline_matches_pandas(engine_config, data):
    df = (sj.from_pandas(data)
          .with_column("z", col("x") * 2 + col("y"))
          .where((col("x") > -10) & ~col("name").startswith("g"))
          .with_columns({"upper": col("name").upper(), "x": col("x") % 7})
          .select("id", "x", "z", "upper"))
    expected = data.assign(z=data.x * 2 + data.y)
    expected = expected[(expected.x > -10) & ~expected.name.str.startswith("g")]
    expected = expected.assign(upper=expected.name.str.upper(), x=expected.x % 7)
    expected = expected[["id", "x", "z", "upper"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(df.to_pandas(), expected, check_dtype=False)


def test_limit_after_filter_keeps_input_order(engine_config, data):
    df = sj.from_pandas(data).where(col("x") > 40).limit(5)
    assert df.to_pydict()["id"] == data[data.x > 40].id.head(5).tolist()


def test_select_forms(data):
    df = sj.from_pandas(data)
    assert df.select("*").column_names == ["id", "x", "y", "name"]
    assert df.select(col("x"), doubled=col("x") * 2).column_names == ["x", "doubled"]
    assert df.select(col("*")).column_names == df.column_names
    assert df[["name", "id"]].column_names == ["name", "id"]
    assert df.exclude("y", "name").column_names == ["id", "x"]
    assert df.with_column_renamed("x", "xx").column_names == ["id", "xx", "y", "name"]
    assert repr(df["x"]) == "col(x)"
    assert "x" in df and "nope" not in df


def test_with_column_replaces_in_place():
    df = sj.from_pydict({"a": [1, 2], "b": [3, 4]}).with_column("a", col("a") * 10)
    assert df.column_names == ["a", "b"]
    assert df.to_pydict() == {"a": [10, 20], "b": [3, 4]}


def test_collect_caches_and_later_operations_use_it():
    df = sj.from_pydict({"a": [1, 2, 3]}).where(col("a") > 1).collect()
    assert len(df) == 2
    assert df.metrics.rows_emitted == 2
    assert df.select((col("a") + 1).alias("b")).to_pydict() == {"b": [3, 4]}


def test_iteration(engine_config, data):
    df = sj.from_pandas(data).select("id", "name").where(col("id") < 20)
    rows = list(df.iter_rows())
    assert rows == data[["id", "name"]].head(20).to_dict("records")
    assert next(iter(df)) == {"id": 0, "name": data.name[0]}
    assert df.to_pylist() == rows
    assert df.count_rows() == 20
    arrow_rows = list(df.iter_rows(column_format="arrow"))
    assert arrow_rows[0]["id"] == pa.scalar(0)


def test_results_are_zero_copy_for_passed_through_columns():
    source = pa.table({"x": pa.array(np.arange(10_000))})
    out = sj.from_arrow(source).select("x").to_arrow()
    assert out.column("x").chunk(0).buffers()[1].address == source.column("x").chunk(0).buffers()[1].address


def test_arrow_stream_export_round_trips(data):
    df = sj.from_pandas(data).where(col("x") > 0)
    table = pa.table(df)  # via __arrow_c_stream__
    assert table.num_rows == int((data.x > 0).sum())


def test_unknown_column_suggests_names(data):
    df = sj.from_pandas(data)
    with pytest.raises(ColumnNotFoundError, match=r"Column 'nmae' not found\. Did you mean 'name'\?"):
        df.select(col("nmae"))
    with pytest.raises(KeyError):  # ColumnNotFoundError is also a KeyError
        df.where(col("xx") > 1)
    with pytest.raises(ColumnNotFoundError):
        df.exclude("missing")


def test_type_mismatch_names_types_and_expression(data):
    df = sj.from_pandas(data)
    with pytest.raises(DataTypeError, match=r"Cannot compare String and Int64 in expression col\(name\) > col\(x\)"):
        df.where(col("name") > col("x"))
    with pytest.raises(TypeError, match=r"'\+' expects numeric arguments"):
        df.select(col("x") + col("name").split(" "))
    with pytest.raises(DataTypeError, match="Filter predicate must be Bool, got Int64"):
        df.where(col("x") + 1)
    with pytest.raises(DataTypeError, match="lower expects a String"):
        df.select(col("x").lower())


def test_invalid_arguments(data):
    df = sj.from_pandas(data)
    with pytest.raises(InvalidError, match="greater than or equal to 0"):
        df.limit(-1)
    with pytest.raises(InvalidError, match="appears more than once"):
        df.select(col("x"), col("y").alias("x"))
    with pytest.raises(TypeError, match="where\\(\\) expects an Expression"):
        df.where("x > 1")
    with pytest.raises(RuntimeError, match="count_rows"):
        len(df.where(col("x") > 1))


def test_wildcard_expressions_expand_per_column():
    df = sj.from_pydict({"a": [1, 2], "b": [10, 20]})
    assert df.select(col("*") * 2).to_pydict() == {"a": [2, 4], "b": [20, 40]}


def test_engine_result_as_an_arrow_c_stream_feeds_other_engines(data):
    import duckdb
    import polars as pl

    df = sj.from_pandas(data).where(col("x") > 0).select("id", (col("x") * 2).alias("x2"))
    expected = int((data.x > 0).sum())
    reader = pa.RecordBatchReader.from_stream(df)
    assert reader.read_all().num_rows == expected
    assert pl.from_arrow(pa.RecordBatchReader.from_stream(df)).height == expected
    stream = pa.RecordBatchReader.from_stream(df)
    assert duckdb.sql("SELECT count(*) FROM stream").fetchall()[0][0] == expected
