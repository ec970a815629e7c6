"""write_parquet, write_csv and write_json, with Daft's arguments and result.

A write runs at once (like Daft's) and returns a DataFrame with one row per file
written: its ``path`` and the values of the partition columns. Files appear under
their final names only after every row was written; a write that fails or is
interrupted leaves no file that looks complete.
"""

from __future__ import annotations

from typing import Any

from skipjack._native import core
from skipjack.io.config import IOConfig, io_config_dict

_MODES = ("append", "overwrite", "overwrite-partitions")


def write_files(df, fmt: str, root_dir: Any, write_mode: str = "append",
                partition_cols: list | None = None, io_config: IOConfig | None = None,
                **format_options: Any):
    from skipjack.dataframe.dataframe import DataFrame
    from skipjack.dataframe.execution import run_to_table

    if write_mode not in _MODES:
        raise ValueError(f"write_mode must be one of {', '.join(_MODES)}, got {write_mode!r}")
    if not isinstance(root_dir, str) and not hasattr(root_dir, "__fspath__"):
        raise TypeError(f"root_dir must be a path, got {type(root_dir).__name__}")
    columns = []
    for column in partition_cols or []:
        name = column if isinstance(column, str) else column.name()
        df.schema()[name]  # raises ColumnNotFoundError with suggestions
        columns.append(name)
    if write_mode == "overwrite-partitions" and not columns:
        raise ValueError("write_mode='overwrite-partitions' needs partition_cols")
    options = {"write_mode": write_mode, "partition_cols": columns,
               "io_config": io_config_dict(io_config), **format_options}
    plan = core.write_files(df._builder, fmt, str(root_dir), options)
    return DataFrame._from_table(run_to_table(plan, df._record_metrics))
