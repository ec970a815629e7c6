"""skipjack.File over local paths, HTTP (with and without range support) and S3 (moto):
reading, seeking, windows, size, existence, MIME types and temporary copies."""

from __future__ import annotations

import functools
import http.server
import io
import os
import pickle
import threading

import pytest

import skipjack as sj

PAYLOAD = bytes(range(256)) * 40 + b"tail"  # 10,244 bytes, every byte value


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, honouring single byte ranges when the server allows them."""

    ranges = True
    requests: list = []

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if not os.path.isfile(path):
            self.send_error(404)
            return None
        data = open(path, "rb").read()
        header = self.headers.get("Range")
        type(self).requests.append((self.command, header))
        if header and self.ranges:
            start, end = header.removeprefix("bytes=").split("-")
            start, end = int(start), min(int(end), len(data) - 1)
            body = data[start:end + 1]
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        else:
            body = data
            self.send_response(200)
        if self.ranges:
            self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def _serve(directory, ranges: bool):
    handler = type("Handler", (_RangeHandler,), {"ranges": ranges, "requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler


@pytest.fixture
def files(tmp_path):
    (tmp_path / "data.bin").write_bytes(PAYLOAD)
    (tmp_path / "notes.txt").write_text("line one\nline two\n")
    (tmp_path / "pixel.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    return tmp_path


@pytest.fixture(params=["ranges", "no-ranges"])
def http_files(files, request):
    server, handler = _serve(files, ranges=request.param == "ranges")
    yield f"http://127.0.0.1:{server.server_port}", handler
    server.shutdown()
    server.server_close()


def _check_reading(file: sj.File) -> None:
    assert file.size() == len(PAYLOAD)
    with file.open() as handle:
        assert handle.read(4) == PAYLOAD[:4]
        assert handle.tell() == 4
        assert handle.seek(1000) == 1000
        assert handle.read(10) == PAYLOAD[1000:1010]
        handle.seek(-4, io.SEEK_END)
        assert handle.read() == b"tail"
        assert handle.read() == b""
        handle.seek(0)
        assert handle.read() == PAYLOAD
        assert handle.size() == len(PAYLOAD)
    assert handle.closed


def test_local_file(files):
    file = sj.File(str(files / "data.bin"))
    assert file.path == str(files / "data.bin") and file.name == "data.bin"
    assert file.exists() and not sj.File(str(files / "missing.bin")).exists()
    _check_reading(file)
    assert sj.File(f"file://{files}/data.bin").read() == PAYLOAD


def test_http_file(http_files):
    base, handler = http_files
    file = sj.File(f"{base}/data.bin")
    assert file.name == "data.bin" and file.exists()
    _check_reading(file)
    if handler.ranges:  # reads go out as byte ranges, never the whole object
        with file.open(buffer_size=100) as handle:
            handle.seek(5000)
            assert handle.read(10) == PAYLOAD[5000:5010]
        gets = [r for method, r in handler.requests if method == "GET"]
        assert gets and all(r is not None for r in gets)
        assert "bytes=5000-5099" in gets
    assert not sj.File(f"{base}/missing.bin").exists()
    with pytest.raises(FileNotFoundError, match="missing.bin"):
        sj.File(f"{base}/missing.bin").open()


def test_s3_file(moto_s3):
    fs, config = moto_s3
    with fs.open_output_stream("bucket/dir/data.bin") as out:
        out.write(PAYLOAD)
    file = sj.File("s3://bucket/dir/data.bin", io_config=config)
    assert file.name == "data.bin" and file.exists()
    _check_reading(file)
    assert not sj.File("s3://bucket/dir/nope.bin", io_config=config).exists()
    # From a column: the io_config travels with each value.
    df = sj.from_pydict({"u": ["s3://bucket/dir/data.bin"]})
    df = df.select(sj.functions.file(sj.col("u"), io_config=config))

    @sj.func
    def digest(f: sj.File) -> int:
        return sum(f.read())

    assert df.select(digest(sj.col("u"))).to_pydict() == {"u": [sum(PAYLOAD)]}


def test_window_of_a_file(files):
    file = sj.File(str(files / "data.bin"), position=256, size=512)
    assert file.position == 256 and file.size() == 512
    with file.open() as handle:
        assert handle.read() == PAYLOAD[256:768]
        handle.seek(-2, io.SEEK_END)
        assert handle.read() == PAYLOAD[766:768]
    open_ended = sj.File(str(files / "data.bin"), position=10_000)
    assert open_ended.read() == PAYLOAD[10_000:]


def test_mime_types(files):
    assert sj.File(str(files / "pixel.png")).mime_type() == "image/png"
    assert sj.File(str(files / "pixel.png")).is_image()
    assert sj.File(str(files / "notes.txt")).mime_type() == "text/plain"
    assert sj.File(str(files / "data.bin")).mime_type() == "application/octet-stream"
    # A missing file still gets the type its name suggests.
    assert sj.File(str(files / "absent.mp3")).mime_type() == "audio/mpeg"


def test_to_tempfile_is_a_real_file_removed_on_close(files):
    file = sj.File(str(files / "data.bin"))
    with file.to_tempfile() as tmp:
        name = tmp.name
        assert name.endswith(".bin") and os.path.getsize(name) == len(PAYLOAD)
        assert open(name, "rb").read() == PAYLOAD
        assert tmp.read(3) == PAYLOAD[:3]  # positioned at the start
    assert not os.path.exists(name)


def test_missing_file_errors_name_the_path(files):
    missing = sj.File(str(files / "gone.wav"))
    with pytest.raises(FileNotFoundError, match="gone.wav"):
        missing.open()
    with pytest.raises(FileNotFoundError, match="gone.wav"):
        missing.size()
    with pytest.raises(FileNotFoundError, match="gone.wav"):
        missing.to_tempfile()


def test_bad_arguments():
    with pytest.raises(TypeError, match="path or URL"):
        sj.File(42)
    with pytest.raises(ValueError, match="position must be >= 0"):
        sj.File("/x", position=-1)
    with pytest.raises(ValueError, match="unsupported scheme 'ftp'"):
        sj.File("ftp://host/x").open()


def test_file_pickles_and_compares(files):
    file = sj.File(str(files / "data.bin"), position=1, size=2)
    again = pickle.loads(pickle.dumps(file))
    assert again == file and again.read() == PAYLOAD[1:3]
    assert repr(file) == f"File('{files / 'data.bin'}', position=1, size=2)"
