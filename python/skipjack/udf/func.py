"""@func: Python functions as column expressions (Daft's ``@daft.func``).

    @sj.func
    def tokenize(text: str) -> list[str]: ...          # row-wise, type from the hint

    @sj.func(max_concurrency=8)
    async def fetch(url: str) -> str: ...              # many rows in flight

    @sj.func
    def words(text: str) -> Iterator[str]: ...         # generator: a row per value

    @sj.func.batch(return_dtype=sj.DataType.int64())
    def add(a: Series, b: Series) -> Series: ...       # whole batches as Series
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

from skipjack.udf.execution import ASYNC, BATCH, GENERATOR, ROW
from skipjack.udf.expression import (
    check_options,
    has_expression,
    qualified_name,
    run_eagerly,
    udf_expression,
)
from skipjack.udf.return_type import infer_return_type


def function_kind(fn: Callable, batch: bool, name: str) -> str:
    if batch:
        return BATCH
    is_async = inspect.iscoroutinefunction(fn)
    is_generator = inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn)
    if is_async and is_generator or inspect.isasyncgenfunction(fn):
        raise ValueError(f"Function {name} is both async and a generator, which is not "
                         f"supported; make it one or the other")
    if is_async:
        return ASYNC
    return GENERATOR if is_generator else ROW


class Func:
    """A Python function usable on columns. Calling it with any Expression argument
    gives an Expression; calling it with plain values runs it now."""

    def __init__(self, fn: Callable, *, return_dtype: Any = None, unnest: bool = False,
                 cpus: float | None = None, gpus: float | None = None,
                 use_process: bool | None = None, max_concurrency: int | None = None,
                 max_retries: int | None = None, on_error: str | None = None,
                 batch: bool = False, batch_size: int | None = None,
                 ray_options: dict | None = None):
        name = qualified_name(fn)
        check_options(name, gpus=gpus, cpus=cpus, max_concurrency=max_concurrency,
                      on_error=on_error, max_retries=max_retries, batch_size=batch_size)
        self._kind = function_kind(fn, batch, name)
        if max_concurrency is not None and self._kind in (ROW, GENERATOR):
            raise ValueError(f"Function {name}: max_concurrency applies to async and batch "
                             f"functions only (a @func runs in every worker already)")
        if batch_size is not None and not batch:
            raise ValueError(f"Function {name}: batch_size applies to @func.batch functions only")
        if batch and return_dtype is None:
            raise ValueError(f"Batch function {name} needs return_dtype=")
        self._fn = fn
        self._name = name
        self._return_type = infer_return_type(fn, return_dtype, name)
        self._options = dict(unnest=unnest, cpus=cpus, gpus=gpus, use_process=use_process,
                             max_concurrency=max_concurrency, max_retries=max_retries,
                             on_error=on_error, batch_size=batch_size)
        self._ray_options = dict(ray_options or {})
        functools.update_wrapper(self, fn)

    def __call__(self, *args: Any, **kwargs: Any):
        if not has_expression(args, kwargs):
            return run_eagerly(self._fn, args, kwargs)
        return udf_expression(
            name=self._name, kind=self._kind, return_type=self._return_type, args=args,
            kwargs=kwargs, fn=self._fn, is_async=self._kind == ASYNC,
            batch_is_async=self._kind == BATCH and inspect.iscoroutinefunction(self._fn),
            **self._options)

    def with_concurrency(self, max_concurrency: int) -> Func:
        return self._copy(max_concurrency=max_concurrency)

    def with_ray_options(self, **options: Any) -> Func:
        return self._copy(ray_options={**self._ray_options, **options})

    def _copy(self, **changes: Any) -> Func:
        options = {**self._options, "ray_options": self._ray_options, **changes}
        options.pop("return_dtype", None)
        copy = Func.__new__(Func)
        copy.__dict__.update(self.__dict__)
        copy._options = {k: v for k, v in options.items() if k != "ray_options"}
        copy._ray_options = options.get("ray_options", {})
        return copy

    def __repr__(self) -> str:
        return f"Func({self._name})"


class _FuncDecorator:
    """``func`` works as ``@func``, ``@func(...)``, ``func(fn, ...)`` and ``@func.batch(...)``."""

    def __call__(self, fn: Callable | None = None, **options: Any):
        if fn is None:
            return lambda f: Func(f, **options)
        return Func(fn, **options)

    def batch(self, fn: Callable | None = None, *, return_dtype: Any = None, **options: Any):
        if fn is None:
            return lambda f: Func(f, return_dtype=return_dtype, batch=True, **options)
        return Func(fn, return_dtype=return_dtype, batch=True, **options)


func = _FuncDecorator()
