"""Nothing half-done: `mkdocs build` writes into a staging folder beside the
site folder and swaps it in only when the build succeeded, so a failed,
strict-failed or killed build leaves the previous site whole, and a good
build leaves nothing of the previous one."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.staging import replace_folder, staging_folder
from tests.conftest import ROOT

GOOD = "date: 2026-05-01\npapers:\n  - title: A Fine Paper\n    abstract: It builds.\n"
BAD = "date: 2026-05-01\npapers:\n  - abstract: a paper with no title is a digest error\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_command(tmp_path: Path, digest: str) -> tuple[list[str], dict[str, str]]:
    digests = tmp_path / "digests"
    digests.mkdir(exist_ok=True)
    (digests / "2026-05-01.yaml").write_text(digest, encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
               "-d", str(tmp_path / "site")]
    return command, {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGESTS_DIR": str(digests)}


def build(tmp_path: Path, digest: str) -> subprocess.CompletedProcess:
    command, env = build_command(tmp_path, digest)
    return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env)


@pytest.fixture
def previous_site(tmp_path: Path) -> Path:
    """A site folder from an earlier build (a stand-in: two files)."""
    site = tmp_path / "site"
    (site / "papers").mkdir(parents=True)
    (site / "index.html").write_text("previous build", encoding="utf-8")
    (site / "papers" / "gone.html").write_text("a page the next build no longer has", encoding="utf-8")
    return site


def leftovers(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site"))


def test_a_good_build_replaces_the_whole_site(tmp_path, previous_site):
    run = build(tmp_path, GOOD)
    assert run.returncode == 0, run.stderr
    files = snapshot(previous_site)
    assert "papers/gone.html" not in files and b"A Fine Paper" in files["days/2026-05-01/index.html"]
    assert leftovers(tmp_path) == []


def test_a_strict_build_that_fails_leaves_the_previous_site_whole(tmp_path, previous_site):
    before = snapshot(previous_site)
    run = build(tmp_path, BAD)
    assert run.returncode == 1
    output = run.stdout + run.stderr
    assert "a paper with no title" in output and "Aborted with 1 warnings in strict mode!" in output
    assert snapshot(previous_site) == before
    assert leftovers(tmp_path) == []


def test_a_killed_build_leaves_the_previous_site_whole(tmp_path, previous_site):
    before = snapshot(previous_site)
    command, env = build_command(tmp_path, GOOD)
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = staging_folder(previous_site)
    deadline = time.monotonic() + 30
    while not (staging / "assets").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert snapshot(previous_site) == before  # the half-written build stays in the staging folder
    assert build(tmp_path, GOOD).returncode == 0  # and the next build starts it afresh
    assert "papers/gone.html" not in snapshot(previous_site) and leftovers(tmp_path) == []


def test_replace_folder_swaps_whole_folders(tmp_path):
    target, staging = tmp_path / "site", tmp_path / ".site.staging"
    (target / "old").mkdir(parents=True)
    (staging / "new").mkdir(parents=True)
    replace_folder(target, staging)
    assert [p.name for p in target.iterdir()] == ["new"] and sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    replace_folder(tmp_path / "fresh", tmp_path / "site")  # no previous folder
    assert [p.name for p in tmp_path.iterdir()] == ["fresh"]
