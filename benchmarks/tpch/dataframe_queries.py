"""The 22 TPC-H queries written with the Daft DataFrame API.

Each ``qN(table, d)`` takes ``table(name) -> DataFrame`` (a loader for the TPC-H tables)
and ``d``, the engine module (``daft`` or ``skipjack``), and returns a lazy DataFrame
whose columns, column order, ORDER BY and LIMIT match ``sql/qNN.sql`` (the spec's query
text with its validation parameters). The same code runs on Daft 0.7.26 and on Skipjack.

Conventions and the reasons for them (Daft 0.7.26 behaviour):

- Expressions use Daft 0.7's flat methods: ``.contains``, ``.startswith``,
  ``.endswith``, ``.substr(start, length)`` (0-based start), ``.year()``, ``.regexp``.
  Daft 0.7 has no ``.str``/``.dt`` namespaces and no ``Expression.if_else``, so CASE
  WHEN is written as a product with a boolean cast to a number (``bool -> float64``
  or ``bool -> int64``), or, where the ELSE is null, ``d.functions.when`` (Q21).
- ``count(*)`` is ``col(<a non-null key>).count()``; Daft's count skips nulls.
- Decimals stay decimal128, except where Daft's decimal typing forbids it: Daft widens
  precision to p1 + p2 on multiplication and refuses results above 38, so
  ``price * (1 - disc) * (1 + tax)`` (Q1) can't be decimal, and ``price * (1 - disc) -
  cost * qty`` (Q9) is written ``price - price * disc - cost * qty``, which is exact and
  stays within 38 digits. Decimal / decimal division gives wrong values in Daft 0.7.26
  (decimal(31, 18) overflows silently), so ratios (Q8, Q14) divide float64 sums.
  Comparisons with float literals (``l_discount >= 0.05``) and decimal * float
  (``0.2 * avg``) are fine and give bool / float64.
- Joins with ``left_on``/``right_on`` keep both key columns; ``on=`` keeps one. Non-key
  columns whose names clash get a ``right.`` prefix in Daft, so the queries rename
  columns before a join instead of relying on it (Q7, Q8 join nation twice).
- Correlated and scalar subqueries become aggregations joined back: on the correlation
  keys (Q2, Q17, Q20), or ``how="cross"`` with a one-row ``agg()`` (Q11, Q15, Q22).
  EXISTS / IN / NOT IN / NOT EXISTS become semi / anti joins.
"""

from __future__ import annotations

import datetime

date = datetime.date


def _revenue(d):
    """l_extendedprice * (1 - l_discount), decimal(38, 4) on Daft."""
    return d.col("l_extendedprice") * (1 - d.col("l_discount"))


def _as_number(d, condition):
    """A boolean as 0.0 / 1.0 (CASE WHEN condition THEN 1 ELSE 0 END)."""
    return condition.cast(d.DataType.float64())


def q1(table, d):
    col = d.col
    disc_price = _revenue(d)
    return (
        table("lineitem")
        .where(col("l_shipdate") <= d.lit(date(1998, 12, 1) - datetime.timedelta(days=90)))
        .groupby("l_returnflag", "l_linestatus")
        .agg(
            col("l_quantity").sum().alias("sum_qty"),
            col("l_extendedprice").sum().alias("sum_base_price"),
            disc_price.sum().alias("sum_disc_price"),
            # float64: the decimal product would need more than 38 digits on Daft.
            (disc_price.cast(d.DataType.float64()) * (1 + col("l_tax"))).sum().alias("sum_charge"),
            col("l_quantity").mean().alias("avg_qty"),
            col("l_extendedprice").mean().alias("avg_price"),
            col("l_discount").mean().alias("avg_disc"),
            col("l_orderkey").count().alias("count_order"),
        )
        .sort(["l_returnflag", "l_linestatus"])
    )


def q2(table, d):
    col = d.col
    europe = table("region").where(col("r_name") == "EUROPE")
    european_suppliers = (
        table("supplier")
        .join(table("nation"), left_on="s_nationkey", right_on="n_nationkey")
        .join(europe, left_on="n_regionkey", right_on="r_regionkey")
    )
    european_offers = table("partsupp").join(european_suppliers, left_on="ps_suppkey", right_on="s_suppkey")
    parts = table("part").where((col("p_size") == 15) & col("p_type").endswith("BRASS"))
    # The correlated min(ps_supplycost) is over Europe's offers of the same part, and
    # every such offer of a selected part is in `candidates`: take the minimum there.
    candidates = parts.join(european_offers, left_on="p_partkey", right_on="ps_partkey")
    min_cost = candidates.groupby("p_partkey").agg(col("ps_supplycost").min().alias("min_supplycost"))
    return (
        candidates
        .join(min_cost.select(col("p_partkey").alias("mc_partkey"), "min_supplycost"),
              left_on="p_partkey", right_on="mc_partkey")
        .where(col("ps_supplycost") == col("min_supplycost"))
        .select("s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr", "s_address", "s_phone", "s_comment")
        .sort(["s_acctbal", "n_name", "s_name", "p_partkey"], desc=[True, False, False, False])
        .limit(100)
    )


def q3(table, d):
    col = d.col
    cutoff = d.lit(date(1995, 3, 15))
    customers = table("customer").where(col("c_mktsegment") == "BUILDING").select("c_custkey")
    orders = table("orders").where(col("o_orderdate") < cutoff)
    lineitems = table("lineitem").where(col("l_shipdate") > cutoff)
    return (
        customers.join(orders, left_on="c_custkey", right_on="o_custkey")
        .join(lineitems, left_on="o_orderkey", right_on="l_orderkey")
        .groupby("o_orderkey", "o_orderdate", "o_shippriority")
        .agg(_revenue(d).sum().alias("revenue"))
        .select(col("o_orderkey").alias("l_orderkey"), "revenue", "o_orderdate", "o_shippriority")
        .sort(["revenue", "o_orderdate"], desc=[True, False])
        .limit(10)
    )


def q4(table, d):
    col = d.col
    late = table("lineitem").where(col("l_commitdate") < col("l_receiptdate"))
    return (
        table("orders")
        .where((col("o_orderdate") >= d.lit(date(1993, 7, 1))) & (col("o_orderdate") < d.lit(date(1993, 10, 1))))
        .join(late, left_on="o_orderkey", right_on="l_orderkey", how="semi")
        .groupby("o_orderpriority")
        .agg(col("o_orderkey").count().alias("order_count"))
        .sort("o_orderpriority")
    )


def q5(table, d):
    col = d.col
    asia = table("region").where(col("r_name") == "ASIA")
    nations = table("nation").join(asia, left_on="n_regionkey", right_on="r_regionkey")
    orders = table("orders").where(
        (col("o_orderdate") >= d.lit(date(1994, 1, 1))) & (col("o_orderdate") < d.lit(date(1995, 1, 1)))
    )
    return (
        table("customer")
        .join(orders, left_on="c_custkey", right_on="o_custkey")
        .join(table("lineitem"), left_on="o_orderkey", right_on="l_orderkey")
        # c_nationkey = s_nationkey: the customer and the supplier are in the same nation.
        .join(table("supplier"), left_on=["l_suppkey", "c_nationkey"], right_on=["s_suppkey", "s_nationkey"])
        .join(nations, left_on="c_nationkey", right_on="n_nationkey")
        .groupby("n_name")
        .agg(_revenue(d).sum().alias("revenue"))
        .sort("revenue", desc=True)
    )


def q6(table, d):
    col = d.col
    return (
        table("lineitem")
        .where(
            (col("l_shipdate") >= d.lit(date(1994, 1, 1)))
            & (col("l_shipdate") < d.lit(date(1995, 1, 1)))
            & (col("l_discount") >= 0.05)  # between 0.06 - 0.01 and 0.06 + 0.01
            & (col("l_discount") <= 0.07)
            & (col("l_quantity") < 24)
        )
        .agg((col("l_extendedprice") * col("l_discount")).sum().alias("revenue"))
    )


def q7(table, d):
    col = d.col
    pair = ["FRANCE", "GERMANY"]
    supp_nations = table("nation").where(col("n_name").is_in(pair)).select(
        col("n_nationkey").alias("supp_nationkey"), col("n_name").alias("supp_nation"))
    cust_nations = table("nation").where(col("n_name").is_in(pair)).select(
        col("n_nationkey").alias("cust_nationkey"), col("n_name").alias("cust_nation"))
    lineitems = table("lineitem").where(
        (col("l_shipdate") >= d.lit(date(1995, 1, 1))) & (col("l_shipdate") <= d.lit(date(1996, 12, 31)))
    )
    return (
        table("supplier")
        .join(supp_nations, left_on="s_nationkey", right_on="supp_nationkey")
        .join(lineitems, left_on="s_suppkey", right_on="l_suppkey")
        .join(table("orders"), left_on="l_orderkey", right_on="o_orderkey")
        .join(table("customer"), left_on="o_custkey", right_on="c_custkey")
        .join(cust_nations, left_on="c_nationkey", right_on="cust_nationkey")
        # Both nations are FRANCE or GERMANY; the spec's OR of the two pairs means they differ.
        .where(col("supp_nation") != col("cust_nation"))
        .select(
            "supp_nation",
            "cust_nation",
            col("l_shipdate").year().alias("l_year"),
            _revenue(d).alias("volume"),
        )
        .groupby("supp_nation", "cust_nation", "l_year")
        .agg(col("volume").sum().alias("revenue"))
        .sort(["supp_nation", "cust_nation", "l_year"])
    )


def q8(table, d):
    col = d.col
    america = table("region").where(col("r_name") == "AMERICA")
    customer_nations = table("nation").join(america, left_on="n_regionkey", right_on="r_regionkey").select(
        col("n_nationkey").alias("cust_nationkey"))
    supplier_nations = table("nation").select(col("n_nationkey").alias("supp_nationkey"), col("n_name").alias("nation"))
    parts = table("part").where(col("p_type") == "ECONOMY ANODIZED STEEL").select("p_partkey")
    orders = table("orders").where(
        (col("o_orderdate") >= d.lit(date(1995, 1, 1))) & (col("o_orderdate") <= d.lit(date(1996, 12, 31)))
    )
    volume = _revenue(d).cast(d.DataType.float64())
    return (
        parts.join(table("lineitem"), left_on="p_partkey", right_on="l_partkey")
        .join(orders, left_on="l_orderkey", right_on="o_orderkey")
        .join(table("customer"), left_on="o_custkey", right_on="c_custkey")
        .join(customer_nations, left_on="c_nationkey", right_on="cust_nationkey")
        .join(table("supplier"), left_on="l_suppkey", right_on="s_suppkey")
        .join(supplier_nations, left_on="s_nationkey", right_on="supp_nationkey")
        .select(
            col("o_orderdate").year().alias("o_year"),
            volume.alias("volume"),
            # case when nation = 'BRAZIL' then volume else 0 end
            (volume * _as_number(d, col("nation") == "BRAZIL")).alias("brazil_volume"),
        )
        .groupby("o_year")
        .agg(col("brazil_volume").sum().alias("brazil"), col("volume").sum().alias("total"))
        .select("o_year", (col("brazil") / col("total")).alias("mkt_share"))
        .sort("o_year")
    )


def q9(table, d):
    col = d.col
    parts = table("part").where(col("p_name").contains("green")).select("p_partkey")
    nations = table("nation").select("n_nationkey", col("n_name").alias("nation"))
    # l_extendedprice * (1 - l_discount) - ps_supplycost * l_quantity, rearranged so the
    # decimal result stays within 38 digits on Daft.
    amount = (
        col("l_extendedprice")
        - col("l_extendedprice") * col("l_discount")
        - col("ps_supplycost") * col("l_quantity")
    )
    return (
        parts.join(table("lineitem"), left_on="p_partkey", right_on="l_partkey")
        .join(table("partsupp"), left_on=["p_partkey", "l_suppkey"], right_on=["ps_partkey", "ps_suppkey"])
        .join(table("supplier"), left_on="l_suppkey", right_on="s_suppkey")
        .join(nations, left_on="s_nationkey", right_on="n_nationkey")
        .join(table("orders"), left_on="l_orderkey", right_on="o_orderkey")
        .select("nation", col("o_orderdate").year().alias("o_year"), amount.alias("amount"))
        .groupby("nation", "o_year")
        .agg(col("amount").sum().alias("sum_profit"))
        .sort(["nation", "o_year"], desc=[False, True])
    )


def q10(table, d):
    col = d.col
    orders = table("orders").where(
        (col("o_orderdate") >= d.lit(date(1993, 10, 1))) & (col("o_orderdate") < d.lit(date(1994, 1, 1)))
    )
    returned = table("lineitem").where(col("l_returnflag") == "R")
    return (
        table("customer")
        .join(orders, left_on="c_custkey", right_on="o_custkey")
        .join(returned, left_on="o_orderkey", right_on="l_orderkey")
        .join(table("nation"), left_on="c_nationkey", right_on="n_nationkey")
        .groupby("c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment")
        .agg(_revenue(d).sum().alias("revenue"))
        .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone", "c_comment")
        .sort("revenue", desc=True)
        .limit(20)
    )


def q11(table, d):
    col = d.col
    germany = table("nation").where(col("n_name") == "GERMANY")
    stock = (
        table("partsupp")
        .join(table("supplier"), left_on="ps_suppkey", right_on="s_suppkey")
        .join(germany, left_on="s_nationkey", right_on="n_nationkey")
        .select("ps_partkey", (col("ps_supplycost") * col("ps_availqty")).alias("stock_value"))
    )
    threshold = stock.agg((col("stock_value").sum() * 0.0001).alias("threshold"))
    return (
        stock.groupby("ps_partkey")
        .agg(col("stock_value").sum().alias("value"))
        .join(threshold, how="cross")
        .where(col("value") > col("threshold"))
        .select("ps_partkey", "value")
        .sort("value", desc=True)
    )


def q12(table, d):
    col = d.col
    lineitems = table("lineitem").where(
        col("l_shipmode").is_in(["MAIL", "SHIP"])
        & (col("l_commitdate") < col("l_receiptdate"))
        & (col("l_shipdate") < col("l_commitdate"))
        & (col("l_receiptdate") >= d.lit(date(1994, 1, 1)))
        & (col("l_receiptdate") < d.lit(date(1995, 1, 1)))
    )
    high = col("o_orderpriority").is_in(["1-URGENT", "2-HIGH"])
    return (
        table("orders")
        .join(lineitems, left_on="o_orderkey", right_on="l_orderkey")
        .groupby("l_shipmode")
        .agg(
            high.cast(d.DataType.int64()).sum().alias("high_line_count"),
            (~high).cast(d.DataType.int64()).sum().alias("low_line_count"),
        )
        .sort("l_shipmode")
    )


def q13(table, d):
    col = d.col
    # The ON clause's condition on orders filters orders before the outer join.
    orders = table("orders").where(~col("o_comment").regexp("special.*requests"))
    return (
        table("customer")
        .join(orders, left_on="c_custkey", right_on="o_custkey", how="left")
        .groupby("c_custkey")
        .agg(col("o_orderkey").count().alias("c_count"))  # counts only matched orders
        .groupby("c_count")
        .agg(col("c_custkey").count().alias("custdist"))
        .sort(["custdist", "c_count"], desc=[True, True])
    )


def q14(table, d):
    col = d.col
    lineitems = table("lineitem").where(
        (col("l_shipdate") >= d.lit(date(1995, 9, 1))) & (col("l_shipdate") < d.lit(date(1995, 10, 1)))
    )
    revenue = _revenue(d).cast(d.DataType.float64())
    return (
        lineitems.join(table("part"), left_on="l_partkey", right_on="p_partkey")
        .agg(
            (revenue * _as_number(d, col("p_type").startswith("PROMO"))).sum().alias("promo"),
            revenue.sum().alias("total"),
        )
        .select((100.0 * col("promo") / col("total")).alias("promo_revenue"))
    )


def q15(table, d):
    col = d.col
    revenue0 = (
        table("lineitem")
        .where((col("l_shipdate") >= d.lit(date(1996, 1, 1))) & (col("l_shipdate") < d.lit(date(1996, 4, 1))))
        .groupby("l_suppkey")
        .agg(_revenue(d).sum().alias("total_revenue"))
        .select(col("l_suppkey").alias("supplier_no"), "total_revenue")
    )
    top = revenue0.agg(col("total_revenue").max().alias("max_revenue"))
    return (
        table("supplier")
        .join(revenue0, left_on="s_suppkey", right_on="supplier_no")
        .join(top, how="cross")
        .where(col("total_revenue") == col("max_revenue"))
        .select("s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
        .sort("s_suppkey")
    )


def q16(table, d):
    col = d.col
    complaints = table("supplier").where(col("s_comment").regexp("Customer.*Complaints")).select("s_suppkey")
    parts = table("part").where(
        (col("p_brand") != "Brand#45")
        & ~col("p_type").startswith("MEDIUM POLISHED")
        & col("p_size").is_in([49, 14, 23, 45, 19, 3, 36, 9])
    )
    return (
        table("partsupp")
        # NOT IN: s_suppkey is never null, so an anti join is exact.
        .join(complaints, left_on="ps_suppkey", right_on="s_suppkey", how="anti")
        .join(parts, left_on="ps_partkey", right_on="p_partkey")
        .groupby("p_brand", "p_type", "p_size")
        .agg(col("ps_suppkey").count_distinct().alias("supplier_cnt"))
        .sort(["supplier_cnt", "p_brand", "p_type", "p_size"], desc=[True, False, False, False])
    )


def q17(table, d):
    col = d.col
    parts = table("part").where((col("p_brand") == "Brand#23") & (col("p_container") == "MED BOX")).select("p_partkey")
    lineitems = parts.join(table("lineitem"), left_on="p_partkey", right_on="l_partkey")
    # The correlated average is over all of the part's lineitems; every lineitem of a
    # selected part is in `lineitems`, so average those per part.
    limits = lineitems.groupby("p_partkey").agg((0.2 * col("l_quantity").mean()).alias("qty_limit"))
    return (
        lineitems.join(limits.select(col("p_partkey").alias("limit_partkey"), "qty_limit"),
                       left_on="p_partkey", right_on="limit_partkey")
        .where(col("l_quantity") < col("qty_limit"))
        .agg((col("l_extendedprice").sum() / 7.0).alias("avg_yearly"))
    )


def q18(table, d):
    col = d.col
    # sum(l_quantity) per order, computed once: it is both the IN subquery's HAVING
    # value and the outer query's sum (the outer query groups by the order).
    large = (
        table("lineitem")
        .groupby("l_orderkey")
        .agg(col("l_quantity").sum().alias("sum_qty"))
        .where(col("sum_qty") > 300)
    )
    return (
        large.join(table("orders"), left_on="l_orderkey", right_on="o_orderkey")
        .join(table("customer"), left_on="o_custkey", right_on="c_custkey")
        .select("c_name", col("o_custkey").alias("c_custkey"), col("l_orderkey").alias("o_orderkey"),
                "o_orderdate", "o_totalprice", "sum_qty")
        .sort(["o_totalprice", "o_orderdate"], desc=[True, False])
        .limit(100)
    )


def q19(table, d):
    col = d.col
    # Conditions shared by the three branches are applied before the join.
    lineitems = table("lineitem").where(
        col("l_shipmode").is_in(["AIR", "AIR REG"]) & (col("l_shipinstruct") == "DELIVER IN PERSON")
    )

    def branch(brand, containers, quantity, max_size):
        return (
            (col("p_brand") == brand)
            & col("p_container").is_in(containers)
            & (col("l_quantity") >= quantity)
            & (col("l_quantity") <= quantity + 10)
            & (col("p_size") >= 1)
            & (col("p_size") <= max_size)
        )

    return (
        lineitems.join(table("part"), left_on="l_partkey", right_on="p_partkey")
        .where(
            branch("Brand#12", ["SM CASE", "SM BOX", "SM PACK", "SM PKG"], 1, 5)
            | branch("Brand#23", ["MED BAG", "MED BOX", "MED PKG", "MED PACK"], 10, 10)
            | branch("Brand#34", ["LG CASE", "LG BOX", "LG PACK", "LG PKG"], 20, 15)
        )
        .agg(_revenue(d).sum().alias("revenue"))
    )


def q20(table, d):
    col = d.col
    forest = table("part").where(col("p_name").startswith("forest")).select("p_partkey")
    shipped = (
        table("lineitem")
        .where((col("l_shipdate") >= d.lit(date(1994, 1, 1))) & (col("l_shipdate") < d.lit(date(1995, 1, 1))))
        .groupby("l_partkey", "l_suppkey")
        .agg((0.5 * col("l_quantity").sum()).alias("half_qty"))
    )
    # A (part, supplier) pair with no shipped lineitems compares against null (false):
    # the inner join drops it.
    candidates = (
        table("partsupp")
        .join(forest, left_on="ps_partkey", right_on="p_partkey", how="semi")
        .join(shipped, left_on=["ps_partkey", "ps_suppkey"], right_on=["l_partkey", "l_suppkey"])
        .where(col("ps_availqty") > col("half_qty"))
        .select("ps_suppkey")
    )
    canada = table("nation").where(col("n_name") == "CANADA")
    return (
        table("supplier")
        .join(candidates, left_on="s_suppkey", right_on="ps_suppkey", how="semi")
        .join(canada, left_on="s_nationkey", right_on="n_nationkey")
        .select("s_name", "s_address")
        .sort("s_name")
    )


def q21(table, d):
    col = d.col
    is_late = col("l_receiptdate") > col("l_commitdate")
    saudi = table("nation").where(col("n_name") == "SAUDI ARABIA")
    failed_orders = table("orders").where(col("o_orderstatus") == "F").select("o_orderkey")
    # l1: the Saudi suppliers' late lines on finished orders.
    waiting = (
        table("supplier")
        .join(saudi, left_on="s_nationkey", right_on="n_nationkey")
        .join(table("lineitem").where(is_late), left_on="s_suppkey", right_on="l_suppkey")
        .join(failed_orders, left_on="l_orderkey", right_on="o_orderkey", how="semi")
        .select("s_name", "l_orderkey")
    )
    # l2 and l3 over those orders only: how many suppliers each order has, and how many
    # of them are late (a conditional count_distinct: when() without otherwise is null).
    suppliers = (
        table("lineitem")
        .join(waiting.select(col("l_orderkey").alias("waiting_orderkey")),
              left_on="l_orderkey", right_on="waiting_orderkey", how="semi")
        .groupby("l_orderkey")
        .agg(col("l_suppkey").count_distinct().alias("n_suppliers"),
             d.functions.when(is_late, col("l_suppkey")).count_distinct().alias("n_late_suppliers"))
        .select(col("l_orderkey").alias("supplied_orderkey"), "n_suppliers", "n_late_suppliers")
    )
    return (
        waiting.join(suppliers, left_on="l_orderkey", right_on="supplied_orderkey")
        # EXISTS another supplier on the order; NOT EXISTS another supplier's late line
        # (l1's own supplier is late, so it must be the only late one).
        .where((col("n_suppliers") > 1) & (col("n_late_suppliers") == 1))
        .groupby("s_name")
        .agg(col("l_orderkey").count().alias("numwait"))
        .sort(["numwait", "s_name"], desc=[True, False])
        .limit(100)
    )


def q22(table, d):
    col = d.col
    codes = ["13", "31", "23", "29", "30", "18", "17"]
    customers = table("customer").with_column("cntrycode", col("c_phone").substr(0, 2)).where(
        col("cntrycode").is_in(codes))
    average = customers.where(col("c_acctbal") > 0.00).agg(col("c_acctbal").mean().alias("avg_acctbal"))
    return (
        customers.join(average, how="cross")
        .where(col("c_acctbal") > col("avg_acctbal"))
        .join(table("orders"), left_on="c_custkey", right_on="o_custkey", how="anti")
        .groupby("cntrycode")
        .agg(col("c_custkey").count().alias("numcust"), col("c_acctbal").sum().alias("totacctbal"))
        .sort("cntrycode")
    )


QUERIES = {
    1: q1, 2: q2, 3: q3, 4: q4, 5: q5, 6: q6, 7: q7, 8: q8, 9: q9, 10: q10, 11: q11,
    12: q12, 13: q13, 14: q14, 15: q15, 16: q16, 17: q17, 18: q18, 19: q19, 20: q20, 21: q21, 22: q22,
}
