"""Wrapping one line of a cell to its column width, as comfy-table's ``split_line`` does."""

from __future__ import annotations

from .graphemes import graphemes
from .text_width import str_width

_MIN_FREE_CHARS = 2  # a line with this little room left is closed rather than filled


def wrap_line(line: str, width: int) -> list[str]:
    """The line itself if it fits in ``width`` columns, else the pieces ``split_line`` cuts it into."""
    return _split_line(line, width) if str_width(line) > width else [line]


def _split_line(line: str, width: int, delimiter: str = " ") -> list[str]:
    """Wrap one line to ``width`` columns, preferring breaks at the delimiter (comfy-table ``split_line``)."""
    lines: list[str] = []
    elements = line.split(delimiter)
    elements.reverse()
    current = ""
    while elements:
        element = elements.pop()
        current_width = str_width(current)
        element_width = str_width(element)
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
    if str_width(current) > max(width - _MIN_FREE_CHARS, 0):
        lines.append(current)
        return ""
    return current


def _split_long_word(allowed: int, word: str) -> tuple[str, str]:
    head = ""
    used = 0
    clusters = graphemes(word)
    for index, cluster in enumerate(clusters):
        cluster_width = str_width(cluster)
        if used + cluster_width > allowed:
            return head, "".join(clusters[index:])
        head += cluster
        used += cluster_width
    return head, ""
