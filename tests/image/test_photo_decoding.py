"""Downloading and decoding real photographs (the JPEGs of Debian's mate-backgrounds
package, installed by the project's set-up) served on loopback, against Pillow. The seed
guide's pipelines themselves are in tests/seeds/."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import skipjack as daft
from skipjack import col

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


def test_photos_decode_like_pillow(photo_server):
    base, photos = photo_server
    df = daft.from_pydict({"urls": [f"{base}/{p.name}" for p in photos]})
    images = df.select(col("urls").download().decode_image().alias("img")).to_pydict()["img"]
    for path, image in zip(photos, images):
        expected = np.asarray(Image.open(path).convert("RGB")).astype(np.int16)
        assert image.shape == expected.shape, path
        assert np.abs(image.astype(np.int16) - expected).max() <= 2, path
