"""read_lance and write_lance through pylance, streaming both ways.

Reading: the plan's column and limit pushdowns go to Lance's scanner; each execution
opens a fresh scan. Writing: the query's rows stream into ``lance.write_dataset`` as an
Arrow stream, never collected first; Lance commits a new version only when every row
is written, so a failed write leaves the dataset as it was.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from skipjack._native import core
from skipjack.io.config import IOConfig

_MODES = ("create", "append", "overwrite")


def _lance():
    try:
        import lance
    except ImportError as error:
        raise ImportError("read_lance/write_lance need the pylance package: "
                          "pip install pylance") from error
    return lance


def _storage_options(io_config: IOConfig | None) -> dict | None:
    if io_config is None:
        return None
    s3 = io_config.s3
    options = {}
    if s3.key_id:
        options["aws_access_key_id"] = s3.key_id
    if s3.access_key:
        options["aws_secret_access_key"] = s3.access_key
    if s3.session_token:
        options["aws_session_token"] = s3.session_token
    if s3.region_name:
        options["aws_region"] = s3.region_name
    if s3.endpoint_url:
        options["aws_endpoint"] = s3.endpoint_url
        if s3.endpoint_url.startswith("http://"):
            options["allow_http"] = "true"
    return options or None


def read_lance(url: str, io_config: IOConfig | None = None, version: int | str | None = None,
               asof: Any = None, **_unused: Any):
    """A DataFrame over a Lance dataset (a local path or an ``s3://`` URI)."""
    from skipjack.dataframe.dataframe import DataFrame

    lance = _lance()
    storage = _storage_options(io_config)
    dataset = lance.dataset(str(url), version=version, asof=asof, storage_options=storage)

    def open_scan(columns, limit):
        return dataset.scanner(columns=columns, limit=limit).to_reader()

    plan = core.from_external("Lance", str(url), dataset.schema, dataset.count_rows(), open_scan)
    return DataFrame(plan)


def write_lance(df, uri: Any, mode: str = "create", io_config: IOConfig | None = None,
                schema: pa.Schema | None = None, **kwargs: Any):
    """Writes the rows as a Lance dataset; returns one row of the dataset's state after
    the write (num_fragments, num_deleted_rows, num_small_files, version), as Daft."""
    from skipjack.convert import from_pydict

    if mode not in _MODES:
        raise ValueError(f"write_lance mode must be one of {', '.join(_MODES)}, got {mode!r}")
    lance = _lance()
    storage = _storage_options(io_config)
    reader = pa.RecordBatchReader.from_stream(df)
    if schema is not None:
        reader = reader.cast(schema)
    lance.write_dataset(reader, str(uri), mode=mode, storage_options=storage, **kwargs)
    dataset = lance.dataset(str(uri), storage_options=storage)
    stats = dataset.stats.dataset_stats()
    return from_pydict({
        "num_fragments": pa.array([stats["num_fragments"]], pa.int64()),
        "num_deleted_rows": pa.array([stats["num_deleted_rows"]], pa.int64()),
        "num_small_files": pa.array([stats["num_small_files"]], pa.int64()),
        "version": pa.array([dataset.version], pa.int64()),
    })
