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
class HTTPConfig:
    """How URL downloads talk HTTP(S). A failed request (timeout, connection error, 5xx,
    429, a truncated body) is tried up to ``num_tries`` times, waiting
    ``retry_initial_backoff_ms`` and doubling."""

    user_agent: str = "skipjack"
    bearer_token: str | None = None
    connect_timeout_ms: int = 30_000
    read_timeout_ms: int = 30_000
    num_tries: int = 5
    retry_initial_backoff_ms: int = 500


@dataclass(frozen=True)
class IOConfig:
    s3: S3Config = field(default_factory=S3Config)
    http: HTTPConfig = field(default_factory=HTTPConfig)


def io_config_dict(io_config: IOConfig | None) -> dict | None:
    if io_config is None:
        return None
    if not isinstance(io_config, IOConfig):
        raise TypeError(f"io_config must be a skipjack.io.IOConfig, got {type(io_config).__name__}")
    return {"s3": asdict(io_config.s3), "http": asdict(io_config.http)}
