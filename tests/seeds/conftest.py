"""What the seed examples reach outside the machine for, made local: the libraries they
import (stand-ins in standins/), an HTTP server for the photo URLs (real photographs from
Debian's mate-backgrounds), httpbin/DeepL stand-in APIs, and the dog-owners Parquet."""

from __future__ import annotations

import collections
import contextlib
import functools
import http.server
import io
import json
import os
import sys
import threading
import urllib.parse
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

STANDINS = Path(__file__).parent / "standins"
PHOTOS = Path("/usr/share/backgrounds/mate/nature")
API_KEY = "sk-my-secret-key"
GERMAN = {"Hello": "Hallo", "Good morning": "Guten Morgen", "Thank you": "Danke"}
FLICKR = "https://live.staticflickr.com/65535/"
# The seed's five dog photo names, each served as one of the local photographs.
DOG_PHOTOS = ["53671838774_03ba68d203_o.jpg", "53671700073_2c9441422e_o.jpg",
              "53670606332_1ea5f2ce68_o.jpg", "53671838039_b97411a441_o.jpg",
              "53671698613_0230f8af3c_o.jpg"]

# Calls of the seed classes' __init__ in this process, by class name.
INITS: collections.Counter = collections.Counter()


@pytest.fixture(autouse=True)
def _reset_inits():
    INITS.clear()
    yield
    INITS.clear()


# `from transformers import pipeline`, `import torch`, ... resolve to the stand-ins, in the
# seed modules (imported after this file) and in UDF worker processes; undone at the end.
sys.path.insert(0, str(STANDINS))
_PREVIOUS_PYTHONPATH = os.environ.get("PYTHONPATH")
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(STANDINS), _PREVIOUS_PYTHONPATH]))


@pytest.fixture(autouse=True, scope="session")
def standin_libraries():
    yield
    sys.path.remove(str(STANDINS))
    if _PREVIOUS_PYTHONPATH is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = _PREVIOUS_PYTHONPATH


def assert_inits(name: str, max_instances: int) -> None:
    """__init__ ran at least once and at most once per worker instance."""
    assert 1 <= INITS[name] <= max_instances, (name, INITS[name], max_instances)


def threads_of(config) -> int:
    return config.num_threads or os.cpu_count() or 1


def shown(df, *args) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        df.show(*args)
    return buffer.getvalue()


def table_rows(text: str) -> list[list[str]]:
    """The data rows of a rendered table, as lists of cell texts."""
    rows = []
    for line in text.splitlines():
        if line.startswith("│") and "┆" in line or (line.startswith("│") and line.count("│") == 2):
            rows.append([cell.strip() for cell in line.strip("│").split("┆")])
    return rows[3:]  # after the names, "---" and the types


def _serve(handler) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    """Files of a folder; the seed's Flickr names map to local photographs."""

    aliases: dict = {}

    def translate_path(self, path):
        name = urllib.parse.urlparse(path).path.lstrip("/")
        if name in self.aliases:
            return str(self.aliases[name])
        return super().translate_path(path)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def photos() -> list[Path]:
    found = sorted(PHOTOS.glob("*.jpg"))
    assert len(found) >= 5, f"{PHOTOS} has no photographs: run scripts/bootstrap.sh (mate-backgrounds)"
    return found


@pytest.fixture(scope="session")
def photo_server(photos):
    """(base URL, photos); /<name> serves a photo, and so do the seed's Flickr names."""
    aliases = dict(zip(DOG_PHOTOS, photos))
    handler = type("Handler", (_QuietFiles,), {"aliases": aliases})
    server, base = _serve(functools.partial(handler, directory=str(PHOTOS)))
    yield base, photos
    server.shutdown()
    server.server_close()


def dog_urls(base: str) -> list[str]:
    """The seed's five URLs with https://live.staticflickr.com/65535/ made local."""
    return [f"{base}/{name}" for name in DOG_PHOTOS]


class _ApiHandler(http.server.BaseHTTPRequestHandler):
    """httpbin.org's /get and /ip behind a bearer token, and DeepL's /v2/translate."""

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

    def log_message(self, *args):
        pass


@pytest.fixture
def local_api():
    server, base = _serve(_ApiHandler)
    server.requests = []
    server.url = base
    yield server
    server.shutdown()
    server.server_close()


OWNERS = pa.table({
    "first_name": ["Ernesto", "James", "Wolfgang", "Shandra", "Zaya", "Wendy"],
    "last_name": ["Evergreen", "Jale", "Winter", "Shamas", "Zaphora", "Wonder"],
    "age": [34, 62, 23, 57, 40, 16],
    "DoB": ["1990-04-03", "1962-03-24", "2001-02-12", "1967-01-02", "1984-04-07", "2008-07-05"],
    "country": ["Canada", "Canada", "Germany", "United Kingdom", "United Kingdom", "Canada"],
    "has_dog": [True, True, None, True, True, None],
})


@pytest.fixture
def dog_owners(tmp_path) -> str:
    """The seed's sample-data-dog-owners-partitioned.pq: a folder of Parquet parts with
    the columns the guide shows; returns the glob the seed reads."""
    folder = tmp_path / "sample-data-dog-owners-partitioned.pq"
    for part, (start, stop) in enumerate([(0, 2), (2, 4), (4, 6)]):
        (folder / f"part-{part}").mkdir(parents=True)
        pq.write_table(OWNERS.slice(start, stop - start), folder / f"part-{part}" / "data.parquet")
    return str(folder / "**")
