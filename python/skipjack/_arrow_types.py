"""Arrow storage types as Daft stores them: strings, binaries and lists with 64-bit
offsets, dictionaries decoded, views as ordinary arrays. DataFrames built from Python
data use these, so their Arrow form equals Daft's."""

from __future__ import annotations

import pyarrow as pa


def daft_storage_type(t: pa.DataType) -> pa.DataType:
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return pa.large_string()
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_binary_view(t):
        return pa.large_binary()
    if pa.types.is_dictionary(t):
        return daft_storage_type(t.value_type)
    if (pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_list_view(t)
            or pa.types.is_large_list_view(t)):
        return pa.large_list(pa.field(t.value_field.name, daft_storage_type(t.value_type)))
    if pa.types.is_fixed_size_list(t):
        return pa.list_(daft_storage_type(t.value_type), t.list_size)
    if pa.types.is_map(t):
        return pa.map_(daft_storage_type(t.key_type), daft_storage_type(t.item_type))
    if pa.types.is_struct(t):
        return pa.struct([f.with_type(daft_storage_type(f.type)) for f in t])
    return t


def kernel_friendly_type(t: pa.DataType) -> pa.DataType:
    """The type the engine computes on: views and dictionaries become plain arrays;
    everything else (including 32-bit-offset strings) is kept, so no copy is made."""
    if pa.types.is_string_view(t):
        return pa.large_string()
    if pa.types.is_binary_view(t):
        return pa.large_binary()
    if pa.types.is_dictionary(t):
        return kernel_friendly_type(t.value_type)
    if pa.types.is_list_view(t) or pa.types.is_large_list_view(t):
        return pa.large_list(pa.field(t.value_field.name, kernel_friendly_type(t.value_type)))
    if pa.types.is_struct(t):
        return pa.struct([f.with_type(kernel_friendly_type(f.type)) for f in t])
    return t


def cast_columns(table: pa.Table, convert) -> pa.Table:
    """Casts the columns whose type `convert` changes; others are untouched."""
    target = pa.schema([f.with_type(convert(f.type)) for f in table.schema],
                       metadata=table.schema.metadata)
    if target.equals(table.schema):
        return table
    return table.cast(target)


def to_daft_storage(table: pa.Table) -> pa.Table:
    """Casts the columns whose storage differs from Daft's; others are untouched."""
    return cast_columns(table, daft_storage_type)
