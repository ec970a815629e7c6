"""Execution settings: threads, morsel sizes and the memory budget.

    skipjack.set_execution_config(num_threads=2, morsel_max_rows=65536)
    with skipjack.execution_config_ctx(num_threads=1):
        df.collect()

Daft's names are accepted too (``default_morsel_size`` is ``morsel_max_rows``).
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Iterator


@dataclasses.dataclass(frozen=True)
class ExecutionConfig:
    num_threads: int = 0  # 0: one per core
    morsel_max_rows: int = 128 * 1024
    morsel_target_bytes: int = 8 << 20
    queue_capacity_bytes: int = 64 << 20
    memory_budget_bytes: int = 4 << 30
    progress_bar: bool = True  # shown on terminals for queries longer than a second

    def engine_settings(self) -> dict:
        settings = dataclasses.asdict(self)
        settings.pop("progress_bar")
        return settings


_ALIASES = {"default_morsel_size": "morsel_max_rows"}
_current = ExecutionConfig()


def _check_value(name: str, value) -> None:
    if name == "progress_bar":
        if not isinstance(value, bool):
            raise ValueError(f"progress_bar must be True or False, got {value!r}")
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{name} must be an int, got {value!r}")
    if name == "num_threads" and value < 0:
        raise ValueError(f"num_threads must be >= 0 (0 = one per core), got {value}")
    if name != "num_threads" and value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")


def _resolve(**settings) -> dict:
    resolved = {}
    names = {f.name for f in dataclasses.fields(ExecutionConfig)}
    for name, value in settings.items():
        name = _ALIASES.get(name, name)
        if name not in names:
            raise ValueError(
                f"unknown execution setting {name!r}; known settings: {', '.join(sorted(names))}")
        _check_value(name, value)
        resolved[name] = value
    return resolved


def get_execution_config() -> ExecutionConfig:
    return _current


def set_execution_config(config: ExecutionConfig | None = None, **settings) -> ExecutionConfig:
    """Replaces the settings for later queries; returns the new config."""
    global _current
    base = config if config is not None else _current
    _current = dataclasses.replace(base, **_resolve(**settings))
    return _current


@contextlib.contextmanager
def execution_config_ctx(**settings) -> Iterator[ExecutionConfig]:
    """Applies the settings inside a ``with`` block only."""
    global _current
    previous = _current
    _current = dataclasses.replace(previous, **_resolve(**settings))
    try:
        yield _current
    finally:
        _current = previous


__all__ = ["ExecutionConfig", "execution_config_ctx", "get_execution_config",
           "set_execution_config"]
