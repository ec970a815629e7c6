"""Null handling, membership, ranges and casts, as ``daft.functions``."""

from __future__ import annotations

from typing import Any

from skipjack.datatype import DataType
from skipjack.expressions.expressions import Expression


def is_null(expr: Expression) -> Expression:
    return expr.is_null()


def not_null(expr: Expression) -> Expression:
    return expr.not_null()


def fill_null(expr: Expression, fill_value: Any) -> Expression:
    return expr.fill_null(fill_value)


def struct_get(expr: Expression, name: str) -> Expression:
    return expr.struct_get(name)


def is_in(expr: Expression, values: Any) -> Expression:
    return expr.is_in(values)


def between(expr: Expression, lower: Any, upper: Any) -> Expression:
    return expr.between(lower, upper)


def cast(expr: Expression, dtype: DataType) -> Expression:
    return expr.cast(dtype)


def monotonically_increasing_id() -> Expression:
    """Increasing, unique ids for the rows: their positions (0, 1, 2, ...) on the
    local runner."""
    from skipjack.dataframe.dataframe import ROW_ID_COLUMN
    from skipjack.expressions.expressions import col

    return col(ROW_ID_COLUMN).alias("monotonically_increasing_id")


def file(url: Expression, io_config=None) -> Expression:
    """Paths or URLs as File references (File[Unknown]); a UDF receives skipjack.File
    objects for them. ``io_config`` says how to reach S3 or HTTP servers."""
    from skipjack.expressions.expressions import _call
    from skipjack.io.config import IOConfig

    if io_config is not None and not isinstance(io_config, IOConfig):
        raise TypeError(f"io_config must be a skipjack.io.IOConfig, got {type(io_config).__name__}")
    if io_config is None:
        return _call("file", url)
    import cloudpickle

    return _call("file", url, cloudpickle.dumps(io_config))


def file_path(file: Expression) -> Expression:
    """The path or URL of each File."""
    from skipjack.expressions.expressions import _call

    return _call("file_path", file)
