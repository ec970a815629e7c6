"""Skipjack: a multimodal DataFrame engine with a C++ core on Apache Arrow and a
Daft-compatible Python API.

    import skipjack as sj
    df = sj.from_pydict({"a": [1, 2, 3], "s": ["x", "y", "z"]})
    df.with_column("b", sj.col("a") * 2).where(sj.col("b") > 2).show()
"""

from skipjack._native import core as _core  # checks pyarrow first, then loads the engine

from skipjack import functions
from skipjack.context import execution_config_ctx, get_execution_config, set_execution_config
from skipjack.convert import concat, from_arrow, from_pandas, from_pydict, from_pylist
from skipjack.dataframe import DataFrame
from skipjack.datatype import DataType, TimeUnit
from skipjack.expressions import Expression, col, lit
from skipjack.file import File, MediaType
from skipjack.io import (
    IOConfig,
    HTTPConfig,
    S3Config,
    from_glob_path,
    read_csv,
    read_json,
    read_lance,
    read_parquet,
)
from skipjack.image_enums import ImageFormat, ImageMode
from skipjack.logical_types import _register_renderers
from skipjack.schema import Schema
from skipjack.series import Series
from skipjack.udf import cls, func, method, udf

_register_renderers()

__version__ = "0.1.0"

__all__ = [
    "DataFrame",
    "DataType",
    "Expression",
    "File",
    "IOConfig",
    "HTTPConfig",
    "ImageFormat",
    "ImageMode",
    "MediaType",
    "S3Config",
    "Schema",
    "Series",
    "TimeUnit",
    "cls",
    "col",
    "concat",
    "execution_config_ctx",
    "from_arrow",
    "from_glob_path",
    "from_pandas",
    "from_pydict",
    "from_pylist",
    "func",
    "functions",
    "get_execution_config",
    "lit",
    "method",
    "read_csv",
    "read_json",
    "read_lance",
    "read_parquet",
    "set_execution_config",
    "udf",
]
