"""use_process=True: UDFs in worker processes. Results, state per worker, errors with
the user's traceback, crashing workers (error or retry, never a hang), GPU device
assignment, Ctrl-C, and no worker left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Iterator

import pytest

import skipjack as sj
from skipjack import DataType, Series, col
from skipjack.exceptions import UDFException, UDFWorkerError


def _children() -> set[int]:
    """Live child processes of this process (from /proc)."""
    mine = str(os.getpid())
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == mine and fields[0] != "Z":
                found.add(int(entry))
    return found


@pytest.fixture
def no_leftover_workers():
    before = _children()
    yield
    deadline = time.time() + 10
    while _children() - before and time.time() < deadline:
        time.sleep(0.05)
    assert not (_children() - before), "a UDF worker process outlived its query"


@sj.func(use_process=True)
def worker_pid(x: int) -> int:
    return os.getpid()


def test_runs_in_other_processes(no_leftover_workers):
    with sj.execution_config_ctx(num_threads=2, morsel_max_rows=10, progress_bar=False):
        df = sj.from_pydict({"x": list(range(100))})
        pids = df.select(worker_pid(col("x"))).to_pydict()["x"]
    assert len(pids) == 100 and os.getpid() not in pids and 1 <= len(set(pids)) <= 2


def test_batch_and_generator_in_processes(no_leftover_workers):
    @sj.func.batch(return_dtype=DataType.string(), use_process=True)
    def upper(s: Series):
        return [v.upper() for v in s.to_pylist()]

    @sj.func(use_process=True)
    def chars(s: str) -> Iterator[str]:
        yield from s

    df = sj.from_pydict({"s": ["ab", "c"]})
    assert df.select(upper(col("s"))).to_pydict() == {"s": ["AB", "C"]}
    assert df.select(chars(col("s"))).to_pydict() == {"s": ["a", "b", "c"]}


def test_large_binary_values_round_trip(no_leftover_workers):
    @sj.func(use_process=True)
    def flip(b: bytes) -> bytes:
        return b[::-1]

    blobs = [os.urandom(1 << 20) for _ in range(6)]
    df = sj.from_pydict({"b": blobs})
    assert df.select(flip(col("b"))).to_pydict()["b"] == [b[::-1] for b in blobs]


def test_stateful_init_once_per_worker(tmp_path, no_leftover_workers):
    @sj.cls(use_process=True, max_concurrency=2)
    class Tagger:
        def __init__(self, folder: str):
            Path(folder, f"init-{os.getpid()}-{time.time_ns()}").touch()
            self.pid = os.getpid()

        def __call__(self, x: int) -> int:
            return self.pid

    with sj.execution_config_ctx(num_threads=2, morsel_max_rows=8, progress_bar=False):
        df = sj.from_pydict({"x": list(range(200))})
        pids = set(df.select(Tagger(str(tmp_path))(col("x"))).to_pydict()["x"])
    inits = list(tmp_path.iterdir())
    assert 1 <= len(inits) <= 2 and len(pids) == len(inits)
    assert {int(p.name.split("-")[1]) for p in inits} == pids


def test_exception_carries_worker_traceback_and_row(no_leftover_workers):
    @sj.func(use_process=True)
    def picky(x: int) -> int:
        if x == 3:
            raise ValueError("three is not allowed")
        return x

    df = sj.from_pydict({"x": [1, 2, 3, 4]})
    with pytest.raises(UDFException) as info:
        df.select(picky(col("x"))).to_pydict()
    text = str(info.value)
    assert "picky" in text and "x: 3 (int)" in text and "three is not allowed" in text
    assert "Traceback in the UDF worker process" in text and "in picky" in text


@pytest.mark.parametrize("how", ["exit", "segfault"])
def test_crashing_worker_is_a_clear_error(how, no_leftover_workers):
    @sj.func(use_process=True)
    def crash(x: int) -> int:
        if how == "exit":
            os._exit(7)
        import ctypes

        ctypes.string_at(0)  # segmentation fault
        return x

    df = sj.from_pydict({"x": [1, 2]})
    with pytest.raises(UDFWorkerError, match=r"crash.*died (with exit code 7|from signal SIGSEGV)"):
        df.select(crash(col("x"))).to_pydict()


def test_crashing_worker_is_retried(tmp_path, no_leftover_workers):
    marker = tmp_path / "crashed"

    @sj.func(use_process=True, max_retries=1)
    def crash_once(x: int) -> int:
        if not marker.exists():
            marker.touch()
            os._exit(1)
        return x * 2

    df = sj.from_pydict({"x": [1, 2, 3]})
    assert df.select(crash_once(col("x"))).to_pydict() == {"x": [2, 4, 6]}
    assert marker.exists()


def test_gpu_devices_assigned_per_worker(monkeypatch, no_leftover_workers):
    monkeypatch.setenv("SKIPJACK_NUM_GPUS", "2")

    @sj.cls(gpus=1)
    class Device:
        def __init__(self):
            self.devices = os.environ.get("CUDA_VISIBLE_DEVICES")

        def __call__(self, x: int) -> str:
            return self.devices

    with sj.execution_config_ctx(num_threads=2, morsel_max_rows=4, progress_bar=False):
        df = sj.from_pydict({"x": list(range(64))})
        expr = Device()(col("x"))
        seen = df.select(expr).to_pydict()["x"]
    assert set(seen) <= {"0", "1"} and len(seen) == 64


def test_fractional_gpus_share_devices(monkeypatch):
    from skipjack.udf import devices

    assert devices.instances_for_gpus(0.5, ["0", "1"]) == 4
    assert [devices.devices_for_instance(i, 0.5, ["0", "1"], "f") for i in range(4)] == ["0", "0", "1", "1"]
    assert devices.devices_for_instance(1, 2, ["0", "1", "2", "3"], "f") == "2,3"
    monkeypatch.setenv("SKIPJACK_NUM_GPUS", "3")
    assert devices.visible_gpus() == ["0", "1", "2"]


def test_gpu_udf_runs_on_cpu_only_machine(monkeypatch, no_leftover_workers):
    monkeypatch.setenv("SKIPJACK_NUM_GPUS", "0")

    @sj.func(gpus=1, use_process=True)
    def where(x: int) -> str:
        return repr(os.environ.get("CUDA_VISIBLE_DEVICES"))

    df = sj.from_pydict({"x": [1]})
    with pytest.warns(RuntimeWarning, match="no"):
        assert df.select(where(col("x"))).to_pydict() == {"x": ["''"]}


_CTRL_C_SCRIPT = textwrap.dedent("""
    import os, sys, time
    import skipjack as sj

    folder = sys.argv[1]

    @sj.func(use_process=True)
    def slow(x: int) -> int:
        open(os.path.join(folder, str(os.getpid())), "w").close()
        time.sleep(60)
        return x

    sj.set_execution_config(progress_bar=False)
    sj.from_pydict({"x": list(range(4))}).select(slow(sj.col("x"))).collect()
""")


def test_ctrl_c_cancels_and_stops_workers(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(_CTRL_C_SCRIPT)
    folder = tmp_path / "pids"
    folder.mkdir()
    process = subprocess.Popen([sys.executable, str(script), str(folder)],
                               stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not list(folder.iterdir()) and time.time() < deadline:
        time.sleep(0.05)
    assert list(folder.iterdir()), "the worker never started"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0 and "KeyboardInterrupt" in stderr
    for pid_file in folder.iterdir():
        deadline = time.time() + 10
        while Path(f"/proc/{pid_file.name}").exists() and time.time() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{pid_file.name}").exists(), "a worker survived Ctrl-C"
