"""The DataFrame: a lazy query over columns, with Daft's API.

Every method that returns a DataFrame only extends the plan; ``collect()``, ``show()``,
``to_arrow()`` and friends run it. Types are checked as the plan is built, so a typo in a
column name fails at ``with_column``, not minutes into a job.
"""

from __future__ import annotations

import sys
from typing import Any, Iterator

import pyarrow as pa

from skipjack._native import core
from skipjack.dataframe import display
from skipjack.context import get_execution_config
from skipjack.dataframe.execution import iter_batches, run_to_table, start_query
from skipjack.dataframe.grouped import GroupedDataFrame, as_aggregations
from skipjack.datatype import DataType
from skipjack.exceptions import InvalidError
from skipjack.expressions.expressions import Expression, col
from skipjack.logical_types import table_to_pydict, table_to_pylist
from skipjack.schema import Schema

_PREVIEW_ROWS = 8


def _to_expression(value: Any, method: str) -> Expression:
    if isinstance(value, Expression):
        return value
    if isinstance(value, str):
        return col(value)
    raise TypeError(f"{method}() expects column names or Expressions, got {type(value).__name__}")


class DataFrame:
    """A lazy table. Build one with ``from_pydict``, ``from_arrow``, ... ."""

    def __init__(self, plan, result: pa.Table | None = None) -> None:
        self._plan = plan  # the logical plan this frame was built from
        self._result = result  # the materialized rows, once collected
        self._result_plan = None  # a plan reading `_result`, made on first use
        self._metrics = None  # QueryMetrics of the last execution through this frame

    @classmethod
    def _from_table(cls, table: pa.Table) -> DataFrame:
        plan = core.LogicalPlan.in_memory(table)
        frame = cls(plan, table)
        frame._result_plan = plan
        return frame

    @property
    def _builder(self):
        """The plan new operations build on: the cached result once there is one."""
        if self._result is None:
            return self._plan
        if self._result_plan is None:
            self._result_plan = core.LogicalPlan.in_memory(self._result)
        return self._result_plan

    def _derive(self, plan) -> DataFrame:
        return DataFrame(plan)

    def _record_metrics(self, metrics) -> None:
        self._metrics = metrics

    @property
    def metrics(self):
        """QueryMetrics of the last execution of this DataFrame (None before any)."""
        return self._metrics

    # -- schema ----------------------------------------------------------------------
    def schema(self) -> Schema:
        return Schema(pa.schema(self._builder.schema()))

    @property
    def column_names(self) -> list[str]:
        return self.schema().column_names()

    @property
    def columns(self) -> list[Expression]:
        return [col(name) for name in self.column_names]

    def __getitem__(self, key: Any) -> Expression | DataFrame:
        if isinstance(key, str):
            self.schema()[key]  # raises ColumnNotFoundError with suggestions
            return col(key)
        if isinstance(key, int):
            return col(self.column_names[key])
        if isinstance(key, (list, tuple)):
            return self.select(*key)
        raise TypeError(f"DataFrame indices must be column names or lists of them, got {key!r}")

    def __contains__(self, name: object) -> bool:
        return name in self.column_names

    # -- projection --------------------------------------------------------------------
    def _expand(self, values: tuple, method: str) -> list[Expression]:
        exprs = []
        for value in values:
            if isinstance(value, (list, tuple)):
                exprs.extend(self._expand(tuple(value), method))
            elif _is_wildcard(value):
                exprs.extend(self.columns)
            elif getattr(value, "_unnest_fields", None) is not None:
                exprs.extend(value.unnested())  # a UDF with unnest=True: a column per field
            elif isinstance(value, Expression) and "*" in value._expr.referenced_columns():
                # col("*") * 2: the expression once per column, named after it.
                exprs.extend(Expression(value._expr.replace_column("*", col(name)._expr))
                             for name in self.column_names)
            else:
                exprs.append(_to_expression(value, method))
        return exprs

    def select(self, *columns: Any, **projections: Expression) -> DataFrame:
        """The given columns or expressions, in order; keyword arguments are aliased."""
        exprs = self._expand(columns, "select")
        exprs += [_to_expression(e, "select").alias(name) for name, e in projections.items()]
        return self._derive(self._project(exprs))

    def _project(self, exprs: list[Expression]):
        """The plan computing `exprs`; monotonically_increasing_id() reads a row number
        column added just below the projection."""
        builder = self._builder
        if any(ROW_ID_COLUMN in e._expr.referenced_columns() for e in exprs):
            builder = builder.with_row_number(ROW_ID_COLUMN, 0)
        return builder.project([e._expr for e in exprs])

    def with_column(self, column_name: str, expr: Any) -> DataFrame:
        """All columns plus ``expr`` as ``column_name`` (replacing a column of that name)."""
        return self.with_columns({column_name: expr})

    def with_columns(self, columns: dict[str, Any]) -> DataFrame:
        new = {name: (e if isinstance(e, Expression) else Expression(_literal(e))).alias(name)
               for name, e in columns.items()}
        exprs = [new.pop(name) if name in new else col(name) for name in self.column_names]
        exprs += list(new.values())
        return self._derive(self._project(exprs))

    def with_column_renamed(self, existing: str, new: str) -> DataFrame:
        return self.with_columns_renamed({existing: new})

    def with_columns_renamed(self, mapping: dict[str, str]) -> DataFrame:
        for name in mapping:
            self.schema()[name]
        exprs = [col(n).alias(mapping[n]) if n in mapping else col(n) for n in self.column_names]
        return self._derive(self._project(exprs))

    def exclude(self, *names: str) -> DataFrame:
        """All columns but ``names``."""
        for name in names:
            self.schema()[name]
        return self.select(*[n for n in self.column_names if n not in names])

    # -- rows ----------------------------------------------------------------------
    def where(self, predicate: Expression) -> DataFrame:
        """The rows where ``predicate`` is true."""
        if not isinstance(predicate, Expression):
            raise TypeError(f"where() expects an Expression, got {type(predicate).__name__}")
        return self._derive(self._builder.filter(predicate._expr))

    filter = where

    def limit(self, num: int) -> DataFrame:
        """The first ``num`` rows."""
        if not isinstance(num, int) or isinstance(num, bool):
            raise TypeError(f"limit() expects an int, got {type(num).__name__}")
        if num < 0:
            raise InvalidError(f"LIMIT <n> must be greater than or equal to 0, instead got: {num}")
        return self._derive(self._builder.limit(num))

    def offset(self, num: int) -> DataFrame:
        """All rows but the first ``num``."""
        if not isinstance(num, int) or isinstance(num, bool):
            raise TypeError(f"offset() expects an int, got {type(num).__name__}")
        if num < 0:
            raise InvalidError(f"OFFSET <n> must be greater than or equal to 0, instead got: {num}")
        return self._derive(self._builder.offset(num))

    def concat(self, other: DataFrame) -> DataFrame:
        """The rows of this frame, then those of ``other`` (same column names and types)."""
        if not isinstance(other, DataFrame):
            raise TypeError(f"concat() expects a DataFrame, got {type(other).__name__}")
        return self._derive(core.LogicalPlan.concat([self._builder, other._builder]))

    union_all = concat

    def union(self, other: DataFrame) -> DataFrame:
        """Distinct rows of both frames."""
        return self.concat(other).distinct()

    def union_all_by_name(self, other: DataFrame) -> DataFrame:
        """Rows of both frames matched by column name; a column missing on one side is
        null there."""
        names = list(self.column_names) + [n for n in other.column_names if n not in self]
        return _with_columns_in(self, names, other.schema()).concat(
            _with_columns_in(other, names, self.schema()))

    def union_by_name(self, other: DataFrame) -> DataFrame:
        return self.union_all_by_name(other).distinct()

    def explode(self, *columns: Any, index_column: str | None = None,
                ignore_empty_and_null: bool = False) -> DataFrame:
        """One row per element of the list columns (equally long per row); the other
        columns repeat. A null or empty list gives a row of nulls unless
        ``ignore_empty_and_null``."""
        names = [c if isinstance(c, str) else c.name() for c in columns]
        if not names:
            raise InvalidError("explode() needs at least one column")
        for name in names:
            self.schema()[name]
        return self._derive(self._builder.explode(names, index_column, ignore_empty_and_null))

    def sample(self, fraction: float | None = None, size: int | None = None,
               with_replacement: bool = False, seed: int | None = None) -> DataFrame:
        """A random sample: each row with probability ``fraction``, or ``size`` rows."""
        if (fraction is None) == (size is None):
            raise ValueError("sample() needs exactly one of fraction= and size=")
        if seed is None:
            import random

            seed = random.getrandbits(63)
        return self._derive(self._builder.sample(
            None if fraction is None else float(fraction), size, with_replacement, int(seed)))

    def with_row_number(self, column_name: str = "row_number", offset: int = 0) -> DataFrame:
        """Adds ``column_name``: the position of each row, from ``offset``."""
        return self._derive(self._builder.with_row_number(column_name, int(offset)))

    def repartition(self, num: int | None, *partition_by: Any) -> DataFrame:
        """Kept for Daft compatibility. The local engine streams without partitions, so
        (as Daft's native runner) this changes nothing and says so."""
        import warnings

        warnings.warn("repartition() has no effect on the local runner; data streams in "
                      "morsels regardless of partitions", stacklevel=2)
        return self

    def into_partitions(self, num: int) -> DataFrame:
        """Kept for Daft compatibility: order is preserved and, on the local runner,
        nothing else changes."""
        if not isinstance(num, int) or num < 1:
            raise ValueError(f"into_partitions() expects a positive int, got {num!r}")
        return self

    def sort(self, by: Any, desc: bool | list[bool] = False,
             nulls_first: bool | list[bool] | None = None) -> DataFrame:
        """Rows ordered by `by` (a column, expression, or list of them). Per key, `desc`
        and `nulls_first` may be lists; `nulls_first` defaults to `desc` (nulls sort as
        the greatest value). Stable: equal keys keep their order."""
        keys = self._expand(by if isinstance(by, (list, tuple)) else (by,), "sort")
        descending = _per_key(desc, len(keys), "desc")
        if nulls_first is None:
            nulls = list(descending)
        else:
            nulls = _per_key(nulls_first, len(keys), "nulls_first")
        return self._derive(self._builder.sort([k._expr for k in keys], descending, nulls))

    # -- joins ---------------------------------------------------------------------
    def hamming_join(self, other: DataFrame, left_on: str, right_on: str, max_distance: int,
                     distance_column: str = "distance") -> DataFrame:
        """Pairs of rows whose hashes differ in at most ``max_distance`` bits: the
        near-duplicate search over image_hash (or integer) columns, with the distance.

        The same pairs as ``self.join(other, how="cross").where(hamming_distance(l, r) <=
        max_distance)``, found by multi-index hashing instead of comparing every pair.
        Column names of the two sides must differ (alias them first, as for a self-join).
        """
        if not isinstance(other, DataFrame):
            raise TypeError(f"hamming_join expects a DataFrame, got {type(other).__name__}")
        if not isinstance(max_distance, int) or isinstance(max_distance, bool) or max_distance < 0:
            raise ValueError(f"max_distance must be a non-negative integer, got {max_distance!r}")
        return self._derive(self._builder.hamming_join(other._builder, left_on, right_on,
                                                       max_distance, distance_column))

    def join(self, other: DataFrame, on: Any = None, left_on: Any = None, right_on: Any = None,
             how: str = "inner", strategy: str | None = None, prefix: str | None = None,
             suffix: str | None = None) -> DataFrame:
        """Rows of this frame joined with rows of ``other`` on equal keys.

        ``how`` is one of inner, left, right, outer, semi, anti, cross. Keys are ``on``
        (same-named on both sides; merged into one output column) or ``left_on`` and
        ``right_on`` (names or expressions). Right columns whose names clash are renamed
        ``prefix + name + suffix`` (prefix "right." by default). Null keys never match.
        """
        if not isinstance(other, DataFrame):
            raise TypeError(f"join() expects a DataFrame to join with, got {type(other).__name__}")
        left_keys, right_keys = _join_keys(on, left_on, right_on, how, strategy)
        if prefix is None and suffix is None:
            prefix = "right."
        plan = self._builder.join(other._builder,
                                  [self._key(k)._expr for k in left_keys],
                                  [other._key(k)._expr for k in right_keys],
                                  how, prefix or "", suffix or "")
        return self._derive(plan)

    def _key(self, key: Any) -> Expression:
        expr = _to_expression(key, "join")
        for name in expr._expr.referenced_columns():
            self.schema()[name]  # raises ColumnNotFoundError naming the side's columns
        return expr

    def cross_join(self, other: DataFrame, prefix: str | None = None,
                   suffix: str | None = None) -> DataFrame:
        return self.join(other, how="cross", prefix=prefix, suffix=suffix)

    # -- aggregation -----------------------------------------------------------------
    def groupby(self, *keys: Any) -> GroupedDataFrame:
        """Groups rows by the given columns or expressions; follow with ``agg(...)``."""
        if not keys:
            raise InvalidError("groupby() needs at least one column to group by")
        return GroupedDataFrame(self, self._expand(keys, "groupby"))

    group_by = groupby

    def agg(self, *aggregations: Any) -> DataFrame:
        """One row of aggregations over all rows, e.g. ``df.agg(col("x").sum())``."""
        exprs = as_aggregations(aggregations)
        return self._derive(self._builder.aggregate([], [e._expr for e in exprs]))

    def _each(self, method: str, columns: tuple, **kwargs) -> DataFrame:
        targets = [_to_expression(c, method) for c in columns] or self.columns
        return self.agg(*[getattr(c, method)(**kwargs) for c in targets])

    def sum(self, *columns: Any) -> DataFrame:
        return self._each("sum", columns)

    def mean(self, *columns: Any) -> DataFrame:
        return self._each("mean", columns)

    avg = mean

    def min(self, *columns: Any) -> DataFrame:
        return self._each("min", columns)

    def max(self, *columns: Any) -> DataFrame:
        return self._each("max", columns)

    def count(self, *columns: Any) -> DataFrame:
        return self._each("count", columns)

    def count_distinct(self, *columns: Any) -> DataFrame:
        return self._each("count_distinct", columns)

    def any_value(self, *columns: Any) -> DataFrame:
        return self._each("any_value", columns)

    def agg_list(self, *columns: Any) -> DataFrame:
        return self._each("list_agg", columns)

    def agg_concat(self, *columns: Any, delimiter: str | None = None) -> DataFrame:
        return self._each("string_agg", columns, delimiter=delimiter)

    def stddev(self, *columns: Any, ddof: int = 1) -> DataFrame:
        return self._each("stddev", columns, ddof=ddof)

    def var(self, *columns: Any, ddof: int = 1) -> DataFrame:
        return self._each("var", columns, ddof=ddof)

    def product(self, *columns: Any) -> DataFrame:
        return self._each("product", columns)

    def distinct(self, *on: Any) -> DataFrame:
        """Rows with distinct values (of `on`, keeping one full row per key)."""
        if not on:
            return self._derive(self._builder.aggregate([c._expr for c in self.columns], []))
        keys = self._expand(on, "distinct")
        key_names = {k.name() for k in keys}
        others = [col(n).any_value().alias(n) for n in self.column_names if n not in key_names]
        grouped = self._builder.aggregate([k._expr for k in keys], [e._expr for e in others])
        # Back to the original column order.
        return self._derive(grouped).select(*[n for n in self.column_names])

    unique = distinct
    drop_duplicates = distinct

    # -- writing ---------------------------------------------------------------------
    def write_parquet(self, root_dir: Any, compression: str = "snappy",
                      write_mode: str = "append", partition_cols: list | None = None,
                      io_config: Any = None) -> DataFrame:
        """Writes the rows as Parquet files under ``root_dir`` (hive-style directories
        per partition value with ``partition_cols``); returns the files written."""
        from skipjack.io.writers import write_files

        return write_files(self, "parquet", root_dir, write_mode, partition_cols, io_config,
                           compression=compression)

    def write_csv(self, root_dir: Any, write_mode: str = "append",
                  partition_cols: list | None = None, io_config: Any = None,
                  delimiter: str | None = None, header: bool = True) -> DataFrame:
        from skipjack.io.writers import write_files

        return write_files(self, "csv", root_dir, write_mode, partition_cols, io_config,
                           delimiter=delimiter, header=header)

    def write_json(self, root_dir: Any, write_mode: str = "append",
                   partition_cols: list | None = None, io_config: Any = None) -> DataFrame:
        """Writes newline-delimited JSON files (one object per row)."""
        from skipjack.io.writers import write_files

        return write_files(self, "json", root_dir, write_mode, partition_cols, io_config)

    def write_lance(self, uri: Any, mode: str = "create", io_config: Any = None,
                    schema: Any = None, **kwargs: Any) -> DataFrame:
        """Writes the rows as a Lance dataset (streaming; through pylance)."""
        from skipjack.io.lance import write_lance

        return write_lance(self, uri, mode, io_config, schema, **kwargs)

    # -- execution -------------------------------------------------------------------
    def collect(self, num_preview_rows: int | None = _PREVIEW_ROWS) -> DataFrame:
        """Runs the query and keeps the result; later operations start from it."""
        if self._result is None:
            self._result = run_to_table(self._plan, self._record_metrics)
        return self

    def _materialized_table(self) -> pa.Table:
        if self._result is not None:
            return self._result
        return run_to_table(self._plan, self._record_metrics)

    def to_arrow(self) -> pa.Table:
        return self._materialized_table()

    def to_pydict(self) -> dict[str, list]:
        return table_to_pydict(self._materialized_table())

    def to_pylist(self) -> list[dict[str, Any]]:
        return table_to_pylist(self._materialized_table())

    def to_pandas(self):
        return self._materialized_table().to_pandas()

    def iter_partitions(self) -> Iterator[pa.RecordBatch]:
        """The result as a stream of Arrow record batches."""
        if self._result is not None:
            yield from self._result.to_batches()
        else:
            yield from iter_batches(self._plan, self._record_metrics)

    to_arrow_iter = iter_partitions

    def iter_rows(self, column_format: str = "python") -> Iterator[dict[str, Any]]:
        """The rows one by one, streaming: only one batch is in Python at a time."""
        if column_format not in ("python", "arrow"):
            raise ValueError(f"column_format must be 'python' or 'arrow', got {column_format!r}")
        for batch in self.iter_partitions():
            if column_format == "python":
                yield from table_to_pylist(pa.Table.from_batches([batch]))
            else:
                names = batch.schema.names
                for i in range(batch.num_rows):
                    yield {n: batch.column(j)[i] for j, n in enumerate(names)}

    __iter__ = iter_rows

    def count_rows(self) -> int:
        if self._result is not None:
            return self._result.num_rows
        # No column is needed to count: pruning reads none of them.
        counting = self._builder.project([])
        return sum(b.num_rows for b in iter_batches(counting, self._record_metrics))

    def __len__(self) -> int:
        if self._result is None:
            raise RuntimeError(
                "Cannot call len() on an unmaterialized DataFrame: use .count_rows() or "
                ".collect() it first.")
        return self._result.num_rows

    def __arrow_c_stream__(self, requested_schema=None):
        """The result as an Arrow C stream straight from the engine, without copies."""
        if self._result is not None:
            return self._result.__arrow_c_stream__(requested_schema)
        return start_query(self._plan).__arrow_c_stream__(requested_schema)

    def __arrow_c_schema__(self):
        return pa.schema(self._builder.schema()).__arrow_c_schema__()

    # -- display ---------------------------------------------------------------------
    def _dtype_names(self) -> list[str]:
        return [str(field.dtype) for field in self.schema()]

    def _preview(self, n: int) -> tuple[pa.Table, int | None]:
        """Up to n rows, and the total row count when it is known."""
        if self._result is not None:
            return self._result.slice(0, n), self._result.num_rows
        head = run_to_table(self._builder.limit(n))
        return head, (head.num_rows if head.num_rows < n else None)

    def show(self, n: int = _PREVIEW_ROWS) -> None:
        """Prints the first ``n`` rows, running only what they need."""
        head, total = self._preview(n)
        print(display.render_text(head, self._dtype_names(), total_rows=total))

    def __repr__(self) -> str:
        if self._result is None:
            empty = self.schema().to_pyarrow_schema().empty_table()
            return display.render_text(empty, self._dtype_names(), total_rows=None,
                                       materialized=False)
        head, total = self._preview(_PREVIEW_ROWS)
        return display.render_text(head, self._dtype_names(), total_rows=total)

    def _repr_html_(self) -> str:
        if self._result is None:
            empty = self.schema().to_pyarrow_schema().empty_table()
            return display.render_html(empty, self._dtype_names(), total_rows=None,
                                       materialized=False)
        head, total = self._preview(_PREVIEW_ROWS)
        return display.render_html(head, self._dtype_names(), total_rows=total)

    def explain(self, show_all: bool = False, simple: bool = False, file=None) -> None:
        """Prints the logical plan; with ``show_all`` also the optimized and physical plans."""
        out = file if file is not None else sys.stdout
        if self._result is not None:
            print("Result is cached and will skip computation\n", file=out)
            print("However here is the logical plan used to produce this result:\n", file=out)
        print("== Unoptimized Logical Plan ==\n", file=out)
        print(self._plan.repr_tree(), file=out)
        if not show_all:
            print("\nSet `show_all=True` to also see the Optimized and Physical plans. "
                  "This will run the query optimizer.", file=out)
            return
        print("\n== Optimized Logical Plan ==\n", file=out)
        print(self._plan.optimize().repr_tree(), file=out)
        print("\n== Physical Plan ==\n", file=out)
        print(self._plan.physical_tree(get_execution_config().engine_settings()), file=out)


# The hidden column monotonically_increasing_id() reads (see DataFrame._project).
ROW_ID_COLUMN = "__skipjack_row_id__"


def _with_columns_in(df: DataFrame, names: list[str], other_schema) -> DataFrame:
    """``df`` with exactly ``names``: missing ones are nulls of the other side's type."""
    from skipjack.expressions.expressions import lit

    exprs = []
    for name in names:
        if name in df.column_names:
            exprs.append(col(name))
        else:
            exprs.append(lit(None).cast(other_schema[name].dtype).alias(name))
    return df.select(*exprs)


_JOIN_TYPES = ("inner", "left", "right", "outer", "semi", "anti", "cross")
_JOIN_STRATEGIES = ("hash", "sort_merge", "broadcast")


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _join_keys(on: Any, left_on: Any, right_on: Any, how: str,
               strategy: str | None) -> tuple[list, list]:
    """Validates join() arguments as Daft does; returns the left and right keys."""
    if how not in _JOIN_TYPES:
        raise ValueError(f"Unknown join type '{how}'; expected one of {', '.join(_JOIN_TYPES)}")
    if strategy is not None and strategy not in _JOIN_STRATEGIES:
        raise ValueError(f"Unknown join strategy '{strategy}'; expected one of "
                         f"{', '.join(_JOIN_STRATEGIES)} or None")
    if how == "cross":
        if on is not None or left_on is not None or right_on is not None:
            raise ValueError("Cross joins do not take keys (on, left_on, right_on)")
        if strategy is not None:
            raise ValueError("Cross joins do not take a join strategy")
        return [], []
    if strategy == "sort_merge" and how != "inner":
        raise ValueError("The sort_merge join strategy supports only inner joins")
    if strategy == "broadcast" and how == "outer":
        raise ValueError("The broadcast join strategy does not support outer joins")
    if on is not None:
        if left_on is not None or right_on is not None:
            raise ValueError("If `on` is set, `left_on` and `right_on` must not be set")
        keys = _as_list(on)
        return keys, list(keys)
    if left_on is None or right_on is None:
        raise ValueError("join() needs `on`, or both `left_on` and `right_on`")
    left_keys, right_keys = _as_list(left_on), _as_list(right_on)
    if len(left_keys) != len(right_keys):
        raise ValueError(f"left_on has {len(left_keys)} keys but right_on has {len(right_keys)}")
    if not left_keys:
        raise ValueError("join() needs at least one key")
    return left_keys, right_keys


def _per_key(value: Any, count: int, name: str) -> list[bool]:
    if isinstance(value, bool):
        return [value] * count
    if isinstance(value, (list, tuple)) and len(value) == count and all(isinstance(v, bool) for v in value):
        return list(value)
    raise ValueError(f"sort(): {name} must be a bool or a list of {count} bools, got {value!r}")


def _is_wildcard(value: Any) -> bool:
    if isinstance(value, str):
        return value == "*"
    return isinstance(value, Expression) and value._expr.column_name() == "*"


def _literal(value: Any):
    from skipjack.expressions.literals import native_literal

    return native_literal(value)


__all__ = ["DataFrame"]
