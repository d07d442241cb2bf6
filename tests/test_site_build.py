"""Full `mkdocs build --strict` runs: the sample archive, and a hostile digest.

Every internal link and anchor of the built HTML must resolve, and nothing a
digest says may turn into markup, script or a non-http link.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from generator.pages import site_pages
from tests.conftest import SAMPLE_DIGESTS

# The builds (fixtures sample_site and hostile_site) are in conftest.py, done once per session.
HAND_WRITTEN_PAGES = ("about.md", "search.md")


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
