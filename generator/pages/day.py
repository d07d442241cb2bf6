"""Day pages: one per digest date, its papers grouped by first topic, in digest order within."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import Day, Paper
from . import upvoted, urls
from .blocks import day_label, front, page, paper_card
from .months import PATH as ARCHIVE
from .site import Site
from .text import long_date, md_text, plural


def title(day: Day) -> str:
    return f"{day.date:%A}, {long_date(day.date)}" if day.date else "Undated papers"


def day_nav(day: Day, newer: Day | None, older: Day | None) -> str:
    here = urls.day_path(day.date)
    archive = urls.rel(here, ARCHIVE, urls.month_anchor(day.date.year, day.date.month)
                       if day.date else "undated")
    parts = [f"[← {day_label(older.date)}]({urls.rel(here, urls.day_path(older.date))})" if older else None,
             f"[Archive]({archive})",
             f"[{day_label(newer.date)} →]({urls.rel(here, urls.day_path(newer.date))})" if newer else None]
    return " · ".join(p for p in parts if p) + "\n{ .pa-daynav }"


def topic_anchor(slug: str) -> str:
    """A topic heading's id: `_` never occurs in a paper's slug, so it never clashes with a card's."""
    return f"topic_{urls.safe_slug(slug)}"


def by_primary_topic(site: Site, day: Day) -> dict[str, list[Paper]]:
    """The day's papers grouped by their first topic, in taxonomy order, digest order within."""
    groups: dict[str, list[Paper]] = {}
    for paper in site.papers(day.paper_keys):
        groups.setdefault(paper.topics[0] if paper.topics else "", []).append(paper)
    order = {slug: i for i, slug in enumerate(("", *site.topic_slugs))}
    return {slug: groups[slug] for slug in sorted(groups, key=order.__getitem__)}


def topic_name(site: Site, slug: str) -> str:
    return md_text(site.topic_name(slug)) if slug else "Unclassified"


def topic_heading(site: Site, slug: str, here: str) -> str:
    """A section's heading: its topic, linked to the topic's page once here rather than by a
    chip on each of its cards."""
    return f"[{topic_name(site, slug)}]({urls.rel(here, urls.topic_path(slug))})" if slug else topic_name(site, slug)


def jump_links(site: Site, groups: dict[str, list[Paper]]) -> str:
    links = (f"[{topic_name(site, slug)} ({len(papers)})](#{topic_anchor(slug)})" for slug, papers in groups.items())
    return "Jump to: " + " · ".join(links) + "\n{ .pa-jump }"


def render_day(site: Site, day: Day, newer: Day | None, older: Day | None,
               weeks: frozenset[upvoted.Period] = frozenset()) -> str:
    here = urls.day_path(day.date)
    nav = day_nav(day, newer, older)
    groups = by_primary_topic(site, day)
    sections = [f"## {topic_heading(site, slug, here)} {{ #{topic_anchor(slug)} }}\n\n"
                + "\n\n".join(paper_card(site, paper, here, level=3, section_topic=slug) for paper in papers)
                for slug, papers in groups.items()]
    most = upvoted.week_link(day.date, weeks, here)
    count = plural(len(day.paper_keys), "paper") + (f" · {most}" if most else "") + "\n{ .pa-meta }"
    return page(front(title(day), search=False), f"# {title(day)}", count, nav, jump_links(site, groups),
                *sections, nav)


def neighbours(site: Site) -> Iterator[tuple[Day, Day | None, Day | None]]:
    """Every day with the days its page links to: (day, newer, older)."""
    dated = site.dated_days
    position = {id(day): i for i, day in enumerate(dated)}  # not dated.index(day): a scan per day
    for day in site.archive.days:
        if day.date is None:
            yield day, None, None
        else:
            i = position[id(day)]
            yield day, dated[i - 1] if i > 0 else None, dated[i + 1] if i + 1 < len(dated) else None


def render(site: Site) -> dict[str, str]:
    weeks = frozenset(upvoted.weeks_with_pages(site))
    return {urls.day_path(day.date): render_day(site, day, newer, older, weeks)
            for day, newer, older in neighbours(site)}
