"""seeds/1-stateful-udfs-daft-cls.txt: every example, as written with `import skipjack as
daft`. The libraries they import are the stand-ins in standins/ (same module and class
shapes); httpbin.org and api.deepl.com are a local server. Each test checks the values
the example computes and how often each class's __init__ ran (the point of @daft.cls);
the counting line in each __init__ is the only addition to the seed's code."""

from __future__ import annotations

import json
import os
from typing import Iterator

import aiohttp
import pytest

import skipjack as daft
from skipjack import DataType, Series
from .conftest import API_KEY, INITS, assert_inits, threads_of

# ---------------------------------------------------------------------------------------
# Seed 1, section 1: the anatomy of a stateful UDF
# ---------------------------------------------------------------------------------------
from transformers import pipeline  # noqa: E402  (the seed's imports, where it has them)


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
        from transformers import AutoTokenizer
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
        from sentence_transformers import SentenceTransformer
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
from faster_whisper import WhisperModel, BatchedInferencePipeline  # noqa: E402


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
    def transcribe(self, audio_file: daft.File):
        with audio_file.to_tempfile() as tmp:
            segments_iter, info = self.pipe.transcribe(
                str(tmp.name), vad_filter=True, batch_size=16
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
def _write_weights(tmp_path, labels, images) -> None:
    """The stand-in torch.hub's "pretrained weights": a label and confidence per image."""
    import numpy as np
    from PIL import Image

    known = {}
    for path, (label, confidence) in images.items():
        pixels = np.asarray(Image.open(path).convert("RGB"), dtype=np.float64)
        known[f"{pixels.mean():.3f}"] = [labels.index(label), confidence]
    weights = tmp_path / "weights.json"
    weights.write_text(json.dumps({"labels": labels, "images": known}))
    os.environ["SEED_MODEL_WEIGHTS"] = str(weights)


def test_image_classifier_gpu_process(monkeypatch, tmp_path):
    import numpy as np
    import torch
    from PIL import Image

    monkeypatch.setenv("SKIPJACK_NUM_GPUS", "2")       # the machine appears to have 2 GPUs
    monkeypatch.setenv("SEED_INIT_DIR", str(tmp_path))  # where each __init__ signs in
    monkeypatch.setenv("SEED_MODEL_WEIGHTS", "")
    labels = ["tabby cat", "golden retriever"]
    paths = []
    for i in range(24):
        path = tmp_path / f"img_{i}.png"
        Image.new("RGB", (8, 8), (10 * i, 5, 200 - 5 * i)).save(path)
        paths.append(str(path))
    _write_weights(tmp_path, labels, {p: (labels[i % 2], 0.9) for i, p in enumerate(paths)})

    # The seed leaves these two helpers to the reader.
    def load_and_preprocess(image_path):
        return torch.from_numpy(np.asarray(Image.open(image_path).convert("RGB"))[None])

    def decode_prediction(output):
        return labels[int(output.numpy()[0].argmax())]

    @daft.cls(
        gpus=1,  # Reserve 1 GPU per worker instance
        max_concurrency=4,  # Limit to 4 concurrent instances
        use_process=True,  # Run in a separate process (escape the GIL)
    )
    class ImageClassifier:
        def __init__(self, model_name: str):
            import torch
            init_dir = os.environ["SEED_INIT_DIR"]
            with open(os.path.join(init_dir, f"init-{os.getpid()}-{id(self)}"), "w") as f:
                f.write(os.environ.get("CUDA_VISIBLE_DEVICES", "<unset>"))
            self.model = torch.hub.load("pytorch/vision", model_name, pretrained=True)
            self.model.cuda().eval()

        def __call__(self, image_path: str) -> str:
            image = load_and_preprocess(image_path)
            with torch.no_grad():
                output = self.model(image.cuda())
            # (added: the GPU this worker was given, to check the assignment)
            return f"{decode_prediction(output)}|{os.environ.get('CUDA_VISIBLE_DEVICES')}"

    df = daft.from_pydict({"image_path": paths})
    with daft.execution_config_ctx(num_threads=4, morsel_max_rows=3, progress_bar=False):
        out = df.with_column("label", ImageClassifier("resnet50")(df["image_path"])).to_pydict()

    assert out["image_path"] == paths
    predicted = [value.split("|")[0] for value in out["label"]]
    assert predicted == [labels[i % 2] for i in range(24)]
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
