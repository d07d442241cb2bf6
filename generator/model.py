"""The archive's typed data: plain frozen dataclasses, no I/O.

Data flows one way: readers produce `RawDigest`s, `dates` resolves their
dates into `Digest`s, `archive` merges those into an `Archive` of `Paper`s and
`Day`s, and `classify` fills in each paper's topics and tags.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple, Union


class MonthDay(NamedTuple):
    """A date shown without its year ("Feb 19"): the digest's own year."""

    month: int
    day: int

    def __str__(self) -> str:
        return dt.date(2000, self.month, self.day).strftime("%b %-d")


PartialDate = Union[dt.date, MonthDay]

# An arXiv identifier without its version: new style "2405.15738", old style "hep-th/9901001".
ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})"
ARXIV_ID_RE = re.compile(ARXIV_ID)
# A word: letters and digits (any script), no underscore. Topic rules and BibTeX keys split text so.
WORD = re.compile(r"[^\W_]+")
# Control characters but tab and line ends: readers count them to tell binary files, pages drop them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Link kinds, in the order pages show them.
LINK_KINDS = ("arxiv", "paper", "code", "project", "demo", "model", "dataset")


@dataclass(frozen=True)
class Link:
    kind: str  # one of LINK_KINDS
    url: str


@dataclass(frozen=True)
class HfFields:
    """What the Hugging Face list shows beside a paper, as a digest recorded it on its day."""

    ai_summary: str = ""  # a machine-written one-line summary (the API's ai_summary), never the abstract
    github_stars: int | None = None  # of the code repository, on the digest's day
    comments: int | None = None  # on the paper's Hugging Face page
    thumbnail: str | None = None  # a third-party image URL, shown only when the site opts in
    submitted_by: str | None = None  # who put the paper on the daily list


@dataclass(frozen=True)
class Entry:
    """One paper as one digest lists it."""

    title: str
    source: str  # digest file, as given to the reader
    line: int  # 1-based line of the title (or of the JSON item)
    abstract: str = ""
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    organization: str | None = None
    published: PartialDate | None = None
    upvotes: int | None = None  # None: unknown, never guessed as 0
    links: tuple[Link, ...] = ()
    keywords: tuple[str, ...] = ()  # API ai_keywords, or a YAML digest's tags
    featured: dt.date | None = None  # the day the API says it was on the daily page
    hf: HfFields | None = None  # what the HF list shows beside the paper, when known


@dataclass(frozen=True)
class RawDigest:
    """What a reader makes of one file, before its date is resolved."""

    source: str
    format: str  # "hf-page", "hf-api" or "yaml"
    entries: tuple[Entry, ...]
    header_date: PartialDate | None = None
    header_line: int = 0
    skipped: int = 0  # entries dropped, each with a problem saying why


@dataclass(frozen=True)
class Digest:
    source: str
    format: str
    date: dt.date | None  # None: the "Undated" day
    entries: tuple[Entry, ...]
    skipped: int = 0


@dataclass(frozen=True)
class Paper:
    """One distinct paper, merged from every entry that lists it."""

    key: str  # "arxiv-2405.15738" or "title-<normalised title>"
    title: str
    abstract: str = ""
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    organization: str | None = None
    published: dt.date | None = None
    upvotes: int | None = None
    links: tuple[Link, ...] = ()
    keywords: tuple[str, ...] = ()
    days: tuple[dt.date | None, ...] = ()  # sorted, None (Undated) last
    sources: tuple[tuple[str, int], ...] = ()  # (file, line) of every entry
    topics: tuple[str, ...] = ()  # topic slugs, filled by classify
    tags: tuple[str, ...] = ()  # tag slugs, filled by classify
    hf: HfFields = HfFields()  # merged: the latest known value of each
    stars_day: dt.date | None = None  # the digest day github_stars was counted on

    @property
    def first_day(self) -> dt.date | None:
        return self.days[0] if self.days else None

    @property
    def author_total(self) -> int:
        """How many authors the paper has: more than the names known when a digest says so."""
        return max(self.author_count or 0, len(self.authors))


def newest_first(day: dt.date | None) -> tuple[bool, int]:
    """A sort key for days: the newest first, None (Undated) last."""
    return (day is None, -(day or dt.date.min).toordinal())


@dataclass(frozen=True)
class Day:
    date: dt.date | None  # None: "Undated"
    paper_keys: tuple[str, ...]  # in digest order, each once
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    files_read: int = 0
    files_failed: int = 0
    entries_read: int = 0
    entries_kept: int = 0
    entries_skipped: int = 0
    distinct_papers: int = 0
    merged_duplicates: int = 0
    skip_reasons: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Archive:
    papers: dict[str, Paper]  # by key, ordered by first day then digest order
    days: tuple[Day, ...]  # newest first, Undated last
    summary: Summary = field(default_factory=Summary)
