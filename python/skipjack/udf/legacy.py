"""The legacy ``@udf(return_dtype=...)`` API (Daft's ``@daft.udf``, deprecated there but
still used by the seeds): batches of Series in, a list / numpy array / pyarrow array /
Series out. On a class, ``__init__`` runs once per worker instance and ``__call__``
once per batch."""

from __future__ import annotations

import copy
import inspect
from typing import Any, Callable

from skipjack.udf.execution import BATCH
from skipjack.udf.expression import check_options, qualified_name, udf_expression
from skipjack.udf.return_type import explicit_return_type


class UDF:
    def __init__(self, target: Callable | type, *, return_dtype: Any,
                 num_cpus: float | None = None, num_gpus: float | None = None,
                 memory_bytes: int | None = None, ray_options: dict | None = None,
                 batch_size: int | None = None, concurrency: int | None = None,
                 use_process: bool | None = None):
        self._target = target
        self._name = qualified_name(target)
        check_options(self._name, gpus=num_gpus, cpus=num_cpus, max_concurrency=concurrency,
                      on_error=None, max_retries=None, batch_size=batch_size)
        self._return_type = explicit_return_type(return_dtype)
        self._num_cpus, self._num_gpus = num_cpus, num_gpus
        self._memory_bytes, self._ray_options = memory_bytes, dict(ray_options or {})
        self._batch_size, self._concurrency, self._use_process = batch_size, concurrency, use_process
        self._init_args: tuple = ()
        self._init_kwargs: dict = {}

    @property
    def is_class(self) -> bool:
        return inspect.isclass(self._target)

    def __call__(self, *args: Any, **kwargs: Any):
        common = dict(name=self._name, kind=BATCH, return_type=self._return_type, args=args,
                      kwargs=kwargs, cpus=self._num_cpus, gpus=self._num_gpus,
                      use_process=self._use_process, max_concurrency=self._concurrency,
                      batch_size=self._batch_size)
        if self.is_class:
            return udf_expression(cls=self._target, init_args=self._init_args,
                                  init_kwargs=self._init_kwargs, method="__call__", **common)
        return udf_expression(fn=self._target, **common)

    # -- copies with other options (Daft's UDF methods) --------------------------------
    def _with(self, **changes: Any) -> UDF:
        other = copy.copy(self)
        other.__dict__.update(changes)
        return other

    def with_init_args(self, *args: Any, **kwargs: Any) -> UDF:
        if not self.is_class:
            raise ValueError(f"{self._name} is a function; with_init_args applies to class UDFs")
        return self._with(_init_args=args, _init_kwargs=kwargs)

    def with_concurrency(self, concurrency: int) -> UDF:
        check_options(self._name, gpus=None, cpus=None, max_concurrency=concurrency,
                      on_error=None, max_retries=None, batch_size=None)
        return self._with(_concurrency=concurrency)

    def run_on_process(self, use_process: bool = True) -> UDF:
        return self._with(_use_process=use_process)

    def override_options(self, *, num_cpus: float | None = None, num_gpus: float | None = None,
                         memory_bytes: int | None = None, ray_options: dict | None = None,
                         batch_size: int | None = None) -> UDF:
        changes = {}
        if num_cpus is not None:
            changes["_num_cpus"] = num_cpus
        if num_gpus is not None:
            changes["_num_gpus"] = num_gpus
        if memory_bytes is not None:
            changes["_memory_bytes"] = memory_bytes
        if ray_options is not None:
            changes["_ray_options"] = dict(ray_options)
        if batch_size is not None:
            changes["_batch_size"] = batch_size
        return self._with(**changes)

    def __repr__(self) -> str:
        return f"UDF({self._name})"


def udf(*, return_dtype: Any, num_cpus: float | None = None, num_gpus: float | None = None,
        memory_bytes: int | None = None, ray_options: dict | None = None,
        batch_size: int | None = None, concurrency: int | None = None,
        use_process: bool | None = None) -> Callable[[Callable | type], UDF]:
    def wrap(target: Callable | type) -> UDF:
        return UDF(target, return_dtype=return_dtype, num_cpus=num_cpus, num_gpus=num_gpus,
                   memory_bytes=memory_bytes, ray_options=ray_options, batch_size=batch_size,
                   concurrency=concurrency, use_process=use_process)

    return wrap
