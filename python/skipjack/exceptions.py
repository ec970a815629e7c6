"""Exceptions raised by Skipjack.

Every error the engine reports derives from :class:`SkipjackError` and also from the
closest built-in exception, so existing ``except ValueError`` / ``except KeyError``
code keeps working. The native module raises these classes by name (see
``python/bindings/errors.cc``).
"""

from __future__ import annotations


class SkipjackError(Exception):
    """Base class of every error raised by Skipjack."""


class InvalidError(SkipjackError, ValueError):
    """An argument or a value is invalid (e.g. a negative limit, duplicate column names)."""


class DataTypeError(SkipjackError, TypeError):
    """An expression or operation received values of a type it cannot handle."""


class SkipjackKeyError(SkipjackError, KeyError):
    """A name (function, option, ...) does not exist."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0]) if self.args else ""


class ColumnNotFoundError(SkipjackKeyError):
    """A column name does not exist; the message suggests the closest names."""


class SkipjackIndexError(SkipjackError, IndexError):
    """An index is out of range."""


class SkipjackIOError(SkipjackError, OSError):
    """Reading or writing data failed."""


class SkipjackFileNotFoundError(SkipjackIOError, FileNotFoundError):
    """A path or glob names no file."""


class SkipjackMemoryError(SkipjackError, MemoryError):
    """The engine ran out of memory."""


class SkipjackNotImplementedError(SkipjackError, NotImplementedError):
    """The engine does not support this combination of operation and types."""


class CancelledError(SkipjackError):
    """The query was cancelled."""


class ComputeError(SkipjackError):
    """A computation failed while the query ran."""


class UDFException(ComputeError):
    """A user-defined function raised an exception; its message names the function and
    the input values, and the user's exception (with its traceback) is the cause."""


class UDFWorkerError(ComputeError):
    """A UDF worker process died (a crash, a signal, os._exit) while running a batch."""


__all__ = [
    "CancelledError",
    "UDFException",
    "UDFWorkerError",
    "ColumnNotFoundError",
    "ComputeError",
    "DataTypeError",
    "InvalidError",
    "SkipjackError",
    "SkipjackFileNotFoundError",
    "SkipjackIOError",
    "SkipjackIndexError",
    "SkipjackKeyError",
    "SkipjackMemoryError",
    "SkipjackNotImplementedError",
]
