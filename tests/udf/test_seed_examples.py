"""The UDF examples of two seed documents, run as written with ``import skipjack as daft``.

* seeds/1-stateful-udfs-daft-cls.txt: every example (SentimentClassifier, APIClient,
  Normalizer, TranslationClient, Tokenizer, BatchEmbedder, FasterWhisperTranscriber and
  the GPU / process ImageClassifier).
* seeds/2-working-with-images.txt: the UDFs that need no image or tensor column type
  (process_image, batch_process_images, the legacy @daft.udf ClassifyImages).

External services are a real HTTP server on 127.0.0.1 started by the tests; models
(transformers, sentence_transformers, faster_whisper, torch) are small deterministic
stand-ins defined here. Each test checks result values and how often ``__init__`` ran.
"""

from __future__ import annotations

import collections
import contextlib
import io
import json
import os
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import aiohttp
import numpy as np
import pytest
from PIL import Image

import skipjack as daft
from skipjack import DataType, Series

API_KEY = "sk-my-secret-key"

# Calls of the seed classes' __init__ in this process, by class name.
INITS: collections.Counter = collections.Counter()


@pytest.fixture(autouse=True)
def _reset_inits():
    INITS.clear()
    yield
    INITS.clear()


def assert_inits(name: str, max_instances: int) -> None:
    """__init__ ran at least once and at most once per worker instance."""
    assert 1 <= INITS[name] <= max_instances, (name, INITS[name], max_instances)


def threads_of(config) -> int:
    return config.num_threads or os.cpu_count() or 1


# ---------------------------------------------------------------------------------------
# A local stand-in for httpbin.org and api.deepl.com
# ---------------------------------------------------------------------------------------
GERMAN = {"Hello": "Hallo", "Good morning": "Guten Morgen", "Thank you": "Danke"}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        self.server.requests.append(("GET", self.path, self.headers.get("Authorization")))
        if self.headers.get("Authorization") != f"Bearer {API_KEY}":
            return self._reply(401, "text/plain", "unauthorized")
        body = {"/get": {"url": "/get", "method": "GET"}, "/ip": {"origin": "127.0.0.1"}}
        if self.path not in body:
            return self._reply(404, "text/plain", "not found")
        self._reply(200, "application/json", json.dumps(body[self.path], sort_keys=True))

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        self.server.requests.append(("POST", self.path, form))
        if self.path != "/v2/translate" or form.get("auth_key") != API_KEY:
            return self._reply(403, "application/json", json.dumps({"message": "Forbidden"}))
        if form.get("target_lang") != "DE":
            return self._reply(400, "application/json", json.dumps({"message": "bad lang"}))
        text = GERMAN.get(form["text"], f"[DE] {form['text']}")
        result = {"translations": [{"detected_source_language": "EN", "text": text}]}
        self._reply(200, "application/json", json.dumps(result))

    def _reply(self, status: int, content_type: str, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep pytest's output clean
        pass


@pytest.fixture
def local_api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ---------------------------------------------------------------------------------------
# Stand-in models
# ---------------------------------------------------------------------------------------
def pipeline(task: str, model: str):
    """transformers.pipeline("sentiment-analysis"): POSITIVE iff "amazing" is in the text."""
    assert task == "sentiment-analysis" and model
    return lambda text: [{"label": "POSITIVE" if "amazing" in text else "NEGATIVE",
                          "score": 0.99}]


class AutoTokenizer:
    """transformers.AutoTokenizer: splits on whitespace."""

    def __init__(self, model_name: str):
        self.model_name = model_name

    @classmethod
    def from_pretrained(cls, model_name: str) -> AutoTokenizer:
        return cls(model_name)

    def tokenize(self, text: str) -> list[str]:
        return text.split()


class SentenceTransformer:
    """sentence_transformers.SentenceTransformer: [length, vowel count] per text."""

    def __init__(self, model_name: str):
        self.model_name = model_name

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.array([[len(t), sum(c in "aeiouAEIOU" for c in t)] for t in texts],
                        dtype=np.float32).reshape(len(texts), 2)


Segment = collections.namedtuple("Segment", "start end text")


class WhisperModel:
    def __init__(self, model: str, compute_type: str, device: str):
        self.model, self.compute_type, self.device = model, compute_type, device


class BatchedInferencePipeline:
    """faster_whisper's pipeline: each non-empty line of the file is a 2-second segment."""

    def __init__(self, model: WhisperModel):
        self.model = model

    def transcribe(self, path: str, vad_filter: bool, batch_size: int):
        assert vad_filter and batch_size == 16
        with open(path.removeprefix("file://"), encoding="utf-8") as f:
            lines = [line.strip() for line in f if line.strip()]
        segments = (Segment(2.0 * i, 2.0 * i + 1.5, line) for i, line in enumerate(lines))
        return segments, {"language": "en"}


# ---------------------------------------------------------------------------------------
# Seed 1, section 1: the anatomy of a stateful UDF
# ---------------------------------------------------------------------------------------
@daft.cls
class SentimentClassifier:
    def __init__(self):
        # Runs ONCE per worker -- download weights, allocate memory
        INITS["SentimentClassifier"] += 1
        self.pipe = pipeline("sentiment-analysis",
                             model="distilbert-base-uncased-finetuned-sst-2-english")

    def __call__(self, text: str) -> str:
        # Runs on EVERY ROW -- reuses the loaded model
        return self.pipe(text)[0]["label"]


def test_sentiment_classifier(engine_config, capsys):
    classifier = SentimentClassifier()
    assert INITS["SentimentClassifier"] == 0  # nothing runs until the query does

    df = daft.from_pydict({"review": [
        "This product is amazing",
        "Worst purchase I've ever made",
        "It's okay, nothing special",
    ]})
    df = df.select(classifier(df["review"]).alias("sentiment"))
    df.show()
    assert "POSITIVE" in capsys.readouterr().out
    INITS.clear()

    assert df.to_pydict() == {"sentiment": ["POSITIVE", "NEGATIVE", "NEGATIVE"]}
    assert_inits("SentimentClassifier", threads_of(engine_config))


def test_sentiment_classifier_init_once_per_instance_over_many_batches(engine_config):
    classifier = SentimentClassifier()
    reviews = [f"review {i} is {'amazing' if i % 3 == 0 else 'bad'}" for i in range(50)]
    df = daft.from_pydict({"review": reviews})
    out = df.with_column("sentiment", classifier(daft.col("review"))).to_pydict()
    assert out["review"] == reviews
    assert out["sentiment"] == ["POSITIVE" if i % 3 == 0 else "NEGATIVE" for i in range(50)]
    assert_inits("SentimentClassifier", threads_of(engine_config))


# ---------------------------------------------------------------------------------------
# Seed 1, section 2: an async API client
# ---------------------------------------------------------------------------------------
@daft.cls
class APIClient:
    def __init__(self, api_key: str):
        INITS["APIClient"] += 1
        self.api_key = api_key

    async def fetch(self, url: str) -> str:
        async with aiohttp.ClientSession() as session:
            headers = {"Authorization": f"Bearer {self.api_key}"}
            async with session.get(url, headers=headers) as resp:
                return await resp.text()


def test_api_client_fetch(engine_config, local_api):
    client = APIClient("sk-my-secret-key")
    df = daft.from_pydict({"endpoint": [
        f"{local_api.url}/get",
        f"{local_api.url}/ip",
    ]})
    df = df.select(client.fetch(df["endpoint"]).alias("response"))

    responses = df.to_pydict()["response"]
    assert [json.loads(r) for r in responses] == [
        {"method": "GET", "url": "/get"},
        {"origin": "127.0.0.1"},
    ]
    assert sorted(local_api.requests) == [
        ("GET", "/get", "Bearer sk-my-secret-key"),
        ("GET", "/ip", "Bearer sk-my-secret-key"),
    ]
    assert INITS["APIClient"] == 1  # an async method runs in a single instance


def test_api_client_uses_its_own_key(engine_config, local_api):
    good, bad = APIClient(API_KEY), APIClient("sk-wrong")
    df = daft.from_pydict({"endpoint": [f"{local_api.url}/ip", f"{local_api.url}/get"] * 4})
    out = df.select(good.fetch(df["endpoint"]).alias("good"),
                    bad.fetch(df["endpoint"]).alias("bad")).to_pydict()
    assert out["bad"] == ["unauthorized"] * 8
    assert [json.loads(r) for r in out["good"]] == \
        [{"origin": "127.0.0.1"}, {"method": "GET", "url": "/get"}] * 4
    assert len(local_api.requests) == 16
    assert INITS["APIClient"] == 2


# ---------------------------------------------------------------------------------------
# Seed 1, section 3: the four patterns with state
# ---------------------------------------------------------------------------------------
@daft.cls
class Normalizer:
    def __init__(self, mean: float, std: float):
        INITS["Normalizer"] += 1
        self.mean = mean
        self.std = std

    @daft.method
    def normalize(self, value: float) -> float:
        return (value - self.mean) / self.std


def test_normalizer(engine_config):
    normalizer = Normalizer(10.0, 2.0)
    df = daft.from_pydict({"value": [10.0, 12.0, 7.0, 15.0, 9.0]})
    out = df.with_column("z", normalizer.normalize(df["value"])).to_pydict()
    assert out == {"value": [10.0, 12.0, 7.0, 15.0, 9.0], "z": [0.0, 1.0, -1.5, 2.5, -0.5]}
    assert_inits("Normalizer", threads_of(engine_config))

    # Unaliased, the result is named after its first column argument.
    assert df.select(normalizer.normalize(daft.col("value"))).to_pydict() == \
        {"value": [0.0, 1.0, -1.5, 2.5, -0.5]}


def test_translation_client(engine_config, local_api):
    deepl_url = f"{local_api.url}/v2/translate"  # stands for https://api.deepl.com/v2/translate

    @daft.cls
    class TranslationClient:
        def __init__(self, api_key: str):
            INITS["TranslationClient"] += 1
            self.api_key = api_key

        @daft.method
        async def translate(self, text: str) -> str:
            async with aiohttp.ClientSession() as session:
                resp = await session.post(
                    deepl_url,
                    data={"text": text, "target_lang": "DE",
                          "auth_key": self.api_key},
                )
                result = await resp.json()
                return result["translations"][0]["text"]

    client = TranslationClient(API_KEY)
    df = daft.from_pydict({"text": ["Hello", "Good morning", "Thank you", "Skipjack"]})
    out = df.with_column("german", client.translate(df["text"])).to_pydict()
    assert out == {"text": ["Hello", "Good morning", "Thank you", "Skipjack"],
                   "german": ["Hallo", "Guten Morgen", "Danke", "[DE] Skipjack"]}
    assert sorted(form["text"] for _, _, form in local_api.requests) == \
        ["Good morning", "Hello", "Skipjack", "Thank you"]
    assert all(path == "/v2/translate" and form["auth_key"] == API_KEY
               and form["target_lang"] == "DE" for _, path, form in local_api.requests)
    assert INITS["TranslationClient"] == 1

    # A rejected key: the service's JSON has no "translations", the user's code raises.
    # (One row: with several, the rows still in flight are abandoned, not cancelled.)
    one_row = daft.from_pydict({"text": ["Hello"]})
    with pytest.raises(Exception, match="translations"):
        one_row.select(TranslationClient("sk-wrong").translate(one_row["text"])).to_pydict()


@daft.cls
class Tokenizer:
    def __init__(self, model_name: str):
        # from transformers import AutoTokenizer  (the stand-in above)
        INITS["Tokenizer"] += 1
        self.tokenizer = AutoTokenizer.from_pretrained(model_name)

    @daft.method
    def tokenize(self, text: str) -> Iterator[str]:
        for token in self.tokenizer.tokenize(text):
            yield token


def test_tokenizer_generator(engine_config):
    tokenizer = Tokenizer("bert-base-uncased")
    df = daft.from_pydict({"id": [1, 2, 3, 4], "text": ["Daft is fast", "", "hello", "a  b"]})
    out = df.with_column("token", tokenizer.tokenize(df["text"])).to_pydict()
    assert out == {
        "id": [1, 1, 1, 2, 3, 4, 4],
        "text": ["Daft is fast"] * 3 + ["", "hello", "a  b", "a  b"],
        # An input that yields nothing gives one null row.
        "token": ["Daft", "is", "fast", None, "hello", "a", "b"],
    }
    assert_inits("Tokenizer", threads_of(engine_config))

    assert df.select(tokenizer.tokenize(df["text"])).to_pydict() == \
        {"text": ["Daft", "is", "fast", None, "hello", "a", "b"]}


@daft.cls
class BatchEmbedder:
    def __init__(self, model_name: str):
        # from sentence_transformers import SentenceTransformer  (the stand-in above)
        INITS["BatchEmbedder"] += 1
        self.batches: list[int] = []
        self.model = SentenceTransformer(model_name)

    @daft.method.batch(return_dtype=DataType.list(DataType.float64()))
    def embed(self, texts: Series) -> list:
        assert isinstance(texts, Series)
        INITS["BatchEmbedder.batches"] += 1
        return self.model.encode(texts.to_pylist()).tolist()


def test_batch_embedder(engine_config):
    embedder = BatchEmbedder("all-MiniLM-L6-v2")
    texts = [f"text number {i}" + "a" * (i % 4) for i in range(20)]
    df = daft.from_pydict({"text": texts})
    out = df.with_column("embedding", embedder.embed(df["text"])).to_pydict()
    assert out["text"] == texts
    assert out["embedding"] == [[float(len(t)), float(sum(c in "aeiou" for c in t))]
                                for t in texts]
    assert_inits("BatchEmbedder", threads_of(engine_config))
    if engine_config.morsel_max_rows == 7:  # 20 rows in batches of at most 7
        assert INITS["BatchEmbedder.batches"] >= 3


# ---------------------------------------------------------------------------------------
# Seed 1, section 4: FasterWhisperTranscriber over files from a glob
# ---------------------------------------------------------------------------------------
@daft.cls()
class FasterWhisperTranscriber:
    def __init__(self, model="distil-large-v3", compute_type="float32", device="auto"):
        INITS["FasterWhisperTranscriber"] += 1
        self.model = WhisperModel(model, compute_type=compute_type, device=device)
        self.pipe = BatchedInferencePipeline(self.model)

    @daft.method(return_dtype=daft.DataType.struct({
        "transcript": daft.DataType.string(),
        "segments": daft.DataType.list(daft.DataType.struct({
            "start": daft.DataType.float64(),
            "end": daft.DataType.float64(),
            "text": daft.DataType.string(),
        })),
    }))
    def transcribe(self, audio_file: str):  # a path: daft.File is not implemented yet
        segments_iter, info = self.pipe.transcribe(
            audio_file, vad_filter=True, batch_size=16
        )
        segments = [{"start": s.start, "end": s.end, "text": s.text}
                    for s in segments_iter]
        text = " ".join(seg["text"] for seg in segments)
        return {"transcript": text, "segments": segments}


def test_faster_whisper_transcriber(engine_config, tmp_path):
    (tmp_path / "a.mp3").write_text("hello world\nthis is daft\n")
    (tmp_path / "b.mp3").write_text("one segment\n")
    (tmp_path / "c.mp3").write_text("")
    (tmp_path / "notes.txt").write_text("not audio")

    transcriber = FasterWhisperTranscriber()
    df = daft.from_glob_path(str(tmp_path / "*.mp3"))
    df = df.with_column("result", transcriber.transcribe(daft.col("path")))
    out = df.to_pydict()

    by_name = {os.path.basename(p): r for p, r in zip(out["path"], out["result"])}
    assert by_name == {
        "a.mp3": {"transcript": "hello world this is daft", "segments": [
            {"start": 0.0, "end": 1.5, "text": "hello world"},
            {"start": 2.0, "end": 3.5, "text": "this is daft"},
        ]},
        "b.mp3": {"transcript": "one segment", "segments": [
            {"start": 0.0, "end": 1.5, "text": "one segment"},
        ]},
        "c.mp3": {"transcript": "", "segments": []},
    }
    assert_inits("FasterWhisperTranscriber", threads_of(engine_config))

    # The struct's fields are usable downstream.
    transcripts = df.select(daft.col("result").struct.get("transcript")).to_pydict()
    assert sorted(transcripts["transcript"]) == ["", "hello world this is daft", "one segment"]


# ---------------------------------------------------------------------------------------
# Seed 1, section 5: gpus=1, max_concurrency=4, use_process=True
# ---------------------------------------------------------------------------------------
def test_image_classifier_gpu_process(monkeypatch, tmp_path):
    monkeypatch.setenv("SKIPJACK_NUM_GPUS", "2")       # the machine appears to have 2 GPUs
    monkeypatch.setenv("SEED_INIT_DIR", str(tmp_path))  # where each __init__ signs in

    # Stand-ins for torch and the seed's helpers, defined here so that the worker
    # processes receive them with the class (they cannot import this test module).
    labels = ["tabby cat", "golden retriever"]

    class StandInResNet:
        def cuda(self):
            return self

        def eval(self):
            return self

        def __call__(self, image):
            return image % 2  # the index of the predicted label

    class torch:  # noqa: N801 - stands for the torch module
        no_grad = contextlib.nullcontext

        class hub:  # noqa: N801
            @staticmethod
            def load(repo, model_name, pretrained):
                assert (repo, model_name, pretrained) == ("pytorch/vision", "resnet50", True)
                return StandInResNet()

    class StandInImage:
        def __init__(self, value):
            self.value = value

        def cuda(self):
            return self.value

    def load_and_preprocess(image_path):
        return StandInImage(int(image_path.removesuffix(".jpg").rsplit("_", 1)[1]))

    def decode_prediction(output):
        return labels[output]

    @daft.cls(
        gpus=1,  # Reserve 1 GPU per worker instance
        max_concurrency=4,  # Limit to 4 concurrent instances
        use_process=True,  # Run in a separate process (escape the GIL)
    )
    class ImageClassifier:
        def __init__(self, model_name: str):
            init_dir = os.environ["SEED_INIT_DIR"]
            with open(os.path.join(init_dir, f"init-{os.getpid()}-{id(self)}"), "w") as f:
                f.write(os.environ.get("CUDA_VISIBLE_DEVICES", "<unset>"))
            self.model = torch.hub.load("pytorch/vision", model_name, pretrained=True)
            self.model.cuda().eval()

        def __call__(self, image_path: str) -> str:
            image = load_and_preprocess(image_path)
            with torch.no_grad():
                output = self.model(image.cuda())
            # The prediction, and the GPU this worker was given.
            return f"{decode_prediction(output)}|{os.environ.get('CUDA_VISIBLE_DEVICES')}"

    paths = [f"images/img_{i}.jpg" for i in range(24)]
    df = daft.from_pydict({"image_path": paths})
    with daft.execution_config_ctx(num_threads=4, morsel_max_rows=3, progress_bar=False):
        out = df.with_column("label", ImageClassifier("resnet50")(df["image_path"])).to_pydict()

    assert out["image_path"] == paths
    predicted = [value.split("|")[0] for value in out["label"]]
    assert predicted == ["tabby cat" if i % 2 == 0 else "golden retriever" for i in range(24)]
    devices = {value.split("|")[1] for value in out["label"]}
    assert devices <= {"0", "1"}  # each worker sees a single one of the 2 GPUs

    inits = sorted(tmp_path.glob("init-*"))
    pids = [path.name.split("-")[1] for path in inits]
    assert 1 <= len(inits) <= 4  # at most one __init__ per worker instance (<= 4)
    assert len(set(pids)) == len(pids) and str(os.getpid()) not in pids  # own processes
    init_devices = [path.read_text() for path in inits]
    assert set(init_devices) == devices and set(init_devices) <= {"0", "1"}
    if len(inits) >= 2:  # the instances are spread over both GPUs
        assert set(init_devices) == {"0", "1"}


# ---------------------------------------------------------------------------------------
# Seed 2: image UDFs on bytes
# ---------------------------------------------------------------------------------------
def encoded_image(color: tuple[int, int, int], size=(3, 2), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt)
    return out.getvalue()


@daft.func(return_dtype=daft.DataType.binary())
def process_image(image_bytes):
    # Always check for None!
    if image_bytes is None:
        return None

    try:
        img = Image.open(io.BytesIO(image_bytes))
        # ... processing ...

        # Serialize back to bytes for efficiency
        out = io.BytesIO()
        img.save(out, format=img.format or "PNG")
        return out.getvalue()
    except Exception:
        # Decide whether to return None or raise an error
        return None


def test_process_image(engine_config):
    red, blue_gif = encoded_image((255, 0, 0)), encoded_image((0, 0, 255), (4, 4), "GIF")
    df = daft.from_pydict({"image_bytes": [red, None, b"not an image", blue_gif]})
    assert df.schema()["image_bytes"].dtype == DataType.binary()

    out = df.with_column("processed", process_image(df["image_bytes"]))
    assert out.schema()["processed"].dtype == DataType.binary()
    result = out.to_pydict()["processed"]
    assert result[1] is None and result[2] is None
    first, last = Image.open(io.BytesIO(result[0])), Image.open(io.BytesIO(result[3]))
    assert (first.format, first.size, first.convert("RGB").getpixel((2, 1))) == \
        ("PNG", (3, 2), (255, 0, 0))
    assert (last.format, last.size, last.convert("RGB").getpixel((0, 0))) == \
        ("GIF", (4, 4), (0, 0, 255))


# The seed returns tensor(uint8) and leaves "Process item..." to the reader; tensors do
# not exist yet, so the processed item here is the image as grayscale PNG bytes.
@daft.func.batch(return_dtype=daft.DataType.binary())
def batch_process_images(series):
    # 'series' is a Daft Series object
    # Convert to list of inputs
    inputs = series.to_pylist()

    results = []
    for item in inputs:
        if item is None:
            results.append(None)
            continue
        # Process item...
        out = io.BytesIO()
        Image.open(io.BytesIO(item)).convert("L").save(out, format="PNG")
        processed_item = out.getvalue()
        results.append(processed_item)

    return results


def test_batch_process_images(engine_config):
    colors = [(255, 255, 255), None, (0, 0, 0), (255, 0, 0)] * 5
    df = daft.from_pydict({"image_bytes": [None if c is None else encoded_image(c)
                                           for c in colors]})
    out = df.select(batch_process_images(df["image_bytes"])).to_pydict()
    assert list(out) == ["image_bytes"]  # named after its argument
    gray = [None if b is None else Image.open(io.BytesIO(b)) for b in out["image_bytes"]]
    assert [None if g is None else (g.mode, g.size, g.getpixel((0, 0))) for g in gray] == \
        [("L", (3, 2), 255), None, ("L", (3, 2), 0), ("L", (3, 2), 76)] * 5


def test_batch_process_images_as_written_fails_on_short_result():
    """As printed, the seed never appends a processed item, so it returns fewer values
    than rows; Daft rejects that rather than misaligning rows."""

    @daft.func.batch(return_dtype=daft.DataType.binary())
    def batch_process_images_as_written(series):
        inputs = series.to_pylist()
        results = []
        for item in inputs:
            if item is None:
                results.append(None)
                continue
        return results

    df = daft.from_pydict({"image_bytes": [encoded_image((1, 2, 3)), None]})
    with pytest.raises(Exception, match="(?i)one value per row|length"):
        df.select(batch_process_images_as_written(df["image_bytes"])).to_pydict()
    # All-null input is fine: one None per row.
    nulls = daft.from_pydict({"image_bytes": [None, None]}).with_column(
        "image_bytes", daft.col("image_bytes").cast(DataType.binary()))
    assert nulls.select(batch_process_images_as_written(nulls["image_bytes"])).to_pydict() == \
        {"image_bytes": [None, None]}


# The legacy @daft.udf class of "Classify Images", with a stand-in for torch.hub's ResNet50
# and its processing utils: an image URL's "prediction" is looked up in BREEDS.
BREEDS = {
    "https://live.staticflickr.com/65535/53671838774_03ba68d203_o.jpg": ("boxer", 0.523),
    "https://live.staticflickr.com/65535/53671700073_2c9441422e_o.jpg":
        ("American Staffordshire terrier", 0.414),
    "https://live.staticflickr.com/65535/53670606332_1ea5f2ce68_o.jpg": ("collie", 0.496),
    "https://live.staticflickr.com/65535/53671838039_b97411a441_o.jpg":
        ("standard schnauzer", 0.296),
    "https://live.staticflickr.com/65535/53671698613_0230f8af3c_o.jpg": ("Rottweiler", 0.786),
}


class ConvnetsProcessingUtils:
    def prepare_input_from_uri(self, uri: str) -> list:
        return [uri]

    def pick_n_best(self, predictions: list, n: int) -> list:
        return [[[label, f"{100 * p:.1f}%"] for label, p in [row]][:n] for row in predictions]


class StandInResNet50:
    def __call__(self, batch: list) -> list:
        return [BREEDS[uri] for uri in batch]


@daft.udf(return_dtype=daft.DataType.fixed_size_list(dtype=daft.DataType.string(), size=2))
class ClassifyImages:
    def __init__(self):
        # Perform expensive initializations - create and load the pre-trained model
        INITS["ClassifyImages"] += 1
        self.model = StandInResNet50()
        self.utils = ConvnetsProcessingUtils()

    def __call__(self, images_urls):
        batch = [x for uri in images_urls for x in self.utils.prepare_input_from_uri(uri)]
        output = self.model(batch)
        results = self.utils.pick_n_best(predictions=output, n=1)
        return [result[0] for result in results]


def test_classify_images_legacy_udf(engine_config):
    df_family = daft.from_pydict({
        "urls": list(BREEDS),
        "dog_name": ["Ernie", "Jackie", "Wolfie", "Shaggie", "Zadie"],
    })
    classified_images_df = df_family.with_column("classify_breed",
                                                 ClassifyImages(daft.col("urls")))
    out = classified_images_df.select("dog_name", "classify_breed").to_pydict()
    assert out == {
        "dog_name": ["Ernie", "Jackie", "Wolfie", "Shaggie", "Zadie"],
        "classify_breed": [["boxer", "52.3%"], ["American Staffordshire terrier", "41.4%"],
                           ["collie", "49.6%"], ["standard schnauzer", "29.6%"],
                           ["Rottweiler", "78.6%"]],
    }
    assert classified_images_df.schema()["classify_breed"].dtype == \
        DataType.fixed_size_list(DataType.string(), 2)
    assert_inits("ClassifyImages", threads_of(engine_config))


@daft.udf(return_dtype=daft.DataType.fixed_size_list(dtype=daft.DataType.string(), size=2))
class ClassifyImagesWithThreshold:
    """The same UDF with an __init__ argument, given through .with_init_args()."""

    def __init__(self, threshold: float):
        INITS["ClassifyImagesWithThreshold"] += 1
        self.threshold = threshold
        self.model = StandInResNet50()

    def __call__(self, images_urls):
        return [[label, "sure" if p >= self.threshold else "unsure"]
                for label, p in self.model(images_urls.to_pylist())]


def test_classify_images_with_init_args(engine_config):
    df = daft.from_pydict({"urls": list(BREEDS)})
    classify = ClassifyImagesWithThreshold.with_init_args(threshold=0.5)
    out = df.select(classify(df["urls"]).alias("breed")).to_pydict()
    assert out == {"breed": [["boxer", "sure"], ["American Staffordshire terrier", "unsure"],
                             ["collie", "unsure"], ["standard schnauzer", "unsure"],
                             ["Rottweiler", "sure"]]}
    assert_inits("ClassifyImagesWithThreshold", threads_of(engine_config))
