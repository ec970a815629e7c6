"""Interpreters for the engines we compare against.

Polars and DuckDB live in the project's own .venv. Daft pins pyarrow < 26, so it gets
a virtual environment of its own (.venv-bench-daft), created on first use; each engine
then runs in a separate process anyway, so they never share a pyarrow.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAFT_VERSION = "0.7.26"
_OWN_VENV_PEERS = {"daft": (ROOT / ".venv-bench-daft", [f"daft=={DAFT_VERSION}", "pandas", "pillow"])}


def _install(venv: Path, packages: list[str]) -> None:
    print(f"[bench] installing {' '.join(packages)} into {venv} ...", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *packages],
                   check=True)
    (venv / ".installed").write_text("\n".join(packages))


def python_for(engine: str) -> str:
    """The interpreter that runs `engine`, installing it first if needed."""
    if engine not in _OWN_VENV_PEERS:
        return sys.executable
    venv, packages = _OWN_VENV_PEERS[engine]
    marker = venv / ".installed"
    if not marker.exists() or marker.read_text() != "\n".join(packages):
        _install(venv, packages)
    return str(venv / "bin" / "python")
