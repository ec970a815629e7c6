"""Optimizer rules visible in explain(): constant folding and join reordering, with
results unchanged (checked against DuckDB)."""

from __future__ import annotations

import io

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col, lit
from sorted_rows import sorted_rows


def _optimized(df) -> str:
    buffer = io.StringIO()
    df.explain(show_all=True, file=buffer)
    text = buffer.getvalue()
    return text[text.index("== Optimized Logical Plan =="):text.index("== Physical Plan ==")]


def test_constant_folding():
    df = sj.from_pydict({"a": [1, 2, 3]})
    q = df.where((col("a") > lit(1) + lit(0)) & lit(True)).select(
        (col("a") * (lit(2) * lit(3))).alias("x"), (lit("a") + lit("b")).alias("s"))
    plan = _optimized(q)
    assert "lit(6)" in plan and "lit(2) * lit(3)" not in plan
    assert "Filter pushdown = col(a) > lit(1)" in plan  # `& lit(true)` folded away
    assert q.to_pydict() == {"x": [12, 18], "s": ["ab", "ab"]}
    always = df.where(lit(1) < lit(2))
    assert "Filter" not in _optimized(always) and always.count_rows() == 3


@pytest.fixture(scope="module")
def star(tmp_path_factory):
    """A fact table with keys into three dimensions, one of them filtered hard."""
    root = tmp_path_factory.mktemp("star")
    n = 20_000
    fact = pa.table({"f_id": range(n), "f_a": [i % 1000 for i in range(n)],
                     "f_b": [i % 50 for i in range(n)], "f_c": [i % 7 for i in range(n)]})
    dim_a = pa.table({"a_id": range(1000), "a_group": [i % 10 for i in range(1000)]})
    dim_b = pa.table({"b_id": range(50), "b_name": [f"b{i}" for i in range(50)]})
    dim_c = pa.table({"c_id": range(7), "c_kind": [f"k{i % 2}" for i in range(7)]})
    for name, table in [("fact", fact), ("dim_a", dim_a), ("dim_b", dim_b), ("dim_c", dim_c)]:
        pq.write_table(table, root / f"{name}.parquet")
    return root


def test_join_reordering_keeps_results(engine_config, star):
    read = lambda name: sj.read_parquet(str(star / f"{name}.parquet"))  # noqa: E731
    # Written with the big joins first; the selective dimension comes last.
    df = (read("fact").join(read("dim_b"), left_on="f_b", right_on="b_id")
          .join(read("dim_c"), left_on="f_c", right_on="c_id")
          .join(read("dim_a").where(col("a_group") == 3), left_on="f_a", right_on="a_id"))
    plan = _optimized(df)
    # Reordered: the result keeps the written column order through a projection.
    assert plan.startswith("== Optimized Logical Plan ==\n\n* Project")
    assert df.column_names == ["f_id", "f_a", "f_b", "f_c", "b_id", "b_name", "c_id", "c_kind",
                               "a_id", "a_group"]
    fact = pq.read_table(star / "fact.parquet")  # noqa: F841 (DuckDB)
    dim_a = pq.read_table(star / "dim_a.parquet")  # noqa: F841
    dim_b = pq.read_table(star / "dim_b.parquet")  # noqa: F841
    dim_c = pq.read_table(star / "dim_c.parquet")  # noqa: F841
    expected = duckdb.sql("""
        SELECT * FROM fact JOIN dim_b ON f_b = b_id JOIN dim_c ON f_c = c_id
        JOIN dim_a ON f_a = a_id WHERE a_group = 3 ORDER BY f_id""").to_arrow_table()
    assert df.sort("f_id").to_arrow().to_pydict() == expected.to_pydict()


def test_joins_that_cannot_be_reordered_stay(star):
    read = lambda name: sj.read_parquet(str(star / f"{name}.parquet"))  # noqa: E731
    left = read("fact").join(read("dim_b"), left_on="f_b", right_on="b_id", how="left")
    assert not _optimized(left).startswith("== Optimized Logical Plan ==\n\n* Project")


def test_a_subplan_used_twice_is_computed_once(engine_config, star):
    fact = sj.read_parquet(str(star / "fact.parquet"))
    per_b = fact.groupby("f_b").agg(col("f_id").count().alias("n"))
    top = per_b.agg(col("n").max().alias("most"))
    df = per_b.join(top, how="cross").where(col("n") == col("most")).select("f_b", "n").sort("f_b")
    buffer = io.StringIO()
    df.explain(show_all=True, file=buffer)
    physical = buffer.getvalue().split("== Physical Plan ==")[1]
    assert physical.count("* Shared Result") == 2 and "read by 2 uses" in physical
    counts = {b: 0 for b in range(50)}
    for i in range(20_000):
        counts[i % 50] += 1
    most = max(counts.values())
    assert df.to_pydict() == {"f_b": [b for b, n in counts.items() if n == most],
                              "n": [most] * sum(1 for n in counts.values() if n == most)}


def test_a_join_tree_used_twice_is_reordered_in_both_uses(engine_config, star):
    """A frame of joins read twice (aggregated, and joined with that aggregate) is
    reordered like any other, the same way in both uses, and still computed once."""
    read = lambda name: sj.read_parquet(str(star / f"{name}.parquet"))  # noqa: E731
    joined = (read("fact").join(read("dim_b"), left_on="f_b", right_on="b_id")
              .join(read("dim_a").where(col("a_group") == 3), left_on="f_a", right_on="a_id"))
    total = joined.agg(col("f_id").count().alias("total"))
    df = (joined.groupby("b_name").agg(col("f_id").count().alias("n"))
          .join(total, how="cross").select("b_name", "n", "total").sort("b_name"))
    plan = _optimized(df)
    # Both copies join the filtered dimension first (written last); that join outputs
    # only the columns later used (its keys f_a and a_id are not).
    assert plan.count("Output schema = f_id#Int64, f_b#Int64\n") == 2, plan
    physical = io.StringIO()
    df.explain(show_all=True, file=physical)
    assert "read by 2 uses" in physical.getvalue()
    fact = pq.read_table(star / "fact.parquet")  # noqa: F841 (DuckDB)
    dim_a = pq.read_table(star / "dim_a.parquet")  # noqa: F841
    dim_b = pq.read_table(star / "dim_b.parquet")  # noqa: F841
    expected = duckdb.sql("""
        WITH j AS (SELECT * FROM fact JOIN dim_b ON f_b = b_id JOIN dim_a ON f_a = a_id
                   WHERE a_group = 3)
        SELECT b_name, count(f_id) AS n, (SELECT count(f_id) FROM j) AS total
        FROM j GROUP BY b_name ORDER BY b_name""").to_arrow_table()
    assert df.to_arrow().to_pydict() == expected.to_pydict()


def test_an_equality_filter_counts_as_more_selective_than_a_range(tmp_path):
    """Two dimensions of one size, one filtered by an equality (5% kept), the other by a
    range (90% kept), written in the wrong order: the estimates from the predicates'
    shapes put the equality-filtered one first (deepest in the plan)."""
    n = 20_000
    pq.write_table(pa.table({"f_id": range(n), "f_x": [i % 1000 for i in range(n)],
                             "f_y": [(i * 7) % 1000 for i in range(n)]}), tmp_path / "fact.parquet")
    pq.write_table(pa.table({"x_id": range(1000), "x_val": [i % 20 for i in range(1000)]}),
                   tmp_path / "dx.parquet")
    pq.write_table(pa.table({"y_id": range(1000), "y_val": list(range(1000))}), tmp_path / "dy.parquet")
    read = lambda name: sj.read_parquet(str(tmp_path / f"{name}.parquet"))  # noqa: E731
    df = (read("fact").join(read("dy").where(col("y_val") < 900), left_on="f_y", right_on="y_id")
          .join(read("dx").where(col("x_val") == 3), left_on="f_x", right_on="x_id"))
    plan = _optimized(df)
    assert plan.startswith("== Optimized Logical Plan ==\n\n* Project")
    assert plan.index("dy.parquet") < plan.index("dx.parquet")  # dx joins first
    fact = pq.read_table(tmp_path / "fact.parquet")  # noqa: F841 (DuckDB)
    dx = pq.read_table(tmp_path / "dx.parquet")  # noqa: F841
    dy = pq.read_table(tmp_path / "dy.parquet")  # noqa: F841
    expected = duckdb.sql("""
        SELECT * FROM fact JOIN dy ON f_y = y_id JOIN dx ON f_x = x_id
        WHERE y_val < 900 AND x_val = 3 ORDER BY f_id""").to_arrow_table()
    assert df.sort("f_id").to_arrow().to_pydict() == expected.to_pydict()


@pytest.fixture(scope="module")
def sales(tmp_path_factory):
    """Many sales rows over 2,000 items; a few items are "special"."""
    root = tmp_path_factory.mktemp("sales")
    n = 40_000
    pq.write_table(pa.table({
        "s_item": [(i * 7919) % 2000 for i in range(n)],
        "s_store": [i % 13 for i in range(n)],
        "s_qty": [(i * 31) % 17 if i % 11 else None for i in range(n)],
    }), root / "sales.parquet")
    pq.write_table(pa.table({
        "i_id": range(2000), "i_kind": ["special" if i % 97 == 0 else "plain" for i in range(2000)],
    }), root / "items.parquet")
    return root


def _has_semi_join_under_aggregate(plan: str) -> bool:
    aggregate = plan.find("* Aggregate")
    return aggregate >= 0 and "Type = Semi" in plan[aggregate:]


@pytest.mark.parametrize("shape", ["inner", "inner-agg-left", "semi", "semi-agg-right",
                                   "anti-agg-right", "having", "renamed"])
def test_aggregate_input_reduced_by_a_small_join_partner(engine_config, sales, shape):
    read = lambda name: sj.read_parquet(str(sales / f"{name}.parquet"))  # noqa: E731
    special = read("items").where(col("i_kind") == "special").select("i_id")
    totals = read("sales").groupby("s_item", "s_store").agg(col("s_qty").sum().alias("total"),
                                                           col("s_qty").count().alias("n"))
    sql_totals = "SELECT s_item, s_store, sum(s_qty) AS total, count(s_qty) AS n FROM sales GROUP BY ALL"
    sql_special = "SELECT i_id FROM items WHERE i_kind = 'special'"
    if shape == "inner":
        df = special.join(totals, left_on="i_id", right_on="s_item")
        sql = f"SELECT * FROM ({sql_special}) JOIN ({sql_totals}) ON i_id = s_item"
    elif shape == "inner-agg-left":
        df = totals.join(special, left_on="s_item", right_on="i_id")
        sql = f"SELECT * FROM ({sql_totals}) JOIN ({sql_special}) ON i_id = s_item"
    elif shape == "semi":
        df = totals.join(special, left_on="s_item", right_on="i_id", how="semi")
        sql = f"SELECT * FROM ({sql_totals}) WHERE s_item IN ({sql_special})"
    elif shape == "semi-agg-right":
        df = special.join(totals.where(col("total") > 20), left_on="i_id", right_on="s_item",
                          how="semi")
        sql = (f"SELECT * FROM ({sql_special}) WHERE i_id IN "
               f"(SELECT s_item FROM ({sql_totals}) WHERE total > 20)")
    elif shape == "anti-agg-right":
        df = special.join(totals.where(col("total") > 20), left_on="i_id", right_on="s_item",
                          how="anti")
        sql = (f"SELECT * FROM ({sql_special}) WHERE i_id NOT IN "
               f"(SELECT s_item FROM ({sql_totals}) WHERE total > 20)")
    elif shape == "having":
        df = special.join(totals.where(col("total") > 20), left_on="i_id", right_on="s_item")
        sql = f"SELECT * FROM ({sql_special}) JOIN ({sql_totals}) ON i_id = s_item WHERE total > 20"
    else:
        df = special.join(totals.select(col("s_item").alias("item"), "s_store", "total", "n"),
                          left_on="i_id", right_on="item")
        sql = (f"SELECT i_id, s_item AS item, s_store, total, n FROM ({sql_special}) "
               f"JOIN ({sql_totals}) ON i_id = s_item")
    assert _has_semi_join_under_aggregate(_optimized(df))
    sales_t = pq.read_table(sales / "sales.parquet")  # noqa: F841 (DuckDB)
    items = pq.read_table(sales / "items.parquet")  # noqa: F841
    expected = duckdb.sql(sql.replace("FROM sales", "FROM sales_t")).to_arrow_table()
    got = df.to_arrow()
    assert got.column_names == expected.column_names

    def rows(table):
        return sorted(zip(*[table.column(c).to_pylist() for c in table.column_names]),
                      key=lambda r: tuple((v is None, v) for v in r))
    assert rows(got) == rows(expected)


def test_aggregate_input_not_reduced_when_it_would_not_pay(sales):
    read = lambda name: sj.read_parquet(str(sales / f"{name}.parquet"))  # noqa: E731
    totals = read("sales").groupby("s_item").agg(col("s_qty").sum().alias("total"))
    # An anti join keeps the aggregation's groups that the partner lacks: never reduced.
    small = read("items").where(col("i_kind") == "special").select("i_id")
    lacking = totals.join(small, left_on="s_item", right_on="i_id", how="anti")
    assert not _has_semi_join_under_aggregate(_optimized(lacking))
    assert lacking.count_rows() == 2000 - 21
    # An unfiltered partner: its keys are not known to be few.
    all_items = read("items").select("i_id")
    assert not _has_semi_join_under_aggregate(
        _optimized(all_items.join(totals, left_on="i_id", right_on="s_item")))
    # A random sample would differ between its two runs.
    sampled = read("items").where(col("i_kind") == "special").sample(fraction=0.5).select("i_id")
    assert not _has_semi_join_under_aggregate(
        _optimized(sampled.join(totals, left_on="i_id", right_on="s_item")))
    # A computed group key cannot be traced to an input column.
    by_bucket = read("sales").groupby((col("s_item") % 100).alias("bucket")).agg(col("s_qty").sum())
    small = read("items").where(col("i_kind") == "special").select("i_id")
    computed = small.join(by_bucket, left_on="i_id", right_on="bucket")
    assert not _has_semi_join_under_aggregate(_optimized(computed))


@pytest.fixture(scope="module")
def eager(tmp_path_factory):
    """Customers (some keys repeated, some without orders) and orders with repeated
    customer keys, null keys and null values."""
    root = tmp_path_factory.mktemp("eager")
    customers = pa.table({"c_key": [1, 2, 3, 4, 5, 5, 6, None],
                          "c_group": ["a", "a", "b", "b", "c", "c", "c", "a"]})
    n = 3000
    orders = pa.table({
        "o_key": [None if i % 97 == 0 else (i * 7) % 5 + 1 for i in range(n)],
        "o_id": [None if i % 11 == 0 else i for i in range(n)],
        "o_price": [None if i % 13 == 0 else (i % 50) * 1.5 for i in range(n)],
        "o_qty": pa.array([None if i % 17 == 0 else i % 9 for i in range(n)], pa.int32()),
    })
    for name, table in [("customers", customers), ("orders", orders)]:
        pq.write_table(table, root / f"{name}.parquet")
    return root


EAGER_AGGREGATES = [
    (lambda: [col("o_id").count().alias("n")], "count(o_id) AS n"),
    (lambda: [col("o_price").sum().alias("s"), col("o_qty").min().alias("lo"),
              col("o_qty").max().alias("hi"), col("o_id").count().alias("n")],
     "sum(o_price) AS s, min(o_qty) AS lo, max(o_qty) AS hi, count(o_id) AS n"),
    (lambda: [(col("o_qty") * 2).sum().alias("q2")], "sum(o_qty * 2) AS q2"),
]


@pytest.mark.parametrize("aggregates", range(len(EAGER_AGGREGATES)))
@pytest.mark.parametrize("how", ["left", "inner", "right_with_orders_left"])
@pytest.mark.parametrize("keys", [["c_key"], ["c_group"], []])
def test_aggregating_before_a_join_keeps_results(engine_config, eager, aggregates, how, keys):
    """Grouped by one side's columns, aggregating the other side's values: the other
    side is aggregated by its join key first (explain shows the partial aggregation),
    with the same results as DuckDB, counts of unmatched rows 0 and repeated keys
    counted once per matching row."""
    customers = sj.read_parquet(str(eager / "customers.parquet"))
    orders = sj.read_parquet(str(eager / "orders.parquet"))
    ours, sql_aggregates = EAGER_AGGREGATES[aggregates]
    if how == "right_with_orders_left":
        joined = orders.join(customers, left_on="o_key", right_on="c_key", how="right")
        sql_join = "orders RIGHT JOIN customers ON o_key = c_key"
    else:
        joined = customers.join(orders, left_on="c_key", right_on="o_key", how=how)
        sql_join = f"customers {how.upper()} JOIN orders ON c_key = o_key"
    df = joined.groupby(*keys).agg(*ours()) if keys else joined.agg(*ours())
    assert "__partial_0" in _optimized(df)
    group = f" GROUP BY {', '.join(keys)}" if keys else ""
    customers_t = pq.read_table(eager / "customers.parquet")  # noqa: F841 (DuckDB)
    orders_t = pq.read_table(eager / "orders.parquet")  # noqa: F841
    sql = f"SELECT {', '.join(keys + [sql_aggregates])} FROM {sql_join}{group}"
    expected = duckdb.sql(sql.replace("customers", "customers_t").replace("orders", "orders_t")
                          ).to_arrow_table().to_pylist()
    got = df.to_arrow().to_pylist()
    order = lambda r: tuple((r[k] is None, r[k]) for k in keys)  # noqa: E731
    got, expected = sorted(got, key=order), sorted(expected, key=order)
    assert len(got) == len(expected)
    for ours_row, theirs in zip(got, expected):
        for name, value in theirs.items():
            assert ours_row[name] == (pytest.approx(value) if isinstance(value, float) else value), name


def test_aggregations_that_stay_after_the_join(eager):
    """Means, row counts, keys of the aggregated side, values of both sides and outer
    joins that keep the aggregated side's unmatched rows are left as written."""
    customers = sj.read_parquet(str(eager / "customers.parquet"))
    orders = sj.read_parquet(str(eager / "orders.parquet"))
    left = customers.join(orders, left_on="c_key", right_on="o_key", how="left")
    for df in [left.groupby("c_key").agg(col("o_price").mean().alias("m")),
               left.groupby("c_key").agg(col("o_id").count(mode="all").alias("n")),
               left.groupby("o_qty").agg(col("o_id").count().alias("n")),
               left.groupby("c_key").agg((col("o_qty") + col("c_key")).sum().alias("s")),
               orders.join(customers, left_on="o_key", right_on="c_key", how="left")
               .groupby("c_key").agg(col("o_id").count().alias("n"))]:
        assert "__partial_0" not in _optimized(df)


def test_an_equality_on_a_tiny_table_keeps_at_least_a_row(engine_config, tmp_path):
    """region (5 rows) filtered by an equality keeps one row in the estimates, not a
    quarter of one: the chain region -> nation -> customer is then estimated at its
    true size (200 rows), larger than the 100-row table it joins, which is built."""
    tables = {
        "region": pa.table({"r_key": range(5), "r_name": [f"r{i}" for i in range(5)]}),
        "nation": pa.table({"n_key": range(25), "n_region": [i % 5 for i in range(25)]}),
        "customer": pa.table({"c_key": range(1000), "c_nation": [i % 25 for i in range(1000)],
                              "c_item": [i % 100 for i in range(1000)]}),
        "item": pa.table({"i_key": range(100), "i_name": [f"i{i}" for i in range(100)]}),
    }
    for name, table in tables.items():
        pq.write_table(table, tmp_path / f"{name}.parquet")
    read = lambda name: sj.read_parquet(str(tmp_path / f"{name}.parquet"))  # noqa: E731
    chain = (read("customer").join(read("nation"), left_on="c_nation", right_on="n_key")
             .join(read("region").where(col("r_name") == "r2"), left_on="n_region", right_on="r_key"))
    df = chain.join(read("item"), left_on="c_item", right_on="i_key").select("c_key", "i_name")
    buffer = io.StringIO()
    df.explain(show_all=True, file=buffer)
    physical = buffer.getvalue().split("== Physical Plan ==")[1]
    top_join = physical[physical.index("* Hash Join"):]
    assert top_join.split("\n")[1].strip() == "|   Build on left: false"
    assert "i_key" in top_join.split("* Hash Join")[1]  # ... and the right side is the items
    got = df.sort("c_key").to_pydict()
    expected = [(c, f"i{c % 100}") for c in range(1000) if (c % 25) % 5 == 2]
    assert list(zip(got["c_key"], got["i_name"])) == expected


def test_a_filter_on_aggregated_values_is_estimated_selective(engine_config, tmp_path):
    """q18's shape: lines grouped by order and filtered on their sum (HAVING), joined to
    the orders. The filter's estimate (a fifth of the 6,000 lines) is below the 1,500
    orders, so the few big orders build the hash table, and the orders scan is filtered
    by their keys at runtime."""
    rng = np.random.default_rng(4)
    orders = pa.table({"o_key": np.arange(1500), "o_price": rng.integers(0, 1000, 1500)})
    lines = pa.table({"l_key": np.repeat(np.arange(1500), 4), "l_qty": rng.integers(1, 50, 6000)})
    pq.write_table(orders, tmp_path / "orders.parquet")
    pq.write_table(lines, tmp_path / "lines.parquet")
    big = (sj.read_parquet(str(tmp_path / "lines.parquet")).groupby("l_key")
           .agg(col("l_qty").sum().alias("qty")).where(col("qty") > 150))
    df = big.join(sj.read_parquet(str(tmp_path / "orders.parquet")), left_on="l_key", right_on="o_key")
    buffer = io.StringIO()
    df.explain(show_all=True, file=buffer)
    physical = buffer.getvalue().split("== Physical Plan ==")[1]
    assert "|   Build on left: true" in physical
    assert "Runtime join filters = [o_key]" in physical
    got = df.select("l_key", "qty", "o_price").sort("l_key").to_arrow()
    expected = duckdb.sql("""
        SELECT l_key, sum(l_qty) AS qty, o_price FROM lines JOIN orders ON l_key = o_key
        GROUP BY l_key, o_price HAVING sum(l_qty) > 150 ORDER BY l_key""").to_arrow_table()
    assert got.num_rows > 0
    assert got.to_pydict() == expected.to_pydict()


def test_a_date_range_is_estimated_from_the_file_statistics(engine_config, tmp_path):
    """q14's shape: a 20-day window of 2,000 days of sales (1%) joined to 2,000 items.
    With the dates' min and max from the Parquet statistics the window is estimated at
    200 sales, not a ninth of them (2,222): the sales build the hash table and the item
    scan is filtered by their keys at runtime."""
    import datetime

    rng = np.random.default_rng(8)
    days = rng.integers(0, 2000, 20_000).astype("int32")
    sales = pa.table({"s_item": rng.integers(0, 2000, 20_000),
                      "s_day": pa.array(days).cast(pa.date32()),
                      "s_amount": rng.integers(1, 100, 20_000)})
    items = pa.table({"i_key": np.arange(2000), "i_kind": [f"k{i % 7}" for i in range(2000)]})
    pq.write_table(sales, tmp_path / "sales.parquet", row_group_size=5000)
    pq.write_table(items, tmp_path / "items.parquet")
    start = datetime.date(1970, 1, 1) + datetime.timedelta(days=1000)
    end = start + datetime.timedelta(days=20)
    window = sj.read_parquet(str(tmp_path / "sales.parquet")).where(
        (col("s_day") >= lit(start)) & (col("s_day") < lit(end)))
    df = (window.join(sj.read_parquet(str(tmp_path / "items.parquet")), left_on="s_item",
                      right_on="i_key")
          .groupby("i_kind").agg(col("s_amount").sum().alias("total")))
    buffer = io.StringIO()
    df.explain(show_all=True, file=buffer)
    physical = buffer.getvalue().split("== Physical Plan ==")[1]
    assert "|   Build on left: true" in physical
    assert "Runtime join filters = [i_key]" in physical
    got = df.sort("i_kind").to_arrow()
    expected = duckdb.sql(f"""
        SELECT i_kind, sum(s_amount) AS total FROM sales JOIN items ON s_item = i_key
        WHERE s_day >= DATE '{start}' AND s_day < DATE '{end}'
        GROUP BY i_kind ORDER BY i_kind""").to_arrow_table()
    assert got.num_rows == 7
    assert got.to_pydict() == expected.to_pydict()


@pytest.fixture(scope="module")
def cases_data(tmp_path_factory):
    """Line items and parts in the shape of TPC-H q19, with nulls."""
    root = tmp_path_factory.mktemp("cases")
    n, parts = 20_000, 2_000
    items = pa.table({
        "l_part": [None if i % 101 == 0 else (i * 37) % parts for i in range(n)],
        "l_qty": [None if i % 53 == 0 else i % 50 for i in range(n)],
        "l_price": [float(i % 1000) for i in range(n)],
    })
    part = pa.table({
        "p_key": range(parts),
        "p_brand": [None if i % 97 == 0 else f"B{i % 25}" for i in range(parts)],
        "p_size": [i % 40 for i in range(parts)],
    })
    pq.write_table(items, root / "items.parquet")
    pq.write_table(part, root / "part.parquet")
    return root


INFERENCE_CASES = {
    # every case tests the part: the part scan gets (B1 & size<=5) | (B2 & size<=10)
    "both_sides": ((lambda: ((col("p_brand") == "B1") & (col("p_size") <= 5) & (col("l_qty") < 10))
                    | ((col("p_brand") == "B2") & (col("p_size") <= 10) & (col("l_qty") >= 40))),
                   "(p_brand = 'B1' AND p_size <= 5 AND l_qty < 10) OR "
                   "(p_brand = 'B2' AND p_size <= 10 AND l_qty >= 40)", True),
    # the second case does not test the part: nothing implied for it
    "one_side_missing": ((lambda: ((col("p_brand") == "B1") & (col("l_qty") < 10)) | (col("l_qty") == 45)),
                         "(p_brand = 'B1' AND l_qty < 10) OR l_qty = 45", False),
}


@pytest.mark.parametrize("how", ["inner", "left"])
@pytest.mark.parametrize("case", list(INFERENCE_CASES))
def test_filters_implied_for_one_join_side(engine_config, cases_data, case, how):
    """A disjunction of cases over both sides of a join implies a filter on a side that
    every case tests (for an inner join, or the kept side of a left join): it shows in
    that side's scan, and results equal DuckDB's (nulls included)."""
    predicate, sql_predicate, implied = INFERENCE_CASES[case]
    items = sj.read_parquet(str(cases_data / "items.parquet"))
    part = sj.read_parquet(str(cases_data / "part.parquet"))
    if how == "inner":
        joined = items.join(part, left_on="l_part", right_on="p_key")
        sql_join = "items_t JOIN part_t ON l_part = p_key"
    else:  # the part is the preserved side
        joined = part.join(items, left_on="p_key", right_on="l_part", how="left")
        sql_join = "part_t LEFT JOIN items_t ON l_part = p_key"
    df = joined.where(predicate()).select("p_key", "l_qty", "l_price", "p_brand")
    part_scan = [block for block in _optimized(df).split("* Source:") if "part.parquet" in block][0]
    filters = [line for line in part_scan.splitlines() if "Filter pushdown" in line]
    assert any("p_brand" in line for line in filters) == implied, part_scan
    items_t = pq.read_table(cases_data / "items.parquet")  # noqa: F841 (DuckDB)
    part_t = pq.read_table(cases_data / "part.parquet")  # noqa: F841
    expected = duckdb.sql(f"SELECT p_key, l_qty, l_price, p_brand FROM {sql_join} WHERE {sql_predicate}"
                          ).to_arrow_table().to_pylist()
    key = lambda r: (r["p_key"], r["l_qty"] is None, r["l_qty"] or 0, r["l_price"])  # noqa: E731
    assert sorted(df.to_arrow().to_pylist(), key=key) == sorted(expected, key=key)


def _physical(df) -> str:
    buffer = io.StringIO()
    df.explain(show_all=True, file=buffer)
    return buffer.getvalue().split("== Physical Plan ==")[1]


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    """A small table of people, as TPC-H q22's customers: codes, balances with nulls."""
    root = tmp_path_factory.mktemp("people")
    n = 5_000
    table = pa.table({
        "id": range(n),
        "code": [f"{i % 31:02d}-{i}" for i in range(n)],
        "balance": [None if i % 89 == 0 else float((i * 7919) % 2001 - 1000) for i in range(n)],
        "region": [i % 5 for i in range(n)],
    })
    pq.write_table(table, root / "people.parquet", row_group_size=1_000)
    return root


def test_a_frame_reused_with_a_further_filter_is_scanned_once(engine_config, people):
    """q22's shape: a filtered frame, and an aggregate over it filtered further, joined
    back. The two uses read one scan under the common filter."""
    people_table = pq.read_table(people / "people.parquet")  # noqa: F841 (DuckDB)
    frame = sj.read_parquet(str(people / "people.parquet"))
    selected = frame.where(col("code").substr(0, 2).is_in(["03", "07", "11", "29"]))
    average = selected.where(col("balance") > 0).agg(col("balance").mean().alias("avg"))
    df = (selected.join(average, how="cross").where(col("balance") > col("avg"))
          .select("id", "region").sort("id"))
    physical = _physical(df)
    # explain lists the shared scan under each of its uses
    assert physical.count("Parquet Scan") == 2 and "read by 2 uses" in physical
    expected = duckdb.sql("""
        WITH selected AS (SELECT * FROM people_table WHERE substr(code, 1, 2) IN ('03', '07', '11', '29'))
        SELECT id, region FROM selected
        WHERE balance > (SELECT avg(balance) FROM selected WHERE balance > 0) ORDER BY id""").to_arrow_table()
    assert df.to_arrow().to_pydict() == expected.to_pydict()


def test_scans_sharing_columns_and_filters_in_three_uses(engine_config, people):
    """Uses with different columns, one unfiltered, one filtered on a column it does not
    return: one scan of the union of columns, each use's filter and columns above it."""
    people_table = pq.read_table(people / "people.parquet")  # noqa: F841 (DuckDB)
    frame = sj.read_parquet(str(people / "people.parquet"))
    per_region = frame.groupby("region").agg(col("id").count().alias("n"))
    positive = (frame.where(col("balance") > 100).groupby("region")
                .agg(col("balance").sum().alias("total")))
    coded = frame.where((col("balance") > 100) & (col("code") > "20")).select("id", "region")
    df = (coded.join(per_region, on="region").join(positive, on="region")
          .select("id", "region", "n", "total").sort("id"))
    physical = _physical(df)
    # explain lists the shared scan under each of its uses
    assert physical.count("Parquet Scan") == 3 and "read by 3 uses" in physical
    expected = duckdb.sql("""
        SELECT c.id, c.region, r.n, p.total
        FROM (SELECT id, region FROM people_table WHERE balance > 100 AND code > '20') c
        JOIN (SELECT region, count(id) AS n FROM people_table GROUP BY region) r USING (region)
        JOIN (SELECT region, sum(balance) AS total FROM people_table WHERE balance > 100
              GROUP BY region) p USING (region)
        ORDER BY c.id""").to_arrow_table()
    got = df.to_arrow()
    assert got.column("id").to_pylist() == expected.column("id").to_pylist()
    assert got.column("n").to_pylist() == expected.column("n").to_pylist()
    assert got.column("total").to_pylist() == pytest.approx(expected.column("total").to_pylist())


def test_scans_with_unrelated_filters_stay_apart(people):
    """Neither use's filter is part of the other's: each keeps its own scan (sharing
    would read every row for both)."""
    frame = sj.read_parquet(str(people / "people.parquet"))
    low = frame.where(col("balance") < -900).select("id")
    high = frame.where(col("balance") > 900).select("id").with_column_renamed("id", "other")
    df = low.join(high, how="cross")
    physical = _physical(df)
    assert physical.count("Parquet Scan") == 2 and "Shared Result" not in physical
    table = pq.read_table(people / "people.parquet").to_pydict()
    lows = sum(1 for b in table["balance"] if b is not None and b < -900)
    highs = sum(1 for b in table["balance"] if b is not None and b > 900)
    assert df.count_rows() == lows * highs


def test_scans_too_large_to_keep_in_memory_are_not_shared(tmp_path):
    """Sharing keeps the scan's rows in memory; a table of long texts (about 70 MB
    uncompressed, by its Parquet metadata) is read twice instead."""
    n = 1_100
    docs = pa.table({"id": range(n), "doc": [f"{i}:" + "x" * 65_536 for i in range(n)]})
    pq.write_table(docs, tmp_path / "docs.parquet", compression="zstd")
    frame = sj.read_parquet(str(tmp_path / "docs.parquet"))
    longest = frame.where(col("id") > 10).agg(col("id").max().alias("top"))
    df = frame.join(longest, how="cross").where(col("id") == col("top")).select("id", "doc")
    physical = _physical(df)
    assert physical.count("Parquet Scan") == 2 and "Shared Result" not in physical
    assert df.to_pydict() == {"id": [1_099], "doc": ["1099:" + "x" * 65_536]}


def _join_output_schemas(plan: str) -> list[str]:
    lines = plan.splitlines()
    return [lines[i + 3].split("Output schema = ")[1] for i, line in enumerate(lines)
            if line.lstrip("| ").startswith("* Join:")]


def test_joins_output_only_the_columns_used_above_them(engine_config, tmp_path):
    """Keys used only by their own join, and columns nothing reads, are not joined
    output columns; every join type, a merged key, a count of rows only and a frame
    used twice with different needs give DuckDB's results."""
    rng = np.random.default_rng(5)
    n = 3000
    fact = pa.table({"f_id": np.arange(n), "f_a": rng.integers(0, 50, n), "f_b": rng.integers(0, 40, n),
                     "f_x": rng.integers(0, 1000, n)})
    dim_a = pa.table({"f_a": np.arange(0, 60), "a_val": np.arange(0, 60) * 10})
    dim_b = pa.table({"b_id": np.arange(0, 30), "b_name": [f"b{i % 7}" for i in range(30)]})
    facts, da, db = sj.from_arrow(fact), sj.from_arrow(dim_a), sj.from_arrow(dim_b)
    chain = facts.join(da, on="f_a").join(db, left_on="f_b", right_on="b_id")
    q = chain.groupby("b_name").agg(col("a_val").sum().alias("s"), col("f_x").max().alias("m"))
    schemas = _join_output_schemas(_optimized(q))
    assert schemas and all("f_id" not in s and "b_id" not in s for s in schemas), schemas
    got = q.sort("b_name").to_pydict()
    expected = duckdb.sql("""
        select b_name, sum(a_val) as s, max(f_x) as m from fact join dim_a using (f_a)
        join dim_b on f_b = b_id group by b_name order by b_name""").to_arrow_table()
    assert got == expected.to_pydict()
    assert chain.count_rows() == duckdb.sql(
        "select count(*) from fact join dim_a using (f_a) join dim_b on f_b = b_id").fetchall()[0][0]
    for how, sql in [("left", "left join"), ("outer", "full outer join"), ("right", "right join")]:
        joined = facts.join(da, on="f_a", how=how).select("f_a", "a_val")
        exp = duckdb.sql(f"select coalesce(fact.f_a, dim_a.f_a) as f_a, a_val from fact {sql} dim_a "
                         "on fact.f_a = dim_a.f_a").to_arrow_table()
        assert sorted_rows(joined.to_arrow()) == sorted_rows(exp), how
    semi = facts.join(da.where(col("a_val") > 200), on="f_a", how="semi").select("f_x")
    exp = duckdb.sql("select f_x from fact where f_a in (select f_a from dim_a where a_val > 200)")
    assert sorted(semi.to_pydict()["f_x"]) == sorted(r[0] for r in exp.fetchall())
    # One frame, two uses that need different columns: computed once, both correct.
    pairs = facts.join(db, left_on="f_b", right_on="b_id")
    by_name = pairs.groupby("b_name").agg(col("f_x").sum().alias("t"))
    both = pairs.select("f_id", "b_name").join(by_name, on="b_name").select("f_id", "t")
    exp = dict(duckdb.sql("""
        with p as (select * from fact join dim_b on f_b = b_id),
             t as (select b_name, sum(f_x) as t from p group by b_name)
        select f_id, t from p join t using (b_name)""").fetchall())
    got = both.to_pydict()
    assert dict(zip(got["f_id"], got["t"])) == exp
    # A select over a join that outputs just those columns is dropped as a no-op; the
    # join must keep its chosen columns when later rules rebuild it (filters pushed in).
    pq.write_table(fact, tmp_path / "fact.parquet")
    read = sj.read_parquet(str(tmp_path / "fact.parquet"))
    small = read.where(col("f_x") < 500).select(col("f_id").alias("k2"), col("f_x").alias("x2"))
    self_join = read.join(small, left_on="f_id", right_on="k2").select("f_id", "f_x", "x2")
    assert self_join.to_arrow().column_names == ["f_id", "f_x", "x2"]
