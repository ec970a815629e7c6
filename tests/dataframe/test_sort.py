"""sort() and sort().limit() (top-N) against DuckDB and pandas: several keys, both
directions, nulls first or last, NaN, stability, under every engine configuration."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import skipjack as sj
from skipjack import col
from skipjack.exceptions import DataTypeError

RNG = np.random.default_rng(9)
N = 2000


@pytest.fixture(scope="module")
def table() -> pa.Table:
    ints = [None if RNG.random() < 0.1 else int(v) for v in RNG.integers(0, 50, N)]
    words = [None if RNG.random() < 0.1 else str(v) for v in RNG.choice(["pear", "fig", "kiwi", "lime"], N)]
    return pa.table({"i": pa.array(ints, pa.int64()), "w": pa.array(words, pa.string()),
                     "f": pa.array(RNG.normal(size=N)), "row": pa.array(np.arange(N))})


def _duckdb(t, order_by: str, limit: str = "") -> list:
    return duckdb.sql(f"SELECT * FROM t ORDER BY {order_by}, row {limit}").fetchall()


@pytest.mark.parametrize("desc,nulls_first,sql", [
    (False, None, "i ASC NULLS LAST"), (True, None, "i DESC NULLS FIRST"),
    (False, True, "i ASC NULLS FIRST"), (True, False, "i DESC NULLS LAST")])
def test_single_key(engine_config, table, desc, nulls_first, sql):
    t = table  # noqa: F841 - read by DuckDB
    out = sj.from_arrow(table).sort("i", desc=desc, nulls_first=nulls_first).to_pylist()
    # Ties resolve by input order (stable), which the row column reproduces for DuckDB.
    assert [tuple(r.values()) for r in out] == _duckdb(t, sql)


def test_multiple_keys_and_expressions(engine_config, table):
    t = table  # noqa: F841
    out = sj.from_arrow(table).sort([col("w"), col("i") % 7], desc=[True, False]).to_pylist()
    assert [tuple(r.values()) for r in out] == _duckdb(t, "w DESC NULLS FIRST, i % 7 ASC NULLS LAST")


def test_sort_is_stable_like_pandas(engine_config):
    keys = RNG.integers(0, 5, 5000)
    df = pd.DataFrame({"k": keys, "pos": np.arange(5000)})
    out = sj.from_pandas(df).sort("k").to_pandas()
    expected = df.sort_values("k", kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(out, expected)


def test_nan_goes_with_the_nulls_as_in_arrow():
    df = sj.from_pydict({"f": [2.0, float("nan"), None, -1.0]})
    assert str(df.sort("f").to_pydict()["f"]) == "[-1.0, 2.0, nan, None]"
    assert str(df.sort("f", desc=True).to_pydict()["f"]) == "[None, nan, 2.0, -1.0]"


@pytest.mark.parametrize("n", [0, 1, 7, 150])
def test_top_n(engine_config, table, n):
    t = table  # noqa: F841
    df = sj.from_arrow(table).sort(["w", "f"], desc=[False, True]).limit(n)
    assert "TopN" in _physical(df)
    out = [tuple(r.values()) for r in df.to_pylist()]
    assert out == _duckdb(t, "w ASC NULLS LAST, f DESC NULLS FIRST", f"LIMIT {n}")


@pytest.mark.parametrize("desc,nulls_first,sql", [
    (False, None, "i ASC NULLS LAST"), (True, None, "i DESC NULLS FIRST"),
    (False, True, "i ASC NULLS FIRST"), (True, False, "i DESC NULLS LAST")])
def test_top_n_keeps_null_placement_and_input_order_of_ties(engine_config, table, desc,
                                                            nulls_first, sql):
    """Each morsel keeps only its best rows before the final sort: nulls where asked,
    and among tied keys the earliest rows, as a full stable sort would."""
    t = table  # noqa: F841
    df = sj.from_arrow(table).sort("i", desc=desc, nulls_first=nulls_first).limit(250)
    out = [tuple(r.values()) for r in df.to_pylist()]
    assert out == _duckdb(t, sql, "LIMIT 250")


def _physical(df) -> str:
    import io

    buffer = io.StringIO()
    df.explain(show_all=True, file=buffer)
    return buffer.getvalue().split("== Physical Plan ==")[1]


def test_filter_moves_below_the_sort(table):
    df = sj.from_arrow(table).sort("i").where(col("i") > 40)
    physical = _physical(df)
    assert physical.index("Sort") < physical.index("Filter pushdown")
    assert all(v > 40 for v in df.to_pydict()["i"])


def test_sort_errors(table):
    df = sj.from_arrow(table)
    with pytest.raises(DataTypeError, match="Cannot sort by .* values of type List"):
        df.sort(col("w").split("i"))
    with pytest.raises(ValueError, match="desc must be a bool or a list of 2 bools"):
        df.sort(["i", "w"], desc=[True])


@pytest.mark.parametrize("distinct", [3, 1500])
def test_string_keys_with_few_or_many_distinct_values(engine_config, distinct):
    """String keys sort as the ranks of their distinct values when they repeat (few
    distinct) and as strings when they do not; both orders equal DuckDB's, nulls and
    empty strings included."""
    n = 3000
    words = [None if i % 17 == 0 else ("" if i % 23 == 0 else f"w{(i * 7919) % distinct:05d}")
             for i in range(n)]
    t = pa.table({"w": pa.array(words, pa.string()), "k": pa.array([i % 5 for i in range(n)]),
                  "row": pa.array(np.arange(n))})
    out = sj.from_arrow(t).sort(["k", "w"], desc=[False, True]).to_pylist()
    assert [tuple(r.values()) for r in out] == _duckdb(t, "k ASC NULLS LAST, w DESC NULLS FIRST")
