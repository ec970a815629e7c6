"""regexp() with patterns that are literal text joined by ".*" ("special.*requests")
runs an ordered substring search instead of RE2; it must agree with RE2 (Arrow's
match_substring_regex) on every text: newlines ('.' does not cross them), multibyte
characters, empty pieces, repeated pieces, nulls and both string widths."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st

import skipjack as sj
from skipjack import col

ALPHABET = ["a", "b", "ab", "\n", "é", "€", " "]
texts = st.lists(st.one_of(st.none(), st.lists(st.sampled_from(ALPHABET), max_size=12).map("".join)),
                 min_size=1, max_size=30)
pieces = st.lists(st.lists(st.sampled_from(["a", "b", "é", "€", " "]), max_size=3).map("".join),
                  min_size=1, max_size=4)


def _check(values: list, pattern: str, string_type=pa.string()) -> None:
    array = pa.array(values, string_type)
    expected = pc.match_substring_regex(array, pattern).to_pylist()
    got = sj.from_arrow(pa.table({"s": array})).select(col("s").regexp(pattern).alias("m")).to_pydict()["m"]
    assert got == expected, (values, pattern)


@given(texts, pieces)
def test_chains_agree_with_re2(values, chain):
    _check(values, ".*".join(chain))


@pytest.mark.parametrize("pattern", ["", ".*", "a", "a.*", ".*a", "a.*b", "a.*.*b", "ab.*ab",
                                     "é.*€", "special.*requests", "b.*a.*b"])
@pytest.mark.parametrize("string_type", [pa.string(), pa.large_string()])
def test_fixed_patterns(pattern, string_type):
    values = ["", "a", "b", "ab", "ba", "a\nb", "b\na\nb", "aab", "é x €", "€é",
              "the special requests", "special\nrequests", "requests special", None,
              "x special y requests z", "ab\nab"]
    _check(values, pattern, string_type)


def test_patterns_with_other_syntax_still_use_re2():
    values = ["a.b", "axb", "a*b", "aab", None]
    _check(values, r"a\.b")
    _check(values, "a.b")
    _check(values, "a*b")
    _check(values, "^a.*b$")
