"""Image functions against oracles: decoding against Pillow (same pixels for PNG, WebP
and GIF, libjpeg-turbo's tolerance for JPEG), resizing against Daft 0.7.26's output
(golden/daft_resize.npz, from gen_daft_resize_golden.py), and crop / convert / tensors /
attributes against numpy."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import skipjack as sj
from skipjack import DataType, col
from skipjack.exceptions import SkipjackError

sys.path.insert(0, str(Path(__file__).parent))
from gen_daft_resize_golden import CASES, case_pixels  # noqa: E402

GOLDEN = Path(__file__).parent / "golden" / "daft_resize.npz"


def _encode(pixels: np.ndarray, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image = Image.fromarray(pixels[:, :, 0] if pixels.ndim == 3 and pixels.shape[2] == 1 else pixels)
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _photo(height: int = 48, width: int = 64, channels: int = 3, seed: int = 0) -> np.ndarray:
    return case_pixels(seed, height, width, channels)


def _decode(data: list, **options) -> list:
    df = sj.from_pydict({"b": data})
    return df.select(col("b").decode_image(**options).alias("img")).to_pydict()["img"]


@pytest.mark.parametrize("mode,channels", [("L", 1), ("LA", 2), ("RGB", 3), ("RGBA", 4)])
def test_png_decodes_like_pillow(mode, channels):
    pixels = _photo(channels=channels)
    data = _encode(pixels, "PNG")
    decoded = _decode([data], mode=None)[0]
    expected = np.asarray(Image.open(io.BytesIO(data)))
    np.testing.assert_array_equal(decoded.reshape(expected.shape), expected)


def test_palette_png_and_gif_decode_like_pillow():
    pixels = _photo()
    palette = Image.fromarray(pixels).quantize(colors=16)
    for fmt in ("PNG", "GIF"):
        buffer = io.BytesIO()
        palette.save(buffer, format=fmt)
        data = buffer.getvalue()
        decoded = _decode([data], mode=None)[0]
        pil_mode = "RGBA" if decoded.shape[2] == 4 else "RGB"
        expected = np.asarray(Image.open(io.BytesIO(data)).convert(pil_mode))
        np.testing.assert_array_equal(decoded, expected)


def test_webp_decodes_like_pillow():
    pixels = _photo()
    lossless = _encode(pixels, "WEBP", lossless=True)
    np.testing.assert_array_equal(_decode([lossless])[0], pixels)
    lossy = _encode(pixels, "WEBP", quality=80)
    expected = np.asarray(Image.open(io.BytesIO(lossy)).convert("RGB")).astype(int)
    assert np.abs(_decode([lossy])[0].astype(int) - expected).max() <= 2


def test_jpeg_decodes_within_libjpeg_tolerance():
    pixels = _photo(96, 128)
    data = _encode(pixels, "JPEG", quality=90)
    expected = np.asarray(Image.open(io.BytesIO(data))).astype(int)
    decoded = _decode([data])[0].astype(int)
    assert decoded.shape == expected.shape
    assert np.abs(decoded - expected).max() <= 2
    gray = _encode(pixels[:, :, :1], "JPEG")
    assert _decode([gray], mode=None)[0].shape == (96, 128, 1)


def test_decode_modes_and_errors():
    pixels = _photo(channels=4)
    data = _encode(pixels, "PNG")
    df = sj.from_pydict({"b": [data, None]})
    assert repr(df.select(col("b").decode_image()).schema()["b"].dtype) == "Image[RGB]"
    assert repr(df.select(col("b").decode_image(mode=None)).schema()["b"].dtype) == "Image[MIXED]"
    rgb = df.select(col("b").decode_image()).to_pydict()["b"]
    np.testing.assert_array_equal(rgb[0], pixels[:, :, :3]) and rgb[1] is None
    bad = sj.from_pydict({"b": [data, b"not an image", data[:40]]})
    with pytest.raises(SkipjackError, match="not an image"):
        bad.select(col("b").decode_image()).to_pydict()
    out = bad.select(col("b").decode_image(on_error="null")).to_pydict()["b"]
    assert out[0] is not None and out[1] is None and out[2] is None


def test_decompression_bomb_is_refused():
    script = (
        "import io, numpy as np, skipjack as sj\n"
        "from PIL import Image\n"
        "b = io.BytesIO(); Image.new('L', (200, 200)).save(b, format='PNG')\n"
        "df = sj.from_pydict({'b': [b.getvalue()]})\n"
        "try:\n"
        "    df.select(sj.col('b').decode_image()).collect()\n"
        "except Exception as e:\n"
        "    print(e)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**__import__("os").environ, "SKIPJACK_MAX_IMAGE_PIXELS": "1000"})
    assert "above the limit of 1000" in result.stdout and "decompression bomb" in result.stdout


@pytest.mark.parametrize("name", [case[0] for case in CASES])
def test_resize_matches_daft(name):
    golden = np.load(GOLDEN)[name]
    seed = [c[0] for c in CASES].index(name)
    _, height, width, channels, new_w, new_h = CASES[seed]
    pixels = case_pixels(seed, height, width, channels)
    mode = {1: "L", 3: "RGB", 4: "RGBA"}[channels]
    df = sj.from_pydict({"b": [_encode(pixels, "PNG")]})
    out = df.select(col("b").decode_image(mode=mode).resize(new_w, new_h).alias("r"))
    assert repr(out.schema()["r"].dtype) == f"Image[{mode}; {new_h} x {new_w}]"
    resized = out.to_pydict()["r"][0]
    assert resized.shape == golden.shape
    assert np.abs(resized.astype(int) - golden.astype(int)).max() <= 1


def test_encode_round_trips():
    pixels = _photo(channels=4)
    df = sj.from_pydict({"b": [_encode(pixels, "PNG")]}).select(col("b").decode_image(mode=None).alias("img"))
    png = df.select(col("img").encode_image("PNG").alias("e")).to_pydict()["e"][0]
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(png))), pixels)
    webp = df.select(col("img").encode_image("WEBP").alias("e")).to_pydict()["e"][0]
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(webp))), pixels)
    jpeg = df.select(col("img").convert_image("RGB").encode_image("JPEG").alias("e")).to_pydict()["e"][0]
    assert Image.open(io.BytesIO(jpeg)).format == "JPEG"
    with pytest.raises(SkipjackError, match="JPEG holds L or RGB"):
        df.select(col("img").encode_image("JPEG")).to_pydict()
    with pytest.raises(SkipjackError, match="unknown image format"):
        df.select(col("img").encode_image("XYZ")).to_pydict()



def test_bmp_and_gif_encodings():
    """BMP keeps every pixel (RGBA through BITFIELDS masks); GIF keeps an image of at most
    256 colours exactly and quantizes others closely; both read back by Pillow and by us."""
    rgba = _photo(13, 17, channels=4)
    few = np.array([[0, 0, 0], [255, 0, 0], [0, 128, 255], [200, 200, 200]], np.uint8)[
        np.random.default_rng(1).integers(0, 4, (13, 17))]
    many = _photo(40, 40, channels=3)
    df = sj.from_pydict({"a": [rgba], "f": [few], "m": [many]}).select(
        col("a").cast(DataType.image("RGBA")).alias("a"), col("f").cast(DataType.image("RGB")).alias("f"),
        col("m").cast(DataType.image("RGB")).alias("m"))
    out = df.select(col("a").encode_image("BMP").alias("ab"), col("m").encode_image("BMP").alias("mb"),
                    col("f").encode_image("GIF").alias("fg"), col("m").encode_image("GIF").alias("mg")).to_pydict()
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(out["ab"][0]))), rgba)
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(out["mb"][0]))), many)
    gif = Image.open(io.BytesIO(out["fg"][0]))
    assert gif.format == "GIF"
    np.testing.assert_array_equal(np.asarray(gif.convert("RGB")), few)
    # Over 256 colours: within twice the error of Pillow's own GIF writer.
    quantized = np.asarray(Image.open(io.BytesIO(out["mg"][0])).convert("RGB")).astype(int)
    pillow = np.asarray(Image.open(io.BytesIO(_encode(many, "GIF"))).convert("RGB")).astype(int)
    assert len(np.unique(many.reshape(-1, 3), axis=0)) > 256
    assert np.abs(quantized - many).mean() < 2 * np.abs(pillow - many).mean()
    back = _decode([out["ab"][0], out["fg"][0]], mode="RGBA")
    np.testing.assert_array_equal(back[0], rgba)
    np.testing.assert_array_equal(back[1][:, :, :3], few)

def test_crop_convert_tensor_and_attributes(engine_config):
    pictures = [_photo(20 + i, 30 - i, 3, seed=i) for i in range(5)]
    df = sj.from_pydict({"b": [_encode(p, "PNG") for p in pictures] + [None]})
    img = col("b").decode_image()
    out = df.select(img.crop((2, 3, 10, 8)).alias("crop"), img.convert_image("L").alias("gray"),
                    img.image_to_tensor().alias("tensor"), img.image_width().alias("w"),
                    img.image_height().alias("h"), img.image_channel().alias("c"),
                    img.image_mode().alias("m"), img.image.resize(8, 6).image_to_tensor().alias("small"))
    schema = out.schema()
    assert repr(schema["tensor"].dtype) == "Tensor[UInt8]" and repr(schema["gray"].dtype) == "Image[L]"
    assert repr(schema["small"].dtype) == "Tensor[UInt8; [6, 8, 3]]"
    values = out.to_pydict()
    for i, p in enumerate(pictures):
        np.testing.assert_array_equal(values["crop"][i], p[3:11, 2:12])
        q = p.astype(np.uint32)
        luma = (2126 * q[:, :, 0] + 7152 * q[:, :, 1] + 722 * q[:, :, 2]) // 10000
        np.testing.assert_array_equal(values["gray"][i][:, :, 0], luma.astype(np.uint8))
        np.testing.assert_array_equal(values["tensor"][i], p)
        assert (values["w"][i], values["h"][i], values["c"][i], values["m"][i]) == (p.shape[1], p.shape[0], 3, 3)
        assert values["small"][i].shape == (6, 8, 3)
    assert all(values[k][5] is None for k in values)


def test_seed_normalize_pipeline_after_decode():
    """seeds/2: decode -> resize -> to_tensor -> a normalizing UDF (download is issue 5's)."""

    @sj.func(return_dtype=DataType.tensor(DataType.float32()))
    def normalize_image(img):
        if img is None:
            return None
        mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
        std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
        img_float = img.astype(np.float32) / 255.0
        normalized = (img_float - mean) / std
        return normalized.transpose(2, 0, 1)

    df = sj.from_pydict({"bytes": [_encode(_photo(300, 400, seed=s), "JPEG") for s in range(3)]})
    df = df.with_column("image", col("bytes").decode_image(on_error="null").resize(224, 224))
    df = df.with_column("tensor", col("image").image_to_tensor())
    df = df.with_column("normalized", normalize_image(col("tensor")))
    out = df.select("image", "normalized")
    assert [repr(out.schema()[n].dtype) for n in ("image", "normalized")] == [
        "Image[RGB; 224 x 224]", "Tensor[Float32]"]
    values = out.to_pydict()
    assert all(v.shape == (3, 224, 224) and v.dtype == np.float32 for v in values["normalized"])


def test_resize_of_an_image_column_matches_fused_decode_resize():
    """resize() on images that are already a column (no decode to fuse with) gives the
    same pixels as the planner's fused decode_and_resize, and Daft's."""
    golden = np.load(GOLDEN)
    for seed, (name, height, width, channels, new_w, new_h) in enumerate(CASES):
        if channels == 1:
            continue
        pixels = case_pixels(seed, height, width, channels)
        df = sj.from_pydict({"img": [Image.fromarray(pixels)]})
        resized = df.select(col("img").resize(new_w, new_h)).to_pydict()["img"][0]
        np.testing.assert_array_equal(resized, golden[name])


def test_notebook_html_shows_image_thumbnails():
    pixels = _photo(40, 60)
    df = sj.from_pydict({"b": [_encode(pixels, "PNG"), None]}).select(col("b").decode_image().alias("img"))
    df.collect()
    html = df._repr_html_()
    assert html.count('<img style="width:auto;height:auto" src="data:image/png;base64, ') == 1
    import base64
    import re

    encoded = re.search(r'base64, ([^"]+)"', html).group(1)
    thumbnail = Image.open(io.BytesIO(base64.b64decode(encoded)))
    assert thumbnail.size == (128, 85)
    assert "<br />Image[RGB]</th>" in html and ">None</div>" in html


@pytest.mark.parametrize("fmt,mode", [("BMP", "RGB"), ("BMP", "P"), ("BMP", "RGBA"), ("TIFF", "RGB"),
                                      ("TIFF", "RGBA"), ("TIFF", "L")])
def test_bmp_and_tiff_decode_like_pillow(fmt, mode):
    pixels = _photo(channels=4)
    image = Image.fromarray(pixels).convert(mode) if mode != "P" else Image.fromarray(pixels[:, :, :3]).quantize(32)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    data = buffer.getvalue()
    decoded = _decode([data], mode=None)[0]
    reference = Image.open(io.BytesIO(data))
    expected = np.asarray(reference.convert("RGBA" if decoded.shape[2] == 4 else
                                            "L" if decoded.shape[2] == 1 else "RGB"))
    np.testing.assert_array_equal(decoded.reshape(expected.shape), expected)


def test_crop_with_a_bbox_column(engine_config):
    pictures = [_photo(20, 30, seed=i) for i in range(3)]
    boxes = [[0, 0, 5, 5], [10, 2, 100, 100], None]
    df = sj.from_pydict({"b": [_encode(p, "PNG") for p in pictures], "box": boxes})
    out = df.select(col("b").decode_image().crop(col("box")).alias("c")).to_pydict()["c"]
    np.testing.assert_array_equal(out[0], pictures[0][0:5, 0:5])
    np.testing.assert_array_equal(out[1], pictures[1][2:, 10:])
    assert out[2] is None
    bad = sj.from_pydict({"b": [_encode(pictures[0], "PNG")], "box": [[1, 2, 3]]})
    with pytest.raises(SkipjackError, match="4 integers"):
        bad.select(col("b").decode_image().crop(col("box"))).to_pydict()


def test_sixteen_bit_png_scales_like_daft():
    """16-bit samples become 8-bit as round(v / 257) (Daft's image crate), with no gamma
    conversion."""
    samples = (np.arange(64 * 64).reshape(64, 64) * 16).astype(np.uint16)
    buffer = io.BytesIO()
    Image.fromarray(samples).save(buffer, format="PNG")
    decoded = _decode([buffer.getvalue()], mode="L")[0]
    np.testing.assert_array_equal(decoded[:, :, 0], np.round(samples / 257).astype(np.uint8))


def test_tensors_cast_to_images_as_in_daft():
    pixels = [_photo(6, 8, seed=s) for s in range(3)]
    df = sj.from_pydict({"t": pixels + [None], "g": [p[:, :, 0] for p in pixels] + [None]})
    out = df.select(col("t").cast(DataType.image("RGB")).alias("rgb"),
                    col("t").cast(DataType.image()).alias("mixed"),
                    col("g").cast(DataType.image("L")).alias("gray"))
    assert [repr(out.schema()[n].dtype) for n in ("rgb", "mixed", "gray")] == [
        "Image[RGB]", "Image[MIXED]", "Image[L]"]
    values = out.to_pydict()
    for i, p in enumerate(pixels):
        np.testing.assert_array_equal(values["rgb"][i], p)
        np.testing.assert_array_equal(values["gray"][i][:, :, 0], p[:, :, 0])
    assert values["rgb"][3] is None
    with pytest.raises(SkipjackError, match="channels"):
        df.select(col("t").cast(DataType.image("L"))).collect()
    resized = sj.from_pydict({"t": pixels}).select(col("t").cast(DataType.image("RGB")).resize(4, 3).alias("r"))
    assert repr(resized.schema()["r"].dtype) == "Image[RGB; 3 x 4]"


def test_decode_errors_locate_the_row():
    good = _encode(_photo(8, 8), "PNG")
    with sj.execution_config_ctx(morsel_max_rows=4, progress_bar=False):
        df = sj.from_pydict({"b": [good] * 5 + [b"<!DOCTYPE html><p>not found</p>"] + [good] * 3})
        with pytest.raises(SkipjackError, match=r"\(input row 5\).*"
                                                r'starting b"<!DOCTYPE html><\.\.\."'):
            df.select(col("b").decode_image()).collect()


def test_decode_accepts_32_bit_offset_binary():
    import pyarrow as pa

    data = _encode(_photo(6, 8), "PNG")
    df = sj.from_arrow(pa.table({"b": pa.array([data, None], type=pa.binary())}))
    out = df.select(col("b").decode_image().alias("img"), col("b").decode_image().resize(4, 3).alias("r"))
    values = out.to_pydict()
    np.testing.assert_array_equal(values["img"][0], _photo(6, 8))
    assert values["r"][0].shape == (3, 4, 3) and values["img"][1] is None


def test_errors_over_files_name_the_file_rows(tmp_path):
    """A failing row is named by its row in its file (or in the in-memory input), also after
    row filters and through a join's probe side."""
    import re

    import pyarrow as pa
    import pyarrow.parquet as pq

    good = _encode(_photo(8, 8), "PNG")
    values = [good] * 60
    values[53] = b"GIF89a truncated"
    folder = tmp_path / "images"
    folder.mkdir()
    for part in range(2):  # rows 30-59 are rows 0-29 of part-1, in row groups of 10
        rows = range(30 * part, 30 * part + 30)
        pq.write_table(pa.table({"i": list(rows), "b": values[30 * part:30 * part + 30]}),
                       folder / f"part-{part}.parquet", row_group_size=10)

    def failure(df) -> str:
        with sj.execution_config_ctx(morsel_max_rows=4, progress_bar=False):
            with pytest.raises(SkipjackError) as caught:
                df.collect()
        message = str(caught.value)
        assert "decode_image failed on a value of 16 bytes" in message, message
        return message

    row_23 = re.compile(r"\(row 23 of \S+part-1\.parquet\)")
    scan = sj.read_parquet(str(folder))
    message = failure(scan.select(col("b").decode_image()))
    assert row_23.search(message), message
    # Filters pushed into the scan, and filters the scan cannot take (a UDF).
    message = failure(scan.where(col("i") % 3 != 1).select(col("b").decode_image()))
    assert row_23.search(message), message

    @sj.func
    def keep(i: int) -> bool:
        return i % 4 != 0

    message = failure(scan.where(keep(col("i"))).where(col("i") > 10).select(col("b").decode_image()))
    assert row_23.search(message), message
    # Through a join: the image rows are the probe side (the other side is small).
    ids = sj.from_pydict({"i": [5, 53, 40], "tag": ["a", "b", "c"]})
    message = failure(scan.join(ids, on="i").select(col("b").decode_image()))
    assert row_23.search(message), message
    # In memory: the row of the input.
    memory = sj.from_pydict({"i": list(range(60)), "b": values})
    message = failure(memory.where(col("i") % 2 == 1).select(col("b").decode_image()))
    assert "(input row 53)" in message, message

    # A CSV of paths: the failing download names its file rows too.
    paths = [str(tmp_path / f"{i}.png") for i in range(10)]
    for i, path in enumerate(paths):
        if i != 7:
            with open(path, "wb") as f:
                f.write(good)
    (tmp_path / "paths.csv").write_text("path\n" + "\n".join(paths) + "\n")
    with pytest.raises(SkipjackError) as caught:
        sj.read_csv(str(tmp_path / "paths.csv")).select(col("path").url.download()).collect()
    found = re.search(r"\(rows (\d+) to (\d+) of (\S+paths\.csv)\)", str(caught.value))
    assert found and int(found[1]) <= 7 <= int(found[2]), str(caught.value)
