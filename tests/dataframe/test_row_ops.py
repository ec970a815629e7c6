"""offset, concat/union, explode, sample, row numbers and the partitioning no-ops,
checked against Python/DuckDB equivalents under every engine configuration."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

import skipjack as sj
from skipjack import col
from skipjack.exceptions import InvalidError

N = 1000


@pytest.fixture
def numbers() -> sj.DataFrame:
    return sj.from_pydict({"a": list(range(N)), "b": [f"s{i % 7}" for i in range(N)]})


@pytest.mark.parametrize("offset,limit", [(0, 5), (3, 4), (995, 10), (1000, 1), (10, 0)])
def test_offset_and_limit(engine_config, numbers, offset, limit):
    assert numbers.offset(offset).to_pydict()["a"] == list(range(offset, N))
    assert numbers.offset(offset).limit(limit).to_pydict()["a"] == \
        list(range(offset, min(N, offset + limit)))
    assert numbers.limit(limit).offset(offset).to_pydict()["a"] == list(range(offset, limit))
    sorted_desc = numbers.sort("a", desc=True).offset(offset).limit(limit).to_pydict()["a"]
    assert sorted_desc == list(range(N - 1, -1, -1))[offset:offset + limit]


def test_offset_rejects_negative(numbers):
    with pytest.raises(InvalidError, match="OFFSET"):
        numbers.offset(-1)


def test_concat_and_unions(engine_config, numbers):
    both = numbers.concat(numbers.where(col("a") < 10))
    assert both.to_pydict()["a"] == list(range(N)) + list(range(10))  # in input order
    assert sj.concat([numbers, numbers, numbers]).count_rows() == 3 * N
    assert numbers.union_all(numbers).count_rows() == 2 * N
    assert sorted(numbers.union(numbers).to_pydict()["a"]) == list(range(N))
    # Filters and projections go into every input.
    picked = numbers.concat(numbers).where(col("a") % 100 == 0).select("a")
    assert picked.to_pydict()["a"] == list(range(0, N, 100)) * 2


def test_concat_needs_matching_schemas(numbers):
    with pytest.raises(InvalidError, match="same schema"):
        numbers.concat(numbers.select("a"))
    with pytest.raises(ValueError, match="at least one"):
        sj.concat([])


def test_union_by_name_fills_missing_columns(engine_config):
    left = sj.from_pydict({"a": [1, 2], "b": ["x", "y"]})
    right = sj.from_pydict({"b": ["z"], "c": [3.5]})
    out = left.union_all_by_name(right).to_pydict()
    assert out == {"a": [1, 2, None], "b": ["x", "y", "z"], "c": [None, None, 3.5]}


def test_explode_matches_duckdb_unnest(engine_config):
    values = [[1, 2], [], None, [3], [4, 5, 6]] * 50
    lists = pa.table({"k": list(range(len(values))), "l": values})  # noqa: F841 (DuckDB)
    expected = duckdb.sql("""
        SELECT k, unnest(CASE WHEN l IS NULL OR len(l) = 0 THEN [NULL] ELSE l END) AS l
        FROM lists ORDER BY k""").to_arrow_table()
    actual = sj.from_arrow(lists).explode("l").to_arrow()
    assert actual.to_pydict() == expected.to_pydict()
    kept = sj.from_arrow(lists).explode("l", ignore_empty_and_null=True).to_pydict()
    assert kept["l"] == [v for row in values if row for v in row]


def test_explode_several_columns_with_index(engine_config):
    df = sj.from_pydict({"x": ["a", "b"], "l": [[1, 2], None], "m": [["p", "q"], None]})
    out = df.explode("l", "m", index_column="i").to_pydict()
    assert out == {"x": ["a", "a", "b"], "l": [1, 2, None], "m": ["p", "q", None],
                   "i": [0, 1, None]}
    bad = sj.from_pydict({"l": [[1, 2]], "m": [["p"]]})
    with pytest.raises(Exception, match="different lengths"):
        bad.explode("l", "m").to_pydict()
    with pytest.raises(sj.exceptions.DataTypeError, match="List"):
        df.explode("x")


def test_filters_on_other_columns_move_below_explode(engine_config):
    df = sj.from_pydict({"x": [1, 2, 3], "l": [[1], [2, 2], [3, 3, 3]]})
    out = df.explode("l").where((col("x") > 1) & (col("l") > 0))
    assert out.to_pydict() == {"x": [2, 2, 3, 3, 3], "l": [2, 2, 3, 3, 3]}


def test_sample(engine_config, numbers):
    big = sj.from_pydict({"a": list(range(20_000))})
    fraction = big.sample(fraction=0.25, seed=7).to_pydict()["a"]
    assert 4000 < len(fraction) < 6000
    assert fraction == sorted(set(fraction))  # a subset, in order, no repeats
    assert big.sample(fraction=0.25, seed=7).to_pydict()["a"] == fraction  # same seed
    with_replacement = big.sample(fraction=0.5, with_replacement=True, seed=1).to_pydict()["a"]
    assert 9000 < len(with_replacement) < 11000
    assert len(set(with_replacement)) < len(with_replacement)
    sized = numbers.sample(size=17, seed=3).to_pydict()["a"]
    assert len(sized) == 17 and len(set(sized)) == 17 and set(sized) <= set(range(N))
    assert numbers.sample(size=5000, seed=3).count_rows() == N
    assert len(numbers.sample(size=30, with_replacement=True, seed=3).to_pydict()["a"]) == 30
    with pytest.raises(ValueError, match="exactly one"):
        numbers.sample()


def test_row_numbers_and_monotonic_ids(engine_config, numbers):
    out = numbers.where(col("a") % 3 == 0).with_row_number("n", offset=1).to_pydict()
    assert out["n"] == list(range(1, len(out["a"]) + 1))
    ids = numbers.with_column("id", sj.functions.monotonically_increasing_id()).to_pydict()["id"]
    assert ids == list(range(N))
    assert numbers.with_row_number().limit(3).to_pydict()["row_number"] == [0, 1, 2]


def test_partitioning_calls_keep_the_data(numbers):
    with pytest.warns(UserWarning, match="no effect"):
        same = numbers.repartition(4, "b")
    assert same.count_rows() == N
    assert numbers.into_partitions(3).to_pydict() == numbers.to_pydict()
