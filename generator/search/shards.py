"""Search documents and the time shards they are indexed in.

Each paper is one document, filed by the day it first appeared: papers of
the archive's newest ISO week form a small shard of their own ("2026-w05"),
which the search page loads first, so first results come fast at any archive
size; every older paper is in its calendar quarter's shard ("2026-q1"), or
in "undated". Quarters keep the shard count low, and with it what the
browser does for complete results: lunr.js rebuilds every shard's term set
on load, and each term is stored once per shard it appears in (weekly shards
held 12 times as many terms as the archive's vocabulary at 10,000 papers).
A new day changes only the newest week's shard; once a week, when a new
week starts, the week before joins its quarter, whose shard is rebuilt.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

UNDATED = "undated"


@dataclass(frozen=True)
class SearchDoc:
    url: str  # site-relative URL of the paper page
    title: str
    day: dt.date | None  # first day the paper appeared
    topics: tuple[str, ...]  # topic slugs
    authors: str  # a short author line, as shown in results
    abstract: str
    body: str  # everything indexed besides the title: abstract, authors, topics, tags
    arxiv_id: str = ""  # matched exactly by the search page, not indexed


@dataclass(frozen=True)
class Shard:
    id: str
    first: dt.date | None  # first day of the week or quarter
    last: dt.date | None  # last day of the week or quarter
    docs: tuple[SearchDoc, ...]  # newest day first


def week_of(day: dt.date) -> tuple[str, dt.date, dt.date]:
    """(id, Monday, Sunday) of the day's ISO week."""
    year, week, _ = day.isocalendar()
    monday = day - dt.timedelta(days=day.weekday())
    return f"{year:04d}-w{week:02d}", monday, monday + dt.timedelta(days=6)


def quarter_of(day: dt.date) -> tuple[str, dt.date, dt.date]:
    """(id, first day, last day) of the day's calendar quarter."""
    quarter = (day.month - 1) // 3
    first = dt.date(day.year, 3 * quarter + 1, 1)
    after = dt.date(day.year + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1)
    return f"{day.year:04d}-q{quarter + 1}", first, after - dt.timedelta(days=1)


def newest_first(doc: SearchDoc) -> tuple[bool, int]:
    return (doc.day is None, -(doc.day or dt.date.min).toordinal())


def make_shards(docs: list[SearchDoc]) -> list[Shard]:
    """Docs in shards, newest first, undated last; in a shard, newest day first, stable within a day."""
    ordered = sorted(docs, key=newest_first)
    newest_week = week_of(ordered[0].day)[0] if ordered and ordered[0].day else None

    def period(doc: SearchDoc) -> tuple[str, dt.date | None, dt.date | None]:
        if doc.day is None:
            return UNDATED, None, None
        week = week_of(doc.day)
        return week if week[0] == newest_week else quarter_of(doc.day)

    return [Shard(shard_id, first, last, tuple(group))
            for (shard_id, first, last), group in groupby(ordered, key=period)]
