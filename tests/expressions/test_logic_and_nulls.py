"""Comparisons, Kleene logic, null handling, is_in, between and when/otherwise, checked
against pyarrow.compute (which implements SQL semantics) and hand-derived truth tables."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import skipjack as sj
from skipjack import col, lit
from skipjack.functions import when

TRUTH = pa.table({"p": [True, True, True, False, False, False, None, None, None],
                  "q": [True, False, None, True, False, None, True, False, None]})


def test_and_or_xor_not_are_kleene(engine_config):
    df = sj.from_arrow(TRUTH).select((col("p") & col("q")).alias("and"),
                                     (col("p") | col("q")).alias("or"),
                                     (col("p") ^ col("q")).alias("xor"), (~col("p")).alias("not"))
    out = df.to_pydict()
    assert out["and"] == pc.and_kleene(TRUTH["p"], TRUTH["q"]).to_pylist()
    assert out["or"] == pc.or_kleene(TRUTH["p"], TRUTH["q"]).to_pylist()
    assert out["xor"] == pc.xor(TRUTH["p"], TRUTH["q"]).to_pylist()
    assert out["not"] == pc.invert(TRUTH["p"]).to_pylist()


@pytest.mark.parametrize("op,kernel", [
    ("__eq__", pc.equal), ("__ne__", pc.not_equal), ("__lt__", pc.less),
    ("__le__", pc.less_equal), ("__gt__", pc.greater), ("__ge__", pc.greater_equal)])
def test_comparisons_match_pyarrow(engine_config, op, kernel):
    t = pa.table({"a": [1, 5, None, 3, 3], "b": [2.0, 5.0, 1.0, None, 2.5],
                  "s": ["a", "b", None, "c", "b"], "u": ["b", "b", "x", None, "a"]})
    df = sj.from_arrow(t)
    out = df.select(getattr(col("a"), op)(col("b")).alias("n"),
                    getattr(col("s"), op)(col("u")).alias("t"),
                    getattr(col("a"), op)(3).alias("lit")).to_pydict()
    assert out["n"] == kernel(pc.cast(t["a"], pa.float64()), t["b"]).to_pylist()
    assert out["t"] == kernel(t["s"], t["u"]).to_pylist()
    assert out["lit"] == kernel(t["a"], 3).to_pylist()


def test_is_in_uses_sql_null_semantics(engine_config):
    df = sj.from_pydict({"a": [1, 2, None, -7, 5]})
    out = df.select(col("a").is_in([1, 5]).alias("plain"),
                    col("a").is_in([1, 5, None]).alias("with_null"),
                    col("a").is_in([1.0, 2.5]).alias("floats")).to_pydict()
    assert out["plain"] == [True, False, None, False, True]
    assert out["with_null"] == [True, None, None, None, True]  # as Daft and SQL
    assert out["floats"] == [True, False, None, False, False]


def test_between_and_nulls(engine_config):
    df = sj.from_pydict({"a": [1, 2, None, -7, 5]})
    out = df.select(col("a").between(1, 4).alias("b"), col("a").is_null().alias("n"),
                    col("a").not_null().alias("nn"), col("a").fill_null(0).alias("f"),
                    col("a").fill_null(0.5).alias("ff")).to_pydict()
    assert out == {"b": [True, True, None, False, False],
                   "n": [False, False, True, False, False],
                   "nn": [True, True, False, True, True], "f": [1, 2, 0, -7, 5],
                   "ff": [1.0, 2.0, 0.5, -7.0, 5.0]}


def test_when_otherwise_chains(engine_config):
    df = sj.from_pydict({"a": [1, 2, None, -7, 5]})
    out = df.select(
        when(col("a") > 1, "big").otherwise("small").alias("two"),
        when(col("a") > 1, "big").when(col("a") < 0, "neg").alias("no_otherwise"),
        when(col("a") > 1, col("a") * 10).otherwise(0.5).alias("mixed"),
        (col("a") > 1).if_else(1, 0).alias("old_form")).to_pydict()
    assert out["two"] == ["small", "big", None, "small", "big"]
    assert out["no_otherwise"] == [None, "big", None, "neg", "big"]
    assert out["mixed"] == [0.5, 20.0, None, 0.5, 50.0]
    assert out["old_form"] == [0, 1, None, 0, 1]


def test_cast_turns_unrepresentable_values_into_null():
    df = sj.from_pydict({"s": ["1", "abc", None], "f": [1e20, 2.7, -2.7], "i": [300, 1, -1]})
    out = df.select(col("s").cast(sj.DataType.int64()), col("f").cast(sj.DataType.int32()),
                    col("i").cast(sj.DataType.uint8()), col("i").cast(sj.DataType.string()).alias("t"))
    assert out.to_pydict() == {"s": [1, None, None], "f": [None, 2, -2], "i": [None, 1, None],
                               "t": ["300", "1", "-1"]}
    assert str(out.schema()["t"].dtype) == "String"


def test_expression_in_a_python_condition_raises():
    with pytest.raises(ValueError, match="no truth value"):
        if col("a") > 1:
            pass
    with pytest.raises(ValueError, match="no truth value"):
        _ = col("a") and lit(True)


def test_null_predicates_and_null_ranges():
    df = sj.from_pydict({"a": [1, None]})
    with pytest.raises(sj.exceptions.DataTypeError, match="Filter predicate must be Bool, got Null"):
        df.where(lit(None))
    assert df.select(lit(None).between(None, None).alias("b")).to_pydict() == {"b": [None, None]}


def test_ceil_floor_keep_integers_and_casts_trim_text():
    df = sj.from_pydict({"i": [1, -2], "s": [" 2", "3 "]})
    out = df.select(col("i").ceil().alias("c"), col("i").floor().alias("f"),
                    col("s").cast(sj.DataType.int64()).alias("n"))
    assert [str(f.dtype) for f in out.schema()] == ["Int64", "Int64", "Int64"]
    assert out.to_pydict() == {"c": [1, -2], "f": [1, -2], "n": [2, 3]}
