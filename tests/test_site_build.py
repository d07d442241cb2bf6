"""Full `mkdocs build --strict` runs: the sample archive, and a hostile digest.

Every internal link and anchor of the built HTML must resolve, and nothing a
digest says may turn into markup, script or a non-http link.
"""
from __future__ import annotations

import json
import os
import posixpath
import subprocess
import sys
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.pages import site_pages
from tests.conftest import ROOT, SAMPLE_DIGESTS

HOSTILE_DIGESTS = Path(__file__).resolve().parent / "fixtures" / "hostile"
HAND_WRITTEN_PAGES = ("about.md", "search.md")


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


def mkdocs_build(digests: Path, tmp: Path) -> BuiltSite:
    out = tmp / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=tmp,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGESTS_DIR": str(digests)})
    assert run.returncode == 0, run.stdout + run.stderr
    return BuiltSite(out, run.stdout + run.stderr)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> BuiltSite:
    return mkdocs_build(SAMPLE_DIGESTS, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> BuiltSite:
    return mkdocs_build(HOSTILE_DIGESTS, tmp_path_factory.mktemp("hostile"))


def test_sample_build_is_strict_clean(sample_site):
    assert "WARNING" not in sample_site.output


def test_sample_build_has_every_generated_and_hand_written_page(sample_site):
    generated, _ = site_pages(SAMPLE_DIGESTS)
    expected = {p for p in generated if p.endswith(".md")} | set(HAND_WRITTEN_PAGES)
    built = {name for name in sample_site.pages if name != "404.html"}
    as_html = {"index.html" if p == "index.md" else p[: -len(".md")].removesuffix("/index") + "/index.html"
               for p in expected}
    assert built == as_html
    assert json.loads((sample_site.root / "api" / "papers.json").read_text(encoding="utf-8"))


def test_every_internal_link_and_anchor_resolves(sample_site):
    assert sample_site.broken_links() == []


def test_the_nav_stays_small(sample_site):
    about = sample_site.pages["about/index.html"]
    assert not [href for href in about.links if "papers/" in href or "days/" in href]


def test_hostile_digest_renders_inert_and_readable(hostile_site):
    assert hostile_site.broken_links() == []
    for name, page in hostile_site.pages.items():
        assert not any("__pwned" in script for script in page.scripts), name
        for tag, attrs in page.elements:
            assert tag not in ("img", "iframe", "object", "embed"), (name, tag)
            assert not [k for k in attrs if k.startswith("on")], (name, tag, attrs)
            for key in ("href", "src", "action"):
                scheme = urlsplit(attrs.get(key, "").strip().lower()).scheme
                assert scheme in ("", "http", "https"), (name, tag, attrs)
    assert "</title><script>window.__pwned = 10</script> - Paper Archive" in \
        {page.text("title") for page in hostile_site.pages.values()}
    titles = {page.text("h1") for page in hostile_site.pages.values()}
    assert "<script>window.__pwned = 1; alert('title')</script> Attention | Is *All* _You_ $Need$" in titles
    assert "</title><script>window.__pwned = 10</script>" in titles
    assert "C# & C++: `a` ~~b~~ ==c== ^^d^^ ++e++ :smile: {#id .cls}" in titles
    index = (hostile_site.root / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script" not in index and "<img" not in index and "<iframe" not in index
