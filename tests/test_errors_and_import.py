"""The import-time pyarrow check, the exception hierarchy, and Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import skipjack as sj
from skipjack import exceptions


def _run(code: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=120, **kwargs)


def test_import_explains_a_pyarrow_version_mismatch():
    result = _run("""
        import pyarrow
        pyarrow.__version__ = "25.0.1"
        import skipjack
    """)
    assert result.returncode != 0
    assert "skipjack needs pyarrow 26.0.x but pyarrow 25.0.1 is installed" in result.stderr
    assert "pip install 'pyarrow==26.0.*'" in result.stderr


def test_exceptions_also_derive_from_builtins():
    assert issubclass(exceptions.InvalidError, ValueError)
    assert issubclass(exceptions.DataTypeError, TypeError)
    assert issubclass(exceptions.ColumnNotFoundError, KeyError)
    assert issubclass(exceptions.SkipjackIOError, OSError)
    for name in exceptions.__all__:
        assert issubclass(getattr(exceptions, name), exceptions.SkipjackError)
    assert str(exceptions.ColumnNotFoundError("Column 'x' not found.")) == "Column 'x' not found."


def test_unknown_execution_setting():
    with pytest.raises(ValueError, match="unknown execution setting 'threads'"):
        sj.set_execution_config(threads=2)


def test_ctrl_c_cancels_a_running_query():
    script = """
        import itertools, sys
        import pyarrow as pa
        import skipjack as sj
        from skipjack import col

        schema = pa.schema([("x", pa.int64())])
        def endless():
            for i in itertools.count():
                yield pa.record_batch([pa.array(range(i * 1000, (i + 1) * 1000))], schema=schema)

        df = sj.from_arrow(pa.RecordBatchReader.from_batches(schema, endless()))
        print("started", flush=True)
        try:
            df.where(col("x") < 0).collect()   # never finds a row, never ends by itself
        except KeyboardInterrupt:
            print("interrupted", flush=True)
    """
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "started"
        time.sleep(1.0)  # let the query get going
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)  # a hang fails here
    finally:
        if process.poll() is None:
            process.kill()
    assert "interrupted" in out, err
    assert process.returncode == 0, err


def test_execution_settings_are_validated():
    with pytest.raises(ValueError, match="num_threads must be >= 0"):
        sj.set_execution_config(num_threads=-1)
    with pytest.raises(ValueError, match="morsel_max_rows must be > 0"):
        sj.set_execution_config(morsel_max_rows=0)
    with pytest.raises(ValueError, match="must be an int"):
        sj.set_execution_config(num_threads="2")
