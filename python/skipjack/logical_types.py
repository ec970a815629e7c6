"""Daft's logical types without an Arrow equivalent: Tensor, Embedding, Image, File and
Python objects. Their Arrow type is the engine's ``daft.super_extension`` extension type (see
cpp/src/skipjack/types/daft_extension.h) over Daft's physical storage; fixed-shape
tensors are Arrow's ``arrow.fixed_shape_tensor``. This module builds those types and
converts their values to and from Python (numpy arrays, PIL images, any object)."""

from __future__ import annotations

import functools
import json
from typing import Any

import cloudpickle
import numpy as np
import pyarrow as pa

from skipjack._native import core

DAFT_EXTENSION = "daft.super_extension"
FIXED_SHAPE_TENSOR = "arrow.fixed_shape_tensor"

_SERDE_NAMES = {
    pa.int8(): "Int8", pa.int16(): "Int16", pa.int32(): "Int32", pa.int64(): "Int64",
    pa.uint8(): "UInt8", pa.uint16(): "UInt16", pa.uint32(): "UInt32", pa.uint64(): "UInt64",
    pa.float16(): "Float16", pa.float32(): "Float32", pa.float64(): "Float64",
    pa.bool_(): "Boolean", pa.large_string(): "Utf8", pa.string(): "Utf8",
    pa.large_binary(): "Binary", pa.binary(): "Binary", pa.null(): "Null",
}
_FROM_SERDE = {name: t for t, name in _SERDE_NAMES.items() if t not in (pa.string(), pa.binary())}

# ImageMode codes and pixel types (Daft's ImageMode enum).
IMAGE_MODES = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4, "L16": 5, "LA16": 6, "RGB16": 7,
               "RGBA16": 8, "RGB32F": 9, "RGBA32F": 10}
_MODE_NAMES = {code: name for name, code in IMAGE_MODES.items()}


def _channels(mode: str) -> int:
    return {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4}[mode.rstrip("0123456789F").replace("32", "")]


def _pixel_type(mode: str | None) -> pa.DataType:
    if mode is None or mode in ("L", "LA", "RGB", "RGBA"):
        return pa.uint8()
    return pa.float32() if mode.endswith("32F") else pa.uint16()


def _serde(value_type: pa.DataType) -> Any:
    logical = logical_type_of(value_type)
    if logical is not None:
        return logical
    try:
        return _SERDE_NAMES[value_type]
    except KeyError:
        raise TypeError(f"{value_type} cannot be the element type of a tensor or embedding") from None


@functools.lru_cache(maxsize=None)
def _extension(storage: pa.DataType, datatype_json: str) -> pa.DataType:
    metadata = json.dumps({"datatype": json.loads(datatype_json)}, separators=(",", ":"))
    return pa.schema(core.daft_extension_schema(storage, metadata)).field(0).type


# -- types ---------------------------------------------------------------------------------

def tensor_type(value_type: pa.DataType, shape: tuple[int, ...] | None = None) -> pa.DataType:
    if shape is not None:
        return pa.fixed_shape_tensor(value_type, list(shape))
    storage = pa.struct([("data", pa.large_list(value_type)), ("shape", pa.large_list(pa.uint64()))])
    return _extension(storage, json.dumps({"Tensor": _serde(value_type)}))


def embedding_type(value_type: pa.DataType, size: int) -> pa.DataType:
    return _extension(pa.list_(value_type, size), json.dumps({"Embedding": [_serde(value_type), size]}))


def python_type() -> pa.DataType:
    return _extension(pa.large_binary(), json.dumps("Python"))


def image_type(mode: str | None = None, height: int | None = None,
               width: int | None = None) -> pa.DataType:
    if mode is not None and mode not in IMAGE_MODES:
        raise ValueError(f"unknown image mode {mode!r}; expected one of {', '.join(IMAGE_MODES)}")
    if (height is None) != (width is None):
        raise ValueError("give both height and width for a fixed-shape image, or neither")
    pixel = _pixel_type(mode)
    if height is not None:
        if mode is None:
            raise ValueError("a fixed-shape image needs a mode")
        storage = pa.list_(pixel, _channels(mode) * height * width)
        return _extension(storage, json.dumps({"FixedShapeImage": [mode, height, width]}))
    storage = pa.struct([("data", pa.large_list(pixel)), ("channel", pa.uint16()),
                         ("height", pa.uint32()), ("width", pa.uint32()), ("mode", pa.uint8())])
    return _extension(storage, json.dumps({"Image": mode}))


@functools.lru_cache(maxsize=None)
def _parsed(metadata: str) -> Any:
    return json.loads(metadata).get("datatype")


def logical_type_of(arrow_type: pa.DataType) -> Any:
    """The Daft serde form of an extension type ({"Tensor": "Float32"}, "Python", ...), or
    None for plain Arrow types."""
    if not isinstance(arrow_type, pa.BaseExtensionType):
        return None
    if arrow_type.extension_name == FIXED_SHAPE_TENSOR:
        return {"FixedShapeTensor": [_serde(arrow_type.value_type), list(arrow_type.shape)]}
    if arrow_type.extension_name == DAFT_EXTENSION:
        metadata = core.daft_extension_metadata(arrow_type)
        return None if metadata is None else _parsed(metadata)
    return None


def _variant(logical: Any) -> tuple[str, Any]:
    if isinstance(logical, str):
        return logical, None
    (name, value), = logical.items()
    return name, value


def is_logical(arrow_type: pa.DataType) -> bool:
    return logical_type_of(arrow_type) is not None


# -- Arrow -> Python -------------------------------------------------------------------------

def to_python(array: pa.Array | pa.ChunkedArray) -> list:
    """Python values of a column: numpy arrays for tensors, embeddings and images (H x W x C),
    the original objects for Python columns."""
    if isinstance(array, pa.ChunkedArray):
        return [v for chunk in array.chunks for v in to_python(chunk)]
    logical = logical_type_of(array.type)
    if logical is None:
        return array.to_pylist()
    storage = array.storage
    name, value = _variant(logical)
    valid = storage.is_valid().to_pylist() if storage.null_count else [True] * len(storage)
    if name == "Python":
        return [cloudpickle.loads(b) if ok else None for b, ok in zip(storage.to_pylist(), valid)]
    if name == "Tensor":
        data, shapes = _list_rows(storage.field("data")), storage.field("shape").to_pylist()
        return [np.asarray(d).reshape(s) if ok else None for d, s, ok in zip(data, shapes, valid)]
    if name in ("FixedShapeTensor", "Embedding", "FixedShapeImage"):
        width = storage.type.list_size
        flat = storage.values.slice(storage.offset * width, len(storage) * width)
        flat = flat.to_numpy(zero_copy_only=False)
        if name == "FixedShapeTensor":
            shape = tuple(value[1])
        elif name == "Embedding":
            shape = (width,)
        else:
            mode, height, image_width = value
            shape = (height, image_width, _channels(mode))
        return [flat[i * width:(i + 1) * width].reshape(shape) if ok else None
                for i, ok in enumerate(valid)]
    if name == "File":
        from skipjack.file.column import files_of

        return files_of(storage, valid)
    if name == "Image":
        data = _list_rows(storage.field("data"))
        heights = storage.field("height").to_pylist()
        widths = storage.field("width").to_pylist()
        channels = storage.field("channel").to_pylist()
        return [np.asarray(d).reshape(h, w, c) if ok else None
                for d, h, w, c, ok in zip(data, heights, widths, channels, valid)]
    return storage.to_pylist()


def _list_rows(lists: pa.Array) -> list:
    """Each row of a list array as a numpy array (views into one flat buffer)."""
    offsets = lists.offsets.to_numpy()
    values = lists.values.to_numpy(zero_copy_only=False)
    return [values[offsets[i]:offsets[i + 1]] for i in range(len(lists))]


def table_to_pydict(table: pa.Table) -> dict[str, list]:
    return {name: to_python(table.column(name)) for name in table.column_names}


def table_to_pylist(table: pa.Table) -> list[dict[str, Any]]:
    columns = table_to_pydict(table)
    names = list(columns)
    return [dict(zip(names, row)) for row in zip(*columns.values())] if names else []


def has_logical_columns(schema: pa.Schema) -> bool:
    return any(is_logical(field.type) for field in schema)


# -- Python -> Arrow -------------------------------------------------------------------------

def _as_ndarray(value: Any) -> np.ndarray:
    if isinstance(value, np.ndarray):
        return value
    if type(value).__module__.startswith("PIL."):
        return np.asarray(value)
    if hasattr(value, "numpy") and callable(value.numpy):  # torch / tf tensors
        return np.asarray(value.detach().cpu().numpy() if hasattr(value, "detach") else value.numpy())
    return np.asarray(value)


def from_python(values: list, arrow_type: pa.DataType) -> pa.Array:
    """A column of the logical type `arrow_type` from Python values (None is null)."""
    name, value = _variant(logical_type_of(arrow_type))
    mask = np.array([v is None for v in values], dtype=bool)
    storage_type = arrow_type.storage_type
    if name == "Python":
        storage = pa.array([None if v is None else cloudpickle.dumps(v) for v in values],
                           type=storage_type)
    elif name == "Tensor":
        element = storage_type.field("data").type.value_type
        arrays = [None if v is None else _as_ndarray(v) for v in values]
        data = _large_list([None if a is None else a.reshape(-1) for a in arrays], element)
        shapes = _large_list([None if a is None else np.asarray(a.shape, dtype=np.uint64)
                              for a in arrays], pa.uint64())
        storage = pa.StructArray.from_arrays([data, shapes], fields=list(storage_type),
                                             mask=pa.array(mask))
    elif name in ("FixedShapeTensor", "Embedding", "FixedShapeImage"):
        width = storage_type.list_size
        element = storage_type.value_type
        rows = [np.zeros(width) if v is None else _as_ndarray(v).reshape(-1) for v in values]
        for row, v in zip(rows, values):
            if v is not None and row.size != width:
                raise ValueError(f"a value of shape {_as_ndarray(v).shape} does not fit "
                                 f"{core.type_display_name(arrow_type)} ({width} elements)")
        flat = pa.array(np.concatenate(rows) if rows else np.zeros(0), type=element)
        storage = pa.FixedSizeListArray.from_arrays(flat, width, mask=pa.array(mask))
    elif name == "Image":
        storage = _image_storage(values, value, storage_type, mask)
    elif name == "File":
        from skipjack.file.column import storage_of

        storage = storage_of(values, mask)
    else:
        raise TypeError(f"cannot build values of {arrow_type}")
    return pa.ExtensionArray.from_storage(arrow_type, storage)


def _large_list(rows: list, element: pa.DataType) -> pa.Array:
    lengths = np.array([0 if r is None else len(r) for r in rows], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    present = [r for r in rows if r is not None]
    flat = pa.array(np.concatenate(present) if present else np.zeros(0), type=element)
    nulls = pa.array([r is None for r in rows])
    return pa.LargeListArray.from_arrays(pa.array(offsets, type=pa.int64()), flat, mask=nulls)


def _pixels_fit(array: np.ndarray, dtype: np.dtype) -> bool:
    """Whether the values keep their meaning as `dtype` samples (integers in range)."""
    if np.can_cast(array.dtype, dtype):
        return True
    if array.dtype.kind in "ui" and np.dtype(dtype).kind == "u":
        limit = np.iinfo(dtype).max
        return array.size == 0 or (array.min() >= 0 and array.max() <= limit)
    return False


def _image_storage(values: list, mode: str | None, storage_type: pa.DataType,
                   mask: np.ndarray) -> pa.Array:
    pixels, channels, heights, widths, modes = [], [], [], [], []
    for v in values:
        if v is None:
            pixels.append(None)
            channels.append(0), heights.append(0), widths.append(0), modes.append(0)
            continue
        if type(v).__module__.startswith("PIL.") and v.mode not in ("L", "LA", "RGB", "RGBA"):
            raise TypeError(f"row {len(pixels)}: a PIL image of mode {v.mode!r}; images take L, LA, "
                            f"RGB or RGBA PIL images (convert it first, e.g. image.convert('RGB')), "
                            f"or numpy arrays of uint16 / float32 cast to Image['L16'], "
                            f"Image['RGB16'], Image['RGB32F'] ...")
        array = _as_ndarray(v)
        if array.ndim == 2:
            array = array[:, :, None]
        if array.ndim != 3 or array.shape[2] not in (1, 2, 3, 4):
            raise ValueError(f"an image must be H x W or H x W x C with 1-4 channels, got "
                             f"shape {array.shape}")
        value_mode = mode or {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}[array.shape[2]]
        pixel = storage_type[0].type.value_type
        if not _pixels_fit(array, pixel.to_pandas_dtype()):
            raise TypeError(f"row {len(pixels)}: {array.dtype} pixels do not fit "
                            f"Image[{mode or 'MIXED'}], which holds {pixel} samples")
        pixels.append(array.reshape(-1))
        channels.append(array.shape[2]), heights.append(array.shape[0])
        widths.append(array.shape[1]), modes.append(IMAGE_MODES[value_mode])
    fields = list(storage_type)
    data = _large_list(pixels, fields[0].type.value_type)
    return pa.StructArray.from_arrays(
        [data, pa.array(channels, pa.uint16()), pa.array(heights, pa.uint32()),
         pa.array(widths, pa.uint32()), pa.array(modes, pa.uint8())],
        fields=fields, mask=pa.array(mask))


def infer_column(values: list) -> pa.Array | None:
    """A column for Python values that Arrow has no type for: numpy arrays -> Tensor of
    their dtype, PIL images -> Image[MIXED], anything else -> Python. None when Arrow
    can type the values itself."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(isinstance(v, np.ndarray) for v in present):
        dtypes = {v.dtype for v in present}
        if len(dtypes) == 1 and dtypes.pop().kind in "biuf":
            return from_python(values, tensor_type(pa.from_numpy_dtype(present[0].dtype)))
        return from_python(values, python_type())
    if all(type(v).__module__.startswith("PIL.") for v in present):
        return from_python(values, image_type())
    from skipjack.file import File
    from skipjack.file.column import file_type

    if all(isinstance(v, File) for v in present):
        return from_python(values, file_type())
    return None


# -- display ---------------------------------------------------------------------------------

_SPARK = "▁▂▃▄▅▆▇█"


def render_cell(scalar: pa.Scalar) -> str:
    """Daft's text for one non-null value of a logical type."""
    name, value = _variant(logical_type_of(scalar.type))
    if name == "Tensor":
        shape = scalar.value["shape"].as_py()
        return f"<Tensor shape=({', '.join(map(str, shape))})>"
    if name == "FixedShapeTensor":
        return "<FixedShapeTensor>"
    if name == "Image":
        return "<Image>"
    if name == "FixedShapeImage":
        return "<FixedShapeImage>"
    if name == "Embedding":
        values = np.asarray(scalar.value.as_py(), dtype=float)
        low, high = values.min(), values.max()
        if high <= low:
            return _SPARK[0] * len(values)
        levels = np.round((values - low) / (high - low) * (len(_SPARK) - 1)).astype(int)
        return "".join(_SPARK[i] for i in levels)
    if name == "Python":
        return str(cloudpickle.loads(scalar.value.as_py()))
    if name == "File":
        from skipjack.file.column import describe

        return describe(scalar.value.as_py(), value)
    return str(scalar.value.as_py())


def _register_renderers() -> None:
    from skipjack.dataframe.display import register_extension_renderer

    register_extension_renderer(DAFT_EXTENSION, render_cell)
    register_extension_renderer(FIXED_SHAPE_TENSOR, render_cell)
