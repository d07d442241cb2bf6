"""Search documents and the time shards they are indexed in.

Each paper is one document, filed under the ISO week of its first day
("2026-w05"), or "undated". Weeks are fixed calendar boundaries, so a new
day only ever changes its own week's shard, and the newest shard stays small
(a week of papers), which is what the search page loads first.
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


@dataclass(frozen=True)
class Shard:
    id: str
    first: dt.date | None  # the week's Monday
    last: dt.date | None  # the week's Sunday
    docs: tuple[SearchDoc, ...]  # newest day first


def week_of(day: dt.date | None) -> str:
    if day is None:
        return UNDATED
    year, week, _ = day.isocalendar()
    return f"{year:04d}-w{week:02d}"


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def newest_first(doc: SearchDoc) -> tuple[bool, int]:
    return (doc.day is None, -(doc.day or dt.date.min).toordinal())


def make_shards(docs: list[SearchDoc]) -> list[Shard]:
    """Docs grouped by week, newest week first, undated last; stable within a day."""
    ordered = sorted(docs, key=newest_first)
    shards = []
    for shard_id, group in groupby(ordered, key=lambda doc: week_of(doc.day)):
        members = tuple(group)
        day = members[0].day
        first, last = week_bounds(day) if day else (None, None)
        shards.append(Shard(shard_id, first, last, members))
    return shards
