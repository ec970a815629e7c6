"""explain() prints Daft's three plans; the optimized and physical plans show the
filter, projection and limit pushed into the scan."""

from __future__ import annotations

import io

import pyarrow as pa

import skipjack as sj
from skipjack import col


def _explain(df, **kwargs) -> str:
    out = io.StringIO()
    df.explain(file=out, **kwargs)
    return out.getvalue()


def test_default_prints_the_unoptimized_plan_and_a_hint():
    df = sj.from_pydict({"a": [1, 2], "s": ["x", "y"]}).where(col("a") > 1)
    text = _explain(df)
    assert text.startswith("== Unoptimized Logical Plan ==\n\n* Filter: col(a) > lit(1)\n|\n* Source:")
    assert "Set `show_all=True` to also see the Optimized and Physical plans." in text
    assert "Optimized" not in text.split("Set `show_all")[0]


def test_show_all_shows_pushdowns_into_the_scan():
    df = (sj.from_pydict({"a": [1, 2, 3], "b": [4, 5, 6], "s": ["x", "y", "z"]})
          .with_column("c", col("a") * 2)
          .where(col("c") > 2)
          .select("a", "c")
          .limit(2))
    text = _explain(df, show_all=True)
    unoptimized, rest = text.split("== Optimized Logical Plan ==")
    optimized, physical = rest.split("== Physical Plan ==")
    assert "* Limit: 2" in unoptimized and "* Filter: col(c) > lit(2)" in unoptimized
    assert "Projection pushdown = [a]" in optimized
    assert "Filter pushdown = [col(a) * lit(2)] > lit(2)" in optimized
    assert "Limit pushdown = 2" in optimized
    assert "* In Memory Scan:" in physical
    assert "Filter pushdown = [col(0: a) * lit(2)] > lit(2)" in physical
    assert "* Project: col(0: a), col(0: a) * lit(2) as c" in physical


def test_stream_source_gets_a_parallel_filter():
    reader = pa.RecordBatchReader.from_batches(pa.schema([("x", pa.int64())]), iter([]))
    text = _explain(sj.from_arrow(reader).where(col("x") > 0), show_all=True)
    physical = text.split("== Physical Plan ==")[1]
    assert "* Filter: col(0: x) > lit(0)" in physical and "* Arrow Stream Scan:" in physical


def test_collected_frames_say_so():
    df = sj.from_pydict({"a": [1]}).where(col("a") > 0).collect()
    assert _explain(df).startswith("Result is cached and will skip computation")
