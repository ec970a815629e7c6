"""@cls and @method: lazy __init__ once per worker instance, every method form, options
inherited from the class and overridden per method, errors and retries."""

from __future__ import annotations

import asyncio
import itertools
import pickle
from typing import Iterator

import pytest

import skipjack as sj
from skipjack import DataType, Series, col
from skipjack.exceptions import UDFException

INITS: list[tuple] = []


@sj.cls
class Counter:
    def __init__(self, start: int, step: int = 1):
        INITS.append((start, step))
        self.start, self.step = start, step
        self.calls = itertools.count()

    def __call__(self, x: int) -> int:
        return self.start + self.step * x

    @sj.method
    def label(self, x: int) -> str:
        return f"{self.start}-{x}"

    @sj.method.batch(return_dtype=DataType.int64())
    def total(self, xs: Series, ys: Series) -> list:
        return [a + b + self.start for a, b in zip(xs.to_pylist(), ys.to_pylist())]

    @sj.method
    async def later(self, x: int) -> int:
        await asyncio.sleep(0)
        return x + self.start

    @sj.method
    def spread(self, x: int) -> Iterator[int]:
        yield from range(self.start, self.start + x)

    def plain(self, x: int) -> float:  # undecorated methods work too
        return x / 2


@pytest.fixture(autouse=True)
def _reset_inits():
    INITS.clear()


def test_construction_does_not_run_init():
    Counter(10)
    assert INITS == []


def test_init_runs_once_per_worker_instance(engine_config):
    counter = Counter(10, step=2)
    df = sj.from_pydict({"x": list(range(100))})
    out = df.select(counter(col("x"))).to_pydict()
    assert out == {"x": [10 + 2 * x for x in range(100)]}
    # one instance per worker slot at most (Daft: one per CPU), each built once
    assert 1 <= len(INITS) <= engine_config.num_threads
    assert set(INITS) == {(10, 2)}


def test_every_method_form(engine_config):
    counter = Counter(5)
    df = sj.from_pydict({"x": [0, 1, 2], "y": [10, 20, 30]})
    out = df.select(counter.label(col("x")).alias("label"),
                    counter.total(col("x"), col("y")).alias("total"),
                    counter.later(col("x")).alias("later"),
                    counter.plain(col("x")).alias("plain")).to_pydict()
    assert out == {"label": ["5-0", "5-1", "5-2"], "total": [15, 26, 37],
                   "later": [5, 6, 7], "plain": [0.0, 0.5, 1.0]}
    spread = df.select("y", counter.spread(col("x"))).to_pydict()
    assert spread == {"y": [10, 20, 30, 30], "x": [None, 5, 5, 6]}


def test_eager_calls_build_one_local_instance():
    counter = Counter(1)
    assert counter(2) == 3 and counter.label(4) == "1-4" and counter.later(1) == 2
    assert INITS == [(1, 1)]


def test_instance_pickles_without_local_object():
    counter = Counter(3)
    counter(1)
    copy = pickle.loads(pickle.dumps(counter))
    assert copy._local is None and copy._init_args == (3,) and copy(1) == 4


def test_max_concurrency_bounds_instances():
    @sj.cls(max_concurrency=1)
    class One:
        def __init__(self):
            INITS.append(("one",))

        def __call__(self, x: int) -> int:
            return x

    with sj.execution_config_ctx(num_threads=2, morsel_max_rows=5, progress_bar=False):
        df = sj.from_pydict({"x": list(range(50))})
        assert df.select(One()(col("x"))).to_pydict() == {"x": list(range(50))}
    assert INITS == [("one",)]


def test_non_methods_are_rejected():
    @sj.cls
    class WithStatic:
        value = 3

        @staticmethod
        def helper(x: int) -> int:
            return x

    instance = WithStatic()
    with pytest.raises(AttributeError):
        instance.helper(col("x"))
    with pytest.raises(AttributeError):
        instance.value(col("x"))


def test_method_options_override_class_options():
    attempts = []

    @sj.cls(on_error="raise", max_retries=0)
    class Flaky:
        def __init__(self):
            pass

        @sj.method(on_error="ignore")
        def ignored(self, x: int) -> int:
            raise ValueError("always")

        @sj.method(max_retries=2)
        def retried(self, x: int) -> int:
            attempts.append(x)
            if attempts.count(x) < 3:
                raise ConnectionError("try again")
            return x * 10

        def raising(self, x: int) -> int:
            raise KeyError(f"bad {x}")

    flaky = Flaky()
    df = sj.from_pydict({"x": [1, 2]})
    assert df.select(flaky.ignored(col("x"))).to_pydict() == {"x": [None, None]}
    assert df.select(flaky.retried(col("x"))).to_pydict() == {"x": [10, 20]}
    assert attempts.count(1) == 3 and attempts.count(2) == 3
    with pytest.raises(UDFException) as info:
        df.select(flaky.raising(col("x"))).to_pydict()
    message = str(info.value)
    assert "Flaky.raising" in message and "x: 1 (int)" in message and "bad 1" in message
    assert isinstance(info.value.__cause__, KeyError)
    assert any(frame.name == "raising" for frame in _frames(info.value.__cause__))


def _frames(error: BaseException):
    import traceback

    return traceback.extract_tb(error.__traceback__)


def test_on_error_log_writes_the_failure(caplog):
    @sj.func(on_error="log")
    def fragile(x: int) -> int:
        if x == 2:
            raise RuntimeError("two is bad")
        return x

    df = sj.from_pydict({"x": [1, 2, 3]})
    with caplog.at_level("WARNING", logger="skipjack.udf"):
        assert df.select(fragile(col("x"))).to_pydict() == {"x": [1, None, 3]}
    assert "two is bad" in caplog.text and "fragile" in caplog.text


def test_retries_give_up_and_raise():
    calls = []

    @sj.func(max_retries=1)
    def never(x: int) -> int:
        calls.append(x)
        raise TimeoutError("down")

    df = sj.from_pydict({"x": [7]})
    with pytest.raises(UDFException, match="down"):
        df.select(never(col("x"))).to_pydict()
    assert calls == [7, 7]


def test_invalid_options_are_rejected():
    with pytest.raises(ValueError, match="on_error"):
        sj.func(lambda x: x, return_dtype=DataType.int64(), on_error="skip")
    with pytest.raises(ValueError, match="gpus"):
        sj.cls(gpus=1.5)(Counter.__wrapped__)
    with pytest.raises(ValueError, match="max_concurrency"):
        sj.cls(max_concurrency=0)(Counter.__wrapped__)
