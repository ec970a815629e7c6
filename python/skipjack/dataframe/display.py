"""Render tables exactly like Daft 0.7.26's ``show()``, ``repr(df)`` and ``_repr_html_()``.

Daft formats every cell in Rust (``repr.rs``) and lays the text table out with the
comfy-table crate (preset UTF8_FULL, round corners, ``ContentArrangement::Dynamic``).
This module re-implements both in pure Python on top of pyarrow, so the output is
byte-identical.  It must not import other skipjack modules: the tests load it by path.
"""

from __future__ import annotations

import datetime
import decimal
import math
import os
import shutil
import struct
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pyarrow as pa

__all__ = [
    "EXTENSION_RENDERERS",
    "format_cell",
    "register_extension_renderer",
    "render_html",
    "render_text",
]

_DOTS = "…"
_NOT_MATERIALIZED = "(No data to display: Dataframe not materialized, use .collect() to materialize)"
_NO_ROWS = "(No data to display: Materialized dataframe has no rows)"
_NO_COLUMNS = "(No data to display: Dataframe has no columns)"

# Renderers for logical types that live in Arrow extension types (Daft's Image,
# FixedShapeImage, Tensor, Embedding, ...), keyed by ``ExtensionType.extension_name``.
# A renderer receives a valid (non-null) ``pa.ExtensionScalar`` and returns the cell
# text, e.g. "<Image>", "<FixedShapeImage>" or "<Tensor shape=(2, 3)>".
# Unregistered extension types are rendered through their storage type.
EXTENSION_RENDERERS: dict[str, Callable[[pa.ExtensionScalar], str]] = {}


def register_extension_renderer(extension_name: str, renderer: Callable[[pa.ExtensionScalar], str]) -> None:
    """Register how cells of an Arrow extension type are shown in text and HTML."""
    EXTENSION_RENDERERS[extension_name] = renderer


# ---------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------


def render_text(
    table: pa.Table,
    dtype_names: list[str],
    *,
    total_rows: int | None,
    materialized: bool = True,
    max_width: int = 32,
    table_width: int | None = None,
    bold_headers: bool | None = None,
) -> str:
    """Return what Daft's ``repr(df)`` returns (``show()`` prints this plus a newline)."""
    if table.num_columns == 0:
        return _NO_COLUMNS
    is_tty = _stdout_is_tty()
    if table_width is None:
        table_width = shutil.get_terminal_size().columns if is_tty else 120
    if bold_headers is None:
        bold_headers = is_tty and os.environ.get("DAFT_BOLD_TABLE_HEADERS", "1") == "1"
    headers = [f"{name}\n---\n{dtype}" for name, dtype in zip(table.column_names, dtype_names, strict=True)]
    rows = _cell_texts(table, max_width) if materialized else None
    body = _build_table(headers, rows, table_width, bold_headers)
    return f"{body}\n\n{_footer(table.num_rows, total_rows, materialized)}"


def render_html(
    table: pa.Table,
    dtype_names: list[str],
    *,
    total_rows: int | None,
    materialized: bool = True,
) -> str:
    """Return what Daft's ``DataFrame._repr_html_()`` returns outside a notebook."""
    if table.num_columns == 0:
        return f"<small>{_NO_COLUMNS}</small>"
    html = _html_table(table, dtype_names) if materialized else _html_schema_table(table.column_names, dtype_names)
    return f"<div>\n{html}\n<small>{_footer(table.num_rows, total_rows, materialized)}</small>\n</div>"


def format_cell(value: pa.Scalar | Any, arrow_type: pa.DataType, max_width: int | None = 32) -> str:
    """Format one value as Daft shows it in a text table cell.

    ``max_width`` truncates to ``max_width - 3`` characters followed by "…" (Daft
    subtracts the UTF-8 length of "…"); ``None`` disables truncation.
    """
    if not isinstance(value, pa.Scalar):
        value = pa.scalar(value, type=arrow_type)
    return _truncate(_str_value(value), max_width)


# ---------------------------------------------------------------------------
# Footer, TTY detection
# ---------------------------------------------------------------------------


def _footer(shown_rows: int, total_rows: int | None, materialized: bool) -> str:
    if not materialized:
        return _NOT_MATERIALIZED
    if total_rows == 0:
        return _NO_ROWS
    if total_rows is None:
        return f"(Showing first {shown_rows} rows)"
    return f"(Showing first {min(total_rows, shown_rows)} of {total_rows} rows)"


def _stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


# ---------------------------------------------------------------------------
# HTML (Daft: RecordBatch::repr_html and Schema::truncated_table_html)
# ---------------------------------------------------------------------------

# Daft never truncates HTML cells to the text width, only strings above 1 MiB.
_MAX_HTML_VALUE_BYTES = 1024 * 1024


def _html_escape(text: str) -> str:
    # html_escape::encode_text only escapes these three characters.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_table(table: pa.Table, dtype_names: list[str]) -> str:
    n = table.num_columns
    th_style = (
        f"text-wrap: nowrap; width: calc(100vw / {n}); min-width: 192px; overflow: hidden; "
        "text-overflow: ellipsis; text-align:left"
    )
    td_style = (
        f"text-align:left; width: calc(100vw / {n}); min-width: 192px; max-height: 100px; overflow: hidden; "
        "text-overflow: ellipsis; word-wrap: break-word; overflow-y: auto"
    )
    parts = ['<table class="dataframe" style="table-layout: fixed; min-width: 100%">\n<thead><tr>']
    for name, dtype in zip(table.column_names, dtype_names, strict=True):
        parts.append(f'<th style="{th_style}">{_html_escape(name)}<br />{_html_escape(dtype)}</th>')
    parts.append("</tr></thead>\n<tbody>\n")
    columns = _arrays(table)
    for i in range(table.num_rows):
        parts.append("<tr>")
        for j, column in enumerate(columns):
            value = _html_value(_str_value(column[i]))
            parts.append(f'<td data-row="{i}" data-col="{j}"><div style="{td_style}">{value}</div></td>')
        parts.append("</tr>\n")
    parts.append("</tbody>\n</table>")
    return "".join(parts)


def _html_value(text: str) -> str:
    raw = text.encode("utf-8")
    if len(raw) > _MAX_HTML_VALUE_BYTES:
        text = raw[:_MAX_HTML_VALUE_BYTES].decode("utf-8", errors="ignore") + "..."
    return _html_escape(text).replace("\n", "<br />")


def _html_schema_table(names: list[str], dtype_names: list[str]) -> str:
    th = '<th style="text-wrap: nowrap; max-width:192px; overflow:auto; text-align:left">'
    cells = "".join(
        f"{th}{_html_escape(name)}<br />{_html_escape(dtype)}</th>"
        for name, dtype in zip(names, dtype_names, strict=True)
    )
    return f'<table class="dataframe">\n<thead><tr>{cells}</tr></thead>\n</table>'


# ---------------------------------------------------------------------------
# Cell values (Daft: src/daft-core/src/array/ops/repr.rs)
# ---------------------------------------------------------------------------


def _arrays(table: pa.Table) -> list[pa.Array]:
    return [column.chunk(0) if column.num_chunks == 1 else column.combine_chunks() for column in table.columns]


def _cell_texts(table: pa.Table, max_width: int | None) -> list[list[str]]:
    columns = _arrays(table)
    return [[_truncate(_str_value(column[i]), max_width) for column in columns] for i in range(table.num_rows)]


def _truncate(text: str, max_width: int | None) -> str:
    # Daft compares and cuts in chars (code points), reserving len("…".encode()) == 3.
    if max_width is None:
        return text
    keep = max(max_width - len(_DOTS.encode()), 0)
    return text[:keep] + _DOTS if len(text) > keep else text


def _str_value(scalar: pa.Scalar) -> str:
    """Daft's ``str_value`` for one element."""
    if not scalar.is_valid:
        return "None"
    arrow_type = scalar.type
    if isinstance(arrow_type, pa.ExtensionType):
        renderer = EXTENSION_RENDERERS.get(arrow_type.extension_name)
        return renderer(scalar) if renderer else _str_value(scalar.value)
    if pa.types.is_dictionary(arrow_type):
        return _str_value(scalar.value)
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
    bits = scalar.type.bit_width
    value = float(scalar.cast(pa.float32()).as_py()) if bits == 16 else float(scalar.as_py())
    return _rust_float(value, 32 if bits == 16 else bits)


def _format_binary(scalar: pa.Scalar) -> str:
    return _pretty_bytes(scalar.as_py(), 40)


def _format_list(scalar: pa.Scalar) -> str:
    return _series_as_list(scalar.values)


def _format_map(scalar: pa.Scalar) -> str:
    entries = scalar.values
    keys, items = entries.field(0), entries.field(1)
    quote = _is_string_type(keys.type)  # Daft quotes string keys only, without escaping
    parts = []
    for i in range(len(entries)):
        key = _str_value(keys[i])
        parts.append(f'"{key}": {_str_value(items[i])}' if quote else f"{key}: {_str_value(items[i])}")
    return "{" + ", ".join(parts) + "}"


def _format_struct(scalar: pa.Scalar) -> str:
    fields = scalar.type
    lines = "".join(f"{fields.field(i).name}: {_str_value(scalar[i])},\n" for i in range(fields.num_fields))
    return "{" + lines + "}"


def _format_date(scalar: pa.Scalar) -> str:
    days = scalar.value
    if pa.types.is_date64(scalar.type):
        days //= 86_400_000
    return _format_ymd(days)


def _format_time(scalar: pa.Scalar) -> str:
    return _rust_time(scalar.value, scalar.type.unit)


def _format_timestamp(scalar: pa.Scalar) -> str:
    return _rust_timestamp(scalar.value, scalar.type.unit, scalar.type.tz)


def _format_duration(scalar: pa.Scalar) -> str:
    return _rust_duration(scalar.value, scalar.type.unit)


def _format_interval(scalar: pa.Scalar) -> str:
    value = scalar.as_py()
    return _rust_interval(value.months, value.days, value.nanoseconds)


def _format_decimal(scalar: pa.Scalar) -> str:
    sign, digits, exponent = scalar.as_py().as_tuple()
    unscaled = int("".join(map(str, digits)) or "0") * 10 ** (exponent + scalar.type.scale)
    return _rust_decimal(-unscaled if sign else unscaled, scalar.type.scale)


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


def _series_as_list(values: pa.Array) -> str:
    return "[" + ", ".join(_str_value(values[i]) for i in range(len(values))) + "]"


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


# --- numbers ----------------------------------------------------------------


def _rust_float(value: float, bits: int) -> str:
    """Rust's ``Display`` for f32/f64: shortest round-trip digits, never an exponent."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = format(_shortest_digits(value, bits).normalize(decimal.Context(prec=40)), "f")
    return "-" + text if math.copysign(1.0, value) < 0 and not text.startswith("-") else text


def _to_f32(value: float) -> float | None:
    try:
        return struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        return None


def _shortest_digits(value: float, bits: int) -> decimal.Decimal:
    """Fewest significant digits that read back as the same float (closest one, ties away from zero).

    Python's repr breaks exact ties to even; Rust rounds them up, hence the search.
    """
    if value == 0:
        return decimal.Decimal(repr(value))
    read_back = float if bits == 64 else _to_f32
    exact = decimal.Decimal(value)
    for precision in range(1, 18):
        nearest = decimal.Decimal(f"{value:.{precision - 1}e}")
        step = decimal.Decimal(1).scaleb(nearest.adjusted() - precision + 1)
        candidates = [c for c in (nearest, nearest - step, nearest + step) if read_back(float(c)) == value]
        if candidates:
            return min(candidates, key=lambda c: (abs(c - exact), -abs(c)))
    return decimal.Decimal(repr(value))


def _rust_decimal(unscaled: int, scale: int) -> str:
    if scale == 0:
        return str(unscaled)
    sign = "-" if unscaled < 0 else ""
    integral, fraction = divmod(abs(unscaled), 10**scale)
    return f"{sign}{integral}.{fraction:0{scale}d}"


def _trunc_div(a: int, b: int) -> int:
    """Rust integer division (rounds toward zero)."""
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b >= 0) else -quotient


def _trunc_rem(a: int, b: int) -> int:
    """Rust ``%`` (sign follows the dividend)."""
    return a - b * _trunc_div(a, b)


# --- temporal ---------------------------------------------------------------

_UNIT_NANOS = {"s": 1_000_000_000, "ms": 1_000_000, "us": 1_000, "ns": 1}
_UNIT_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def _civil_from_days(days: int) -> tuple[int, int, int]:
    """Proleptic Gregorian (year, month, day) for days since 1970-01-01, any year."""
    days += 719_468
    era = days // 146_097
    day_of_era = days - era * 146_097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146_096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    month_index = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * month_index + 2) // 5 + 1
    month = month_index + 3 if month_index < 10 else month_index - 9
    return year_of_era + era * 400 + (month <= 2), month, day


def _format_ymd(days: int) -> str:
    # chrono pads years to four digits and signs those outside 0..=9999.
    year, month, day = _civil_from_days(days)
    year_text = f"{year:04d}" if 0 <= year <= 9999 else f"{year:+05d}"
    return f"{year_text}-{month:02d}-{day:02d}"


def _fraction(nanos: int) -> str:
    # chrono's "%.f": nothing, or 3, 6 or 9 digits, whichever is exact.
    if nanos == 0:
        return ""
    if nanos % 1_000_000 == 0:
        return f".{nanos // 1_000_000:03d}"
    if nanos % 1_000 == 0:
        return f".{nanos // 1_000:06d}"
    return f".{nanos:09d}"


def _format_datetime(seconds: int, nanos: int) -> str:
    days, second_of_day = divmod(seconds, 86_400)
    hours, rest = divmod(second_of_day, 3600)
    return f"{_format_ymd(days)} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}{_fraction(nanos)}"


def _rust_timestamp(value: int, unit: str, tz: str | None) -> str:
    seconds, sub = divmod(value, _UNIT_PER_SECOND[unit])
    nanos = sub * _UNIT_NANOS[unit]
    if tz is None:
        return _format_datetime(seconds, nanos)
    offset = _parse_fixed_offset(tz)
    if offset is not None:
        return f"{_format_datetime(seconds + offset, nanos)} {_format_offset(offset)}"
    try:
        offset, abbreviation = _zone_offset(seconds, tz)
    except (ZoneInfoNotFoundError, ValueError):
        # Daft panics on an unknown zone; showing the UTC time beats failing the whole repr.
        return f"{_format_datetime(seconds, nanos)} {tz}"
    return f"{_format_datetime(seconds + offset, nanos)} {abbreviation}"


def _parse_fixed_offset(tz: str) -> int | None:
    """arrow2's ``parse_offset``: "UTC" or "[-]HH:MM" (hours and minutes parsed separately)."""
    if tz == "UTC":
        return 0
    parts = tz.split(":")
    if len(parts) < 2:
        return None
    try:
        hours, minutes = int(parts[0]), int(parts[1])
    except ValueError:
        return None
    return hours * 3600 + minutes * 60


def _format_offset(offset: int) -> str:
    sign = "-" if offset < 0 else "+"
    minutes = abs(offset) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


# chrono-tz only expands zone rules until 2099: later instants keep the last offset.
_CHRONO_TZ_END = 4_102_444_800  # 2100-01-01T00:00:00Z
_PYTHON_MIN = -62_135_510_400  # 0001-01-02T00:00:00Z, early enough for every zone's LMT


def _zone_offset(seconds: int, tz: str) -> tuple[int, str]:
    """UTC offset in seconds and abbreviation ("PST") of a named zone at an instant."""
    seconds = min(max(seconds, _PYTHON_MIN), _CHRONO_TZ_END - 1)
    instant = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    local = instant.astimezone(ZoneInfo(tz))
    return int(local.utcoffset().total_seconds()), local.tzname()


def _rust_time(value: int, unit: str) -> str:
    # Out-of-day values make Daft print this error (or panic); they cannot come from real data.
    per_second = _UNIT_PER_SECOND[unit]
    seconds, sub = _trunc_div(value, per_second), _trunc_rem(value, per_second)
    if not 0 <= seconds < 86_400 or sub < 0:
        return "Display Error: out of range integral type conversion attempted"
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}{_fraction(sub * _UNIT_NANOS[unit])}"


_DURATION_SIZES = (86_400, 3_600, 60, 1)
_DURATION_UNITS = ("d", "h", "m", "s")
_DURATION_SUFFIX = {"ns": "ns", "us": "µs", "ms": "ms", "s": "s"}


def _rust_duration(value: int, unit: str) -> str:
    """Daft's ``display_duration`` (Rust truncating arithmetic kept on purpose)."""
    suffix = _DURATION_SUFFIX[unit]
    if value == 0:
        return f"0{suffix}"
    per_second = _UNIT_PER_SECOND[unit]
    sizes = [size * per_second for size in _DURATION_SIZES]
    out = ""
    for i, size in enumerate(sizes):
        whole = _trunc_div(value if i == 0 else _trunc_rem(value, sizes[i - 1]), size)
        if whole != 0:
            out += f"{whole}{_DURATION_UNITS[i]}"
            if _trunc_rem(value, size) != 0:
                out += " "
    remainder = _trunc_rem(value, per_second)
    if remainder != 0 and suffix != "s":
        out += f"{remainder}{suffix}"
    return out


def _rust_interval(months: int, days: int, nanos: int) -> str:
    """Daft's ``IntervalValue`` Display, e.g. "1y 2m 3d 4h 5ms 6ns"."""
    hour, minute, second, milli = 3_600_000_000_000, 60_000_000_000, 1_000_000_000, 1_000_000
    years, months_left = _trunc_div(months, 12), _trunc_rem(months, 12)
    hours = _trunc_div(nanos, hour)
    mins = _trunc_div(_trunc_rem(nanos, hour), minute)
    secs = _trunc_div(_trunc_rem(nanos, minute), second)
    millis = _trunc_div(_trunc_rem(nanos, second), milli)
    rest = _trunc_rem(nanos, milli)
    out = f"{years}y {months_left}m" if years != 0 else f"{months_left}m"
    out += f" {days}d"
    for amount, label in ((hours, "h"), (mins, "m"), (secs, "s"), (millis, "ms")):
        if amount != 0:
            out += f" {amount}{label}"
    if rest != 0:
        out += f" {rest}ns"
    elif hours == mins == secs == millis == 0:
        out += " 0ns"
    return out


# ---------------------------------------------------------------------------
# Text width and grapheme clusters (unicode-width 0.2 / unicode-segmentation)
# ---------------------------------------------------------------------------

_ZWJ = 0x200D
_VS15, _VS16 = 0xFE0E, 0xFE0F
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)  # fmt: skip
# Other_Grapheme_Extend (PropList.txt): zero width like the Mn/Me marks.
_OTHER_GRAPHEME_EXTEND = (
    (0x09BE, 0x09BE), (0x09D7, 0x09D7), (0x0B3E, 0x0B3E), (0x0B57, 0x0B57), (0x0BBE, 0x0BBE),
    (0x0BD7, 0x0BD7), (0x0CC2, 0x0CC2), (0x0CD5, 0x0CD6), (0x0D3E, 0x0D3E), (0x0D57, 0x0D57),
    (0x0DCF, 0x0DCF), (0x0DDF, 0x0DDF), (0x1B35, 0x1B35), (0x200C, 0x200C), (0x302E, 0x302F),
    (0xFF9E, 0xFF9F), (0x1133E, 0x1133E), (0x11357, 0x11357), (0x114B0, 0x114B0), (0x114BD, 0x114BD),
    (0x115AF, 0x115AF), (0x11930, 0x11930), (0x1D165, 0x1D165), (0x1D16E, 0x1D172), (0xE0020, 0xE007F),
)  # fmt: skip
_HANGUL_VT = ((0x1160, 0x11FF), (0xD7B0, 0xD7FF))
# Extended_Pictographic (emoji-data.txt): what emoji ZWJ sequences are made of.
_EXTENDED_PICTOGRAPHIC = (
    (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122),
    (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328),
    (0x2388, 0x2388), (0x23CF, 0x23CF), (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2),
    (0x25AA, 0x25AB), (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x2605),
    (0x2607, 0x2612), (0x2614, 0x2685), (0x2690, 0x2705), (0x2708, 0x2712), (0x2714, 0x2714),
    (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721), (0x2728, 0x2728), (0x2733, 0x2734),
    (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755),
    (0x2757, 0x2757), (0x2763, 0x2767), (0x2795, 0x2797), (0x27A1, 0x27A1), (0x27B0, 0x27B0),
    (0x27BF, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
    (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3297), (0x3299, 0x3299),
    (0x1F000, 0x1F0FF), (0x1F10D, 0x1F10F), (0x1F12F, 0x1F12F), (0x1F16C, 0x1F171), (0x1F17E, 0x1F17F),
    (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AD, 0x1F1E5), (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A),
    (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A), (0x1F23C, 0x1F23F), (0x1F249, 0x1F3FA), (0x1F400, 0x1F53D),
    (0x1F546, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F774, 0x1F77F), (0x1F7D5, 0x1F7FF), (0x1F80C, 0x1F80F),
    (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8FF), (0x1F90C, 0x1F93A),
    (0x1F93C, 0x1F945), (0x1F947, 0x1FAFF), (0x1FC00, 0x1FFFD),
)  # fmt: skip
# Wide pictographs that still default to text presentation (no Emoji_Presentation).
_WIDE_TEXT_PICTOGRAPHS = frozenset((0x3030, 0x303D, 0x3297, 0x3299, 0x1F202, 0x1F237))
# Emoji_Modifier_Base (emoji-data.txt): what a skin-tone modifier attaches to.
_EMOJI_MODIFIER_BASE = (
    (0x261D, 0x261D), (0x26F9, 0x26F9), (0x270A, 0x270D), (0x1F385, 0x1F385), (0x1F3C2, 0x1F3C4),
    (0x1F3C7, 0x1F3C7), (0x1F3CA, 0x1F3CC), (0x1F442, 0x1F443), (0x1F446, 0x1F450), (0x1F466, 0x1F478),
    (0x1F47C, 0x1F47C), (0x1F481, 0x1F483), (0x1F485, 0x1F487), (0x1F48F, 0x1F48F), (0x1F491, 0x1F491),
    (0x1F4AA, 0x1F4AA), (0x1F574, 0x1F575), (0x1F57A, 0x1F57A), (0x1F590, 0x1F590), (0x1F595, 0x1F596),
    (0x1F645, 0x1F647), (0x1F64B, 0x1F64F), (0x1F6A3, 0x1F6A3), (0x1F6B4, 0x1F6B6), (0x1F6C0, 0x1F6C0),
    (0x1F6CC, 0x1F6CC), (0x1F90C, 0x1F90C), (0x1F90F, 0x1F90F), (0x1F918, 0x1F91F), (0x1F926, 0x1F926),
    (0x1F930, 0x1F939), (0x1F93C, 0x1F93E), (0x1F977, 0x1F977), (0x1F9B5, 0x1F9B6), (0x1F9B8, 0x1F9B9),
    (0x1F9BB, 0x1F9BB), (0x1F9CD, 0x1F9CF), (0x1F9D1, 0x1F9DD), (0x1FAC3, 0x1FAC5), (0x1FAF0, 0x1FAF8),
)  # fmt: skip
# Arabic Joining_Group=Alef and =Lam: Lam followed by Alef is drawn as one column.
_ALEF_GROUP = frozenset((0x622, 0x623, 0x625, 0x627, 0x671, 0x672, 0x673, 0x675, 0x773, 0x774, *range(0x870, 0x883)))
_LAM_GROUP = frozenset((0x644, 0x6B5, 0x6B6, 0x6B7, 0x6B8, 0x76A, 0x8A6, 0x8C7))

# What follows the character being measured, in unicode-width's right-to-left scan.
(
    _NEXT_PLAIN, _NEXT_VS15, _NEXT_VS16, _NEXT_EMOJI, _NEXT_MODIFIER, _NEXT_RI, _NEXT_SEVERAL_RI,
    _NEXT_ZWJ_EMOJI, _NEXT_VS16_ZWJ_EMOJI, _NEXT_RI_ZWJ, _NEXT_EVEN_RI_ZWJ, _NEXT_ODD_RI_ZWJ, _NEXT_ALEF,
) = range(13)  # fmt: skip


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _is_pictographic(cp: int) -> bool:
    return _in_ranges(cp, _EXTENDED_PICTOGRAPHIC)


def _is_regional_indicator(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _is_emoji_modifier(cp: int) -> bool:
    return 0x1F3FB <= cp <= 0x1F3FF


def _has_emoji_presentation(cp: int) -> bool:
    """Emoji_Presentation: pictographs that are 2 columns wide on their own."""
    return cp not in _WIDE_TEXT_PICTOGRAPHS and _is_pictographic(cp) and _char_width(chr(cp)) == 2


def _takes_emoji_presentation(cp: int) -> bool:
    """Bases that VS16 turns into a 2-column emoji (pictographs plus keycap bases)."""
    return cp in (0x23, 0x2A) or 0x30 <= cp <= 0x39 or _is_pictographic(cp)


def _char_width(ch: str) -> int:
    cp = ord(ch)
    if cp == 0x115F:
        return 2
    if any(_in_ranges(cp, ranges) for ranges in (_DEFAULT_IGNORABLE, _OTHER_GRAPHEME_EXTEND, _HANGUL_VT)):
        return 0
    if unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _lookup(ch: str) -> tuple[int, int]:
    """Width of a character alone, and what it means for the character before it."""
    cp = ord(ch)
    if cp == _VS15:
        return 0, _NEXT_VS15
    if cp == _VS16:
        return 0, _NEXT_VS16
    if _is_regional_indicator(cp):
        return 1, _NEXT_RI
    if _is_emoji_modifier(cp):
        return 2, _NEXT_MODIFIER
    if cp in _ALEF_GROUP:
        return 1, _NEXT_ALEF
    width = _char_width(ch)
    return width, _NEXT_EMOJI if width == 2 and _has_emoji_presentation(cp) else _NEXT_PLAIN


def _width_in_str(ch: str, following: int) -> tuple[int, int]:
    """Width a character adds given what follows it (unicode-width's ``width_in_str``)."""
    cp = ord(ch)
    if following in (_NEXT_VS16, _NEXT_VS16_ZWJ_EMOJI):
        if _takes_emoji_presentation(cp):
            return (0 if following == _NEXT_VS16_ZWJ_EMOJI else 2), _NEXT_EMOJI
        following = _NEXT_PLAIN
    if cp <= 0xA0:
        return 1, _NEXT_PLAIN
    if following == _NEXT_PLAIN:
        return _lookup(ch)
    if cp == _VS16:
        return 0, _NEXT_VS16_ZWJ_EMOJI if following == _NEXT_ZWJ_EMOJI else _NEXT_VS16
    if cp == _VS15:
        return 0, _NEXT_VS15
    if following == _NEXT_VS15:
        if _has_emoji_presentation(cp) and not 0x1F200 <= cp <= 0x1F2FF:
            return 1, _NEXT_PLAIN  # text presentation sequence
        return _lookup(ch)
    if following == _NEXT_ALEF:
        if cp in _LAM_GROUP:
            return 0, _NEXT_PLAIN
        if _char_width(ch) == 0 and unicodedata.category(ch) in ("Mn", "Me"):
            return 0, _NEXT_ALEF
    if following == _NEXT_MODIFIER and _in_ranges(cp, _EMOJI_MODIFIER_BASE):
        return 0, _NEXT_EMOJI
    if following in (_NEXT_RI, _NEXT_SEVERAL_RI) and _is_regional_indicator(cp):
        return 1, _NEXT_SEVERAL_RI
    zwj_joinable = (_NEXT_EMOJI, _NEXT_SEVERAL_RI, _NEXT_EVEN_RI_ZWJ, _NEXT_ODD_RI_ZWJ, _NEXT_MODIFIER)
    if cp == _ZWJ and following in zwj_joinable:
        return 0, _NEXT_ZWJ_EMOJI
    if following == _NEXT_ZWJ_EMOJI:
        if _is_regional_indicator(cp):
            return 1, _NEXT_RI_ZWJ
        if _is_emoji_modifier(cp):
            return 0, _NEXT_MODIFIER
        if _has_emoji_presentation(cp):
            return 0, _NEXT_EMOJI  # part of an emoji ZWJ sequence
    if _is_regional_indicator(cp):
        if following in (_NEXT_RI_ZWJ, _NEXT_ODD_RI_ZWJ):
            return -1, _NEXT_EVEN_RI_ZWJ
        if following == _NEXT_EVEN_RI_ZWJ:
            return 3, _NEXT_ODD_RI_ZWJ
    return _lookup(ch)


def _str_width(text: str) -> int:
    """Display width of a line as ``unicode_width::UnicodeWidthStr::width`` computes it.

    Like unicode-width, scan right to left so emoji, flag and ZWJ sequences collapse.
    """
    if text.isascii():
        return len(text)  # every ASCII character, control ones included, is one column
    total, following = 0, _NEXT_PLAIN
    for ch in reversed(text):
        width, following = _width_in_str(ch, following)
        total += width
    return total


def _grapheme_break_class(ch: str) -> str:
    cp = ord(ch)
    if ch == "\r":
        return "CR"
    if ch == "\n":
        return "LF"
    if cp == _ZWJ:
        return "ZWJ"
    if _is_regional_indicator(cp):
        return "RI"
    category = unicodedata.category(ch)
    if category in ("Mn", "Me") or _in_ranges(cp, _OTHER_GRAPHEME_EXTEND) or _is_emoji_modifier(cp):
        return "Extend"
    if category == "Mc" or cp in (0x0E33, 0x0EB3):  # Thai and Lao AM are spacing marks too
        return "SpacingMark"
    if category in ("Cc", "Zl", "Zp") or (category == "Cf" and cp != 0x200C):
        return "Control"
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return "L"
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return "V"
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return "T"
    if 0xAC00 <= cp <= 0xD7A3:
        return "LV" if (cp - 0xAC00) % 28 == 0 else "LVT"
    return "Other"


_HANGUL_JOINS = {("L", "L"), ("L", "V"), ("L", "LV"), ("L", "LVT"), ("LV", "V"), ("LV", "T"), ("V", "V"), ("V", "T"),
                 ("LVT", "T"), ("T", "T")}  # fmt: skip


# Indic_Conjunct_Break (UAX #29 rule GB9c): consonant + virama + consonant stays one cluster.
_INDIC_LINKERS = frozenset((0x094D, 0x09CD, 0x0ACD, 0x0B4D, 0x0C4D, 0x0D4D))
_INDIC_CONSONANTS = (
    (0x0915, 0x0939), (0x0958, 0x095F), (0x0978, 0x097F), (0x0995, 0x09A8), (0x09AA, 0x09B0),
    (0x09B2, 0x09B2), (0x09B6, 0x09B9), (0x09DC, 0x09DD), (0x09DF, 0x09DF), (0x09F0, 0x09F1),
    (0x0A95, 0x0AA8), (0x0AAA, 0x0AB0), (0x0AB2, 0x0AB3), (0x0AB5, 0x0AB9), (0x0AF9, 0x0AF9),
    (0x0B15, 0x0B28), (0x0B2A, 0x0B30), (0x0B32, 0x0B33), (0x0B35, 0x0B39), (0x0B5C, 0x0B5D),
    (0x0B5F, 0x0B5F), (0x0B71, 0x0B71), (0x0C15, 0x0C28), (0x0C2A, 0x0C39), (0x0C58, 0x0C5A),
    (0x0D15, 0x0D3A),
)  # fmt: skip


def _graphemes(text: str) -> list[str]:
    """Extended grapheme clusters (UAX #29) as unicode-segmentation splits them."""
    clusters: list[str] = []
    previous = None
    emoji_zwj = False  # inside "Extended_Pictographic Extend* ZWJ"
    odd_ri = False  # an unpaired regional indicator precedes
    conjunct = None  # None, "consonant" or "linked" (a virama followed the consonant)
    for ch in text:
        cp = ord(ch)
        current = _grapheme_break_class(ch)
        consonant = _in_ranges(cp, _INDIC_CONSONANTS)
        joins = previous is not None and (
            (previous == "CR" and current == "LF")
            or (previous not in ("Control", "CR", "LF") and current in ("Extend", "ZWJ", "SpacingMark"))
            or (previous, current) in _HANGUL_JOINS
            or (emoji_zwj and previous == "ZWJ" and _is_pictographic(cp))
            or (previous == "RI" and current == "RI" and odd_ri)
            or (conjunct == "linked" and consonant)
        )
        if joins:
            clusters[-1] += ch
        else:
            clusters.append(ch)
        odd_ri = current == "RI" and not (joins and previous == "RI")
        if current == "Other" and _is_pictographic(cp):
            emoji_zwj = True
        elif current not in ("Extend", "ZWJ"):
            emoji_zwj = False
        if consonant:
            conjunct = "consonant"
        elif cp in _INDIC_LINKERS and conjunct:
            conjunct = "linked"
        elif current not in ("Extend", "ZWJ"):
            conjunct = None
        previous = current
    return clusters


# ---------------------------------------------------------------------------
# Table layout (comfy-table 7.2: Dynamic arrangement, UTF8_FULL + round corners)
# ---------------------------------------------------------------------------

_PADDING = 1  # comfy-table's default one space on each side of a column
_MIN_FREE_CHARS = 2
_EXPECTED_COL_WIDTH = 18  # Daft: how many columns fit the table width


@dataclass
class _Cell:
    lines: list[str]
    centered: bool = False
    bold: bool = False


def _build_table(headers: list[str], rows: list[list[str]] | None, table_width: int, bold: bool) -> str:
    """Daft's ``make_comfy_table``: hide middle columns, then lay out with comfy-table rules."""
    num_columns = len(headers)
    max_cols = max((table_width + _EXPECTED_COL_WIDTH - 1) // _EXPECTED_COL_WIDTH - 1, 1)
    if num_columns > max_cols:
        head, tail = (max_cols + 1) // 2, max_cols // 2
    else:
        head, tail = num_columns, 0

    def header_cell(text: str, centered: bool = False) -> _Cell:
        return _Cell(text.split("\n"), centered=centered, bold=bold)

    header = [header_cell(text) for text in headers[:head]]
    if tail > 0:
        hidden = num_columns - head - tail
        header.append(header_cell(f"{_DOTS}\n\n({hidden} hidden)", centered=True))
        header += [header_cell(text) for text in headers[num_columns - tail :]]
    if rows is None:
        # Not materialized: the schema cells are the only (non-header) row.
        return _render_layout(None, [header], table_width)
    body = []
    for row in rows:
        shown = row[:head] + [_DOTS] + row[num_columns - tail :] if tail > 0 else row
        body.append([_Cell(text.split("\n")) for text in shown])
    return _render_layout(header, body, table_width)


def _render_layout(header: list[_Cell] | None, rows: list[list[_Cell]], table_width: int) -> str:
    all_rows = ([header] if header is not None else []) + rows
    num_columns = max(len(row) for row in all_rows)
    columns = [[row[i] if i < len(row) else None for row in all_rows] for i in range(num_columns)]
    widths = _arrange(columns, table_width)
    lines = [_horizontal_border("╭", "─", "┬", "╮", widths)]
    for index, row in enumerate(all_rows):
        lines += _format_row(row, widths)
        if index == 0 and header is not None:
            lines.append(_horizontal_border("╞", "═", "╪", "╡", widths))
        elif index < len(all_rows) - 1:
            lines.append(_horizontal_border("├", "╌", "┼", "┤", widths))
    lines.append(_horizontal_border("╰", "─", "┴", "╯", widths))
    return "\n".join(lines)


def _horizontal_border(left: str, fill: str, cross: str, right: str, widths: list[int]) -> str:
    return left + cross.join(fill * (width + 2 * _PADDING) for width in widths) + right


def _format_row(row: list[_Cell], widths: list[int]) -> list[str]:
    cells = []
    for index, width in enumerate(widths):
        if index >= len(row):
            cells.append([" " * (width + 2 * _PADDING)])
            continue
        cell = row[index]
        lines = []
        for line in cell.lines:
            lines += _split_line(line, width) if _str_width(line) > width else [line]
        cells.append([_align_line(line, width, cell) for line in lines])
    height = max(len(lines) for lines in cells)
    out = []
    for line_index in range(height):
        parts = [
            lines[line_index] if line_index < len(lines) else " " * (width + 2 * _PADDING)
            for lines, width in zip(cells, widths, strict=True)
        ]
        out.append("│" + "┆".join(parts) + "│")
    return out


def _align_line(line: str, width: int, cell: _Cell) -> str:
    remaining = max(width - _str_width(line), 0)
    if cell.centered:
        line = " " * ((remaining + 1) // 2) + line + " " * (remaining // 2)
    else:
        line += " " * remaining
    line = " " * _PADDING + line + " " * _PADDING
    return f"\x1b[1m{line}\x1b[0m" if cell.bold else line


def _arrange(columns: list[list[_Cell | None]], table_width: int) -> list[int]:
    """Content width of each column under comfy-table's ``ContentArrangement::Dynamic``."""
    num_columns = len(columns)
    max_widths = [max([1] + [_str_width(line) for cell in column if cell for line in cell.lines]) for column in columns]
    borders = 2 + num_columns - 1
    remaining = max(table_width - borders - 2 * _PADDING * num_columns, 0)
    fixed: dict[int, int] = {}
    remaining = _fix_columns_below_average(max_widths, fixed, remaining)
    if len(fixed) < num_columns:
        remaining = _fix_columns_after_split(columns, fixed, remaining)
    _share_remaining_width(num_columns, fixed, remaining)
    return [fixed[index] for index in range(num_columns)]


def _fix_columns_below_average(max_widths: list[int], fixed: dict[int, int], remaining: int) -> int:
    """Give every column whose widest line fits the average space left its natural width."""
    found_smaller = True
    while found_smaller and len(fixed) < len(max_widths):
        found_smaller = False
        average = remaining // (len(max_widths) - len(fixed))
        if average == 0:
            break
        for index, width in enumerate(max_widths):
            if index in fixed or width > average:
                continue
            fixed[index] = width
            remaining = max(remaining - width, 0)
            if len(fixed) == len(max_widths):
                break
            average = remaining // (len(max_widths) - len(fixed))
            found_smaller = True
    return remaining


def _fix_columns_after_split(columns: list[list[_Cell | None]], fixed: dict[int, int], remaining: int) -> int:
    """Shrink columns whose text, once wrapped at the average space, frees 3+ characters."""
    average = remaining // (len(columns) - len(fixed))
    found_smaller = True
    while found_smaller:
        found_smaller = False
        for index, column in enumerate(columns):
            if index in fixed:
                continue
            longest = _longest_line_after_split(column, average)
            if average - longest < 3:
                continue
            fixed[index] = longest
            remaining = max(remaining - longest, 0)
            if len(fixed) == len(columns):
                break
            average = remaining // (len(columns) - len(fixed))
            found_smaller = True
    return remaining


def _share_remaining_width(num_columns: int, fixed: dict[int, int], remaining: int) -> None:
    """Split what is left equally (at least 1 each), extra characters going to the leftmost columns."""
    open_columns = num_columns - len(fixed)
    if open_columns == 0:
        return
    average, excess = divmod(max(remaining, open_columns), open_columns)
    for index in range(num_columns):
        if index not in fixed:
            fixed[index] = average + (1 if excess > 0 else 0)
            excess = max(excess - 1, 0)


def _longest_line_after_split(column: list[_Cell | None], width: int) -> int:
    # comfy-table measures these lines in UTF-8 bytes (String::len), not display width.
    longest = 0
    for cell in column:
        if cell is None:
            continue
        for line in cell.lines:
            parts = _split_line(line, width) if _str_width(line) > width else [line]
            longest = max([longest] + [len(part.encode()) for part in parts])
    return longest


def _split_line(line: str, width: int, delimiter: str = " ") -> list[str]:
    """Wrap one line to ``width`` columns, preferring breaks at the delimiter (comfy-table ``split_line``)."""
    lines: list[str] = []
    elements = line.split(delimiter)
    elements.reverse()
    current = ""
    while elements:
        element = elements.pop()
        current_width = _str_width(current)
        element_width = _str_width(element)
        added = element_width + current_width + (1 if current else 0)
        remaining = max(width - current_width - (1 if current else 0), 0)

        if added <= width:
            current = current + delimiter + element if current else element
            current = _push_if_full(lines, width, current)
            continue
        if current and remaining <= _MIN_FREE_CHARS:
            elements.append(element)
            lines.append(current)
            current = ""
            continue
        if element_width > width:
            new_line = not current
            if not new_line:
                current += delimiter
            head, rest = _split_long_word(remaining, element)
            if new_line and not head:
                # A wide character that cannot fit: take it anyway to make progress.
                head, rest = rest[0], rest[1:]
            lines.append(current + head)
            elements.append(rest)
            current = ""
            continue
        lines.append(current)
        current = _push_if_full(lines, width, element)
    if current:
        lines.append(current)
    return lines


def _push_if_full(lines: list[str], width: int, current: str) -> str:
    if _str_width(current) > max(width - _MIN_FREE_CHARS, 0):
        lines.append(current)
        return ""
    return current


def _split_long_word(allowed: int, word: str) -> tuple[str, str]:
    head = ""
    used = 0
    clusters = _graphemes(word)
    for index, cluster in enumerate(clusters):
        cluster_width = _str_width(cluster)
        if used + cluster_width > allowed:
            return head, "".join(clusters[index:])
        head += cluster
        used += cluster_width
    return head, ""
