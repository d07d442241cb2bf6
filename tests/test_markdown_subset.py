"""The fast converter for generated pages gives Python-Markdown's HTML, byte for byte,
or declines; and the site built with it and overrides/generated.html is the site MkDocs
builds without them."""
from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from benchmarks.synthetic import write_archive
from generator import plugin
from generator.mkdocs_pages import GENERATED_TEMPLATE, page_data
from generator.markdown_subset import Unsupported, convert
from tests.conftest import HOSTILE_DIGESTS, ROOT, SAMPLE_DIGESTS
from tests.rendering import site_pages

EXTENSIONS = load_config(str(ROOT / "mkdocs.yml"))
BULK = ("papers/", "days/", "tags/")  # page kinds that must take the fast path


def python_markdown(body: str) -> tuple[str, list]:
    md = markdown.Markdown(extensions=EXTENSIONS["markdown_extensions"], extension_configs=EXTENSIONS["mdx_configs"])
    return md.convert(body), md.toc_tokens


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    write_archive(folder, papers=300)
    return folder


@pytest.mark.parametrize("corpus", ["sample", "hostile", "synthetic"])
def test_same_html_as_python_markdown(corpus, synthetic):
    folder = {"sample": SAMPLE_DIGESTS, "hostile": HOSTILE_DIGESTS, "synthetic": synthetic}[corpus]
    rendered, _ = site_pages(folder)
    fast = 0
    for path, text in rendered.items():
        if not path.endswith(".md"):
            continue
        body, _ = get_data(text)
        try:
            converted = convert(body)
        except Unsupported:
            assert not path.startswith(BULK) or path.startswith("tags/index"), path
            continue
        fast += 1
        assert (converted.html, converted.toc_tokens) == python_markdown(body), path
    assert fast >= sum(path.startswith(BULK) for path in rendered) - 1  # all but tags/index


@pytest.mark.parametrize("body", [
    "Some *emphasis*", "A `code` span", "<div>raw</div>", "- a\n\n- b", "    code\n\n    more", "Tab\there",
    "Line  \nbreak", "![image](x.png)", "a & b", "Heading\n===", "> quote", "1. one", "# Title #",
    "[link](a.md){: .x }", "[outer [inner]](x.md)",
    '<div class="pa-chart" id="c">\n<div>inner</div>\n</div>', '<div class="pa-chart" id="c">\n<a name="x"></a>\n</div>',
    "- a\n\n<div class=\"pa-chart\" id=\"c\">\n</div>", '<div class="pa-chart" id="c">\n<svg id=\'s\'></svg>\n</div>',
])
def test_declines_markdown_outside_the_subset(body):
    with pytest.raises(Unsupported):
        convert(body)


def test_links_go_through_the_callback():
    converted = convert("See [A &amp; B](a.md#x){ .pa-chip } and [web](https://example.org/?a=1&b=2).",
                        link=lambda url: url.upper())
    assert converted.html == ('<p>See <a class="pa-chip" href="A.MD#X">A &amp; B</a> and '
                              '<a href="HTTPS://EXAMPLE.ORG/?A=1&amp;B=2">web</a>.</p>')


@pytest.mark.parametrize("body", [
    '# T\n\n<div class="pa-chart" id="c">\n<svg id="s"></svg>\n</div>',
    'Text\n\n<div class="pa-chart" id="c">\n<svg id="s"><title id="t">x</title></svg>\n</div>\n\nMore',
])
def test_charts_are_kept_as_python_markdown_keeps_raw_html(body):
    converted = convert(body)
    assert (converted.html, converted.toc_tokens) == python_markdown(body)
    assert {"c", "s"} <= converted.ids  # MkDocs checks links to ids in raw HTML too


@pytest.mark.parametrize("source", [
    '---\ntitle: "a\\u00e9"\n---\nx', "---\ntitle: 12\n---\nx", '---\non: "x"\n---\nx', '---\ntitle: "a"\n\n---\nx',
    '---\nt: {"a":1}\n---\nx', '---\nt: ["a", null, true]\n---\n\n\nx', '---\nt: "x\u2028y"\n---\nx',
    '---\nt: "tab\\there\\nnl \\"q\\" \\\\ é ✓"\n---\nx', '---\nt: "x" # c\n---\nx',
    '---\nt: {"a": "b: c", "d": ["#e"]}\n...\nx', "no front matter", "---\n- a list\n---\nx",
])
def test_front_matter_reads_as_mkdocs_reads_it(source):
    assert page_data(source) == get_data(source)


def test_generated_pages_front_matter_reads_as_mkdocs_reads_it():
    rendered, _ = site_pages(SAMPLE_DIGESTS)
    for path, text in rendered.items():
        if path.endswith(".md"):
            assert page_data(text) == get_data(text), path


def built(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*.html"))}


class MkDocsRenderedPage(Page):
    """A generated page as MkDocs renders it (Python-Markdown), in the same template."""

    def read_source(self, config) -> None:
        super().read_source(config)
        self.meta["template"] = GENERATED_TEMPLATE


def test_site_is_the_site_mkdocs_builds_alone(tmp_path, monkeypatch):
    """The whole sample site, with the fast path and with every page rendered by MkDocs."""
    monkeypatch.setenv("DIGESTS_DIR", str(SAMPLE_DIGESTS))
    sites = []
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(plugin.PaperArchivePlugin, "page_class", MkDocsRenderedPage)
        monkeypatch.setenv("PAPER_ARCHIVE_CACHE", str(tmp_path / f"cache-{fast}"))
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / f"site-{fast}"), strict=True)
        build(config)
        sites.append(built(tmp_path / f"site-{fast}"))
    assert sites[0].keys() == sites[1].keys()
    assert [path for path in sites[0] if sites[0][path] != sites[1][path]] == []
