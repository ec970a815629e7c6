"""Aggregation functions, as ``daft.functions``: ``sum(col("x"))`` is ``col("x").sum()``."""

from __future__ import annotations

from skipjack.expressions.expressions import Expression, _aggregate


def sum(expr: Expression) -> Expression:  # noqa: A001 - Daft's name
    return expr.sum()


def product(expr: Expression) -> Expression:
    return expr.product()


def mean(expr: Expression) -> Expression:
    return expr.mean()


avg = mean


def min(expr: Expression) -> Expression:  # noqa: A001
    return expr.min()


def max(expr: Expression) -> Expression:  # noqa: A001
    return expr.max()


def count(expr: Expression | None = None, mode: str = "valid") -> Expression:
    """``count()`` counts rows; ``count(col, mode)`` counts values or nulls."""
    if expr is None:
        return _aggregate("count", None)
    return expr.count(mode)


def count_distinct(expr: Expression) -> Expression:
    return expr.count_distinct()


def any_value(expr: Expression, ignore_nulls: bool = False) -> Expression:
    return expr.any_value(ignore_nulls)


def list_agg(expr: Expression) -> Expression:
    return expr.list_agg()


def string_agg(expr: Expression, delimiter: str | None = None) -> Expression:
    return expr.string_agg(delimiter)


def stddev(expr: Expression, ddof: int = 1) -> Expression:
    return expr.stddev(ddof)


def var(expr: Expression, ddof: int = 1) -> Expression:
    return expr.var(ddof)


def bool_and(expr: Expression) -> Expression:
    return expr.bool_and()


def bool_or(expr: Expression) -> Expression:
    return expr.bool_or()
