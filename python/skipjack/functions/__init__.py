"""Free functions over expressions, as ``daft.functions``: ``lower(col("s"))`` is
``col("s").lower()``."""

from skipjack.expressions.expressions import col, lit, when
from skipjack.functions.agg import (
    any_value,
    avg,
    bool_and,
    bool_or,
    count,
    count_distinct,
    list_agg,
    max,
    mean,
    min,
    product,
    stddev,
    string_agg,
    sum,
    var,
)
from skipjack.functions.misc import (
    between,
    cast,
    fill_null,
    is_in,
    is_null,
    monotonically_increasing_id,
    not_null,
)
from skipjack.functions.temporal import (
    date,
    day,
    day_of_week,
    day_of_year,
    hour,
    microsecond,
    millisecond,
    minute,
    month,
    nanosecond,
    quarter,
    second,
    week_of_year,
    year,
)
from skipjack.functions.numeric import abs, ceil, floor, negate, round, sign, sqrt
from skipjack.functions.string import (
    capitalize,
    ilike,
    left,
    like,
    right,
    substr,
    concat,
    contains,
    endswith,
    length,
    lower,
    lstrip,
    regexp,
    regexp_replace,
    regexp_split,
    replace,
    reverse,
    rstrip,
    split,
    startswith,
    strip,
    upper,
)

__all__ = [
    "any_value", "avg", "bool_and", "bool_or", "count", "count_distinct", "list_agg", "max",
    "mean", "min", "product", "stddev", "string_agg", "sum", "var",
    "abs", "between", "capitalize", "cast", "ceil", "col", "concat", "contains", "endswith",
    "fill_null", "floor", "is_in", "is_null", "length", "lit", "lower", "lstrip", "negate",
    "not_null", "regexp", "regexp_replace", "regexp_split", "replace", "reverse", "round",
    "rstrip", "sign", "split", "sqrt", "startswith", "strip", "upper", "when",
    "date", "day", "day_of_week", "day_of_year", "hour", "ilike", "left", "like",
    "microsecond", "millisecond", "minute", "month", "nanosecond", "quarter", "right",
    "second", "substr", "week_of_year", "year",
    "monotonically_increasing_id",
]
