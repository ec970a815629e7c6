"""@func in all its forms (row-wise, async, generator, batch) and the legacy @udf, run
under every engine configuration, checked against plain Python on the same values."""

from __future__ import annotations

import asyncio
import threading
from typing import Iterator, Optional, TypedDict

import pyarrow as pa
import pytest

import skipjack as sj
from skipjack import DataType, Series, col


@sj.func
def plus_one(x: int) -> int:
    return None if x is None else x + 1


@sj.func
def describe(name: str, age: Optional[int], suffix: str = "!") -> str:
    return f"{name}:{age}{suffix}"


def test_row_wise_matches_python(engine_config):
    values = list(range(50)) + [None]
    df = sj.from_pydict({"x": values})
    out = df.select(plus_one(col("x"))).to_pydict()
    assert out == {"x": [None if v is None else v + 1 for v in values]}


def test_output_named_after_first_column_and_constants_pass_through(engine_config):
    df = sj.from_pydict({"name": ["a", "b", None], "age": [1, None, 3]})
    out = df.select(describe(col("name"), col("age"), suffix="?"), "age").to_pydict()
    assert out == {"name": ["a:1?", "b:None?", "None:3?"], "age": [1, None, 3]}
    out = df.select(describe(col("name"), col("age")).alias("d")).to_pydict()
    assert out["d"] == ["a:1!", "b:None!", "None:3!"]


def test_eager_call_without_columns_runs_python():
    assert plus_one(41) == 42
    assert describe("x", 1) == "x:1!"


class Point(TypedDict):
    x: int
    label: str


def test_return_types_from_hints_and_explicit():
    @sj.func
    def point(v: int) -> Point:
        return {"x": v, "label": str(v)}

    @sj.func
    def pieces(v: int) -> list[str]:
        return [str(v)] * v

    @sj.func(return_dtype=DataType.float32())
    def half(v):
        return v / 2

    @sj.func
    def maybe(v: int) -> int | None:
        return None if v % 2 else v

    df = sj.from_pydict({"v": [1, 2]})
    out = df.select(point(col("v")).alias("p"), pieces(col("v")).alias("l"),
                    half(col("v")).alias("h"), maybe(col("v")).alias("m"))
    schema = out.schema()
    assert schema["p"].dtype == DataType.struct({"x": DataType.int64(), "label": DataType.string()})
    assert schema["l"].dtype == DataType.list(DataType.string())
    assert schema["h"].dtype == DataType.float32()
    assert schema["m"].dtype == DataType.int64()
    assert out.to_pydict() == {"p": [{"x": 1, "label": "1"}, {"x": 2, "label": "2"}],
                               "l": [["1"], ["2", "2"]], "h": [0.5, 1.0], "m": [None, 2]}


def test_missing_return_type_is_an_error():
    with pytest.raises(ValueError, match="return type hint or the `return_dtype`"):
        @sj.func
        def untyped(x):
            return x


def test_unnest_struct_result(engine_config):
    @sj.func(return_dtype=DataType.struct({"lo": DataType.int64(), "hi": DataType.int64()}),
             unnest=True)
    def bounds(v: int):
        return {"lo": v - 1, "hi": v + 1}

    df = sj.from_pydict({"v": [1, 5]})
    assert df.select("v", bounds(col("v"))).to_pydict() == {"v": [1, 5], "lo": [0, 4], "hi": [2, 6]}
    with pytest.raises(ValueError, match="struct"):
        sj.func(lambda v: v, return_dtype=DataType.int64(), unnest=True)(col("v"))


def test_udf_in_filter_and_nested_calls(engine_config):
    df = sj.from_pydict({"x": list(range(20))})
    out = df.where(plus_one(col("x")) % 3 == 0).select(plus_one(plus_one(col("x"))) * 10)
    assert out.to_pydict()["x"] == [(x + 2) * 10 for x in range(20) if (x + 1) % 3 == 0]


def test_udf_as_sort_key_and_aggregation_input(engine_config):
    df = sj.from_pydict({"x": [3, 1, 2], "g": ["a", "b", "a"]})
    assert df.sort(plus_one(col("x")), desc=True).to_pydict()["x"] == [3, 2, 1]
    out = df.groupby("g").agg(plus_one(col("x")).sum().alias("s")).sort("g").to_pydict()
    assert out == {"g": ["a", "b"], "s": [7, 2]}


def test_explain_shows_udf_project():
    df = sj.from_pydict({"x": [1]}).select(plus_one(col("x")).alias("y"))
    text = _explain(df)
    assert "UDFProject" in text and "plus_one(col(x))" in text


def _explain(df) -> str:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        df.explain(show_all=True)
    return buffer.getvalue()


# -- generators --------------------------------------------------------------------------

@sj.func
def repeat(value: str, times: int) -> Iterator[str]:
    for _ in range(times or 0):
        yield value


def test_generator_repeats_other_columns_and_empty_gives_null(engine_config):
    df = sj.from_pydict({"id": [0, 1, 2], "v": ["a", "b", "c"], "n": [0, 2, 4]})
    out = df.select("id", repeat(col("v"), col("n"))).to_pydict()
    assert out == {"id": [0, 1, 1, 2, 2, 2, 2], "v": [None, "b", "b", "c", "c", "c", "c"]}


def test_generator_with_limit_and_filter(engine_config):
    df = sj.from_pydict({"v": ["x", "y"], "n": [3, 3]})
    out = df.select(repeat(col("v"), col("n")).alias("r")).where(col("r") == "y").limit(2)
    assert out.to_pydict() == {"r": ["y", "y"]}


def test_generator_hint_must_be_iterator():
    with pytest.raises(ValueError, match="Iterator"):
        @sj.func
        def bad(v: int) -> int:
            yield v


# -- async -------------------------------------------------------------------------------

def test_async_runs_concurrently_within_bound(engine_config):
    state = {"now": 0, "peak": 0}
    lock = threading.Lock()

    @sj.func(max_concurrency=3)
    async def slow_double(x: int) -> int:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        await asyncio.sleep(0.01)
        with lock:
            state["now"] -= 1
        return x * 2

    df = sj.from_pydict({"x": list(range(30))})
    assert df.select(slow_double(col("x"))).to_pydict() == {"x": [2 * x for x in range(30)]}
    assert 1 < state["peak"] <= 3


def test_max_concurrency_on_sync_function_is_rejected():
    with pytest.raises(ValueError, match="max_concurrency"):
        sj.func(lambda x: x, return_dtype=DataType.int64(), max_concurrency=2)


# -- batch -------------------------------------------------------------------------------

def test_batch_function_gets_series_and_batch_size(engine_config):
    sizes = []

    @sj.func.batch(return_dtype=DataType.int64(), batch_size=4)
    def add(a: Series, b: Series, offset: int):
        assert isinstance(a, Series) and a.name() == "a" and b.name() == "b"
        sizes.append(len(a))
        return pa.compute.add(pa.compute.add(a.to_arrow(), b.to_arrow()), offset)

    df = sj.from_pydict({"a": list(range(10)), "b": list(range(10))})
    assert df.select(add(col("a"), col("b"), 100)).to_pydict() == {"a": [100 + 2 * i for i in range(10)]}
    assert sizes and max(sizes) <= 4 and sum(sizes) == 10


@pytest.mark.parametrize("kind", ["list", "numpy", "series", "arrow", "chunked"])
def test_batch_function_return_kinds(kind):
    import numpy as np

    @sj.func.batch(return_dtype=DataType.float64())
    def half(a: Series):
        values = [v / 2 for v in a.to_pylist()]
        return {"list": values, "numpy": np.array(values),
                "series": Series.from_pylist(values), "arrow": pa.array(values),
                "chunked": pa.chunked_array([values[:1], values[1:]])}[kind]

    df = sj.from_pydict({"a": [1, 2, 3]})
    assert df.select(half(col("a"))).to_pydict() == {"a": [0.5, 1.0, 1.5]}


def test_batch_function_with_only_literal_gets_full_length_series():
    @sj.func.batch(return_dtype=DataType.int64())
    def lengths(s: Series):
        return [len(s)] * len(s)

    df = sj.from_pydict({"a": [1, 2, 3]})
    assert df.select(lengths(sj.lit(7)).alias("n")).to_pydict() == {"n": [3, 3, 3]}


def test_batch_function_wrong_length_is_a_clear_error():
    @sj.func.batch(return_dtype=DataType.int64())
    def short(s: Series):
        return [1]

    df = sj.from_pydict({"a": [1, 2, 3]})
    with pytest.raises(Exception, match="short.*returned 1 values for a batch of 3 rows"):
        df.select(short(col("a"))).to_pydict()


def test_batch_function_needs_return_dtype():
    with pytest.raises(ValueError, match="return_dtype"):
        sj.func.batch(lambda s: s)


# -- legacy @udf -------------------------------------------------------------------------

def test_legacy_function_and_class(engine_config):
    @sj.udf(return_dtype=DataType.string())
    def shout(s, suffix):
        return [None if v is None else v.upper() + suffix for v in s.to_pylist()]

    inits = []

    @sj.udf(return_dtype=DataType.int64())
    class Scale:
        def __init__(self, factor=2):
            inits.append(factor)
            self.factor = factor

        def __call__(self, values):
            return [v * self.factor for v in values.to_pylist()]

    df = sj.from_pydict({"s": ["a", None], "v": [1, 2]})
    assert df.select(shout(col("s"), "!")).to_pydict() == {"s": ["A!", None]}
    assert df.select(Scale(col("v"))).to_pydict() == {"v": [2, 4]}
    assert df.select(Scale.with_init_args(factor=5)(col("v"))).to_pydict() == {"v": [5, 10]}
    assert 1 <= inits.count(2) <= engine_config.num_threads and 5 in inits


def test_legacy_options_are_copies():
    @sj.udf(return_dtype=DataType.int64(), batch_size=10)
    def ident(s):
        return s

    other = ident.override_options(batch_size=2).with_concurrency(3).run_on_process(False)
    assert other is not ident and ident._batch_size == 10 and other._batch_size == 2
    df = sj.from_pydict({"a": [1, 2, 3]})
    assert df.select(other(col("a"))).to_pydict() == {"a": [1, 2, 3]}


def test_expression_apply():
    df = sj.from_pydict({"a": [1, 2, None]})
    out = df.select(col("a").apply(lambda v: -1 if v is None else v * 3, DataType.int64()))
    assert out.to_pydict() == {"a": [3, 6, -1]}


def test_series_round_trip():
    s = Series.from_pylist([1, None, 3], name="n")
    assert s.to_pylist() == [1, None, 3] and s.name() == "n" and len(s) == 3
    assert s.datatype() == DataType.int64()
    assert Series.from_arrow(s.to_arrow(), name="m").to_pylist() == [1, None, 3]
    assert s.rename("z").name() == "z" and s[2] == 3 and s[0:1].to_pylist() == [1]
    assert Series.from_pylist(["a"]).datatype() == DataType.string()
