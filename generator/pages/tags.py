"""The tags: an index, one page per tag that earns it, and A-Z pages listing every tag.

Tags come from the papers' keywords, and most are shared by only a few papers: in the real
corpus (4,015 papers, 758 tags of two papers or more) 350 tags have two papers and 506 have two
to four, while the 252 tags of five papers or more carry 91 % of all paper-tag links. A page
per tag made those small ones most of the tag pages and bytes, for lists of two or three links.
So a tag gets its own (paged) listing only from urls.TAG_PAGE_MIN_PAPERS (5) papers; every tag,
small or not, is listed on the A-Z page of its slug's first two characters (tags/a-z/co.md):
the ones with a page as chips, the others as a section with their papers inline, which every
chip of a small tag links to (urls.tag_target). A page per letter grew with the archive (the C
page was 300 KB at 10,000 papers); a page per two-character prefix is about a twentieth of
that, and depends on the slug alone, so a tag's A-Z page never moves when other tags come (a
daily build rewrites no page for it). The index links every A-Z page, letter by letter, and
shows the TAG_CLOUD_SIZE tags of the most papers: none of these pages lists every tag.
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


TAG_CLOUD_SIZE = 200  # tags the index shows as chips: the ones of the most papers


def prefixes(site: Site) -> dict[str, list[str]]:
    """Every tag by its A-Z page, pages in order (digits first, as the labels sort), tags by label."""
    grouped: dict[str, list[str]] = {}
    for slug in site.by_tag:
        grouped.setdefault(urls.tag_prefix(slug), []).append(slug)
    return {prefix: by_label(site, grouped[prefix]) for prefix in sorted(grouped, key=_prefix_order)}


def _prefix_order(prefix: str) -> tuple[bool, str]:
    return (prefix != "0-9", prefix)


def by_letter(found: dict[str, list[str]]) -> dict[str, list[str]]:
    """The A-Z pages (prefixes) of each letter, in order."""
    letters: dict[str, list[str]] = {}
    for prefix in found:
        letters.setdefault(prefix if prefix == "0-9" else prefix[0], []).append(prefix)
    return letters


def prefix_link(here: str, prefix: str, current: str | None = None) -> str:
    label = prefix.capitalize()
    return f"**{label}**" if prefix == current else f"[{label}]({urls.rel(here, urls.tag_prefix_path(prefix))})"


def letter_nav(here: str, letters: dict[str, list[str]], current: str | None = None) -> str:
    """The letters, each linking to its first A-Z page; then the current letter's pages."""
    letter = next((l for l, group in letters.items() if current in group), None)
    links = [f"**{l.upper()}**" if l == letter else f"[{l.upper()}]({urls.rel(here, urls.tag_prefix_path(group[0]))})"
             for l, group in letters.items()]
    line = "By letter: " + " · ".join(links) + "\n{ .pa-pages }"
    if letter is None or len(letters[letter]) == 1:
        return line
    pages = " · ".join(prefix_link(here, prefix, current) for prefix in letters[letter])
    return f"{line}\n\n{letter.upper()}: {pages}\n{{ .pa-pages }}"


def chip_cloud(site: Site, slugs: list[str], here: str, count: bool = True) -> str | None:
    return " ".join(chip(site, slug, here, count) for slug in slugs) + "\n{ .pa-chips .pa-cloud }" if slugs else None


def render_index(site: Site, found: dict[str, list[str]]) -> str:
    own = [slug for slug in site.by_tag if has_page(site, slug)]
    shown = by_label(site, sorted(own, key=lambda slug: (-len(site.by_tag[slug]), slug))[:TAG_CLOUD_SIZE])
    which = "below" if len(shown) == len(own) else f"and the {len(shown):,} of the most papers are below"
    intro = (f"{plural(len(site.by_tag), 'tag')}: methods, tasks and keywords. The number is the paper count. "
             f"{plural(len(own), 'tag')} of {urls.TAG_PAGE_MIN_PAPERS} papers or more have a page, {which}; "
             "every tag, with its papers, is listed A to Z.")
    letters = "\n".join(f"- **{letter.upper()}**: " + " · ".join(prefix_link(INDEX, prefix) for prefix in group)
                        for letter, group in by_letter(found).items())
    return page(front("Tags", search=False), "# Tags", intro, letters or None, chip_cloud(site, shown, INDEX))


def render_prefix(site: Site, prefix: str, slugs: list[str], letters: dict[str, list[str]]) -> str:
    here = urls.tag_prefix_path(prefix)
    own = [slug for slug in slugs if has_page(site, slug)]
    small = [slug for slug in slugs if not has_page(site, slug)]
    intro = f"{plural(len(slugs), 'tag')} · [All tags]({urls.rel(here, INDEX)})\n{{ .pa-meta }}"
    sections = []
    for slug in small:
        keys = site.by_tag[slug]
        items = "\n".join(list_item(site, paper, here) for paper in site.papers(keys))
        sections.append(f"## {md_text(site.tag_label(slug))} {{ #{urls.tag_anchor(slug)} }}\n\n{items}")
    title = f"Tags: {prefix.capitalize()}"
    return page(front(title, search=False), f"# {title}", intro,
                letter_nav(here, letters, prefix), chip_cloud(site, own, here, count=False), *sections)


def render_tag(site: Site, slug: str) -> dict[str, str]:
    keys = site.by_tag[slug]
    prefix = urls.tag_prefix(slug)

    def intro(here: str) -> str:
        return (f"{plural(len(keys), 'paper')} · [All tags]({urls.rel(here, INDEX)}) · "
                f"[Tags: {prefix.capitalize()}]({urls.rel(here, urls.tag_prefix_path(prefix))})\n{{ .pa-meta }}")

    return listing_pages(site, urls.tag_path(slug), f"Tag: {site.tag_label(slug)}", intro, keys)


def render(site: Site) -> dict[str, str]:
    found = prefixes(site)
    letters = by_letter(found)
    pages = {INDEX: render_index(site, found)}
    for prefix, slugs in found.items():
        pages[urls.tag_prefix_path(prefix)] = render_prefix(site, prefix, slugs, letters)
    for slug in sorted(site.by_tag):
        if has_page(site, slug):
            pages.update(render_tag(site, slug))
    return pages
