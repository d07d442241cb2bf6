"""The digest's date, and the years of dates shown without one.

Rules, in order:
1. A full date (YYYY-MM-DD) anywhere in the file name wins.
2. Else the digest's own full date (the API's featured day, a YAML `date:`).
3. Else a header without a year ("Jan 8") gets the first year in which that
   day is not earlier than the newest full publication date the digest
   lists; a warning says the year was guessed. Today's date and file times
   are never used, so the same files always give the same dates.
4. Else the digest goes to the "Undated" day, with a warning.
A publication date shown without a year ("Feb 19") is in the digest's year,
or the year before if that would put it after the digest's date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import PurePath

from .model import Digest, Entry, MonthDay, RawDigest
from .problems import ProblemLog

_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_HOW_TO_DATE = "a full date in the file name, e.g. 2026-01-08.txt or 2026-01-08-my-notes.txt"


def date_from_name(source: str) -> dt.date | None:
    for match in _NAME_DATE.finditer(PurePath(source).name):
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            continue
    return None


def guess_year(header: MonthDay, entries: tuple[Entry, ...]) -> tuple[dt.date, dt.date] | None:
    """(guessed date, newest publication date it rests on), or None without any."""
    published = [e.published for e in entries if isinstance(e.published, dt.date)]
    if not published:
        return None
    newest = max(published)
    year = newest.year
    while not _valid(year, header) or dt.date(year, header.month, header.day) < newest:
        year += 1
    return dt.date(year, header.month, header.day), newest


def _valid(year: int, day: MonthDay) -> bool:
    try:
        dt.date(year, day.month, day.day)
        return True
    except ValueError:
        return False


def in_year_of(day: MonthDay, digest_date: dt.date) -> dt.date | None:
    """The latest date with that month and day on or before the digest's date."""
    for year in range(digest_date.year, digest_date.year - 8, -1):
        if _valid(year, day) and dt.date(year, day.month, day.day) <= digest_date:
            return dt.date(year, day.month, day.day)
    return None


def resolve(raw: RawDigest, log: ProblemLog) -> Digest:
    date = _digest_date(raw, log)
    entries = tuple(_resolve_published(e, date) for e in raw.entries)
    return Digest(raw.source, raw.format, date, entries, raw.skipped)


def _digest_date(raw: RawDigest, log: ProblemLog) -> dt.date | None:
    named = date_from_name(raw.source)
    header = raw.header_date
    if named:
        if isinstance(header, dt.date) and header != named:
            log.warn(raw.header_line, f"the digest's own date {header} but {named} in the file name",
                     "the same date in both; the file name's date is used")
        return named
    if isinstance(header, dt.date):
        return header
    if isinstance(header, MonthDay):
        guess = guess_year(header, raw.entries)
        if guess:
            log.warn(raw.header_line, f"the header date '{header}' without a year",
                     f"{_HOW_TO_DATE}; guessed {guess[0]}, the first such day not before the newest "
                     f"publication date listed ({guess[1]})")
            return guess[0]
        log.warn(raw.header_line, f"the header date '{header}' without a year and no publication "
                 "dates to infer one from", f"{_HOW_TO_DATE}; filed under Undated")
        return None
    log.warn(0, "no date in the file name or the digest", f"{_HOW_TO_DATE}; filed under Undated")
    return None


def _resolve_published(entry: Entry, digest_date: dt.date | None) -> Entry:
    if not isinstance(entry.published, MonthDay):
        return entry
    full = in_year_of(entry.published, digest_date) if digest_date else None
    return replace(entry, published=full)
