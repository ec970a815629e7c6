"""String functions against Python's own str methods (the oracle for semantics), with
literal and column-valued patterns, nulls, and non-ASCII text."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import skipjack as sj
from skipjack import col
from skipjack import functions as F

TEXT = ["foo", "Bar", None, "é x", "hello world", "", "ÄÖÜ straße", "a,b,,c"]
PATTERNS = ["o", "B", "x", None, "world", "", "ß", ","]


def _apply(f, *columns):
    return [None if any(v is None for v in row) else f(*row) for row in zip(*columns)]


@pytest.fixture()
def df():
    return sj.from_pydict({"s": TEXT, "p": PATTERNS})


def test_case_and_length(engine_config, df):
    out = df.select(col("s").lower().alias("lower"), F.upper(col("s")).alias("upper"),
                    col("s").length().alias("len"), col("s").capitalize().alias("cap"),
                    col("s").reverse().alias("rev")).to_pydict()
    assert out["lower"] == _apply(str.lower, TEXT)
    assert out["upper"] == _apply(str.upper, TEXT)
    assert out["len"] == _apply(len, TEXT)
    assert out["rev"] == _apply(lambda s: s[::-1], TEXT)
    assert out["cap"][:2] == ["Foo", "Bar"]


def test_length_is_uint64():
    assert str(sj.from_pydict({"s": ["x"]}).select(col("s").length()).schema()["s"].dtype) == "UInt64"


@pytest.mark.parametrize("method,oracle", [
    ("contains", lambda s, p: p in s), ("startswith", str.startswith),
    ("endswith", str.endswith)])
def test_predicates_with_literal_and_column_patterns(engine_config, df, method, oracle):
    out = df.select(getattr(col("s"), method)("o").alias("lit"),
                    getattr(col("s"), method)(col("p")).alias("column")).to_pydict()
    assert out["lit"] == _apply(lambda s: oracle(s, "o"), TEXT)
    assert out["column"] == _apply(oracle, TEXT, PATTERNS)


def test_replace_and_split(engine_config, df):
    out = df.select(col("s").replace("o", "0").alias("rep"),
                    col("s").replace(col("p"), "_").alias("rep_col"),
                    col("s").split(",").alias("split"),
                    col("s").split(col("p")).alias("split_col")).to_pydict()
    assert out["rep"] == _apply(lambda s: s.replace("o", "0"), TEXT)
    assert out["rep_col"] == _apply(lambda s, p: s.replace(p, "_") if p else s, TEXT, PATTERNS)
    assert out["split"] == _apply(lambda s: s.split(","), TEXT)
    assert out["split_col"] == _apply(lambda s, p: s.split(p) if p else [s], TEXT, PATTERNS)


def test_regex_functions(df):
    out = df.select(col("s").regexp(r"^[a-z]+$").alias("m"),
                    col("s").regexp_replace(r"[aeiou]", "*").alias("r"),
                    col("s").str.split(r",+", regex=True).alias("sp")).to_pydict()
    assert out["m"] == [True, False, None, False, False, False, False, False]
    assert out["r"][0] == "f**"
    assert out["sp"][-1] == ["a", "b", "c"]


def test_concatenation_with_plus(engine_config, df):
    out = df.select((col("s") + "!").alias("bang"), ("<" + col("s")).alias("left"),
                    (col("s") + col("p")).alias("both")).to_pydict()
    assert out["bang"] == _apply(lambda s: s + "!", TEXT)
    assert out["left"] == _apply(lambda s: "<" + s, TEXT)
    assert out["both"] == _apply(lambda s, p: s + p, TEXT, PATTERNS)


def test_old_str_namespace_matches_flat_methods(df):
    old = df.select(col("s").str.upper().alias("u"), col("s").str.contains("o").alias("c"))
    new = df.select(col("s").upper().alias("u"), col("s").contains("o").alias("c"))
    assert old.to_pydict() == new.to_pydict()


@given(st.lists(st.one_of(st.none(), st.text(max_size=12)), max_size=30), st.text(max_size=3))
def test_contains_agrees_with_python(values, pattern):
    out = sj.from_arrow(pa.table({"s": pa.array(values, pa.string())})).select(
        col("s").contains(pattern).alias("c"), col("s").upper().alias("u")).to_pydict()
    assert out["c"] == _apply(lambda s: pattern in s, values)
    assert out["u"] == _apply(str.upper, values)


def test_invalid_regex_fails_when_the_plan_is_built():
    with pytest.raises(sj.exceptions.InvalidError, match=r"Invalid regular expression '\['"):
        sj.from_pydict({"s": ["a"]}).select(col("s").regexp("["))


def _slice(s, start, length):
    """Daft's substr over code points: a negative start counts from the end, a null
    length runs to the end."""
    if start < 0:
        start = max(0, len(s) + start)
    return s[start:] if length is None else s[start:start + max(0, length)]


def test_substr_left_right_with_literals_and_columns(engine_config):
    starts = [1, -3, 0, None, 2, 5, -10, 0]
    lengths = [3, None, 0, 2, None, 1, 4, -1]
    df = sj.from_pydict({"s": TEXT, "i": starts, "n": lengths})
    out = df.select(col("s").substr(1, 3).alias("a"), col("s").substr(-3).alias("b"),
                    col("s").substr(2, None).alias("c"), col("s").left(2).alias("l"),
                    col("s").right(2).alias("r"), col("s").substr(col("i"), col("n")).alias("cols"),
                    col("s").substr(0, 2).is_in(["fo", "é ", "ÄÖ"]).alias("code")).to_pydict()
    assert out["a"] == _apply(lambda s: _slice(s, 1, 3), TEXT)
    assert out["b"] == _apply(lambda s: _slice(s, -3, None), TEXT)
    assert out["c"] == _apply(lambda s: _slice(s, 2, None), TEXT)
    assert out["l"] == _apply(lambda s: s[:2], TEXT)
    assert out["r"] == _apply(lambda s: s[-2:] if len(s) >= 2 else s, TEXT)
    assert out["cols"] == [None if s is None or i is None else _slice(s, i, n)
                           for s, i, n in zip(TEXT, starts, lengths)]
    assert out["code"] == _apply(lambda s: s[:2] in ["fo", "é ", "ÄÖ"], TEXT)
