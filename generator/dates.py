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

Dates are bounded (DAYS, PUBLISHED): a digest's day between 1991-01-01 (arXiv
opened in August 1991) and 2099-12-31, a publication date between 1900-01-01
and 2099-12-31. Anything outside is reported and left unknown, the paper kept:
the trends chart has a bar for every week between the first and last day, and
year arithmetic near 9999 overflows.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import PurePath

from .model import Digest, Entry, MonthDay, RawDigest
from .problems import ProblemLog

DAYS = (dt.date(1991, 1, 1), dt.date(2099, 12, 31))
PUBLISHED = (dt.date(1900, 1, 1), dt.date(2099, 12, 31))
# A file named by a day 1 or 2 days from an API answer's own date is benign: the API lists on day D
# papers submitted the day before, and archives name files by a local day (UTC+8 is a day ahead).
BENIGN_NAME_SHIFT = 2
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
    for year in range(newest.year, newest.year + 9):  # Feb 29 comes back within 8 years
        if _valid(year, header) and dt.date(year, header.month, header.day) >= newest:
            return dt.date(year, header.month, header.day), newest
    return None


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


def in_range(day: dt.date, bounds: tuple[dt.date, dt.date]) -> bool:
    return bounds[0] <= day <= bounds[1]


def _bounded(day, bounds: tuple[dt.date, dt.date], log: ProblemLog, line: int, what: str):
    """The date if it is in bounds (or not a full date); else None, with a warning."""
    if not isinstance(day, dt.date) or in_range(day, bounds):
        return day
    log.warn(line, f"{what} {day.isoformat()}, outside {bounds[0]} to {bounds[1]}",
             f"{what} in that range; left unknown, the papers kept")
    return None


def resolve(raw: RawDigest, log: ProblemLog) -> Digest:
    entries = tuple(_published_in_bounds(e, log) for e in raw.entries)
    header = _bounded(raw.header_date, DAYS, log, raw.header_line, "the digest's own date")
    raw = replace(raw, entries=entries, header_date=header)
    date = _digest_date(raw, log)
    entries = tuple(_resolve_published(e, date) for e in raw.entries)
    return Digest(raw.source, raw.format, date, entries, raw.skipped)


def _published_in_bounds(entry: Entry, log: ProblemLog) -> Entry:
    published = _bounded(entry.published, PUBLISHED, log, entry.line, "a publication date")
    return entry if published is entry.published else replace(entry, published=published)


def _digest_date(raw: RawDigest, log: ProblemLog) -> dt.date | None:
    named = _bounded(date_from_name(raw.source), DAYS, log, 0, "the date in the file name")
    header = raw.header_date
    if named:
        if isinstance(header, dt.date) and header != named:
            found = f"the digest's own date {header} but {named} in the file name"
            if raw.format == "hf-api" and abs((named - header).days) <= BENIGN_NAME_SHIFT:
                log.notice(raw.header_line, found, f"the file name's date, used; {abs((named - header).days)} "
                           "day(s) apart is benign for an API answer (papers submitted the day before, "
                           "a file named by a local day)")
            else:
                log.warn(raw.header_line, found, "the same date in both; the file name's date is used")
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
