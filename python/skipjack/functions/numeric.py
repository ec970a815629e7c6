"""Numeric functions, as ``daft.functions``: each takes an Expression first."""

from __future__ import annotations

from skipjack.expressions.expressions import Expression


def abs(expr: Expression) -> Expression:  # noqa: A001 - Daft's name
    return expr.abs()


def round(expr: Expression, decimals: int = 0) -> Expression:  # noqa: A001
    return expr.round(decimals)


def ceil(expr: Expression) -> Expression:
    return expr.ceil()


def floor(expr: Expression) -> Expression:
    return expr.floor()


def sqrt(expr: Expression) -> Expression:
    return expr.sqrt()


def sign(expr: Expression) -> Expression:
    return expr.sign()


def negate(expr: Expression) -> Expression:
    return expr.negate()
