"""Tensor, Embedding, Image and Python values: Daft's types and display, round trips
through the engine, and UDFs that take and return numpy arrays, PIL images and objects
(in threads and in worker processes)."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pytest
from PIL import Image

import skipjack as sj
from skipjack import DataType, Series, col


class Box:
    def __init__(self, value):
        self.value = value

    def __repr__(self) -> str:
        return f"Box({self.value})"


def _shown(df) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        df.show()
    return buffer.getvalue()


def test_type_names_match_daft():
    assert [repr(t) for t in (
        DataType.tensor(DataType.float32()), DataType.tensor(DataType.float32(), shape=(3, 224, 224)),
        DataType.embedding(DataType.float32(), 4), DataType.python(), DataType.image("RGB"),
        DataType.image(), DataType.image("RGB", 224, 224))] == [
        "Tensor[Float32]", "Tensor[Float32; [3, 224, 224]]", "Embedding[Float32; 4]", "Python",
        "Image[RGB]", "Image[MIXED]", "Image[RGB; 224 x 224]"]
    assert DataType.tensor(DataType.int64()).is_tensor() and DataType.python().is_python()
    assert DataType.image("RGB", 2, 2).is_fixed_shape_image() and not DataType.int64().is_tensor()


def test_from_pydict_infers_tensor_and_python_and_shows_like_daft():
    df = sj.from_pydict({"t": [np.ones((2, 3), dtype=np.float32), None], "o": [Box(1), None],
                         "e": [np.ones(3), np.zeros(3)]})
    assert [repr(df.schema()[n].dtype) for n in "toe"] == ["Tensor[Float32]", "Python", "Tensor[Float64]"]
    text = _shown(df)
    assert "│ <Tensor shape=(2, 3)> ┆ Box(1) ┆ <Tensor shape=(3)> │" in text
    assert "│ None                  ┆ None   ┆ <Tensor shape=(3)> │" in text
    out = df.to_pydict()
    np.testing.assert_array_equal(out["t"][0], np.ones((2, 3), dtype=np.float32))
    assert out["t"][0].dtype == np.float32 and out["t"][1] is None
    assert isinstance(out["o"][0], Box) and out["o"][0].value == 1


def test_values_survive_filters_sorts_joins_and_arrow(engine_config):
    arrays = [np.arange(i * 2, dtype=np.int32).reshape(i, 2) for i in range(1, 6)]
    df = sj.from_pydict({"k": [5, 3, 1, 4, 2], "t": arrays, "o": [Box(i) for i in range(5)]})
    other = sj.from_pydict({"k": [1, 2, 3], "name": ["a", "b", "c"]})
    out = df.where(col("k") != 4).join(other, on="k").sort("k").to_pydict()
    assert out["k"] == [1, 2, 3] and out["name"] == ["a", "b", "c"]
    for k, t, o in zip(out["k"], out["t"], out["o"]):
        index = [5, 3, 1, 4, 2].index(k)
        np.testing.assert_array_equal(t, arrays[index])
        assert o.value == index
    table = df.to_arrow()
    assert repr(sj.from_arrow(table).schema()["t"].dtype) == "Tensor[Int32]"


def test_embeddings_and_fixed_shape_values():
    embed = DataType.embedding(DataType.float32(), 3)
    s = Series.from_pylist([np.array([0, 1, 2], dtype=np.float32), None], dtype=embed)
    df = sj.from_arrow(pa.table({"e": s.to_arrow()}))
    assert repr(df.schema()["e"].dtype) == "Embedding[Float32; 3]"
    assert "▁▅█" in _shown(df) or "▁▄█" in _shown(df)
    values = df.to_pydict()["e"]
    np.testing.assert_array_equal(values[0], [0, 1, 2]) and values[1] is None
    fixed = Series.from_pylist([np.ones((2, 2)), None], dtype=DataType.tensor(DataType.float64(), (2, 2)))
    assert fixed.to_pylist()[0].shape == (2, 2) and fixed.to_pylist()[1] is None


def test_images_from_numpy_and_pil():
    pixels = np.random.default_rng(1).integers(0, 255, (4, 5, 3), dtype=np.uint8)
    df = sj.from_pydict({"img": [Image.fromarray(pixels), None]})
    assert repr(df.schema()["img"].dtype) == "Image[MIXED]"
    assert "<Image>" in _shown(df)
    np.testing.assert_array_equal(df.to_pydict()["img"][0], pixels)
    rgb = Series.from_pylist([pixels], dtype=DataType.image("RGB", 4, 5))
    np.testing.assert_array_equal(rgb.to_pylist()[0], pixels)


# -- UDFs ----------------------------------------------------------------------------------

@sj.func(return_dtype=DataType.tensor(DataType.float32()))
def normalize_image(img):
    """The seed's ImageNet normalization, on an H x W x C tensor."""
    if img is None:
        return None
    mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
    std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
    return ((img.astype(np.float32) / 255.0 - mean) / std).transpose(2, 0, 1)


def _pictures(n: int) -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    return [rng.integers(0, 255, (6, 4, 3), dtype=np.uint8) for _ in range(n)]


def test_seed_normalize_image_on_tensors(engine_config):
    pictures = _pictures(9)
    df = sj.from_pydict({"id": list(range(9)), "tensor": pictures})
    out = df.with_column("normalized", normalize_image(col("tensor"))).to_pydict()
    assert repr(df.with_column("n", normalize_image(col("tensor"))).schema()["n"].dtype) == "Tensor[Float32]"
    for picture, normalized in zip(pictures, out["normalized"]):
        mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
        std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
        expected = ((picture.astype(np.float32) / 255.0 - mean) / std).transpose(2, 0, 1)
        assert normalized.shape == (3, 6, 4) and normalized.dtype == np.float32
        np.testing.assert_array_equal(normalized, expected)
    assert "<Tensor shape=(3, 6, 4)>" in _shown(df.with_column("n", normalize_image(col("tensor"))))


def test_udfs_on_images_return_images_and_numpy_hints(engine_config):
    pictures = _pictures(4)

    @sj.func
    def flip(img: np.ndarray) -> Image.Image:
        return Image.fromarray(img[:, ::-1])

    @sj.func
    def brightness(img: np.ndarray) -> npt.NDArray[np.float32]:
        return img.mean(axis=(0, 1)).astype(np.float32)

    df = sj.from_pydict({"img": [Image.fromarray(p) for p in pictures]})
    out = df.select(flip(col("img")).alias("flipped"), brightness(col("img")).alias("b"))
    schema = out.schema()
    assert repr(schema["flipped"].dtype) == "Image[MIXED]" and repr(schema["b"].dtype) == "Tensor[Float32]"
    values = out.to_pydict()
    for picture, flipped, b in zip(pictures, values["flipped"], values["b"]):
        np.testing.assert_array_equal(flipped, picture[:, ::-1])
        np.testing.assert_allclose(b, picture.mean(axis=(0, 1)), rtol=1e-6)


def test_python_objects_through_udfs_and_generators(engine_config):
    from typing import Iterator

    @sj.func
    def wrap(x: int) -> Box:
        return Box(x)

    @sj.func
    def unwrap(b: Box) -> int:
        return b.value * 10

    @sj.func
    def boxes(x: int) -> Iterator[Box]:
        for i in range(x):
            yield Box(i)

    df = sj.from_pydict({"x": [1, 2]})
    assert repr(df.select(wrap(col("x"))).schema()["x"].dtype) == "Python"
    assert df.select(unwrap(wrap(col("x")))).to_pydict() == {"x": [10, 20]}
    assert [b.value for b in df.select(boxes(col("x"))).to_pydict()["x"]] == [0, 0, 1]


def test_batch_udf_returning_tensors_and_process_mode():
    @sj.func.batch(return_dtype=DataType.tensor(DataType.uint8()))
    def squares(series: Series):
        return [np.full((v, v), v, dtype=np.uint8) for v in series.to_pylist()]

    @sj.func(use_process=True)
    def describe(t: np.ndarray) -> str:
        return f"{t.dtype}{t.shape}"

    df = sj.from_pydict({"v": [1, 2, 3]}).with_column("sq", squares(col("v")))
    assert df.select(describe(col("sq"))).to_pydict() == {"sq": ["uint8(1, 1)", "uint8(2, 2)", "uint8(3, 3)"]}


def test_wrong_tensor_values_are_a_clear_error():
    @sj.func(return_dtype=DataType.embedding(DataType.float32(), 3))
    def bad(x: int):
        return np.zeros(x)

    with pytest.raises(Exception, match=r"bad.*Embedding\[Float32; 3\]"):
        sj.from_pydict({"x": [3, 4]}).select(bad(col("x"))).to_pydict()


def test_seed_image_to_numpy_from_encoded_bytes(engine_config):
    """seeds/2: bytes in, a numpy array out as Tensor[UInt8]."""

    @sj.func(return_dtype=DataType.tensor(DataType.uint8()))
    def image_to_numpy(image_bytes):
        if image_bytes is None:
            return None
        img = Image.open(io.BytesIO(image_bytes))
        return np.array(img)

    pictures = _pictures(3)
    encoded = []
    for picture in pictures:
        buffer = io.BytesIO()
        Image.fromarray(picture).save(buffer, format="PNG")
        encoded.append(buffer.getvalue())
    df = sj.from_pydict({"bytes": encoded + [None]})
    out = df.select(image_to_numpy(col("bytes")).alias("arr"))
    assert repr(out.schema()["arr"].dtype) == "Tensor[UInt8]"
    values = out.to_pydict()["arr"]
    for picture, value in zip(pictures, values):
        np.testing.assert_array_equal(value, picture)
    assert values[3] is None


def test_tensor_and_python_columns_round_trip_parquet(tmp_path):
    df = sj.from_pydict({"t": [np.arange(6, dtype=np.float32).reshape(2, 3), None],
                         "o": [Box(5), None]})
    df.write_parquet(str(tmp_path / "out"))
    back = sj.read_parquet(str(tmp_path / "out"))
    assert repr(back.schema()["t"].dtype) == "Tensor[Float32]"
    assert repr(back.schema()["o"].dtype) == "Python"
    values = back.to_pydict()
    np.testing.assert_array_equal(values["t"][0], np.arange(6, dtype=np.float32).reshape(2, 3))
    assert values["o"][0].value == 5 and values["t"][1] is None


class _StandInTorch:
    """Just enough of torch / torchvision.transforms.functional for the seed's
    transform_image (torch is not installed in tests): tensors wrap numpy arrays."""

    class Tensor:
        def __init__(self, array: np.ndarray):
            self.array = array
            self.ndim, self.shape = array.ndim, array.shape

        def permute(self, *dims: int):
            return _StandInTorch.Tensor(self.array.transpose(dims))

        def detach(self):
            return self

        def cpu(self):
            return self

        def numpy(self):
            return self.array

    @staticmethod
    def from_numpy(array: np.ndarray):
        return _StandInTorch.Tensor(array)

    @staticmethod
    def resize(tensor, size: list[int]):
        """Nearest-neighbour resize of a C x H x W tensor."""
        channels, height, width = tensor.shape
        rows = (np.arange(size[0]) * height // size[0])[:, None]
        cols = (np.arange(size[1]) * width // size[1])[None, :]
        return _StandInTorch.Tensor(tensor.array[:, rows, cols])


def test_seed_transform_image_with_stand_in_torch(engine_config):
    torch = F = _StandInTorch

    @sj.func(return_dtype=DataType.tensor(DataType.float32()))
    def transform_image(image_tensor):
        if image_tensor is None:
            return None

        # Assuming input is already a tensor or numpy array
        if isinstance(image_tensor, np.ndarray):
            image_tensor = torch.from_numpy(image_tensor)

        # Ensure channel-first format (C, H, W) for torchvision
        if image_tensor.ndim == 3 and image_tensor.shape[-1] == 3:
            image_tensor = image_tensor.permute(2, 0, 1)

        # Apply torchvision transforms using F
        image_tensor = F.resize(image_tensor, [224, 224])

        return image_tensor

    pictures = _pictures(2)
    df = sj.from_pydict({"tensor": pictures + [None]})
    values = df.select(transform_image(col("tensor"))).to_pydict()["tensor"]
    for picture, value in zip(pictures, values):
        assert value.shape == (3, 224, 224) and value.dtype == np.float32
        np.testing.assert_array_equal(value[:, 0, 0], picture[0, 0, :])
        np.testing.assert_array_equal(value[:, 223, 223], picture[-1, -1, :])
    assert values[2] is None
