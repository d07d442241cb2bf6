"""The renderers: one module per page kind, and the registry of page kinds.

Every renderer is `render(site: Site) -> Mapping[str, str]`: {docs-relative path:
content}; paper pages come as a LazyPages mapping that renders a page when it is
read. Renderers only render: `generator.build` runs the stages and writes the
files, and nothing here imports MkDocs or touches a file.

To add a page kind: a module here with `render(site)` and a `PATH`, and an entry
in KINDS; if it is in the nav, in mkdocs.yml's nav too, in the same place (a test
checks they agree). The home page's buttons and the plugin's nav check read KINDS.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import api, day, feeds, home, months, paper, tags, topics, trends, upvoted, urls
from .site import Renderer, Site

__all__ = ["KINDS", "PageKind", "Site", "nav_kinds", "in_nav"]


@dataclass(frozen=True)
class PageKind:
    title: str  # in the nav and on the home page's buttons
    path: str  # the kind's page, or the folder of its pages
    in_nav: bool
    render: Renderer | None  # None: a hand-written page of site_src


KINDS = (  # nav pages in nav order
    PageKind("Home", home.PATH, True, home.render),
    PageKind("Archive", months.PATH, True, months.render),
    PageKind("Topics", topics.INDEX, True, topics.render),
    PageKind("Tags", tags.INDEX, True, tags.render),
    PageKind("Trends", trends.PATH, True, trends.render),
    PageKind("Search", urls.SEARCH_PAGE, True, None),
    PageKind("About", urls.ABOUT_PAGE, True, None),
    PageKind("Reading list", urls.READING_LIST_PAGE, False, None),  # its tab is added by reader.js
    PageKind("Days", "days/", False, day.render),
    PageKind("Papers", "papers/", False, paper.render),
    PageKind("Most upvoted", upvoted.FOLDER, False, upvoted.render),
    PageKind("API", api.PATH, False, api.render),
    PageKind("Feeds", feeds.ALL, False, feeds.render),
)
_NAV_PATHS = frozenset(kind.path for kind in KINDS if kind.in_nav)


def nav_kinds() -> tuple[PageKind, ...]:
    return tuple(kind for kind in KINDS if kind.in_nav)


def in_nav(path: str) -> bool:
    """Whether the page at this docs-relative path is in the nav (every other page is reached by links)."""
    return path in _NAV_PATHS
