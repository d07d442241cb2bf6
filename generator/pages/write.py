"""Writing pages to a folder: only changed files, atomically, removing the
generated files of an earlier run that are gone (tracked in a manifest)."""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from collections.abc import Iterable, Mapping

from ..files import atomic_write

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


def write_pages(pages: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]], out_dir: Path) -> WriteStats:
    """Writes each page under out_dir whose bytes differ from the file there. pages: a mapping
    or (path, content) pairs, which are then written as they come."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    paths: set[str] = set()
    for path, content in pages.items() if isinstance(pages, Mapping) else pages:
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


def staging_folder(target: Path) -> Path:
    """Where a whole new version of the folder is built: beside it, so the swap is a rename."""
    return target.with_name(f".{target.name}.staging")


def replace_folder(target: Path, staging: Path) -> None:
    """Puts the finished staging folder in target's place. The old folder is renamed aside
    first and removed last, so target never holds files of two builds. A target that is a
    symbolic link stays one (the folder it points to is replaced), and the old folder's
    top-level dot names (a worktree's .git, .well-known/) are kept, as plain MkDocs keeps them."""
    if target.is_symlink():
        real = target.resolve()
        moved = real.with_name(f".{real.name}.staging")
        shutil.rmtree(moved, ignore_errors=True)
        shutil.move(staging, moved)  # beside the real folder, so the swap below is a rename
        target, staging = real, moved
    aside = target.with_name(f".{target.name}.old")
    if aside.is_symlink():
        aside.unlink()
    shutil.rmtree(aside, ignore_errors=True)
    if target.is_dir():
        for kept in (entry for entry in target.iterdir() if entry.name.startswith(".")):
            if not (staging / kept.name).exists():
                kept.rename(staging / kept.name)
    if target.exists():
        target.rename(aside)
    staging.rename(target)
    shutil.rmtree(aside, ignore_errors=True)
