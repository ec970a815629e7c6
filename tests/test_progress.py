"""The progress bar: drawn on a terminal for queries longer than about a second, never
when stderr is not a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import time
    import pyarrow as pa
    import skipjack as sj

    schema = pa.schema([("x", pa.int64())])
    def slow():
        for i in range(12):
            time.sleep(0.2)
            yield pa.record_batch([pa.array(range(i * 1000, (i + 1) * 1000))], schema=schema)

    rows = sj.from_arrow(pa.RecordBatchReader.from_batches(schema, slow())).count_rows()
    print(rows)
""")


def test_progress_bar_on_a_terminal():
    controller, worker = pty.openpty()
    process = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE,
                               stderr=worker, text=True)
    os.close(worker)
    drawn = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    out, _ = process.communicate(timeout=60)
    os.close(controller)
    assert out.strip() == "12000"
    assert b"Skipjack" in drawn and b"rows read" in drawn


def test_no_progress_bar_when_not_a_terminal():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip() == "12000"
    assert "Skipjack" not in result.stderr
