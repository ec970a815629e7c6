"""File columns: Daft's File[media] type (struct<url, io_config, position, size> in
daft.super_extension) and its values as File objects. The io_config bytes are our own
(a pickled IOConfig, empty for the default)."""

from __future__ import annotations

import json

import cloudpickle
import numpy as np
import pyarrow as pa

from skipjack.file.file import File

STORAGE = pa.struct([("url", pa.large_string()), ("io_config", pa.large_binary()),
                     ("position", pa.int64()), ("size", pa.int64())])


def file_type(media: str = "Unknown") -> pa.DataType:
    from skipjack.logical_types import _extension

    return _extension(STORAGE, json.dumps({"File": media}))


def _config_bytes(file: File) -> bytes:
    return b"" if file.io_config is None else cloudpickle.dumps(file.io_config)


def storage_of(values: list, mask: np.ndarray) -> pa.StructArray:
    files = [_as_file(v) for v in values]
    urls = [None if f is None else f.path for f in files]
    configs = [b"" if f is None else _config_bytes(f) for f in files]
    positions = [None if f is None else f.position for f in files]
    sizes = [None if f is None else f._size for f in files]
    return pa.StructArray.from_arrays(
        [pa.array(urls, pa.large_string()), pa.array(configs, pa.large_binary()),
         pa.array(positions, pa.int64()), pa.array(sizes, pa.int64())],
        fields=list(STORAGE), mask=pa.array(mask))


def _as_file(value) -> File | None:
    if value is None or isinstance(value, File):
        return value
    if isinstance(value, str):
        return File(value)
    raise TypeError(f"a File column takes skipjack.File values or path strings, got "
                    f"{type(value).__name__}")


def files_of(storage: pa.StructArray, valid: list[bool]) -> list:
    urls = storage.field("url").to_pylist()
    configs = storage.field("io_config").to_pylist()
    positions = storage.field("position").to_pylist()
    sizes = storage.field("size").to_pylist()
    loaded: dict[bytes, object] = {b"": None, None: None}
    out = []
    for url, config, position, size, ok in zip(urls, configs, positions, sizes, valid):
        if not ok:
            out.append(None)
            continue
        if config not in loaded:
            loaded[config] = _load_config(config)
        out.append(File(url, loaded[config], position=position, size=size))
    return out


def _load_config(blob: bytes):
    try:
        return cloudpickle.loads(blob)
    except Exception:
        return None  # written by another engine (Daft's own encoding): default settings


def describe(storage_row: dict, media: str) -> str:
    """Daft's cell text: Unknown(path: /data/a.mp3)."""
    return f"{media}(path: {storage_row['url']})"
