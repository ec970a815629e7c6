"""groupby().agg() and global agg() against DuckDB: nulls in keys and values, empty
inputs, many groups, every aggregation, under every engine configuration."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import skipjack as sj
from skipjack import col
from skipjack.exceptions import DataTypeError, InvalidError

RNG = np.random.default_rng(5)
N = 3000


def _nullable(values, fraction=0.15):
    mask = RNG.random(len(values)) < fraction
    return [None if m else v for v, m in zip(values.tolist(), mask)]


@pytest.fixture(scope="module")
def table() -> pa.Table:
    return pa.table({
        "k": pa.array(_nullable(RNG.choice(["a", "b", "c", "d", "e"], N)), pa.string()),
        "k2": pa.array(_nullable(RNG.integers(0, 4, N), 0.05), pa.int64()),
        "x": pa.array(_nullable(RNG.integers(-100, 100, N)), pa.int64()),
        "f": pa.array(_nullable(RNG.normal(10, 3, N)), pa.float64()),
        "b": pa.array(_nullable(RNG.random(N) < 0.5), pa.bool_()),
        "s": pa.array(_nullable(RNG.choice(["u", "v", "w"], N)), pa.string()),
    })


def _rows(table: pa.Table, keys: list[str]) -> list[tuple]:
    """Rows as tuples sorted by the key columns (None first), for order-free compares."""
    rows = list(zip(*[table.column(c).to_pylist() for c in table.column_names]))
    return sorted(rows, key=lambda r: tuple((v is not None, v) for v in r[: len(keys)]))


def _assert_same(actual: pa.Table, expected: pa.Table, keys: list[str]) -> None:
    assert actual.column_names == expected.column_names
    a, e = _rows(actual, keys), _rows(expected, keys)
    assert len(a) == len(e)
    for row_a, row_e in zip(a, e):
        for x, y in zip(row_a, row_e):
            if isinstance(y, float) and x is not None:
                assert x == pytest.approx(y, rel=1e-9, abs=1e-9) or (math.isnan(x) and math.isnan(y))
            else:
                assert x == y


def test_grouped_aggregations_match_duckdb(engine_config, table):
    t = table  # noqa: F841 - read by DuckDB by name
    df = sj.from_arrow(table).groupby("k").agg(
        col("x").sum().alias("sum"), col("f").mean().alias("mean"), col("x").min().alias("min"),
        col("f").max().alias("max"), col("x").count().alias("count"),
        col("x").count("all").alias("rows"), col("x").count("null").alias("nulls"),
        col("x").count_distinct().alias("distinct"), col("f").stddev().alias("sd"),
        col("f").var(ddof=0).alias("var0"), col("b").bool_and().alias("all_b"),
        col("b").bool_or().alias("any_b"), col("s").min().alias("smin"))
    expected = duckdb.sql("""
        SELECT k, sum(x) AS sum, avg(f) AS mean, min(x) AS min, max(f) AS max,
               count(x)::UBIGINT AS count, count(*)::UBIGINT AS rows,
               (count(*) - count(x))::UBIGINT AS nulls, count(DISTINCT x)::UBIGINT AS distinct,
               stddev_samp(f) AS sd, var_pop(f) AS var0, bool_and(b) AS all_b,
               bool_or(b) AS any_b, min(s) AS smin
        FROM t GROUP BY k""").to_arrow_table()
    _assert_same(df.to_arrow(), expected, ["k"])


def test_multi_key_groupby_with_null_keys(engine_config, table):
    t = table  # noqa: F841 - read by DuckDB by name
    df = sj.from_arrow(table).groupby("k", col("k2")).agg(col("x").sum(), col("f").count())
    expected = duckdb.sql(
        "SELECT k, k2, sum(x) AS x, count(f)::UBIGINT AS f FROM t GROUP BY k, k2").to_arrow_table()
    _assert_same(df.to_arrow(), expected, ["k", "k2"])


def test_groupby_computed_key(engine_config, table):
    t = table  # noqa: F841 - read by DuckDB by name
    df = sj.from_arrow(table).groupby((col("x") % 3).alias("r")).agg(col("f").sum())
    expected = duckdb.sql(
        "SELECT x - 3 * floor(x / 3) AS r, sum(f) AS f FROM t GROUP BY r").to_arrow_table()
    _assert_same(df.to_arrow().cast(pa.schema([("r", pa.float64()), ("f", pa.float64())])),
                 expected, ["r"])


def test_many_groups(engine_config):
    n = 60_000
    t = pa.table({"g": pa.array(np.arange(n) % 20_000), "v": pa.array(np.arange(n, dtype=np.float64))})
    df = sj.from_arrow(t).groupby("g").agg(col("v").sum(), col("v").count().alias("n"))
    out = df.to_arrow()
    assert out.num_rows == 20_000
    expected = duckdb.sql("SELECT g, sum(v) AS v, count(v)::UBIGINT AS n FROM t GROUP BY g").to_arrow_table()
    _assert_same(out, expected, ["g"])


@pytest.mark.parametrize("order", ["clustered", "shuffled"])
def test_groups_beyond_one_table(order):
    """More groups than a worker keeps in one table (so tables are set aside and, with
    nearly unique keys, rows pass through ungrouped to the final merge, which runs in
    many partitions): every kind of aggregation still matches DuckDB."""
    n, groups = 400_000, 200_000
    rng = np.random.default_rng(11)
    g = np.sort(rng.integers(0, groups, n)) if order == "clustered" else rng.integers(0, groups, n)
    t = pa.table({
        "g": pa.array(g),
        "s": pa.array([f"key{v % 1000}" for v in g]),
        "v": pa.array(_nullable(rng.integers(-1000, 1000, n), 0.1), pa.int64()),
        "d": pa.array(rng.integers(0, 10**6, n)).cast(pa.decimal128(21, 0)).cast(pa.decimal128(15, 2)),
        "f": pa.array(rng.normal(0, 1, n)),
        "b": pa.array(rng.random(n) < 0.5),
    })
    with sj.execution_config_ctx(progress_bar=False, num_threads=2, morsel_max_rows=20_000):
        out = sj.from_arrow(t).groupby("g", "s").agg(
            col("v").sum().alias("sum"), col("v").count().alias("n"), col("v").min().alias("min"),
            col("v").max().alias("max"), col("f").mean().alias("mean"), col("d").sum().alias("dsum"),
            col("d").mean().alias("dmean"), col("f").stddev().alias("sd"),
            col("b").bool_and().alias("all"), col("v").count_distinct().alias("nd"),
            col("v").list_agg().alias("vs"), col("v").any_value().alias("any"),
        ).to_arrow()
        assert sj.from_arrow(t).select("g", "v").distinct().count_rows() == \
            duckdb.sql("SELECT count(*) FROM (SELECT DISTINCT g, v FROM t)").fetchall()[0][0]
    expected = duckdb.sql("""
        SELECT g, s, sum(v) AS sum, count(v)::UBIGINT AS n, min(v) AS min, max(v) AS max,
               avg(f) AS mean, sum(d) AS dsum, avg(d) AS dmean, stddev_samp(f) AS sd,
               bool_and(b) AS "all", count(DISTINCT v)::UBIGINT AS nd
        FROM t GROUP BY g, s""").to_arrow_table()
    assert out.num_rows == expected.num_rows
    by_key = {(r["g"], r["s"]): r for r in out.to_pylist()}
    values = {}
    for gv, vv in zip(t["g"].to_pylist(), t["v"].to_pylist()):
        values.setdefault(gv, []).append(vv)
    for i, row in enumerate(expected.to_pylist()):
        got = by_key[(row["g"], row["s"])]
        for name in ["sum", "n", "min", "max", "dsum", "all", "nd"]:
            assert got[name] == row[name], (name, row["g"])
        for name in ["mean", "sd"]:
            assert (got[name] is None and row[name] is None) or \
                got[name] == pytest.approx(row[name], rel=1e-9, abs=1e-9)
        assert float(got["dmean"]) == pytest.approx(float(row["dmean"]), rel=1e-6)
        if i % 50:
            continue  # the lists of one group in 50
        assert sorted(got["vs"], key=lambda x: (x is not None, x)) == \
            sorted(values[row["g"]], key=lambda x: (x is not None, x))
        assert got["any"] in values[row["g"]]


@pytest.mark.parametrize("keys", ["int", "int_and_string", "decimal_and_date"])
def test_clustered_keys_pass_through_by_runs(keys):
    """Keys that come in runs (an order's lines) and are nearly unique per run: once the
    worker's table fills, runs of equal keys pass through as one row each. Runs cross
    morsel boundaries, some keys come back in a later run, keys have nulls; the groups
    still match DuckDB."""
    rng = np.random.default_rng(3)
    runs = 200_000  # over one table (131,072 groups)
    ids = np.arange(runs)
    back = (rng.random(runs) < 0.05) & (ids >= 1000)  # these reuse a key 1,000 runs back
    ids[back] -= 1000
    lengths = rng.integers(1, 7, runs)
    g = np.repeat(ids, lengths)
    n = len(g)
    null_keys = np.repeat(rng.random(runs) < 0.02, lengths)
    columns = {"v": pa.array(rng.integers(-50, 50, n)),
               "w": pa.array(_nullable(rng.normal(0, 1, n), 0.1), pa.float64())}
    if keys == "int":
        columns["a"] = pa.array(g, mask=null_keys)
    elif keys == "int_and_string":
        columns["a"] = pa.array(g // 3, mask=null_keys)
        columns["b"] = pa.array(np.char.add("s", (g % 3).astype(str)))
    else:
        columns["a"] = pa.array(g * 7, mask=null_keys).cast(pa.decimal128(21, 0)).cast(pa.decimal128(15, 2))
        columns["b"] = pa.array((g % 5000).astype("int32"), mask=null_keys).cast(pa.date32())
    names = [c for c in ("a", "b") if c in columns]
    t = pa.table(columns)  # noqa: F841 - read by DuckDB by name
    with sj.execution_config_ctx(progress_bar=False, num_threads=1, morsel_max_rows=50_000):
        out = sj.from_arrow(t).groupby(*names).agg(
            col("v").sum().alias("sum"), col("v").count().alias("n"),
            col("w").max().alias("max")).to_arrow()
    key_list = ", ".join(names)
    expected = duckdb.sql(f"""
        SELECT {key_list}, sum(v) AS sum, count(v)::UBIGINT AS n, max(w) AS max
        FROM t GROUP BY {key_list}""").to_arrow_table().cast(out.schema)
    order = [(name, "ascending") for name in names]
    assert out.sort_by(order).equals(expected.sort_by(order))


def test_global_aggregation_and_shortcuts(engine_config, table):
    t = table  # noqa: F841 - read by DuckDB by name
    out = sj.from_arrow(table).agg(col("x").sum(), col("f").mean().alias("m"),
                                   (col("x").sum() / col("x").count()).alias("ratio")).to_pydict()
    exp = duckdb.sql("SELECT sum(x) AS x, avg(f) AS m, sum(x) / count(x) AS ratio FROM t").fetchall()[0]
    assert out["x"] == [exp[0]]
    assert out["m"][0] == pytest.approx(exp[1])
    assert out["ratio"][0] == pytest.approx(exp[2])
    df = sj.from_arrow(table)
    assert df.sum("x").to_pydict() == {"x": [exp[0]]}
    assert df.count("x", "f").to_pydict() == {
        "x": [table["x"].length() - table["x"].null_count],
        "f": [table["f"].length() - table["f"].null_count]}


def test_empty_inputs(engine_config):
    df = sj.from_pydict({"k": ["a"], "x": [1]}).where(col("x") > 5)
    assert df.agg(col("x").sum(), col("x").count().alias("n"), col("x").mean().alias("m")).to_pydict() == {
        "x": [None], "n": [0], "m": [None]}
    assert df.groupby("k").agg(col("x").sum()).to_pydict() == {"k": [], "x": []}


def test_collecting_aggregations(engine_config, table):
    df = sj.from_arrow(table).groupby("k").agg(
        col("x").list_agg().alias("xs"), col("s").string_agg(",").alias("joined"),
        col("s").any_value(ignore_nulls=True).alias("any"))
    out = {row["k"]: row for row in df.to_pylist()}
    for key in ["a", "b", None]:
        rows = [r for r in table.to_pylist() if r["k"] == key]
        assert sorted(out[key]["xs"], key=lambda v: (v is not None, v)) == \
            sorted([r["x"] for r in rows], key=lambda v: (v is not None, v))
        assert sorted(out[key]["joined"].split(",")) == sorted(r["s"] for r in rows if r["s"] is not None)
        assert out[key]["any"] in {r["s"] for r in rows if r["s"] is not None}


def test_distinct(engine_config, table):
    t = table  # noqa: F841 - read by DuckDB by name
    full = sj.from_arrow(table).select("k", "k2").distinct().to_arrow()
    expected = duckdb.sql("SELECT DISTINCT k, k2 FROM t").to_arrow_table()
    _assert_same(full, expected, ["k", "k2"])
    one_per_key = sj.from_arrow(table).distinct("k").to_arrow()
    assert one_per_key.column_names == table.column_names
    assert sorted(one_per_key["k"].to_pylist(), key=lambda v: (v is not None, v)) == [None, "a", "b", "c", "d", "e"]


def test_decimal_sums_stay_exact():
    import decimal

    df = sj.from_pydict({"k": ["a", "a", "b"], "p": [decimal.Decimal("0.10"), decimal.Decimal("0.20"),
                                                   decimal.Decimal("1.05")]})
    out = df.groupby("k").agg(col("p").sum(), col("p").mean().alias("m"))
    # As Daft: a decimal mean is a decimal with scale 6, rounded half away from zero.
    assert out.schema()["m"].dtype == sj.DataType.decimal128(38, 6)
    assert sorted(out.to_pylist(), key=lambda r: r["k"]) == [
        {"k": "a", "p": decimal.Decimal("0.30"), "m": decimal.Decimal("0.150000")},
        {"k": "b", "p": decimal.Decimal("1.05"), "m": decimal.Decimal("1.050000")}]
    thirds = sj.from_pydict({"p": [decimal.Decimal("1.00"), decimal.Decimal("0.00"),
                                   decimal.Decimal("1.00"), decimal.Decimal("-2.00")]})
    assert thirds.limit(3).agg(col("p").mean()).to_pydict() == {"p": [decimal.Decimal("0.666667")]}
    assert thirds.agg(col("p").mean()).to_pydict() == {"p": [decimal.Decimal("0.000000")]}


def test_aggregation_errors(table):
    df = sj.from_arrow(table)
    with pytest.raises(DataTypeError, match="sum does not support values of type String"):
        df.agg(col("s").sum())
    with pytest.raises(InvalidError, match="can only be used in agg"):
        df.select(col("x").sum())
    with pytest.raises(InvalidError, match="agg\\(\\) expects aggregations"):
        df.agg(col("x") + 1)
    with pytest.raises(InvalidError, match="Nested aggregation"):
        df.agg(col("x").sum().sum())
    with pytest.raises(ValueError, match="count mode"):
        col("x").count("some")


def _explained(df) -> str:
    import io

    out = io.StringIO()
    df.explain(show_all=True, file=out)
    return out.getvalue()


@pytest.mark.parametrize("keys, split", [(["k2"], True), ([], True), (["k", "k2"], False)])
def test_conditional_count_distinct_matches_duckdb(engine_config, table, keys, split):
    """count_distinct(x) beside count_distinct(when(c, x)) (COUNT(DISTINCT CASE WHEN c
    THEN x END)): with fixed-width keys the optimizer splits them into one grouping of
    the (keys, x) pairs with bool_or(c) per condition; with string keys they stay
    per-group sets. Nulls in x, in c and in the keys."""
    t = table  # noqa: F841 - read by DuckDB by name
    when = sj.functions.when
    aggs = [col("x").count_distinct().alias("all_x"),
            when(col("b"), col("x")).count_distinct().alias("x_if_b"),
            when(col("f") > 10, col("x")).count_distinct().alias("x_if_f")]
    df = sj.from_arrow(table)
    df = df.groupby(*keys).agg(*aggs) if keys else df.agg(*aggs)
    group_by = f"GROUP BY {', '.join(keys)}" if keys else ""
    expected = duckdb.sql(f"""
        SELECT {''.join(k + ', ' for k in keys)}
               count(DISTINCT x)::UBIGINT AS all_x,
               count(DISTINCT CASE WHEN b THEN x END)::UBIGINT AS x_if_b,
               count(DISTINCT CASE WHEN f > 10 THEN x END)::UBIGINT AS x_if_f
        FROM t {group_by}""").to_arrow_table()
    _assert_same(df.to_arrow(), expected, keys)
    assert ("bool_or(col(b)) as __count_distinct_when_1" in _explained(df)) == split


def test_count_distinct_of_other_values_keeps_sets(engine_config, table):
    """Counts of distinct values of different expressions (here with a non-null
    otherwise) cannot share one grouping of pairs: they stay per-group sets and agree."""
    t = table  # noqa: F841 - read by DuckDB by name
    when = sj.functions.when
    df = sj.from_arrow(table).groupby("k2").agg(
        col("x").count_distinct().alias("all_x"),
        when(col("b"), col("x")).otherwise(0).count_distinct().alias("x_or_0"))
    expected = duckdb.sql("""
        SELECT k2, count(DISTINCT x)::UBIGINT AS all_x,
               count(DISTINCT CASE WHEN b THEN x ELSE 0 END)::UBIGINT AS x_or_0
        FROM t GROUP BY k2""").to_arrow_table()
    _assert_same(df.to_arrow(), expected, ["k2"])
    assert "__count_distinct" not in _explained(df)
