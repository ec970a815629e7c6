"""Date and time parts, as ``daft.functions``: ``year(col("d"))`` is ``col("d").year()``."""

from __future__ import annotations

from skipjack.expressions.expressions import Expression


def year(expr: Expression) -> Expression:
    return expr.year()


def month(expr: Expression) -> Expression:
    return expr.month()


def day(expr: Expression) -> Expression:
    return expr.day()


def day_of_week(expr: Expression) -> Expression:
    return expr.day_of_week()


def day_of_year(expr: Expression) -> Expression:
    return expr.day_of_year()


def week_of_year(expr: Expression) -> Expression:
    return expr.week_of_year()


def quarter(expr: Expression) -> Expression:
    return expr.quarter()


def hour(expr: Expression) -> Expression:
    return expr.hour()


def minute(expr: Expression) -> Expression:
    return expr.minute()


def second(expr: Expression) -> Expression:
    return expr.second()


def millisecond(expr: Expression) -> Expression:
    return expr.millisecond()


def microsecond(expr: Expression) -> Expression:
    return expr.microsecond()


def nanosecond(expr: Expression) -> Expression:
    return expr.nanosecond()


def date(expr: Expression) -> Expression:
    return expr.date()
