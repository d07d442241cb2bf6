"""The write stage: pages into a folder, only changed files, atomically, removing the
generated files of an earlier run that are gone (tracked in a manifest)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from collections.abc import Iterable

from .files import atomic_write

MANIFEST = ".paper-archive-manifest.json"


@dataclass(frozen=True)
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    paths: tuple[str, ...] = field(default=(), compare=False)  # every page of the folder, sorted


def is_safe_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and ".." not in parts and "\\" not in path \
        and path != MANIFEST


def write_if_changed(target: Path, data: bytes) -> bool:
    if target.is_file() and target.read_bytes() == data:
        return False
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


def write_pages(pages: Iterable[tuple[str, str | bytes]], out_dir: Path) -> WriteStats:
    """Writes each page under out_dir whose bytes differ from the file there. pages: (path, content)
    pairs, written as they come (a large archive's pages are never all in memory)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    paths: set[str] = set()
    for path, content in pages:
        if not is_safe_path(path):
            raise ValueError(f"page paths must be relative and inside the folder: {path!r}")
        data = content.encode("utf-8") if isinstance(content, str) else content
        written += write_if_changed(out_dir / path, data)
        paths.add(path)
    stale = sorted(set(previous_paths(out_dir)) - paths)
    for path in stale:
        remove(out_dir, path)
    write_if_changed(out_dir / MANIFEST, (json.dumps(sorted(paths), indent=0) + "\n").encode("utf-8"))
    return WriteStats(written, len(paths) - written, len(stale), tuple(sorted(paths)))


def hand_written(site_src: Path) -> dict[str, bytes]:
    """The hand-written files of a docs folder (about page, stylesheets...)."""
    root = Path(site_src)
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)}
