"""The 22 TPC-H queries written with the Polars lazy API.

Each query is `fn(table) -> pl.LazyFrame`, where `table(name)` returns a LazyFrame over
one TPC-H table (normally `pl.scan_parquet`). The substitution parameters are the
specification's validation values, and the output columns, their order, ORDER BY and
LIMIT match the SQL versions in `sql/`. Scalar subqueries become aggregates over the
whole frame or joins; correlated subqueries become group-bys, windows or semi/anti joins.

    import polars as pl
    from polars_queries import QUERIES, parquet_tables
    print(QUERIES[1](parquet_tables("benchmarks/.data/tpch-sf1")).collect())
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

import polars as pl

Table = Callable[[str], pl.LazyFrame]

TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]


def parquet_tables(data_dir: str | Path) -> Table:
    """`table(name)` over `<data_dir>/<name>.parquet`.

    The money columns are DECIMAL(15,2) in the files; they are read as Float64, because
    Polars rounds a decimal product to the larger input scale (so `price * (1 - discount)`
    would lose its third and fourth decimals) and float arithmetic is also Polars' fast path.
    """
    data_dir = Path(data_dir)
    return lambda name: (pl.scan_parquet(data_dir / f"{name}.parquet")
                         .with_columns(pl.col(pl.Decimal).cast(pl.Float64)))


def _revenue() -> pl.Expr:
    return pl.col("l_extendedprice") * (1 - pl.col("l_discount"))


def q1(table: Table) -> pl.LazyFrame:
    disc_price = _revenue()
    return (
        table("lineitem")
        .filter(pl.col("l_shipdate") <= date(1998, 9, 2))  # 1998-12-01 - 90 days
        .group_by("l_returnflag", "l_linestatus")
        .agg(
            sum_qty=pl.col("l_quantity").sum(),
            sum_base_price=pl.col("l_extendedprice").sum(),
            sum_disc_price=disc_price.sum(),
            sum_charge=(disc_price * (1 + pl.col("l_tax"))).sum(),
            avg_qty=pl.col("l_quantity").mean(),
            avg_price=pl.col("l_extendedprice").mean(),
            avg_disc=pl.col("l_discount").mean(),
            count_order=pl.len(),
        )
        .sort("l_returnflag", "l_linestatus")
    )


def q2(table: Table) -> pl.LazyFrame:
    europe_partsupp = (
        table("region").filter(pl.col("r_name") == "EUROPE")
        .join(table("nation"), left_on="r_regionkey", right_on="n_regionkey")
        .join(table("supplier"), left_on="n_nationkey", right_on="s_nationkey")
        .join(table("partsupp"), left_on="s_suppkey", right_on="ps_suppkey")
    )
    return (
        table("part")
        .filter((pl.col("p_size") == 15) & pl.col("p_type").str.ends_with("BRASS"))
        .join(europe_partsupp, left_on="p_partkey", right_on="ps_partkey")
        # the correlated min(ps_supplycost) over Europe's suppliers of the same part
        .filter(pl.col("ps_supplycost") == pl.col("ps_supplycost").min().over("p_partkey"))
        .select("s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr", "s_address",
                "s_phone", "s_comment")
        .sort(["s_acctbal", "n_name", "s_name", "p_partkey"],
              descending=[True, False, False, False])
        .head(100)
    )


def q3(table: Table) -> pl.LazyFrame:
    day = date(1995, 3, 15)
    return (
        table("customer").filter(pl.col("c_mktsegment") == "BUILDING")
        .join(table("orders").filter(pl.col("o_orderdate") < day),
              left_on="c_custkey", right_on="o_custkey")
        .join(table("lineitem").filter(pl.col("l_shipdate") > day),
              left_on="o_orderkey", right_on="l_orderkey")
        .group_by(pl.col("o_orderkey").alias("l_orderkey"), "o_orderdate", "o_shippriority")
        .agg(revenue=_revenue().sum())
        .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
        .sort(["revenue", "o_orderdate"], descending=[True, False])
        .head(10)
    )


def q4(table: Table) -> pl.LazyFrame:
    late = table("lineitem").filter(pl.col("l_commitdate") < pl.col("l_receiptdate"))
    return (
        table("orders")
        .filter(pl.col("o_orderdate").is_between(date(1993, 7, 1), date(1993, 10, 1),
                                                 closed="left"))
        .join(late, left_on="o_orderkey", right_on="l_orderkey", how="semi")
        .group_by("o_orderpriority")
        .agg(order_count=pl.len())
        .sort("o_orderpriority")
    )


def q5(table: Table) -> pl.LazyFrame:
    return (
        table("region").filter(pl.col("r_name") == "ASIA")
        .join(table("nation"), left_on="r_regionkey", right_on="n_regionkey")
        .join(table("customer"), left_on="n_nationkey", right_on="c_nationkey")
        .join(table("orders").filter(pl.col("o_orderdate").is_between(
                  date(1994, 1, 1), date(1995, 1, 1), closed="left")),
              left_on="c_custkey", right_on="o_custkey")
        .join(table("lineitem"), left_on="o_orderkey", right_on="l_orderkey")
        # the supplier must be in the customer's nation
        .join(table("supplier"), left_on=["l_suppkey", "n_nationkey"],
              right_on=["s_suppkey", "s_nationkey"])
        .group_by("n_name")
        .agg(revenue=_revenue().sum())
        .sort("revenue", descending=True)
    )


def q6(table: Table) -> pl.LazyFrame:
    return (
        table("lineitem")
        .filter(
            pl.col("l_shipdate").is_between(date(1994, 1, 1), date(1995, 1, 1), closed="left")
            & pl.col("l_discount").is_between(0.05, 0.07)
            & (pl.col("l_quantity") < 24)
        )
        .select(revenue=(pl.col("l_extendedprice") * pl.col("l_discount")).sum())
    )


def q7(table: Table) -> pl.LazyFrame:
    nations = table("nation").filter(pl.col("n_name").is_in(["FRANCE", "GERMANY"]))
    suppliers = (table("supplier")
                 .join(nations, left_on="s_nationkey", right_on="n_nationkey")
                 .select("s_suppkey", supp_nation="n_name"))
    customers = (table("customer")
                 .join(nations, left_on="c_nationkey", right_on="n_nationkey")
                 .select("c_custkey", cust_nation="n_name"))
    return (
        table("lineitem")
        .filter(pl.col("l_shipdate").is_between(date(1995, 1, 1), date(1996, 12, 31)))
        .join(suppliers, left_on="l_suppkey", right_on="s_suppkey")
        .join(table("orders"), left_on="l_orderkey", right_on="o_orderkey")
        .join(customers, left_on="o_custkey", right_on="c_custkey")
        .filter(pl.col("supp_nation") != pl.col("cust_nation"))  # FRANCE/GERMANY either way
        .group_by("supp_nation", "cust_nation", l_year=pl.col("l_shipdate").dt.year())
        .agg(revenue=_revenue().sum())
        .sort("supp_nation", "cust_nation", "l_year")
    )


def q8(table: Table) -> pl.LazyFrame:
    america_customers = (
        table("region").filter(pl.col("r_name") == "AMERICA")
        .join(table("nation"), left_on="r_regionkey", right_on="n_regionkey")
        .join(table("customer"), left_on="n_nationkey", right_on="c_nationkey")
        .select("c_custkey")
    )
    supplier_nation = (table("supplier")
                       .join(table("nation"), left_on="s_nationkey", right_on="n_nationkey")
                       .select("s_suppkey", nation="n_name"))
    volume = _revenue()
    return (
        table("part").filter(pl.col("p_type") == "ECONOMY ANODIZED STEEL")
        .join(table("lineitem"), left_on="p_partkey", right_on="l_partkey")
        .join(table("orders").filter(pl.col("o_orderdate").is_between(
                  date(1995, 1, 1), date(1996, 12, 31))),
              left_on="l_orderkey", right_on="o_orderkey")
        .join(america_customers, left_on="o_custkey", right_on="c_custkey")
        .join(supplier_nation, left_on="l_suppkey", right_on="s_suppkey")
        .group_by(o_year=pl.col("o_orderdate").dt.year())
        .agg(mkt_share=pl.when(pl.col("nation") == "BRAZIL").then(volume).otherwise(0).sum()
             / volume.sum())
        .sort("o_year")
    )


def q9(table: Table) -> pl.LazyFrame:
    amount = _revenue() - pl.col("ps_supplycost") * pl.col("l_quantity")
    return (
        table("part").filter(pl.col("p_name").str.contains("green", literal=True))
        .join(table("lineitem"), left_on="p_partkey", right_on="l_partkey")
        .join(table("partsupp"), left_on=["p_partkey", "l_suppkey"],
              right_on=["ps_partkey", "ps_suppkey"])
        .join(table("supplier"), left_on="l_suppkey", right_on="s_suppkey")
        .join(table("nation"), left_on="s_nationkey", right_on="n_nationkey")
        .join(table("orders"), left_on="l_orderkey", right_on="o_orderkey")
        .group_by(nation=pl.col("n_name"), o_year=pl.col("o_orderdate").dt.year())
        .agg(sum_profit=amount.sum())
        .sort(["nation", "o_year"], descending=[False, True])
    )


def q10(table: Table) -> pl.LazyFrame:
    return (
        table("orders")
        .filter(pl.col("o_orderdate").is_between(date(1993, 10, 1), date(1994, 1, 1),
                                                 closed="left"))
        .join(table("lineitem").filter(pl.col("l_returnflag") == "R"),
              left_on="o_orderkey", right_on="l_orderkey")
        .join(table("customer"), left_on="o_custkey", right_on="c_custkey")
        .join(table("nation"), left_on="c_nationkey", right_on="n_nationkey")
        .group_by(pl.col("o_custkey").alias("c_custkey"), "c_name", "c_acctbal", "c_phone",
                  "n_name", "c_address", "c_comment")
        .agg(revenue=_revenue().sum())
        .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address",
                "c_phone", "c_comment")
        .sort("revenue", descending=True)
        .head(20)
    )


def q11(table: Table) -> pl.LazyFrame:
    return (
        table("nation").filter(pl.col("n_name") == "GERMANY")
        .join(table("supplier"), left_on="n_nationkey", right_on="s_nationkey")
        .join(table("partsupp"), left_on="s_suppkey", right_on="ps_suppkey")
        .group_by("ps_partkey")
        .agg(value=(pl.col("ps_supplycost") * pl.col("ps_availqty")).sum())
        # the scalar subquery: the parts' values add up to the nation's total value
        .filter(pl.col("value") > pl.col("value").sum() * 0.0001)
        .sort("value", descending=True)
    )


def q12(table: Table) -> pl.LazyFrame:
    high = pl.col("o_orderpriority").is_in(["1-URGENT", "2-HIGH"])
    return (
        table("lineitem")
        .filter(
            pl.col("l_shipmode").is_in(["MAIL", "SHIP"])
            & (pl.col("l_commitdate") < pl.col("l_receiptdate"))
            & (pl.col("l_shipdate") < pl.col("l_commitdate"))
            & pl.col("l_receiptdate").is_between(date(1994, 1, 1), date(1995, 1, 1),
                                                 closed="left")
        )
        .join(table("orders"), left_on="l_orderkey", right_on="o_orderkey")
        .group_by("l_shipmode")
        .agg(high_line_count=high.sum(), low_line_count=(~high).sum())
        .sort("l_shipmode")
    )


def q13(table: Table) -> pl.LazyFrame:
    orders = table("orders").filter(~pl.col("o_comment").str.contains("special.*requests"))
    return (
        table("customer")
        .join(orders, left_on="c_custkey", right_on="o_custkey", how="left")
        .group_by("c_custkey")
        .agg(c_count=pl.col("o_orderkey").count())  # count() skips the nulls of the outer join
        .group_by("c_count")
        .agg(custdist=pl.len())
        .sort(["custdist", "c_count"], descending=True)
    )


def q14(table: Table) -> pl.LazyFrame:
    revenue = _revenue()
    return (
        table("lineitem")
        .filter(pl.col("l_shipdate").is_between(date(1995, 9, 1), date(1995, 10, 1),
                                                closed="left"))
        .join(table("part"), left_on="l_partkey", right_on="p_partkey")
        .select(promo_revenue=100.0
                * pl.when(pl.col("p_type").str.starts_with("PROMO")).then(revenue)
                .otherwise(0).sum()
                / revenue.sum())
    )


def q15(table: Table) -> pl.LazyFrame:
    revenue = (
        table("lineitem")
        .filter(pl.col("l_shipdate").is_between(date(1996, 1, 1), date(1996, 4, 1),
                                                closed="left"))
        .group_by("l_suppkey")
        .agg(total_revenue=_revenue().sum())
    )
    return (
        revenue.filter(pl.col("total_revenue") == pl.col("total_revenue").max())
        .join(table("supplier"), left_on="l_suppkey", right_on="s_suppkey")
        .select(pl.col("l_suppkey").alias("s_suppkey"), "s_name", "s_address", "s_phone",
                "total_revenue")
        .sort("s_suppkey")
    )


def q16(table: Table) -> pl.LazyFrame:
    complaints = table("supplier").filter(
        pl.col("s_comment").str.contains("Customer.*Complaints"))
    return (
        table("part")
        .filter(
            (pl.col("p_brand") != "Brand#45")
            & ~pl.col("p_type").str.starts_with("MEDIUM POLISHED")
            & pl.col("p_size").is_in([49, 14, 23, 45, 19, 3, 36, 9])
        )
        .join(table("partsupp"), left_on="p_partkey", right_on="ps_partkey")
        .join(complaints, left_on="ps_suppkey", right_on="s_suppkey", how="anti")
        .group_by("p_brand", "p_type", "p_size")
        .agg(supplier_cnt=pl.col("ps_suppkey").n_unique())
        .sort(["supplier_cnt", "p_brand", "p_type", "p_size"],
              descending=[True, False, False, False])
    )


def q17(table: Table) -> pl.LazyFrame:
    return (
        table("part")
        .filter((pl.col("p_brand") == "Brand#23") & (pl.col("p_container") == "MED BOX"))
        .join(table("lineitem"), left_on="p_partkey", right_on="l_partkey")
        # the correlated avg(l_quantity) of the same part
        .filter(pl.col("l_quantity") < 0.2 * pl.col("l_quantity").mean().over("p_partkey"))
        .select(avg_yearly=pl.col("l_extendedprice").sum() / 7.0)
    )


def q18(table: Table) -> pl.LazyFrame:
    large_orders = (
        table("lineitem")
        .group_by("l_orderkey")
        .agg(sum_qty=pl.col("l_quantity").sum())
        .filter(pl.col("sum_qty") > 300)
    )
    return (
        large_orders
        .join(table("orders"), left_on="l_orderkey", right_on="o_orderkey")
        .join(table("customer"), left_on="o_custkey", right_on="c_custkey")
        # the orders' sum(l_quantity) is the one the IN subquery already computed
        .select("c_name", pl.col("o_custkey").alias("c_custkey"),
                pl.col("l_orderkey").alias("o_orderkey"), "o_orderdate", "o_totalprice",
                "sum_qty")
        .sort(["o_totalprice", "o_orderdate"], descending=[True, False])
        .head(100)
    )


def q19(table: Table) -> pl.LazyFrame:
    def branch(brand: str, containers: list[str], quantity: int, max_size: int) -> pl.Expr:
        return (
            (pl.col("p_brand") == brand)
            & pl.col("p_container").is_in(containers)
            & pl.col("l_quantity").is_between(quantity, quantity + 10)
            & pl.col("p_size").is_between(1, max_size)
        )

    return (
        table("lineitem")
        # the conditions that all three branches share
        .filter(pl.col("l_shipmode").is_in(["AIR", "AIR REG"])
                & (pl.col("l_shipinstruct") == "DELIVER IN PERSON"))
        .join(table("part"), left_on="l_partkey", right_on="p_partkey")
        .filter(
            branch("Brand#12", ["SM CASE", "SM BOX", "SM PACK", "SM PKG"], 1, 5)
            | branch("Brand#23", ["MED BAG", "MED BOX", "MED PKG", "MED PACK"], 10, 10)
            | branch("Brand#34", ["LG CASE", "LG BOX", "LG PACK", "LG PKG"], 20, 15)
        )
        .select(revenue=_revenue().sum())
    )


def q20(table: Table) -> pl.LazyFrame:
    forest_parts = table("part").filter(pl.col("p_name").str.starts_with("forest"))
    # the correlated sum, for the forest parts only
    shipped = (
        table("lineitem")
        .filter(pl.col("l_shipdate").is_between(date(1994, 1, 1), date(1995, 1, 1),
                                                closed="left"))
        .join(forest_parts, left_on="l_partkey", right_on="p_partkey", how="semi")
        .group_by("l_partkey", "l_suppkey")
        .agg(half_quantity=0.5 * pl.col("l_quantity").sum())
    )
    excess_suppliers = (
        table("partsupp")
        .join(forest_parts, left_on="ps_partkey", right_on="p_partkey", how="semi")
        .join(shipped, left_on=["ps_partkey", "ps_suppkey"],
              right_on=["l_partkey", "l_suppkey"])
        .filter(pl.col("ps_availqty") > pl.col("half_quantity"))
        .select("ps_suppkey")
    )
    return (
        table("nation").filter(pl.col("n_name") == "CANADA")
        .join(table("supplier"), left_on="n_nationkey", right_on="s_nationkey")
        .join(excess_suppliers, left_on="s_suppkey", right_on="ps_suppkey", how="semi")
        .select("s_name", "s_address")
        .sort("s_name")
    )


def q21(table: Table) -> pl.LazyFrame:
    late = pl.col("l_receiptdate") > pl.col("l_commitdate")
    # l1: the Saudi suppliers' late lines on finished orders
    saudi_late = (
        table("nation").filter(pl.col("n_name") == "SAUDI ARABIA")
        .join(table("supplier"), left_on="n_nationkey", right_on="s_nationkey")
        .join(table("lineitem").filter(late), left_on="s_suppkey", right_on="l_suppkey")
        .join(table("orders").filter(pl.col("o_orderstatus") == "F"),
              left_on="l_orderkey", right_on="o_orderkey", how="semi")
        .select("s_name", "l_orderkey")
    )
    # l2 and l3, over those orders only: how many suppliers each order has, how many late
    suppliers = (
        table("lineitem")
        .join(saudi_late, on="l_orderkey", how="semi")
        .group_by("l_orderkey")
        .agg(suppliers=pl.col("l_suppkey").n_unique(),
             late_suppliers=pl.col("l_suppkey").filter(late).n_unique())
    )
    return (
        saudi_late.join(suppliers, on="l_orderkey")
        # EXISTS another supplier; NOT EXISTS another late one (l1's is late itself)
        .filter((pl.col("suppliers") > 1) & (pl.col("late_suppliers") == 1))
        .group_by("s_name")
        .agg(numwait=pl.len())
        .sort(["numwait", "s_name"], descending=[True, False])
        .head(100)
    )


def q22(table: Table) -> pl.LazyFrame:
    customers = (
        table("customer")
        .with_columns(cntrycode=pl.col("c_phone").str.slice(0, 2))
        .filter(pl.col("cntrycode").is_in(["13", "31", "23", "29", "30", "18", "17"]))
    )
    positive = pl.col("c_acctbal").filter(pl.col("c_acctbal") > 0)
    return (
        customers
        # the scalar subquery: the average positive balance of these countries' customers
        .filter(pl.col("c_acctbal") > positive.mean())
        .join(table("orders"), left_on="c_custkey", right_on="o_custkey", how="anti")
        .group_by("cntrycode")
        .agg(numcust=pl.len(), totacctbal=pl.col("c_acctbal").sum())
        .sort("cntrycode")
    )


QUERIES: dict[int, Callable[[Table], pl.LazyFrame]] = {
    n: globals()[f"q{n}"] for n in range(1, 23)
}
