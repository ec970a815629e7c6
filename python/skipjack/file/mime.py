"""MIME types from a file's first bytes (magic numbers), else from its name."""

from __future__ import annotations

import mimetypes

# (offset, signature, MIME type); checked in order.
_MAGIC = [
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"BM", "image/bmp"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"%PDF-", "application/pdf"),
    (0, b"PK\x03\x04", "application/zip"),
    (0, b"\x1f\x8b", "application/gzip"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"fLaC", "audio/flac"),
    (0, b"OggS", "audio/ogg"),
    (0, b"\x89HDF\r\n\x1a\n", "application/vnd.hdfgroup.hdf5"),
    (0, b"PAR1", "application/vnd.apache.parquet"),
    (0, b"\x1aE\xdf\xa3", "video/webm"),
]
_RIFF = {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}


def sniff(head: bytes) -> str | None:
    """The MIME type the leading bytes announce, or None."""
    for offset, signature, mime in _MAGIC:
        if head[offset:offset + len(signature)] == signature:
            return mime
    if head[:4] == b"RIFF" and head[8:12] in _RIFF:
        return _RIFF[head[8:12]]
    if head[4:8] == b"ftyp":
        return "video/quicktime" if head[8:10] == b"qt" else "video/mp4"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "audio/mpeg"  # an MPEG audio frame header
    text = head.lstrip()[:15].lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    return None


def guess(path: str, head: bytes | None) -> str:
    """The sniffed type, else the one the name suggests, else application/octet-stream."""
    found = sniff(head) if head else None
    if found is None:
        if path.lower().endswith((".h5", ".hdf5")):
            return "application/vnd.hdfgroup.hdf5"
        found, _ = mimetypes.guess_type(path)
    return found or "application/octet-stream"
