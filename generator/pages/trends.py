"""The trends page: papers per week, and each topic's share of each month's papers.

A paper counts once, in the week (and month) of its first day, so the weeks
add up to the archive's dated papers. Weeks start on Monday; weeks and months
without papers are shown as empty, never left out. Each topic page shows its
own share chart (`topic_chart`).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from . import urls
from .blocks import front, page
from .charts import Bar, chart
from .site import Site
from .text import md_text, month_name, plural, short_date

PATH = "trends.md"


@dataclass(frozen=True)
class Months:
    """Papers per month of their first day, overall and per topic, first to last month."""

    months: tuple[tuple[int, int], ...]
    papers: dict[tuple[int, int], int]
    by_topic: dict[str, Counter]  # topic slug -> papers per month


def first_days(site: Site) -> list[tuple[dt.date, tuple[str, ...]]]:
    return [(p.first_day, p.topics) for p in site.archive.papers.values() if p.first_day]


def papers_per_week(site: Site) -> list[tuple[dt.date, int]]:
    """(Monday, papers first listed that week), every week from the first to the last."""
    weeks = Counter(day - dt.timedelta(days=day.weekday()) for day, _ in first_days(site))
    if not weeks:
        return []
    monday, last, found = min(weeks), max(weeks), []
    while monday <= last:
        found.append((monday, weeks[monday]))
        monday += dt.timedelta(days=7)
    return found


def papers_per_month(site: Site) -> Months:
    papers: Counter = Counter()
    by_topic: dict[str, Counter] = {}
    for day, topics in first_days(site):
        papers[day.year, day.month] += 1
        for slug in topics:
            by_topic.setdefault(slug, Counter())[day.year, day.month] += 1
    months = []
    if papers:
        (year, month), last = min(papers), max(papers)
        while (year, month) <= last:
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Months(tuple(months), dict(papers), by_topic)


def share(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


def week_chart(site: Site) -> str:
    weeks = papers_per_week(site)
    if not weeks:
        return "No dated papers yet."
    bars = [Bar(f"Week of {short_date(monday)}", n, plural(n, "paper")) for monday, n in weeks]
    busiest = max(weeks, key=lambda w: w[1])
    desc = (f"{plural(len(weeks), 'week')} from {short_date(weeks[0][0])} to {short_date(weeks[-1][0])}; "
            f"most in the week of {short_date(busiest[0])}: {plural(busiest[1], 'paper')}.")
    rows = [(short_date(monday), f"{n:,}") for monday, n in weeks]
    return chart("per-week-chart", bars, "Papers per week", desc, ("Week of", "Papers"), rows)


def topic_chart(site: Site, slug: str, months: Months, height: int = 110) -> str:
    """One topic's share of each month's papers, as a chart with its numbers."""
    counts = months.by_topic.get(slug, Counter())
    name = site.topic_name(slug)
    bars, rows = [], []
    for month in months.months:
        total, count = months.papers.get(month, 0), counts[month]
        percent = share(count, total)
        shown = "–" if percent is None else f"{percent:g} %"
        tooltip = "no papers" if percent is None else f"{shown} ({count:,} of {total:,})"
        bars.append(Bar(f"{dt.date(*month, 1):%b %Y}", percent, tooltip))
        rows.append((month_name(*month), f"{count:,}", f"{total:,}", shown))
    in_topic = sum(counts.values())
    overall = share(in_topic, sum(months.papers.values()))
    desc = (f"{name}: {plural(in_topic, 'paper')}, {overall or 0:g} % of all papers, over "
            f"{plural(len(months.months), 'month')}.")
    return chart(f"topic-chart-{urls.safe_slug(slug)}", bars, f"{name}: share of each month's papers", desc,
                 ("Month", name, "All papers", "Share"), rows, height=height, unit=" %")


def topics_section(site: Site, months: Months) -> str:
    parts = []
    for slug in site.topic_slugs:
        if not months.by_topic.get(slug):
            continue
        link = urls.rel(PATH, urls.topic_path(slug))
        parts.append(f"### [{md_text(site.topic_name(slug))}]({link}) {{ #topic_{urls.safe_slug(slug)} }}\n\n"
                     + topic_chart(site, slug, months))
    return "\n\n".join(parts) or "No dated papers yet."


def render(site: Site) -> dict[str, str]:
    months = papers_per_month(site)
    intro = ("Each paper counts once, in the week and month of the first day it was listed. "
             "A paper has one to three topics, so a month's topic shares add up to more than 100 %.")
    body = page(front("Trends", search=False), "# Trends", intro,
                "## Papers per week { #per-week }", week_chart(site),
                "## Topics over time { #topics }\n\nEach topic's share of the papers first listed each month.",
                topics_section(site, months))
    return {PATH: body}
