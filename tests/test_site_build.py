"""Full `mkdocs build --strict` runs: the sample archive, and a hostile digest.

Every internal link and anchor of the built HTML must resolve, and nothing a
digest says may turn into markup, script or a non-http link.
"""
from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

import pytest

from tests.rendering import site_pages
from tests.conftest import SAMPLE_DIGESTS, BuiltSite

# The builds (fixtures sample_site and hostile_site) are in conftest.py, done once per session.
HAND_WRITTEN_PAGES = ("about.md", "search.md", "reading-list.md")


def test_sample_build_is_strict_clean(sample_site):
    assert "WARNING" not in sample_site.output
    assert "paper-archive: " not in sample_site.output  # not a single digest problem, at any level


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


# A well-formed external link: https, a DNS host name, then only characters RFC 3986 allows.
URL_CHARS = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*"
WELL_FORMED_HTTPS = re.compile(rf"https://[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d{{1,5}})?(?:[/?]{URL_CHARS})?(?:#{URL_CHARS})?",
                               re.IGNORECASE)
XML_LINKS = re.compile(r'href="([^"]*)"|<loc>([^<]*)</loc>|<link>([^<]*)</link>')


def all_links(site: BuiltSite) -> list[tuple[str, str]]:
    """(file, link) for the links of every HTML page and every XML file (sitemap, feeds)."""
    links = [(name, href) for name, page in site.pages.items() for href in page.links]
    for path in sorted(site.root.rglob("*.xml")):
        for groups in XML_LINKS.findall(path.read_text(encoding="utf-8")):
            links.append((path.relative_to(site.root).as_posix(), html.unescape("".join(groups))))
    return links


def bad_absolute_links(site: BuiltSite) -> list[str]:
    """Links into the site's own URL (canonical, sitemap, feeds) that reach no file, and
    external links that are not well-formed https URLs."""
    base = next(attrs["href"] for tag, attrs in site.pages["index.html"].elements
                if tag == "link" and attrs.get("rel") == "canonical")
    bad = []
    for name, href in all_links(site):
        if href.startswith(base):
            target, _ = site.resolve("index.html", "/" + href[len(base):])
            if not (site.root / target).is_file():
                bad.append(f"{name}: {href} (no {target})")
        elif site.resolve(name, href) is None and not WELL_FORMED_HTTPS.fullmatch(href):
            bad.append(f"{name}: {href}")
    return bad


@pytest.mark.parametrize("which", ["sample_site", "hostile_site"])
def test_every_absolute_link_resolves_or_is_well_formed_https(which, request):
    site = request.getfixturevalue(which)
    assert bad_absolute_links(site) == []
    assert len(all_links(site)) > len(site.pages)  # the checker saw links (sitemap included)


def test_http_links_are_upgraded_for_https_hosts_and_text_otherwise(hostile_site):
    hrefs = {href for page in hostile_site.pages.values() for href in page.links}
    assert {"https://github.com/example/latex", "https://github.com/example/uber",
            "https://github.com/example/upgraded", "https://arxiv.org/abs/1706.03762"} <= hrefs
    plain_http = ("example.com/plain", "example.com/project", "example.org/not-https")  # shown as text
    assert [href for href in hrefs if any(url in href for url in plain_http)] == []


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
