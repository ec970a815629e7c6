"""Series: one named column, what batch UDFs receive and may return.

    s = Series.from_pylist([1, 2, None], name="x")
    s.to_pylist()      # [1, 2, None]
    s.datatype()       # Int64
"""

from __future__ import annotations

from typing import Any, Iterator

import pyarrow as pa

from skipjack.datatype import DataType, to_arrow_type


def _combine(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(array, pa.ChunkedArray):
        return array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    return array


class Series:
    """A named Arrow array."""

    __slots__ = ("_array", "_name")

    def __init__(self, array: pa.Array, name: str):
        self._array = _combine(array)
        self._name = name

    # -- constructors ------------------------------------------------------------------
    @classmethod
    def from_pylist(cls, data: list, name: str = "list_series",
                    dtype: DataType | None = None) -> Series:
        from skipjack.logical_types import from_python, infer_column, is_logical, python_type

        arrow_type = None if dtype is None else to_arrow_type(dtype)
        if arrow_type is not None and is_logical(arrow_type):
            return cls(from_python(list(data), arrow_type), name)
        if arrow_type is None and (inferred := infer_column(list(data))) is not None:
            return cls(inferred, name)
        try:
            array = pa.array(data, type=arrow_type)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
            if arrow_type is not None:
                raise
            array = from_python(list(data), python_type())
        if arrow_type is None and pa.types.is_string(array.type):
            array = array.cast(pa.large_string())
        return cls(array, name)

    @classmethod
    def from_arrow(cls, array: pa.Array | pa.ChunkedArray, name: str = "arrow_series",
                   dtype: DataType | None = None) -> Series:
        if dtype is not None:
            array = array.cast(to_arrow_type(dtype))
        return cls(array, name)

    @classmethod
    def from_numpy(cls, data, name: str = "numpy_series", dtype: DataType | None = None) -> Series:
        array = pa.array(data) if dtype is None else pa.array(data, type=to_arrow_type(dtype))
        return cls(array, name)

    @classmethod
    def from_pandas(cls, data, name: str = "pd_series", dtype: DataType | None = None) -> Series:
        return cls.from_arrow(pa.Array.from_pandas(data), name, dtype)

    @classmethod
    def concat(cls, series: list[Series]) -> Series:
        if not series:
            raise ValueError("Series.concat needs at least one Series")
        return cls(pa.concat_arrays([s._array for s in series]), series[0]._name)

    # -- conversions -------------------------------------------------------------------
    def to_pylist(self) -> list:
        from skipjack.logical_types import to_python

        return to_python(self._array)

    def to_arrow(self) -> pa.Array:
        return self._array

    def __arrow_c_array__(self, requested_schema=None):
        return self._array.__arrow_c_array__(requested_schema)

    def to_numpy(self):
        return self._array.to_numpy(zero_copy_only=False)

    # -- properties --------------------------------------------------------------------
    def name(self) -> str:
        return self._name

    def rename(self, name: str) -> Series:
        return Series(self._array, name)

    def datatype(self) -> DataType:
        return DataType.from_arrow_type(self._array.type)

    def cast(self, dtype: DataType) -> Series:
        return Series(self._array.cast(to_arrow_type(dtype)), self._name)

    def size_bytes(self) -> int:
        return self._array.nbytes

    def __len__(self) -> int:
        return len(self._array)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.to_pylist())

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self._array))
            if step != 1:
                raise ValueError("Series slices must have step 1")
            return Series(self._array.slice(start, stop - start), self._name)
        return self._array[index].as_py()

    def slice(self, start: int, end: int) -> Series:
        return Series(self._array.slice(start, end - start), self._name)

    def __repr__(self) -> str:
        return f"Series(name={self._name!r}, dtype={self.datatype()!r}, len={len(self)})"


__all__ = ["Series"]
