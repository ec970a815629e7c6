"""A filtered Parquet scan picks a lead column once it has sampled enough rows (the
column whose own conjuncts keep the smallest share, under half): the filter's decimal
columns are then read only at the rows the lead keeps, in row groups opened before the
choice too (io/scan_filter_lead.h). Results must equal pyarrow filtering the whole
table: decimal filter columns that are also output, filter-only ones, nulls in them,
conjuncts over two columns, a lead that keeps nothing, and 1 and 2 threads with large
and small morsels."""

from __future__ import annotations

import datetime
import decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col

N = 240_000
DEC = pa.decimal128(15, 2)


@pytest.fixture(scope="module")
def lineitem(tmp_path_factory):
    rng = np.random.default_rng(11)
    def money(low, high, nulls=0.0):
        cents = rng.integers(low * 100, high * 100, N)
        return pa.array([None if rng.random() < nulls else decimal.Decimal(int(c)).scaleb(-2)
                         for c in cents], DEC)
    table = pa.table({
        "id": pa.array(np.arange(N), pa.int64()),
        "ship": pa.array(np.datetime64("1992-01-01") + rng.integers(0, 2500, N)).cast(pa.date32()),
        "discount": pa.array([None if rng.random() < 0.05 else decimal.Decimal(int(c)).scaleb(-2)
                              for c in rng.integers(0, 11, N)], DEC),  # 0.00-0.10, as TPC-H
        "quantity": money(1, 50),
        "price": money(900, 100_000),
        "tax": money(0, 1, nulls=0.3),
    })
    path = tmp_path_factory.mktemp("lead") / "lineitem.parquet"
    pq.write_table(table, path, row_group_size=20_000, store_decimal_as_integer=True)
    return path, table


def _d(text: str) -> pa.Scalar:
    return pa.scalar(decimal.Decimal(text), DEC)


def _check(got: pa.Table, expected: pa.Table) -> None:
    assert got.num_rows == expected.num_rows
    for name in expected.column_names:
        assert got.column(name).to_pylist() == expected.column(name).to_pylist(), name


@pytest.mark.parametrize("threads,morsel_rows", [(1, 128 * 1024), (2, 128 * 1024), (2, 3_000)])
def test_q06_shape(lineitem, threads, morsel_rows):
    """A one-year date range leads; discount (output too) and quantity are read late."""
    path, table = lineitem
    start, end = datetime.date(1994, 1, 1), datetime.date(1995, 1, 1)
    with sj.execution_config_ctx(num_threads=threads, morsel_max_rows=morsel_rows):
        got = (sj.read_parquet(str(path))
               .where((col("ship") >= start) & (col("ship") < end)
                      & col("discount").between(decimal.Decimal("0.05"), decimal.Decimal("0.07"))
                      & (col("quantity") < 24))
               .select("id", "discount", "price").to_arrow())
    mask = pc.and_kleene(pc.and_kleene(pc.greater_equal(table["ship"], pa.scalar(start)),
                                       pc.less(table["ship"], pa.scalar(end))),
                         pc.and_kleene(pc.and_kleene(pc.greater_equal(table["discount"], _d("0.05")),
                                                     pc.less_equal(table["discount"], _d("0.07"))),
                                       pc.less(table["quantity"], _d("24"))))
    _check(got, table.filter(mask).select(["id", "discount", "price"]))


def test_nulls_and_a_conjunct_over_two_columns(lineitem):
    path, table = lineitem
    got = (sj.read_parquet(str(path))
           .where((col("id") % 10 == 3) & (col("tax") > col("discount")) & col("tax").not_null())
           .select("id", "tax", "quantity").to_arrow())
    every_tenth = pa.array(np.asarray(table["id"]) % 10 == 3)
    mask = pc.and_kleene(pc.and_kleene(every_tenth, pc.greater(table["tax"], table["discount"])),
                         pc.is_valid(table["tax"]))
    _check(got, table.filter(mask).select(["id", "tax", "quantity"]))


def test_a_lead_that_keeps_nothing_later(lineitem):
    """The lead is chosen on early rows; later row groups where it keeps no row give
    empty batches, not errors."""
    path, table = lineitem
    got = (sj.read_parquet(str(path)).where((col("id") < 60_000) & (col("id") % 7 == 0)
                                            & (col("price") > decimal.Decimal("50000")))
           .select("id", "price").to_arrow())
    ids = np.asarray(table["id"])
    mask = pa.array((ids < 60_000) & (ids % 7 == 0))
    mask = pc.and_kleene(mask, pc.greater(table["price"], _d("50000")))
    _check(got, table.filter(mask).select(["id", "price"]))
