"""Arithmetic against oracles: pyarrow.compute for + - * /, Python itself for // and %
(Skipjack follows Python's floor division and modulo)."""

from __future__ import annotations

import math
import operator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import skipjack as sj
from skipjack import col, lit

RNG = np.random.default_rng(7)
N = 500


def _with_nulls(values, fraction=0.1):
    mask = RNG.random(len(values)) < fraction
    return [None if m else v for v, m in zip(values.tolist(), mask)]


@pytest.fixture(scope="module")
def table() -> pa.Table:
    return pa.table({
        "i": pa.array(_with_nulls(RNG.integers(-1000, 1000, N)), pa.int64()),
        "j": pa.array(_with_nulls(RNG.choice([-7, -3, -1, 1, 2, 5, 9], N)), pa.int64()),
        "k": pa.array(_with_nulls(RNG.integers(-100, 100, N)), pa.int32()),
        "f": pa.array(_with_nulls(RNG.normal(0, 50, N)), pa.float64()),
        "g": pa.array(_with_nulls(RNG.choice([-2.5, -0.3, 0.7, 1.5, 4.0], N)), pa.float64()),
    })


def _python(op, left, right):
    return [None if a is None or b is None else op(a, b) for a, b in zip(left, right)]


def _close(actual, expected):
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        if e is None or a is None:
            assert a is None and e is None
        elif isinstance(e, float) and math.isnan(e):
            assert math.isnan(a)
        else:
            assert a == pytest.approx(e, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("name,op,kernel", [
    ("add", operator.add, pc.add), ("sub", operator.sub, pc.subtract),
    ("mul", operator.mul, pc.multiply)])
@pytest.mark.parametrize("left,right", [("i", "j"), ("i", "k"), ("f", "g"), ("i", "f")])
def test_add_sub_mul_match_pyarrow(engine_config, table, name, op, kernel, left, right):
    df = sj.from_arrow(table).select(op(col(left), col(right)).alias("out"))
    expected = kernel(table[left], table[right]).to_pylist()
    _close(df.to_pydict()["out"], expected)


@pytest.mark.parametrize("left,right", [("i", "j"), ("f", "g"), ("k", "i")])
def test_true_division_is_floating(engine_config, table, left, right):
    df = sj.from_arrow(table).select((col(left) / col(right)).alias("out"))
    assert str(df.schema()["out"].dtype) == "Float64"
    expected = pc.divide(pc.cast(table[left], pa.float64()), pc.cast(table[right], pa.float64()))
    _close(df.to_pydict()["out"], expected.to_pylist())


@pytest.mark.parametrize("left,right", [("i", "j"), ("f", "g"), ("k", "j")])
@pytest.mark.parametrize("op", [operator.floordiv, operator.mod], ids=["floordiv", "mod"])
def test_floor_division_and_modulo_follow_python(engine_config, table, left, right, op):
    df = sj.from_arrow(table).select(op(col(left), col(right)).alias("out"))
    expected = _python(op, table[left].to_pylist(), table[right].to_pylist())
    _close(df.to_pydict()["out"], expected)


def test_integer_division_by_zero_is_null():
    df = sj.from_pydict({"x": [5, -5, None], "z": [0, 0, 0]})
    out = df.select((col("x") // col("z")).alias("q"), (col("x") % col("z")).alias("r"))
    assert out.to_pydict() == {"q": [None, None, None], "r": [None, None, None]}
    floats = sj.from_pydict({"x": [1.0, -1.0, 0.0]}).select((col("x") / 0).alias("d"))
    d = floats.to_pydict()["d"]
    assert d[0] == math.inf and d[1] == -math.inf and math.isnan(d[2])


def test_unary_minus_abs_and_round(engine_config):
    df = sj.from_pydict({"a": [1, -2, None], "f": [1.5, -2.5, 2.675]})
    out = df.select((-col("a")).alias("neg"), col("a").abs().alias("abs"),
                    col("f").round().alias("r0"), col("f").round(1).alias("r1"),
                    abs(col("f")).alias("fabs"))
    assert out.to_pydict() == {"neg": [-1, 2, None], "abs": [1, 2, None],
                               "r0": [2.0, -3.0, 3.0], "r1": [1.5, -2.5, 2.7],
                               "fabs": [1.5, 2.5, 2.675]}


def test_literals_on_either_side(engine_config):
    df = sj.from_pydict({"a": [1, 2, 3]})
    out = df.select((10 - col("a")).alias("l"), (col("a") * 2.5).alias("r"),
                    (lit(1) + col("a")).alias("lit_first"), (2 ** 0 + col("a") % 2).alias("m"))
    assert out.to_pydict() == {"l": [9, 8, 7], "r": [2.5, 5.0, 7.5], "lit_first": [2, 3, 4],
                               "m": [2, 1, 2]}


def test_bool_takes_part_as_integer():
    df = sj.from_pydict({"a": [1, 2], "b": [True, False]})
    assert df.select((col("a") + col("b")).alias("s")).to_pydict() == {"s": [2, 2]}


def test_output_is_named_after_the_left_operand():
    df = sj.from_pydict({"a": [1], "b": [2]})
    assert df.select(col("a") + col("b"), lit(1) + col("b")).column_names == ["a", "literal"]


def test_decimal_arithmetic_is_exact_and_checks_overflow():
    import decimal

    import pyarrow as pa

    D = decimal.Decimal
    p = pa.array([D("1234.56"), None, D("-10.05"), D("0.01")], pa.decimal128(15, 2))
    q = pa.array([D("0.05"), D("0.10"), None, D("99.99")], pa.decimal128(15, 2))
    df = sj.from_arrow(pa.table({"p": p, "q": q}))
    out = df.select((sj.col("p") * (1 - sj.col("q"))).alias("m"), (sj.col("p") + sj.col("q")).alias("a"),
                    (sj.col("p") - 3).alias("s"), (sj.col("p") * sj.col("p")).alias("sq")).to_pydict()

    def expect(f, x, y):
        return [None if a is None or b is None else f(a, b) for a, b in zip(x, y)]

    ps, qs = p.to_pylist(), q.to_pylist()
    assert out["m"] == expect(lambda a, b: a * (1 - b), ps, qs)
    assert out["a"] == expect(lambda a, b: a + b, ps, qs)
    assert out["s"] == [None if a is None else a - 3 for a in ps]
    assert out["sq"] == [None if a is None else a * a for a in ps]
    assert df.select((sj.col("p") / sj.col("q")).alias("r")).schema()["r"].dtype == sj.DataType.float64()
    huge = sj.from_arrow(pa.table({"h": pa.array([D("9" * 20)], pa.decimal128(20, 0))}))
    with pytest.raises(Exception, match="overflow"):
        huge.select(sj.col("h") * sj.col("h")).to_pydict()


@pytest.mark.parametrize("types", [((15, 2), (15, 2)), ((18, 3), (18, 0)), ((18, 2), (20, 4)),
                                   ((9, 9), (12, 1))])
def test_decimal_arithmetic_without_nulls_matches_python(types):
    """The null-free loops (a 64-bit multiply for narrow operands, unchecked add and
    subtract when the result type holds every result) against Python's Decimal, with the
    extreme values of each precision, negatives and a sliced input."""
    import decimal

    import numpy as np
    import pyarrow as pa

    decimal.getcontext().prec = 80
    rng = np.random.default_rng(3)
    (p1, s1), (p2, s2) = types

    def values(precision, scale, n):
        top = 10**precision - 1
        picks = [top, -top, 0, 1, -1] + [int(v) for v in rng.integers(-(10**min(precision, 18)) + 1,
                                                                        10**min(precision, 18), n - 5)]
        return [decimal.Decimal(v).scaleb(-scale) for v in picks]

    n = 300
    x = pa.array(values(p1, s1, n), pa.decimal128(p1, s1))
    y = pa.array(values(p2, s2, n)[::-1], pa.decimal128(p2, s2))
    table = pa.table({"x": x, "y": y}).slice(3, n - 3)
    out = sj.from_arrow(table).select(
        (sj.col("x") * sj.col("y")).alias("m"), (sj.col("x") + sj.col("y")).alias("a"),
        (sj.col("x") - sj.col("y")).alias("s"), (sj.col("x") - 7).alias("c"),
        (sj.col("y") * -3).alias("t")).to_pydict()
    xs, ys = table.column("x").to_pylist(), table.column("y").to_pylist()
    assert out["m"] == [a * b for a, b in zip(xs, ys)]
    assert out["a"] == [a + b for a, b in zip(xs, ys)]
    assert out["s"] == [a - b for a, b in zip(xs, ys)]
    assert out["c"] == [a - 7 for a in xs]
    assert out["t"] == [b * -3 for b in ys]
