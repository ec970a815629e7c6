"""The two image pipelines of seeds/2-working-with-images.txt, as written, on real
photographs (the JPEGs of Debian's mate-backgrounds package, installed by the project's
set-up) served by an HTTP server on loopback; the owners' Parquet is written locally."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import threading
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

import skipjack as daft
from skipjack import DataType, col

PHOTOS = Path("/usr/share/backgrounds/mate/nature")


@pytest.fixture(scope="module")
def photo_server():
    photos = sorted(PHOTOS.glob("*.jpg"))
    assert len(photos) >= 5, f"{PHOTOS} has no photographs: run scripts/bootstrap.sh (mate-backgrounds)"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(PHOTOS))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", photos
    server.shutdown()
    server.server_close()


def _shown(df) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        df.show()
    return buffer.getvalue()


def test_end_to_end_pipeline(photo_server):
    base, photos = photo_server
    # 1. Create a DataFrame with image URLs
    df = daft.from_pydict({"urls": [f"{base}/{p.name}" for p in photos[:5]]})

    # 2. Define a UDF for normalization (Standard ImageNet normalization)
    @daft.func(return_dtype=DataType.tensor(DataType.float32()))
    def normalize_image(img):
        if img is None:
            return None
        mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
        std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
        img_float = img.astype(np.float32) / 255.0
        normalized = (img_float - mean) / std
        normalized = normalized.transpose(2, 0, 1)
        return normalized

    # 3. Build the pipeline: URL -> download -> decode -> resize -> to_tensor -> normalize
    df = df.with_column("image", col("urls").download(on_error="null").decode_image().resize(224, 224))
    df = df.with_column("tensor", col("image").image_to_tensor())
    df = df.with_column("normalized", normalize_image(col("tensor")))

    df.collect()
    text = _shown(df.select("urls", "image", "normalized"))
    assert "│ String" in text and "┆ Image[RGB; 224 x 224] ┆ Tensor[Float32]" in text
    assert text.count("<FixedShapeImage>") == 5 and text.count("<Tensor shape=(3, 224, 224)>") == 5
    out = df.to_pydict()
    for tensor, normalized in zip(out["tensor"], out["normalized"]):
        assert tensor.shape == (224, 224, 3) and tensor.dtype == np.uint8
        mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
        std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
        np.testing.assert_array_equal(normalized, ((tensor.astype(np.float32) / 255.0 - mean) / std).transpose(2, 0, 1))


def test_photos_decode_like_pillow(photo_server):
    base, photos = photo_server
    df = daft.from_pydict({"urls": [f"{base}/{p.name}" for p in photos]})
    images = df.select(col("urls").download().decode_image().alias("img")).to_pydict()["img"]
    for path, image in zip(photos, images):
        expected = np.asarray(Image.open(path).convert("RGB")).astype(np.int16)
        assert image.shape == expected.shape, path
        assert np.abs(image.astype(np.int16) - expected).max() <= 2, path


def test_dog_owners_join_download_decode(photo_server, tmp_path):
    base, photos = photo_server
    owners = pa.table({
        "first_name": ["Ernesto", "James", "Wolfgang", "Shandra", "Zaya", "Wendy"],
        "last_name": ["Evergreen", "Jale", "Winter", "Shamas", "Zaphora", "Wonder"],
        "DoB": ["1980-01-01"] * 6, "age": [44, 51, 38, 27, 33, 61],
        "country": ["Canada", "Canada", "Germany", "United Kingdom", "United Kingdom", "Canada"],
        "has_dog": [True, True, None, True, True, False]})
    folder = tmp_path / "sample-data-dog-owners-partitioned.pq"
    for part, rows in enumerate([(0, 3), (3, 6)]):  # several files, every column in each
        (folder / f"part={part}").mkdir(parents=True)
        pq.write_table(owners.slice(rows[0], rows[1] - rows[0]), folder / f"part={part}" / "data.parquet")

    # Read parquet file containing sample dog owners
    df = daft.read_parquet(str(tmp_path / "sample-data-dog-owners-partitioned.pq/**"))
    # Combine "first_name" and "last_name" to create new column "full_name"
    df = df.with_column("full_name", col("first_name") + " " + col("last_name"))
    df.select("full_name", "age", "country", "has_dog").show()
    # Create dataframe of dogs
    df_dogs = daft.from_pydict({
        "urls": [f"{base}/{p.name}" for p in photos[:5]],
        "full_name": ["Ernesto Evergreen", "James Jale", "Wolfgang Winter", "Shandra Shamas", "Zaya Zaphora"],
        "dog_name": ["Ernie", "Jackie", "Wolfie", "Shaggie", "Zadie"],
    })
    # Join owners with dogs, dropping some columns
    df_family = df.join(df_dogs, on="full_name").exclude("first_name", "last_name", "DoB", "country", "age")
    df_family.show()
    df_family = df_family.with_column("image_bytes", col("urls").download(on_error="null"))
    df_family.show()
    df_family = df_family.with_column("image", daft.col("image_bytes").decode_image())
    text = _shown(df_family)
    assert "┆ Binary" in text and "┆ Image[RGB]" in text and text.count("<Image>") == 5
    assert 'b"\\xff\\xd8\\xff' in text
    out = df_family.sort("dog_name").to_pydict()
    assert out["dog_name"] == ["Ernie", "Jackie", "Shaggie", "Wolfie", "Zadie"]
    assert out["has_dog"] == [True, True, True, None, True]
    by_dog = dict(zip(["Ernie", "Jackie", "Wolfie", "Shaggie", "Zadie"], photos[:5]))
    for dog, data, image in zip(out["dog_name"], out["image_bytes"], out["image"]):
        assert data == by_dog[dog].read_bytes()
        assert image.shape[:2] == Image.open(by_dog[dog]).size[::-1]
