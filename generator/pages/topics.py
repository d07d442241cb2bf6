"""The topics index (with counts) and one page per topic."""
from __future__ import annotations

from . import urls
from .blocks import front, listing_page, page
from .feeds import topic_feed
from .site import Site
from .text import html_text, md_text, plural
from .trends import Months, papers_per_month, topic_chart

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


def render_topic(site: Site, slug: str, months: Months) -> str:
    here = urls.topic_path(slug)
    keys = site.by_topic.get(slug, ())
    scope = md_text(site.topic_scope(slug))
    intro = " · ".join(p for p in (scope, plural(len(keys), "paper"),
                                   f"[All topics]({urls.rel(here, INDEX)})",
                                   f"[Trends]({urls.rel(here, 'trends.md')})") if p)
    chart = topic_chart(site, slug, months) if keys and months.months else None
    return listing_page(site, here, site.topic_name(slug), intro + "\n{ .pa-meta }", keys,
                        feed_meta(site, slug), chart)


def render(site: Site) -> dict[str, str]:
    months = papers_per_month(site)
    pages = {INDEX: render_index(site)}
    pages.update({urls.topic_path(slug): render_topic(site, slug, months) for slug in site.topic_slugs})
    return pages
