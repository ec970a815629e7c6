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


@pytest.fixture(scope="session")
def moto_s3():
    """A moto S3 server on loopback with an empty bucket "bucket": (Arrow filesystem on it,
    the IOConfig that reaches it). Started once, stopped at the end."""
    import socket

    import pyarrow.fs as pafs

    moto_server = pytest.importorskip("moto.server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    fs = pafs.S3FileSystem(access_key="testing", secret_key="testing", endpoint_override=endpoint,
                           scheme="http", region="us-east-1", allow_bucket_creation=True)
    fs.create_dir("bucket")
    config = sj.IOConfig(s3=sj.S3Config(endpoint_url=endpoint, key_id="testing",
                                        access_key="testing", region_name="us-east-1"))
    yield fs, config
    server.stop()


@pytest.fixture(params=list(CONFIGS), ids=list(CONFIGS))
def engine_config(request):
    with sj.execution_config_ctx(progress_bar=False, **CONFIGS[request.param]) as config:
        yield config
