"""Streaming is real: a lazy Arrow stream far larger than the memory budget is read
batch by batch, limit() stops it after a few batches, and a full pass keeps the engine's
own memory accounting flat however much data flows through."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

import skipjack as sj
from skipjack import col

ROWS_PER_BATCH = 1 << 20  # two int64 columns: 16 MiB per batch
SCHEMA = pa.schema([("x", pa.int64()), ("y", pa.int64())])


class CountingStream:
    """A generator-backed Arrow stream that counts how many batches were pulled."""

    def __init__(self, num_batches: int) -> None:
        self.num_batches = num_batches
        self.pulled = 0
        self.rows_with_y_multiple_of_7 = 0

    def _batches(self):
        for i in range(self.num_batches):
            self.pulled += 1
            start = i * ROWS_PER_BATCH
            x = np.arange(start, start + ROWS_PER_BATCH, dtype=np.int64)
            self.rows_with_y_multiple_of_7 += int(np.count_nonzero((x % 1000) % 7 == 0))
            yield pa.record_batch([pa.array(x), pa.array(x % 1000)], schema=SCHEMA)

    def reader(self) -> pa.RecordBatchReader:
        return pa.RecordBatchReader.from_batches(SCHEMA, self._batches())


def test_limit_on_a_huge_stream_reads_only_a_few_batches(engine_config):
    stream = CountingStream(num_batches=1024)  # 16 GiB if it were all read
    df = sj.from_arrow(stream.reader()).with_column("z", col("x") * 2).limit(10)
    assert df.to_pydict()["z"] == [2 * i for i in range(10)]
    assert stream.pulled <= 3


def test_stopping_iteration_early_cancels_the_stream():
    stream = CountingStream(num_batches=1024)
    rows = sj.from_arrow(stream.reader()).iter_rows()
    assert next(rows) == {"x": 0, "y": 0}
    rows.close()  # what `break` or garbage collection does
    pulled = stream.pulled
    assert pulled <= 3
    assert stream.pulled == pulled  # nothing keeps reading after the consumer left


def _full_pass_peak(num_batches: int) -> tuple[int, int]:
    stream = CountingStream(num_batches)
    df = sj.from_arrow(stream.reader()).select(
        (col("x") + col("y")).alias("s"), (col("y") % 7 == 0).alias("seven")
    ).where(col("seven"))
    rows = 0
    for batch in df.iter_partitions():
        rows += batch.num_rows
    metrics = df.metrics
    assert metrics.completed and stream.pulled == num_batches
    assert rows == stream.rows_with_y_multiple_of_7
    return metrics.peak_buffered_bytes, metrics.peak_allocated_bytes


def test_full_pass_keeps_memory_flat():
    with sj.execution_config_ctx(progress_bar=False, num_threads=2):
        small_buffered, small_allocated = _full_pass_peak(num_batches=16)   # 256 MiB
        large_buffered, large_allocated = _full_pass_peak(num_batches=160)  # 2.5 GiB
    budget = 128 << 20
    assert large_buffered < budget and large_allocated < budget
    # Ten times the data, no more than a fraction more memory.
    assert large_buffered <= 1.5 * small_buffered + (8 << 20)
    assert large_allocated <= 1.5 * small_allocated + (8 << 20)
