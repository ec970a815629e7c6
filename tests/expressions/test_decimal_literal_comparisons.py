"""Decimal columns (precision <= 18) compared with literals take a fast path over the
unscaled integers; it must agree with comparing after the cast to the common type
(Float64 for float literals, a wider decimal for integers and decimals) on every value,
including the values right at and next to the literal, nulls, and sliced arrays."""

from __future__ import annotations

import decimal
import operator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import skipjack as sj
from skipjack import col

OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
       ">": operator.gt, ">=": operator.ge}
ARROW_OPS = {"==": "equal", "!=": "not_equal", "<": "less", "<=": "less_equal",
             ">": "greater", ">=": "greater_equal"}


def _column(precision: int, scale: int) -> pa.Array:
    rng = np.random.default_rng(precision * 100 + scale)
    limit = 10 ** precision - 1
    values = [int(v) for v in rng.integers(-limit, limit, 3000, dtype=np.int64)]
    # Values at and around the literals below, and the extremes.
    for text in ["0.05", "0.07", "24", "-3.5", "0.1", "1e-2", "0"]:
        center = int(decimal.Decimal(text).scaleb(scale).to_integral_value())
        values += [center - 1, center, center + 1]
    values += [limit, -limit, 0]
    unscaled = [None if i % 17 == 0 else v for i, v in enumerate(values)]
    as_decimal = [None if v is None else decimal.Decimal(v).scaleb(-scale) for v in unscaled]
    return pa.array(as_decimal, pa.decimal128(precision, scale))


LITERALS = [0.05, 0.07, 24, -3.5, 0.1, 1e-2, 0, -7, 2 ** 40, 1e30, -1e30,
            decimal.Decimal("0.055"), decimal.Decimal("24.00"), decimal.Decimal("-3.5")]


def _expected(values: pa.Array, op: str, literal, literal_first: bool) -> list:
    if isinstance(literal, float):
        left, right = pc.cast(values, pa.float64()), pa.scalar(literal, pa.float64())
    else:
        wide = pa.decimal128(38, 10)
        left, right = pc.cast(values, wide), pa.scalar(decimal.Decimal(literal), wide)
    if literal_first:
        left, right = right, left
    return pc.call_function(ARROW_OPS[op], [left, right]).to_pylist()


@pytest.mark.parametrize("precision,scale", [(15, 2), (18, 0), (18, 6), (9, 4)])
def test_comparisons_with_literals_match_the_cast(precision, scale):
    values = _column(precision, scale)
    table = pa.table({"d": values})
    sliced = pa.table({"d": values.slice(5)})  # an offset not a multiple of 8
    for literal in LITERALS:
        for op, fn in OPS.items():
            for literal_first in (False, True):
                expr = fn(sj.lit(literal), col("d")) if literal_first else fn(col("d"), sj.lit(literal))
                got = sj.from_arrow(table).select(expr.alias("r")).to_pydict()["r"]
                assert got == _expected(values, op, literal, literal_first), (op, literal, literal_first)
                got = sj.from_arrow(sliced).select(expr.alias("r")).to_pydict()["r"]
                assert got == _expected(values.slice(5), op, literal, literal_first), (op, literal)


def test_between_with_literals_matches(precision=15, scale=2):
    values = _column(precision, scale)
    table = pa.table({"d": values})
    for low, high in [(0.05, 0.07), (1, 24), (decimal.Decimal("-3.5"), 0.1), (24, 1)]:
        got = sj.from_arrow(table).select(col("d").between(low, high).alias("r")).to_pydict()["r"]
        above = _expected(values, ">=", low, False)
        below = _expected(values, "<=", high, False)
        assert got == [None if a is None else (a and b) for a, b in zip(above, below)]
