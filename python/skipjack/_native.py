"""Loads the native engine, after checking that the installed pyarrow is the one it was
built against (the extension links pyarrow's own libarrow)."""

from __future__ import annotations

import atexit

import pyarrow

# Keep in step with pyproject.toml: build-system.requires and project.dependencies.
SUPPORTED_PYARROW = (26, 0)


def _installed_pyarrow() -> tuple[int, int]:
    major, minor = pyarrow.__version__.split(".")[:2]
    return int(major), int(minor)


def _load():
    installed = _installed_pyarrow()
    wanted = "%d.%d" % SUPPORTED_PYARROW
    if installed != SUPPORTED_PYARROW:
        raise ImportError(
            f"skipjack needs pyarrow {wanted}.x but pyarrow {pyarrow.__version__} is installed. "
            f"Run: pip install 'pyarrow=={wanted}.*' (or reinstall skipjack so it is rebuilt "
            f"against the pyarrow you have)."
        )
    try:
        from skipjack import _core
    except ImportError as error:
        raise ImportError(
            f"skipjack's native module could not be loaded ({error}). It was built for "
            f"pyarrow {wanted}.x; check that `python -c 'import pyarrow'` works in this "
            f"environment and that skipjack was installed with the same interpreter."
        ) from error
    if tuple(_core.ARROW_VERSION) != SUPPORTED_PYARROW:
        raise ImportError(
            f"skipjack was compiled against Arrow {_core.ARROW_VERSION[0]}.{_core.ARROW_VERSION[1]} "
            f"but this package expects pyarrow {wanted}; reinstall skipjack."
        )
    return _core


core = _load()
# Arrow's S3 client must shut down before the interpreter; atexit runs this after the
# query cleanup registered later (atexit is last-in, first-out).
atexit.register(core.finalize_s3)
