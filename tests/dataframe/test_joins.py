"""join() against DuckDB: every join type, nulls and duplicates in keys, empty sides,
several key types, either side as the build side, under every engine configuration;
plus Daft's output naming and argument validation."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import skipjack as sj
from skipjack import col
from skipjack.exceptions import ColumnNotFoundError, DataTypeError
from sorted_rows import sorted_rows

RNG = np.random.default_rng(11)


def _nullable(values, fraction):
    mask = RNG.random(len(values)) < fraction
    return [None if m else v for v, m in zip(values.tolist(), mask)]


def _side(n: int, keys: int, name: str) -> pa.Table:
    return pa.table({
        "k": pa.array(_nullable(RNG.integers(0, keys, n), 0.1), pa.int64()),
        "s": pa.array(_nullable(RNG.choice(["x", "y", "z", "w"], n), 0.1), pa.string()),
        name: pa.array(np.arange(n), pa.int64()),
    })


def _assert_same_rows(actual: pa.Table, expected: pa.Table) -> None:
    assert actual.column_names == expected.column_names
    assert sorted_rows(actual) == sorted_rows(expected)


# (left size, right size): small-left builds on the left, small-right on the right.
SIZES = [(40, 500), (500, 40), (300, 300), (0, 50), (50, 0), (0, 0)]

DUCKDB_SINGLE_KEY = {
    "inner": "SELECT l.k, l.s, l.lv, r.s AS \"right.s\", r.rv FROM l JOIN r ON l.k = r.k",
    "left": "SELECT l.k, l.s, l.lv, r.s AS \"right.s\", r.rv FROM l LEFT JOIN r ON l.k = r.k",
    "right": "SELECT r.k, l.s, l.lv, r.s AS \"right.s\", r.rv FROM l RIGHT JOIN r ON l.k = r.k",
    "outer": "SELECT coalesce(l.k, r.k) AS k, l.s, l.lv, r.s AS \"right.s\", r.rv "
             "FROM l FULL JOIN r ON l.k = r.k",
    "semi": "SELECT * FROM l SEMI JOIN r ON l.k = r.k",
    "anti": "SELECT * FROM l ANTI JOIN r ON l.k = r.k",
}


@pytest.mark.parametrize("sizes", SIZES, ids=[f"{a}x{b}" for a, b in SIZES])
@pytest.mark.parametrize("how", list(DUCKDB_SINGLE_KEY))
def test_single_integer_key_matches_duckdb(engine_config, how, sizes):
    l, r = _side(sizes[0], 30, "lv"), _side(sizes[1], 30, "rv")  # noqa: E741
    actual = sj.from_arrow(l).join(sj.from_arrow(r), on="k", how=how).to_arrow()
    expected = duckdb.sql(DUCKDB_SINGLE_KEY[how]).to_arrow_table()
    _assert_same_rows(actual, expected)


DUCKDB_TWO_KEYS = {
    "inner": "SELECT l.k, l.s, l.lv, r.rv FROM l JOIN r USING (k, s)",
    "left": "SELECT l.k, l.s, l.lv, r.rv FROM l LEFT JOIN r ON l.k = r.k AND l.s = r.s",
    "right": "SELECT r.k, r.s, l.lv, r.rv FROM l RIGHT JOIN r ON l.k = r.k AND l.s = r.s",
    "outer": "SELECT coalesce(l.k, r.k) AS k, coalesce(l.s, r.s) AS s, l.lv, r.rv "
             "FROM l FULL JOIN r ON l.k = r.k AND l.s = r.s",
    "semi": "SELECT * FROM l SEMI JOIN r ON l.k = r.k AND l.s = r.s",
    "anti": "SELECT * FROM l ANTI JOIN r ON l.k = r.k AND l.s = r.s",
}


@pytest.mark.parametrize("sizes", [(40, 400), (400, 40)], ids=["small-left", "small-right"])
@pytest.mark.parametrize("how", list(DUCKDB_TWO_KEYS))
def test_integer_and_string_keys_match_duckdb(engine_config, how, sizes):
    l, r = _side(sizes[0], 8, "lv"), _side(sizes[1], 8, "rv")  # noqa: E741
    actual = sj.from_arrow(l).join(sj.from_arrow(r), on=["k", "s"], how=how).to_arrow()
    expected = duckdb.sql(DUCKDB_TWO_KEYS[how]).to_arrow_table()
    _assert_same_rows(actual, expected)


@pytest.mark.parametrize("how", ["inner", "left", "right", "outer", "semi", "anti"])
def test_string_key_with_left_on_right_on(engine_config, how):
    l = pa.table({"name": ["ann", "bob", None, "cy", "bob", ""], "a": [1, 2, 3, 4, 5, 6]})  # noqa: E741
    r = pa.table({"who": ["bob", "cy", "cy", None, "dee", ""], "b": [10, 20, 30, 40, 50, 60]})
    df = sj.from_arrow(l).join(sj.from_arrow(r), left_on="name", right_on="who", how=how)
    sql_how = {"outer": "FULL", "semi": "SEMI", "anti": "ANTI"}.get(how, how.upper())
    select = "*" if how in ("semi", "anti") else "l.name, l.a, r.who, r.b"
    expected = duckdb.sql(f"SELECT {select} FROM l {sql_how} JOIN r ON l.name = r.who").to_arrow_table()
    _assert_same_rows(df.to_arrow(), expected)


def test_many_matches_per_key_and_large_output(engine_config):
    l = pa.table({"k": np.arange(2000) % 5, "a": np.arange(2000)})  # noqa: E741
    r = pa.table({"k": np.arange(300) % 5, "b": np.arange(300)})
    actual = sj.from_arrow(l).join(sj.from_arrow(r), on="k").to_arrow()
    assert actual.num_rows == 2000 * 60
    expected = duckdb.sql("SELECT l.k, l.a, r.b FROM l JOIN r USING (k)").to_arrow_table()
    _assert_same_rows(actual, expected)


def test_keys_of_different_integer_widths_and_expressions(engine_config):
    l = pa.table({"k": pa.array([1, 2, 3, None], pa.int32()), "a": [1, 2, 3, 4]})  # noqa: E741
    r = pa.table({"k": pa.array([2, 3, 4, 3], pa.int64()), "b": [20, 30, 40, 31]})
    df = sj.from_arrow(l).join(sj.from_arrow(r), on="k", how="outer")
    assert df.schema()["k"].dtype == sj.DataType.int64()
    expected = duckdb.sql("SELECT coalesce(l.k::BIGINT, r.k) AS k, l.a, r.b "
                          "FROM l FULL JOIN r ON l.k = r.k").to_arrow_table()
    _assert_same_rows(df.to_arrow(), expected)
    shifted = sj.from_arrow(l).join(sj.from_arrow(r), left_on=col("k") + 1, right_on="k")
    assert sorted_rows(shifted.select("a", "b").to_arrow()) == [(1, 20), (2, 30), (2, 31), (3, 40)]


def test_float_keys_match_nan_with_nan_and_zero_with_negative_zero(engine_config):
    l = pa.table({"f": [0.0, float("nan"), 1.5, None], "a": [1, 2, 3, 4]})  # noqa: E741
    r = pa.table({"f": [-0.0, float("nan"), 1.5, None], "b": [10, 20, 30, 40]})
    rows = sj.from_arrow(l).join(sj.from_arrow(r), on="f").select("a", "b").to_pydict()
    assert sorted(zip(rows["a"], rows["b"])) == [(1, 10), (2, 20), (3, 30)]


def test_cross_join_matches_duckdb(engine_config):
    l = pa.table({"a": [1, 2, 3], "s": ["x", "y", None]})  # noqa: E741
    r = pa.table({"s": ["p", "q"], "b": [10.5, None]})
    actual = sj.from_arrow(l).join(sj.from_arrow(r), how="cross").to_arrow()
    assert actual.column_names == ["a", "s", "right.s", "b"]
    expected = duckdb.sql('SELECT l.a, l.s, r.s AS "right.s", r.b FROM l CROSS JOIN r').to_arrow_table()
    _assert_same_rows(actual, expected)
    empty = sj.from_arrow(l).join(sj.from_arrow(r.slice(0, 0)), how="cross")
    assert empty.to_arrow().num_rows == 0


def test_join_feeds_aggregation_filter_and_sort(engine_config):
    orders = pa.table({"o": np.arange(1000), "c": np.arange(1000) % 37,
                       "amount": RNG.integers(1, 100, 1000)})
    customers = pa.table({"c": np.arange(37), "region": [f"r{i % 4}" for i in range(37)]})
    df = (sj.from_arrow(orders).join(sj.from_arrow(customers), on="c")
          .where(col("region") != "r0").where(col("amount") > 20)
          .groupby("region").agg(col("amount").sum().alias("total"))
          .sort("region"))
    expected = duckdb.sql("""
        SELECT region, sum(amount) AS total FROM orders JOIN customers USING (c)
        WHERE region <> 'r0' AND amount > 20 GROUP BY region ORDER BY region""").to_arrow_table()
    assert df.to_pydict() == expected.to_pydict()


def test_chained_joins(engine_config):
    a = pa.table({"x": [1, 2, 3, 4], "y": [10, 20, 30, 40]})
    b = pa.table({"y": [10, 20, 20, 40], "z": ["p", "q", "r", "s"]})
    c = pa.table({"z": ["p", "r", "s", "t"], "w": [1.0, 2.0, 3.0, 4.0]})
    df = sj.from_arrow(a).join(sj.from_arrow(b), on="y").join(sj.from_arrow(c), on="z")
    expected = duckdb.sql("SELECT z, y, x, w FROM a JOIN b USING (y) JOIN c USING (z)").to_arrow_table()
    _assert_same_rows(df.to_arrow(), expected)


# -- naming (Daft's tests/dataframe/test_joins.py) -------------------------------------

def test_output_names_follow_daft():
    ab = sj.from_pydict({"a": [1, 2], "b": [1, 1]})
    assert ab.join(sj.from_pydict({"a": [1], "b": [2]}), on="a").column_names == ["a", "b", "right.b"]
    A = sj.from_pydict({"A": [1, 2]})
    AB = sj.from_pydict({"A": [1, 2], "B": [2, 3]})
    assert A.join(AB, left_on="A", right_on="B").column_names == ["A", "right.A", "B"]
    assert AB.join(A, left_on=["A", "B"], right_on=["A", "A"]).column_names == ["A", "B"]
    other = sj.from_pydict({"a": [1], "b": [2]})
    assert ab.join(other, on="a", suffix="_r").column_names == ["a", "b", "b_r"]
    assert ab.join(other, on="a", prefix="p_", suffix="_r").column_names == ["a", "b", "p_b_r"]
    assert ab.join(other, on="a", how="semi").column_names == ["a", "b"]
    assert ab.join(other, how="cross").column_names == ["a", "b", "right.a", "right.b"]


def test_pruning_below_a_join_keeps_the_renamed_names():
    left = sj.from_pydict({"k": [1, 2], "v": [1, 2]})
    right = sj.from_pydict({"k": [1, 2], "v": [5, 6]})
    out = left.join(right, on="k").select("k", "right.v").sort("k")
    assert out.to_pydict() == {"k": [1, 2], "right.v": [5, 6]}


# -- optimizer -------------------------------------------------------------------------

def _optimized(df) -> str:
    import io

    buffer = io.StringIO()
    df.explain(show_all=True, file=buffer)
    text = buffer.getvalue()
    return text[text.index("== Optimized Logical Plan =="):text.index("== Physical Plan ==")]


def test_filters_move_below_inner_joins_to_the_side_they_read():
    left = sj.from_pydict({"k": [1, 2, 3], "a": [1, 2, 3]})
    right = sj.from_pydict({"k": [1, 2, 3], "b": [4, 5, 6]})
    df = left.join(right, on="k").where((col("a") > 1) & (col("b") < 7) & (col("k") != 2))
    plan = _optimized(df)
    assert "* Filter" not in plan  # every conjunct went into a source
    assert plan.count("Filter pushdown") == 2
    assert "col(k) != lit(2)" in plan.split("|\\")[1]  # the merged key filters both sides
    assert df.to_pydict() == {"k": [3], "a": [3], "b": [6]}


def test_filters_on_the_null_extended_side_of_outer_joins_stay_above():
    left = sj.from_pydict({"k": [1, 2], "a": [1, 2]})
    right = sj.from_pydict({"k": [2, 3], "b": [5, None]})
    df = left.join(right, on="k", how="left").where(col("b").is_null())
    assert df.sort("k").to_pydict() == {"k": [1], "a": [1], "b": [None]}
    df = left.join(right, on="k", how="outer").where(col("k") > 1)
    assert df.sort("k").to_pydict() == {"k": [2, 3], "a": [2, None], "b": [5, None]}


def test_build_side_follows_estimated_sizes():
    small = sj.from_pydict({"k": [1, 2]})
    big = sj.from_pydict({"k": list(range(100))})
    import io

    for left, right, expected in ((small, big, "Build on left: true"),
                                  (big, small, "Build on left: false")):
        buffer = io.StringIO()
        left.join(right, on="k").explain(show_all=True, file=buffer)
        assert expected in buffer.getvalue()


# -- errors ----------------------------------------------------------------------------

def test_argument_errors_follow_daft():
    a = sj.from_pydict({"k": [1]})
    b = sj.from_pydict({"k": [1]})
    with pytest.raises(ValueError, match="`on` is set"):
        a.join(b, on="k", left_on="k", right_on="k")
    with pytest.raises(ValueError, match="Cross joins do not take keys"):
        a.join(b, on="k", how="cross")
    with pytest.raises(ValueError, match="Unknown join type"):
        a.join(b, on="k", how="sideways")
    with pytest.raises(ValueError, match="sort_merge"):
        a.join(b, on="k", how="left", strategy="sort_merge")
    with pytest.raises(ValueError, match="left_on has 2 keys"):
        a.join(b, left_on=["k", "k"], right_on=["k"])
    with pytest.raises(ColumnNotFoundError, match="nope"):
        a.join(b, left_on="nope", right_on="k")
    with pytest.raises(DataTypeError, match="key types differ"):
        a.join(sj.from_pydict({"k": ["1"]}), on="k")
    # The strategies are accepted (the engine picks a hash join either way).
    assert a.join(b, on="k", strategy="broadcast").to_pydict() == {"k": [1]}


@pytest.mark.parametrize("how", ["inner", "left", "outer", "semi", "anti"])
def test_sparse_integer_keys_use_the_hashed_index(engine_config, how):
    # Keys spread over a wide range: no direct (key - min) index; a hashed one.
    rng = np.random.default_rng(7)
    keys = rng.integers(-(2**62), 2**62, 200)
    l = pa.table({"k": pa.array(rng.choice(keys, 400), pa.int64()), "a": np.arange(400)})  # noqa: E741
    r = pa.table({"k": pa.array(np.concatenate([keys[:150], keys[:20]]), pa.int64()),
                  "b": np.arange(170)})
    sql_how = {"outer": "FULL", "semi": "SEMI", "anti": "ANTI"}.get(how, how.upper())
    select = "*" if how in ("semi", "anti") else \
        ("coalesce(l.k, r.k) AS k, l.a, r.b" if how == "outer" else "l.k, l.a, r.b")
    expected = duckdb.sql(f"SELECT {select} FROM l {sql_how} JOIN r ON l.k = r.k").to_arrow_table()
    actual = sj.from_arrow(l).join(sj.from_arrow(r), on="k", how=how).to_arrow()
    _assert_same_rows(actual, expected)
