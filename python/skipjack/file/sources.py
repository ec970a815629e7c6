"""Where a File's bytes come from: a local file, an object store through Arrow's
filesystems (S3), or an HTTP(S) server with range requests. Each source reads byte
ranges; file.py turns one into a buffered, seekable stream."""

from __future__ import annotations

import functools
import os
import time
import urllib.error
import urllib.parse
import urllib.request

from skipjack.io.config import HTTPConfig, IOConfig, S3Config

_RETRYABLE_HTTP = {429, 500, 502, 503, 504}


class ByteSource:
    """Random access to the bytes of one object."""

    def size(self) -> int:
        raise NotImplementedError

    def read_at(self, offset: int, length: int) -> bytes:
        raise NotImplementedError

    def exists(self) -> bool:
        raise NotImplementedError

    def supports_ranges(self) -> bool:
        return True

    def close(self) -> None:
        pass


class LocalSource(ByteSource):
    def __init__(self, path: str):
        self.path = path
        self._fd: int | None = None

    def _descriptor(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDONLY)
        return self._fd

    def size(self) -> int:
        return os.fstat(self._descriptor()).st_size

    def read_at(self, offset: int, length: int) -> bytes:
        return os.pread(self._descriptor(), length, offset)

    def exists(self) -> bool:
        return os.path.isfile(self.path)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class ArrowSource(ByteSource):
    """An object in an Arrow filesystem (S3), opened on first read."""

    def __init__(self, filesystem, path: str, url: str):
        self.filesystem, self.path, self.url = filesystem, path, url
        self._file = None

    def _handle(self):
        if self._file is None:
            try:
                self._file = self.filesystem.open_input_file(self.path)
            except OSError as error:
                if "does not exist" in str(error) or "NoSuchKey" in str(error) or "404" in str(error):
                    raise FileNotFoundError(f"File {self.url} does not exist") from error
                raise
        return self._file

    def size(self) -> int:
        return self._handle().size()

    def read_at(self, offset: int, length: int) -> bytes:
        return self._handle().read_at(length, offset)

    def exists(self) -> bool:
        from pyarrow import fs

        return self.filesystem.get_file_info(self.path).type == fs.FileType.File

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class HttpSource(ByteSource):
    """An HTTP(S) resource read with Range requests; a server that ignores ranges is
    read once in full and served from memory."""

    def __init__(self, url: str, config: HTTPConfig):
        self.url, self.config = url, config
        self._size: int | None = None
        self._ranges: bool | None = None
        self._body: bytes | None = None

    def _request(self, method: str, headers: dict | None = None):
        all_headers = {"User-Agent": self.config.user_agent, **(headers or {})}
        if self.config.bearer_token:
            all_headers["Authorization"] = f"Bearer {self.config.bearer_token}"
        request = urllib.request.Request(self.url, method=method, headers=all_headers)
        timeout = (self.config.connect_timeout_ms + self.config.read_timeout_ms) / 1000
        backoff = self.config.retry_initial_backoff_ms / 1000
        for attempt in range(max(1, self.config.num_tries)):
            try:
                return urllib.request.urlopen(request, timeout=timeout)
            except urllib.error.HTTPError as error:
                if error.code == 404:
                    raise FileNotFoundError(f"File {self.url} does not exist (HTTP 404)") from None
                if error.code not in _RETRYABLE_HTTP or attempt + 1 >= self.config.num_tries:
                    raise OSError(f"GET {self.url} failed: HTTP {error.code} {error.reason}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt + 1 >= self.config.num_tries:
                    raise OSError(f"GET {self.url} failed: {getattr(error, 'reason', error)}") from None
            time.sleep(backoff * (2 ** attempt))
        raise AssertionError("unreachable")

    def _probe(self) -> None:
        if self._size is not None:
            return
        try:
            with self._request("HEAD") as response:
                length = response.headers.get("Content-Length")
                ranges = response.headers.get("Accept-Ranges", "").lower() == "bytes"
            if length is not None:
                self._size, self._ranges = int(length), ranges
                return
        except OSError as error:
            if isinstance(error, FileNotFoundError):
                raise
        self._load_body()

    def _load_body(self) -> None:
        with self._request("GET") as response:
            self._body = response.read()
        self._size, self._ranges = len(self._body), False

    def size(self) -> int:
        self._probe()
        return self._size

    def supports_ranges(self) -> bool:
        self._probe()
        return bool(self._ranges)

    def read_at(self, offset: int, length: int) -> bytes:
        self._probe()
        end = min(offset + length, self._size)
        if offset >= end:
            return b""
        if self._body is None and self._ranges:
            with self._request("GET", {"Range": f"bytes={offset}-{end - 1}"}) as response:
                data = response.read()
                if response.status == 206:
                    return data
                self._body = data  # the server sent the whole object after all
        elif self._body is None:
            self._load_body()
        return self._body[offset:end]

    def exists(self) -> bool:
        try:
            self._probe()
            return True
        except FileNotFoundError:
            return False


@functools.lru_cache(maxsize=16)
def _s3_filesystem(config: S3Config):
    from pyarrow import fs

    options = dict(anonymous=config.anonymous, region=config.region_name,
                   connect_timeout=config.connect_timeout_ms / 1000,
                   request_timeout=config.read_timeout_ms / 1000)
    if config.key_id is not None:
        options.update(access_key=config.key_id, secret_key=config.access_key,
                       session_token=config.session_token)
    if config.endpoint_url:
        parsed = urllib.parse.urlparse(config.endpoint_url)
        options.update(endpoint_override=parsed.netloc or parsed.path, scheme=parsed.scheme or "https")
    return fs.S3FileSystem(**{k: v for k, v in options.items() if v is not None})


def open_source(url: str, io_config: IOConfig | None) -> ByteSource:
    """The source for a path or URL: local paths and file://, http(s)://, s3://."""
    config = io_config or IOConfig()
    parsed = urllib.parse.urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme in ("", "file"):
        return LocalSource(urllib.parse.unquote(parsed.path) if scheme == "file" else url)
    if scheme in ("http", "https"):
        return HttpSource(url, config.http)
    if scheme in ("s3", "s3a"):
        return ArrowSource(_s3_filesystem(config.s3), parsed.netloc + parsed.path, url)
    raise ValueError(f"cannot open {url!r}: unsupported scheme {scheme!r} "
                     f"(expected a local path, file://, http(s):// or s3://)")
