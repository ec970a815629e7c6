"""Building the engine expression for a UDF call: which arguments are columns, which
are Python values passed through, and the options the engine schedules it by."""

from __future__ import annotations

import asyncio
from typing import Any

import pyarrow as pa

from skipjack._native import core
from skipjack.expressions import Expression
from skipjack.udf import devices
from skipjack.udf.execution import BATCH, DEFAULT_ASYNC_IN_FLIGHT, UdfSpec
from skipjack.udf.file_arguments import file_argument_columns
from skipjack.udf.return_type import type_hints
from skipjack.udf.runners import RunnerFactory

ON_ERROR = ("raise", "log", "ignore")


class UnnestedExpression(Expression):
    """A struct-valued UDF call whose fields become columns (``unnest=True``)."""

    __slots__ = ("_unnest_fields",)

    def __init__(self, native, fields: list[str]):
        super().__init__(native)
        self._unnest_fields = fields

    def unnested(self) -> list[Expression]:
        return [Expression(self._expr).struct_get(name) for name in self._unnest_fields]


def has_expression(args: tuple, kwargs: dict) -> bool:
    return any(isinstance(a, Expression) for a in args) or \
        any(isinstance(v, Expression) for v in kwargs.values())


def run_eagerly(fn, args: tuple, kwargs: dict) -> Any:
    """A call without any column runs now, as plain Python (Daft's behaviour)."""
    result = fn(*args, **kwargs)
    if asyncio.iscoroutine(result):
        return asyncio.run(result)
    return result


def check_options(name: str, *, gpus: float | None, cpus: float | None,
                  max_concurrency: int | None, on_error: str | None,
                  max_retries: int | None, batch_size: int | None) -> None:
    if gpus is not None:
        if gpus < 0:
            raise ValueError(f"{name}: gpus must be >= 0, got {gpus}")
        if gpus > 1 and not float(gpus).is_integer():
            raise ValueError(f"{name}: gpus above 1 must be a whole number, got {gpus}")
    if cpus is not None and cpus < 0:
        raise ValueError(f"{name}: cpus must be >= 0, got {cpus}")
    if max_concurrency is not None and max_concurrency <= 0:
        raise ValueError(f"{name}: max_concurrency must be at least 1, got {max_concurrency}")
    if on_error is not None and on_error not in ON_ERROR:
        raise ValueError(f"{name}: on_error must be one of {ON_ERROR}, got {on_error!r}")
    if max_retries is not None and max_retries < 0:
        raise ValueError(f"{name}: max_retries must be >= 0, got {max_retries}")
    if batch_size is not None and batch_size <= 0:
        raise ValueError(f"{name}: batch_size must be at least 1, got {batch_size}")


def udf_expression(*, name: str, kind: str, return_type: pa.DataType, args: tuple,
                   kwargs: dict, fn=None, cls=None, init_args=(), init_kwargs=None,
                   method=None, unnest: bool = False, cpus: float | None = None,
                   gpus: float | None = None, use_process: bool | None = None,
                   max_concurrency: int | None = None, batch_size: int | None = None,
                   max_retries: int | None = None, on_error: str | None = None,
                   batch_is_async: bool = False, is_async: bool = False) -> Expression:
    layout, kw_layout, columns = [], {}, []
    for value in args:
        if isinstance(value, Expression):
            layout.append(("col", len(columns)))
            columns.append(value)
        else:
            layout.append(("const", value))
    for key, value in kwargs.items():
        if isinstance(value, Expression):
            kw_layout[key] = ("col", len(columns))
            columns.append(value)
        else:
            kw_layout[key] = ("const", value)
    if unnest and not pa.types.is_struct(return_type):
        raise ValueError(f"Function {name}: unnest=True needs a struct return_dtype "
                         f"(DataType.struct(...)), got {return_type}")
    gpus = gpus or 0
    visible = devices.visible_gpus() if gpus > 0 else []
    if use_process is None:
        # Only a worker process can be given its own GPU.
        use_process = gpus > 0 and bool(visible)
    instances = max_concurrency
    if is_async:
        instances = None
    elif instances is None:
        instances = devices.instances_for_gpus(gpus, visible)
    target = fn if fn is not None else getattr(cls, method or "__call__", None)
    file_columns = frozenset() if target is None or kind == BATCH else file_argument_columns(
        target, type_hints(target), layout, kw_layout, bound_method=fn is None)
    spec = UdfSpec(
        name=name, kind=kind, return_type=return_type, fn=fn, cls=cls,
        init_args=tuple(init_args), init_kwargs=dict(init_kwargs or {}), method=method,
        layout=layout, kw_layout=kw_layout,
        arg_names=[c._expr.output_name() for c in columns],
        max_retries=max_retries or 0, on_error=on_error or "raise",
        async_in_flight=(max_concurrency or DEFAULT_ASYNC_IN_FLIGHT) if is_async
        else DEFAULT_ASYNC_IN_FLIGHT,
        batch_is_async=batch_is_async, file_columns=file_columns)
    options = {"generator": kind == "generator", "batch_size": batch_size if kind == BATCH else None,
               "max_concurrency": instances, "use_process": bool(use_process),
               "is_async": is_async, "row_wise": kind != BATCH, "cpus": cpus,
               "gpus": float(gpus)}
    native = core.udf(RunnerFactory(spec, bool(use_process), gpus), name, return_type,
                      [c._expr for c in columns], options)
    if unnest:
        return UnnestedExpression(native, [f.name for f in return_type])
    return Expression(native)


def qualified_name(fn) -> str:
    module = getattr(fn, "__module__", None) or ""
    qualname = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", "udf")
    return f"{module}.{qualname}" if module and module != "__main__" else qualname


__all__ = ["UnnestedExpression", "udf_expression", "qualified_name"]
