"""Values between Arrow columns and Python: what a row-wise UDF receives (None for
nulls, dicts for structs, lists for lists, datetimes for timestamps) and how its
results become a column of the declared type."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from skipjack import logical_types
from skipjack._native import core
from skipjack.series import Series

_NUMERIC = (pa.types.is_integer, pa.types.is_floating, pa.types.is_boolean)


def column_values(array: pa.Array) -> list:
    """The column as a list of Python values."""
    if isinstance(array.type, pa.BaseExtensionType):
        return logical_types.to_python(array)  # numpy arrays, PIL-free images, objects
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
    if logical_types.is_logical(arrow_type) or _list_of_logical(arrow_type):
        try:
            return _logical_values(values, arrow_type)
        except (pa.ArrowException, TypeError, ValueError) as error:
            raise TypeError(f"Function {function} returned values that are not "
                            f"{core.type_display_name(arrow_type)}: {error}") from None
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


def _list_of_logical(arrow_type: pa.DataType) -> bool:
    return pa.types.is_large_list(arrow_type) and logical_types.is_logical(arrow_type.value_type)


def _logical_values(values: list, arrow_type: pa.DataType) -> pa.Array:
    if not _list_of_logical(arrow_type):
        return logical_types.from_python(values, arrow_type)
    # A generator's lists of tensors / images / objects.
    lengths = [0 if v is None else len(v) for v in values]
    flat = [item for v in values if v is not None for item in v]
    items = logical_types.from_python(flat, arrow_type.value_type)
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64))
    return pa.LargeListArray.from_arrays(offsets, items, type=arrow_type,
                                         mask=pa.array([v is None for v in values]))


def _first_bad_value(values: list, arrow_type: pa.DataType) -> tuple[int, Any]:
    for row, value in enumerate(values):
        try:
            pa.array([value], type=arrow_type)
        except Exception:
            return row, value
    return -1, None


def batch_result_to_array(result: Any, arrow_type: pa.DataType, function: str) -> pa.Array:
    """A batch UDF's result (Series, list, numpy array, pyarrow array) as a column."""
    if logical_types.is_logical(arrow_type) and not isinstance(result, (pa.Array, pa.ChunkedArray, Series)):
        if isinstance(result, np.ndarray):
            result = list(result)
        if isinstance(result, (list, tuple)):
            return values_to_array(list(result), arrow_type, function)
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
