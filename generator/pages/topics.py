"""The topics index (with counts) and one page per topic."""
from __future__ import annotations

from . import urls
from .blocks import front, listing_pages, page
from .site import Site
from .text import md_text, plural

INDEX = "topics/index.md"


def index_row(site: Site, slug: str) -> str:
    name = md_text(site.topic_name(slug))
    link = urls.rel(INDEX, urls.topic_path(slug))
    return f"| [{name}]({link}) | {len(site.by_topic.get(slug, ())):,} | {md_text(site.topic_scope(slug))} |"


def render_index(site: Site) -> str:
    rows = [index_row(site, slug) for slug in site.topic_slugs]
    table = "\n".join(["| Topic | Papers | Covers |", "|---|--:|---|", *rows])
    intro = "Every paper belongs to one to three topics."
    return page(front("Topics", search=False), "# Topics", intro, table)


def render_topic(site: Site, slug: str) -> dict[str, str]:
    keys = site.by_topic.get(slug, ())
    scope = md_text(site.topic_scope(slug))

    def intro(here: str) -> str:
        parts = (scope, plural(len(keys), "paper"), f"[All topics]({urls.rel(here, INDEX)})")
        return " · ".join(p for p in parts if p) + "\n{ .pa-meta }"

    return listing_pages(site, urls.topic_path(slug), site.topic_name(slug), intro, keys)


def render(site: Site) -> dict[str, str]:
    pages = {INDEX: render_index(site)}
    for slug in site.topic_slugs:
        pages.update(render_topic(site, slug))
    return pages
