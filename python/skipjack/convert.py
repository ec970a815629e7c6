"""DataFrames from in-memory data: Python dicts and lists, Arrow data, pandas."""

from __future__ import annotations

import datetime
import decimal
from typing import Any, Iterable

import pyarrow as pa

from skipjack._arrow_types import cast_columns, kernel_friendly_type, to_daft_storage
from skipjack._native import core
from skipjack.dataframe.dataframe import DataFrame
from skipjack.exceptions import InvalidError
from skipjack.logical_types import from_python, infer_column, python_type

_SUPPORTED = ("None, bool, int, float, str, bytes, datetime/date/time/timedelta, Decimal, "
              "and lists and dicts of these")
_PLAIN = (type(None), bool, int, float, str, bytes, bytearray, datetime.date, datetime.time,
          datetime.timedelta, decimal.Decimal, list, tuple, dict)


def _explain_conversion_error(name: str, values: list, error: Exception) -> InvalidError:
    for row, value in enumerate(values):
        if not isinstance(value, _PLAIN):
            return InvalidError(
                f"Column '{name}': row {row} holds a {type(value).__name__} ({value!r:.60}), "
                f"which Skipjack cannot store in a column. Supported values: {_SUPPORTED}.")
    kinds = []
    for value in values:
        kind = type(value).__name__
        if value is not None and kind not in kinds:
            kinds.append(kind)
    return InvalidError(
        f"Column '{name}': values of incompatible types ({', '.join(kinds)}) cannot share "
        f"one column ({error}).")


def _column_to_arrow(name: str, values: Any) -> pa.Array | pa.ChunkedArray:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values
    module = type(values).__module__
    if module.startswith("numpy"):
        if values.ndim != 1:
            raise InvalidError(
                f"Column '{name}': expected a 1-dimensional numpy array, got shape "
                f"{values.shape}. Pass a list of per-row arrays for tensor columns.")
        values = values if values.dtype != object else list(values)
    elif module.startswith("pandas"):
        return pa.array(values)
    elif isinstance(values, (list, tuple, range)):
        values = list(values)
    else:
        raise InvalidError(
            f"Column '{name}': expected a list, a numpy array or an Arrow array of values, "
            f"got {type(values).__name__}")
    if not isinstance(values, list) or (logical := infer_column(values)) is None:
        try:
            return pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError,
                TypeError) as error:
            if isinstance(values, list) and _has_objects(values):
                # Objects Arrow has no type for: a Python column, as in Daft.
                return from_python(values, python_type())
            raise _explain_conversion_error(name, list(values), error) from None
    return logical


def _has_objects(values: list) -> bool:
    plain = (bool, int, float, str, bytes, list, tuple, dict, type(None))
    return any(not isinstance(v, plain) and not type(v).__module__.startswith(("datetime", "decimal", "numpy"))
               for v in values)


def _materialized(table: pa.Table) -> DataFrame:
    """Python data gets Daft's storage types (64-bit offsets), like Daft."""
    return DataFrame._from_table(to_daft_storage(table))


def _check_unique_names(names: list[str]) -> None:
    seen = set()
    for name in names:
        if name in seen:
            raise InvalidError(
                f"Column name '{name}' appears more than once in the input; rename one of "
                "them first, column names must be unique")
        seen.add(name)


def _zero_copy(table: pa.Table) -> DataFrame:
    """Arrow data is used in place; only views and dictionaries are converted."""
    _check_unique_names(table.column_names)
    return DataFrame._from_table(cast_columns(table, kernel_friendly_type))


def from_pydict(data: dict[str, Any]) -> DataFrame:
    """A DataFrame from ``{column name: values}``; all columns must have one length."""
    if not isinstance(data, dict):
        raise InvalidError(f"from_pydict expects a dict of columns, got {type(data).__name__}")
    columns = {}
    for name, values in data.items():
        if not isinstance(name, str):
            raise InvalidError(f"Column names must be strings, got {name!r}")
        columns[name] = _column_to_arrow(name, values)
    lengths = {name: len(column) for name, column in columns.items()}
    if len(set(lengths.values())) > 1:
        raise InvalidError(
            "Expected all columns to be of the same length, but received columns with "
            f"lengths: {lengths}")
    return _materialized(pa.table(columns) if columns else pa.table({}))


def from_pylist(data: list[dict[str, Any]]) -> DataFrame:
    """A DataFrame from rows; column order is first-seen order, missing keys are null."""
    if not isinstance(data, list):
        raise InvalidError(f"from_pylist expects a list of dicts, got {type(data).__name__}")
    names: dict[str, None] = {}
    for index, row in enumerate(data):
        if not isinstance(row, dict):
            raise InvalidError(f"from_pylist: row {index} is a {type(row).__name__}, not a dict")
        names.update(dict.fromkeys(row))
    return from_pydict({name: [row.get(name) for row in data] for name in names})


def from_arrow(data: Any) -> DataFrame:
    """A DataFrame from a pyarrow Table or RecordBatch, a list of Tables, or any Arrow
    stream (RecordBatchReader, or an object with ``__arrow_c_stream__``).

    Tables are used in place, without copying. A stream is read lazily while the query
    runs, so it can be larger than memory, and it can be read only once.
    """
    if isinstance(data, DataFrame):
        # Splice the plans instead of streaming one engine query into another.
        return DataFrame(data._builder)
    if isinstance(data, pa.Table):
        return _zero_copy(data)
    if isinstance(data, pa.RecordBatch):
        return _zero_copy(pa.Table.from_batches([data]))
    if isinstance(data, (list, tuple)) and all(isinstance(t, pa.Table) for t in data):
        if not data:
            raise InvalidError("from_arrow needs at least one table")
        return _zero_copy(pa.concat_tables(data))
    if hasattr(data, "__arrow_c_stream__"):
        frame = DataFrame(core.LogicalPlan.from_stream(data))
        _check_unique_names(frame.column_names)
        return frame
    if isinstance(data, Iterable):
        tables = list(data)
        if tables and all(isinstance(t, pa.Table) for t in tables):
            return _zero_copy(pa.concat_tables(tables))
    raise InvalidError(
        "from_arrow expects a pyarrow Table or RecordBatch, a list of Tables, or an Arrow "
        f"stream (__arrow_c_stream__); got {type(data).__name__}")


def from_pandas(data: Any) -> DataFrame:
    """A DataFrame from a pandas DataFrame (or a list of them); the index is dropped."""
    import pandas as pd

    frames = data if isinstance(data, list) else [data]
    if not frames or not all(isinstance(f, pd.DataFrame) for f in frames):
        raise InvalidError("from_pandas expects a pandas DataFrame or a list of them")
    try:
        tables = [pa.Table.from_pandas(f, preserve_index=False) for f in frames]
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise InvalidError(f"from_pandas could not convert the frame: {error}") from None
    return _materialized(pa.concat_tables(tables))


__all__ = ["from_arrow", "from_pandas", "from_pydict", "from_pylist"]


def concat(dfs) -> DataFrame:
    """The rows of every DataFrame in turn (same column names and types), as
    ``daft.concat``."""
    frames = list(dfs)
    if not frames:
        raise ValueError("concat() needs at least one DataFrame")
    for frame in frames:
        if not isinstance(frame, DataFrame):
            raise TypeError(f"concat() expects DataFrames, got {type(frame).__name__}")
    if len(frames) == 1:
        return frames[0]
    return DataFrame(core.LogicalPlan.concat([f._builder for f in frames]))
