"""The site folder as people have it: a symbolic link (kept one), dotfiles at its top (kept, as plain
MkDocs keeps them), and papers whose titles slug to names the site itself uses."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from generator.model import Paper
from generator.pages.urls import paper_slugs
from generator.staging import replace_folder
from tests.test_atomic_site import build

TRICKY = """date: 2026-05-01
papers:
  - title: Index
    abstract: A paper whose title is the name MkDocs gives a folder's own page.
  - title: A Plain Paper
    abstract: Its page sits beside the other one.
"""


def test_site_as_a_symbolic_link_stays_one_and_keeps_dotfiles(tmp_path):
    real = tmp_path / "elsewhere" / "public"
    (real / ".git").mkdir(parents=True)
    (real / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (real / ".well-known").mkdir()
    (real / "old.html").write_text("old")
    (tmp_path / "site").symlink_to(real, target_is_directory=True)
    for _ in range(2):  # the second build used to fail on the first one's leftovers
        run = build(tmp_path, TRICKY)
        assert run.returncode == 0, run.stderr
        assert (tmp_path / "site").is_symlink() and (tmp_path / "site").resolve() == real
        assert (real / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n" and (real / ".well-known").is_dir()
        assert not (real / "old.html").exists() and (real / "index.html").is_file()
    assert sorted(p.name for p in real.parent.iterdir()) == ["public"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []
    # Index and index: neither takes the papers folder's own page; the strict build above passed.
    pages = sorted(p.name for p in (real / "papers").iterdir())
    assert pages == ["a-plain-paper", "index-paper"]


def test_replace_folder_keeps_top_level_dotfiles_only(tmp_path):
    target, staging = tmp_path / "site", tmp_path / ".site.staging"
    (target / ".git").mkdir(parents=True)
    (target / "sub" / ".hidden").mkdir(parents=True)
    (staging / "new").mkdir(parents=True)
    replace_folder(target, staging)
    assert sorted(p.name for p in target.iterdir()) == [".git", "new"]


def paper(key: str, title: str, day: int) -> Paper:
    import datetime as dt
    return Paper(key=key, title=title, days=(dt.date(2026, 5, day),))


def test_crafted_titles_never_make_slug_assignment_raise():
    second_key = "arxiv-2401.00001"
    hashed = f"x-{hashlib.sha1(second_key.encode()).hexdigest()[:12]}"
    papers = [paper("title-x", "x", 1), paper(second_key, "x", 2), paper("title-x 2401 00001", "x 2401 00001", 3),
              paper("title-crafted", hashed, 4)]
    slugs, _ = paper_slugs(papers)
    assert len(set(slugs.values())) == 4
    assert slugs == {"title-x": "x", second_key: hashed, "title-x 2401 00001": "x-2401-00001",
                     "title-crafted": hashed + "-2"}  # the paper seen first keeps its slug


def test_built_pages_are_readable_by_everyone(tmp_path):
    from generator import cli
    (tmp_path / "digests").mkdir()
    (tmp_path / "digests" / "2026-05-01.yaml").write_text(TRICKY)
    old = os.umask(0o022)
    try:
        assert cli.main(["build", str(tmp_path / "digests"), "--out", str(tmp_path / "out"),
                         "--cache", str(tmp_path / "cache")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out" / "index.md").stat().st_mode) == 0o644
