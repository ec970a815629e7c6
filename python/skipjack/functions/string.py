"""String functions, as ``daft.functions``. Patterns may be literals or columns."""

from __future__ import annotations

from typing import Any

from skipjack.expressions.expressions import Expression


def lower(expr: Expression) -> Expression:
    return expr.lower()


def upper(expr: Expression) -> Expression:
    return expr.upper()


def capitalize(expr: Expression) -> Expression:
    return expr.capitalize()


def reverse(expr: Expression) -> Expression:
    return expr.reverse()


def strip(expr: Expression) -> Expression:
    return expr.strip()


def lstrip(expr: Expression) -> Expression:
    return expr.lstrip()


def rstrip(expr: Expression) -> Expression:
    return expr.rstrip()


def length(expr: Expression) -> Expression:
    return expr.length()


def contains(expr: Expression, pattern: Any) -> Expression:
    return expr.contains(pattern)


def startswith(expr: Expression, prefix: Any) -> Expression:
    return expr.startswith(prefix)


def endswith(expr: Expression, suffix: Any) -> Expression:
    return expr.endswith(suffix)


def replace(expr: Expression, pattern: Any, replacement: Any) -> Expression:
    return expr.replace(pattern, replacement)


def split(expr: Expression, pattern: Any) -> Expression:
    return expr.split(pattern)


def regexp(expr: Expression, pattern: str) -> Expression:
    return expr.regexp(pattern)


def regexp_replace(expr: Expression, pattern: str, replacement: str) -> Expression:
    return expr.regexp_replace(pattern, replacement)


def regexp_split(expr: Expression, pattern: str) -> Expression:
    return expr.regexp_split(pattern)


def concat(left: Expression, right: Any) -> Expression:
    return left + right


def substr(expr: Expression, start: Any, length: Any = None) -> Expression:
    return expr.substr(start, length)


def left(expr: Expression, n: Any) -> Expression:
    return expr.left(n)


def right(expr: Expression, n: Any) -> Expression:
    return expr.right(n)


def like(expr: Expression, pattern: str) -> Expression:
    return expr.like(pattern)


def ilike(expr: Expression, pattern: str) -> Expression:
    return expr.ilike(pattern)
