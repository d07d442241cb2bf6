"""The write stage: pages into a folder, only changed files, atomically, removing the
generated files of an earlier run that are gone (tracked in a manifest).

A page with a dependency key (`generator.page_keys`) whose key is the one it had when an
earlier build wrote it, and whose file still holds what that build wrote (its hash), is not
rendered again: `KeptPages` remembers the keys and hashes beside the manifest (no times, so the
folder stays the same for the same inputs).

Within one process (`mkdocs serve`: `build.Caches`), `FileMarks` remembers each file's size,
modification time and hash as last written or read: a file whose size and time are as remembered
is not read again, to be compared or to check a kept page."""
from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from collections.abc import Callable, Iterable

from .files import atomic_write, create

MANIFEST = ".paper-archive-manifest.json"
KEYS = ".paper-archive-keys.json"  # {"salt": ..., "pages": {path: [key, hash of the file written]}}
KEPT = None  # in place of a page's content: the file there is the page, as KeptPages knows


@dataclass(frozen=True)
class Written:
    """In place of a page's content: another process wrote it into the folder (write_files)."""

    changed: bool
    mark: tuple[int, int, str] | None = None  # its FileMarks entry, for this process's


class FileMarks:
    """path -> (modification time, size, hash) of the files this process last wrote or read whole."""

    def __init__(self) -> None:
        self._marks: dict[str, tuple[int, int, str]] = {}

    def hash(self, target: str) -> str | None:
        """The hash of the file as remembered, if its size and time are still the remembered ones."""
        mark = self._marks.get(target)
        if mark is None:
            return None
        try:
            stat = os.stat(target)
        except OSError:
            return None
        return mark[2] if (stat.st_mtime_ns, stat.st_size) == mark[:2] else None

    def note(self, target: str, digest: str) -> None:
        try:
            stat = os.stat(target)
        except OSError:
            self._marks.pop(target, None)
            return None
        self._marks[target] = (stat.st_mtime_ns, stat.st_size, digest)

    def get(self, target: str) -> tuple[int, int, str] | None:
        return self._marks.get(target)

    def put(self, target: str, mark: tuple[int, int, str] | None) -> None:
        if mark is not None:
            self._marks[target] = mark


@dataclass(frozen=True)
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    paths: tuple[str, ...] = field(default=(), compare=False)  # every page of the folder, sorted


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@functools.lru_cache(maxsize=1 << 17)  # the same paths, build after build
def is_safe_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and ".." not in parts and "\\" not in path \
        and path not in (MANIFEST, KEYS)


def write_if_changed(target: Path | str, data: bytes, fresh: bool = False, marks: FileMarks | None = None) -> bool:
    """fresh: the folder has no manifest (a clean build, or one killed before its end): a file
    that is not there is created in place, not through a temporary file and a rename.
    marks: what this process knows of the files: one as remembered, with data's hash, is not read."""
    if marks is not None:
        digest, name = _digest(data), str(target)
        if marks.hash(name) == digest:
            return False
        changed = _write_if_changed(Path(target), data, fresh)
        marks.note(name, digest)
        return changed
    return _write_if_changed(Path(target), data, fresh)


def _write_if_changed(target: Path, data: bytes, fresh: bool) -> bool:
    try:
        if target.read_bytes() == data:
            return False
    except FileNotFoundError:
        if fresh:
            create(target, data)
            return True
    except OSError:
        pass
    atomic_write(target, data)
    return True


def previous_paths(out_dir: Path) -> list[str]:
    try:
        paths = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [p for p in paths if isinstance(p, str) and is_safe_path(p)] if isinstance(paths, list) else []


def remove(out_dir: Path, path: str) -> None:
    target = out_dir / path
    target.unlink(missing_ok=True)
    for parent in target.parents:  # drop folders the removal left empty
        if parent == out_dir or not parent.is_relative_to(out_dir) or any(parent.iterdir()):
            break
        parent.rmdir()


class KeptPages:
    """The dependency keys of the pages in out_dir, from the last build that wrote them."""

    def __init__(self, out_dir: Path, salt: str, marks: FileMarks | None = None):
        self.out_dir, self.salt, self.marks = Path(out_dir), salt, marks
        try:
            kept = json.loads((self.out_dir / KEYS).read_text(encoding="utf-8"))
            self._old: dict[str, list] = kept["pages"] if kept["salt"] == salt else {}
        except (OSError, ValueError, KeyError, TypeError):
            self._old = {}
        self._new: dict[str, list] = {}
        self._pending: dict[str, str] = {}  # path -> key, rendered, until written
        self.kept = 0
        self.rendered: list[str] = []  # paths, in order

    def page(self, path: str, key: str, render: Callable[[], str]) -> str | None:
        """The page's content, or KEPT if the file there is this page already."""
        old = self._old.get(path)
        if isinstance(old, list) and len(old) == 2 and old[0] == key:
            if same := self._hash(path) == old[1]:
                self._new[path] = old
                self.kept += 1
                return KEPT
        self._pending[path] = key
        self.rendered.append(path)
        return render()

    def _hash(self, path: str) -> str | None:
        """The hash of the file there (as remembered in marks, if its size and time are the same)."""
        target = os.path.join(self.out_dir, path)
        found = self.marks.hash(target) if self.marks is not None else None
        if found is None:
            try:
                with open(target, "rb") as handle:
                    found = _digest(handle.read())
            except OSError:
                return None
            if self.marks is not None:
                self.marks.note(target, found)
        return found

    def written(self, path: str, data: bytes) -> None:
        key = self._pending.pop(path, None)
        if key is not None:
            self._new[path] = [key, _digest(data)]

    def save(self) -> None:
        data = json.dumps({"salt": self.salt, "pages": self._new}, separators=(",", ":"), sort_keys=True)
        write_if_changed(self.out_dir / KEYS, data.encode("utf-8"))


def _fresh(out_dir: Path) -> bool:
    return not (out_dir / MANIFEST).exists()  # written last: a folder without one is checked whole


def write_files(pages: Iterable[tuple[str, str]], out_dir: Path, marks: FileMarks | None = None
                ) -> list[tuple[str, Written]]:
    """Writes pages as write_pages does, for a forked child: (path, Written) for the parent's write_pages.
    marks: the parent's, as the child was forked (each Written carries its new mark)."""
    out_dir, done = Path(out_dir), []
    fresh = _fresh(out_dir)
    for path, content in pages:
        _check(path)
        target = os.path.join(out_dir, path)  # a str: faster than a Path, for the many files marks skips
        changed = write_if_changed(target, content.encode("utf-8"), fresh, marks)
        done.append((path, Written(changed, marks.get(target) if marks is not None else None)))
    return done


def _check(path: str) -> None:
    if not is_safe_path(path):
        raise ValueError(f"page paths must be relative and inside the folder: {path!r}")


def write_pages(pages: Iterable[tuple[str, str | bytes | None]], out_dir: Path,
                kept: KeptPages | None = None, marks: FileMarks | None = None) -> WriteStats:
    """Writes each page under out_dir whose bytes differ from the file there. pages: (path, content)
    pairs, written as they come (a large archive's pages are never all in memory); content KEPT:
    the file is the page already (kept tells); Written: another process wrote it (write_files)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fresh = _fresh(out_dir)
    written = 0
    paths: set[str] = set()
    for path, content in pages:
        _check(path)
        paths.add(path)
        if content is KEPT:
            continue
        if isinstance(content, Written):
            written += content.changed
            if marks is not None:
                marks.put(os.path.join(out_dir, path), content.mark)
            continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        written += write_if_changed(os.path.join(out_dir, path), data, fresh, marks)
        if kept is not None:
            kept.written(path, data)
    stale = sorted(set(previous_paths(out_dir)) - paths)
    for path in stale:
        remove(out_dir, path)
    write_if_changed(out_dir / MANIFEST, (json.dumps(sorted(paths), indent=0) + "\n").encode("utf-8"))
    if kept is not None:
        kept.save()
    return WriteStats(written, len(paths) - written, len(stale), tuple(sorted(paths)))


def hand_written(site_src: Path) -> dict[str, bytes]:
    """The hand-written files of a docs folder (about page, stylesheets...)."""
    root = Path(site_src)
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)}
