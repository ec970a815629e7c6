"""Cell values as text, following Daft's ``str_value`` (src/daft-core/src/array/ops/repr.rs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa

from .rust_numbers import rust_decimal, rust_float
from .rust_temporal import format_ymd, rust_duration, rust_interval, rust_time, rust_timestamp

ELLIPSIS = "…"

# Renderers for logical types that live in Arrow extension types (Daft's Image,
# FixedShapeImage, Tensor, Embedding, ...), keyed by ``ExtensionType.extension_name``.
# A renderer receives a valid (non-null) ``pa.ExtensionScalar`` and returns the cell
# text, e.g. "<Image>", "<FixedShapeImage>" or "<Tensor shape=(2, 3)>".
# Unregistered extension types are rendered through their storage type.
EXTENSION_RENDERERS: dict[str, Callable[[pa.ExtensionScalar], str]] = {}


def register_extension_renderer(extension_name: str, renderer: Callable[[pa.ExtensionScalar], str]) -> None:
    """Register how cells of an Arrow extension type are shown in text and HTML."""
    EXTENSION_RENDERERS[extension_name] = renderer


def format_cell(value: pa.Scalar | Any, arrow_type: pa.DataType, max_width: int | None = 32) -> str:
    """Format one value as Daft shows it in a text table cell.

    ``max_width`` truncates to ``max_width - 3`` characters followed by "…" (Daft
    subtracts the UTF-8 length of "…"); ``None`` disables truncation.
    """
    if not isinstance(value, pa.Scalar):
        value = pa.scalar(value, type=arrow_type)
    return _truncate(str_value(value), max_width)


def column_arrays(table: pa.Table) -> list[pa.Array]:
    return [column.chunk(0) if column.num_chunks == 1 else column.combine_chunks() for column in table.columns]


def cell_texts(table: pa.Table, max_width: int | None) -> list[list[str]]:
    """Every cell of the table as text-table rows."""
    columns = column_arrays(table)
    return [[_truncate(str_value(column[i]), max_width) for column in columns] for i in range(table.num_rows)]


def _truncate(text: str, max_width: int | None) -> str:
    # Daft compares and cuts in chars (code points), reserving len("…".encode()) == 3.
    if max_width is None:
        return text
    keep = max(max_width - len(ELLIPSIS.encode()), 0)
    return text[:keep] + ELLIPSIS if len(text) > keep else text


def str_value(scalar: pa.Scalar) -> str:
    """Daft's ``str_value`` for one element."""
    if not scalar.is_valid:
        return "None"
    arrow_type = scalar.type
    if isinstance(arrow_type, pa.BaseExtensionType):
        renderer = EXTENSION_RENDERERS.get(arrow_type.extension_name)
        return renderer(scalar) if renderer else str_value(scalar.value)
    if pa.types.is_dictionary(arrow_type):
        return str_value(scalar.value)
    for predicate, formatter in _FORMATTERS:
        if predicate(arrow_type):
            return formatter(scalar)
    return str(scalar.as_py())


def _is_string_type(arrow_type: pa.DataType) -> bool:
    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type) or pa.types.is_string_view(arrow_type)


def _is_binary_type(arrow_type: pa.DataType) -> bool:
    return (
        pa.types.is_binary(arrow_type)
        or pa.types.is_large_binary(arrow_type)
        or pa.types.is_fixed_size_binary(arrow_type)
        or pa.types.is_binary_view(arrow_type)
    )


def _is_list_type(arrow_type: pa.DataType) -> bool:
    return (
        pa.types.is_list(arrow_type)
        or pa.types.is_large_list(arrow_type)
        or pa.types.is_fixed_size_list(arrow_type)
        or pa.types.is_list_view(arrow_type)
        or pa.types.is_large_list_view(arrow_type)
    )


def _format_bool(scalar: pa.Scalar) -> str:
    return "true" if scalar.as_py() else "false"


def _format_float(scalar: pa.Scalar) -> str:
    # Daft shows half floats through f32's Display.
    bits = scalar.type.bit_width
    value = float(scalar.cast(pa.float32()).as_py()) if bits == 16 else float(scalar.as_py())
    return rust_float(value, 32 if bits == 16 else bits)


def _format_binary(scalar: pa.Scalar) -> str:
    return _pretty_bytes(scalar.as_py(), 40)


def _format_list(scalar: pa.Scalar) -> str:
    values = scalar.values
    return "[" + ", ".join(str_value(values[i]) for i in range(len(values))) + "]"


def _format_map(scalar: pa.Scalar) -> str:
    entries = scalar.values
    keys, items = entries.field(0), entries.field(1)
    quote = _is_string_type(keys.type)  # Daft quotes string keys only, without escaping
    parts = []
    for i in range(len(entries)):
        key = str_value(keys[i])
        parts.append(f'"{key}": {str_value(items[i])}' if quote else f"{key}: {str_value(items[i])}")
    return "{" + ", ".join(parts) + "}"


def _format_struct(scalar: pa.Scalar) -> str:
    fields = scalar.type
    lines = "".join(f"{fields.field(i).name}: {str_value(scalar[i])},\n" for i in range(fields.num_fields))
    return "{" + lines + "}"


def _format_date(scalar: pa.Scalar) -> str:
    days = scalar.value
    if pa.types.is_date64(scalar.type):
        days //= 86_400_000
    return format_ymd(days)


def _format_time(scalar: pa.Scalar) -> str:
    return rust_time(scalar.value, scalar.type.unit)


def _format_timestamp(scalar: pa.Scalar) -> str:
    return rust_timestamp(scalar.value, scalar.type.unit, scalar.type.tz)


def _format_duration(scalar: pa.Scalar) -> str:
    return rust_duration(scalar.value, scalar.type.unit)


def _format_interval(scalar: pa.Scalar) -> str:
    value = scalar.as_py()
    return rust_interval(value.months, value.days, value.nanoseconds)


def _format_decimal(scalar: pa.Scalar) -> str:
    sign, digits, exponent = scalar.as_py().as_tuple()
    unscaled = int("".join(map(str, digits)) or "0") * 10 ** (exponent + scalar.type.scale)
    return rust_decimal(-unscaled if sign else unscaled, scalar.type.scale)


_FORMATTERS: list[tuple[Callable[[pa.DataType], bool], Callable[[pa.Scalar], str]]] = [
    (pa.types.is_null, lambda scalar: "None"),
    (pa.types.is_boolean, _format_bool),
    (pa.types.is_integer, lambda scalar: str(scalar.as_py())),
    (pa.types.is_floating, _format_float),
    (_is_string_type, lambda scalar: scalar.as_py()),
    (_is_binary_type, _format_binary),
    (pa.types.is_map, _format_map),  # before lists: a map is a list of entries
    (_is_list_type, _format_list),
    (pa.types.is_struct, _format_struct),
    (lambda t: pa.types.is_date32(t) or pa.types.is_date64(t), _format_date),
    (pa.types.is_time, _format_time),
    (pa.types.is_timestamp, _format_timestamp),
    (pa.types.is_duration, _format_duration),
    (pa.types.is_interval, _format_interval),
    (pa.types.is_decimal, _format_decimal),
]


def _pretty_bytes(data: bytes, max_len: int) -> str:
    """Python-bytes-like repr cut to ``max_len`` bytes, as Daft's ``pretty_print_bytes``."""
    fits = len(data) <= max_len
    limit = max_len - (1 if fits else 4)
    out = 'b"'
    for byte in data:
        if len(out) >= limit:
            break
        if byte in (0x22, 0x5C):
            out += "\\" + chr(byte)
        elif byte == 0x09:
            out += "\\t"
        elif byte == 0x0A:
            out += "\\n"
        elif byte == 0x0D:
            out += "\\r"
        elif 0x20 <= byte < 0x7F:
            out += chr(byte)
        else:
            out += f"\\x{byte:02x}"
    return out + ('"' if fits else '"...')
