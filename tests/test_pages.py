"""Renderers on small hand-built archives: escaping, links, slugs, pages, writing."""
from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from pathlib import Path
from dataclasses import replace
from html.parser import HTMLParser

import markdown
import pytest

from mkdocs.utils.yaml import yaml_load

from generator.build import build
from generator.model import Archive, Day, Link, Paper
from generator.pages import KINDS, in_nav, nav_kinds
from generator.write import MANIFEST, WriteStats, write_pages
from generator.pages.blocks import LISTING_PAGE_SIZE
from generator.pages.text import md_text, safe_url, teaser
from generator.readers.text import normalise_url
from generator.pages.urls import TAG_PAGE_MIN_PAPERS, paper_slugs, rel, site_url
from tests.conftest import ROOT
from tests.rendering import render_site

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]
D1, D2, D3 = dt.date(2026, 1, 8), dt.date(2026, 1, 9), dt.date(2026, 2, 2)

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1)) ![i](x.png) <https://evil.example>",
    "a | b | c *bold* _it_ __b__ **b** $x^2$ `code` ```fence``` ~~del~~ ==mark== ^^ins^^ ++kbd++",
    "# not a heading", "## also not ###", "- not a list", "+ nor this", "* nor this",
    "1. not ordered", "12) not ordered", "> not a quote", "--- ", "===",
    "{: .cls #id onclick=alert(1) } trailing { #x }",
    "&amp; &lt;b&gt; &#42; & < > \" ' \\* \\",
    "C# and C++ :smile: https://example.com/a_b_c <!-- comment -->",
    "    indented code?", "tab\tand\nnewline\r\nand \x00 control",
]


class Tags(HTMLParser):
    """Collects element names, attributes and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


class Taxonomy:
    """The part of generator.taxonomy.Taxonomy the renderers use."""

    class Topic:
        def __init__(self, slug, name, scope):
            self.slug, self.name, self.scope = slug, name, scope

    def __init__(self):
        self.topics = (self.Topic("vision", "Computer Vision", "images"),
                       self.Topic("llm", "Large Language <Models>", "text | models"),
                       self.Topic("other", "Other", "none of the above"))

    @property
    def slugs(self):
        return tuple(t.slug for t in self.topics)

    def topic(self, slug):
        return next(t for t in self.topics if t.slug == slug)

    def name(self, slug):
        return self.topic(slug).name

    def tag_label(self, slug):
        return {"llm": "LLM"}.get(slug, slug.replace("-", " "))


def paper(key, title, days=(D1,), **fields) -> Paper:
    return Paper(key=key, title=title, days=tuple(days), **fields)


def archive_of(*papers: Paper) -> Archive:
    days = sorted({d for p in papers for d in p.days}, key=lambda d: (d is None, -(d or dt.date.min).toordinal()))
    return Archive({p.key: p for p in papers},
                   tuple(Day(d, tuple(p.key for p in papers if d in p.days), ("x",)) for d in days))


@pytest.fixture
def small() -> Archive:
    return archive_of(
        paper("arxiv-2401.00001", "Seeing Things", days=(D1, D3), abstract="We see. " * 60,
              arxiv_id="2401.00001", authors=("Ann", "Bob"), author_count=5, upvotes=12,
              published=dt.date(2025, 12, 30), topics=("vision",), tags=("has-code", "segmentation"),
              links=(Link("code", "https://github.com/a/b"), Link("project", "javascript:alert(1)"))),
        paper("title-talking models", "Talking Models", days=(D2,), topics=("llm", "vision"), tags=("llm",)),
        paper("title-undated thing", "Undated Thing", days=(None,), topics=("other",), tags=("segmentation",)),
    )


def render(archive: Archive, title: str = "Test Archive") -> dict[str, str]:
    return render_site(archive, Taxonomy(), title)


def to_html(md: str) -> str:
    body = md.split("\n---\n", 1)[1] if md.startswith("---\n") else md
    return markdown.markdown(body, extensions=EXTENSIONS)


# --- escaping ------------------------------------------------------------------

@pytest.mark.parametrize("text", HOSTILE)
def test_digest_text_renders_as_exactly_that_text(text):
    html = to_html(md_text(text))
    parsed = parse(html)
    assert [tag for tag, _ in parsed.tags] == ["p"]
    assert "".join(parsed.text) == " ".join(text.replace("\x00", "").split())


@pytest.mark.parametrize("text", HOSTILE)
def test_digest_text_stays_text_in_a_heading_and_a_link(text):
    html = to_html(f"## [{md_text(text)}](x.md) {{ #anchor }}")
    tags = parse(html).tags
    assert [tag for tag, _ in tags] == ["h2", "a"]
    assert tags[0][1] == {"id": "anchor"} and tags[1][1] == {"href": "x.md"}


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "java\tscript:x",
                                 "data:text/html,<script>", "vbscript:x", "//evil.example/x", "/local", "ftp://x",
                                 "https://", "http:/x", "https://exa mple.com", "http://example.com/",
                                 "https://localhost/", "https://user@example.com/", "https://example.com\\x"])
def test_only_well_formed_https_urls_become_links(url):
    assert safe_url(url) is None


def test_https_urls_are_quoted_for_markdown():
    assert safe_url("https://example.com/a_(b)?q=\"x\"&y=<z>") == \
        "https://example.com/a_%28b%29?q=%22x%22&y=%3Cz%3E"
    assert safe_url(" HTTPS://Example.com:8443/ ") == "HTTPS://Example.com:8443/"


@pytest.mark.parametrize(("url", "read_as"), [
    ("http://arxiv.org/abs/1706.03762", "https://arxiv.org/abs/1706.03762"),
    ("HTTP://www.github.com/a/b", "https://www.github.com/a/b"),
    ("http://someone.github.io/project", "https://someone.github.io/project"),
    ("http://example.com/page", "http://example.com/page"),  # unknown host: kept, shown as text
    ("http://evilgithub.com/", "http://evilgithub.com/"),
    ("github.com/a/b", "https://github.com/a/b"),
])
def test_http_links_of_hosts_known_to_serve_https_are_upgraded(url, read_as):
    assert normalise_url(url) == read_as


def test_teaser_cuts_at_a_word():
    assert teaser("short") == "short"
    cut = teaser("word " * 100, limit=23)
    assert cut == "word word word word…"


# --- slugs and links -----------------------------------------------------------

def test_slugs_come_from_titles_and_ignore_key_changes():
    a = paper("title-x", "Diffusion Models: A Survey!")
    assert paper_slugs([a])[0] == {"title-x": "diffusion-models-a-survey"}
    upgraded = replace(a, key="arxiv-2401.1")
    assert paper_slugs([upgraded])[0] == {"arxiv-2401.1": "diffusion-models-a-survey"}


def test_colliding_slugs_first_seen_keeps_the_bare_slug_independent_of_order():
    old = paper("arxiv-2401.00001", "Same Title", days=(D1,))
    new = paper("title-same title!", "Same Title!", days=(D2,))
    other = paper("arxiv-2401.00002", "Same title", days=(D2,))
    first, collisions = paper_slugs([old])
    for order in ([old, new, other], [other, new, old], [new, old, other]):
        slugs, collisions = paper_slugs(order)
        assert slugs[old.key] == first[old.key] == "same-title"  # a later day never takes it
        assert slugs[other.key] == "same-title-2401-00002"
        assert re.fullmatch(r"same-title-[0-9a-f]{8}", slugs[new.key])
        assert collisions == {"same-title": (old.key, other.key, new.key)}


def test_papers_of_one_title_link_each_other_by_what_tells_them_apart():
    old = paper("arxiv-2401.00001", "Same Title", days=(D1,), arxiv_id="2401.00001")
    other = paper("arxiv-2401.00002", "Same title", days=(D2,), arxiv_id="2401.00002")
    pages = render(archive_of(old, other))
    line = next(l for l in pages["papers/same-title.md"].splitlines() if l.startswith("Not to be confused"))
    assert line == "Not to be confused with: [Same title](same-title-2401-00002.md)"  # another title: shown
    copy = replace(other, key="arxiv-2401.00003", arxiv_id="2401.00003", title="Same Title")
    pages = render(archive_of(old, copy))
    line = next(l for l in pages["papers/same-title.md"].splitlines() if l.startswith("Not to be confused"))
    assert line == f"Not to be confused with: [{D2:%b} {D2.day}, {D2.year} (arXiv&#58;2401.00003)](same-title-2401-00003.md)"


def test_many_papers_of_one_title_cost_each_page_a_bounded_line_and_stay_reachable():
    copies = [paper(f"arxiv-2401.{n:05}", "Same Title", days=(D1,), arxiv_id=f"2401.{n:05}") for n in range(1, 13)]
    pages = render(archive_of(*copies))
    slugs, _ = paper_slugs(copies)
    reached, todo = set(), [slugs[copies[5].key]]
    while todo:
        slug = todo.pop()
        if slug in reached:
            continue
        reached.add(slug)
        line = next(l for l in pages[f"papers/{slug}.md"].splitlines() if l.startswith("Not to be confused"))
        links = re.findall(r"\]\(([^)]+)\.md\)", line)
        assert 1 <= len(links) <= 3 and "more papers of this title" in line
        todo += links
    assert reached == set(slugs.values())  # page by page, every copy is reached


def test_a_suffixed_slug_never_takes_another_titles_slug():
    a = paper("arxiv-1", "Foo", days=(D1,))
    b = paper("arxiv-2", "Foo", days=(D2,))
    c = paper("title-foo 2", "Foo 2", days=(D1,))
    slugs, _ = paper_slugs([a, b, c])
    assert slugs["title-foo 2"] == "foo-2" and re.fullmatch(r"foo-[0-9a-f]{12}", slugs["arxiv-2"])
    assert len(set(slugs.values())) == 3


def test_long_titles_are_cut_at_a_word():
    slugs, _ = paper_slugs([paper("k", "Word " * 40)])
    assert len(slugs["k"]) <= 80 and not slugs["k"].endswith("-")


def test_relative_links_and_site_urls():
    assert rel("days/2026-01-08.md", "papers/x.md", "a") == "../papers/x.md#a"
    assert rel("index.md", "topics/index.md") == "topics/index.md"
    assert rel("topics/vision.md", "topics/index.md") == "index.md"
    assert [site_url(p) for p in ("index.md", "topics/index.md", "papers/x.md")] == ["", "topics/", "papers/x/"]


# --- pages ---------------------------------------------------------------------

def test_site_has_one_page_per_kind_and_item(small):
    pages = render(small)
    search_files = {path for path in pages if path.startswith("search/")}
    assert "search/manifest.json" in search_files and any(path.startswith("search/d/") for path in search_files)
    assert set(pages) - search_files == {
        "index.md", "archive.md", "trends.md", "api/papers.json",
        "days/2026-01-08.md", "days/2026-01-09.md", "days/2026-02-02.md", "days/undated.md",
        "papers/seeing-things.md", "papers/talking-models.md", "papers/undated-thing.md",
        "topics/index.md", "topics/vision.md", "topics/llm.md", "topics/other.md",
        "tags/index.md", "tags/a-z/ha.md", "tags/a-z/se.md", "tags/a-z/ll.md",  # small tags: on their A-Z page
        "upvoted/2026-w02.md", "upvoted/2026-01.md", "upvoted/2026.md",  # most upvoted of each period
    }


def test_the_nav_is_the_registry_of_page_kinds(small):
    """mkdocs.yml's nav lists the registry's nav pages, in its order; each is generated or in
    site_src; the home page has a button for every other one; only they are in the nav."""
    nav = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert [(title, path) for entry in nav for title, path in entry.items()] == \
        [(kind.title, kind.path) for kind in nav_kinds()]
    pages = render(small)
    for kind in nav_kinds():
        assert (kind.path in pages) == (kind.render is not None) != (ROOT / "site_src" / kind.path).is_file()
        assert kind.path == "index.md" or f"]({kind.path}){{ .md-button }}" in pages["index.md"]
    assert {path for path in pages if in_nav(path)} == {kind.path for kind in nav_kinds() if kind.render}


def test_rendering_is_deterministic(small):
    assert render(small) == render(small)


def test_every_relative_link_points_at_a_page(small):
    pages = render(small)
    hand_written = {kind.path for kind in KINDS if kind.render is None}
    for path, content in pages.items():
        for target in re.findall(r"\]\(([^)\s]+)", content):
            if target.startswith(("http", "#")):  # same-page anchors: checked in the built site
                continue
            page = target.split("#")[0]
            resolved = _resolve(path, page)
            assert resolved in pages or resolved in hand_written, (path, target)


def _resolve(here: str, target: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(here), target))


def test_day_page_lists_papers_in_digest_order_with_neighbours(small):
    day = render(small)["days/2026-01-09.md"]
    assert "[← Jan 8, 2026](2026-01-08.md)" in day and "[Feb 2, 2026 →](2026-02-02.md)" in day
    assert "(../archive.md#2026-01)" in day
    assert "## [Talking Models](../papers/talking-models.md) { #talking-models }" in day
    assert "[LLM](../tags/a-z/ll.md#tag-llm)" in day
    assert 'search: {"exclude": true}' in day
    # The section's heading links its topic; its cards chip only their other topics.
    assert "## [Large Language &lt;Models&gt;](../topics/llm.md) { #topic_llm }" in day
    assert "(../topics/llm.md){ .pa-topic }" not in day and "(../topics/vision.md){ .pa-topic }" in day


def test_day_card_shows_teaser_meta_and_only_safe_links(small):
    day = render(small)["days/2026-01-08.md"]
    assert "We see&#46; We see" not in day  # only the first character of a text is line-start escaped
    assert "We see. We see." in day and "…" in day
    assert "▲ 12 · Ann, Bob and 3 more · [Code](https://github.com/a/b)" in day
    assert "javascript" not in day


def test_paper_page(small):
    page = render(small)["papers/seeing-things.md"]
    assert page.startswith('---\ntitle: "Seeing Things"\nsearch: {"exclude": true}\nhide: ["toc"]\n---\n\n# Seeing Things { #title }\n')
    assert "▲ 12 · Published Dec 30, 2025" in page
    assert "**Authors:** Ann, Bob and 3 more" in page
    assert "- [arXiv](https://arxiv.org/abs/2401.00001)\n- [PDF](https://arxiv.org/pdf/2401.00001)\n" \
           "- [Code](https://github.com/a/b)" in page
    assert "- [Jan 8, 2026](../days/2026-01-08.md#seeing-things)\n" \
           "- [Feb 2, 2026](../days/2026-02-02.md#seeing-things)" in page
    assert "## Abstract { #abstract }" in page
    assert "javascript" not in page


def test_hostile_title_is_escaped_in_front_matter_and_body():
    hostile = paper("title-x", "</title><script>alert(1)</script> *x*", topics=("other",))
    pages = render(archive_of(hostile))
    (path,) = [p for p in pages if p.startswith("papers/")]
    front = pages[path].split("---\n")[1]
    assert front == 'title: "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; *x*"\nsearch: {"exclude": true}\nhide: ["toc"]\n'
    body_html = to_html(pages[path])
    assert "<script" not in body_html and "</title>" not in body_html
    assert not [t for t, _ in parse(body_html).tags if t in ("script", "img", "em")]


def test_topic_pages_list_newest_first_grouped_by_month(small):
    later = paper("title-later", "Later", days=(D3,), topics=("vision",))
    vision = render(archive_of(*small.papers.values(), later))["topics/vision.md"]
    feb, jan = vision.split("## January 2026 { #2026-01 }")
    assert "## February 2026 { #2026-02 }" in feb and "[Later](../papers/later.md)" in feb
    # by the day a paper first appeared: Talking Models (Jan 9) before Seeing Things (Jan 8, Feb 2)
    assert jan.index("[Talking Models]") < jan.index("[Seeing Things]")
    assert "- [Talking Models](../papers/talking-models.md) <small>Jan 9, 2026</small>" in jan


def test_a_long_tag_listing_is_split_into_linked_pages_of_bounded_size():
    """A tag page's size does not grow with the archive: at most LISTING_PAGE_SIZE papers a page."""
    many = [paper(f"title-p{n}", f"Paper {n}", days=(D1 + dt.timedelta(days=n),), tags=("llm",))
            for n in range(LISTING_PAGE_SIZE * 2 + 1)]
    pages = render(archive_of(*many))
    first, second, third = pages["tags/llm.md"], pages["tags/llm/page-2.md"], pages["tags/llm/page-3.md"]
    assert "tags/llm/page-4.md" not in pages
    assert [page.count("- [Paper") for page in (first, second, third)] == [LISTING_PAGE_SIZE, LISTING_PAGE_SIZE, 1]
    assert f"[Paper {len(many) - 1}](../papers/paper-{len(many) - 1}.md)" in first  # newest first
    assert "[Paper 0](../../papers/paper-0.md)" in third
    assert "Pages: **1** · [2](llm/page-2.md) · [3](llm/page-3.md)" in first
    assert "Pages: [1](../llm.md) · **2** · [3](page-3.md)" in second
    assert "# Tag&#58; LLM (page 3 of 3)" in third and "[All tags](../index.md)" in third


def test_topic_and_tag_indexes_count_papers(small):
    pages = render(small)
    topics, tags = pages["topics/index.md"], pages["tags/index.md"]
    assert "| [Computer Vision](vision.md) | 2 | images |" in topics
    assert "| [Large Language &lt;Models&gt;](llm.md) | 1 | text &#124; models |" in topics
    assert "3 tags" in tags and "- **H**: [Ha](a-z/ha.md)\n- **L**: [Ll](a-z/ll.md)\n- **S**: [Se](a-z/se.md)" in tags
    letter = pages["tags/a-z/se.md"]
    assert "## segmentation { #tag-segmentation }" in letter
    assert letter.count("- [") == 2 and "Undated" in letter  # its two papers, inline


def test_a_tag_gets_its_own_page_from_enough_papers_and_stays_on_its_a_z_page():
    many = [paper(f"title-p{n}", f"Paper {n}", days=(D1 + dt.timedelta(days=n),), tags=("llm", "x-ray"))
            for n in range(TAG_PAGE_MIN_PAPERS)]
    few = paper("title-few", "Few", days=(D1,), tags=("llm", "peft"))
    pages = render(archive_of(*many, few))
    assert "tags/llm.md" in pages and "tags/peft.md" not in pages and "tags/x-ray.md" in pages
    assert "[LLM](../tags/llm.md) [peft](../tags/a-z/pe.md#tag-peft)\n{ .pa-chips }" in pages["papers/few.md"]
    letter = pages["tags/a-z/ll.md"]
    assert "[LLM](../llm.md)" in letter and "## peft { #tag-peft }" in pages["tags/a-z/pe.md"]
    assert "[LLM <span class=\"pa-count\">6</span>](llm.md)" in pages["tags/index.md"]
    assert "[peft" not in pages["tags/index.md"]  # a small tag is listed on its A-Z page only
    assert "[Tags: Ll](a-z/ll.md)" in pages["tags/llm.md"]


def test_a_z_pages_split_by_prefix_and_link_each_other():
    tags = ("contrastive-learning", "code-generation", "cuda", "c", "3d-vision")
    papers = [paper(f"title-p{n}", f"Paper {n}", days=(D1,), tags=(tag,)) for n, tag in enumerate(tags)]
    pages = render(archive_of(*papers))
    assert {p for p in pages if p.startswith("tags/a-z/")} == {
        "tags/a-z/co.md", "tags/a-z/cu.md", "tags/a-z/c.md", "tags/a-z/0-9.md"}
    co = pages["tags/a-z/co.md"]
    assert "## code generation { #tag-code-generation }" in co and "## contrastive learning" in co
    assert "cuda" not in co.split("\n---\n", 1)[1].replace("[Cu](cu.md)", "")  # on its own prefix's page
    assert "By letter: [0-9](0-9.md) · **C**" in co and "C: [C](c.md) · **Co** · [Cu](cu.md)" in co
    assert "- **C**: [C](a-z/c.md) · [Co](a-z/co.md) · [Cu](a-z/cu.md)" in pages["tags/index.md"]


def test_a_prefix_of_many_tags_comes_in_pages_and_chips_find_their_page(monkeypatch):
    from generator.pages import urls
    monkeypatch.setattr(urls, "TAGS_PER_A_Z_PAGE", 2)
    tags = ("code", "cold", "color", "cone", "cuda")
    papers = [paper(f"title-p{n}", f"Paper {n}", days=(D1,), tags=(tag,)) for n, tag in enumerate(tags)]
    pages = render(archive_of(*papers))
    assert {p for p in pages if p.startswith("tags/a-z/")} == {
        "tags/a-z/co.md", "tags/a-z/co/page-2.md", "tags/a-z/cu.md"}
    second = pages["tags/a-z/co/page-2.md"]
    assert "# Tags&#58; Co (page 2 of 2)" in second and "2 tags, color to cone" in second
    assert "## color { #tag-color }" in second and "## code" not in second
    assert "Pages: [1](../co.md) · **2**" in second and "[Cu](../cu.md)" in second
    assert "[color](../tags/a-z/co/page-2.md#tag-color)" in pages["papers/paper-2.md"]


def test_the_tag_index_shows_the_tags_of_the_most_papers(monkeypatch):
    from generator.pages import tags
    monkeypatch.setattr(tags, "TAG_CLOUD_SIZE", 1)
    many = [paper(f"title-p{n}", f"Paper {n}", days=(D1,), tags=("llm", "x-ray") if n else ("llm",))
            for n in range(TAG_PAGE_MIN_PAPERS + 1)]
    index = render(archive_of(*many))["tags/index.md"]
    assert "[LLM <span" in index and "[x ray <span" not in index  # 6 papers beat 5
    assert "and the 1 of the most papers are below" in index


def test_archive_calendar_links_each_day(small):
    archive = render(small)["archive.md"]
    assert '[8<small>1</small>](days/2026-01-08.md "1 paper")' in archive
    assert "### February 2026 { #2026-02 }" in archive and "## Undated { #undated }" in archive
    assert "(days/undated.md)" in archive


def test_home_shows_totals_and_the_latest_dated_day(small):
    home = render(small, "My <Archive>")["index.md"]
    assert "# My &lt;Archive&gt;" in home
    assert "**3 papers** · **4 days** · **3 topics** · **3 tags**" in home
    assert "## Latest: Monday, February 2, 2026 { #latest }" in home
    assert "### [Seeing Things](papers/seeing-things.md) { #seeing-things }" in home
    assert "[Search](search.md)" in home


def test_empty_archive_renders():
    pages = render(Archive({}, ()))
    assert "No digests yet" in pages["index.md"]
    assert json.loads(pages["api/papers.json"]) == []


def test_api_export_is_compact_sorted_and_complete(small):
    text = render(small)["api/papers.json"]
    records = json.loads(text)
    assert text == json.dumps(records, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    first = records[0]
    assert first == {
        "id": "arxiv-2401.00001", "arxiv_id": "2401.00001", "title": "Seeing Things",
        "url": "papers/seeing-things/", "days": ["2026-01-08", "2026-02-02"], "published": "2025-12-30",
        "upvotes": 12, "authors": ["Ann", "Bob"], "author_count": 5, "topics": ["vision"],
        "tags": ["has-code", "segmentation"],
        "links": [{"kind": "code", "url": "https://github.com/a/b"}],  # arXiv's two: from arxiv_id
    }
    assert records[-1]["days"] == [None]


# --- writing -------------------------------------------------------------------

def test_write_pages_writes_only_changes_and_removes_stale_files(tmp_path):
    out = tmp_path / "docs"
    assert write_pages({"a.md": "A", "sub/b.md": "B"}.items(), out) == WriteStats(2, 0, 0)
    mtime = (out / "a.md").stat().st_mtime_ns
    (out / "hand.md").write_text("mine")
    assert write_pages({"a.md": "A", "sub/c.md": "C"}.items(), out) == WriteStats(1, 1, 1)
    assert (out / "a.md").stat().st_mtime_ns == mtime
    assert not (out / "sub/b.md").exists() and (out / "sub/c.md").read_text() == "C"
    assert (out / "hand.md").read_text() == "mine"  # never written by us: never removed
    assert write_pages({}.items(), out) == WriteStats(0, 0, 2)
    assert not (out / "sub").exists()
    assert not list(out.glob("**/.tmp-*"))


@pytest.mark.parametrize("bad", ["../x.md", "/abs.md", "a/../../x.md", ".paper-archive-manifest.json"])
def test_write_pages_refuses_paths_outside_the_folder(tmp_path, bad):
    with pytest.raises(ValueError):
        write_pages({bad: "x"}.items(), tmp_path / "out")


def test_build_writes_a_complete_docs_folder_once(tmp_path):
    hostile = Path(__file__).resolve().parent / "fixtures" / "hostile"
    site_src = Path(__file__).resolve().parent.parent / "site_src"
    result = build(hostile, tmp_path / "docs", site_src=site_src, title="T")
    stats = result.stats
    assert stats.written > 10 and stats.removed == 0 and len(result.problems) == 3  # two unsafe links, an arXiv id ignored
    assert (tmp_path / "docs" / "about.md").is_file() and (tmp_path / "docs" / "days" / "2026-05-01.md").is_file()
    again = build(hostile, tmp_path / "docs", site_src=site_src, title="T").stats
    assert again == WriteStats(0, stats.written, 0)
    assert (tmp_path / "docs" / MANIFEST).is_file()


@pytest.mark.parametrize("title", ["🎉", "Emoji 🌍 in a title", "A \\ud83c backslash-u text 🚀"])
def test_front_matter_of_astral_titles_is_read_by_mkdocs(title):
    """JSON's surrogate pairs are rejected by YAML: the page lost its front matter and showed it as text."""
    from generator.pages.blocks import front, page
    from mkdocs.utils.meta import get_data
    body, meta = get_data(page(front(title), f"# {md_text(title)}"))
    assert meta["title"] == title and body.startswith("# ")
