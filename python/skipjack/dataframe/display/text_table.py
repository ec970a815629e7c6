"""The text table of ``repr(df)``: Daft's ``make_comfy_table`` drawn with comfy-table's UTF8_FULL preset."""

from __future__ import annotations

import os
import shutil
import sys

import pyarrow as pa

from .cell_format import ELLIPSIS, cell_texts
from .footer import NO_COLUMNS, footer
from .line_wrap import wrap_line
from .table_layout import PADDING, Cell, arrange
from .text_width import str_width

_EXPECTED_COL_WIDTH = 18  # Daft: how many columns fit the table width


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
        return NO_COLUMNS
    is_tty = _stdout_is_tty()
    if table_width is None:
        table_width = shutil.get_terminal_size().columns if is_tty else 120
    if bold_headers is None:
        bold_headers = is_tty and os.environ.get("DAFT_BOLD_TABLE_HEADERS", "1") == "1"
    headers = [f"{name}\n---\n{dtype}" for name, dtype in zip(table.column_names, dtype_names, strict=True)]
    rows = cell_texts(table, max_width) if materialized else None
    body = _build_table(headers, rows, table_width, bold_headers)
    return f"{body}\n\n{footer(table.num_rows, total_rows, materialized)}"


def render_key_value_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A plain table with one-line headers, as Daft prints a Schema ("Column Name | DType"),
    followed by the blank line Daft's schema repr ends with."""
    is_tty = _stdout_is_tty()
    table_width = shutil.get_terminal_size().columns if is_tty else 120
    header = [Cell([text]) for text in headers]
    body = [[Cell(text.split("\n")) for text in row] for row in rows]
    return _render_layout(header, body, table_width) + "\n"


def _stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _build_table(headers: list[str], rows: list[list[str]] | None, table_width: int, bold: bool) -> str:
    """Daft's ``make_comfy_table``: hide middle columns, then lay out with comfy-table rules."""
    num_columns = len(headers)
    max_cols = max((table_width + _EXPECTED_COL_WIDTH - 1) // _EXPECTED_COL_WIDTH - 1, 1)
    if num_columns > max_cols:
        head, tail = (max_cols + 1) // 2, max_cols // 2
    else:
        head, tail = num_columns, 0

    def header_cell(text: str, centered: bool = False) -> Cell:
        return Cell(text.split("\n"), centered=centered, bold=bold)

    header = [header_cell(text) for text in headers[:head]]
    if tail > 0:
        hidden = num_columns - head - tail
        header.append(header_cell(f"{ELLIPSIS}\n\n({hidden} hidden)", centered=True))
        header += [header_cell(text) for text in headers[num_columns - tail :]]
    if rows is None:
        # Not materialized: the schema cells are the only (non-header) row.
        return _render_layout(None, [header], table_width)
    body = []
    for row in rows:
        shown = row[:head] + [ELLIPSIS] + row[num_columns - tail :] if tail > 0 else row
        body.append([Cell(text.split("\n")) for text in shown])
    return _render_layout(header, body, table_width)


def _render_layout(header: list[Cell] | None, rows: list[list[Cell]], table_width: int) -> str:
    all_rows = ([header] if header is not None else []) + rows
    num_columns = max(len(row) for row in all_rows)
    columns = [[row[i] if i < len(row) else None for row in all_rows] for i in range(num_columns)]
    widths = arrange(columns, table_width)
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
    return left + cross.join(fill * (width + 2 * PADDING) for width in widths) + right


def _format_row(row: list[Cell], widths: list[int]) -> list[str]:
    cells = []
    for index, width in enumerate(widths):
        if index >= len(row):
            cells.append([" " * (width + 2 * PADDING)])
            continue
        cell = row[index]
        lines = [part for line in cell.lines for part in wrap_line(line, width)]
        cells.append([_align_line(line, width, cell) for line in lines])
    height = max(len(lines) for lines in cells)
    out = []
    for line_index in range(height):
        parts = [
            lines[line_index] if line_index < len(lines) else " " * (width + 2 * PADDING)
            for lines, width in zip(cells, widths, strict=True)
        ]
        out.append("│" + "┆".join(parts) + "│")
    return out


def _align_line(line: str, width: int, cell: Cell) -> str:
    remaining = max(width - str_width(line), 0)
    if cell.centered:
        line = " " * ((remaining + 1) // 2) + line + " " * (remaining // 2)
    else:
        line += " " * remaining
    line = " " * PADDING + line + " " * PADDING
    return f"\x1b[1m{line}\x1b[0m" if cell.bold else line
