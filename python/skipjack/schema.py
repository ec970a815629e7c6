"""Schemas: ordered column names and types, printed as Daft prints them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import pyarrow as pa

from skipjack.datatype import DataType


@dataclass(frozen=True)
class Field:
    """One column of a schema."""

    name: str
    dtype: DataType

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, dtype={self.dtype})"


class Schema:
    """The columns of a DataFrame, in order."""

    __slots__ = ("_arrow",)

    def __init__(self, arrow_schema: pa.Schema):
        self._arrow = arrow_schema

    @classmethod
    def from_pyarrow_schema(cls, schema: pa.Schema) -> Schema:
        return cls(schema)

    @classmethod
    def from_pydict(cls, fields: dict[str, DataType]) -> Schema:
        return cls(pa.schema([pa.field(n, t.to_arrow_dtype()) for n, t in fields.items()]))

    def to_pyarrow_schema(self) -> pa.Schema:
        return self._arrow

    def column_names(self) -> list[str]:
        return list(self._arrow.names)

    def __getitem__(self, name: str) -> Field:
        index = self._arrow.get_field_index(name)
        if index < 0:
            from skipjack.exceptions import ColumnNotFoundError

            raise ColumnNotFoundError(
                f"Column '{name}' not found. Available columns: {', '.join(self._arrow.names)}")
        field = self._arrow.field(index)
        return Field(field.name, DataType(field.type))

    def __iter__(self) -> Iterator[Field]:
        return (Field(f.name, DataType(f.type)) for f in self._arrow)

    def __len__(self) -> int:
        return len(self._arrow)

    def __contains__(self, name: object) -> bool:
        return name in self._arrow.names

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Schema) and self._arrow.equals(other._arrow)

    def __repr__(self) -> str:
        from skipjack.dataframe.display import render_key_value_table

        rows = [(f.name, str(DataType(f.type))) for f in self._arrow]
        return render_key_value_table(("Column Name", "DType"), rows)

    def __arrow_c_schema__(self):
        return self._arrow.__arrow_c_schema__()


__all__ = ["Field", "Schema"]
