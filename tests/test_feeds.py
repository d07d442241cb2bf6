"""Atom feeds: valid Atom (RFC 4287 required elements), the site URL in every link,
digest text escaped, advertised in every page's head."""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import load
from tests.rendering import render_site
from generator.pages.feeds import LATEST_PAPERS, TOPIC_ENTRIES
from generator.pages.text import plain
from tests.conftest import HOSTILE_DIGESTS, SAMPLE_DIGESTS

A = "{http://www.w3.org/2005/Atom}"
URL = "https://fork.example/my-archive/"
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT00:00:00Z")


def feeds_of(folder: Path, url: str = URL) -> tuple[dict[str, ET.Element], object]:
    archive, taxonomy, _ = load(folder)
    pages = render_site(archive, taxonomy, "Paper Archive", url)
    return {path: ET.fromstring(content) for path, content in pages.items() if path.endswith(".xml")}, archive


@pytest.fixture(scope="module")
def sample():
    return feeds_of(SAMPLE_DIGESTS)


def one(element: ET.Element, tag: str) -> ET.Element:
    found = element.findall(A + tag)
    assert len(found) == 1, (tag, len(found))
    return found[0]


def check_atom(path: str, feed: ET.Element) -> None:
    """The elements RFC 4287 requires of a feed and of each entry."""
    assert feed.tag == A + "feed"
    assert one(feed, "id").text == URL + path
    assert one(feed, "title").text
    assert TIMESTAMP.fullmatch(one(feed, "updated").text)
    links = {link.get("rel"): link.get("href") for link in feed.findall(A + "link")}
    assert links["self"] == URL + path and links["alternate"].startswith(URL)
    assert one(one(feed, "author"), "name").text  # so entries need no author of their own
    for entry in feed.findall(A + "entry"):
        assert one(entry, "id").text.startswith(URL + "papers/")
        assert one(entry, "title").text
        assert TIMESTAMP.fullmatch(one(entry, "updated").text)
        assert one(entry, "published").text <= one(entry, "updated").text
        assert one(entry, "link").get("href") == one(entry, "id").text
        assert one(entry, "content").get("type") == "html" and one(entry, "content").text


def test_every_feed_is_valid_atom_with_the_site_url(sample):
    feeds, archive = sample
    topics = {slug for paper in archive.papers.values() for slug in paper.topics}
    assert {"feed.xml"} | {f"feed-{slug}.xml" for slug in topics} <= set(feeds)
    for path, feed in feeds.items():
        check_atom(path, feed)


def test_the_archive_feed_has_every_paper_of_the_latest_days(sample):
    feeds, archive = sample
    dated = [day for day in archive.days if day.date]
    latest = [day for i, day in enumerate(dated)
              if i == 0 or len({key for d in dated[:i + 1] for key in d.paper_keys}) <= LATEST_PAPERS]
    assert 1 < len(latest) < len(dated)  # whole days, not the whole sample
    expected = list(dict.fromkeys(key for day in latest for key in day.paper_keys))
    entries = feeds["feed.xml"].findall(A + "entry")
    assert [one(e, "title").text for e in entries] == [plain(archive.papers[k].title) for k in expected]
    assert one(feeds["feed.xml"], "updated").text == f"{latest[0].date}T00:00:00Z"
    first = archive.papers[expected[0]]
    entry = entries[0]
    assert [c.get("term") for c in entry.findall(A + "category")] == list(first.topics)
    assert one(entry, "published").text == f"{first.first_day}T00:00:00Z"
    content = Elements(one(entry, "content").text)
    assert ("a", {"href": f"{URL}days/{latest[0].date}/"}) in content.found
    assert plain(first.abstract) in content.text


def test_a_topic_feed_has_its_newest_papers(sample):
    feeds, archive = sample
    for path, feed in feeds.items():
        if path == "feed.xml":
            continue
        slug = path[len("feed-"):-len(".xml")]
        entries = feed.findall(A + "entry")
        assert 0 < len(entries) <= TOPIC_ENTRIES or not any(slug in p.topics for p in archive.papers.values())
        for entry in entries:
            assert slug in [c.get("term") for c in entry.findall(A + "category")]


class Elements(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.text = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def test_hostile_text_is_escaped_text_in_the_feed():
    feeds, archive = feeds_of(HOSTILE_DIGESTS)
    entries = feeds["feed.xml"].findall(A + "entry")
    assert {one(e, "title").text for e in entries} == {plain(p.title) for p in archive.papers.values()}
    for entry in entries:
        html = Elements(one(entry, "content").text)  # what a feed reader renders
        assert {tag for tag, _ in html.found} <= {"p", "a"}
        assert all(attrs["href"].startswith(URL) for tag, attrs in html.found if tag == "a")
    attacked = next(e for e in entries if "__pwned = 1" in one(e, "title").text)
    assert "<img src=x onerror=" in Elements(one(attacked, "content").text).text
    assert [one(a, "name").text for a in attacked.findall(A + "author")][0] == \
        '<b onmouseover="window.__pwned=6">Eve</b>'


def test_no_site_url_means_no_feeds_and_no_feed_in_front_matter():
    archive, taxonomy, _ = load(SAMPLE_DIGESTS)
    pages = render_site(archive, taxonomy, "Paper Archive", "")
    assert not [path for path in pages if path.endswith(".xml")]
    assert not [path for path, text in pages.items() if path.startswith("topics/") and "\nfeed:" in text]


def test_feeds_are_byte_identical_from_build_to_build():
    def feeds() -> dict[str, str]:
        archive, taxonomy, _ = load(SAMPLE_DIGESTS)
        return {p: t for p, t in render_site(archive, taxonomy, "Paper Archive", URL).items() if p.endswith(".xml")}
    assert feeds() == feeds()


def feed_links(page) -> list[str]:
    return [attrs["href"] for tag, attrs in page.elements
            if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("type") == "application/atom+xml"]


def test_every_page_advertises_the_archive_feed_and_topic_pages_their_own(sample_site):
    for name, page in sample_site.pages.items():
        if name == "404.html":
            continue
        links = feed_links(page)
        targets = [sample_site.resolve(name, href)[0] for href in links]
        assert targets[0] == "feed.xml", name
        assert all((sample_site.root / target).is_file() for target in targets), name
        if name.startswith("topics/") and name != "topics/index.html":
            slug = name.split("/")[1]
            assert targets[1:] == [f"feed-{slug}.xml"], name
        else:
            assert len(targets) == 1, name
    feed = ET.parse(sample_site.root / "feed.xml").getroot()
    assert one(feed, "id").text.endswith("/feed.xml")  # site_url: mkdocs.yml's default or $SITE_URL
    assert dt.date.fromisoformat(one(feed, "updated").text[:10])
