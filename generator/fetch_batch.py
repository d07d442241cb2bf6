"""Backfills in fewer requests: a whole calendar month (`?month=2025-06`) or ISO
week (`?week=2025-W23`) of missing days is asked at once, paged like a day, and
its answer split into the per-day files day-by-day fetching writes.

Each item is filed under its `paper.submittedOnDailyAt` day. In every recorded
real answer that has the field (1,220 items, March to June 2025) it is the day
whose `?date=` answer lists the item, so the split gives the same files. Older
items lack it, and their other dates (`publishedAt`) differ from the listing
day for 43% of them, by up to 34 days: an answer with an item that lacks it, or
that is dated outside the asked days, is not split, and its days are asked one
by one. A day's file keeps the order of the week's or month's answer.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .readers.hf_api import iso_day

if TYPE_CHECKING:  # fetch imports this module
    from .fetch import Download, Fetcher

Query = dict[str, str]


class Unsplittable(Exception):
    """An answer that cannot be split into the days day-by-day fetching would write."""


def month_days(first: dt.date) -> list[dt.date]:
    days = [first]
    while (days[-1] + dt.timedelta(days=1)).month == first.month:
        days.append(days[-1] + dt.timedelta(days=1))
    return days


def plan(days: list[dt.date], wanted: set[dt.date]) -> dict[dt.date, tuple[Query, list[dt.date]]]:
    """By first day: the month or week requests that cover whole months and weeks of wanted days."""
    batches: dict[dt.date, tuple[Query, list[dt.date]]] = {}
    covered: set[dt.date] = set()
    for day in days:
        if day in covered:
            continue
        month = month_days(day) if day.day == 1 else []
        week = [day + dt.timedelta(days=n) for n in range(7)] if day.isoweekday() == 1 else []
        if month and all(d in wanted for d in month):
            batches[day] = ({"month": f"{day:%Y-%m}"}, month)
        elif week and all(d in wanted for d in week):
            year, number, _ = day.isocalendar()
            batches[day] = ({"week": f"{year}-W{number:02d}"}, week)
        else:
            continue
        covered.update(batches[day][1])
    return batches


def _listing_day(item: object) -> dt.date | None:
    paper = item.get("paper") if isinstance(item, dict) else None
    return iso_day(paper.get("submittedOnDailyAt")) if isinstance(paper, dict) else None


def split(fetcher: Fetcher, query: Query, days: list[dt.date]) -> dict[dt.date, Download]:
    """Each asked day's answer, taken from the week's or month's; raises Unsplittable, or what a day's
    download raises (FetchError, Skip, NetworkError)."""
    from .fetch import Download, joined
    label = " ".join(f"{k} {v}" for k, v in query.items())
    answer = fetcher.items(days[0], query)
    if answer.items is None:
        raise Unsplittable("the answer is not a list of papers")
    by_day: dict[dt.date | None, list] = {day: [] for day in days}
    for item in answer.items:
        day = _listing_day(item.value)
        if day not in by_day:
            raise Unsplittable("an item without a submittedOnDailyAt day among the asked days")
        by_day[day].append(item)
    return {day: Download(joined(items), len(items), 0, label) for day, items in by_day.items()}
