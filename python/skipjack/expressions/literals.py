"""Python values to engine literals: a value travels as a one-element Arrow array."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pyarrow as pa

from skipjack._native import core


def _arrow_literal(value: Any) -> pa.Array:
    if isinstance(value, pa.Scalar):
        return pa.array([value.as_py()], type=value.type)
    if isinstance(value, bool):
        return pa.array([value], type=pa.bool_())
    if isinstance(value, int):
        return pa.array([value], type=pa.int64() if -(2**63) <= value < 2**63 else pa.uint64())
    if isinstance(value, float):
        return pa.array([value], type=pa.float64())
    if isinstance(value, (str, bytes, datetime.date, datetime.datetime, datetime.time,
                          datetime.timedelta, decimal.Decimal)) or value is None:
        return pa.array([value])
    if isinstance(value, (list, tuple)):
        return pa.array([list(value)])
    try:
        return pa.array([value])
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise TypeError(
            f"lit() does not support values of type {type(value).__name__} ({error})") from None


def native_literal(value: Any):
    """The engine's literal expression for a Python (or pyarrow) value."""
    return core.lit(_arrow_literal(value))


def native_value_set(values: Any):
    """A list literal for is_in(): the values as one List element."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        array = pa.ListArray.from_arrays(pa.array([0, len(values)], pa.int32()), values)
        return core.lit(array)
    try:
        items = list(values)
    except TypeError:
        raise TypeError(
            f"is_in() expects a list of values, got {type(values).__name__}") from None
    try:
        return core.lit(pa.array([items]))
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise TypeError(f"is_in() values must all have one type: {error}") from None
