"""Expressions: what to compute for each row.

``col("price") * 2 + 1`` builds a tree in the engine; nothing runs until a DataFrame
that uses it is collected. Operators, null handling, casts and string functions are
methods here; ``skipjack.functions`` has the same as free functions.
"""

from __future__ import annotations

from typing import Any

from skipjack._native import core
from skipjack.datatype import DataType, to_arrow_type
from skipjack.expressions.literals import native_literal, native_value_set


def _native(value: Any):
    """The engine expression for an Expression or a Python value (as a literal)."""
    if isinstance(value, Expression):
        return value._expr
    return native_literal(value)


def _call(function: str, *args: Any) -> Expression:
    return Expression(core.call(function, [_native(a) for a in args]))


def _option(value: Any):
    from skipjack.expressions.literals import _arrow_literal

    return _arrow_literal(value)


def _aggregate(function: str, expr: Expression | None, **options: Any) -> Expression:
    from skipjack.expressions.literals import _arrow_literal

    native_options = {k: _arrow_literal(v) for k, v in options.items() if v is not None}
    return Expression(core.aggregate(function, None if expr is None else expr._expr,
                                     native_options))


class Expression:
    """A column expression. Build them with :func:`col` and :func:`lit`."""

    __slots__ = ("_expr",)

    def __init__(self, native) -> None:
        self._expr = native

    # -- arithmetic -------------------------------------------------------------------
    def __add__(self, other: Any) -> Expression:
        return _call("add", self, other)

    def __radd__(self, other: Any) -> Expression:
        return _call("add", other, self)

    def __sub__(self, other: Any) -> Expression:
        return _call("subtract", self, other)

    def __rsub__(self, other: Any) -> Expression:
        return _call("subtract", other, self)

    def __mul__(self, other: Any) -> Expression:
        return _call("multiply", self, other)

    def __rmul__(self, other: Any) -> Expression:
        return _call("multiply", other, self)

    def __truediv__(self, other: Any) -> Expression:
        return _call("divide", self, other)

    def __rtruediv__(self, other: Any) -> Expression:
        return _call("divide", other, self)

    def __floordiv__(self, other: Any) -> Expression:
        return _call("floor_divide", self, other)

    def __rfloordiv__(self, other: Any) -> Expression:
        return _call("floor_divide", other, self)

    def __mod__(self, other: Any) -> Expression:
        return _call("modulo", self, other)

    def __rmod__(self, other: Any) -> Expression:
        return _call("modulo", other, self)

    def __neg__(self) -> Expression:
        return _call("negate", self)

    def __pos__(self) -> Expression:
        return self

    def __abs__(self) -> Expression:
        return self.abs()

    # -- comparison -------------------------------------------------------------------
    def __eq__(self, other: Any) -> Expression:  # type: ignore[override]
        return _call("equal", self, other)

    def __ne__(self, other: Any) -> Expression:  # type: ignore[override]
        return _call("not_equal", self, other)

    def __lt__(self, other: Any) -> Expression:
        return _call("less", self, other)

    def __le__(self, other: Any) -> Expression:
        return _call("less_equal", self, other)

    def __gt__(self, other: Any) -> Expression:
        return _call("greater", self, other)

    def __ge__(self, other: Any) -> Expression:
        return _call("greater_equal", self, other)

    __hash__ = object.__hash__

    # -- boolean ----------------------------------------------------------------------
    def __and__(self, other: Any) -> Expression:
        return _call("and", self, other)

    def __rand__(self, other: Any) -> Expression:
        return _call("and", other, self)

    def __or__(self, other: Any) -> Expression:
        return _call("or", self, other)

    def __ror__(self, other: Any) -> Expression:
        return _call("or", other, self)

    def __xor__(self, other: Any) -> Expression:
        return _call("xor", self, other)

    def __rxor__(self, other: Any) -> Expression:
        return _call("xor", other, self)

    def __invert__(self) -> Expression:
        return _call("not", self)

    def __bool__(self) -> bool:
        raise ValueError(
            "An Expression has no truth value: use & | ~ instead of and/or/not, and "
            "compare columns inside where()/filter() rather than in an if statement.")

    # -- naming, types, nulls ---------------------------------------------------------
    def alias(self, name: str) -> Expression:
        if not isinstance(name, str):
            raise TypeError(f"alias() expects a str, got {type(name).__name__}")
        return Expression(self._expr.alias(name))

    def name(self) -> str:
        """The column name this expression produces."""
        return self._expr.output_name()

    def cast(self, dtype: DataType) -> Expression:
        """Converts to ``dtype``; values that do not fit become null (as Daft)."""
        return Expression(self._expr.cast(to_arrow_type(dtype)))

    def apply(self, func, return_dtype: DataType) -> Expression:
        """``func`` applied to each value (a Python UDF; nulls arrive as None)."""
        from skipjack.udf.legacy import UDF

        def apply_to_batch(series):
            return [func(value) for value in series.to_pylist()]

        apply_to_batch.__qualname__ = getattr(func, "__qualname__", "apply")
        apply_to_batch.__module__ = getattr(func, "__module__", None)
        return UDF(apply_to_batch, return_dtype=return_dtype)(self)

    def is_null(self) -> Expression:
        return _call("is_null", self)

    def not_null(self) -> Expression:
        return _call("not_null", self)

    def fill_null(self, fill_value: Any) -> Expression:
        return _call("fill_null", self, fill_value)

    def is_in(self, values: Any) -> Expression:
        """True where the value is in ``values`` (SQL semantics for nulls)."""
        return Expression(core.call("is_in", [self._expr, native_value_set(values)]))

    def between(self, lower: Any, upper: Any) -> Expression:
        return _call("between", self, lower, upper)

    def if_else(self, if_true: Any, if_false: Any) -> Expression:
        """Older Daft form of ``when(self, if_true).otherwise(if_false)``."""
        return _call("if_else", self, if_true, if_false)

    # -- numeric ----------------------------------------------------------------------
    def abs(self) -> Expression:
        return _call("abs", self)

    def round(self, decimals: int = 0) -> Expression:
        if not isinstance(decimals, int) or isinstance(decimals, bool):
            raise TypeError(f"round() decimals must be an int, got {type(decimals).__name__}")
        return _call("round", self, decimals)

    def ceil(self) -> Expression:
        return _call("ceil", self)

    def floor(self) -> Expression:
        return _call("floor", self)

    def sqrt(self) -> Expression:
        return _call("sqrt", self)

    def sign(self) -> Expression:
        return _call("sign", self)

    def negate(self) -> Expression:
        return _call("negate", self)

    # -- strings (flat forms, as Daft >= 0.7) ----------------------------------------
    def lower(self) -> Expression:
        return _call("lower", self)

    def upper(self) -> Expression:
        return _call("upper", self)

    def capitalize(self) -> Expression:
        return _call("capitalize", self)

    def reverse(self) -> Expression:
        return _call("reverse", self)

    def strip(self) -> Expression:
        return _call("strip", self)

    def lstrip(self) -> Expression:
        return _call("lstrip", self)

    def rstrip(self) -> Expression:
        return _call("rstrip", self)

    def length(self) -> Expression:
        return _call("length", self)

    def contains(self, pattern: Any) -> Expression:
        return _call("contains", self, pattern)

    def startswith(self, prefix: Any) -> Expression:
        return _call("startswith", self, prefix)

    def endswith(self, suffix: Any) -> Expression:
        return _call("endswith", self, suffix)

    def replace(self, pattern: Any, replacement: Any) -> Expression:
        return _call("replace", self, pattern, replacement)

    def split(self, pattern: Any) -> Expression:
        return _call("split", self, pattern)

    def regexp(self, pattern: str) -> Expression:
        """True where the text matches the regular expression (RE2 syntax)."""
        return _call("regexp", self, pattern)

    def regexp_replace(self, pattern: str, replacement: str) -> Expression:
        return _call("regexp_replace", self, pattern, replacement)

    def regexp_split(self, pattern: str) -> Expression:
        return _call("regexp_split", self, pattern)

    def substr(self, start: Any, length: Any = None) -> Expression:
        """The code points [start, start + length) (0-based; to the end without length)."""
        return _call("substr", self, start, length)

    def left(self, n: Any) -> Expression:
        return _call("left", self, n)

    def right(self, n: Any) -> Expression:
        return _call("right", self, n)

    def like(self, pattern: str) -> Expression:
        """SQL LIKE: ``%`` matches any text, ``_`` one character."""
        return _call("like", self, pattern)

    def ilike(self, pattern: str) -> Expression:
        return _call("ilike", self, pattern)

    # -- dates and times ---------------------------------------------------------------
    def year(self) -> Expression:
        return _call("year", self)

    def month(self) -> Expression:
        return _call("month", self)

    def day(self) -> Expression:
        return _call("day", self)

    day_of_month = day

    def day_of_week(self) -> Expression:
        """0 for Monday through 6 for Sunday."""
        return _call("day_of_week", self)

    def day_of_year(self) -> Expression:
        return _call("day_of_year", self)

    def week_of_year(self) -> Expression:
        return _call("week_of_year", self)

    def quarter(self) -> Expression:
        return _call("quarter", self)

    def hour(self) -> Expression:
        return _call("hour", self)

    def minute(self) -> Expression:
        return _call("minute", self)

    def second(self) -> Expression:
        return _call("second", self)

    def millisecond(self) -> Expression:
        return _call("millisecond", self)

    def microsecond(self) -> Expression:
        return _call("microsecond", self)

    def nanosecond(self) -> Expression:
        return _call("nanosecond", self)

    def date(self) -> Expression:
        return _call("date", self)

    # -- aggregations (inside agg() / groupby().agg()) ------------------------------
    def sum(self) -> Expression:
        return _aggregate("sum", self)

    def product(self) -> Expression:
        return _aggregate("product", self)

    def mean(self) -> Expression:
        return _aggregate("mean", self)

    avg = mean

    def min(self) -> Expression:
        return _aggregate("min", self)

    def max(self) -> Expression:
        return _aggregate("max", self)

    def count(self, mode: str = "valid") -> Expression:
        """Non-null values (mode='valid'), nulls ('null') or all rows ('all')."""
        mode = getattr(mode, "name", mode)
        if str(mode).lower() not in ("valid", "null", "all"):
            raise ValueError(f"count mode must be 'valid', 'null' or 'all', got {mode!r}")
        return _aggregate("count", self, mode=str(mode).lower())

    def count_distinct(self) -> Expression:
        return _aggregate("count_distinct", self)

    def any_value(self, ignore_nulls: bool = False) -> Expression:
        return _aggregate("any_value", self, ignore_nulls=bool(ignore_nulls))

    def list_agg(self) -> Expression:
        return _aggregate("list", self)

    agg_list = list_agg

    def string_agg(self, delimiter: str | None = None) -> Expression:
        return _aggregate("string_agg", self, delimiter=delimiter or "")

    agg_concat = string_agg

    def stddev(self, ddof: int = 1) -> Expression:
        return _aggregate("stddev", self, ddof=ddof)

    def var(self, ddof: int = 1) -> Expression:
        return _aggregate("var", self, ddof=ddof)

    def bool_and(self) -> Expression:
        return _aggregate("bool_and", self)

    def bool_or(self) -> Expression:
        return _aggregate("bool_or", self)

    @property
    def str(self):
        """Older Daft namespace: ``col("s").str.lower()``."""
        from skipjack.expressions.namespaces import StringNamespace

        return StringNamespace(self)

    # -- URLs (cpp/src/skipjack/io/url_download.h) ----------------------------------------
    def download(self, max_connections: int = 32, on_error: str = "raise",
                 io_config=None) -> Expression:
        """The bytes at each URL or path: http(s):// (many requests in flight, retries),
        file://, local paths, s3://. on_error="null" gives null for failed downloads."""
        from skipjack.io.config import io_config_dict

        if max_connections <= 0:
            raise ValueError(f"max_connections must be positive, got {max_connections}")
        if on_error not in ("raise", "null"):
            raise ValueError(f'on_error must be "raise" or "null", got {on_error!r}')
        return Expression(core.url_download(self._expr, {
            "max_connections": max_connections, "on_error": on_error,
            "io_config": io_config_dict(io_config)}))

    def upload(self, location: Any, max_connections: int = 32, on_error: str = "raise",
               io_config=None) -> Expression:
        """Writes each value's bytes to a file and gives its path: ``location`` is a folder
        (each row gets a new file name in it) or an Expression of full paths."""
        from skipjack.io.config import io_config_dict

        if on_error not in ("raise", "null"):
            raise ValueError(f'on_error must be "raise" or "null", got {on_error!r}')
        if not isinstance(location, (str, Expression)):
            raise TypeError(f"upload(): location must be a folder path or an Expression, got "
                            f"{type(location).__name__}")
        target = location if isinstance(location, str) else location._expr
        return Expression(core.url_upload(self._expr, target, {
            "on_error": on_error, "io_config": io_config_dict(io_config)}))

    @property
    def url(self):
        """Older Daft namespace: ``col("u").url.download()``."""
        from skipjack.expressions.namespaces import UrlNamespace

        return UrlNamespace(self)

    # -- images (C++ kernels: cpp/src/skipjack/functions/image) --------------------------
    def decode_image(self, on_error: str = "raise", mode: Any = "RGB") -> Expression:
        """Encoded bytes (PNG, JPEG, WebP, GIF) -> Image[mode]; mode=None keeps each
        image's own mode (Image[MIXED]). on_error="null" gives null for bad bytes."""
        options = {"on_error": _option(on_error)}
        if mode is not None:
            options["mode"] = _option(getattr(mode, "name", mode))
        return Expression(core.call("decode_image", [self._expr], options))

    def encode_image(self, image_format: Any) -> Expression:
        return _call("encode_image", self, getattr(image_format, "name", image_format))

    def resize(self, w: int, h: int) -> Expression:
        return _call("resize", self, w, h)

    def crop(self, bbox: Any) -> Expression:
        """The (x, y, width, height) box of each image: one tuple for all rows, or an
        Expression with a list of 4 integers per row."""
        if isinstance(bbox, Expression):
            return _call("crop", self, bbox)
        x, y, width, height = bbox
        return _call("crop", self, x, y, width, height)

    def convert_image(self, mode: Any) -> Expression:
        return _call("convert_image", self, getattr(mode, "name", mode))

    def image_to_tensor(self) -> Expression:
        return _call("image_to_tensor", self)

    def image_width(self) -> Expression:
        return _call("image_width", self)

    def image_height(self) -> Expression:
        return _call("image_height", self)

    def image_channel(self) -> Expression:
        return _call("image_channel", self)

    def image_mode(self) -> Expression:
        return _call("image_mode", self)

    def image_attribute(self, name: Any) -> Expression:
        name = str(getattr(name, "name", name)).lower()
        if name not in ("width", "height", "channel", "mode"):
            raise ValueError(f"image_attribute: expected width, height, channel or mode, got {name!r}")
        return _call(f"image_{name}", self)

    def image_hash(self, method: str = "phash", hash_size: int = 8, binbits: int = 3,
                   segments: int = 3) -> Expression:
        """A perceptual hash of each image as FixedSizeBinary (bits most significant
        first): phash, phash_simple, dhash, dhash_vertical, ahash, whash and colorhash give
        imagehash's bits; crop_resistant is a segments x segments grid of phashes."""
        for name, value in (("hash_size", hash_size), ("binbits", binbits), ("segments", segments)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"image_hash: {name} must be a positive integer, got {value!r}")
        return _call("image_hash", self, method, hash_size, binbits, segments)

    def crop_resistant_distance(self, other: Any, segments: int = 3) -> Expression:
        """The smallest Hamming distance between any segment of two crop_resistant hashes
        (computed with the same ``segments``): small when one image is a crop of the other."""
        return _call("crop_resistant_distance", self, other, segments)

    def file(self, io_config=None) -> Expression:
        """Paths or URLs as File references (see functions.file)."""
        from skipjack.functions.misc import file

        return file(self, io_config=io_config)

    def as_file(self) -> Expression:
        """Daft's spelling of casting paths to File[Unknown]."""
        from skipjack.datatype import DataType

        return self.cast(DataType.file())

    def file_path(self) -> Expression:
        """The path or URL of each File."""
        return _call("file_path", self)

    def hamming_distance(self, other: Any) -> Expression:
        """Differing bits between two hashes (equal-size binaries) or two integers."""
        return _call("hamming_distance", self, other)

    @property
    def image(self):
        """Daft's image namespace: ``col("img").image.resize(224, 224)``."""
        from skipjack.expressions.namespaces import ImageNamespace

        return ImageNamespace(self)

    def struct_get(self, name: str) -> Expression:
        """The field ``name`` of a struct column, named after the field."""
        return _call("struct_get", self, name).alias(name)

    @property
    def struct(self):
        """Daft's struct namespace: ``col("s").struct.get("field")``."""
        from skipjack.expressions.namespaces import StructNamespace

        return StructNamespace(self)

    @property
    def dt(self):
        """Older Daft namespace: ``col("t").dt.year()``."""
        from skipjack.expressions.namespaces import DatetimeNamespace

        return DatetimeNamespace(self)

    def __repr__(self) -> str:
        return repr(self._expr)


def col(name: str) -> Expression:
    """A reference to the column ``name``."""
    if not isinstance(name, str):
        raise TypeError(f"col() expects a column name (str), got {type(name).__name__}")
    return Expression(core.col(name))


def lit(value: Any) -> Expression:
    """A constant value, broadcast to every row."""
    if isinstance(value, Expression):
        return value
    return Expression(native_literal(value))


class WhenExpr(Expression):
    """``when(cond, value).when(...).otherwise(default)``: the first matching branch;
    rows no branch matches get ``default`` (null without ``otherwise``)."""

    __slots__ = ("_branches",)

    def __init__(self, branches: list[tuple[Any, Any]], otherwise: Any = None) -> None:
        self._branches = branches
        native = _native(otherwise)
        for condition, value in reversed(branches):
            native = core.call("if_else", [_native(condition), _native(value), native])
        super().__init__(native)

    def when(self, condition: Any, value: Any) -> WhenExpr:
        return WhenExpr(self._branches + [(condition, value)])

    def otherwise(self, value: Any) -> Expression:
        return Expression(WhenExpr(self._branches, value)._expr)


def when(condition: Any, value: Any) -> WhenExpr:
    """Starts a conditional: ``when(col("a") > 0, "pos").otherwise("neg")``."""
    return WhenExpr([(condition, value)])


__all__ = ["Expression", "WhenExpr", "col", "lit", "when"]
