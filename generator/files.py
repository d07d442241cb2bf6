"""Writing a file whole or not at all: a temporary file beside it, then a rename.
Shared by the page writer (`generator.write`) and the search index cache. And writing a new
file straight into a folder being filled for the first time, where nothing reads it yet."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates files 0600; a written page or digest gets the mode any new file would (0644 usually).
FILE_MODE = 0o666 & ~_umask()


def atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def create(target: Path, data: bytes) -> None:
    """A file that is not there yet, written in place: no temporary file. Only for a folder that
    whoever wrote it checks again whole (a page writer with no manifest yet: a half-written file
    of a build that was killed differs from its page, so the next build writes it again)."""
    try:
        handle = open(target, "xb")
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = open(target, "xb")
    except FileExistsError:
        atomic_write(target, data)
        return
    with handle:
        handle.write(data)
