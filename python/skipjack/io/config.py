"""Storage settings, with Daft's class names: ``IOConfig(s3=S3Config(...))``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class S3Config:
    """How to reach S3 or an S3-compatible store. Unset fields fall back to the usual
    AWS environment variables and config files."""

    region_name: str | None = None
    endpoint_url: str | None = None
    key_id: str | None = None
    access_key: str | None = None
    session_token: str | None = None
    anonymous: bool = False
    max_connections: int = 32
    connect_timeout_ms: int = 10_000
    read_timeout_ms: int = 60_000


@dataclass(frozen=True)
class IOConfig:
    s3: S3Config = field(default_factory=S3Config)


def io_config_dict(io_config: IOConfig | None) -> dict | None:
    if io_config is None:
        return None
    if not isinstance(io_config, IOConfig):
        raise TypeError(f"io_config must be a skipjack.io.IOConfig, got {type(io_config).__name__}")
    return {"s3": asdict(io_config.s3)}
