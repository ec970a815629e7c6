"""File I/O: readers, writers and storage configuration."""

from skipjack.io.config import HTTPConfig, IOConfig, S3Config
from skipjack.io.lance import read_lance
from skipjack.io.readers import from_glob_path, read_csv, read_json, read_parquet

__all__ = ["HTTPConfig", "IOConfig", "S3Config", "from_glob_path", "read_csv", "read_json", "read_lance", "read_parquet"]
