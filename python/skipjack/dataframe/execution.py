"""Running a plan and streaming its batches back to Python.

The query runs on the engine's threads; this generator waits for batches in short
slices with the GIL released, so Ctrl-C raises KeyboardInterrupt within ~0.1 s, and
leaving the loop early (break, an exception, garbage collection) cancels the query and
waits for its threads to stop.
"""

from __future__ import annotations

from typing import Iterator

import pyarrow as pa

from skipjack._progress import ProgressBar
from skipjack.context import get_execution_config

_WAIT_MS = 100


def iter_batches(plan) -> Iterator[pa.RecordBatch]:
    config = get_execution_config()
    query = plan.execute(config.engine_settings())
    progress = ProgressBar(query, config.progress_bar)
    try:
        while True:
            kind, batch = query.next_batch(_WAIT_MS)
            if kind == "batch":
                yield pa.record_batch(batch)
            elif kind == "end":
                return
            progress.update()
    finally:
        progress.close()
        query.close()


def run_to_table(plan) -> pa.Table:
    schema = pa.schema(plan.schema())
    return pa.Table.from_batches(list(iter_batches(plan)), schema=schema)
