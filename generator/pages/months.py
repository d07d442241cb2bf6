"""The archive page: every day by year and month, as month calendars."""
from __future__ import annotations

import calendar
import itertools

from ..model import Day
from . import urls
from .blocks import front, page
from .site import Site
from .text import month_name, plural

PATH = "archive.md"
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def cell(number: int, day: Day | None) -> str:
    if number == 0:
        return " "
    if day is None:
        return str(number)
    count = len(day.paper_keys)
    target = urls.rel(PATH, urls.day_path(day.date))
    return f'[{number}<small>{count}</small>]({target} "{plural(count, "paper")}")'


def month_calendar(year: int, month: int, days: list[Day]) -> str:
    by_number = {day.date.day: day for day in days}
    rows = ["| " + " | ".join(WEEKDAYS) + " |", "|" + "---|" * 7]
    for week in calendar.Calendar().monthdayscalendar(year, month):
        rows.append("| " + " | ".join(cell(n, by_number.get(n)) for n in week) + " |")
    papers = sum(len(day.paper_keys) for day in days)
    heading = f"### {month_name(year, month)} {{ #{urls.month_anchor(year, month)} }}"
    summary = f"{plural(papers, 'paper')} on {plural(len(days), 'day')}\n{{ .pa-meta }}"
    table = "\n".join(rows)
    return f'<div class="pa-cal" markdown>\n\n{heading}\n\n{summary}\n\n{table}\n\n</div>'


def year_section(year: int, days: list[Day]) -> str:
    months = itertools.groupby(days, key=lambda day: day.date.month)
    calendars = "\n\n".join(month_calendar(year, month, list(group)) for month, group in months)
    return f'## {year} {{ #y{year} }}\n\n<div class="pa-cals" markdown>\n\n{calendars}\n\n</div>'


def undated_section(site: Site) -> str | None:
    day = next((d for d in site.archive.days if d.date is None), None)
    if day is None:
        return None
    link = urls.rel(PATH, urls.day_path(None))
    return f"## Undated {{ #undated }}\n\n[{plural(len(day.paper_keys), 'paper')} without a digest date]({link})"


def render(site: Site) -> dict[str, str]:
    dated = site.dated_days  # newest first
    total = f"{plural(len(site.archive.papers), 'paper')} on {plural(len(site.archive.days), 'day')}."
    years = [year_section(year, list(group))
             for year, group in itertools.groupby(dated, key=lambda day: day.date.year)]
    body = page(front("Archive", search=False), "# Archive", total, *years, undated_section(site))
    return {PATH: body}
