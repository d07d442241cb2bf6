"""The reader's layer in headless Chromium (site_src/javascripts/reader.js): math typeset with the
vendored KaTeX, hostile formulas kept inert, the reading list and watched keywords (this
browser's localStorage only), and the HF list fields on a site built from recorded API days."""
from __future__ import annotations

import json
import re

import pytest

from tests.conftest import API_SAMPLES, mkdocs_build
from tests.test_browser import INJECTED

SEED_MATH = "papers/boldsymboll-orthogonality-regularization-for-compatible-representation-learning/"
SEED_MATH_SOURCE = "$\\boldsymbolλ$-Orthogonality Regularization for Compatible Representation Learning"
HOSTILE_MATH = "papers/formula-links-href-javascript-window-pwned-40-click-and-url-javascript-window-41/"
ENVHARNESS = "papers/envharness-awakening-static-worlds-for-agent-learning/"
# The page's text with each typeset formula put back as its source.
SOURCE_TEXT = """(selector) => {
  const copy = document.querySelector(selector).cloneNode(true);
  for (const math of copy.querySelectorAll('.pa-math')) math.replaceWith(math.dataset.source);
  for (const mark of copy.querySelectorAll('.headerlink')) mark.remove();
  return copy.textContent.replace(/\\s+/g, ' ').trim();
}"""


@pytest.fixture(scope="module")
def api_site(tmp_path_factory):
    return mkdocs_build(API_SAMPLES, tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def api_url(api_site, serve) -> str:
    return serve(api_site.root)


def typeset(tab, path: str) -> None:
    tab.goto(path)
    tab.page.wait_for_selector("html[data-pa-math=done]", state="attached")


def watch(tab, word: str) -> None:
    """Names a watched keyword on the Reading list page, as a reader does."""
    tab.goto("reading-list/")
    tab.page.fill("#pa-watch input[name=word]", word)
    tab.page.locator("#pa-watch button[type=submit]").click()


# ---------------------------------------------------------------- math


@pytest.mark.browser
def test_seed_title_math_is_typeset_and_its_source_is_not_visible(browse, sample_url):
    tab = browse(sample_url)
    typeset(tab, SEED_MATH)
    h1 = tab.page.locator("article h1")
    assert h1.locator(".katex .katex-html").first.is_visible()
    shown = tab.text("article h1")
    assert "$" not in shown and "boldsymbol" not in shown and "Orthogonality Regularization" in shown
    assert tab.page.evaluate(SOURCE_TEXT, "article h1") == SEED_MATH_SOURCE  # nothing lost
    assert SEED_MATH_SOURCE in tab.text("#cite ~ pre")  # the citation keeps the source text
    requests = tab.page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    assert any(r.endswith("/javascripts/vendor/katex/katex.min.js") for r in requests)
    tab.assert_clean()  # nothing fetched from anywhere but the site


@pytest.mark.browser
def test_pages_without_math_do_not_load_katex(browse, sample_url):
    tab = browse(sample_url)
    typeset(tab, "papers/pointer-networks/")
    requests = tab.page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    assert not any("katex" in r for r in requests)
    tab.assert_clean()


@pytest.mark.browser
def test_math_in_a_day_page_listing(browse, sample_url):
    tab = browse(sample_url)
    typeset(tab, "days/2026-04-20/")
    card = tab.page.locator("article h3", has=tab.page.locator(f'a[href$="{SEED_MATH.split("/")[1]}/"]'))
    assert card.locator(".katex").count() == 1 and "$" not in card.inner_text()
    toc = tab.page.locator(".md-sidebar--secondary a", has_text="Orthogonality Regularization")
    assert toc.count() == 0 or toc.locator(".katex").count() == 1  # a table of contents (if any) too


@pytest.mark.browser
def test_hostile_formulas_run_nothing_and_link_nowhere(browse, hostile_url):
    tab = browse(hostile_url)
    typeset(tab, HOSTILE_MATH)
    tab.page.wait_for_timeout(100)
    assert tab.page.evaluate(INJECTED) == []
    assert tab.page.evaluate("""() => [document.querySelectorAll('.katex a, .katex img, #pwned, .pwned').length,
                                       window.__pwned]""") == [0, None]
    abstract = tab.page.evaluate(SOURCE_TEXT, "#abstract + p")
    for source in ("$\\htmlData{pwned=1}{c}$", "$\\includegraphics{https://example.com/x.png}$",
                   "$\\def\\a{\\a\\a}\\a$", "$\\gdef\\b{\\b\\b}\\b$", "$\\frac{1}{$"):
        assert source in abstract
    shown = tab.text("#abstract + p")  # formulas that would link, load, hang or not parse: their source
    assert "$\\def\\a{\\a\\a}\\a$" in shown and "$\\frac{1}{$ here" in shown and "$\\htmlId{pwned}{b}$" in shown
    assert tab.text("article h1").startswith("Formula Links $\\href{javascript:window.__pwned=40}{click}$")
    tab.assert_clean()


# ---------------------------------------------------------------- reading list


@pytest.mark.browser
def test_star_reload_reading_list_and_bibtex_export(browse, api_url):
    tab = browse(api_url)
    page = tab.page
    tab.goto(ENVHARNESS)
    star = page.locator("article h1 .pa-star")
    assert star.get_attribute("aria-pressed") == "false"
    star.click()
    page.reload()
    assert page.locator("article h1 .pa-star").get_attribute("aria-pressed") == "true"
    assert tab.text("article h1") == "EnvHarness: Awakening Static Worlds for Agent Learning"  # the star adds no text

    tab.goto("days/2024-05-27/")  # a card carries no arXiv id: the reading list finds it on the paper page
    card_star = page.locator("article h3 .pa-star").first
    card_title = page.locator("article h3 a:not(.headerlink)").first.inner_text()
    card_star.click()

    page.locator(".md-tabs a", has_text="Reading list").click()  # the tab reader.js adds
    page.wait_for_url(re.compile(r"/reading-list/$"))
    page.wait_for_selector("#pa-reading-list[data-ready=true]", state="attached")
    items = page.locator("#pa-reading-list li")
    assert items.count() == 2
    assert "EnvHarness: Awakening Static Worlds for Agent Learning" in items.nth(0).inner_text()
    assert "2026-08-21" in items.nth(0).inner_text() and "arXiv:2608.19880" in items.nth(0).inner_text()
    assert card_title in items.nth(1).inner_text() and "2024-05-27" in items.nth(1).inner_text()
    assert "this browser only" in tab.text("article")

    page.get_by_role("button", name="Export BibTeX").click()
    bib = page.locator(".pa-export textarea").input_value()
    assert "title = {{EnvHarness: Awakening Static Worlds for Agent Learning}}" in bib
    assert "eprint = {2608.19880}" in bib and bib.count("@misc{") == 2
    with page.expect_download() as download:
        page.get_by_role("link", name="Download reading-list.bib").click()
    assert download.value.suggested_filename == "reading-list.bib"
    page.get_by_role("button", name="Export arXiv links").click()
    links = page.locator(".pa-export textarea").input_value().splitlines()
    assert links[0] == "https://arxiv.org/abs/2608.19880" and len(links) == 2

    page.locator("#pa-reading-list li").nth(0).locator(".pa-star").click()  # unstar
    page.reload()
    page.wait_for_selector("#pa-reading-list[data-ready=true]", state="attached")
    assert page.locator("#pa-reading-list li").count() == 1
    tab.assert_clean()


@pytest.mark.browser
def test_watched_keyword_highlights_a_paper_on_a_day_page(browse, api_url):
    tab = browse(api_url)
    page = tab.page
    watch(tab, "Gaussian Splatting")
    assert page.get_by_role("button", name="Stop watching Gaussian Splatting").is_visible()
    tab.goto("days/2026-08-21/")
    watched = page.locator("article h3.pa-watched")
    assert watched.count() >= 1
    assert "4DAnyone" in watched.first.inner_text() and watched.first.get_attribute("data-watched") == "Gaussian Splatting"
    others = page.locator("article h3:not(.pa-watched)")
    assert others.count() > 5 and "EnvHarness" in " ".join(others.all_inner_texts())
    tab.assert_clean()


# ---------------------------------------------------------------- HF list fields, built


def test_built_paper_page_shows_the_hf_fields(api_site):
    page = (api_site.root / ENVHARNESS / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="pa-summary"><strong>AI summary</strong> \(Hugging Face, not the authors\): '
                     r"EnvHarness and EnvRigger", page)
    assert '<a href="https://huggingface.co/papers/2608.19880">Hugging Face</a> · 1 comment' in page
    assert "· ★ 8 GitHub stars on Aug 21, 2026" in page
    records = json.loads((api_site.root / "api" / "papers.json").read_text(encoding="utf-8"))
    assert all("summary" not in record for record in records)  # the API keeps its own schema


@pytest.mark.browser
def test_most_upvoted_week_lists_the_right_papers_in_order(browse, api_url, api_site):
    records = json.loads((api_site.root / "api" / "papers.json").read_text(encoding="utf-8"))
    week = sorted((r for r in records if r["days"][0] == "2026-08-21"), key=lambda r: -r["upvotes"])
    tab = browse(api_url)
    tab.goto("days/2026-08-21/")
    tab.page.get_by_role("link", name="This week's most upvoted").click()
    tab.page.wait_for_url(re.compile(r"/upvoted/2026-w34/$"))
    assert tab.text("article h1") == "Most upvoted: week of Aug 17, 2026"
    items = tab.page.locator("article ul li")
    assert items.locator("a").all_inner_texts() == [r["title"] for r in week]
    votes = [int(re.search(r"▲ (\d+)", text)[1]) for text in items.all_inner_texts()]
    assert votes == sorted(votes, reverse=True) == [r["upvotes"] for r in week]
    assert tab.page.evaluate("getComputedStyle(document.querySelector('article ul')).listStyleType") == "decimal"
    tab.assert_clean()


@pytest.mark.browser
def test_decorate_hook_for_items_built_later(browse, api_url):
    """What the search page calls for each result: a star, the watched mark and math."""
    tab = browse(api_url)
    page = tab.page
    watch(tab, "monocular")
    tab.goto("search/")
    page.evaluate("""() => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = '../papers/4danyone-create-anyone-in-4d-from-a-casual-monocular-video/';
      link.textContent = '4DAnyone: Create Anyone in 4D from a Casual Monocular Video $\\\\mathcal{O}(n)$';
      item.append(link);
      document.querySelector('article').append(item);
      window.__decorated = window.paperArchive.decorate(item, {
        path: 'papers/4danyone-create-anyone-in-4d-from-a-casual-monocular-video/',
        title: '4DAnyone: Create Anyone in 4D from a Casual Monocular Video', date: '2026-08-21'});
    }""")
    page.evaluate("() => window.__decorated")
    item = page.locator("article li").last
    assert item.get_attribute("data-watched") == "Monocular"  # as the text has it
    assert item.locator(".katex").count() == 1
    item.locator(".pa-star").click()
    tab.goto("reading-list/")
    page.wait_for_selector("#pa-reading-list[data-ready=true]", state="attached")
    assert "arXiv:2608.20335" in tab.text("#pa-reading-list li")  # completed from the paper page
    tab.assert_clean()
