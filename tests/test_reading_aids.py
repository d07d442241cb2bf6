"""Day-page jump links and paper-page citations, on the Markdown the generator writes."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import markdown
import pytest

from generator.build import load
from tests.rendering import render_site
from generator.pages.text import plain
from tests.conftest import HOSTILE_DIGESTS, SAMPLE_DIGESTS

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]


class Html(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.code: list[str] = []
        self._in_code = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.ids += [v for k, v in attrs if k == "id"]
        if tag == "code":
            self._in_code = True
            self.code.append("")

    def handle_endtag(self, tag):
        if tag == "code":
            self._in_code = False

    def handle_data(self, data):
        if self._in_code:
            self.code[-1] += data


def to_html(page: str) -> Html:
    return Html(markdown.markdown(page.split("\n---\n", 1)[1], extensions=EXTENSIONS))


@pytest.fixture(scope="module")
def sample():
    archive, taxonomy, _ = load(SAMPLE_DIGESTS)
    return render_site(archive, taxonomy), archive


def test_jump_links_name_each_first_topic_with_its_count_and_lead_to_it(sample):
    pages, archive = sample
    for day in archive.days:
        page = pages[f"days/{day.date or 'undated'}.md"]
        jump = re.search(r"^Jump to: (.*)$", page, re.M).group(1)
        links = re.findall(r"\(([0-9,]+)\)\]\(#(topic_[a-z0-9-]+)\)", jump)
        firsts = [archive.papers[key].topics[0] for key in day.paper_keys]
        assert {anchor: int(n) for n, anchor in links} == {f"topic_{t}": firsts.count(t) for t in set(firsts)}
        html = to_html(page)
        assert len(html.ids) == len(set(html.ids))
        assert {anchor for _, anchor in links} <= set(html.ids)
        assert {paper_slug for paper_slug in re.findall(r"\{ #([a-z0-9-]+) \}", page)} <= set(html.ids)
        assert len(re.findall(r"^### ", page, re.M)) == len(day.paper_keys)  # every paper, once


def test_citation_has_title_authors_year_and_arxiv_link():
    archive, taxonomy, _ = load(SAMPLE_DIGESTS.parent / "tests" / "fixtures" / "hf-api")
    pages = render_site(archive, taxonomy)
    paper = next(p for p in archive.papers.values() if p.arxiv_id and p.authors and p.published)
    url = next(record["url"] for record in json.loads(pages["api/papers.json"]) if record["id"] == paper.key)
    page = pages[url.rstrip("/") + ".md"]
    text, bibtex = to_html(page).code
    assert text.startswith(", ".join(paper.authors[:2]))
    assert f"({paper.published.year}). " in text and f"arXiv:{paper.arxiv_id}." in text
    assert text.rstrip().endswith(f"https://arxiv.org/abs/{paper.arxiv_id}")
    assert f"  eprint = {{{paper.arxiv_id}}}," in bibtex and f"  year = {{{paper.published.year}}}," in bibtex
    assert bibtex.startswith("@misc{") and bibtex.rstrip().endswith("}")


def test_hostile_text_cannot_leave_the_citation_block():
    archive, taxonomy, _ = load(HOSTILE_DIGESTS)
    pages = render_site(archive, taxonomy)
    for path, page in pages.items():
        if not path.startswith("papers/"):
            continue
        cite = "## Cite" + page.split("## Cite", 1)[1]
        html = to_html("---\n---\n" + cite)
        assert html.tags == ["h2", "pre", "code", "p", "pre", "code"], path  # nothing else became markup
        title = next(plain(p.title) for p in archive.papers.values() if plain(p.title) in html.code[0])
        assert title in html.code[0]
        assert "{" not in html.code[1].split("title = {{", 1)[1].split("}},", 1)[0]  # braces stay balanced
