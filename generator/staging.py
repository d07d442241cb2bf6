"""Building a whole folder beside the old one and swapping it in only when the build succeeded.

`mkdocs build` writes the site into `staging_folder(site_dir)`; `replace_folder` then puts it in
site_dir's place, so an interrupted or failed build leaves the previous site whole. `StagedSite`
is that for MkDocs: the plugin calls it from on_pre_build, on_post_build and on_build_error.
"""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mkdocs.utils import CountHandler


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


class StagedSite:
    """One MkDocs build into the staging folder. MkDocs fails a strict build on warnings only
    after on_post_build, so a strict build counts the warnings itself to keep a failed site out."""

    def __init__(self, config) -> None:
        self.site_dir = Path(config.site_dir)
        config.site_dir = str(staging_folder(self.site_dir))
        self.warnings = CountHandler()
        if config.strict:
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)

    def finish(self, config) -> None:
        """Swaps the staged site in, unless a strict build warned."""
        staging = Path(config.site_dir)
        config.site_dir = str(self.site_dir)
        if self.warnings.get_counts():
            shutil.rmtree(staging, ignore_errors=True)
        else:
            replace_folder(self.site_dir, staging)
        self._detach()

    def abandon(self) -> None:
        shutil.rmtree(staging_folder(self.site_dir), ignore_errors=True)
        self._detach()

    def _detach(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
