"""Day pages: one per digest date, its papers in digest order."""
from __future__ import annotations

from ..model import Day
from . import urls
from .blocks import day_label, front, page, paper_card
from .site import Site
from .text import long_date, plural


def title(day: Day) -> str:
    return f"{day.date:%A}, {long_date(day.date)}" if day.date else "Undated papers"


def day_nav(day: Day, newer: Day | None, older: Day | None) -> str:
    here = urls.day_path(day.date)
    archive = urls.rel(here, "archive.md", urls.month_anchor(day.date.year, day.date.month)
                       if day.date else "undated")
    parts = [f"[← {day_label(older.date)}]({urls.rel(here, urls.day_path(older.date))})" if older else None,
             f"[Archive]({archive})",
             f"[{day_label(newer.date)} →]({urls.rel(here, urls.day_path(newer.date))})" if newer else None]
    return " · ".join(p for p in parts if p) + "\n{ .pa-daynav }"


def render_day(site: Site, day: Day, newer: Day | None, older: Day | None) -> str:
    here = urls.day_path(day.date)
    nav = day_nav(day, newer, older)
    cards = [paper_card(site, paper, here) for paper in site.papers(day.paper_keys)]
    count = plural(len(day.paper_keys), "paper") + "\n{ .pa-meta }"
    return page(front(title(day), search=False), f"# {title(day)}", count, nav, *cards, nav)


def render(site: Site) -> dict[str, str]:
    dated = site.dated_days
    pages = {}
    for day in site.archive.days:
        if day.date is None:
            newer = older = None
        else:
            i = dated.index(day)
            newer = dated[i - 1] if i > 0 else None
            older = dated[i + 1] if i + 1 < len(dated) else None
        pages[urls.day_path(day.date)] = render_day(site, day, newer, older)
    return pages
