"""seeds/3-local-execution-swordfish.txt: the image classification pipeline, as written
(read Parquet, filter on height and width, download, decode, preprocess with apply, a
stateful ResNet UDF, limit(100), write_lance), on a local "ImageNet sample": Parquet files
of name/height/width/url whose URLs are JPEGs served on loopback. The article leaves
`transform` and `ResNetModel` to the reader; here they are a centre crop + scaling and a
stateful UDF with the article's resources (concurrency 4, a quarter GPU each) that names
an image's dominant colour."""

from __future__ import annotations

import functools
import http.server
import io
import re
import threading

import lance
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

import skipjack as daft
from skipjack import ImageMode, col

COLOURS = {"red": (220, 30, 30), "green": (30, 200, 40), "blue": (20, 40, 210)}
SIZES = [(256, 256), (256, 300), (200, 256), (256, 256)]  # 2 of every 4 rows are 256 x 256


class _CountingFiles(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.server.downloads.append(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def imagenet_sample(tmp_path):
    """300 images in 3 Parquet files; 150 of them are 256 x 256."""
    images = tmp_path / "images"
    images.mkdir()
    handler = functools.partial(_CountingFiles, directory=str(images))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.downloads = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows = {"name": [], "height": [], "width": [], "url": []}
    truth = {}
    for i in range(300):
        height, width = SIZES[i % 4]
        colour = list(COLOURS)[i % 3]
        Image.new("RGB", (width, height), COLOURS[colour]).save(images / f"{i}.jpg", quality=95)
        rows["name"].append(f"n{i:05d}")
        rows["height"].append(height)
        rows["width"].append(width)
        rows["url"].append(f"http://127.0.0.1:{server.server_port}/{i}.jpg")
        truth[f"n{i:05d}"] = colour
    table = pa.table(rows)
    data = tmp_path / "sample_100k" / "data"
    data.mkdir(parents=True)
    for part in range(3):
        pq.write_table(table.slice(part * 100, 100), data / f"part-{part}.parquet")
    yield str(data), truth, server
    server.shutdown()
    server.server_close()


def test_image_classification_pipeline(imagenet_sample, tmp_path, monkeypatch):
    data, truth, server = imagenet_sample
    monkeypatch.setenv("SKIPJACK_NUM_GPUS", "1")  # a GPU for the quarter-GPU instances

    def transform(img):
        """Centre crop to 224 x 224, scale to [0, 1], channels first."""
        top, left = (img.shape[0] - 224) // 2, (img.shape[1] - 224) // 2
        return (img[top:top + 224, left:left + 224].astype(np.float32) / 255.0).transpose(2, 0, 1)

    @daft.udf(return_dtype=daft.DataType.string(), num_gpus=0.25, concurrency=4)
    class ResNetModel:
        def __init__(self):
            self.labels = ["red", "green", "blue"]  # loads "ResNet50" once per instance

        def __call__(self, tensors):
            return [self.labels[int(np.argmax(t.reshape(3, -1).mean(axis=1)))] for t in tensors.to_pylist()]

    output = str(tmp_path / "output")
    df = (daft
        # Read Parquet image dataset
        .read_parquet(
    data)
        # Filter for target dimensions
        .filter((col('height') == 256) & (col('width') == 256))
        # Download image bytes via URL
        .with_column('bytes', col('url').url.download())
        # Decode bytes into image type
        .with_column('image', col('bytes').image.decode(mode=ImageMode.RGB)).exclude('bytes')
        # Apply basic preprocessing (crop, normalize, etc.)
        .with_column('tensor', col('image').apply(
            func=lambda img: transform(img),
            return_dtype=daft.DataType.tensor(dtype=daft.DataType.float32()))).exclude("image")
        # Run inference with ResNet50 for offline labeling
        .with_column('labels', ResNetModel(col('tensor'))).exclude('tensor')
        .limit(100)
    )

    plan = io.StringIO()
    df.explain(show_all=True, file=plan)
    sections = re.split(r"^== (.+) ==$", plan.getvalue(), flags=re.M)
    plans = dict(zip(sections[1::2], sections[2::2]))
    unoptimized, optimized, physical = (plans["Unoptimized Logical Plan"],
                                        plans["Optimized Logical Plan"], plans["Physical Plan"])
    # The unoptimized plan is the literal translation: Limit over Projects over Filter.
    assert unoptimized.index("* Limit: 100") < unoptimized.index("* Filter:") < unoptimized.index("* Source:")
    assert unoptimized.count("* Project:") >= 5
    # Filter and limit pushed into the scan, each UDF in its own operator.
    for text in (optimized, physical):
        scan = text[text.rindex("* "):]
        assert "Filter pushdown = [col(" in scan and "height) == lit(256)] & [col(" in scan
        assert "Limit pushdown = 100" in scan
        assert "* Filter" not in text
        operators = text.split("\n* ")
        resnet, = [op for op in operators if op.startswith("UDFProject:") and "ResNetModel(" in op]
        assert "Concurrency = 4" in resnet and "Resource request = {num_gpus = 0.25}" in resnet
        assert any(op.startswith("UDFProject: url_download") for op in operators)
        assert any(op.startswith("UDFProject:") and "<lambda>(" in op for op in operators)
    assert "Num rows = 300" in optimized  # scan statistics

    df.write_lance(
        uri=output
    )

    written = lance.dataset(output).to_table().to_pydict()
    assert len(written["name"]) == 100
    assert set(written) == {"name", "height", "width", "url", "labels"}
    assert set(written["height"]) == {256} and set(written["width"]) == {256}
    assert all(truth[name] == label for name, label in zip(written["name"], written["labels"]))
    assert len(set(written["name"])) == 100
    # The limit reached the scan: only the 100 written images were downloaded.
    assert len(server.downloads) == 100


def test_limit_without_filter_still_stops_downloads(imagenet_sample):
    data, _, server = imagenet_sample
    df = daft.read_parquet(data).with_column("bytes", col("url").url.download()).limit(5)
    assert len(df.to_pydict()["bytes"]) == 5
    assert len(server.downloads) <= 64  # one download batch at most, not all 300
