"""What the engine calls: a RunnerFactory per UDF expression, and one runner per worker
slot of its UDFProject, either in this process (ThreadRunner) or in a worker process
of its own (ProcessRunner). The engine takes the GIL only around these calls."""

from __future__ import annotations

import atexit
import ctypes
import itertools
import multiprocessing.connection
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref

import cloudpickle
import pyarrow as pa

from skipjack.exceptions import CancelledError, UDFWorkerError
from skipjack.udf import devices, shared_memory
from skipjack.udf.execution import Executor, UdfSpec, backoff_seconds

# Seconds a stopping worker gets before it is terminated, then killed.
_STOP_GRACE_S = 5.0
_live_workers: weakref.WeakSet = weakref.WeakSet()


class RunnerFactory:
    def __init__(self, spec: UdfSpec, use_process: bool, gpus: float):
        self.spec = spec
        self.use_process = use_process
        self.gpus = gpus
        self._counter = itertools.count()
        self._lock = threading.Lock()
        self._spec_bytes: bytes | None = None
        self._devices: list[str] | None = None

    def new_instance(self):
        with self._lock:
            index = next(self._counter)
        if not self.use_process:
            return ThreadRunner(self.spec)
        with self._lock:
            if self._spec_bytes is None:
                self._spec_bytes = cloudpickle.dumps(self.spec)
                self._devices = devices.visible_gpus()
        cuda = devices.devices_for_instance(index, self.gpus, self._devices, self.spec.name)
        return ProcessRunner(self._spec_bytes, self.spec, cuda)


class ThreadRunner:
    def __init__(self, spec: UdfSpec):
        self._executor = Executor(spec)
        self._thread: int | None = None

    def call(self, batch) -> pa.Array:
        self._thread = threading.get_ident()
        try:
            return self._executor.run(pa.record_batch(batch))
        finally:
            self._thread = None

    def interrupt(self) -> None:
        """The query was cancelled: stop the Python code running the call (it gets a
        KeyboardInterrupt at its next bytecode; a blocking C call finishes first)."""
        thread = self._thread
        if thread is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread),
                                                       ctypes.py_object(KeyboardInterrupt))

    def close(self) -> None:
        self._executor.close()


class ProcessRunner:
    """One worker process, started on the first batch and stopped by close()."""

    def __init__(self, spec_bytes: bytes, spec: UdfSpec, cuda_devices: str | None):
        self._spec_bytes = spec_bytes
        self._spec = spec
        self._cuda_devices = cuda_devices
        self._process = None
        self._connection = None
        self._interrupted = False

    def interrupt(self) -> None:
        """The query was cancelled: end the worker now; the waiting call returns."""
        self._interrupted = True
        process = self._process
        if process is not None and process.is_alive():
            process.kill()

    def call(self, batch) -> pa.Array:
        batch = pa.record_batch(batch)
        for attempt in range(self._spec.max_retries + 1):
            try:
                return self._call_once(batch)
            except UDFWorkerError:
                self._stop(force=True)
                if self._interrupted:
                    raise CancelledError(f"UDF `{self._spec.name}` was cancelled") from None
                if attempt == self._spec.max_retries:
                    raise
                time.sleep(backoff_seconds(attempt))
        raise AssertionError("unreachable")

    def _call_once(self, batch: pa.RecordBatch) -> pa.Array:
        if self._process is None:
            self._start()
        path, size = shared_memory.write_batch(batch)
        try:
            self._connection.send(("batch", path, size))
            reply = self._receive(batch.num_rows)
        except BaseException:
            shared_memory.discard(path)
            raise
        if reply[0] == "error":
            raise reply[1]
        return shared_memory.read_batch(reply[1], reply[2]).column(0)

    def _receive(self, num_rows: int):
        ready = multiprocessing.connection.wait([self._connection, self._process.sentinel])
        if self._connection in ready:
            try:
                return self._connection.recv()
            except (EOFError, OSError):
                pass
        self._process.join(timeout=_STOP_GRACE_S)
        raise UDFWorkerError(f"The worker process of UDF `{self._spec.name}` (pid "
                             f"{self._process.pid}) died {_describe_exit(self._process.exitcode)} "
                             f"while running a batch of {num_rows} rows")

    def _start(self) -> None:
        # A fresh interpreter running skipjack.udf.worker: never fork (the engine has
        # threads), and unlike multiprocessing's spawn, the user's __main__ is not
        # imported again. The parent's end of a socket pair is the only channel.
        parent_socket, child_socket = socket.socketpair()
        env = dict(os.environ)
        # Functions from the user's own modules are pickled by reference: the worker
        # must find them where this process does.
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        if self._cuda_devices is not None:
            env["CUDA_VISIBLE_DEVICES"] = self._cuda_devices
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "skipjack.udf.worker", str(child_socket.fileno())],
                pass_fds=(child_socket.fileno(),), env=env, stdin=subprocess.DEVNULL)
        finally:
            child_socket.close()
        connection = multiprocessing.connection.Connection(parent_socket.detach())
        connection.send_bytes(self._spec_bytes)
        self._process, self._connection = _Worker(process), connection
        _live_workers.add(self)

    def close(self) -> None:
        self._stop(force=False)

    def _stop(self, force: bool) -> None:
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if process is None:
            return
        if not force and process.is_alive():
            try:
                connection.send(("stop",))
                process.join(timeout=_STOP_GRACE_S)
            except (OSError, ValueError):
                pass
        if process.is_alive():
            process.terminate()
            process.join(timeout=_STOP_GRACE_S)
        if process.is_alive():
            process.kill()
            process.join()
        connection.close()
        process.close()
        shared_memory.remove_segments_of(process.pid)
        _live_workers.discard(self)


class _Worker:
    """A worker process with the small part of multiprocessing.Process's interface the
    runner uses (sentinel, join, is_alive, terminate, kill, exitcode)."""

    def __init__(self, process: subprocess.Popen):
        self._process = process
        self.pid = process.pid
        self.sentinel = os.pidfd_open(process.pid)

    @property
    def exitcode(self) -> int | None:
        return self._process.poll()

    def is_alive(self) -> bool:
        return self._process.poll() is None

    def join(self, timeout: float | None = None) -> None:
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass

    def terminate(self) -> None:
        self._process.terminate()

    def kill(self) -> None:
        self._process.kill()

    def close(self) -> None:
        os.close(self.sentinel)


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "without an exit code"
    if code < 0:
        try:
            return f"from signal {signal.Signals(-code).name}"
        except ValueError:
            return f"from signal {-code}"
    return f"with exit code {code}"


@atexit.register
def _stop_all_workers() -> None:
    for runner in list(_live_workers):
        runner._stop(force=True)
