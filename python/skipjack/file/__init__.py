"""daft.File: read-only file objects over paths and URLs (local, HTTP(S), S3)."""

from skipjack.file.file import File
from skipjack.file.media_type import MediaType

__all__ = ["File", "MediaType"]
