"""The home page: archive totals, the ways in, and the latest day's papers."""
from __future__ import annotations

from . import upvoted, urls
from .blocks import day_link, front, page, paper_card
from .day import title as day_title
from .months import PATH as ARCHIVE
from .site import Site
from .text import md_text, plural

PATH = "index.md"
RECENT_DAYS = 7


def totals(site: Site) -> str:
    counts = (plural(len(site.archive.papers), "paper"), plural(len(site.archive.days), "day"),
              plural(len(site.topic_slugs), "topic"), plural(len(site.by_tag), "tag"))
    return " · ".join(f"**{count}**" for count in counts) + "\n{ .pa-totals }"


def last_updated(site: Site) -> str | None:
    """When the archive last grew, told by the archive itself (its newest day), never the clock:
    the same digests build the same page, and a stopped daily fetch shows as an old date."""
    if not site.dated_days:
        return None
    day = site.dated_days[0]
    link = urls.rel(PATH, urls.day_path(day.date))
    return f"Last updated with the papers of [{day_title(day)}]({link}), the newest day.\n{{ .pa-updated }}"


def ways_in() -> str:
    """A button per page in the nav, but this one, and per hand-written page outside it (the reading list)."""
    from . import KINDS  # the registry of page kinds imports this module
    return " ".join(f"[{kind.title}]({urls.rel(PATH, kind.path)}){{ .md-button }}"
                    for kind in KINDS if (kind.in_nav or kind.render is None) and kind.path != PATH)


def latest(site: Site) -> str:
    day = site.latest_day
    if day is None:
        return f"No digests yet: [About]({urls.rel(PATH, urls.ABOUT_PAGE)}) explains how to add one."
    here = PATH
    link = urls.rel(here, urls.day_path(day.date))
    head = f"## Latest: {day_title(day)} {{ #latest }}\n\n{plural(len(day.paper_keys), 'paper')} · [Day page]({link})"
    cards = [paper_card(site, paper, here, level=3) for paper in site.papers(day.paper_keys)]
    return "\n\n".join([head, *cards])


def recent(site: Site) -> str | None:
    latest_day = site.latest_day
    days = [day for day in site.archive.days if day is not latest_day][:RECENT_DAYS]
    if not days:
        return None
    items = "\n".join(f"- {day_link(day.date, PATH)} · {plural(len(day.paper_keys), 'paper')}" for day in days)
    return f"## Earlier days {{ #earlier-days }}\n\n{items}\n\nEvery day is in the [Archive]({urls.rel(PATH, ARCHIVE)})."


def render(site: Site) -> dict[str, str]:
    body = page(front(None, search=False), f"# {md_text(site.title)}",
                totals(site), last_updated(site), ways_in(), upvoted.latest_links(site, PATH), latest(site), recent(site))
    return {PATH: body}
