"""The tags: an index, one page per tag that earns it, and one page per letter listing every tag.

Tags come from the papers' keywords, and most are shared by only a few papers: in the real
corpus (4,015 papers, 758 tags of two papers or more) 350 tags have two papers and 506 have two
to four, while the 252 tags of five papers or more carry 91 % of all paper-tag links. A page
per tag made those small ones most of the tag pages and bytes, for lists of two or three links.
So a tag gets its own (paged) listing only from urls.TAG_PAGE_MIN_PAPERS (5) papers; every tag,
small or not, is listed on its letter's page (tags/a-z/<letter>.md): the ones with a page as
chips, the others as a section with their papers inline, which every chip of a small tag links
to (urls.tag_target). The index shows the tags with a page and links every letter.
"""
from __future__ import annotations

from . import urls
from .blocks import front, list_item, listing_pages, page
from .site import Site
from .text import md_text, plural

INDEX = "tags/index.md"


def chip(site: Site, slug: str, here: str, count: bool = True) -> str:
    """A link to the tag's listing; with count, its paper count shown (the index's chips: that
    inline HTML sends the page through Python-Markdown, so the letter pages' chips go without)."""
    label = md_text(site.tag_label(slug))
    papers = len(site.by_tag[slug])
    target = urls.rel(here, *urls.tag_target(slug, papers))
    shown = f"{label} <span class=\"pa-count\">{papers:,}</span>" if count else label
    return f"[{shown}]({target})"  # a chip: it is in a .pa-chips paragraph


def has_page(site: Site, slug: str) -> bool:
    return len(site.by_tag[slug]) >= urls.TAG_PAGE_MIN_PAPERS


def by_label(site: Site, slugs) -> list[str]:
    return sorted(slugs, key=lambda slug: (site.tag_label(slug).casefold(), slug))


def letters(site: Site) -> dict[str, list[str]]:
    """Every tag by its letter page, letters in order, tags by label."""
    grouped: dict[str, list[str]] = {}
    for slug in site.by_tag:
        grouped.setdefault(urls.tag_letter(slug), []).append(slug)
    return {letter: by_label(site, grouped[letter]) for letter in sorted(grouped, key=_letter_order)}


def _letter_order(letter: str) -> tuple[bool, str]:
    return (letter != "0-9", letter)  # digits first, as the labels sort


def letter_nav(here: str, found: dict[str, list[str]], current: str | None = None) -> str:
    links = [f"**{letter.upper()}**" if letter == current else f"[{letter.upper()}]({urls.rel(here, urls.tag_letter_path(letter))})"
             for letter in found]
    return "By letter: " + " · ".join(links) + "\n{ .pa-pages }"


def chip_cloud(site: Site, slugs: list[str], here: str, count: bool = True) -> str | None:
    return " ".join(chip(site, slug, here, count) for slug in slugs) + "\n{ .pa-chips .pa-cloud }" if slugs else None


def render_index(site: Site, found: dict[str, list[str]]) -> str:
    own = [slug for slug in by_label(site, site.by_tag) if has_page(site, slug)]
    intro = (f"{plural(len(site.by_tag), 'tag')}: methods, tasks and keywords. The number is the paper count. "
             f"The {plural(len(own), 'tag')} of {urls.TAG_PAGE_MIN_PAPERS} papers or more are below; "
             "every tag, with its papers, is listed by letter.")
    return page(front("Tags", search=False), "# Tags", intro, letter_nav(INDEX, found) if found else None,
                chip_cloud(site, own, INDEX))


def render_letter(site: Site, letter: str, slugs: list[str], found: dict[str, list[str]]) -> str:
    here = urls.tag_letter_path(letter)
    own = [slug for slug in slugs if has_page(site, slug)]
    small = [slug for slug in slugs if not has_page(site, slug)]
    intro = f"{plural(len(slugs), 'tag')} · [All tags]({urls.rel(here, INDEX)})\n{{ .pa-meta }}"
    sections = []
    for slug in small:
        keys = site.by_tag[slug]
        items = "\n".join(list_item(site, paper, here) for paper in site.papers(keys))
        sections.append(f"## {md_text(site.tag_label(slug))} {{ #{urls.tag_anchor(slug)} }}\n\n{items}")
    return page(front(f"Tags: {letter.upper()}", search=False), f"# Tags: {letter.upper()}", intro,
                letter_nav(here, found, letter), chip_cloud(site, own, here, count=False), *sections)


def render_tag(site: Site, slug: str) -> dict[str, str]:
    keys = site.by_tag[slug]
    letter_page = urls.tag_letter_path(urls.tag_letter(slug))

    def intro(here: str) -> str:
        return (f"{plural(len(keys), 'paper')} · [All tags]({urls.rel(here, INDEX)}) · "
                f"[Tags: {urls.tag_letter(slug).upper()}]({urls.rel(here, letter_page)})\n{{ .pa-meta }}")

    return listing_pages(site, urls.tag_path(slug), f"Tag: {site.tag_label(slug)}", intro, keys)


def render(site: Site) -> dict[str, str]:
    found = letters(site)
    pages = {INDEX: render_index(site, found)}
    for letter, slugs in found.items():
        pages[urls.tag_letter_path(letter)] = render_letter(site, letter, slugs, found)
    for slug in sorted(site.by_tag):
        if has_page(site, slug):
            pages.update(render_tag(site, slug))
    return pages
