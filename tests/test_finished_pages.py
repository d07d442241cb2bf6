"""Pages written from the HTML cache without MkDocs' page pipeline are still checked and listed
as MkDocs checks and lists the pages it builds (the bytes: tests/test_daily_build.py)."""
from __future__ import annotations

import logging
from urllib.parse import urljoin, urlsplit

from mkdocs.structure.files import File, Files, InclusionLevel

from generator.finished_pages import FinishedPage, GeneratedFile, SiteUrl, finish, sitemap_pages
from generator.html_cache import Entry, HtmlCache


def files_in(tmp_path) -> tuple[Files, GeneratedFile, GeneratedFile]:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(f"# {name}\n", encoding="utf-8")
    first, second = (GeneratedFile(name, str(tmp_path), str(tmp_path / "site"), True,
                                   inclusion=InclusionLevel.NOT_IN_NAV) for name in ("a.md", "b.md"))
    index = File("index.md", str(tmp_path), str(tmp_path / "site"), True, inclusion=InclusionLevel.INCLUDED)
    return Files([first, index, second]), first, second


def test_a_page_with_an_entry_whose_targets_exist_is_finished_and_stays_in_the_sitemap(tmp_path):
    files, first, second = files_in(tmp_path)
    cache = HtmlCache(tmp_path / "html", "site")
    cache.put(cache.key("a/", first.content_string), "<p>a</p>", Entry(frozenset({"top"}), {}, ("b.md",)))
    cache.put(cache.key("b/", second.content_string), "<p>b</p>", Entry(frozenset(), {}, ("gone.md",)))
    cache.flush()
    assert finish(files, [first, second], cache, "https://x.org/site") == [first]
    assert first.dest_uri == "a/index.html" and not first.is_documentation_page()
    assert first.page.canonical_url == "https://x.org/site/a/" and first.page.abs_url == "/site/a/"
    assert second.is_documentation_page()  # its link target is gone: rendered again
    assert [file.src_uri for file in sitemap_pages(files)] == ["a.md", "index.md", "b.md"]


def test_a_finished_page_linking_to_a_missing_anchor_is_reported_as_mkdocs_reports_it(tmp_path, caplog):
    files, first, second = files_in(tmp_path)
    second.page = FinishedPage(second, Entry(frozenset({"here"}), {}, ()), files, SiteUrl(None))
    page = FinishedPage(first, Entry(frozenset(), {"b.md": {"here": "b.md#here", "gone": "b.md#gone"}}, ()), files, SiteUrl(None))
    with caplog.at_level(logging.WARNING):
        page.validate_anchor_links(files=files, log_level=logging.WARNING)
    assert [r.getMessage() for r in caplog.records] == [
        "Doc file 'a.md' contains a link 'b.md#gone', but the doc 'b.md' does not contain an anchor '#gone'."]


def test_a_finished_page_s_urls_are_those_mkdocs_gives_a_page():
    for base in ("https://x.org", "https://x.org/site/", "http://127.0.0.1:8000/", "https://x.org/a?b", "https://x.org/./a/"):
        for url in ("", "papers/x/", "days/2026-05-01/", "a/./b/", "../up/", "/root/", "p%20q/", "tags/c++/"):
            canonical = urljoin(base if base.endswith("/") else base + "/", url)
            assert SiteUrl(base).urls(url) == (canonical, urlsplit(canonical).path), (base, url)
    assert SiteUrl("").urls("papers/x/") == (None, None)
