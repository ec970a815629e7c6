"""Filters pushed into Parquet scans test dictionary-encoded string columns once per
distinct value; results must equal evaluating the filter on the decoded rows (pyarrow
as the oracle): null strings (is_null, not_null, comparisons), several conjuncts on one
or many columns, a column whose pages fell back to plain encoding, files where a
column is dictionary-encoded in one row group only, and partition columns."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col


def _table(n: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    modes = np.array(["AIR", "MAIL", "SHIP", "TRUCK", "RAIL", "FOB", "REG AIR"])
    mode = [None if rng.random() < 0.1 else str(m) for m in rng.choice(modes, n)]
    return pa.table({
        "id": pa.array(np.arange(n)),
        "mode": pa.array(mode, pa.string()),
        "flag": pa.array(rng.choice(["A", "N", "R"], n)),
        "comment": pa.array([f"c{v}" for v in rng.integers(0, 10**9, n)]),  # high cardinality
        "x": pa.array(rng.integers(0, 100, n)),
    })


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("dict")
    table = _table(30_000, 1)
    path = root / "data.parquet"
    # Small row groups and a tight dictionary page limit: 'comment' falls back to plain pages.
    pq.write_table(table, path, row_group_size=7_000, dictionary_pagesize_limit=4096)
    return path, table


CASES = [
    (lambda: col("mode").is_in(["MAIL", "SHIP"]), lambda t: pc.is_in(t["mode"], pa.array(["MAIL", "SHIP"]))),
    (lambda: col("mode").is_null(), lambda t: pc.is_null(t["mode"])),
    (lambda: col("mode").not_null() & (col("mode") != "AIR"),
     lambda t: pc.and_kleene(pc.is_valid(t["mode"]), pc.not_equal(t["mode"], "AIR"))),
    (lambda: (col("mode") == "RAIL") | (col("flag") == "R"),
     lambda t: pc.or_kleene(pc.equal(t["mode"], "RAIL"), pc.equal(t["flag"], "R"))),
    (lambda: col("mode").str.startswith("R") & (col("x") < 50) & (col("flag") >= "N"),
     lambda t: pc.and_kleene(pc.and_kleene(pc.starts_with(t["mode"], "R"), pc.less(t["x"], 50)),
                             pc.greater_equal(t["flag"], "N"))),
    (lambda: col("comment").str.endswith("7") & (col("mode") == "FOB"),
     lambda t: pc.and_kleene(pc.ends_with(t["comment"], "7"), pc.equal(t["mode"], "FOB"))),
    (lambda: col("mode").fill_null("none") == "none",
     lambda t: pc.equal(pc.fill_null(t["mode"], "none"), "none")),
]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_dictionary_filters_match_pyarrow(files, case):
    path, table = files
    predicate, oracle = CASES[case]
    expected = table.filter(oracle(table))
    for threads in (1, 2):
        with sj.execution_config_ctx(progress_bar=False, num_threads=threads, morsel_max_rows=3_000):
            out = sj.read_parquet(str(path)).where(predicate()).to_arrow()
        assert out.schema.field("mode").type == pa.string()  # decoded before leaving the scan
        assert out.sort_by("id").to_pydict() == expected.to_pydict()
        # Only some columns in the output: the filter's columns are read, then dropped.
        with sj.execution_config_ctx(progress_bar=False, num_threads=threads):
            ids = sj.read_parquet(str(path)).where(predicate()).select("id").to_arrow()
        assert sorted(ids["id"].to_pylist()) == expected["id"].to_pylist()


def test_mixed_encodings_across_files_and_partitions(tmp_path):
    # One file stores 'mode' dictionary-encoded, the other plainly; hive partitions too.
    a, b = _table(5_000, 2), _table(5_000, 3)
    (tmp_path / "part=1").mkdir()
    (tmp_path / "part=2").mkdir()
    pq.write_table(a, tmp_path / "part=1" / "a.parquet")
    pq.write_table(b, tmp_path / "part=2" / "b.parquet", use_dictionary=False)
    both = pa.concat_tables([a.append_column("part", pa.array([1] * 5_000)),
                             b.append_column("part", pa.array([2] * 5_000))])
    mask = pc.and_kleene(pc.is_in(both["mode"], pa.array(["AIR", "TRUCK"])), pc.greater(both["x"], 10))
    out = sj.read_parquet(str(tmp_path / "**" / "*.parquet"), hive_partitioning=True).where(
        col("mode").is_in(["AIR", "TRUCK"]) & (col("x") > 10)).to_arrow()
    expected = both.filter(mask)
    assert sorted(zip(out["part"].to_pylist(), out["id"].to_pylist(), out["mode"].to_pylist())) == \
        sorted(zip(expected["part"].to_pylist(), expected["id"].to_pylist(), expected["mode"].to_pylist()))
