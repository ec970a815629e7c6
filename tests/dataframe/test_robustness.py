"""Concurrency and lifetime at the Python boundary: no GIL deadlock while polling a
query, nested streams never starve the CPU pool, Ctrl-C works on the Arrow C-stream
path, and the interpreter exits cleanly with queries still open."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pyarrow as pa
import pytest

import skipjack as sj
from skipjack import col

SCHEMA = pa.schema([("x", pa.int64())])


def numpy_backed_stream(batches: int = 10_000) -> pa.RecordBatchReader:
    """Batches whose buffers are numpy arrays: freeing them needs the GIL."""

    def gen():
        for i in range(batches):
            yield pa.record_batch([pa.array(np.arange(i * 100, (i + 1) * 100))], schema=SCHEMA)

    return pa.RecordBatchReader.from_batches(SCHEMA, gen())


@pytest.mark.timeout(120)
def test_polling_a_query_while_it_cancels_never_deadlocks():
    for _ in range(20):
        query = sj.from_arrow(numpy_backed_stream()).limit(10)._builder.execute({})
        try:
            for _ in range(200):  # what the progress bar does while waiting
                query.progress()
                query.memory()
                kind, _batch = query.next_batch(1)
                if kind == "end":
                    break
        finally:
            query.close()


@pytest.mark.timeout(120)
def test_nested_engines_never_starve_the_cpu_pool():
    with sj.execution_config_ctx(num_threads=1, progress_bar=False):
        inner = sj.from_pydict({"a": list(range(1000))}).with_column("b", col("a") * 2)
        spliced = sj.from_arrow(inner).with_column("c", col("b") + 1)
        assert spliced.to_pydict()["c"][:3] == [1, 3, 5]
        # A foreign stream that itself runs a Skipjack query while being read.
        reader = pa.RecordBatchReader.from_stream(inner.with_column("c", col("b") + 1))
        outer = sj.from_arrow(reader).where(col("c") > 10)
        assert outer.count_rows() == 995


def _run_script(script: str, timeout: float = 90, interrupt_after: float | None = None):
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        if interrupt_after is not None:
            assert process.stdout.readline().strip() == "started"
            time.sleep(interrupt_after)
            process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
    return process.returncode, out, err


ENDLESS = """
import itertools, time
import numpy as np
import pyarrow as pa
import skipjack as sj
from skipjack import col
schema = pa.schema([("x", pa.int64())])
def endless():
    for i in itertools.count():
        time.sleep(0.001)
        yield pa.record_batch([pa.array(np.arange(i * 100, (i + 1) * 100))], schema=schema)
df = sj.from_arrow(pa.RecordBatchReader.from_batches(schema, endless()))
"""


def test_exit_with_an_open_iterator_is_clean():
    code, out, err = _run_script(ENDLESS + """
rows = df.iter_rows()
next(rows)
reader = pa.RecordBatchReader.from_stream(
    sj.from_arrow(pa.RecordBatchReader.from_batches(schema, endless())))
reader.read_next_batch()
print("leaving")
""")
    assert code == 0, err
    assert "leaving" in out
    assert "Fatal Python error" not in err and "leaked" not in err


def test_ctrl_c_interrupts_a_consumer_of_the_arrow_c_stream():
    code, out, err = _run_script(ENDLESS + """
print("started", flush=True)
try:
    pa.table(df.where(col("x") < 0))  # pyarrow drives the engine's C stream
except BaseException as error:
    print("stopped by", type(error).__name__, flush=True)
""", interrupt_after=1.0)
    assert code == 0, err
    assert "stopped by" in out


def test_non_nullable_fields_and_metadata_survive_optimization():
    table = pa.table({"a": [1, 2], "b": [3, 4]}).cast(
        pa.schema([pa.field("a", pa.int64()), pa.field("b", pa.int64(), nullable=False)],
                  metadata={b"origin": b"test"}))
    df = sj.from_arrow(table)
    assert df.select("b").to_pydict() == {"b": [3, 4]}
    assert df.select("a", "b").to_arrow().schema.field("b").nullable is False
    df.where(col("a") > 0).show()


def test_stream_view_and_dictionary_columns_are_usable():
    table = pa.table({"v": pa.array(["ab", "c"], pa.string_view()),
                      "d": pa.array(["x", "y"]).dictionary_encode()})
    df = sj.from_arrow(pa.RecordBatchReader.from_batches(table.schema, table.to_batches()))
    out = df.select(col("v").upper(), (col("d") == "x").alias("is_x")).to_pydict()
    assert out == {"v": ["AB", "C"], "is_x": [True, False]}
