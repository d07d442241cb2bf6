"""Page paths (docs-relative `.md` paths), slugs and relative links.

A paper's slug comes from its title, so it survives the paper's key changing
(an arXiv id learned from a later digest) and does not depend on the order
digests are read. Papers whose titles give the same slug are resolved by a
rule on the data alone: the paper that appeared first (earliest first day,
then key) keeps the bare slug; each other one gets a suffix from its own key
(its arXiv id, or a hash of the key). A digest added for a later day
therefore never changes an existing paper's URL; only a back-filled older
digest with a colliding paper can take a bare slug over, and both papers'
pages then link to each other.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import posixpath
import re
from collections import defaultdict
from typing import Iterable

from slugify import slugify

from ..model import Paper

SLUG_MAX = 80
# Hand-written pages in site_src that generated pages link to.
SEARCH_PAGE = "search.md"
ABOUT_PAGE = "about.md"
READING_LIST_PAGE = "reading-list.md"  # hand-written; reader.js fills it
_SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# File names the site itself uses in papers/ (MkDocs makes `index` the folder's own page).
RESERVED_PAPER_SLUGS = frozenset({"index"})


@functools.lru_cache(maxsize=1 << 16)  # slugify is slow, and every build slugs every title again
def title_slug(title: str) -> str:
    slug = slugify(title, max_length=SLUG_MAX, word_boundary=True) or "paper"
    return f"{slug}-paper" if slug in RESERVED_PAPER_SLUGS else slug


def key_suffix(key: str) -> str:
    """A short, stable disambiguator from the paper key."""
    if key.startswith("arxiv-"):
        return re.sub(r"[^a-z0-9]+", "-", key[len("arxiv-"):].lower()).strip("-")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def _first_seen(paper: Paper) -> tuple[bool, dt.date, str]:
    return (paper.first_day is None, paper.first_day or dt.date.max, paper.key)


def paper_slugs(papers: Iterable[Paper]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(slug by paper key, keys sharing a title slug by that slug, first seen first)."""
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        groups[title_slug(paper.title)].append(paper)
    slugs: dict[str, str] = {}
    collisions: dict[str, tuple[str, ...]] = {}
    for base, group in groups.items():
        first, *others = sorted(group, key=_first_seen)
        slugs[first.key] = base
        for paper in others:
            slugs[paper.key] = f"{base}-{key_suffix(paper.key)}"
        if others:
            collisions[base] = tuple(p.key for p in (first, *others))
    for base, keys in collisions.items():  # a suffixed slug that is another title's slug
        for key in keys[1:]:
            if slugs[key] in groups:
                slugs[key] = f"{base}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"
    if len(set(slugs.values())) != len(slugs):  # only crafted titles get here: number the later ones
        taken: set[str] = set()
        for paper in sorted((p for group in groups.values() for p in group), key=_first_seen):
            slug, number = slugs[paper.key], 1
            while slug in taken:
                number += 1
                slug = f"{slugs[paper.key]}-{number}"
            slugs[paper.key] = slug
            taken.add(slug)
    return slugs, collisions


def safe_slug(slug: str) -> str:
    """A taxonomy or tag slug usable as a file name (never `index`)."""
    slug = slug if _SAFE_SLUG.fullmatch(slug) else slugify(slug) or "x" + key_suffix(slug)
    return "index-" if slug == "index" else slug


def day_slug(day: dt.date | None) -> str:
    return day.isoformat() if day else "undated"


def day_path(day: dt.date | None) -> str:
    return f"days/{day_slug(day)}.md"


def paper_path(slug: str) -> str:
    return f"papers/{slug}.md"


def topic_path(slug: str) -> str:
    return f"topics/{safe_slug(slug)}.md"


def tag_path(slug: str) -> str:
    return f"tags/{safe_slug(slug)}.md"


# A tag with fewer papers has no page of its own: it is a section of its A-Z page
# (pages/tags.py says why this number; Site.tag_target gives where a tag is listed).
TAG_PAGE_MIN_PAPERS = 5


def tag_letter(slug: str) -> str:
    """The letter a tag is listed under: the first character of its safe slug, digits together."""
    first = safe_slug(slug)[0]
    return first if first.isalpha() else "0-9"


def tag_prefix(slug: str) -> str:
    """The A-Z page of a tag: the first two characters of its safe slug ("co" for contrastive
    learning), its letter alone when the second is not a letter or digit, "0-9" for digits.
    From the slug alone, so a tag's page never moves as other tags come."""
    letter, safe = tag_letter(slug), safe_slug(slug)
    return safe[:2] if letter != "0-9" and safe[1:2].isalnum() else letter


def tag_prefix_path(prefix: str) -> str:
    return f"tags/a-z/{prefix}.md"


def tag_anchor(slug: str) -> str:
    """The id of a tag's section on its A-Z page (`tag-`: no other id there starts so)."""
    return f"tag-{safe_slug(slug)}"


TAGS_PER_A_Z_PAGE = 50  # tags an A-Z page lists at most: a prefix with more has pages 2, 3...


def a_z_pages(slugs: list[str]) -> dict[str, tuple[str, ...]]:
    """{A-Z page: its tags} for tags already in label order: each prefix's tags, in pages of
    at most TAGS_PER_A_Z_PAGE (tags/a-z/co.md, then tags/a-z/co/page-2.md...), so no A-Z
    page grows with the archive; a new tag moves only the tags after it in its own prefix."""
    grouped: dict[str, list[str]] = {}
    for slug in slugs:
        grouped.setdefault(tag_prefix(slug), []).append(slug)
    pages = {}
    for prefix in sorted(grouped, key=lambda prefix: (prefix != "0-9", prefix)):  # digits first, as labels sort
        group, first = grouped[prefix], tag_prefix_path(prefix)
        for number, start in enumerate(range(0, len(group), TAGS_PER_A_Z_PAGE), start=1):
            pages[first if number == 1 else listing_page_path(first, number)] = tuple(group[start:start + TAGS_PER_A_Z_PAGE])
    return pages


def listing_page_path(first: str, number: int) -> str:
    """Page `number` (2, 3...) of the topic or tag listing whose first page is `first`."""
    return f"{first[: -len('.md')]}/page-{number}.md"


def month_anchor(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def rel(here: str, target: str, anchor: str = "") -> str:
    """A relative link from the page `here` to the page `target`."""
    path = _relpath(here.rpartition("/")[0], target)  # posixpath.dirname, for these clean relative paths
    return f"{path}#{anchor}" if anchor else path


@functools.lru_cache(maxsize=1 << 16)
def _relpath(folder: str, target: str) -> str:
    """posixpath.relpath for the clean relative paths of pages, without its
    filesystem calls (a page has hundreds of links: this was half the render time)."""
    start = folder.split("/") if folder else []
    parts = target.split("/")
    common = 0
    while common < min(len(start), len(parts) - 1) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:])


def site_url(path: str) -> str:
    """The site-relative URL MkDocs gives a page (directory URLs)."""
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
