"""Reproducible builds: the same digests built in other folders, at another
time, in another time zone and with another hash seed give the same bytes.

MkDocs stamps one thing itself: the build date, as <lastmod> in sitemap.xml
and again (plus the gzip header's mtime) in sitemap.xml.gz. Both honour
SOURCE_DATE_EPOCH. Those stamps are the only difference allowed; every other
file (HTML, Markdown, JSON, search index, XML, SVG, JS, CSS) is compared byte
for byte, whatever files the site has.
"""
from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLE_DIGESTS, mkdocs_build

# Another time (2001-09-09), zone and hash seed than the session's build, which runs now, unseeded.
ELSEWHERE = {"SOURCE_DATE_EPOCH": "1000000000", "TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "4242"}
STAMPED = {"sitemap.xml", "sitemap.xml.gz"}
LASTMOD = re.compile(rb"<lastmod>\d{4}-\d{2}-\d{2}</lastmod>")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def without_stamps(name: str, data: bytes) -> bytes:
    if name.endswith(".gz"):
        data = gzip.decompress(data)  # the gzip header's mtime is the build time
    return LASTMOD.sub(b"<lastmod>BUILD-DATE</lastmod>", data)


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    names = sorted(set(first) | set(second))
    return [name for name in names if name not in first or name not in second or
            (without_stamps(name, first[name]) != without_stamps(name, second[name]) if name in STAMPED
             else first[name] != second[name])]


def copy_digests(tmp_path: Path) -> Path:
    digests = tmp_path / "elsewhere" / "my digests"
    shutil.copytree(SAMPLE_DIGESTS, digests)
    return digests


def test_the_site_is_the_same_built_elsewhere_and_later(sample_site, tmp_path):
    again = mkdocs_build(copy_digests(tmp_path), tmp_path / "elsewhere", ELSEWHERE)
    first, second = files(sample_site.root), files(again.root)
    assert differences(first, second) == []
    assert STAMPED <= set(first)  # the stamps listed are really there: the list is not stale
    assert LASTMOD.search(second["sitemap.xml"])[0] == b"<lastmod>2001-09-09</lastmod>"
    assert {name.rsplit(".", 1)[-1] for name in first} >= {"html", "json", "xml"}


def generate_markdown(digests: Path, out: Path, env: dict[str, str]) -> dict[str, bytes]:
    command = [sys.executable, "-m", "generator", "build", str(digests), "--out", str(out),
               "--site-src", str(ROOT / "site_src")]
    run = subprocess.run(command, capture_output=True, text=True, cwd=out.parent, env={**os.environ, **env})
    assert run.returncode == 0, run.stderr
    return files(out)


def test_the_generated_markdown_is_the_same_built_elsewhere(tmp_path):
    here = generate_markdown(SAMPLE_DIGESTS, tmp_path / "docs", {"PYTHONHASHSEED": "1"})
    elsewhere = generate_markdown(copy_digests(tmp_path), tmp_path / "elsewhere" / "out", ELSEWHERE)
    assert here == elsewhere
    assert sum(name.endswith(".md") for name in here) > 100 and "api/papers.json" in here
