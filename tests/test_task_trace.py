"""SKIPJACK_TRACE: a Chrome-trace timeline of every executor task, one process row per
query, for finding idle cores (see docs/dev/profiling.md)."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    import pyarrow as pa
    import pyarrow.parquet as pq
    import skipjack as sj

    path = sys.argv[1] + "/t.parquet"
    pq.write_table(pa.table({"k": [i % 7 for i in range(200_000)], "v": list(range(200_000))}),
                   path, row_group_size=20_000)
    df = sj.read_parquet(path).where(sj.col("v") > 10).groupby("k").agg(sj.col("v").sum())
    print(len(df.sort("k").to_pydict()["k"]))
    print(sj.read_parquet(path).count_rows())
""")


def run(tmp_path, trace_path):
    env = {**os.environ, "SKIPJACK_TRACE": str(trace_path)}
    return subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=120)


def test_trace_has_every_query_and_its_tasks(tmp_path):
    trace_path = tmp_path / "trace.json"
    done = run(tmp_path, trace_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["7", "200000"]
    trace = json.loads(trace_path.read_text())
    events = trace["traceEvents"]
    queries = {e["pid"] for e in events if e["ph"] == "M"}
    slices = [e for e in events if e["ph"] == "X"]
    assert queries == {1, 2}
    assert {e["pid"] for e in slices} == {1, 2}
    # Slices are named after the operator, its node number and what the task did.
    assert any(e["name"].startswith("Parquet Scan #") and e["name"].endswith(" read")
               for e in slices if e["pid"] == 1)
    assert any(e["name"].startswith("Grouped Aggregate #") and e["name"].endswith(" finalize")
               for e in slices if e["pid"] == 1)
    assert any(e["name"].startswith("Sort #") and e["name"].endswith(" morsel")
               for e in slices if e["pid"] == 1)
    # A worker runs one task at a time: its slices never overlap.
    by_thread = collections.defaultdict(list)
    for e in slices:
        assert e["dur"] >= 0 and e["ts"] >= 0
        by_thread[e["tid"]].append((e["ts"], e["ts"] + e["dur"]))
    for spans in by_thread.values():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert start >= end - 1  # microsecond rounding
    assert not (tmp_path / "trace.json.partial").exists()


def test_unwritable_trace_path_warns_and_queries_still_run(tmp_path):
    trace_path = tmp_path / "missing-dir" / "trace.json"
    done = run(tmp_path, trace_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["7", "200000"]
    assert "Cannot write the task trace" in done.stderr and "SKIPJACK_TRACE" in done.stderr
    assert done.stderr.count("Cannot write the task trace") == 1  # once, not per query
