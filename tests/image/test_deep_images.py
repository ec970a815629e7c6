"""16-bit and float images (L16, LA16, RGB16, RGBA16, RGB32F, RGBA32F): decoded at full
depth when such a mode is asked for, kept through resize / crop / convert / to_tensor /
encode, against independent oracles: PNG bytes written here by hand (Pillow writes only
gray 16-bit PNGs), Pillow's 16-bit and float readers, Pillow's float resize, numpy."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

import skipjack as sj
from skipjack import DataType, col

_PNG_COLOR_TYPES = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> PNG colour type


def _png16(samples: np.ndarray) -> bytes:
    """A 16-bit PNG of H x W x C samples, from the PNG specification (filter 0 rows)."""
    height, width, channels = samples.shape

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = samples.astype(">u2").reshape(height, width * channels)
    raw = b"".join(b"\x00" + row.tobytes() for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 16, _PNG_COLOR_TYPES[channels], 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def _samples(height: int, width: int, channels: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 65536, (height, width, channels), dtype=np.uint16)


def _decoded(data: bytes, mode: str | None) -> sj.DataFrame:
    df = sj.from_pydict({"b": [data]})
    return df.select((col("b").decode_image(mode=mode) if mode else col("b").decode_image()).alias("img"))


@pytest.mark.parametrize("mode,channels", [("L16", 1), ("LA16", 2), ("RGB16", 3), ("RGBA16", 4)])
def test_sixteen_bit_png_decodes_at_full_depth(mode, channels):
    samples = _samples(7, 9, channels)
    df = _decoded(_png16(samples), mode)
    assert repr(df.schema()["img"].dtype) == f"Image[{mode}]"
    image = df.to_pydict()["img"][0]
    assert image.dtype == np.uint16
    np.testing.assert_array_equal(image, samples)


def test_default_and_eight_bit_modes_narrow_as_daft():
    """Without a deep mode, 16-bit files give 8-bit images (round(v / 257)), as Daft's."""
    samples = _samples(5, 6, 3)
    expected = np.round(samples / 257).astype(np.uint8)
    np.testing.assert_array_equal(_decoded(_png16(samples), None).to_pydict()["img"][0], expected)
    np.testing.assert_array_equal(_decoded(_png16(samples), "RGB").to_pydict()["img"][0], expected)


def test_eight_bit_files_widen_to_deep_modes():
    pixels = np.random.default_rng(3).integers(0, 256, (4, 5, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    wide = _decoded(buffer.getvalue(), "RGB16").to_pydict()["img"][0]
    np.testing.assert_array_equal(wide, pixels.astype(np.uint16) * 257)
    floats = _decoded(buffer.getvalue(), "RGBA32F").to_pydict()["img"][0]
    np.testing.assert_allclose(floats[:, :, :3], pixels / 255, rtol=0, atol=1e-7)
    assert (floats[:, :, 3] == 1.0).all()


def test_float_and_sixteen_bit_tiff_decode_as_pillow_reads_them():
    rng = np.random.default_rng(4)
    floats = rng.random((12, 10), dtype=np.float32) * 3 - 1  # outside 0..1 is kept
    buffer = io.BytesIO()
    Image.fromarray(floats, mode="F").save(buffer, format="TIFF")
    image = _decoded(buffer.getvalue(), "RGB32F").to_pydict()["img"][0]
    assert image.dtype == np.float32 and image.shape == (12, 10, 3)
    for channel in range(3):
        np.testing.assert_array_equal(image[:, :, channel], floats)
    gray16 = rng.integers(0, 65536, (8, 11), dtype=np.uint16)
    buffer = io.BytesIO()
    Image.fromarray(gray16).save(buffer, format="TIFF")
    np.testing.assert_array_equal(_decoded(buffer.getvalue(), "L16").to_pydict()["img"][0][:, :, 0], gray16)


def test_encodes_keep_the_depth():
    gray = _samples(6, 7, 1, seed=5)
    color = _samples(6, 7, 3, seed=6)
    df = sj.from_pydict({"g": [_png16(gray)], "c": [_png16(color)]}).select(
        col("g").decode_image(mode="L16").alias("g"), col("c").decode_image(mode="RGB16").alias("c"))
    out = df.select(col("g").encode_image("PNG").alias("gp"), col("g").encode_image("TIFF").alias("gt"),
                    col("c").encode_image("PNG").alias("cp"), col("c").encode_image("TIFF").alias("ct"),
                    col("c").encode_image("JPEG").alias("cj")).to_pydict()
    for key in ("gp", "gt"):  # Pillow reads gray 16-bit PNG and TIFF exactly
        read = Image.open(io.BytesIO(out[key][0]))
        assert read.mode == "I;16"
        np.testing.assert_array_equal(np.asarray(read), gray[:, :, 0])
    # Pillow reads 16-bit RGB PNGs by their high bytes.
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(out["cp"][0])).convert("RGB")),
                                  (color >> 8).astype(np.uint8))
    assert Image.open(io.BytesIO(out["cj"][0])).mode == "RGB"  # JPEG: narrowed to 8 bits
    back = sj.from_pydict({"p": out["cp"], "t": out["ct"]}).select(
        col("p").decode_image(mode="RGB16").alias("p"), col("t").decode_image(mode="RGB16").alias("t")).to_pydict()
    np.testing.assert_array_equal(back["p"][0], color)
    np.testing.assert_array_equal(back["t"][0], color)


def test_float_images_round_trip_through_tiff():
    pixels = np.random.default_rng(7).random((5, 4, 4), dtype=np.float32)
    df = sj.from_pydict({"t": [pixels]}).select(col("t").cast(DataType.image("RGBA32F")).alias("i"))
    tiff = df.select(col("i").encode_image("TIFF").alias("b")).to_pydict()["b"][0]
    np.testing.assert_array_equal(_decoded(tiff, "RGBA32F").to_pydict()["img"][0], pixels)


def test_float_resize_matches_pillow():
    floats = np.random.default_rng(8).random((40, 50), dtype=np.float32)
    df = sj.from_pydict({"t": [np.repeat(floats[:, :, None], 3, axis=2)]}).select(
        col("t").cast(DataType.image("RGB32F")).alias("i"))
    resized = df.select(col("i").resize(17, 13).alias("r"))
    assert repr(resized.schema()["r"].dtype) == "Image[RGB32F; 13 x 17]"
    ours = resized.to_pydict()["r"][0]
    pillow = np.asarray(Image.fromarray(floats, mode="F").resize((17, 13), Image.BILINEAR))
    np.testing.assert_allclose(ours[:, :, 1], pillow, rtol=0, atol=1e-6)


def test_sixteen_bit_resize_agrees_with_the_float_filter():
    samples = _samples(30, 20, 3, seed=9)
    df = _decoded(_png16(samples), "RGB16")
    wide = df.select(col("img").resize(11, 7).alias("r")).to_pydict()["r"][0]
    floats = df.select(col("img").convert_image("RGB32F").resize(11, 7).alias("r")).to_pydict()["r"][0]
    assert wide.dtype == np.uint16
    np.testing.assert_allclose(wide, floats * 65535, rtol=0, atol=1.01)


def test_crop_convert_tensor_and_hash_of_deep_images():
    samples = _samples(9, 8, 4, seed=10)
    df = _decoded(_png16(samples), "RGBA16")
    out = df.select(
        col("img").crop((2, 1, 3, 4)).alias("crop"),
        col("img").convert_image("RGB").alias("rgb"),
        col("img").convert_image("L16").alias("l16"),
        col("img").convert_image("RGBA32F").alias("f"),
        col("img").image.to_tensor().alias("t"),
        col("img").image_hash().alias("h"),
        col("img").convert_image("RGBA").image_hash().alias("h8"),
        col("img").image_mode().alias("mode"),
    )
    assert repr(out.schema()["t"].dtype) == "Tensor[UInt16]"
    v = out.to_pydict()
    np.testing.assert_array_equal(v["crop"][0], samples[1:5, 2:5])
    np.testing.assert_array_equal(v["rgb"][0], ((samples[:, :, :3].astype(np.uint32) + 128) // 257).astype(np.uint8))
    r, g, b = (samples[:, :, i].astype(np.uint64) for i in range(3))
    luma = (2126 * r + 7152 * g + 722 * b) // 10000
    np.testing.assert_array_equal(v["l16"][0][:, :, 0], luma.astype(np.uint16))
    np.testing.assert_allclose(v["f"][0], samples / 65535, rtol=0, atol=1e-7)
    assert v["t"][0].dtype == np.uint16
    np.testing.assert_array_equal(v["t"][0], samples)
    assert v["h"][0] == v["h8"][0]
    assert v["mode"][0] == 8  # Daft's ImageMode.RGBA16


def test_sixteen_bit_tensors_cast_to_images_and_survive_parquet(tmp_path):
    samples = [_samples(4, 5, 3, seed=s) for s in range(3)]
    df = sj.from_pydict({"t": samples}).select(col("t").cast(DataType.image("RGB16")).alias("i"))
    assert repr(df.schema()["i"].dtype) == "Image[RGB16]"
    df.write_parquet(str(tmp_path / "deep"))
    back = sj.read_parquet(str(tmp_path / "deep"))
    assert repr(back.schema()["i"].dtype) == "Image[RGB16]"
    for got, want in zip(back.to_pydict()["i"], samples):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(sj.exceptions.SkipjackError):
        sj.from_pydict({"t": samples}).select(col("t").cast(DataType.image("RGB"))).collect()


def test_samples_that_do_not_fit_are_refused_clearly():
    with pytest.raises(sj.exceptions.SkipjackError, match=r"Tensor\[UInt16\] to Image\[RGB\].*Image\[RGB16\]"):
        sj.from_pydict({"t": [_samples(2, 2, 3)]}).select(col("t").cast(DataType.image("RGB"))).collect()
    with pytest.raises(TypeError, match=r"row 0: a PIL image of mode 'I;16'"):
        sj.from_pydict({"p": [Image.fromarray(_samples(2, 2, 1)[:, :, 0])]})
