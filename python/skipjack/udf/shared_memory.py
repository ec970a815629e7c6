"""Arrow IPC through shared memory: the writer copies a batch once into a fresh file in
/dev/shm; the reader maps it and reads the columns in place (no copy), then unlinks the
file, so the memory lives exactly as long as the arrays that use it."""

from __future__ import annotations

import itertools
import mmap
import os
import tempfile

import pyarrow as pa

_SHM_DIR = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
_counter = itertools.count()


def segment_prefix(pid: int | None = None) -> str:
    return os.path.join(_SHM_DIR, f"skipjack-udf-{pid or os.getpid()}-")


def write_batch(batch: pa.RecordBatch) -> tuple[str, int]:
    """Writes `batch` as an IPC stream into a new segment; returns (path, size). The
    buffers go straight from the batch's memory into the segment's pages."""
    path = f"{segment_prefix()}{next(_counter)}"
    try:
        with pa.OSFile(path, "wb") as sink:
            with pa.ipc.new_stream(sink, batch.schema) as writer:
                writer.write_batch(batch)
            size = sink.tell()
    except BaseException:
        discard(path)
        raise
    return path, size


def read_batch(path: str, size: int) -> pa.RecordBatch:
    """Maps the segment and reads its batch in place; the segment is unlinked."""
    fd = os.open(path, os.O_RDONLY)
    try:
        memory = mmap.mmap(fd, size, prot=mmap.PROT_READ)
    finally:
        os.close(fd)
        os.unlink(path)
    reader = pa.ipc.open_stream(pa.py_buffer(memory))
    return reader.read_next_batch()


def discard(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def remove_segments_of(pid: int) -> None:
    """Removes what a dead process left behind."""
    prefix = segment_prefix(pid)
    directory, stem = os.path.split(prefix)
    for name in os.listdir(directory):
        if name.startswith(stem):
            discard(os.path.join(directory, name))
