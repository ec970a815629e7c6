"""download() against real servers on loopback: an HTTP server with good, missing,
failing-then-recovering, slow and truncating endpoints; local files; S3 through moto."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections import Counter

import pytest

import skipjack as sj
from skipjack import col
from skipjack.exceptions import SkipjackError

FAST_RETRIES = sj.IOConfig(http=sj.HTTPConfig(retry_initial_backoff_ms=10, num_tries=3,
                                               read_timeout_ms=1000, connect_timeout_ms=1000))


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter = Counter()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.peak_in_flight = 0
        self.headers_seen: list[str | None] = []


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes, length: int | None = None):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        server: _Server = self.server
        with server.lock:
            server.hits[self.path] += 1
            hits = server.hits[self.path]
            server.in_flight += 1
            server.peak_in_flight = max(server.peak_in_flight, server.in_flight)
            server.headers_seen.append(self.headers.get("Authorization"))
        try:
            kind, _, name = self.path.strip("/").partition("/")
            if kind == "data":
                time.sleep(0.02)  # long enough for requests to overlap
                self._send(200, f"payload:{name}".encode())
            elif kind == "missing":
                self._send(404, b"not here")
            elif kind == "flaky":  # 503 twice, then the body
                self._send(503, b"busy") if hits <= 2 else self._send(200, b"recovered")
            elif kind == "broken":
                self._send(500, b"always down")
            elif kind == "truncated":  # promises 100 bytes, sends 10, closes
                self._send(200, b"0123456789", length=100)
                self.close_connection = True
            elif kind == "slow":
                time.sleep(3)
                self._send(200, b"late")
        finally:
            with server.lock:
                server.in_flight -= 1


@pytest.fixture
def server():
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv, f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    srv.server_close()


def _download(urls, **options):
    df = sj.from_pydict({"u": urls})
    return df.select(col("u").download(**options).alias("b")).to_pydict()["b"]


def test_many_urls_in_order_with_bounded_connections(server, engine_config):
    srv, base = server
    urls = [f"{base}/data/{i}" for i in range(120)]
    assert _download(urls, max_connections=8) == [f"payload:{i}".encode() for i in range(120)]
    assert 2 <= srv.peak_in_flight <= 8


def test_nulls_missing_and_on_error(server):
    _, base = server
    urls = [f"{base}/data/a", None, f"{base}/missing/x"]
    with pytest.raises(SkipjackError, match=r"GET .*/missing/x returned HTTP 404"):
        _download(urls)
    assert _download(urls, on_error="null") == [b"payload:a", None, None]


def test_server_errors_are_retried(server):
    srv, base = server
    assert _download([f"{base}/flaky/1"], io_config=FAST_RETRIES) == [b"recovered"]
    assert srv.hits["/flaky/1"] == 3
    with pytest.raises(SkipjackError, match=r"returned HTTP 500 \(after 3 tries\)"):
        _download([f"{base}/broken/1"], io_config=FAST_RETRIES)
    assert srv.hits["/broken/1"] == 3


def test_truncated_body_is_an_error_never_partial_bytes(server):
    srv, base = server
    with pytest.raises(SkipjackError, match=r"truncated/1 failed.*after 3 tries"):
        _download([f"{base}/truncated/1"], io_config=FAST_RETRIES)
    assert _download([f"{base}/truncated/2"], io_config=FAST_RETRIES, on_error="null") == [None]


def test_slow_server_times_out(server):
    _, base = server
    config = sj.IOConfig(http=sj.HTTPConfig(read_timeout_ms=1000, num_tries=1))
    start = time.monotonic()
    assert _download([f"{base}/slow/1"], io_config=config, on_error="null") == [None]
    assert time.monotonic() - start < 2.9


def test_bearer_token_is_sent(server):
    srv, base = server
    config = sj.IOConfig(http=sj.HTTPConfig(bearer_token="secret"))
    assert _download([f"{base}/data/t"], io_config=config) == [b"payload:t"]
    assert srv.headers_seen[-1] == "Bearer secret"


def test_connection_refused(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SkipjackError, match=f"127.0.0.1:{port}/x failed"):
        _download([f"http://127.0.0.1:{port}/x"], io_config=FAST_RETRIES)


def test_local_paths_and_file_uris(tmp_path):
    (tmp_path / "a.bin").write_bytes(b"alpha")
    (tmp_path / "b.bin").write_bytes(b"")
    urls = [str(tmp_path / "a.bin"), f"file://{tmp_path / 'b.bin'}", str(tmp_path / "nope.bin")]
    assert _download(urls, on_error="null") == [b"alpha", b"", None]
    with pytest.raises(SkipjackError, match="nope.bin"):
        _download(urls)


def test_download_runs_in_its_own_operator(server):
    _, base = server
    df = sj.from_pydict({"u": [f"{base}/data/1"]}).with_column("b", col("u").url.download())
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        df.explain(show_all=True)
    assert "UDFProject: url_download(col(" in buffer.getvalue()


def test_s3_objects(moto_s3):
    fs, config = moto_s3
    with fs.open_output_stream("bucket/obj.bin") as out:
        out.write(b"from s3")
    assert _download(["s3://bucket/obj.bin", "s3://bucket/missing.bin"], io_config=config,
                     on_error="null") == [b"from s3", None]


def test_upload_to_a_folder_and_to_paths(tmp_path):
    df = sj.from_pydict({"data": [b"one", None, b"three"], "name": ["a.bin", "b.bin", "sub/c.bin"]})
    paths = df.select(col("data").upload(str(tmp_path / "out")).alias("p")).to_pydict()["p"]
    assert paths[1] is None and len(set(paths) - {None}) == 2
    assert sorted(open(p, "rb").read() for p in paths if p) == [b"one", b"three"]
    targets = df.select(col("data").upload(sj.lit(str(tmp_path) + "/x/") + col("name")).alias("p"))
    written = targets.to_pydict()["p"]
    assert written == [f"{tmp_path}/x/a.bin", None, f"{tmp_path}/x/sub/c.bin"]
    assert (tmp_path / "x" / "sub" / "c.bin").read_bytes() == b"three"
    assert not list((tmp_path / "x").glob("*.tmp-*"))
    # Round trip: what upload wrote, download reads back.
    back = sj.from_pydict({"p": written}).select(col("p").download().alias("b")).to_pydict()["b"]
    assert back == [b"one", None, b"three"]


def test_upload_failure_names_the_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    df = sj.from_pydict({"data": [b"x"]})
    with pytest.raises(SkipjackError, match="upload to .*file/"):
        df.select(col("data").upload(str(blocker))).to_pydict()
    assert df.select(col("data").upload(str(blocker), on_error="null")).to_pydict() == {"data": [None]}
