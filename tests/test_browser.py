"""The built site in a real browser: headless Debian Chromium driven by Playwright.

The sample and hostile sites are the session's `mkdocs build --strict` outputs
(fixtures in conftest.py and browser_fixtures.py), each served over HTTP from a thread. One browser is
started per session; every test gets a fresh context (no shared storage), and
any request that leaves the local server is aborted and reported.

CI installs Chromium with `scripts/run.sh test` (apt package `chromium`);
when it is missing these tests fail, they never download a browser.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urljoin, urlsplit

import pytest

PHONE = {"width": 390, "height": 844}
# What the hostile digests (tests/fixtures/hostile/: YAML, page copy, API JSON) must show as text.
HOSTILE_TEXTS = {
    "<script>window.__pwned = 1; alert('title')</script> Attention | Is *All* _You_ $Need$",
    "<img src=x onerror=\"window.__pwned = 2\"> An abstract with [a link](javascript:window.__pwned=3)",
    "<a href=\"javascript:window.__pwned=4\">click</a> <iframe src=\"data:text/html,x\"></iframe>",
    "<b onmouseover=\"window.__pwned=6\">Eve</b>, Mallory | *Bold*, [Trent](javascript:x)",
    "</title><script>window.__pwned = 10</script>",
    "<svg onload=\"window.__pwned = 11; alert('svg')\"></svg> Handlers that fire by themselves",
    "<details open ontoggle=\"window.__pwned = 12; alert('details')\"><summary>s</summary></details>",
    "<style>body { display: none }</style> Markup that would run without a click.",
    "<script data-pwned>window.__pwned = 20; alert('page copy')</script> Page Copy Attack",
    "[here](javascript:window.__pwned=22), to data:text/html,<script>alert(1)</script>",
    "with a | table | row | and LaTeX $\\frac{a}{b}$ \\cite{x}.",
    "שלום עולם: مرحبا \u202eRight-to-Left Override\u202c 🎉🧪👩‍🔬",
    "Bell and [31mANSI [0m Escapes in a Title",
    "<svg data-pwned onload=\"window.__pwned = 30\"></svg> API Attack",
    "<b data-pwned onclick=\"window.__pwned=32\">Mallet</b>, \u202eevE",
    "Project page: http://example.com/project (http, not linked)",
    "<details data-pwned open ontoggle=\"window.__pwned=34\">Repr</details> Item",
    "An item stored as a Python repr string, with <script data-pwned>window.__pwned=35</script>.",
    "$$\\int_0^1 f(x)\\,dx$$ and \\(\\alpha\\) in a Title",
    "🚀🚀", "🌍", "Über Models", "Uber Models",
}
# Page kinds that must show digest text; each is opened in the browser.
HOSTILE_PAGE_KINDS = {"home", "days", "papers", "topics", "tags"}
# Everything in the DOM that would mean digest text became markup (run after each page load).
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      const value = (el.getAttribute(attr) || '').trim().toLowerCase();
      if (attr.startsWith('on')) found.push(`${el.tagName} ${attr}`);
      if (['href', 'src', 'action', 'formaction', 'srcdoc'].includes(attr)
          && (value.startsWith('javascript:') || value.startsWith('data:') || value.startsWith('vbscript:')))
        found.push(`${el.tagName} ${attr}=${value}`);
    }
  }
  for (const el of document.querySelectorAll(
      'article img, article iframe, article object, article embed, article svg:not(.pa-svg),'
      + ' article details:not(.pa-data),'  // the site's own charts and their number tables
      + ' article input, article style, article b, article script, body style, meta[http-equiv], [data-pwned]'))
    found.push(`element ${el.tagName} in ${el.parentElement && el.parentElement.tagName}`);
  for (const script of document.scripts)
    if (script.textContent.includes('pwned')) found.push('script: ' + script.textContent.slice(0, 80));
  if (window.__pwned !== undefined) found.push('window.__pwned = ' + window.__pwned);
  if (getComputedStyle(document.body).display === 'none') found.push('body hidden');
  return found;
}"""


@pytest.fixture(scope="session")
def sample_api(sample_site) -> list[dict]:
    return json.loads((sample_site.root / "api" / "papers.json").read_text(encoding="utf-8"))


def long_date(day: dt.date) -> str:
    return f"{day:%A, %B} {day.day}, {day.year}"


# ---------------------------------------------------------------- sample site


@pytest.mark.browser
def test_home_page_shows_title_totals_and_latest_day(browse, sample_url, sample_api):
    tab = browse(sample_url)
    tab.goto("")
    page = tab.page
    assert page.title().startswith("Paper Archive")
    assert tab.text("article h1") == "Paper Archive"
    days = sorted({dt.date.fromisoformat(day) for paper in sample_api for day in paper["days"]})
    totals = tab.text(".pa-totals")
    assert totals.startswith(f"{len(sample_api)} papers · {len(days)} days · "), totals
    assert re.fullmatch(r"\d+ papers · \d+ days · \d+ topics · \d+ tags", totals), totals
    latest = page.locator("h2#latest")
    assert latest.is_visible()
    assert tab.text("h2#latest") == f"Latest: {long_date(days[-1])}"
    newest = [paper for paper in sample_api if days[-1].isoformat() in paper["days"]]
    first_card = page.locator("article h3 a:not(.headerlink)").first
    assert first_card.is_visible() and first_card.inner_text() in {paper["title"] for paper in newest}
    assert page.locator("article h3").count() == len(newest)
    for label in ("Archive", "Topics", "Tags", "Search", "About"):
        assert page.locator("article a.md-button", has_text=label).is_visible()
    tab.assert_clean()


@pytest.mark.browser
@pytest.mark.browser
def test_home_page_title_is_the_site_name_once(browse, sample_url):
    tab = browse(sample_url)
    tab.goto("")
    assert tab.page.title() == "Paper Archive"


@pytest.mark.browser
def test_day_to_paper_to_topic_by_clicking(browse, sample_url, sample_api):
    by_url = {paper["url"].strip("/"): paper for paper in sample_api}
    day = max(day for paper in sample_api for day in paper["days"])
    tab = browse(sample_url)
    page = tab.page
    tab.goto(f"days/{day}/")
    assert tab.text("article h1") == long_date(dt.date.fromisoformat(day))

    # The day's first paper: its title links to its permalink (every paper has a topic).
    title_link = page.locator("article h3 a:not(.headerlink)").first
    title = title_link.inner_text()
    title_link.click()
    page.wait_for_url(re.compile(r"/papers/[^/]+/$"))
    paper = by_url[tab.path.strip("/")]
    assert paper["title"] == title and day in paper["days"]
    assert tab.text("article h1") == title
    assert page.locator("h2#abstract").is_visible()

    chip = page.locator("article .pa-chips a.pa-topic").first
    topic_name = chip.inner_text()
    chip.click()
    page.wait_for_url(re.compile(r"/topics/[^/]+/$"))
    topic = tab.path.strip("/").split("/")[-1]
    assert topic in paper["topics"]
    assert tab.text("article h1") == topic_name
    listed = page.locator("article li a", has_text=title)
    assert listed.count() >= 1 and listed.first.is_visible()
    hrefs = {urlsplit(urljoin(page.url, href)).path for href in
             listed.evaluate_all("links => links.map(a => a.getAttribute('href'))")}
    assert f"/{paper['url'].strip('/')}/" in hrefs
    tab.assert_clean()


@pytest.mark.browser
def test_dark_mode_toggle_switches_palette_and_is_remembered(browse, sample_url):
    tab = browse(sample_url)
    page = tab.page
    tab.goto("")
    scheme = lambda: page.locator("body").get_attribute("data-md-color-scheme")  # noqa: E731
    assert scheme() == "default"
    page.locator('label[title="Switch to dark mode"]').click()
    assert scheme() == "slate"
    assert page.locator('label[title="Switch to light mode"]').is_visible()
    tab.goto("archive/")  # the choice is kept across pages
    assert scheme() == "slate"
    page.locator('label[title="Switch to light mode"]').click()
    assert scheme() == "default"
    tab.goto("")
    assert scheme() == "default"
    tab.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["home", "latest day", "longest-titled paper", "archive", "topics", "trends"])
def test_phone_viewport_has_no_horizontal_scroll(browse, sample_url, sample_api, kind):
    latest = max(day for paper in sample_api for day in paper["days"])
    longest = max(sample_api, key=lambda paper: (len(paper["title"]), paper["url"]))
    path = {"home": "", "latest day": f"days/{latest}/", "longest-titled paper": longest["url"].strip("/") + "/",
            "archive": "archive/", "topics": "topics/", "trends": "trends/"}[kind]
    tab = browse(sample_url, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    tab.goto(path)
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{path or 'home'}: {width}px wide on a {PHONE['width']}px phone"
    assert tab.page.locator("article h1").is_visible()
    tab.assert_clean()


@pytest.mark.browser
def test_trends_page_shows_charts_with_their_numbers_in_both_palettes(browse, sample_url):
    tab = browse(sample_url)
    page = tab.page
    tab.goto("trends/")
    weeks = page.get_by_role("img", name="Papers per week")
    assert weeks.is_visible() and weeks.bounding_box()["width"] > 300
    chart = page.locator("#per-week-chart")
    tooltips = chart.locator("rect.pa-bar title").all_text_contents()
    chart.locator("summary", has_text="The numbers").click()
    rows = chart.locator("tbody tr")
    assert rows.first.is_visible()
    table = [f"Week of {row.locator('td').nth(0).inner_text()}: {row.locator('td').nth(1).inner_text()}"
             for row in rows.all()]
    assert [re.sub(r" papers?$", "", tip) for tip in tooltips] == table
    assert page.locator("article svg.pa-svg").count() > 10  # one per topic with papers, too

    def colours() -> tuple[str, str]:
        return page.evaluate("""() => [getComputedStyle(document.querySelector('rect.pa-bar')).fill,
                                        getComputedStyle(document.body).backgroundColor]""")
    light = colours()
    page.locator('label[title="Switch to dark mode"]').click()
    dark = colours()
    assert light[0] != light[1] and dark[0] != dark[1] and light != dark
    tab.assert_clean()


@pytest.mark.browser
def test_day_page_jump_links_and_paper_citation_copy_buttons(browse, sample_url, sample_api):
    day = max(day for paper in sample_api for day in paper["days"])
    tab = browse(sample_url)
    page = tab.page
    tab.goto(f"days/{day}/")
    jump = page.locator("article .pa-jump a").last
    target = jump.get_attribute("href")
    jump.click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    heading = page.locator(f"article h2{target}")
    assert heading.is_visible() and heading.inner_text().replace("¶", "").strip() in jump.inner_text()
    tab.goto("papers/pointer-networks/")
    assert page.locator("h2#cite").is_visible()
    assert page.locator("article pre button[title=\"Copy to clipboard\"]").count() == 2
    assert "Pointer Networks" in page.locator("article pre code").first.inner_text()
    tab.assert_clean()


# ---------------------------------------------------------------- hostile digest


def page_kind(path: str) -> str:
    return "home" if path == "." else path.split("/")[0]


@pytest.mark.browser
def test_hostile_digest_pages_run_no_script_and_show_the_text(browse, hostile_site, hostile_url):
    """Every page showing digest text: every day, paper and tag page, the home page, and each
    topic page listing a hostile title."""
    pages = sorted(p.relative_to(hostile_site.root).parent.as_posix() for p in hostile_site.root.rglob("index.html")
                   if p.parent.parent.name in ("days", "papers", "tags") or "pwned" in p.read_text(encoding="utf-8"))
    assert HOSTILE_PAGE_KINDS <= {page_kind(path) for path in pages}
    tab = browse(hostile_url)
    shown = ""
    for path in pages:
        tab.goto("" if path == "." else path + "/")
        tab.page.wait_for_selector("html[data-pa-math=done]", state="attached")
        found = tab.page.evaluate(INJECTED)
        assert found == [], (path, found)
        # Typeset formulas read as their source (tests/test_reader_browser.py checks the math itself).
        tab.page.evaluate("() => document.querySelectorAll('.pa-math').forEach(m => m.replaceWith(m.dataset.source))")
        shown += "\n" + " ".join(tab.page.locator("article").inner_text().split())
    # By now every onerror/onload/ontoggle/onfocus would have fired.
    tab.page.wait_for_timeout(100)
    assert tab.page.evaluate(INJECTED) == []
    missing = [text for text in HOSTILE_TEXTS if text not in shown]
    assert missing == [], "not shown literally"
    tab.assert_clean()
