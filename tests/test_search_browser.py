"""The archive search page in headless Debian Chromium: what readers type and
what comes first. Fixtures (servers, browser, watched pages) are shared with
tests/browser_fixtures.py."""
from __future__ import annotations

import collections
import html
import json
import re
from urllib.parse import urlencode, urlsplit

import pytest

from generator.build import load
from generator.search.terms import WORD, term, terms
from tests.conftest import ROOT, SAMPLE_DIGESTS
from tests.search_reference import Reference
from tests.test_search import REAL_CORPUS, QUERIES, real_queries, sample_queries, search_docs

pytestmark = pytest.mark.browser
LUNR = ROOT / "site_src" / "javascripts" / "vendor" / "lunr.min.js"
WORKER = ROOT / "site_src" / "javascripts" / "search-worker.js"
# Result markup the page builds; anything else inside the results came from digest text.
RESULT_MARKUP = """() => {
  const allowed = new Set(['LI', 'H3', 'A', 'DIV', 'SPAN', 'P', 'MARK']);
  const found = [];
  const star = ['type', 'class', 'aria-pressed', 'aria-label', 'title'];  // reader.js's reading-list star
  for (const el of document.querySelectorAll('#pa-search-results *')) {
    const isStar = el.tagName === 'BUTTON' && el.className === 'pa-star';
    if (!allowed.has(el.tagName) && !isStar) found.push(el.tagName);
    for (const attr of el.getAttributeNames())
      if (!(isStar ? star : ['class', 'href', 'data-key']).includes(attr)) found.push(`${el.tagName} ${attr}`);
    if (el.href && !el.href.startsWith(location.origin)) found.push(`link ${el.href}`);
  }
  if (window.__pwned !== undefined) found.push('window.__pwned = ' + window.__pwned);
  return found;
}"""
DONE = """(query) => new URLSearchParams(location.search).get('q') === query
  && document.getElementById('pa-search-results').dataset.done === 'true'"""


@pytest.fixture(scope="module")
def archive():
    return load(SAMPLE_DIGESTS)[0]


def search(tab, **params) -> tuple[str, list[str]]:
    """Opens search/?params, waits for complete results: (status line, result titles)."""
    tab.goto("search/?" + urlencode(params))
    tab.page.wait_for_function(DONE, arg=params.get("q"))
    return shown(tab)


def shown(tab) -> tuple[str, list[str]]:
    titles = tab.page.locator(".pa-result__title").all_inner_texts()
    return tab.text("#pa-search-status"), [" ".join(title.split()) for title in titles]


def test_exact_title_comes_first(browse, sample_url):
    tab = browse(sample_url)
    title = "Outlier-Safe Pre-Training for Robust 4-bit Quantization of Large Language Models"
    status, titles = search(tab, q=title)
    assert titles[0].lower() == title.lower()
    assert tab.page.locator(".pa-result__title a").first.get_attribute("href").endswith(
        "/papers/outlier-safe-pre-training-for-robust-4-bit-quantization-of-large-language-models/")
    tab.assert_clean()


def test_word_only_in_one_abstract_finds_that_paper_with_a_highlighted_snippet(browse, sample_url, archive):
    owners = collections.defaultdict(set)
    for paper in archive.papers.values():
        for found in terms(" ".join((paper.title, paper.abstract, *paper.authors, *paper.tags))):
            owners[found].add(paper.key)
    word, paper = next((w, p) for p in archive.papers.values() for w in sorted(set(WORD.findall(p.abstract.lower())))
                       if len(w) >= 9 and w.isalpha() and owners[term(w)] == {p.key})
    tab = browse(sample_url)
    status, titles = search(tab, q=word)
    assert status == "1 paper found." and titles == [" ".join(paper.title.split())]
    snippet = tab.page.locator(".pa-result__snippet mark").first
    snippet.wait_for()
    assert snippet.inner_text().lower().startswith(word[:4])
    tab.assert_clean()


def test_topic_filter_keeps_only_that_topic(browse, sample_url):
    tab = browse(sample_url)
    status, everything = search(tab, q="speech")
    status, audio = search(tab, q="speech", topic="audio")
    assert 0 < len(audio) < len(everything)
    metas = tab.page.locator(".pa-result__meta").all_inner_texts()
    assert all("Speech & Audio" in meta for meta in metas)
    assert tab.page.locator("#pa-search select[name=topic]").input_value() == "audio"


def test_date_filter_alone_lists_that_days_papers(browse, sample_url, sample_site):
    api = json.loads((sample_site.root / "api" / "papers.json").read_text(encoding="utf-8"))
    first_seen = [p["title"] for p in api if p["days"][0] == "2026-04-13"]
    tab = browse(sample_url)
    status, titles = search(tab, **{"from": "2026-04-13", "to": "2026-04-13"})
    assert status == f"{len(first_seen)} papers found." and len(titles) == min(10, len(first_seen))
    assert set(titles) <= {" ".join(title.split()) for title in first_seen}
    assert all("Apr 13, 2026" in meta for meta in tab.page.locator(".pa-result__meta").all_inner_texts())


def test_no_hits_and_punctuation_behave(browse, sample_url):
    tab = browse(sample_url)
    status, titles = search(tab, q="qwxzvk")
    assert titles == [] and status.startswith("No papers match")
    status, titles = search(tab, q='"Pointer" (Networks)!!! -- [*]:^~+')
    assert titles[0] == "Pointer Networks"
    status, titles = search(tab, q="!!! ??? *** ::: ^~")
    assert titles == [] and status.startswith("Type words to search")
    tab.assert_clean()


def test_typing_keeps_the_query_in_the_url_and_finds_by_prefix(browse, sample_url):
    tab = browse(sample_url)
    tab.goto("search/")
    tab.page.locator("#pa-search input[name=q]").press_sequentially("pointer netw")
    tab.page.wait_for_function(DONE, arg="pointer netw")
    assert shown(tab)[1][0] == "Pointer Networks"
    tab.page.reload()
    tab.page.wait_for_function(DONE, arg="pointer netw")
    assert tab.page.locator("#pa-search input[name=q]").input_value() == "pointer netw"
    tab.assert_clean()


def test_header_search_box_hands_the_query_to_the_search_page(browse, sample_url):
    tab = browse(sample_url)
    tab.goto("about/")
    box = tab.page.locator("input.md-search__input")
    box.fill("pointer networks")
    with tab.page.expect_navigation():
        box.press("Enter")
    tab.page.wait_for_function(DONE, arg="pointer networks")
    assert tab.path == "/search/" and shown(tab)[1][0] == "Pointer Networks"
    tab.assert_clean()


def test_python_and_lunr_js_make_the_same_terms(browse, sample_url, archive):
    words = sorted({w for p in archive.papers.values() for w in WORD.findall(f"{p.title} {p.abstract}".lower())})
    tab = browse(sample_url)
    tab.goto("about/")
    tab.page.add_script_tag(path=str(LUNR))
    stems = tab.page.evaluate("""(words) => words.map((w) =>
        lunr.stopWordFilter(new lunr.Token(w)) ? lunr.stemmer(new lunr.Token(w)).toString() : "")""", words)
    assert len(words) > 5000
    assert [pair for pair in zip(words, stems) if term(pair[0]) != pair[1]] == []


def test_hostile_text_in_search_results_stays_text(browse, hostile_url):
    tab = browse(hostile_url)
    status, titles = search(tab, q="attention")
    assert "<script>window.__pwned = 1; alert('title')</script> Attention | Is *All* _You_ $Need$" in titles
    tab.page.locator(".pa-result__snippet").first.wait_for()
    status, titles = search(tab, q="handlers")
    assert any(title.startswith("<svg onload=") for title in titles)
    tab.page.locator(".pa-result__title mark").first.wait_for()  # snippets and highlights are in
    assert tab.page.evaluate(RESULT_MARKUP) == []
    tab.assert_clean()


def test_arxiv_id_finds_its_paper(browse, hostile_url):
    tab = browse(hostile_url)
    status, titles = search(tab, q="arXiv:2605.00002v2")
    assert (status, titles) == ("1 paper found.", ["Uber Models"])
    status, titles = search(tab, q="2605.00002 attack")
    assert titles == [] and status.startswith("No papers match")
    tab.assert_clean()


# Runs the worker's own code in a page: every query, in turn, as the search page would send it.
# The folder has the search files only: its paper pages, which the snippets come from, read as empty.
RUN_QUERIES = """async (queries) => {
  const posted = [];
  self.postMessage = (message) => posted.push(message);
  const fetchFile = self.fetch;
  self.fetch = (url) => (new URL(url).pathname.startsWith("/papers/") ? Promise.resolve(new Response("")) : fetchFile(url));
  await init(location.origin + "/");
  const out = [];
  for (const [i, [query, filters]] of queries.entries()) {
    current = i + 1;
    posted.length = 0;
    await search({ id: i + 1, query, filters: { topic: "", tag: "", author: "", from: "", to: "", ...filters }, limit: 50 });
    const m = posted.find((p) => p.type === "results") || posted[0];
    out.push(m.type === "results" ? [m.total, m.results.map((r) => r.url), Boolean(m.any)] : m);
  }
  return out;
}"""


def worker_results(tab, queries):
    tab.goto("index.html")
    tab.page.add_script_tag(path=str(LUNR))
    tab.page.add_script_tag(path=str(WORKER))
    return tab.page.evaluate(RUN_QUERIES, [[query, filters] for query, filters in queries])


def search_folder(tmp_path, files) -> object:
    for path, content in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(content, encoding="utf-8")
    (tmp_path / "index.html").write_text("<!doctype html><title>search files</title>", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("corpus", ["sample", "real"])
def test_worker_ranks_like_one_full_lunr_index(corpus, browse, serve, tmp_path):
    """The real worker code over the partitioned index gives the same papers, in the same
    order, as the same rules over one lunr.py index of every paper."""
    if corpus == "real" and not REAL_CORPUS.is_dir():
        pytest.skip(f"{REAL_CORPUS} is not here")
    docs, files = search_docs(SAMPLE_DIGESTS if corpus == "sample" else REAL_CORPUS)
    queries = sample_queries(docs) if corpus == "sample" else real_queries(docs)
    assert len(queries) >= 20
    reference = Reference(docs)
    expected = [reference.search(query, filters) for query, filters in queries]
    tab = browse(serve(search_folder(tmp_path, files)))
    found = worker_results(tab, queries)
    for (query, filters), want, got in zip(queries, expected, found):
        assert got == [want.total, want.urls, want.any], (query, filters)
    assert sum(1 for want in expected if want.total) >= 20  # most queries find papers
    tab.assert_clean()


def search_requests(tab, **params) -> list[str]:
    """The search files (paths under search/) a search fetched, after the page had loaded."""
    return [path.split("/search/", 1)[1] for path in site_requests(tab, **params) if "/search/" in path]


def site_requests(tab, **params) -> list[str]:
    """The paths a search fetched, after the page had loaded."""
    tab.goto("search/")
    tab.page.wait_for_function("document.getElementById('pa-search-status').textContent.startsWith('Type words')")
    fetched: list[str] = []
    tab.page.context.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    tab.page.evaluate("""(params) => { history.replaceState(null, '', '?' + new URLSearchParams(params));
        const form = document.getElementById('pa-search');
        for (const [name, value] of Object.entries(params)) form.elements[name].value = value;
        document.getElementById('pa-search-results').dataset.done = 'false';
        form.dispatchEvent(new Event('input', {bubbles: true})); }""", params)
    tab.page.wait_for_function(DONE, arg=params.get("q"))
    return fetched


def abstract_of(page: str) -> str:
    """A paper page's abstract as the page shows it (its paragraphs' text, whitespace collapsed)."""
    section = page.split('<h2 id="abstract">', 1)[1].split("<h2", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", section.split("</h2>", 1)[1])).split())


def test_snippets_come_from_the_paper_pages_of_the_shown_results_only(browse, sample_url, sample_site):
    records = [json.loads(path.read_text(encoding="utf-8")) for path in (sample_site.root / "search" / "r").glob("[0-9]*.json")]
    assert records and all(len(record) == 5 for file in records for record in file)  # no abstracts in the index
    tab = browse(sample_url)
    fetched = site_requests(tab, q="language models")
    links = [urlsplit(href).path for href in tab.page.locator(".pa-result__title a").evaluate_all("els => els.map(a => a.href)")]
    assert len(links) == 10 and tab.page.locator("#pa-search-more").is_visible()  # more results than shown
    assert sorted(path for path in fetched if "/papers/" in path) == sorted(links)  # each shown result's page, once
    snippets = tab.page.locator(".pa-result__snippet").all_inner_texts()
    for link, snippet in zip(links, snippets):
        abstract = abstract_of((sample_site.root / link.lstrip("/") / "index.html").read_text(encoding="utf-8"))
        assert snippet.strip("… ") and " ".join(snippet.strip("… ").split()) in abstract, link
    assert tab.page.locator(".pa-result__snippet mark").count() >= 10
    with tab.page.expect_request(lambda request: "/papers/" in request.url):
        tab.page.click("#pa-search-more")
    tab.page.wait_for_function("document.querySelectorAll('.pa-result__snippet mark').length >= 20"
                               " && document.getElementById('pa-search-results').dataset.done === 'true'")
    shown = [urlsplit(href).path for href in tab.page.locator(".pa-result__title a").evaluate_all("els => els.map(a => a.href)")]
    assert len(shown) == 20 and sorted(path for path in fetched if "/papers/" in path) == sorted(shown)  # the next ten only
    tab.assert_clean()


def test_a_snippet_is_the_text_its_paper_page_serves(browse, sample_url, sample_site):
    tab = browse(sample_url)
    page = (sample_site.root / "papers" / "pointer-networks" / "index.html").read_text(encoding="utf-8")
    start = page.index('<h2 id="abstract">')
    end = page.index("<h2", start + 1)
    served = page[:start] + ('<h2 id="abstract">Abstract</h2>\n<p>Served &lt;b&gt;here&lt;/b&gt;&#58; pointer</p>\n'
                             '<p>networks &amp; more.</p>\n') + page[end:]
    tab.page.route("**/papers/pointer-networks/", lambda route: route.fulfill(body=served, content_type="text/html"))
    search(tab, q="pointer networks")
    snippet = tab.page.locator(".pa-result__snippet").first
    assert snippet.inner_text() == "Served <b>here</b>: pointer networks & more."
    assert snippet.locator("mark").all_inner_texts() == ["pointer", "networks"]
    tab.assert_clean()


def test_a_query_fetches_only_the_partitions_of_its_words_and_results(browse, sample_url, sample_site):
    root = sample_site.root / "search"
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    tab = browse(sample_url)
    fetched = search_requests(tab, q="pointer networks")
    kinds = collections.Counter(path.split("/")[0] for path in fetched)
    shown = len(tab.page.locator(".pa-result").all())
    assert set(kinds) <= {"d", "p", "r"} and kinds["d"] == 2 and kinds["p"] <= 2, fetched
    assert kinds["r"] <= 2 * shown  # a directory and a record file per result, at most
    assert sum((root / path).stat().st_size for path in fetched) < sum(
        f.stat().st_size for f in root.rglob("*.json")) / 5  # the sample's index is small: its vocabulary is most of it
    assert all(path.split("/")[1].removesuffix(".json") in [h for _, h in manifest["terms"]]
               for path in fetched if path.startswith("d/"))
    fetched = search_requests(browse(sample_url), topic="audio")
    assert {path.split("/")[0] for path in fetched} == {"f", "r"}  # a topic alone: its list and its records
    fetched = search_requests(browse(sample_url), **{"from": "2026-04-13", "to": "2026-04-13"})
    assert [path for path in fetched if not path.startswith("r/")] == [f"days.{manifest['days']}.json"]
    fetched = search_requests(browse(sample_url), q="papers/pointer-networks/")  # the lookups only when asked for
    assert [path.split("/")[0] for path in fetched if not path.startswith("r/")] == [
        f"lookups.{manifest['lookups']}.json", "u"], fetched


def test_search_works_under_a_subpath(browse, serve, sample_site, tmp_path):
    (tmp_path / "archive").symlink_to(sample_site.root, target_is_directory=True)
    tab = browse(serve(tmp_path))
    tab.goto("archive/search/?q=pointer+networks")
    tab.page.wait_for_function(DONE, arg="pointer networks")
    assert shown(tab)[1][0] == "Pointer Networks"
    assert urlsplit(tab.page.locator(".pa-result__title a").first.get_attribute("href")).path == \
        "/archive/papers/pointer-networks/"
    tab.assert_clean()


def test_without_javascript_the_page_says_so(browse, sample_url):
    tab = browse(sample_url, java_script_enabled=False)
    tab.goto("search/?q=pointer")
    assert "Search needs JavaScript" in tab.text("#pa-search-status")
