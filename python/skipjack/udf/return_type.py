"""Return types of UDFs: given explicitly (a DataType, a pyarrow type, a Python type or
a type name) or read from the function's return type hint, as Daft does."""

from __future__ import annotations

import collections.abc
import datetime
import inspect
import types
import typing
from typing import Any, Callable

import pyarrow as pa

from skipjack import logical_types
from skipjack.datatype import DataType, to_arrow_type
from skipjack.file import File
from skipjack.file.column import file_type

_SIMPLE = {
    bool: pa.bool_(), int: pa.int64(), float: pa.float64(), str: pa.large_string(),
    bytes: pa.large_binary(), type(None): pa.null(), datetime.datetime: pa.timestamp("us"),
    datetime.date: pa.date32(), datetime.time: pa.time64("us"),
    datetime.timedelta: pa.duration("us"),
}

_NAMES = {
    "int": pa.int64(), "integer": pa.int64(), "bigint": pa.int64(), "int64": pa.int64(),
    "int32": pa.int32(), "float": pa.float64(), "double": pa.float64(), "float64": pa.float64(),
    "float32": pa.float32(), "real": pa.float32(), "string": pa.large_string(),
    "str": pa.large_string(), "text": pa.large_string(), "varchar": pa.large_string(),
    "bool": pa.bool_(), "boolean": pa.bool_(), "binary": pa.large_binary(),
    "bytes": pa.large_binary(), "date": pa.date32(), "timestamp": pa.timestamp("us"),
}

_GENERATOR_ORIGINS = (collections.abc.Iterator, collections.abc.Generator,
                      collections.abc.Iterable)


def explicit_return_type(dtype: Any) -> pa.DataType:
    """A return_dtype as given by the user, as an Arrow type."""
    if isinstance(dtype, str):
        try:
            return _NAMES[dtype.strip().lower()]
        except KeyError:
            raise ValueError(f"unknown type name {dtype!r} for return_dtype; use a DataType "
                             f"such as DataType.int64()") from None
    if isinstance(dtype, (DataType, pa.DataType)):
        return to_arrow_type(dtype)
    return arrow_type_of_hint(dtype, where="return_dtype")


def arrow_type_of_hint(hint: Any, where: str) -> pa.DataType:
    """The Arrow type for a Python type hint (int -> int64, list[str] -> large_list, ...)."""
    if isinstance(hint, (DataType, pa.DataType)):
        return to_arrow_type(hint)
    if hint in _SIMPLE:
        return _SIMPLE[hint]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        present = [a for a in args if a is not type(None)]
        if len(present) == 1:
            return arrow_type_of_hint(present[0], where)
    elif origin in (list, collections.abc.Sequence) and len(args) == 1:
        return pa.large_list(arrow_type_of_hint(args[0], where))
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return pa.large_list(arrow_type_of_hint(args[0], where))
    elif origin is tuple and args:
        return pa.struct([pa.field(f"_{i}", arrow_type_of_hint(a, where)) for i, a in enumerate(args)])
    elif origin is dict and len(args) == 2:
        return pa.map_(arrow_type_of_hint(args[0], where), arrow_type_of_hint(args[1], where))
    elif typing.is_typeddict(hint):
        fields = typing.get_type_hints(hint)
        return pa.struct([pa.field(name, arrow_type_of_hint(t, where)) for name, t in fields.items()])
    logical = _logical_type_of_hint(hint, origin, args)
    if logical is not None:
        return logical
    if isinstance(hint, str):
        raise TypeError(f"cannot resolve {where} {hint!r}; pass return_dtype= with a DataType")
    # Anything else is kept as Python objects, as in Daft.
    return logical_types.python_type()


def _logical_type_of_hint(hint: Any, origin: Any, args: tuple) -> pa.DataType | None:
    """numpy arrays -> Tensor (of the dtype, if the hint names one), PIL images -> Image."""
    import numpy as np

    if hint is np.ndarray:
        return logical_types.python_type()  # no element type to go by
    if origin is np.ndarray and len(args) == 2:
        dtype_args = typing.get_args(args[1])
        if dtype_args and isinstance(dtype_args[0], type) and issubclass(dtype_args[0], np.generic):
            return logical_types.tensor_type(pa.from_numpy_dtype(dtype_args[0]))
        return logical_types.python_type()
    if isinstance(hint, type) and issubclass(hint, np.generic) and hint is not np.generic:
        try:
            return pa.from_numpy_dtype(hint)
        except (pa.ArrowNotImplementedError, TypeError):
            return None
    if isinstance(hint, type) and hint.__module__.startswith("PIL.") and hint.__name__ == "Image":
        return logical_types.image_type()
    if isinstance(hint, type) and issubclass(hint, File):
        return file_type()
    return None


def is_generator_function(fn: Callable) -> bool:
    return inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn)


def type_hints(fn: Callable) -> dict:
    """The function's resolved hints. String hints (``from __future__ import annotations``)
    naming things imported inside a function resolve through the typing module and the
    function's closure; what still fails stays a string."""
    try:
        return typing.get_type_hints(fn)
    except Exception:
        pass
    local = dict(vars(typing))
    code, closure = getattr(fn, "__code__", None), getattr(fn, "__closure__", None) or ()
    if code is not None:
        for name, cell in zip(code.co_freevars, closure):
            try:
                local[name] = cell.cell_contents
            except ValueError:
                pass
    try:
        return typing.get_type_hints(fn, localns=local)
    except Exception:
        return dict(getattr(fn, "__annotations__", {}))


def infer_return_type(fn: Callable, return_dtype: Any, name: str) -> pa.DataType:
    """The return type of `fn`: return_dtype if given, else its return hint. For a
    generator, the type of each yielded value (the T of Iterator[T])."""
    if return_dtype is not None:
        return explicit_return_type(return_dtype)
    hints = type_hints(fn)
    if "return" not in hints:
        raise ValueError(f"Function {name} needs either a return type hint or the "
                         f"`return_dtype` argument (Daft functions require either a return "
                         f"type hint or the `return_dtype` argument)")
    hint = hints["return"]
    if is_generator_function(fn):
        if typing.get_origin(hint) in _GENERATOR_ORIGINS and typing.get_args(hint):
            hint = typing.get_args(hint)[0]
        else:
            raise ValueError(f"Generator function {name} must be hinted Iterator[T] or "
                             f"Generator[T, ...], got {hint!r}")
    return arrow_type_of_hint(hint, where=f"the return type hint of {name}:")
