"""Running a plan and streaming its batches back to Python.

The query runs on the engine's threads; this generator waits for batches in short
slices with the GIL released, so Ctrl-C raises KeyboardInterrupt within ~0.1 s, and
leaving the loop early (break, an exception, garbage collection) cancels the query and
waits for its threads to stop.
"""

from __future__ import annotations

import atexit
import dataclasses
import time
from typing import Callable, Iterator

import pyarrow as pa

from skipjack._native import core
from skipjack._progress import ProgressBar
from skipjack.context import get_execution_config

_WAIT_MS = 100

# Queries still open at exit (an unfinished iterator, an exported stream) are stopped
# before the interpreter finalizes, so no engine thread is left inside Python code.
atexit.register(core.close_all_queries)


@dataclasses.dataclass(frozen=True)
class QueryMetrics:
    """What one execution cost, from the engine's own accounting."""

    rows_emitted: int
    rows_read: int
    peak_buffered_bytes: int  # morsels held in queues between operators
    peak_allocated_bytes: int  # bytes the query's kernels allocated at once
    wall_seconds: float
    completed: bool  # False when the consumer stopped early or it failed
    # Per physical operator, parents first: name, depth, cpu_seconds, rows_out.
    operators: list = dataclasses.field(default_factory=list)

    def operator_table(self) -> str:
        """The operators as an indented tree with their CPU time and output rows."""
        lines = [f"{'operator':40s} {'cpu s':>8s} {'rows out':>12s}"]
        for op in self.operators:
            name = "  " * op["depth"] + op["name"]
            lines.append(f"{name:40s} {op['cpu_seconds']:8.3f} {op['rows_out']:12,d}")
        return "\n".join(lines)


def start_query(plan):
    """Starts `plan` with the current execution settings; returns the native query."""
    return plan.execute(get_execution_config().engine_settings())


def iter_batches(plan, on_finish: Callable[[QueryMetrics], None] | None = None,
                 query=None, start: float | None = None) -> Iterator[pa.RecordBatch]:
    config = get_execution_config()
    start = time.monotonic() if start is None else start
    query = query if query is not None else start_query(plan)
    progress = ProgressBar(query, config.progress_bar)
    completed = False
    try:
        while True:
            kind, batch = query.next_batch(_WAIT_MS)
            if kind == "batch":
                yield pa.record_batch(batch)
            elif kind == "end":
                completed = True
                return
            progress.update()
    finally:
        progress.close()
        query.close()
        if on_finish is not None:
            memory, counts = query.memory(), query.progress()
            on_finish(QueryMetrics(
                rows_emitted=counts["rows_emitted"], rows_read=counts["rows_read"],
                peak_buffered_bytes=memory["peak_buffered_bytes"],
                peak_allocated_bytes=memory["peak_allocated_bytes"],
                wall_seconds=time.monotonic() - start, completed=completed,
                operators=query.operator_stats()))


def run_to_table(plan, on_finish: Callable[[QueryMetrics], None] | None = None) -> pa.Table:
    start = time.monotonic()  # starting includes planning and shared subplans
    query = start_query(plan)
    # The optimized plan's schema (what the batches carry) may differ from the logical
    # one in field nullability or metadata; use the batches' own.
    schema = pa.schema(query.schema())
    return pa.Table.from_batches(list(iter_batches(plan, on_finish, query, start)),
                                 schema=schema)
