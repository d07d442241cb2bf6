"""Atom feeds (RFC 4287): the latest days' papers, and each topic's newest papers.

Feeds stay small (an entry carries a whole abstract): the archive feed has
the latest whole days up to LATEST_PAPERS papers, a topic's its TOPIC_ENTRIES
newest papers; the XML is not indented (7 % of a feed that no reader shows).

Feed readers need absolute links, so the feeds use the site's URL (from
MkDocs' site_url, or `--site-url`): a fork's feeds point at the fork. When
the URL is unknown there are no feeds (and no page advertises any), rather
than feeds whose links lead nowhere.

One entry per paper: its id and link are the paper page's URL, `published`
its first day and `updated` the newest day it was listed on (at 00:00 UTC),
`category` its topics, `content` the day, the topics and the abstract. The
feed's `updated` is its newest entry's: the same archive gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET

from ..model import Paper
from . import urls
from .site import Site
from .text import plain, short_date

ATOM = "http://www.w3.org/2005/Atom"
# At the site root: Material fetches `sitemap.xml` next to every <link rel="alternate">
# a page has, so a feed in a subfolder would cost every page a request that fails.
ALL = "feed.xml"
LATEST_PAPERS = 100  # the whole-archive feed: the latest whole days that fit in this many papers
TOPIC_ENTRIES = 50  # a topic's feed: its fifty newest papers
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")  # allowed in str, not in XML 1.0

ET.register_namespace("", ATOM)


def topic_feed(slug: str) -> str:
    return f"feed-{urls.safe_slug(slug)}.xml"


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", plain(text))


def timestamp(day: dt.date | None) -> str:
    return f"{day or dt.date(1970, 1, 1)}T00:00:00Z"


def newest_day(paper: Paper) -> dt.date | None:
    return max((day for day in paper.days if day), default=None)


def absolute(site: Site, page: str) -> str:
    """A page's absolute URL, escaped for an HTML attribute."""
    return html.escape(site.url + urls.site_url(page), quote=True)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def entry_html(site: Site, paper: Paper) -> str:
    """The entry's content: day and topics with links, then the abstract, as escaped HTML."""
    day = newest_day(paper)
    day_link = f'<a href="{absolute(site, urls.day_path(day))}">{short_date(day)}</a>'
    topics = ", ".join(f'<a href="{absolute(site, urls.topic_path(slug))}">'
                       f"{html.escape(xml_text(site.topic_name(slug)))}</a>" for slug in paper.topics)
    meta = " · ".join(part for part in (f"Listed {day_link}", f"Topics: {topics}" if topics else "") if part)
    abstract = f"<p>{html.escape(xml_text(paper.abstract))}</p>" if paper.abstract else ""
    return f"<p>{meta}</p>{abstract}"


def add_entry(feed: ET.Element, site: Site, paper: Paper) -> None:
    entry = _add(feed, "entry")
    link = site.url + urls.site_url(site.paper_path(paper))
    _add(entry, "id", link)
    _add(entry, "title", xml_text(paper.title), type="text")
    _add(entry, "link", rel="alternate", type="text/html", href=link)
    _add(entry, "published", timestamp(paper.first_day))
    _add(entry, "updated", timestamp(newest_day(paper)))
    for name in paper.authors:
        _add(_add(entry, "author"), "name", xml_text(name))
    for slug in paper.topics:
        _add(entry, "category", term=slug, label=xml_text(site.topic_name(slug)))
    _add(entry, "content", entry_html(site, paper), type="html")


def feed_xml(site: Site, path: str, title: str, papers: list[Paper], page: str) -> str:
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", site.url + path)
    _add(feed, "title", xml_text(title), type="text")
    latest = site.latest_day.date if site.latest_day else None  # an empty feed is as new as the archive
    _add(feed, "updated", timestamp(max((newest_day(p) for p in papers), default=latest)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=site.url + path)
    _add(feed, "link", rel="alternate", type="text/html", href=site.url + urls.site_url(page))
    _add(_add(feed, "author"), "name", xml_text(site.title))
    _add(feed, "generator", "paper-archive")
    for paper in papers:
        add_entry(feed, site, paper)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def latest_papers(site: Site) -> list[Paper]:
    """The papers of the latest dated days, as many whole days as fit in LATEST_PAPERS (the
    latest day always), newest day first, digest order within a day."""
    keys: dict[str, None] = {}
    for day in site.dated_days:
        new = [key for key in day.paper_keys if key not in keys]
        if keys and len(keys) + len(new) > LATEST_PAPERS:
            break
        keys.update(dict.fromkeys(new))
    return site.papers(keys)


def render(site: Site) -> dict[str, str]:
    if not site.url:
        return {}
    feeds = {ALL: feed_xml(site, ALL, site.title, latest_papers(site), "index.md")}
    for slug in site.topic_slugs:
        papers = [p for p in site.papers(site.by_topic.get(slug, ())) if newest_day(p)][:TOPIC_ENTRIES]
        feeds[topic_feed(slug)] = feed_xml(site, topic_feed(slug), f"{site.title}: {site.topic_name(slug)}",
                                           papers, urls.topic_path(slug))
    return feeds
