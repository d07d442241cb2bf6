"""The lean shell of generated pages (overrides/generated.html, assets/lean/shell.js and shell.css):
what readers use on every day, paper, tag and topic page, in the built sample site and in
headless Chromium: the header, the tabs, the search box, the palette toggle and dark mode,
keyboard access and the phone layout."""
from __future__ import annotations

import re
import pytest

PHONE = {"width": 375, "height": 740}
TABS = ["Home", "Archive", "Topics", "Tags", "Trends", "Search", "About"]
LIVE_TABS = TABS[:6] + ["Reading list"] + TABS[6:]  # reader.js adds the reading list after Search
# One generated page of each kind in the sample site.
GENERATED = ("papers/pointer-networks/", "days/2026-01-08/", "topics/audio/", "tags/llm/", "tags/a-z/in/")


def test_the_shell_loads_the_installed_materials_assets(sample_site):
    """shell.css and shell.js take Material's asset names (content hashes, new with every
    release) from its base.html at build time: every file they name exists."""
    lean = sample_site.root / "assets" / "lean"
    css = re.findall(r'@import url\("([^"]+)"\)', (lean / "shell.css").read_text(encoding="utf-8"))
    script = (lean / "shell.js").read_text(encoding="utf-8")
    bundle = re.findall(r'new URL\("([^"]+/bundle\.[^"]+\.js)", here\)', script)
    worker = re.findall(r'\\"search\\": \\"([^"\\]+)\\"', script)
    assert len(css) == 3 and len(bundle) == 1 and len(worker) == 1, (css, bundle, worker)
    for path in (*css, *bundle, *worker):
        assert (lean / path).resolve().is_file(), path


@pytest.mark.parametrize("path", GENERATED)
def test_generated_pages_are_the_lean_shell_around_their_article(sample_site, path):
    html = (sample_site.root / path / "index.html").read_text(encoding="utf-8")
    assert 'href="../../assets/lean/shell.css"' in html.replace('href="../../../', 'href="../../')
    assert "<article" in html and "md-sidebar" not in html and "<svg" not in html.split("<article")[0]
    tabs = re.findall(r'<nav class="md-tabs pa-tabs".*?</nav>', html, re.S)[0]
    assert re.findall(r">([^<]+)</a>", tabs) == TABS
    for asset in re.findall(r'(?:href|src)="([^"#]+\.(?:css|js|png))"', html):  # every linked asset exists
        assert (sample_site.root / path / asset).resolve().is_file(), asset


@pytest.mark.browser
@pytest.mark.parametrize("path", GENERATED)
def test_header_tabs_search_box_and_permalinks_on_every_kind(browse, sample_url, path):
    tab = browse(sample_url)
    page = tab.page
    tab.goto(path)
    assert page.locator(".md-header__title").inner_text().strip() == "Paper Archive"
    assert [link.inner_text().strip() for link in page.locator(".pa-tabs a").all()] == LIVE_TABS
    assert page.locator(".md-header .md-search__input").is_visible()
    assert page.locator("article h2[id] a.headerlink").count() == page.locator("article h2[id]").count() > 0
    assert page.locator("#__config").count() == 1 and page.locator("[data-md-component=palette]").count() == 1
    tab.assert_clean()


@pytest.mark.browser
def test_tabs_lead_to_the_top_level_pages_and_the_search_box_to_search(browse, sample_url):
    tab = browse(sample_url)
    page = tab.page
    tab.goto("papers/pointer-networks/")
    page.locator(".pa-tabs a", has_text="Archive").click()
    page.wait_for_url("**/archive/")
    tab.goto("days/2026-01-08/")
    page.locator(".md-header .md-search__input").fill("pointer networks")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=pointer\+networks$"))
    tab.assert_clean()


def _scheme(page) -> str:
    return page.evaluate("getComputedStyle(document.body).getPropertyValue('--md-default-bg-color').trim()")


@pytest.mark.browser
def test_palette_toggle_switches_to_dark_mode_and_every_page_keeps_it(browse, sample_url):
    tab = browse(sample_url)
    page = tab.page
    tab.goto("papers/pointer-networks/")
    light = _scheme(page)
    page.locator("label[for=__palette_1]").click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    dark = _scheme(page)
    assert dark != light
    for path in ("tags/a-z/in/", "about/", "days/2026-01-08/"):  # generated, hand-written, generated
        tab.goto(path)
        assert _scheme(page) == dark, path
    page.locator("label[for=__palette_0]").click()
    assert _scheme(page) == light
    tab.assert_clean()


@pytest.mark.browser
def test_a_dark_system_theme_is_followed_on_the_first_visit(browse, sample_url):
    tab = browse(sample_url, color_scheme="dark")
    tab.goto("papers/pointer-networks/")
    tab.page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    tab.assert_clean()


@pytest.mark.browser
def test_keyboard_reaches_skip_link_search_palette_and_tabs(browse, sample_url):
    tab = browse(sample_url)
    page = tab.page
    tab.goto("papers/pointer-networks/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("class").startswith("md-skip") and skip.is_visible()
    focused = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("[document.activeElement.className, document.activeElement.textContent.trim()]"))
    classes = [classes for classes, _ in focused]
    assert any("md-option" in item for item in classes), focused  # the palette toggle (Material's radio inputs)
    assert any("md-search__input" in item for item in classes), focused
    assert ["", "Archive"] in [[item.replace("focus-visible", "").strip(), text] for item, text in focused], focused
    # The palette toggle by keyboard, as on Material's own pages: arrow keys choose the other palette.
    page.locator("input.md-option").first.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    tab.goto("papers/pointer-networks/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#pa-content"
    tab.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("path", ("papers/pointer-networks/", "tags/a-z/in/"))
def test_phone_width_reaches_every_top_level_page_and_the_search(browse, sample_url, path):
    tab = browse(sample_url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = tab.page
    tab.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for name in TABS:  # the tab strip scrolls sideways: every tab can be brought into view and tapped
        link = page.locator(".pa-tabs a", has_text=name)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, name
    page.locator(".pa-tabs a", has_text="About").tap()
    page.wait_for_url("**/about/")
    tab.goto(path)
    page.locator(".md-header label.md-header__button[for=__search]").tap()
    query = page.locator(".md-search__input")
    query.wait_for(state="visible")
    query.fill("attention")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=attention$"))
    tab.assert_clean()


@pytest.mark.browser
def test_without_javascript_the_page_is_still_readable_and_navigable(browse, sample_url):
    tab = browse(sample_url, java_script_enabled=False)
    page = tab.page
    tab.goto("papers/pointer-networks/")
    assert page.locator(".md-header__title").is_visible() and page.locator(".pa-tabs a").count() == len(TABS)
    assert page.locator("article h1").is_visible() and page.locator("article h2#abstract").count() == 1
    tab.assert_clean()
