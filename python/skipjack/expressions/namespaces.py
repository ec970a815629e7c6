"""The ``.str`` and ``.dt`` namespaces of Daft before 0.7 (``col("s").str.lower()``,
``col("t").dt.year()``), kept so older code runs unchanged. Each method forwards to the
flat Expression method."""

from __future__ import annotations

from typing import Any


class StringNamespace:
    __slots__ = ("_expr",)

    def __init__(self, expr) -> None:
        self._expr = expr

    def lower(self):
        return self._expr.lower()

    def upper(self):
        return self._expr.upper()

    def capitalize(self):
        return self._expr.capitalize()

    def reverse(self):
        return self._expr.reverse()

    def strip(self):
        return self._expr.strip()

    def lstrip(self):
        return self._expr.lstrip()

    def rstrip(self):
        return self._expr.rstrip()

    def length(self):
        return self._expr.length()

    def contains(self, pattern: Any):
        return self._expr.contains(pattern)

    def startswith(self, prefix: Any):
        return self._expr.startswith(prefix)

    def endswith(self, suffix: Any):
        return self._expr.endswith(suffix)

    def replace(self, pattern: Any, replacement: Any, regex: bool = False):
        if regex:
            return self._expr.regexp_replace(pattern, replacement)
        return self._expr.replace(pattern, replacement)

    def split(self, pattern: Any, regex: bool = False):
        if regex:
            return self._expr.regexp_split(pattern)
        return self._expr.split(pattern)

    def match(self, pattern: Any):
        return self._expr.regexp(pattern)

    def substr(self, start: Any, length: Any = None):
        return self._expr.substr(start, length)

    def left(self, n: Any):
        return self._expr.left(n)

    def right(self, n: Any):
        return self._expr.right(n)

    def like(self, pattern: str):
        return self._expr.like(pattern)

    def ilike(self, pattern: str):
        return self._expr.ilike(pattern)


class DatetimeNamespace:
    __slots__ = ("_expr",)

    _FORWARDED = ("year", "month", "day", "day_of_week", "day_of_year", "week_of_year",
                  "quarter", "hour", "minute", "second", "millisecond", "microsecond",
                  "nanosecond", "date")

    def __init__(self, expr) -> None:
        self._expr = expr

    def __getattr__(self, name: str):
        if name in DatetimeNamespace._FORWARDED:
            return getattr(self._expr, name)
        raise AttributeError(f"'.dt' has no method '{name}'")

    def __dir__(self):
        return list(DatetimeNamespace._FORWARDED)

    def concat(self, other: Any):
        return self._expr + other


class StructNamespace:
    __slots__ = ("_expr",)

    def __init__(self, expr) -> None:
        self._expr = expr

    def get(self, name: str):
        return self._expr.struct_get(name)


class ImageNamespace:
    """``.image`` as older Daft spelled the image functions."""

    __slots__ = ("_expr",)

    def __init__(self, expr) -> None:
        self._expr = expr

    def decode(self, on_error: str = "raise", mode: Any = "RGB"):
        return self._expr.decode_image(on_error=on_error, mode=mode)

    def encode(self, image_format: Any):
        return self._expr.encode_image(image_format)

    def resize(self, w: int, h: int):
        return self._expr.resize(w, h)

    def crop(self, bbox: Any):
        return self._expr.crop(bbox)

    def to_mode(self, mode: Any):
        return self._expr.convert_image(mode)

    def to_tensor(self):
        return self._expr.image_to_tensor()


class UrlNamespace:
    __slots__ = ("_expr",)

    def __init__(self, expr) -> None:
        self._expr = expr

    def download(self, max_connections: int = 32, on_error: str = "raise", io_config=None):
        return self._expr.download(max_connections=max_connections, on_error=on_error,
                                   io_config=io_config)

    def upload(self, location, max_connections: int = 32, on_error: str = "raise", io_config=None):
        return self._expr.upload(location, max_connections=max_connections, on_error=on_error,
                                 io_config=io_config)
