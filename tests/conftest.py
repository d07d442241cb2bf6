from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIGESTS = ROOT / "digests"
API_SAMPLES = Path(__file__).resolve().parent / "fixtures" / "hf-api"
HOSTILE_DIGESTS = Path(__file__).resolve().parent / "fixtures" / "hostile"
# The sample archive's files under the names they were first shared with (no dates).
SEED_NAMES = {
    "2026-01-08.txt": "000_841e38426e563e62.txt",
    "2026-02-16.txt": "001_cf93f1fdafa2443f.txt",
    "2026-04-20.txt": "002_3b57a8841e8d826a.txt",
    "2026-04-13.txt": "003_41e4299ceee78978.txt",
    "2026-03-14.txt": "004_a598187c47d565ec.txt",
}

pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture
def unrenamed_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for dated, original in SEED_NAMES.items():
        (folder / original).write_bytes((SAMPLE_DIGESTS / dated).read_bytes())
    return folder


@pytest.fixture
def digest_dir(tmp_path: Path):
    """Writes digest files into a fresh folder: digest_dir({"name": text_or_bytes})."""
    def make(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "digests"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (folder / name).write_bytes(data)
        return folder
    return make


# Full `mkdocs build --strict` runs, once per session: tests/test_site_build.py checks the
# built HTML, tests/test_browser.py serves it to Chromium.

class HtmlPage(HTMLParser):
    """Ids, links, elements, inline scripts and the first title and h1 of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self._open: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attrs))
        self.ids.update(v for k, v in attrs.items() if k == "id" or (tag == "a" and k == "name"))
        self.links += [attrs[k] for k in ("href", "src") if k in attrs and tag in ("a", "link", "script", "img")]
        if tag == "script" or (tag in ("title", "h1") and tag not in self.texts):
            self._open = tag
            self.texts.setdefault(tag, [])
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == self._open:
            self._open = None

    def handle_data(self, data):
        if self._open == "script":
            self.scripts[-1] += data
        elif self._open:
            self.texts[self._open].append(data)

    def text(self, tag: str) -> str:
        return " ".join("".join(self.texts.get(tag, ())).replace("¶", "").split())


class BuiltSite:
    def __init__(self, root: Path, output: str) -> None:
        self.root, self.output = root, output

    @cached_property
    def pages(self) -> dict[str, HtmlPage]:
        return {p.relative_to(self.root).as_posix(): HtmlPage(p.read_text(encoding="utf-8"))
                for p in sorted(self.root.rglob("*.html"))}

    def resolve(self, page: str, href: str) -> tuple[str, str] | None:
        """(site file, fragment) of an internal link, or None for external ones."""
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            return None
        path = unquote(parts.path)
        base = "" if path.startswith("/") else posixpath.dirname(page)  # 404.html links from the root
        target = posixpath.normpath(posixpath.join(base, path.lstrip("/"))) if path else page
        if path.endswith("/") or (self.root / target).is_dir():
            target = posixpath.join(target, "index.html")
        return target, parts.fragment

    def broken_links(self) -> list[str]:
        broken = []
        for name, page in self.pages.items():
            for href in page.links:
                resolved = self.resolve(name, href)
                if resolved is None:
                    continue
                target, fragment = resolved
                if not (self.root / target).is_file():
                    broken.append(f"{name}: {href} (no {target})")
                elif fragment and target.endswith(".html") and fragment not in self.pages[target].ids:
                    broken.append(f"{name}: {href} (no #{fragment} in {target})")
        return broken


def mkdocs_build(digests: Path, tmp: Path, env: dict[str, str] | None = None, config: Path = ROOT / "mkdocs.yml"
                 ) -> BuiltSite:
    out = tmp / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=tmp,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGESTS_DIR": str(digests),
                              "PAPER_ARCHIVE_CACHE": str(tmp / "cache"), **(env or {})})
    assert run.returncode == 0, run.stdout + run.stderr
    return BuiltSite(out, run.stdout + run.stderr)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> BuiltSite:
    """The sample archive, built once per test run and shared (site tests, browser tests)."""
    return mkdocs_build(SAMPLE_DIGESTS, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> BuiltSite:
    """The hostile digest, built once per test run and shared."""
    return mkdocs_build(HOSTILE_DIGESTS, tmp_path_factory.mktemp("hostile"))
