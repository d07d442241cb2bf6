"""The write stage: pages into a folder, only changed files, atomically, removing the
generated files of an earlier run that are gone (tracked in a manifest).

A page with a dependency key (`generator.page_keys`) whose key is the one it had when an
earlier build wrote it, and whose file still holds what that build wrote (its hash), is not
rendered again: `KeptPages` remembers the keys and hashes beside the manifest (no times, so the
folder stays the same for the same inputs)."""
from __future__ import annotations

import hashlib
import json
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


@dataclass(frozen=True)
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    paths: tuple[str, ...] = field(default=(), compare=False)  # every page of the folder, sorted


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def is_safe_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and ".." not in parts and "\\" not in path \
        and path not in (MANIFEST, KEYS)


def write_if_changed(target: Path, data: bytes, fresh: bool = False) -> bool:
    """fresh: the folder has no manifest (a clean build, or one killed before its end): a file
    that is not there is created in place, not through a temporary file and a rename."""
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

    def __init__(self, out_dir: Path, salt: str):
        self.out_dir, self.salt = Path(out_dir), salt
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
            try:
                same = _digest((self.out_dir / path).read_bytes()) == old[1]
            except OSError:
                same = False
            if same:
                self._new[path] = old
                self.kept += 1
                return KEPT
        self._pending[path] = key
        self.rendered.append(path)
        return render()

    def written(self, path: str, data: bytes) -> None:
        key = self._pending.pop(path, None)
        if key is not None:
            self._new[path] = [key, _digest(data)]

    def save(self) -> None:
        data = json.dumps({"salt": self.salt, "pages": self._new}, separators=(",", ":"), sort_keys=True)
        write_if_changed(self.out_dir / KEYS, data.encode("utf-8"))


def _fresh(out_dir: Path) -> bool:
    return not (out_dir / MANIFEST).exists()  # written last: a folder without one is checked whole


def write_files(pages: Iterable[tuple[str, str]], out_dir: Path) -> list[tuple[str, Written]]:
    """Writes pages as write_pages does, for a forked child: (path, Written) for the parent's write_pages."""
    out_dir, done = Path(out_dir), []
    fresh = _fresh(out_dir)
    for path, content in pages:
        _check(path)
        done.append((path, Written(write_if_changed(out_dir / path, content.encode("utf-8"), fresh))))
    return done


def _check(path: str) -> None:
    if not is_safe_path(path):
        raise ValueError(f"page paths must be relative and inside the folder: {path!r}")


def write_pages(pages: Iterable[tuple[str, str | bytes | None]], out_dir: Path,
                kept: KeptPages | None = None) -> WriteStats:
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
            continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        written += write_if_changed(out_dir / path, data, fresh)
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
