"""A hash join publishes its build keys to the probe side's Parquet scan, which drops
rows whose key cannot match before reading their other columns (exec/runtime_key_filter.h).
Results must equal DuckDB's for every key type the filter takes, nulls on both sides,
an empty build side, keys too spread out for a bitmap, extreme values, keys renamed by
projections, filtered and joined below, semi joins, self-joins and a reused frame."""

from __future__ import annotations

import io

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import skipjack as sj
from skipjack import col

N = 30_000


def _facts(key_type: pa.DataType, seed: int, spread: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    keys = [None if rng.random() < 0.05 else int(v) for v in rng.integers(-spread, spread, N)]
    return pa.table({
        "k": pa.array(keys, pa.int64()).cast(key_type) if key_type != pa.date32()
        else pa.array([None if v is None else v % 20000 for v in keys], pa.int32()).cast(pa.date32()),
        "v": pa.array(rng.integers(0, 10**6, N), pa.int64()),
        "price": pa.array(rng.random(N) * 100, pa.float64()),
    })


def _dims(facts: pa.Table, seed: int, size: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    present = [v for v in facts["k"].to_pylist() if v is not None]
    chosen = [present[i] for i in rng.integers(0, len(present), size)] if size else []
    chosen = list(dict.fromkeys(chosen)) + [None]
    return pa.table({"dk": pa.array(chosen, facts["k"].type),
                     "label": pa.array([f"l{i}" for i in range(len(chosen))])})


def _write(tmp_path, name, table):
    path = tmp_path / f"{name}.parquet"
    pq.write_table(table, path, row_group_size=4_000)
    return str(path)


def _check(df, sql, tables, sort_by):
    got = df.to_arrow().to_pylist()
    con = duckdb.connect()
    for name, table in tables.items():
        con.register(name, table)
    expected = con.sql(sql).to_arrow_table().to_pylist()
    key = lambda r: tuple((v is None, v) for v in (r[c] for c in sort_by))
    got, expected = sorted(got, key=key), sorted(expected, key=key)
    assert len(got) == len(expected)
    for ours, theirs in zip(got, expected):
        assert ours.keys() == theirs.keys()
        for name, value in theirs.items():  # float sums differ in the last bits by order
            assert ours[name] == (pytest.approx(value, rel=1e-12) if isinstance(value, float) else value)


@pytest.mark.parametrize("key_type", [pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.date32()])
@pytest.mark.parametrize("dim_size", [0, 40, 3000])
def test_inner_join_matches_duckdb(tmp_path, key_type, dim_size):
    spread = {pa.int8(): 100, pa.int16(): 30000}.get(key_type, 10**6)
    facts = _facts(key_type, 1, spread)
    dims = _dims(facts, 2, dim_size)
    f, d = _write(tmp_path, "f", facts), _write(tmp_path, "d", dims)
    df = sj.read_parquet(f).join(sj.read_parquet(d), left_on="k", right_on="dk").select("k", "v", "price", "label")
    _check(df, "select k, v, price, label from facts join dims on k = dk",
           {"facts": facts, "dims": dims}, ["v", "k"])


def test_explain_names_the_runtime_filter(tmp_path):
    facts = _facts(pa.int64(), 3, 10**6)
    f, d = _write(tmp_path, "f", facts), _write(tmp_path, "d", _dims(facts, 4, 50))
    df = sj.read_parquet(f).join(sj.read_parquet(d), left_on="k", right_on="dk")
    text = io.StringIO()
    df.explain(show_all=True, file=text)
    assert "Runtime join filters = [k]" in text.getvalue()


def test_extreme_and_widely_spread_keys(tmp_path):
    big = 2**63 - 1
    keys = [-big - 1, -5, 0, 7, big, None, 2**40, -(2**40)] * 500
    facts = pa.table({"k": pa.array(keys, pa.int64()), "v": pa.array(range(len(keys)), pa.int64())})
    for chosen in ([-big - 1, big, 7], [0, 7, -5], [2**40]):
        dims = pa.table({"dk": pa.array(chosen, pa.int64())})
        f, d = _write(tmp_path, "f", facts), _write(tmp_path, "d", dims)
        df = sj.read_parquet(f).join(sj.read_parquet(d), left_on="k", right_on="dk").select("k", "v")
        _check(df, "select k, v from facts join dims on k = dk", {"facts": facts, "dims": dims}, ["v"])


def test_key_renamed_filtered_and_joined_below(tmp_path):
    facts = _facts(pa.int64(), 5, 10**5)
    dims = _dims(facts, 6, 500)
    other = pa.table({"ov": pa.array(range(0, 10**6, 3), pa.int64()), "tag": pa.array(["t"] * len(range(0, 10**6, 3)))})
    f, d, o = _write(tmp_path, "f", facts), _write(tmp_path, "d", dims), _write(tmp_path, "o", other)
    probe = (sj.read_parquet(f).where(col("price") < 70).select(col("k").alias("key"), "v", "price")
             .join(sj.read_parquet(o), left_on="v", right_on="ov"))
    df = probe.join(sj.read_parquet(d), left_on="key", right_on="dk").select("key", "v", "tag", "label")
    _check(df, """select k as key, v, tag, label from facts join other on v = ov
                  join dims on k = dk where price < 70""",
           {"facts": facts, "dims": dims, "other": other}, ["v", "key"])


def test_semi_join_and_reused_frames(tmp_path):
    facts = _facts(pa.int32(), 7, 10**4)
    dims = _dims(facts, 8, 300)
    f, d = _write(tmp_path, "f", facts), _write(tmp_path, "d", dims)
    facts_df = sj.read_parquet(f)
    semi = facts_df.join(sj.read_parquet(d), left_on="k", right_on="dk", how="semi").select("k", "v")
    _check(semi, "select k, v from facts where k in (select dk from dims)",
           {"facts": facts, "dims": dims}, ["v"])
    # The same frame on both sides of a join, and in a union next to a filtered join.
    self_join = facts_df.join(facts_df.where(col("v") < 1000).select(col("k").alias("k2"), col("v").alias("v2")),
                              left_on="k", right_on="k2").select("k", "v", "v2")
    _check(self_join, "select a.k, a.v, b.v as v2 from facts a join facts b on a.k = b.k where b.v < 1000",
           {"facts": facts}, ["v", "v2"])
    both = facts_df.join(sj.read_parquet(d), left_on="k", right_on="dk").select("k", "v").concat(
        facts_df.select("k", "v"))
    _check(both, "select k, v from facts join dims on k = dk union all select k, v from facts",
           {"facts": facts, "dims": dims}, ["v", "k"])


@pytest.mark.parametrize("threads,morsel_rows", [(1, 128 * 1024), (2, 700)])
def test_threads_and_morsel_sizes(tmp_path, threads, morsel_rows):
    facts = _facts(pa.int64(), 9, 10**5)
    dims = _dims(facts, 10, 800)
    f, d = _write(tmp_path, "f", facts), _write(tmp_path, "d", dims)
    with sj.execution_config_ctx(num_threads=threads, morsel_max_rows=morsel_rows):
        df = (sj.read_parquet(f).join(sj.read_parquet(d), left_on="k", right_on="dk")
              .groupby("label").agg(col("price").sum().alias("p"), col("v").count().alias("c")))
        _check(df, "select label, sum(price) as p, count(v) as c from facts join dims on k = dk group by label",
               {"facts": facts, "dims": dims}, ["label"])


@pytest.mark.parametrize("key_type", [pa.uint8(), pa.uint64(), pa.timestamp("us")])
def test_unsigned_and_timestamp_keys(tmp_path, key_type):
    top = {pa.uint8(): 255, pa.uint64(): 2**64 - 1}.get(key_type, 2**50)
    values = [0, 1, 7, top, top - 1, None, top // 2] * 300
    via = pa.int64() if pa.types.is_timestamp(key_type) else pa.uint64()
    facts = pa.table({"k": pa.array(values, via).cast(key_type),
                      "v": pa.array(range(len(values)), pa.int64())})
    dims = pa.table({"dk": pa.array([top, 7, top // 2 + 1], via).cast(key_type)})
    f, d = _write(tmp_path, "f", facts), _write(tmp_path, "d", dims)
    df = sj.read_parquet(f).join(sj.read_parquet(d), left_on="k", right_on="dk").select("k", "v")
    _check(df, "select k, v from facts join dims on k = dk", {"facts": facts, "dims": dims}, ["v"])


# Joins whose build side is the small left input: the facts on the right are probed, and
# their rows without a match count in no output for these join types.
PROBE_RIGHT_JOINS = {
    "semi": ("select dk, label from dims where dk in (select k from facts)", ["dk"]),
    "anti": ("select dk, label from dims where not exists (select 1 from facts where k = dk)",
             ["dk"]),
    "left": ("select dk, label, k, v from dims left join facts on dk = k", ["dk", "v"]),
    "inner": ("select dk, label, k, v from dims join facts on dk = k", ["dk", "v"]),
}


@pytest.mark.parametrize("how", list(PROBE_RIGHT_JOINS))
@pytest.mark.parametrize("threads", [1, 2])
def test_build_on_the_left_filters_the_right_scan(tmp_path, how, threads):
    facts = _facts(pa.int64(), 11, 10**5)
    dims = _dims(facts, 12, 200)
    # Keys the facts lack too: anti and left joins must keep those dims rows.
    dims = pa.concat_tables([dims, pa.table({"dk": pa.array([10**7, -(10**7)], pa.int64()),
                                             "label": ["missing1", "missing2"]})])
    f, d = _write(tmp_path, "f", facts), _write(tmp_path, "d", dims)
    df = sj.read_parquet(d).join(sj.read_parquet(f), left_on="dk", right_on="k", how=how)
    df = df.select("dk", "label") if how in ("semi", "anti") else df.select("dk", "label", "k", "v")
    text = io.StringIO()
    df.explain(show_all=True, file=text)
    assert "Runtime join filters = [k]" in text.getvalue()
    sql, sort_by = PROBE_RIGHT_JOINS[how]
    with sj.execution_config_ctx(num_threads=threads):
        _check(df, sql, {"facts": facts, "dims": dims}, sort_by)


def test_preserved_probe_sides_are_not_filtered(tmp_path):
    """A left join probing its left side and a right join probing its right side keep
    unmatched probe rows: no runtime filter may drop them."""
    facts = _facts(pa.int64(), 13, 10**5)
    dims = _dims(facts, 14, 100)
    f, d = _write(tmp_path, "f", facts), _write(tmp_path, "d", dims)
    left = sj.read_parquet(f).join(sj.read_parquet(d), left_on="k", right_on="dk", how="left")
    right = sj.read_parquet(d).join(sj.read_parquet(f), left_on="dk", right_on="k", how="right")
    for df in (left, right):
        text = io.StringIO()
        df.explain(show_all=True, file=text)
        assert "Runtime join filters" not in text.getvalue()
    _check(left.select("k", "v", "label"), "select k, v, label from facts left join dims on k = dk",
           {"facts": facts, "dims": dims}, ["v"])
    _check(right.select("k", "v", "label"), "select k, v, label from dims right join facts on dk = k",
           {"facts": facts, "dims": dims}, ["v"])


@pytest.mark.parametrize("morsel_rows", [128 * 1024, 900])
def test_filter_columns_read_after_a_selective_runtime_filter(tmp_path, morsel_rows):
    """With a selective build, the columns only the scan's filter reads are read for the
    rows the runtime filter keeps, then the filter runs on those: nullable numbers,
    dates, plain strings, a filter column that is also an output, and a filter on
    several columns at once."""
    rng = np.random.default_rng(15)
    n = 40_000
    facts = pa.table({
        "k": pa.array(rng.integers(0, 10**6, n), pa.int64()),
        "a": pa.array([None if rng.random() < 0.1 else int(v) for v in rng.integers(0, 100, n)], pa.int32()),
        "b": pa.array([None if rng.random() < 0.1 else float(v) for v in rng.random(n)], pa.float64()),
        "d": pa.array(rng.integers(0, 5000, n).astype("datetime64[D]"), pa.date32()),
        "s": pa.array([f"w{v}" * int(v % 4) for v in rng.integers(0, 10**5, n)], pa.string()),
        "v": pa.array(range(n), pa.int64()),
    })
    dims = pa.table({"dk": pa.array(facts["k"].to_pylist()[::97], pa.int64())})
    f = _write(tmp_path, "f", facts)
    d = _write(tmp_path, "d", dims)
    cases = [
        (col("a") < 60, "a < 60", ["k", "v"]),
        ((col("b") > 0.3) & (col("d") < sj.lit(np.datetime64("1980-06-01", "D").item())),
         "b > 0.3 and d < date '1980-06-01'", ["k", "v"]),
        (col("s").str.contains("w1") | (col("a") == 7), "contains(s, 'w1') or a = 7", ["k", "v"]),
        ((col("a") + col("b") > 50) & (col("v") % 2 == 0), "a + b > 50 and v % 2 = 0", ["k", "v", "a"]),
    ]
    with sj.execution_config_ctx(morsel_max_rows=morsel_rows):
        for ours, sql_filter, out in cases:
            df = (sj.read_parquet(f).where(ours).join(sj.read_parquet(d), left_on="k", right_on="dk")
                  .select(*out))
            _check(df, f"select {', '.join(out)} from facts join dims on k = dk where {sql_filter}",
                   {"facts": facts, "dims": dims}, ["v"])


@pytest.mark.parametrize("with_filter", [True, False])
def test_a_build_holding_nearly_every_key(tmp_path, with_filter):
    """A build with (nearly) every key of its range is not worth testing: the probe
    scan skips the test and may read the key column for the filter's rows only."""
    facts = _facts(pa.int64(), 17, 5_000)
    keys = [k for k in range(-5_000, 5_000) if k % 50 != 0]  # 98% of the range
    dims = pa.table({"dk": pa.array(keys, pa.int64()), "label": [f"l{k}" for k in keys]})
    f, d = _write(tmp_path, "f", facts), _write(tmp_path, "d", dims)
    probe = sj.read_parquet(f)
    where = ""
    if with_filter:
        probe = probe.where(col("price") < 3)
        where = " where price < 3"
    df = probe.join(sj.read_parquet(d), left_on="k", right_on="dk").select("k", "v", "price", "label")
    _check(df, f"select k, v, price, label from facts join dims on k = dk{where}",
           {"facts": facts, "dims": dims}, ["v"])


@pytest.mark.parametrize("below", ["anti", "semi", "left", "right_kept_side"])
def test_filter_reaches_the_scan_through_joins_that_keep_its_rows(tmp_path, below):
    """The probe side's rows pass through a join that keeps them as they are (the left
    side of anti, semi and left joins, the right side of right joins) on their way to
    the inner join: its build keys still filter the scan below."""
    facts = _facts(pa.int64(), 19, 10**5)
    dims = _dims(facts, 20, 400)
    other = pa.table({"ov": pa.array(range(0, 10**6, 7), pa.int64()),
                      "tag": pa.array([f"t{i % 5}" for i in range(len(range(0, 10**6, 7)))])})
    f, d, o = _write(tmp_path, "f", facts), _write(tmp_path, "d", dims), _write(tmp_path, "o", other)
    facts_df, other_df = sj.read_parquet(f), sj.read_parquet(o)
    if below == "anti":
        probe = facts_df.join(other_df, left_on="v", right_on="ov", how="anti")
        sql = "select k, v, label from facts join dims on k = dk where not exists (select 1 from other where ov = v)"
        out = ["k", "v", "label"]
    elif below == "semi":
        probe = facts_df.join(other_df, left_on="v", right_on="ov", how="semi")
        sql = "select k, v, label from facts join dims on k = dk where v in (select ov from other)"
        out = ["k", "v", "label"]
    elif below == "left":
        probe = facts_df.join(other_df, left_on="v", right_on="ov", how="left")
        sql = "select k, v, tag, label from facts left join other on v = ov join dims on k = dk"
        out = ["k", "v", "tag", "label"]
    else:
        probe = other_df.join(facts_df, left_on="ov", right_on="v", how="right")
        sql = "select k, v, tag, label from other right join facts on ov = v join dims on k = dk"
        out = ["k", "v", "tag", "label"]
    df = probe.join(sj.read_parquet(d), left_on="k", right_on="dk").select(*out)
    text = io.StringIO()
    df.explain(show_all=True, file=text)
    assert "Runtime join filters = [k]" in text.getvalue()
    _check(df, sql, {"facts": facts, "dims": dims, "other": other}, ["v"])


def test_no_filter_through_the_null_extended_side(tmp_path):
    """Keys of a left join's right side may be nulls the join made up: no runtime
    filter goes below it."""
    facts = _facts(pa.int64(), 21, 10**5)
    dims = _dims(facts, 22, 300)
    f, d = _write(tmp_path, "f", facts), _write(tmp_path, "d", dims)
    left = sj.read_parquet(d).select(col("dk").alias("lk")).join(
        sj.read_parquet(f), left_on="lk", right_on="v", how="left")
    df = left.join(sj.read_parquet(d), left_on="k", right_on="dk").select("lk", "k", "v", "label")
    text = io.StringIO()
    df.explain(show_all=True, file=text)
    assert "Runtime join filters = [k]" not in text.getvalue()
    _check(df, """select a.dk as lk, k, v, b.label from dims a left join facts on a.dk = v
                  join dims b on k = b.dk""", {"facts": facts, "dims": dims}, ["v", "lk"])
