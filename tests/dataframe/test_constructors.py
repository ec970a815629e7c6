"""from_pydict / from_pylist / from_arrow / from_pandas: type inference as Daft, and
clear errors for bad input."""

from __future__ import annotations

import datetime
import decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import skipjack as sj
from skipjack.exceptions import InvalidError


def _dtypes(df):
    return {f.name: str(f.dtype) for f in df.schema()}


def test_from_pydict_infers_daft_types():
    df = sj.from_pydict({
        "i": [1, None], "f": [1.5, 2], "s": ["x", None], "b": [True, None], "by": [b"\x00", b"a"],
        "l": [[1], [2.5]], "st": [{"a": 1}, {"b": "x"}], "n": [None, None],
        "d": [datetime.date(2024, 1, 2), None], "ts": [datetime.datetime(2024, 1, 2, 3), None],
        "dec": [decimal.Decimal("1.50"), None], "np32": np.array([1, 2], dtype=np.int32)})
    assert _dtypes(df) == {
        "i": "Int64", "f": "Float64", "s": "String", "b": "Bool", "by": "Binary",
        "l": "List[Float64]", "st": "Struct[a: Int64, b: String]", "n": "Null", "d": "Date",
        "ts": "Timestamp[us]", "dec": "Decimal[precision: 3, scale: 2]", "np32": "Int32"}
    # Arrow storage as Daft's: 64-bit offsets.
    schema = df.to_arrow().schema
    assert schema.field("s").type == pa.large_string()
    assert schema.field("l").type == pa.large_list(pa.float64())
    assert df.to_pydict()["st"] == [{"a": 1, "b": None}, {"a": None, "b": "x"}]


def test_from_pylist_uses_first_seen_column_order():
    df = sj.from_pylist([{"a": 1}, {"b": 2, "a": 3}])
    assert df.to_pydict() == {"a": [1, 3], "b": [None, 2]}


def test_from_arrow_accepts_tables_batches_and_lists():
    table = pa.table({"x": pa.array(["a", "b"], pa.string())})
    assert sj.from_arrow(table).to_arrow().schema.field("x").type == pa.string()  # zero-copy
    views = pa.table({"v": pa.array(["a"], pa.string_view()), "d": pa.array(["x"]).dictionary_encode()})
    assert sj.from_arrow(views).to_arrow().schema.types == [pa.large_string(), pa.string()]
    assert sj.from_arrow(table.to_batches()[0]).to_pydict() == {"x": ["a", "b"]}
    assert sj.from_arrow([table, table]).count_rows() == 4


def test_from_arrow_stream_is_lazy_and_read_once():
    batches = [pa.record_batch({"x": [i]}) for i in range(3)]
    reader = pa.RecordBatchReader.from_batches(batches[0].schema, iter(batches))
    df = sj.from_arrow(reader)
    assert df.column_names == ["x"]
    assert df.to_pydict() == {"x": [0, 1, 2]}
    with pytest.raises(InvalidError, match="one-shot Arrow stream"):
        df.to_pydict()


def test_from_pandas_drops_the_index():
    pdf = pd.DataFrame({"a": [1, 2], "s": ["x", None]}, index=[10, 20])
    df = sj.from_pandas(pdf)
    assert df.to_pydict() == {"a": [1, 2], "s": ["x", None]}
    pd.testing.assert_frame_equal(df.to_pandas(), pdf.reset_index(drop=True), check_dtype=False)


def test_ragged_columns_name_their_lengths():
    with pytest.raises(ValueError, match=r"same length.*'a': 2, 'b': 1"):
        sj.from_pydict({"a": [1, 2], "b": [1]})


def test_python_objects_become_a_python_column():
    class Model:
        def __init__(self, size):
            self.size = size

    df = sj.from_pydict({"obj": [None, Model(3)], "n": [1, 2]})
    assert repr(df.schema()["obj"].dtype) == "Python"
    out = df.where(sj.col("n") > 1).to_pydict()["obj"]
    assert len(out) == 1 and isinstance(out[0], Model) and out[0].size == 3


def test_mixed_types_are_reported():
    with pytest.raises(InvalidError, match=r"Column 'm'.*int, str"):
        sj.from_pydict({"m": [1, "a"]})


def test_bad_container_types():
    with pytest.raises(InvalidError, match="expected a list"):
        sj.from_pydict({"a": 5})
    with pytest.raises(InvalidError, match="1-dimensional"):
        sj.from_pydict({"a": np.zeros((2, 2))})
    with pytest.raises(InvalidError, match="dict of columns"):
        sj.from_pydict([1, 2])
    with pytest.raises(InvalidError, match="from_arrow expects"):
        sj.from_arrow(42)


def test_duplicate_column_names_are_rejected():
    table = pa.Table.from_arrays([pa.array([1]), pa.array([2])], names=["a", "a"])
    with pytest.raises(InvalidError, match="'a' appears more than once"):
        sj.from_arrow(table)
