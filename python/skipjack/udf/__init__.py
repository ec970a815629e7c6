"""Python user-defined functions: ``@func`` (row-wise, async, generator, batch),
``@cls`` + ``@method`` (stateful), and the legacy ``@udf``. See docs/dev/udfs.md for
how they run (threads, worker processes, the UDFProject operator)."""

from skipjack.udf.cls import cls, method
from skipjack.udf.func import Func, func
from skipjack.udf.legacy import UDF, udf

__all__ = ["Func", "UDF", "cls", "func", "method", "udf"]
