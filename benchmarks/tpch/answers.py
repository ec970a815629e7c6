"""Reference answers (DuckDB over the Parquet files) and the result check for TPC-H.

    check(n, actual, expected)      raises AssertionError unless the results agree
    duckdb_answer(n, data_dir)      runs sql/qNN.sql on DuckDB, returns a pyarrow.Table

Comparison rules:
- same column names in the same order, same number of rows;
- decimals and floats compare as floats with relative and absolute tolerance 1e-6
  (engines differ in decimal result types: Daft keeps decimal sums and means where
  DuckDB gives doubles, some queries compute in float64), integers of any width
  compare by value, dates exactly, strings exactly after stripping trailing spaces;
- row order: see ``_ORDER_BY`` below.
"""

from __future__ import annotations

import datetime
import decimal
import math
from pathlib import Path

import pyarrow as pa

SQL_DIR = Path(__file__).resolve().parent / "sql"
TABLES = ("lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region")
REL_TOL = 1e-6
ABS_TOL = 1e-6

# ORDER BY keys (column, descending) and LIMIT of each query, as in sql/qNN.sql.
#
# Rows are compared in order, but in "tie groups": consecutive expected rows with equal
# ORDER BY keys may come in any order (SQL leaves the order of ties unspecified), so
# within a group the actual rows must have the same keys and the same multiset of rows.
# A query whose keys are tie-free (group-by keys, e.g. Q1) has groups of one row, so
# this is an exact in-order comparison; a query without ORDER BY (one-row Q6/Q14/Q17/
# Q19) is one group. With a LIMIT the last group may be cut off: when the result has
# exactly LIMIT rows, different engines may legitimately keep different tied rows
# (e.g. Q3/Q10/Q18 order by a value and at most a date), so for the last group only
# the ORDER BY keys are compared.
_ORDER_BY: dict[int, tuple[list[tuple[str, bool]], int | None]] = {
    1: ([("l_returnflag", False), ("l_linestatus", False)], None),
    2: ([("s_acctbal", True), ("n_name", False), ("s_name", False), ("p_partkey", False)], 100),
    3: ([("revenue", True), ("o_orderdate", False)], 10),
    4: ([("o_orderpriority", False)], None),
    5: ([("revenue", True)], None),
    6: ([], None),
    7: ([("supp_nation", False), ("cust_nation", False), ("l_year", False)], None),
    8: ([("o_year", False)], None),
    9: ([("nation", False), ("o_year", True)], None),
    10: ([("revenue", True)], 20),
    11: ([("value", True)], None),
    12: ([("l_shipmode", False)], None),
    13: ([("custdist", True), ("c_count", True)], None),
    14: ([], None),
    15: ([("s_suppkey", False)], None),
    16: ([("supplier_cnt", True), ("p_brand", False), ("p_type", False), ("p_size", False)], None),
    17: ([], None),
    18: ([("o_totalprice", True), ("o_orderdate", False)], 100),
    19: ([], None),
    20: ([("s_name", False)], None),
    21: ([("numwait", True), ("s_name", False)], 100),
    22: ([("cntrycode", False)], None),
}


def _normalize(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, str):
        return value.rstrip(" ")
    return value


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _equal(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if _is_number(a) and _is_number(b):
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    if type(a) is not type(b) and not (isinstance(a, datetime.date) and isinstance(b, datetime.date)):
        return False
    return a == b


def _sort_key(row: tuple):
    """Orders the rows of a tie group: exact values first, floats rounded last, so that
    float noise between engines doesn't change the order."""
    exact, approximate = [], []
    for value in row:
        if value is None:
            exact.append((0, ""))
        elif isinstance(value, float):
            approximate.append(float(f"{value:.6g}"))
        elif _is_number(value):
            exact.append((1, value))
        else:
            exact.append((2, str(value)))
    return exact, approximate


def _rows(table: pa.Table) -> list[tuple]:
    columns = [[_normalize(v) for v in table.column(i).to_pylist()] for i in range(table.num_columns)]
    return list(zip(*columns))


def check(query_number: int, actual: pa.Table, expected: pa.Table) -> None:
    """Raises AssertionError (with query, column, row and values) unless they agree."""
    q = f"Q{query_number}"
    names = list(expected.column_names)
    if list(actual.column_names) != names:
        raise AssertionError(f"{q}: columns {list(actual.column_names)}, expected {names}")
    if actual.num_rows != expected.num_rows:
        raise AssertionError(f"{q}: {actual.num_rows} rows, expected {expected.num_rows}")

    order_by, limit = _ORDER_BY[query_number]
    key_index = [names.index(name) for name, _ in order_by]
    got, want = _rows(actual), _rows(expected)

    def keys_equal(a: tuple, b: tuple) -> bool:
        return all(_equal(a[i], b[i]) for i in key_index)

    def compare_row(position: int, a: tuple, b: tuple, columns: list[int]) -> None:
        for i in columns:
            if not _equal(a[i], b[i]):
                raise AssertionError(
                    f"{q}: row {position}, column {names[i]!r}: got {a[i]!r}, expected {b[i]!r}"
                    f"\n  got row      {a}\n  expected row {b}"
                )

    start = 0
    while start < len(want):
        end = start + 1
        while end < len(want) and key_index and keys_equal(want[end], want[start]):
            end += 1
        if not key_index:
            end = len(want)
        for position in range(start, end):  # the actual rows here must have the same keys
            compare_row(position, got[position], want[position], key_index)
        cut_by_limit = limit is not None and end == len(want) == limit
        if not cut_by_limit:
            mine = sorted(got[start:end], key=_sort_key)
            theirs = sorted(want[start:end], key=_sort_key)
            for offset, (a, b) in enumerate(zip(mine, theirs)):
                compare_row(start + offset, a, b, list(range(len(names))))
        start = end


def _connect(data_dir):
    import duckdb

    con = duckdb.connect()
    for name in TABLES:
        path = str(Path(data_dir) / f"{name}.parquet").replace("'", "''")
        con.execute(f"create view {name} as select * from read_parquet('{path}')")
    return con


def duckdb_answer(query_number: int, data_dir) -> pa.Table:
    """Runs sql/qNN.sql on DuckDB over ``data_dir/<table>.parquet``."""
    con = _connect(data_dir)
    try:
        relation = con.sql((SQL_DIR / f"q{query_number:02d}.sql").read_text())
        if hasattr(relation, "to_arrow_table"):
            return relation.to_arrow_table()
        return relation.fetch_arrow_table()
    finally:
        con.close()
