"""The UDF worker process: started with the spawn method (never fork: the parent has
threads), it rebuilds the UDF from its pickled spec, then answers batch requests until
told to stop or until its parent goes away."""

from __future__ import annotations

import os
import signal
import traceback


def worker_main(connection) -> None:
    # Ctrl-C goes to the whole process group: the parent cancels the query and stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    import cloudpickle

    from skipjack.udf import shared_memory
    from skipjack.udf.execution import Executor

    try:
        spec_bytes = connection.recv_bytes()
    except (EOFError, OSError):
        return
    executor = Executor(cloudpickle.loads(spec_bytes))
    try:
        while True:
            try:
                message = connection.recv()
            except (EOFError, OSError):
                return  # the parent is gone
            if message[0] == "stop":
                return
            _, path, size = message
            try:
                batch = shared_memory.read_batch(path, size)
                result = executor.run(batch)
                out = shared_memory.write_batch(_as_batch(result))
                del batch, result
                connection.send(("ok", *out))
            except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
                connection.send(("error", _picklable(error)))
    finally:
        executor.close()
        shared_memory.remove_segments_of(os.getpid())


def _as_batch(array):
    import pyarrow as pa

    return pa.record_batch([array], names=["result"])


def _picklable(error: BaseException):
    """The error with the worker's traceback in its message (tracebacks don't pickle)."""
    import cloudpickle

    from skipjack.exceptions import UDFException

    text = "".join(traceback.format_exception(error))
    cause = error.__cause__
    if isinstance(error, UDFException) and cause is not None:
        text = "".join(traceback.format_exception(cause))
    try:
        cloudpickle.dumps(error)
        error.args = (f"{error.args[0] if error.args else error}\n\nTraceback in the UDF worker "
                      f"process (pid {os.getpid()}):\n{text}",) + tuple(error.args[1:])
        return error
    except Exception:
        return UDFException(f"{type(error).__name__}: {error}\n\nTraceback in the UDF worker "
                            f"process (pid {os.getpid()}):\n{text}")


if __name__ == "__main__":
    import multiprocessing.connection
    import sys

    worker_main(multiprocessing.connection.Connection(int(sys.argv[1])))
