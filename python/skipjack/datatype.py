"""Data types, with Daft's factories and display names (``Int64``, ``String``,
``List[Int64]``, ``Struct[a: Int64, b: String]``).

A :class:`DataType` wraps the Arrow type that stores the column. Strings, binaries and
lists use Arrow's 64-bit-offset variants, as Daft does, so data moves to and from Daft
without conversion.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from skipjack._native import core

_TIME_UNITS = {"s": "s", "ms": "ms", "us": "us", "ns": "ns", "seconds": "s",
               "milliseconds": "ms", "microseconds": "us", "nanoseconds": "ns"}


class TimeUnit:
    """A time resolution: ``TimeUnit.us()`` or ``TimeUnit.from_str("ms")``."""

    def __init__(self, unit: str):
        if unit not in _TIME_UNITS:
            raise ValueError(f"unknown time unit {unit!r}; expected one of s, ms, us, ns")
        self._unit = _TIME_UNITS[unit]

    @classmethod
    def s(cls) -> TimeUnit:
        return cls("s")

    @classmethod
    def ms(cls) -> TimeUnit:
        return cls("ms")

    @classmethod
    def us(cls) -> TimeUnit:
        return cls("us")

    @classmethod
    def ns(cls) -> TimeUnit:
        return cls("ns")

    @classmethod
    def from_str(cls, unit: str) -> TimeUnit:
        return cls(unit.lower())

    def __str__(self) -> str:
        return self._unit

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TimeUnit) and other._unit == self._unit

    def __hash__(self) -> int:
        return hash(self._unit)


def _unit(unit: TimeUnit | str) -> str:
    return str(unit) if isinstance(unit, TimeUnit) else TimeUnit(unit)._unit


class DataType:
    """The type of a column.

    Zero-argument types work both as attributes and as calls, as in Daft:
    ``DataType.int64`` and ``DataType.int64()`` are the same type.
    """

    __slots__ = ("_arrow",)

    def __init__(self, arrow_type: pa.DataType):
        if not isinstance(arrow_type, pa.DataType):
            raise TypeError(f"expected a pyarrow.DataType, got {type(arrow_type).__name__}")
        self._arrow = arrow_type

    def __call__(self) -> DataType:
        return self

    # -- parameterized factories ------------------------------------------------------
    @classmethod
    def list(cls, dtype: DataType) -> DataType:
        return cls(pa.large_list(_arrow(dtype)))

    @classmethod
    def fixed_size_list(cls, dtype: DataType, size: int) -> DataType:
        if size <= 0:
            raise ValueError(f"fixed_size_list size must be positive, got {size}")
        return cls(pa.list_(_arrow(dtype), size))

    @classmethod
    def struct(cls, fields: dict[str, DataType]) -> DataType:
        return cls(pa.struct([pa.field(name, _arrow(t)) for name, t in fields.items()]))

    @classmethod
    def map(cls, key_type: DataType, value_type: DataType) -> DataType:
        return cls(pa.map_(_arrow(key_type), _arrow(value_type)))

    @classmethod
    def fixed_size_binary(cls, size: int) -> DataType:
        if size <= 0:
            raise ValueError(f"fixed_size_binary size must be positive, got {size}")
        return cls(pa.binary(size))

    @classmethod
    def decimal128(cls, precision: int, scale: int) -> DataType:
        return cls(pa.decimal128(precision, scale))

    @classmethod
    def timestamp(cls, timeunit: TimeUnit | str = "us", timezone: str | None = None) -> DataType:
        return cls(pa.timestamp(_unit(timeunit), tz=timezone))

    @classmethod
    def duration(cls, timeunit: TimeUnit | str = "us") -> DataType:
        return cls(pa.duration(_unit(timeunit)))

    @classmethod
    def time(cls, timeunit: TimeUnit | str = "us") -> DataType:
        unit = _unit(timeunit)
        return cls(pa.time32(unit) if unit in ("s", "ms") else pa.time64(unit))

    # -- logical types without an Arrow equivalent (skipjack/logical_types.py) ---------
    @classmethod
    def tensor(cls, dtype: DataType, shape: tuple[int, ...] | None = None) -> DataType:
        from skipjack.logical_types import tensor_type

        return cls(tensor_type(_arrow(dtype), None if shape is None else tuple(shape)))

    @classmethod
    def embedding(cls, dtype: DataType, size: int) -> DataType:
        from skipjack.logical_types import embedding_type

        if size <= 0:
            raise ValueError(f"embedding size must be positive, got {size}")
        return cls(embedding_type(_arrow(dtype), size))

    @classmethod
    def image(cls, mode: str | None = None, height: int | None = None,
              width: int | None = None) -> DataType:
        from skipjack.logical_types import image_type

        return cls(image_type(getattr(mode, "name", mode), height, width))

    @classmethod
    def file(cls, media_type=None) -> DataType:
        """References to files by path or URL (File[Unknown]); values are skipjack.File."""
        from skipjack.file.column import file_type

        return cls(file_type(getattr(media_type, "name", None) or "Unknown"))

    @classmethod
    def python(cls) -> DataType:
        from skipjack.logical_types import python_type

        return cls(python_type())

    def _logical_name(self) -> str | None:
        from skipjack.logical_types import logical_type_of

        logical = logical_type_of(self._arrow)
        if logical is None:
            return None
        return logical if isinstance(logical, str) else next(iter(logical))

    def is_tensor(self) -> bool:
        return self._logical_name() in ("Tensor", "FixedShapeTensor")

    def is_fixed_shape_tensor(self) -> bool:
        return self._logical_name() == "FixedShapeTensor"

    def is_embedding(self) -> bool:
        return self._logical_name() == "Embedding"

    def is_image(self) -> bool:
        return self._logical_name() in ("Image", "FixedShapeImage")

    def is_fixed_shape_image(self) -> bool:
        return self._logical_name() == "FixedShapeImage"

    def is_python(self) -> bool:
        return self._logical_name() == "Python"

    def is_file(self) -> bool:
        return self._logical_name() == "File"

    # -- conversions -------------------------------------------------------------------
    @classmethod
    def from_arrow_type(cls, arrow_type: pa.DataType) -> DataType:
        return cls(arrow_type)

    def to_arrow_dtype(self) -> pa.DataType:
        return self._arrow

    @classmethod
    def infer_from_type(cls, python_type: Any) -> DataType:
        """The type Daft would give values of a Python type (int -> Int64, ...)."""
        from skipjack.udf.return_type import arrow_type_of_hint

        return cls(arrow_type_of_hint(python_type, where="DataType.infer_from_type:"))

    # -- predicates -------------------------------------------------------------------
    def is_numeric(self) -> bool:
        return pa.types.is_integer(self._arrow) or pa.types.is_floating(self._arrow)

    def is_integer(self) -> bool:
        return pa.types.is_integer(self._arrow)

    def is_floating(self) -> bool:
        return pa.types.is_floating(self._arrow)

    def is_string(self) -> bool:
        return pa.types.is_string(self._arrow) or pa.types.is_large_string(self._arrow)

    def is_boolean(self) -> bool:
        return pa.types.is_boolean(self._arrow)

    def is_binary(self) -> bool:
        return pa.types.is_binary(self._arrow) or pa.types.is_large_binary(self._arrow)

    def is_list(self) -> bool:
        return pa.types.is_list(self._arrow) or pa.types.is_large_list(self._arrow)

    def is_fixed_size_list(self) -> bool:
        return pa.types.is_fixed_size_list(self._arrow)

    def is_struct(self) -> bool:
        return pa.types.is_struct(self._arrow)

    def is_map(self) -> bool:
        return pa.types.is_map(self._arrow)

    def is_null(self) -> bool:
        return pa.types.is_null(self._arrow)

    def is_temporal(self) -> bool:
        return pa.types.is_temporal(self._arrow)

    def is_timestamp(self) -> bool:
        return pa.types.is_timestamp(self._arrow)

    def is_date(self) -> bool:
        return pa.types.is_date(self._arrow)

    # -- properties and dunders ----------------------------------------------------------
    @property
    def dtype(self) -> DataType:
        """The element type of a list type."""
        if not (self.is_list() or self.is_fixed_size_list()):
            raise AttributeError(f"{self} has no element type")
        return DataType(self._arrow.value_type)

    @property
    def size(self) -> int:
        if self.is_fixed_size_list():
            return self._arrow.list_size
        if pa.types.is_fixed_size_binary(self._arrow):
            return self._arrow.byte_width
        raise AttributeError(f"{self} has no fixed size")

    @property
    def fields(self) -> dict[str, DataType]:
        if not self.is_struct():
            raise AttributeError(f"{self} has no fields")
        return {f.name: DataType(f.type) for f in self._arrow}

    def __repr__(self) -> str:
        return core.type_display_name(self._arrow)

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DataType):
            return self._arrow.equals(other._arrow)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self._arrow))

    def __arrow_c_schema__(self):
        return self._arrow.__arrow_c_schema__()


def _arrow(dtype: DataType | pa.DataType) -> pa.DataType:
    if isinstance(dtype, DataType):
        return dtype._arrow
    if isinstance(dtype, pa.DataType):
        return dtype
    raise TypeError(f"expected a skipjack DataType, got {type(dtype).__name__}")


def to_arrow_type(dtype: DataType | pa.DataType | type) -> pa.DataType:
    """Accepts a DataType, a pyarrow type or a Python type (int, str, ...)."""
    if isinstance(dtype, type) and not isinstance(dtype, DataType):
        return DataType.infer_from_type(dtype)._arrow
    return _arrow(dtype)


_SIMPLE_TYPES = {
    "int8": pa.int8(), "int16": pa.int16(), "int32": pa.int32(), "int64": pa.int64(),
    "uint8": pa.uint8(), "uint16": pa.uint16(), "uint32": pa.uint32(), "uint64": pa.uint64(),
    "float16": pa.float16(), "float32": pa.float32(), "float64": pa.float64(),
    "string": pa.large_string(), "bool": pa.bool_(), "binary": pa.large_binary(),
    "null": pa.null(), "date": pa.date32(),
}
for _name, _type in _SIMPLE_TYPES.items():
    setattr(DataType, _name, DataType(_type))
DataType.boolean = DataType.bool  # Arrow's spelling

__all__ = ["DataType", "TimeUnit", "to_arrow_type"]
