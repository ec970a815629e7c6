"""HTML tables like Daft's ``RecordBatch::repr_html`` and ``Schema::truncated_table_html``."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .cell_format import column_arrays, str_value
from .footer import NO_COLUMNS, footer

# Daft never truncates HTML cells to the text width, only strings above 1 MiB.
_MAX_HTML_VALUE_BYTES = 1024 * 1024


def render_html(
    table: pa.Table,
    dtype_names: list[str],
    *,
    total_rows: int | None,
    materialized: bool = True,
) -> str:
    """Return what Daft's ``DataFrame._repr_html_()`` returns outside a notebook."""
    if table.num_columns == 0:
        return f"<small>{NO_COLUMNS}</small>"
    html = _html_table(table, dtype_names) if materialized else _html_schema_table(table.column_names, dtype_names)
    return f"<div>\n{html}\n<small>{footer(table.num_rows, total_rows, materialized)}</small>\n</div>"


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
    columns = column_arrays(table)
    for i in range(table.num_rows):
        parts.append("<tr>")
        for j, column in enumerate(columns):
            value = _image_thumbnail(column, i) or _html_value(str_value(column[i]))
            parts.append(f'<td data-row="{i}" data-col="{j}"><div style="{td_style}">{value}</div></td>')
        parts.append("</tr>\n")
    parts.append("</tbody>\n</table>")
    return "".join(parts)


# Daft's notebook thumbnails: 128 pixels wide, as an inline PNG.
_THUMBNAIL_WIDTH = 128


def _image_thumbnail(column: pa.Array, row: int) -> str | None:
    """An <img> for a cell of an Image column, or None for other cells (and without
    Pillow, which encodes the thumbnail)."""
    if not isinstance(column.type, pa.BaseExtensionType) or not column[row].is_valid:
        return None
    from skipjack.logical_types import logical_type_of, to_python

    logical = logical_type_of(column.type)
    if not isinstance(logical, dict) or next(iter(logical)) not in ("Image", "FixedShapeImage"):
        return None
    try:
        import base64
        import io

        from PIL import Image
    except ImportError:
        return None
    pixels = _eight_bit(to_python(column.slice(row, 1))[0])
    image = Image.fromarray(pixels[:, :, 0] if pixels.shape[2] == 1 else pixels)
    height = max(1, round(image.height * _THUMBNAIL_WIDTH / image.width))
    image = image.resize((_THUMBNAIL_WIDTH, height), Image.BILINEAR)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    encoded = base64.b64encode(buffer.getvalue()).decode()
    return f'<img style="width:auto;height:auto" src="data:image/png;base64, {encoded}" alt="&lt;Image&gt;" />'


def _eight_bit(pixels):
    """16-bit and float pixels scaled to 8 bits for display (Pillow shows only 8-bit colour)."""
    if pixels.dtype == np.uint16:
        return ((pixels.astype(np.uint32) + 128) // 257).astype(np.uint8)
    if pixels.dtype.kind == "f":
        return np.clip(np.round(np.nan_to_num(pixels) * 255), 0, 255).astype(np.uint8)
    return pixels


def _html_value(text: str) -> str:
    raw = text.encode("utf-8")
    if len(raw) > _MAX_HTML_VALUE_BYTES:
        text = raw[:_MAX_HTML_VALUE_BYTES].decode("utf-8", errors="ignore") + "..."
    return _html_escape(text).replace("\n", "<br />")


def _html_schema_table(names: list[str], dtype_names: list[str]) -> str:
    # Before collect() Daft shows only the header row, with different styles.
    th = '<th style="text-wrap: nowrap; max-width:192px; overflow:auto; text-align:left">'
    cells = "".join(
        f"{th}{_html_escape(name)}<br />{_html_escape(dtype)}</th>"
        for name, dtype in zip(names, dtype_names, strict=True)
    )
    return f'<table class="dataframe">\n<thead><tr>{cells}</tr></thead>\n</table>'
