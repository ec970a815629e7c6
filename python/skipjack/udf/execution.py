"""Running a UDF on batches: the part shared by threads and worker processes.

A UdfSpec says what to call and how (picklable, so a worker process can rebuild it);
an Executor holds one instance of it (a @cls object is built once, on first use) and
maps an Arrow batch of argument columns to the result column.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import pyarrow as pa

from skipjack.exceptions import UDFException
from skipjack.series import Series
from skipjack.udf.conversion import batch_result_to_array, column_values, values_to_array
from skipjack.udf.file_arguments import as_files

logger = logging.getLogger("skipjack.udf")

# Daft's retry schedule: 100 ms, doubling, at most 60 s, +-25 % jitter.
_FIRST_BACKOFF_S = 0.1
_MAX_BACKOFF_S = 60.0
# Coroutines in flight per instance when an async function sets no max_concurrency.
DEFAULT_ASYNC_IN_FLIGHT = 64

ROW, ASYNC, GENERATOR, BATCH = "row", "async", "generator", "batch"


@dataclass
class UdfSpec:
    name: str                       # module.qualname, for plans and errors
    kind: str                       # ROW, ASYNC, GENERATOR or BATCH
    return_type: pa.DataType        # of each value (of each yielded value for generators)
    fn: Callable | None = None      # a plain function, or None for a method of `cls`
    cls: type | None = None         # a @cls class (the user's, undecorated)
    init_args: tuple = ()
    init_kwargs: dict = field(default_factory=dict)
    method: str | None = None
    # Where each parameter comes from: ("col", i) is argument column i, ("const", v) a
    # Python value passed as is.
    layout: list = field(default_factory=list)
    kw_layout: dict = field(default_factory=dict)
    arg_names: list = field(default_factory=list)  # column names, for errors and Series
    max_retries: int = 0
    on_error: str = "raise"
    async_in_flight: int = DEFAULT_ASYNC_IN_FLIGHT
    batch_is_async: bool = False
    file_columns: frozenset = frozenset()  # columns of paths for parameters annotated File


def backoff_seconds(attempt: int) -> float:
    delay = min(_FIRST_BACKOFF_S * (2 ** attempt), _MAX_BACKOFF_S)
    return delay * random.uniform(0.75, 1.25)


class Executor:
    """One instance of a UDF. Not thread-safe: the engine never overlaps calls on it."""

    def __init__(self, spec: UdfSpec):
        self.spec = spec
        self._target: Callable | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def target(self) -> Callable:
        if self._target is None:
            spec = self.spec
            if spec.cls is not None:
                instance = spec.cls(*spec.init_args, **spec.init_kwargs)
                self._target = getattr(instance, spec.method)
            else:
                self._target = spec.fn
        return self._target

    def close(self) -> None:
        if self._loop is not None:
            self._loop.close()
            self._loop = None

    # -- one batch ---------------------------------------------------------------------
    def run(self, batch: pa.RecordBatch) -> pa.Array:
        kind = self.spec.kind
        if kind == BATCH:
            return self._run_batch(batch)
        columns = [column_values(batch.column(i)) for i in range(batch.num_columns)]
        for i in self.spec.file_columns:
            if pa.types.is_string(batch.column(i).type) or pa.types.is_large_string(batch.column(i).type):
                columns[i] = as_files(columns[i])
        rows = self._row_arguments(columns, batch.num_rows)
        if kind == ASYNC:
            results = self._event_loop().run_until_complete(self._run_async(rows))
        else:
            results = self._run_rows(rows)
        arrow_type = self.spec.return_type
        if kind == GENERATOR:
            arrow_type = pa.large_list(arrow_type)
        return values_to_array(results, arrow_type, self.spec.name)

    def _row_arguments(self, columns: list[list], num_rows: int) -> list[tuple[tuple, dict]]:
        spec = self.spec
        if not spec.kw_layout and all(source == "col" for source, _ in spec.layout):
            order = [index for _, index in spec.layout]
            if order == list(range(len(columns))):
                return [(row, {}) for row in zip(*columns)] if columns else [((), {})] * num_rows
        rows = []
        for r in range(num_rows):
            args = tuple(columns[v][r] if s == "col" else v for s, v in spec.layout)
            kwargs = {k: (columns[v][r] if s == "col" else v) for k, (s, v) in spec.kw_layout.items()}
            rows.append((args, kwargs))
        return rows

    def _run_rows(self, rows: list[tuple[tuple, dict]]) -> list:
        fn = self.target()
        generator = self.spec.kind == GENERATOR
        results = []
        append = results.append
        for args, kwargs in rows:
            try:
                value = fn(*args, **kwargs)
                append(list(value) if generator else value)
            except Exception as error:
                append(self._recover_row(fn, args, kwargs, error))
        return results

    def _recover_row(self, fn: Callable, args: tuple, kwargs: dict, error: Exception) -> Any:
        generator = self.spec.kind == GENERATOR
        for attempt in range(self.spec.max_retries):
            time.sleep(backoff_seconds(attempt))
            try:
                value = fn(*args, **kwargs)
                return list(value) if generator else value
            except Exception as retry_error:
                error = retry_error
        return self._give_up(error, self._describe_row(args, kwargs))

    async def _run_async(self, rows: list[tuple[tuple, dict]]) -> list:
        fn = self.target()
        limit = asyncio.Semaphore(self.spec.async_in_flight)

        async def one(args: tuple, kwargs: dict) -> Any:
            async with limit:
                for attempt in range(self.spec.max_retries + 1):
                    try:
                        return await fn(*args, **kwargs)
                    except Exception as error:
                        if attempt == self.spec.max_retries:
                            return self._give_up(error, self._describe_row(args, kwargs))
                    await asyncio.sleep(backoff_seconds(attempt))

        tasks = [asyncio.ensure_future(one(a, k)) for a, k in rows]
        try:
            return list(await asyncio.gather(*tasks))
        except BaseException:
            # One row failed: the rows still in flight are cancelled, not left behind.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop

    def _run_batch(self, batch: pa.RecordBatch) -> pa.Array:
        spec = self.spec
        series = [Series(batch.column(i), spec.arg_names[i]) for i in range(batch.num_columns)]
        args = tuple(series[v] if s == "col" else v for s, v in spec.layout)
        kwargs = {k: (series[v] if s == "col" else v) for k, (s, v) in spec.kw_layout.items()}
        fn = self.target()
        for attempt in range(spec.max_retries + 1):
            try:
                result = fn(*args, **kwargs)
                if spec.batch_is_async:
                    result = self._event_loop().run_until_complete(result)
                return batch_result_to_array(result, spec.return_type, spec.name)
            except Exception as error:
                if attempt == spec.max_retries:
                    self._give_up(error, self._describe_batch(series))
                    return pa.nulls(batch.num_rows, spec.return_type)
                time.sleep(backoff_seconds(attempt))
        raise AssertionError("unreachable")

    # -- errors ------------------------------------------------------------------------
    def _give_up(self, error: Exception, inputs: str) -> None:
        spec = self.spec
        if spec.on_error == "ignore":
            return None
        message = f"User-defined function `{spec.name}` failed when executing on inputs:\n{inputs}"
        if spec.on_error == "log":
            logger.warning("%s\n%s: %s", message, type(error).__name__, error, exc_info=error)
            return None
        raise UDFException(f"{message}\n{type(error).__name__}: {error}") from error

    def _describe_row(self, args: tuple, kwargs: dict) -> str:
        names = iter(self.spec.arg_names)
        lines = []
        for (source, _), value in zip(self.spec.layout, args):
            label = next(names, "?") if source == "col" else "(constant)"
            lines.append(f"  - {label}: {_short(value)}")
        for key, value in kwargs.items():
            lines.append(f"  - {key}: {_short(value)}")
        return "\n".join(lines)

    def _describe_batch(self, series: list[Series]) -> str:
        if not series:
            return "  (no column arguments)"
        return "\n".join(f"  - {s.name()}: a batch of {len(s)} values, first "
                         f"{_short(s.to_arrow().slice(0, 3).to_pylist())}" for s in series)


def _short(value: Any, limit: int = 200) -> str:
    text = f"{value!r} ({type(value).__name__})"
    return text if len(text) <= limit else text[: limit - 3] + "..."
