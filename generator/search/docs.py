"""Search documents, numbered oldest first.

A paper's doc number is its place in the archive ordered by first day (undated
papers first, then by day, then by URL): a new day appends numbers, so it leaves
every older paper's number, and the partitions that hold only older papers, as
they are; and a date range is one interval of numbers (`days` gives each day's).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchDoc:
    url: str  # site-relative URL of the paper page
    title: str
    day: dt.date | None  # first day the paper appeared
    topics: tuple[str, ...]  # topic slugs
    authors: str  # a short author line, as shown in results
    body: str  # everything indexed besides the title: abstract, authors, topics, tags
    arxiv_id: str = ""  # found through the id lookup, not indexed
    tags: tuple[str, ...] = ()  # tag slugs
    author_names: tuple[str, ...] = ()  # every author, for the author filter


def oldest_first(docs: list[SearchDoc]) -> list[SearchDoc]:
    return sorted(docs, key=lambda doc: (doc.day is not None, doc.day or dt.date.min, doc.url))


def days(docs: list[SearchDoc]) -> tuple[int, list[tuple[dt.date, int]]]:
    """(undated papers, [(day, papers first seen that day)]) for docs numbered oldest first."""
    undated = sum(doc.day is None for doc in docs)
    counts: list[tuple[dt.date, int]] = []
    for doc in docs[undated:]:
        if counts and counts[-1][0] == doc.day:
            counts[-1] = (doc.day, counts[-1][1] + 1)
        else:
            counts.append((doc.day, 1))  # type: ignore[arg-type]
    return undated, counts
