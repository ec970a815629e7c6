"""A progress bar for queries that run longer than about a second on a terminal.

It draws on stderr (like tqdm), only when stderr is a TTY, and erases itself when the
query ends, so output meant for files and pipes never contains it.
"""

from __future__ import annotations

import shutil
import sys
import time

_DELAY_SECONDS = 1.0


def _count(n: int) -> str:
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return str(n)


class ProgressBar:
    def __init__(self, query, enabled: bool) -> None:
        self._query = query
        self._enabled = enabled and sys.stderr.isatty()
        self._start = time.monotonic()
        self._drawn = False

    def update(self) -> None:
        if not self._enabled:
            return
        elapsed = time.monotonic() - self._start
        if elapsed < _DELAY_SECONDS:
            return
        progress = self._query.progress()
        read, expected = progress["rows_read"], progress["rows_expected"]
        width = shutil.get_terminal_size((80, 20)).columns
        if expected > 0:
            fraction = min(1.0, read / expected)
            bar_width = max(10, min(40, width - 45))
            filled = int(bar_width * fraction)
            bar = "█" * filled + "░" * (bar_width - filled)
            line = f"Skipjack {bar} {_count(read)}/{_count(expected)} rows {elapsed:5.1f}s"
        else:
            line = f"Skipjack {_count(read)} rows read {elapsed:5.1f}s"
        sys.stderr.write("\r" + line[: width - 1])
        sys.stderr.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            width = shutil.get_terminal_size((80, 20)).columns
            sys.stderr.write("\r" + " " * (width - 1) + "\r")
            sys.stderr.flush()
