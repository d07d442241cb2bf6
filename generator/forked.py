"""Work done in a forked child process while this one goes on: the build's second core.

`Forked(work)` starts `work()` in a child (os.fork: it sees this process's memory as it is,
copy-on-write, nothing to pickle on the way in); `.result()` reads back the child's pickled
result, or raises the child's error with its message. Where forking cannot help or cannot
work, one core (os.sched_getaffinity / os.cpu_count), no os.fork, or PAPER_ARCHIVE_WORKERS=1,
and where the caller says the work is small (`small`), `work()` runs at once, in this process, as
if there were no helper at all. Either way the
result is the same value, so the build's output is the same bytes.
"""
from __future__ import annotations

import gc
import os
import pickle
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
WORKERS_VARIABLE = "PAPER_ARCHIVE_WORKERS"


def workers() -> int:
    """How many processes the build may use: 1 or 2."""
    setting = os.environ.get(WORKERS_VARIABLE, "").strip()
    if setting.isdigit() and int(setting) <= 1:
        return 1
    if not hasattr(os, "fork"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return 2 if cores > 1 else 1


class ChildFailed(RuntimeError):
    """The child died without a result, or its error could not be sent back as itself."""


class Forked(Generic[T]):
    def __init__(self, work: Callable[[], T], small: bool = False):
        """small: run the work here, at once, as with one worker (sending the result back would cost more)."""
        self._pid = 0
        if small or workers() == 1:
            self._value = work()
            return
        read, write = os.pipe()
        gc.freeze()  # the child's garbage collector then leaves the shared pages unwritten
        try:
            pid = os.fork()
        finally:
            gc.unfreeze()
        if pid == 0:  # the child: never returns into the caller's code
            os.close(read)
            _child(work, write)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        if not self._pid:
            return self._value
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        try:
            ok, value = pickle.loads(data)
        except Exception:
            raise ChildFailed(f"a build worker process stopped without a result (exit status {status})") from None
        if not ok:
            raise value
        self._value = value
        return value

    def cancel(self) -> None:
        """Stops the child if its result was never asked for (the parent's own work failed)."""
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.close(self._read)
            os.waitpid(self._pid, 0)
            self._pid = 0

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *_: object) -> None:
        self.cancel()


def _child(work: Callable[[], object], write: int) -> None:
    code = 1
    try:
        try:
            data = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # noqa: BLE001 - every error goes back to the parent
            data = _error(error)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers twice


def _error(error: BaseException) -> bytes:
    try:
        data = pickle.dumps((False, error), protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)  # some exceptions pickle but cannot be rebuilt
        return data
    except Exception:
        return pickle.dumps((False, ChildFailed(str(error) or type(error).__name__)))
