"""groupby(): aggregations per group, with Daft's names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from skipjack.expressions.expressions import Expression, col

if TYPE_CHECKING:
    from skipjack.dataframe.dataframe import DataFrame


def as_aggregations(exprs: tuple) -> list[Expression]:
    """agg() takes aggregations as varargs or one list, as Daft."""
    if len(exprs) == 1 and isinstance(exprs[0], (list, tuple)):
        exprs = tuple(exprs[0])
    for expr in exprs:
        if not isinstance(expr, Expression):
            raise TypeError(f"agg() expects aggregation expressions, got {type(expr).__name__}")
    return list(exprs)


class GroupedDataFrame:
    """The result of ``df.groupby(keys)``; call ``agg`` (or a shortcut) on it."""

    def __init__(self, df: DataFrame, keys: list[Expression]) -> None:
        self._df = df
        self._keys = keys

    def agg(self, *aggregations: Any) -> DataFrame:
        """One row per group: the keys, then each aggregation."""
        exprs = as_aggregations(aggregations)
        plan = self._df._builder.aggregate([k._expr for k in self._keys], [e._expr for e in exprs])
        return self._df._derive(plan)

    def _value_columns(self, columns: tuple) -> list[Expression]:
        if columns:
            return [c if isinstance(c, Expression) else col(c) for c in columns]
        key_names = {k.name() for k in self._keys}
        return [col(n) for n in self._df.column_names if n not in key_names]

    def _each(self, method: str, columns: tuple, **kwargs) -> DataFrame:
        return self.agg(*[getattr(c, method)(**kwargs) for c in self._value_columns(columns)])

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

    def list_agg(self, *columns: Any) -> DataFrame:
        return self._each("list_agg", columns)

    agg_list = list_agg

    def string_agg(self, *columns: Any, delimiter: str | None = None) -> DataFrame:
        return self._each("string_agg", columns, delimiter=delimiter)

    agg_concat = string_agg

    def stddev(self, *columns: Any, ddof: int = 1) -> DataFrame:
        return self._each("stddev", columns, ddof=ddof)

    def var(self, *columns: Any, ddof: int = 1) -> DataFrame:
        return self._each("var", columns, ddof=ddof)

    def product(self, *columns: Any) -> DataFrame:
        return self._each("product", columns)
