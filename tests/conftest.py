"""Shared fixtures. Every test that takes `engine_config` runs four times: with 1 and
2 threads, and with tiny (7-row) and default morsels, so both the streaming/parallel
paths and the single-morsel path are exercised."""

from __future__ import annotations

import pytest
from hypothesis import settings

import skipjack as sj

settings.register_profile("ci", max_examples=60, deadline=None)
settings.load_profile("ci")

CONFIGS = {
    "1thread-tiny": dict(num_threads=1, morsel_max_rows=7),
    "1thread-large": dict(num_threads=1),
    "2threads-tiny": dict(num_threads=2, morsel_max_rows=7),
    "2threads-large": dict(num_threads=2),
}


@pytest.fixture(params=list(CONFIGS), ids=list(CONFIGS))
def engine_config(request):
    with sj.execution_config_ctx(progress_bar=False, **CONFIGS[request.param]) as config:
        yield config
