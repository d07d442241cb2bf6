"""The tags index (with counts) and one page per tag."""
from __future__ import annotations

from . import urls
from .blocks import front, listing_pages, page
from .site import Site
from .text import md_text, plural

INDEX = "tags/index.md"


def chip(site: Site, slug: str) -> str:
    label = md_text(site.tag_label(slug))
    count = len(site.by_tag[slug])
    return f"[{label} <span class=\"pa-count\">{count:,}</span>]({urls.rel(INDEX, urls.tag_path(slug))}){{ .pa-chip }}"


def render_index(site: Site) -> str:
    slugs = sorted(site.by_tag, key=lambda slug: (site.tag_label(slug).casefold(), slug))
    intro = f"{plural(len(slugs), 'tag')}: methods, tasks and keywords. The number is the paper count."
    cloud = " ".join(chip(site, slug) for slug in slugs) + "\n{ .pa-chips .pa-cloud }" if slugs else None
    return page(front("Tags", search=False), "# Tags", intro, cloud)


def render_tag(site: Site, slug: str) -> dict[str, str]:
    keys = site.by_tag[slug]

    def intro(here: str) -> str:
        return f"{plural(len(keys), 'paper')} · [All tags]({urls.rel(here, INDEX)})\n{{ .pa-meta }}"

    return listing_pages(site, urls.tag_path(slug), f"Tag: {site.tag_label(slug)}", intro, keys)


def render(site: Site) -> dict[str, str]:
    pages = {INDEX: render_index(site)}
    for slug in sorted(site.by_tag):
        pages.update(render_tag(site, slug))
    return pages
