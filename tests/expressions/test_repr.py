"""Expression reprs, as Daft prints them (strings taken from Daft 0.7.26)."""

import skipjack as sj
from skipjack import col, lit
from skipjack.functions import when


def test_reprs_match_daft():
    assert repr(col("a") * 2 + 1) == "[col(a) * lit(2)] + lit(1)"
    assert repr(lit("x")) == 'lit("x")'
    assert repr(col("a").is_in([1, 2])) == "col(a) IN (lit(1), lit(2))"
    assert repr(when(col("a") > 1, 1).otherwise(2)) == "if [col(a) > lit(1)] then [lit(1)] else [lit(2)]"
    assert repr(col("a").cast(sj.DataType.string())) == "cast(col(a) as String)"
    assert repr(col("s").lower()) == "lower(col(s))"
    assert repr(col("a").alias("z")) == "col(a) as z"
    assert repr(~(col("a") > 1)) == "not(col(a) > lit(1))"
    assert repr(col("a").between(1, 2)) == "col(a) in [lit(1),lit(2)]"
    assert repr(col("a").fill_null(1)) == "fill_null(col(a), lit(1))"
    assert repr(col("a").is_null()) == "is_null(col(a))"
    assert repr(col("a").round(2)) == "round(col(a), lit(2))"
    assert repr(col("s").contains("x")) == 'contains(col(s), lit("x"))'
    assert repr(lit(None)) == "lit(Null)"
    assert repr(lit(True)) == "lit(true)"
    assert repr(col("a") != 3) == "col(a) != lit(3)"
    assert repr(col("a") // 3) == "col(a) // lit(3)"


def test_names():
    assert (col("a") + 1).name() == "a"
    assert lit(1).name() == "literal"
    assert when(col("c"), col("x")).otherwise(col("y")).name() == "x"
    assert col("a").alias("b").name() == "b"
