"""Column widths under comfy-table 7.2's ``ContentArrangement::Dynamic``."""

from __future__ import annotations

from dataclasses import dataclass

from .line_wrap import wrap_line
from .text_width import str_width

PADDING = 1  # comfy-table's default one space on each side of a column


@dataclass
class Cell:
    lines: list[str]
    centered: bool = False
    bold: bool = False


def arrange(columns: list[list[Cell | None]], table_width: int) -> list[int]:
    """Content width of each column under comfy-table's ``ContentArrangement::Dynamic``."""
    num_columns = len(columns)
    max_widths = [max([1] + [str_width(line) for cell in column if cell for line in cell.lines]) for column in columns]
    borders = 2 + num_columns - 1
    remaining = max(table_width - borders - 2 * PADDING * num_columns, 0)
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


def _fix_columns_after_split(columns: list[list[Cell | None]], fixed: dict[int, int], remaining: int) -> int:
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


def _longest_line_after_split(column: list[Cell | None], width: int) -> int:
    # comfy-table measures these lines in UTF-8 bytes (String::len), not display width.
    longest = 0
    for cell in column:
        if cell is None:
            continue
        for line in cell.lines:
            longest = max([longest] + [len(part.encode()) for part in wrap_line(line, width)])
    return longest
