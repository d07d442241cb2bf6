"""The tags: an index, one page per tag that earns it, and A-Z pages listing every tag.

Tags come from the papers' keywords, and most are shared by only a few papers: in the real
corpus (4,015 papers, 758 tags of two papers or more) 350 tags have two papers and 506 have two
to four, while the 252 tags of five papers or more carry 91 % of all paper-tag links. A page
per tag made those small ones most of the tag pages and bytes, for lists of two or three links.
So a tag gets its own (paged) listing only from urls.TAG_PAGE_MIN_PAPERS (5) papers; every tag,
small or not, is listed on an A-Z page of its slug's first two characters (tags/a-z/co.md):
the ones with a page as chips, the others as a section with their papers inline, which every
chip of a small tag links to (Site.tag_target). A page per letter grew with the archive (the C
page was 300 KB at 10,000 papers), and so would a page per prefix (Co: 175 KB): a prefix's
tags come in pages of urls.TAGS_PER_A_Z_PAGE, so no A-Z page grows, and a new tag moves only
the tags after it in its own prefix. The index links every prefix, letter by letter, and shows
the TAG_CLOUD_SIZE tags of the most papers: none of these pages lists every tag.
"""
from __future__ import annotations

from . import urls
from .blocks import front, list_item, listing_pages, page, page_nav
from .site import Site
from .text import md_text, plural

INDEX = "tags/index.md"


def chip(site: Site, slug: str, here: str, count: bool = True) -> str:
    """A link to the tag's listing; with count, its paper count shown (the index's chips: that
    inline HTML sends the page through Python-Markdown, so the A-Z pages' chips go without)."""
    label = md_text(site.tag_label(slug))
    papers = len(site.by_tag[slug])
    shown = f"{label} <span class=\"pa-count\">{papers:,}</span>" if count else label
    return f"[{shown}]({urls.rel(here, *site.tag_target(slug))})"  # a chip: it is in a .pa-chips paragraph


def has_page(site: Site, slug: str) -> bool:
    return len(site.by_tag[slug]) >= urls.TAG_PAGE_MIN_PAPERS


TAG_CLOUD_SIZE = 200  # tags the index shows as chips: the ones of the most papers


def prefixes(site: Site) -> dict[str, list[str]]:
    """Each prefix's A-Z pages, prefixes in order (digits first)."""
    found: dict[str, list[str]] = {}
    for path, slugs in site.a_z_pages.items():
        found.setdefault(urls.tag_prefix(slugs[0]), []).append(path)
    return found


def by_letter(found: dict[str, list[str]]) -> dict[str, list[str]]:
    """The prefixes of each letter, in order."""
    letters: dict[str, list[str]] = {}
    for prefix in found:
        letters.setdefault(prefix if prefix == "0-9" else prefix[0], []).append(prefix)
    return letters


def prefix_link(here: str, prefix: str, found: dict[str, list[str]], current: str | None = None) -> str:
    label = prefix.capitalize()
    return f"**{label}**" if prefix == current else f"[{label}]({urls.rel(here, found[prefix][0])})"


def letter_nav(here: str, found: dict[str, list[str]], letters: dict[str, list[str]], current: str) -> str:
    """The letters, each linking to its first A-Z page; then the current letter's prefixes."""
    letter = next(l for l, group in letters.items() if current in group)
    links = [f"**{l.upper()}**" if l == letter else f"[{l.upper()}]({urls.rel(here, found[group[0]][0])})"
             for l, group in letters.items()]
    line = "By letter: " + " · ".join(links) + "\n{ .pa-pages }"
    if len(letters[letter]) == 1:
        return line
    others = " · ".join(prefix_link(here, prefix, found, current) for prefix in letters[letter])
    return f"{line}\n\n{letter.upper()}: {others}\n{{ .pa-pages }}"


def chip_cloud(site: Site, slugs: list[str], here: str, count: bool = True) -> str | None:
    return " ".join(chip(site, slug, here, count) for slug in slugs) + "\n{ .pa-chips .pa-cloud }" if slugs else None


def render_index(site: Site, found: dict[str, list[str]]) -> str:
    own = [slug for slug in site.by_tag if has_page(site, slug)]
    shown = site.tags_by_label(sorted(own, key=lambda slug: (-len(site.by_tag[slug]), slug))[:TAG_CLOUD_SIZE])
    which = "below" if len(shown) == len(own) else f"and the {len(shown):,} of the most papers are below"
    intro = (f"{plural(len(site.by_tag), 'tag')}: methods, tasks and keywords. The number is the paper count. "
             f"{plural(len(own), 'tag')} of {urls.TAG_PAGE_MIN_PAPERS} papers or more have a page, {which}; "
             "every tag, with its papers, is listed A to Z.")
    letters = "\n".join(f"- **{letter.upper()}**: " + " · ".join(prefix_link(INDEX, p, found) for p in group)
                        for letter, group in by_letter(found).items())
    return page(front("Tags", search=False), "# Tags", intro, letters or None, chip_cloud(site, shown, INDEX))


def render_a_z(site: Site, here: str, found: dict[str, list[str]], letters: dict[str, list[str]]) -> str:
    slugs = site.a_z_pages[here]
    prefix = urls.tag_prefix(slugs[0])
    paths = found[prefix]
    number = paths.index(here) + 1
    title = f"Tags: {prefix.capitalize()}" + (f" (page {number} of {len(paths)})" if len(paths) > 1 else "")
    count = f"{plural(len(slugs), 'tag')}" + (f", {md_text(site.tag_label(slugs[0]))} to "
                                              f"{md_text(site.tag_label(slugs[-1]))}" if len(paths) > 1 else "")
    intro = f"{count} · [All tags]({urls.rel(here, INDEX)})\n{{ .pa-meta }}"
    own = [slug for slug in slugs if has_page(site, slug)]
    sections = []
    for slug in slugs:
        if not has_page(site, slug):
            items = "\n".join(list_item(site, paper, here) for paper in site.papers(site.by_tag[slug]))
            sections.append(f"## {md_text(site.tag_label(slug))} {{ #{urls.tag_anchor(slug)} }}\n\n{items}")
    return page(front(title, search=False), f"# {md_text(title)}", intro, letter_nav(here, found, letters, prefix),
                page_nav(here, paths, number), chip_cloud(site, own, here, count=False), *sections)


def render_tag(site: Site, slug: str) -> dict[str, str]:
    keys = site.by_tag[slug]
    prefix, a_z = urls.tag_prefix(slug), site.a_z_page[slug]

    def intro(here: str) -> str:
        return (f"{plural(len(keys), 'paper')} · [All tags]({urls.rel(here, INDEX)}) · "
                f"[Tags: {prefix.capitalize()}]({urls.rel(here, a_z)})\n{{ .pa-meta }}")

    return listing_pages(site, urls.tag_path(slug), f"Tag: {site.tag_label(slug)}", intro, keys)


def render(site: Site) -> dict[str, str]:
    found = prefixes(site)
    letters = by_letter(found)
    pages = {INDEX: render_index(site, found)}
    for path in site.a_z_pages:
        pages[path] = render_a_z(site, path, found, letters)
    for slug in sorted(site.by_tag):
        if has_page(site, slug):
            pages.update(render_tag(site, slug))
    return pages
