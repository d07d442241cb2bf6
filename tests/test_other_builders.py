"""The same site from other builders: ProperDocs (a drop-in fork of MkDocs) with the plugin, and
plain MkDocs without the plugin over the Markdown `python -m generator build` writes
(mkdocs-plain.yml). Both are compared with the session's `mkdocs build --strict` of the sample."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_DIGESTS

SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default, which the sample site was built with
GENERATED = ("papers/", "days/", "tags/a-z/")  # page kinds outside the nav, rendered by the fast path


def html_files(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}


def run(command: list[str], cwd: Path, **env: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    assert done.returncode == 0, done.stdout + done.stderr


def same_but_whitespace(a: str, b: str) -> bool:
    return a.split() == b.split()


def test_properdocs_builds_the_same_site(sample_site, tmp_path):
    properdocs = shutil.which("properdocs")
    if properdocs is None:
        pytest.fail("properdocs is missing: it is in the test extras (pip install -e '.[test]')", pytrace=False)
    run([properdocs, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")], tmp_path,
        DIGESTS_DIR=str(SAMPLE_DIGESTS), PAPER_ARCHIVE_CACHE=str(tmp_path / "cache"))
    ours, theirs = html_files(sample_site.root), html_files(tmp_path / "site")
    assert ours.keys() == theirs.keys()
    generator_meta = re.compile(r'<meta name="generator" content="[^"]*">')
    differ = [path for path in ours if generator_meta.sub("", ours[path]) != generator_meta.sub("", theirs[path])]
    assert differ == []


def test_plain_mkdocs_builds_the_generated_markdown_without_the_plugin(sample_site, tmp_path):
    pages = tmp_path / "pages"
    run([sys.executable, "-m", "generator", "build", str(SAMPLE_DIGESTS), "--out", str(pages), "--site-url", SITE_URL,
         "--site-src", str(ROOT / "site_src"), "--cache", str(tmp_path / "cache")], ROOT)
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs-plain.yml"),
         "-d", str(tmp_path / "site")], tmp_path, PAGES_DIR=str(pages))
    ours, plain = html_files(sample_site.root), html_files(tmp_path / "site")
    assert ours.keys() == plain.keys()
    # Generated pages byte for byte (the lean shell, chosen by not_in_nav); the rest but for the
    # indentation the plugin strips.
    assert [path for path in ours if path.startswith(GENERATED) and ours[path] != plain[path]] == []
    assert [path for path in ours if not same_but_whitespace(ours[path], plain[path])] == []
