"""Most upvoted: for each week, month and year, its top papers by upvotes.

A paper belongs to the period of its first day; its upvotes are the digests' own counts (the
highest a digest recorded). Each page is a short top list (TOP[kind] papers), never the archive;
a period with no paper of known upvotes has no page. Day pages link their week, the home page
the latest week, month and year.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Paper
from . import urls
from .blocks import front, list_item, page
from .site import Site
from .text import month_name, plural, short_date

FOLDER = "upvoted/"
TOP = {"week": 20, "month": 50, "year": 50}
KINDS = tuple(TOP)


@dataclass(frozen=True)
class Period:
    kind: str  # "week", "month" or "year"
    start: dt.date  # its first day (a Monday for a week)

    @property
    def path(self) -> str:
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{FOLDER}{year}-w{week:02d}.md"
        return f"{FOLDER}{self.start:%Y-%m}.md" if self.kind == "month" else f"{FOLDER}{self.start.year}.md"

    @property
    def label(self) -> str:
        """The period alone, for links between pages ("Week of Apr 13, 2026", "April 2026", "2026")."""
        if self.kind == "week":
            return f"Week of {short_date(self.start)}"
        return month_name(self.start.year, self.start.month) if self.kind == "month" else str(self.start.year)

    @property
    def title(self) -> str:
        return f"Most upvoted: {self.label[0].lower() + self.label[1:] if self.kind == 'week' else self.label}"


def period_of(kind: str, day: dt.date) -> Period:
    if kind == "week":
        return Period(kind, day - dt.timedelta(days=day.weekday()))
    return Period(kind, day.replace(day=1) if kind == "month" else day.replace(month=1, day=1))


def ranked(site: Site) -> dict[Period, list[Paper]]:
    """Every period with papers of known upvotes: its papers, most upvoted first (ties: earlier
    first day, then archive order), newest period first within each kind."""
    groups: dict[Period, list[Paper]] = {}
    for paper in site.archive.papers.values():  # archive order: stable ties
        if paper.upvotes is not None and paper.first_day is not None:
            for kind in KINDS:
                groups.setdefault(period_of(kind, paper.first_day), []).append(paper)
    return {period: sorted(papers, key=lambda p: (-p.upvotes, p.first_day))
            for period, papers in sorted(groups.items(), key=lambda item: (KINDS.index(item[0].kind), -item[0].start.toordinal()))}


def link(period: Period, here: str, text: str | None = None) -> str:
    return f"[{text or period.label}]({urls.rel(here, period.path)})"


def period_nav(period: Period, papers: list[Paper], same_kind: list[Period], here: str) -> str:
    """← older · the months and years its papers are in · newer →: periods that have pages
    (a week may span two months)."""
    i = same_kind.index(period)
    newer = same_kind[i - 1] if i > 0 else None
    older = same_kind[i + 1] if i + 1 < len(same_kind) else None
    wider = sorted({period_of(kind, paper.first_day) for kind in KINDS[KINDS.index(period.kind) + 1:] for paper in papers},
                   key=lambda p: (KINDS.index(p.kind), p.start))
    parts = ([f"← {link(older, here)}"] if older else []) + [link(p, here) for p in wider] \
        + ([f"{link(newer, here)} →"] if newer else [])
    return " · ".join(parts) + "\n{ .pa-daynav }"


def render_period(site: Site, period: Period, papers: list[Paper], same_kind: list[Period]) -> str:
    here = period.path
    top = papers[:TOP[period.kind]]
    shown = (f"The {len(top)} most upvoted of the {len(papers):,} papers" if len(top) < len(papers)
             else f"The {plural(len(papers), 'paper')}")
    intro = (f"{shown} with upvotes that first appeared this {period.kind}, most upvoted first; "
             "upvotes as the digests counted them on their days.\n{ .pa-top }")
    items = "\n".join(list_item(site, paper, here) for paper in top)
    nav = period_nav(period, papers, same_kind, here)
    return page(front(period.title, search=False), f"# {period.title}", intro, nav, items)


def render(site: Site) -> dict[str, str]:
    periods = ranked(site)
    by_kind = {kind: [p for p in periods if p.kind == kind] for kind in KINDS}
    return {period.path: render_period(site, period, papers, by_kind[period.kind]) for period, papers in periods.items()}


def weeks_with_pages(site: Site) -> set[Period]:
    return {period_of("week", p.first_day) for p in site.archive.papers.values()
            if p.upvotes is not None and p.first_day is not None}


def week_link(day: dt.date | None, weeks: set[Period], here: str) -> str | None:
    """"This week's most upvoted" from a day page, when its week has a page (weeks: weeks_with_pages)."""
    week = period_of("week", day) if day else None
    return link(week, here, "This week's most upvoted") if week in weeks else None


def latest_links(site: Site, here: str) -> str | None:
    """The latest week, month and year with pages, for the home page."""
    periods = ranked(site)
    latest = [next((p for p in periods if p.kind == kind), None) for kind in KINDS]
    shown = [link(p, here) for p in latest if p]
    return "Most upvoted: " + " · ".join(shown) + "\n{ .pa-meta }" if shown else None
