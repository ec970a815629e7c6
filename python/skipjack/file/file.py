"""File: a read-only, seekable file object over a path or URL, as daft.File.

    @sj.func
    def first_line(f: sj.File) -> str:
        with f.open() as handle:
            return handle.readline().decode()

A File is only a reference (url, io config, optional byte window); nothing is read until
open(), size(), mime_type() or to_tempfile() asks for the bytes."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import urllib.parse

from skipjack.file import mime
from skipjack.file.sources import ByteSource, open_source
from skipjack.io.config import IOConfig

_SNIFF_BYTES = 4 * 1024
_COPY_BYTES = 1024 * 1024
_DEFAULT_BUFFER = 64 * 1024


class _WindowReader(io.RawIOBase):
    """The bytes [start, start + length) of a source as a raw stream."""

    def __init__(self, source: ByteSource, start: int, length: int | None):
        self._source, self._start = source, start
        self._length = length
        self._position = 0

    def _size(self) -> int:
        if self._length is None:
            self._length = max(0, self._source.size() - self._start)
        return self._length

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        remaining = self._size() - self._position
        if remaining <= 0:
            return 0
        data = self._source.read_at(self._start + self._position, min(len(buffer), remaining))
        buffer[:len(data)] = data
        self._position += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size()}[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._position = base + offset
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        if not self.closed:
            self._source.close()
        super().close()


class FileReader(io.BufferedReader):
    """What File.open() returns: a buffered binary stream (read, readline, seek, tell,
    iteration, a context manager) that also knows its size."""

    def size(self) -> int:
        return self.raw._size()

    def supports_range_requests(self) -> bool:
        return self.raw._source.supports_ranges()


class File:
    """A reference to a file by path or URL (local, file://, http(s)://, s3://), read on
    demand. ``position``/``size`` restrict it to a byte window of the object."""

    __slots__ = ("_url", "_io_config", "_position", "_size")

    def __init__(self, url: str, io_config: IOConfig | None = None, media_type=None,
                 position: int | None = None, size: int | None = None) -> None:
        if not isinstance(url, (str, os.PathLike)):
            raise TypeError(f"File expects a path or URL string, got {type(url).__name__}")
        if io_config is not None and not isinstance(io_config, IOConfig):
            raise TypeError(f"io_config must be a skipjack.io.IOConfig, got {type(io_config).__name__}")
        for name, value in (("position", position), ("size", size)):
            if value is not None and value < 0:
                raise ValueError(f"File {url}: {name} must be >= 0, got {value}")
        self._url = os.fspath(url)
        self._io_config = io_config
        self._position = position
        self._size = size

    # -- what it refers to ---------------------------------------------------------------
    @property
    def path(self) -> str:
        """The full path or URL."""
        return self._url

    @property
    def name(self) -> str:
        """The file name without directories (or URL path)."""
        path = urllib.parse.urlparse(self._url).path if "://" in self._url else self._url
        return os.path.basename(path.rstrip("/"))

    @property
    def position(self) -> int | None:
        """Where the byte window starts, or None for the whole file."""
        return self._position

    @property
    def io_config(self) -> IOConfig | None:
        return self._io_config

    def _source(self) -> ByteSource:
        return open_source(self._url, self._io_config)

    def exists(self) -> bool:
        """Whether the path or URL names an existing file."""
        source = self._source()
        try:
            return source.exists()
        finally:
            source.close()

    def size(self) -> int:
        """The size in bytes (of the window, when one is set)."""
        if self._size is not None:
            return self._size
        source = self._source()
        try:
            return max(0, source.size() - (self._position or 0))
        except FileNotFoundError:
            raise FileNotFoundError(f"File {self._url} does not exist") from None
        finally:
            source.close()

    # -- reading -------------------------------------------------------------------------
    def open(self, buffer_size: int | None = None) -> FileReader:
        """A seekable binary stream over the bytes; close it (or use ``with``)."""
        source = self._source()
        if self._position is None and self._size is None:
            try:
                source.size()
            except FileNotFoundError:
                source.close()
                raise FileNotFoundError(f"File {self._url} does not exist") from None
            except OSError:
                source.close()
                raise
        raw = _WindowReader(source, self._position or 0, self._size)
        return FileReader(raw, buffer_size or _DEFAULT_BUFFER)

    def read(self) -> bytes:
        """All the bytes at once."""
        with self.open() as handle:
            return handle.read()

    def mime_type(self) -> str:
        """The MIME type from the leading bytes, else from the name;
        'application/octet-stream' when neither tells."""
        try:
            with self.open(buffer_size=_SNIFF_BYTES) as handle:
                head = handle.read(_SNIFF_BYTES)
        except FileNotFoundError:
            head = None
        return mime.guess(self._url, head)

    def to_tempfile(self, buffer_size: int = _COPY_BYTES):
        """A named temporary file holding a copy of the bytes, positioned at 0; a context
        manager that deletes the copy when it closes (``tmp.name`` is a real path)."""
        temp = tempfile.NamedTemporaryFile(prefix="skipjack_", suffix=_suffix(self.name))
        try:
            with self.open(buffer_size=buffer_size) as handle:
                shutil.copyfileobj(handle, temp, length=buffer_size)
            temp.flush()
            temp.seek(0)
        except BaseException:
            temp.close()
            raise
        return temp

    def is_image(self) -> bool:
        return self.mime_type().startswith("image/")

    def is_audio(self) -> bool:
        return self.mime_type().startswith("audio/")

    def is_video(self) -> bool:
        return self.mime_type().startswith("video/")

    # -- file-object protocol answers (Daft's File has them too) --------------------------
    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, File) and other._url == self._url and other._position == self._position
                and other._size == self._size and other._io_config == self._io_config)

    def __hash__(self) -> int:
        return hash((self._url, self._position, self._size))

    def __getstate__(self):
        return (self._url, self._io_config, self._position, self._size)

    def __setstate__(self, state) -> None:
        self._url, self._io_config, self._position, self._size = state

    def __fspath__(self) -> str:
        if "://" in self._url and not self._url.startswith("file://"):
            raise TypeError(f"File {self._url} is not a local path; use open() or to_tempfile()")
        return urllib.parse.urlparse(self._url).path if self._url.startswith("file://") else self._url

    def __repr__(self) -> str:
        window = "" if self._position is None and self._size is None else \
            f", position={self._position}, size={self._size}"
        return f"File({self._url!r}{window})"

    def __str__(self) -> str:
        return self._url


def _suffix(name: str) -> str:
    """The name's extension, so tools that go by it (ffmpeg, soundfile) still can."""
    _, extension = os.path.splitext(name)
    return extension if 0 < len(extension) <= 10 else ""
