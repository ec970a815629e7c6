"""read_parquet, read_csv, read_json and from_glob_path, with Daft's arguments.

Readers list the files and read what metadata they need (Parquet footers, the first
block of a CSV or JSON file) when called, so a wrong path or a corrupt file fails at
once; the rows are read when the query runs, streaming, with the optimizer's column,
filter and limit pushdowns applied in the scan.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from skipjack._native import core
from skipjack.dataframe.dataframe import DataFrame
from skipjack.datatype import DataType, to_arrow_type
from skipjack.io.config import IOConfig, io_config_dict

PathLike = Any  # str | pathlib.Path | list of them


def _paths(path: PathLike) -> list[str]:
    paths = list(path) if isinstance(path, (list, tuple)) else [path]
    if not paths:
        raise ValueError("Expected at least one path to read")
    out = []
    for p in paths:
        if not isinstance(p, str) and not hasattr(p, "__fspath__"):
            raise TypeError(f"Paths must be strings or path-like objects, got {type(p).__name__}")
        out.append(str(p))
    return out


def _schema(schema: dict[str, DataType] | None) -> pa.Schema | None:
    if schema is None:
        return None
    if not isinstance(schema, dict):
        raise TypeError("schema= must be a dict of column name to DataType")
    return pa.schema([pa.field(name, to_arrow_type(dtype)) for name, dtype in schema.items()])


def _read(fmt: str, path: PathLike, options: dict) -> DataFrame:
    return DataFrame(core.read_files(fmt, _paths(path), options))


def read_parquet(path: PathLike, row_groups: list[list[int]] | None = None,
                 infer_schema: bool = True, schema: dict[str, DataType] | None = None,
                 io_config: IOConfig | None = None, file_path_column: str | None = None,
                 hive_partitioning: bool = False, coerce_int96_timestamp_unit: Any = None,
                 ignore_corrupt_files: bool = False, **_private: Any) -> DataFrame:
    """Reads Parquet files: a path, a directory, a glob (``**`` for any depth) or a list
    of these, local or ``s3://``."""
    return _read("parquet", path, {
        "row_groups": row_groups, "infer_schema": infer_schema, "schema": _schema(schema),
        "io_config": io_config_dict(io_config), "file_path_column": file_path_column,
        "hive_partitioning": hive_partitioning, "ignore_corrupt_files": ignore_corrupt_files,
    })


def read_csv(path: PathLike, infer_schema: bool = True,
             schema: dict[str, DataType] | None = None, has_headers: bool = True,
             delimiter: str | None = None, double_quote: bool = True, quote: str | None = None,
             escape_char: str | None = None, comment: str | None = None,
             allow_variable_columns: bool = False, io_config: IOConfig | None = None,
             file_path_column: str | None = None, hive_partitioning: bool = False,
             ignore_corrupt_files: bool = False, **_private: Any) -> DataFrame:
    """Reads CSV files (plain or .gz/.zst/.bz2). The schema comes from the first file."""
    if comment is not None:
        raise ValueError("read_csv(comment=...) is not supported; remove comment lines first")
    return _read("csv", path, {
        "infer_schema": infer_schema, "schema": _schema(schema), "has_headers": has_headers,
        "delimiter": delimiter, "double_quote": double_quote, "quote": quote,
        "escape_char": escape_char, "allow_variable_columns": allow_variable_columns,
        "io_config": io_config_dict(io_config), "file_path_column": file_path_column,
        "hive_partitioning": hive_partitioning,
    })


def read_json(path: PathLike, infer_schema: bool = True,
              schema: dict[str, DataType] | None = None, io_config: IOConfig | None = None,
              file_path_column: str | None = None, hive_partitioning: bool = False,
              skip_empty_files: bool = False, **_private: Any) -> DataFrame:
    """Reads newline-delimited JSON files (plain or compressed)."""
    return _read("json", path, {
        "infer_schema": infer_schema, "schema": _schema(schema),
        "io_config": io_config_dict(io_config), "file_path_column": file_path_column,
        "hive_partitioning": hive_partitioning,
    })


def from_glob_path(path: PathLike, io_config: IOConfig | None = None) -> DataFrame:
    """The files matching ``path`` as rows of (path, size, num_rows); num_rows is the
    row count of Parquet files and null for others. No match gives an empty frame."""
    paths, sizes, rows = core.glob_files(_paths(path), {"io_config": io_config_dict(io_config)})
    table = pa.table({"path": pa.array(paths, pa.large_string()),
                      "size": pa.array(sizes, pa.int64()),
                      "num_rows": pa.array(rows, pa.int64())})
    from skipjack.convert import from_arrow

    return from_arrow(table)
