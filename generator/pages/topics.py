"""The topics index (with counts) and one page per topic."""
from __future__ import annotations

from . import urls
from .blocks import front, listing_pages, page
from .feeds import topic_feed
from .site import Site
from .text import html_text, md_text, plural
from .trends import PATH as TRENDS, Months, papers_per_month, topic_chart

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


def feed_meta(site: Site, slug: str) -> dict[str, object]:
    """Front matter naming the topic's Atom feed, for the page's head (overrides/main.html)."""
    if not site.url:  # no feeds without a site URL
        return {}
    return {"feed": topic_feed(slug), "feed_title": html_text(f"{site.title}: {site.topic_name(slug)}")}


def render_topic(site: Site, slug: str, months: Months) -> dict[str, str]:
    keys = site.by_topic.get(slug, ())
    scope = md_text(site.topic_scope(slug))

    def intro(here: str) -> str:
        parts = (scope, plural(len(keys), "paper"), f"[All topics]({urls.rel(here, INDEX)})",
                 f"[Trends]({urls.rel(here, TRENDS)})")
        return " · ".join(p for p in parts if p) + "\n{ .pa-meta }"

    chart = topic_chart(site, slug, months) if keys and months.months else None
    return listing_pages(site, urls.topic_path(slug), site.topic_name(slug), intro, keys,
                         feed_meta(site, slug), chart)


def render(site: Site) -> dict[str, str]:
    months = papers_per_month(site)
    pages = {INDEX: render_index(site)}
    for slug in site.topic_slugs:
        pages.update(render_topic(site, slug, months))
    return pages
