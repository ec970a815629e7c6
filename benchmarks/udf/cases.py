"""The UDF benchmark cases, written once against the engine module `d` (daft or
skipjack: the same code runs on both). Each returns a dict of measurements."""

from __future__ import annotations

import time

ROWS_ROW_WISE = 1_000_000
ROWS_BATCH = 10_000_000
STATEFUL_BATCHES = 100
STATEFUL_ROWS = 100_000
INIT_SECONDS = 0.5
CPU_ROWS = 4_000
CPU_LOOP = 20_000
BLOB_ROWS = 256
BLOB_BYTES = 1 << 20


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def row_wise(d) -> dict:
    """(a) a row-wise UDF over 1M integers; the per-row overhead over the same query
    with a native expression."""

    @d.func
    def increment(x: int) -> int:
        return x + 1

    df = d.from_pydict({"x": list(range(ROWS_ROW_WISE))})
    native = _timed(lambda: df.select(d.col("x") + 1).collect())
    udf = _timed(lambda: df.select(increment(d.col("x"))).collect())
    return {"seconds": udf, "per_row_us": (udf - native) / ROWS_ROW_WISE * 1e6}


def batch(d) -> dict:
    """(b) a batch UDF over 10M rows (pyarrow compute inside)."""
    import pyarrow.compute as pc

    @d.func.batch(return_dtype=d.DataType.int64())
    def double(s):
        return pc.multiply(s.to_arrow(), 2)

    df = d.from_pydict({"x": list(range(ROWS_BATCH))}).collect()
    return {"seconds": _timed(lambda: df.select(double(d.col("x"))).collect())}


def stateful(d) -> dict:
    """(c) a class with a 0.5 s __init__, over 100 batches."""

    @d.cls
    class Scaler:
        def __init__(self, factor: int):
            time.sleep(INIT_SECONDS)
            self.factor = factor

        @d.method.batch(return_dtype=d.DataType.int64(), batch_size=STATEFUL_ROWS // STATEFUL_BATCHES)
        def scale(self, s):
            return [v * self.factor for v in s.to_pylist()]

    df = d.from_pydict({"x": list(range(STATEFUL_ROWS))}).collect()
    scaler = Scaler(3)
    return {"seconds": _timed(lambda: df.select(scaler.scale(d.col("x"))).collect())}


def _cpu_bound_class(d, workers: int):
    @d.cls(use_process=True, max_concurrency=workers)
    class Burner:
        def __init__(self):
            pass

        def __call__(self, x: int) -> int:
            total = 0
            for i in range(CPU_LOOP):
                total = (total + i * x) % 1_000_003
            return total

    return Burner()


def processes(d) -> dict:
    """(d) CPU-bound Python in worker processes: 1 worker, then 2."""
    df = d.from_pydict({"x": list(range(CPU_ROWS))}).into_partitions(8).collect()
    one = _timed(lambda: df.select(_cpu_bound_class(d, 1)(d.col("x"))).collect())
    two = _timed(lambda: df.select(_cpu_bound_class(d, 2)(d.col("x"))).collect())
    return {"seconds": two, "one_worker_seconds": one, "speedup": one / two}


def transfer(d) -> dict:
    """(e) 1 MB binary values to a worker process and back."""
    import os

    @d.cls(use_process=True, max_concurrency=1)
    class Echo:
        def __init__(self):
            pass

        def __call__(self, blob: bytes) -> bytes:
            return blob

    blob = os.urandom(BLOB_BYTES)
    df = d.from_pydict({"b": [blob] * BLOB_ROWS}).collect()
    echo = Echo()
    seconds = _timed(lambda: df.select(echo(d.col("b"))).collect())
    moved = 2 * BLOB_ROWS * BLOB_BYTES
    return {"seconds": seconds, "mb_per_s": moved / seconds / 1e6}


CASES = {"row_wise": row_wise, "batch": batch, "stateful": stateful,
         "processes": processes, "transfer": transfer}
