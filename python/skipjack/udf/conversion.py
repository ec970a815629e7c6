"""Values between Arrow columns and Python: what a row-wise UDF receives (None for
nulls, dicts for structs, lists for lists, datetimes for timestamps) and how its
results become a column of the declared type."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from skipjack.series import Series

_NUMERIC = (pa.types.is_integer, pa.types.is_floating, pa.types.is_boolean)


def column_values(array: pa.Array) -> list:
    """The column as a list of Python values."""
    if array.null_count == 0 and any(check(array.type) for check in _NUMERIC):
        # numpy's tolist makes Python ints/floats/bools several times faster than
        # pyarrow's per-value scalars.
        return array.to_numpy(zero_copy_only=False).tolist()
    return array.to_pylist()


def _plain(value: Any) -> Any:
    """numpy arrays and scalars as lists and Python scalars, which pyarrow takes for
    any list or primitive type."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def values_to_array(values: list, arrow_type: pa.DataType, function: str) -> pa.Array:
    """A column of `arrow_type` from a UDF's per-row results."""
    try:
        return pa.array(values, type=arrow_type)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        pass
    converted = [_plain(v) for v in values]
    try:
        return pa.array(converted, type=arrow_type)
    except (pa.ArrowException, TypeError, ValueError, OverflowError) as error:
        row, value = _first_bad_value(converted, arrow_type)
        raise TypeError(f"Function {function} returned {value!r} ({type(value).__name__}) "
                        f"for row {row}, which is not a valid {arrow_type} value "
                        f"(the function's return_dtype): {error}") from None


def _first_bad_value(values: list, arrow_type: pa.DataType) -> tuple[int, Any]:
    for row, value in enumerate(values):
        try:
            pa.array([value], type=arrow_type)
        except Exception:
            return row, value
    return -1, None


def batch_result_to_array(result: Any, arrow_type: pa.DataType, function: str) -> pa.Array:
    """A batch UDF's result (Series, list, numpy array, pyarrow array) as a column."""
    if isinstance(result, Series):
        result = result.to_arrow()
    if isinstance(result, pa.ChunkedArray):
        result = result.combine_chunks()
    if isinstance(result, pa.Array):
        if result.type.equals(arrow_type):
            return result
        try:
            return result.cast(arrow_type)
        except pa.ArrowException as error:
            raise TypeError(f"Function {function} returned {result.type} values, which do "
                            f"not cast to its return_dtype {arrow_type}: {error}") from None
    if isinstance(result, np.ndarray):
        if result.ndim == 1:
            try:
                return pa.array(result, type=arrow_type)
            except (pa.ArrowException, TypeError, ValueError):
                pass
        return values_to_array(list(result), arrow_type, function)
    if isinstance(result, (list, tuple)):
        return values_to_array(list(result), arrow_type, function)
    raise ValueError(f"Function {function} returned a {type(result).__name__}; a batch "
                     f"function must return a Series, list, numpy.ndarray or pyarrow.Array")
