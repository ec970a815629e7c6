"""@cls: stateful UDFs (Daft's ``@daft.cls`` and ``@daft.method``).

    @sj.cls(max_concurrency=2)
    class Model:
        def __init__(self, path: str): ...      # runs once per worker instance, lazily
        def __call__(self, text: str) -> str: ...
        @sj.method.batch(return_dtype=sj.DataType.float64())
        def score(self, texts: Series) -> list: ...

    model = Model("weights.bin")     # nothing runs yet: the arguments are kept
    df.select(model(col("text")), model.score(col("text")))
"""

from __future__ import annotations

import inspect
import threading
from typing import Any, Callable

from skipjack.udf.execution import ASYNC, BATCH
from skipjack.udf.expression import check_options, has_expression, run_eagerly, udf_expression
from skipjack.udf.func import function_kind
from skipjack.udf.return_type import infer_return_type

_METHOD_TAG = "_skipjack_method"


class _MethodDecorator:
    """``@method``, ``@method(return_dtype=..., unnest=..., max_retries=..., on_error=...)``
    and ``@method.batch(...)``: tags a method of a @cls class with its options."""

    def __call__(self, fn: Callable | None = None, *, return_dtype: Any = None,
                 unnest: bool = False, max_retries: int | None = None,
                 on_error: str | None = None):
        options = dict(return_dtype=return_dtype, unnest=unnest, max_retries=max_retries,
                       on_error=on_error, batch=False, batch_size=None)
        return _tag(fn, options)

    def batch(self, fn: Callable | None = None, *, return_dtype: Any = None,
              unnest: bool = False, batch_size: int | None = None,
              max_retries: int | None = None, on_error: str | None = None):
        options = dict(return_dtype=return_dtype, unnest=unnest, max_retries=max_retries,
                       on_error=on_error, batch=True, batch_size=batch_size)
        return _tag(fn, options)


def _tag(fn: Callable | None, options: dict):
    def apply(f: Callable) -> Callable:
        setattr(f, _METHOD_TAG, options)
        return f

    return apply if fn is None else apply(fn)


method = _MethodDecorator()


class _ClassOptions:
    def __init__(self, cls: type, *, cpus=None, gpus=None, use_process=None,
                 max_concurrency=None, max_retries=None, on_error=None, name_override=None,
                 ray_options=None):
        self.name = name_override or f"{cls.__module__}.{cls.__qualname__}"
        check_options(self.name, gpus=gpus, cpus=cpus, max_concurrency=max_concurrency,
                      on_error=on_error, max_retries=max_retries, batch_size=None)
        self.cpus, self.gpus, self.use_process = cpus, gpus, use_process
        self.max_concurrency, self.max_retries, self.on_error = max_concurrency, max_retries, on_error
        self.ray_options = dict(ray_options or {})


class BoundMethod:
    """A method of a @cls instance, usable on columns."""

    def __init__(self, owner: ClsInstance, name: str, fn: Callable):
        self._owner, self._method, self._fn = owner, name, fn
        tag = getattr(fn, _METHOD_TAG, {})
        options = owner._options
        self._qualified = f"{options.name}.{name}" if name != "__call__" else options.name
        self._kind = function_kind(fn, tag.get("batch", False), self._qualified)
        if self._kind == BATCH and tag.get("return_dtype") is None:
            raise ValueError(f"Batch method {self._qualified} needs return_dtype=")
        self._return_type = infer_return_type(fn, tag.get("return_dtype"), self._qualified)
        self._tag = tag

    def __call__(self, *args: Any, **kwargs: Any):
        owner, options, tag = self._owner, self._owner._options, self._tag
        if not has_expression(args, kwargs):
            return run_eagerly(getattr(owner._local_instance(), self._method), args, kwargs)
        retries = tag.get("max_retries")
        on_error = tag.get("on_error")
        return udf_expression(
            name=self._qualified, kind=self._kind, return_type=self._return_type, args=args,
            kwargs=kwargs, cls=owner._cls, init_args=owner._init_args,
            init_kwargs=owner._init_kwargs, method=self._method,
            unnest=tag.get("unnest", False), cpus=options.cpus, gpus=options.gpus,
            use_process=options.use_process, max_concurrency=options.max_concurrency,
            batch_size=tag.get("batch_size"),
            max_retries=options.max_retries if retries is None else retries,
            on_error=options.on_error if on_error is None else on_error,
            is_async=self._kind == ASYNC,
            batch_is_async=self._kind == BATCH and inspect.iscoroutinefunction(self._fn))


class ClsInstance:
    """``MyClass(args)`` of a @cls class: the arguments, kept for each worker's
    ``__init__``. Methods are reached as attributes."""

    def __init__(self, cls: type, options: _ClassOptions, args: tuple, kwargs: dict,
                 constructor: Callable | None = None):
        self._cls, self._options, self._constructor = cls, options, constructor
        self._init_args, self._init_kwargs = args, kwargs
        self._local = None
        self._local_lock = threading.Lock()

    def _local_instance(self):
        """The object eager calls use, built on the first one."""
        with self._local_lock:
            if self._local is None:
                self._local = self._cls(*self._init_args, **self._init_kwargs)
            return self._local

    def __getattr__(self, name: str) -> BoundMethod:
        if name.startswith("__") and name != "__call__":
            raise AttributeError(name)
        attribute = inspect.getattr_static(self._cls, name, None)
        if attribute is None:
            raise AttributeError(f"{self._cls.__name__} has no method {name!r}")
        if isinstance(attribute, (classmethod, staticmethod)) or not callable(attribute):
            raise AttributeError(f"{self._cls.__name__}.{name} is not a method; only methods "
                                 f"can be called on columns")
        return BoundMethod(self, name, attribute)

    def __call__(self, *args: Any, **kwargs: Any):
        return self.__getattr__("__call__")(*args, **kwargs)

    def __reduce__(self):
        # Rebuilt from the decorated class (found by name) and the arguments; the local
        # object stays here.
        return (_construct, (self._constructor, self._init_args, self._init_kwargs))


def _construct(constructor: Callable, args: tuple, kwargs: dict) -> ClsInstance:
    return constructor(*args, **kwargs)


def cls(class_: type | None = None, *, cpus: float | None = None, gpus: float | None = None,
        use_process: bool | None = None, max_concurrency: int | None = None,
        max_retries: int | None = None, on_error: str | None = None,
        name_override: str | None = None, ray_options: dict | None = None):
    """Makes a class a stateful UDF: ``__init__`` runs lazily, once per worker instance."""

    def wrap(user_cls: type):
        options = _ClassOptions(user_cls, cpus=cpus, gpus=gpus, use_process=use_process,
                                max_concurrency=max_concurrency, max_retries=max_retries,
                                on_error=on_error, name_override=name_override,
                                ray_options=ray_options)

        def construct(*args: Any, **kwargs: Any) -> ClsInstance:
            return ClsInstance(user_cls, options, args, kwargs, construct)

        construct.__module__ = user_cls.__module__
        construct.__name__ = user_cls.__name__
        construct.__qualname__ = user_cls.__qualname__
        construct.__doc__ = user_cls.__doc__
        construct.__wrapped__ = user_cls
        return construct

    return wrap if class_ is None else wrap(class_)
