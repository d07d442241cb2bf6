"""Markdown fragments shared by several page kinds."""
from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from typing import Callable

from ..model import ARXIV_ID, Paper
from . import urls
from .site import Site
from .text import html_text, md_text, month_name, plural, safe_url, short_date, teaser

LINK_LABELS = {
    "arxiv": "arXiv", "pdf": "PDF", "paper": "Paper", "code": "Code", "project": "Project page",
    "demo": "Demo", "model": "Model", "dataset": "Dataset",
}
CARD_LINK_KINDS = ("code", "project")
LISTING_PAGE_SIZE = 200  # papers per topic or tag page: no page grows with the archive
ARXIV_ID_OR_VERSION = re.compile(ARXIV_ID + r"(v\d+)?")


# JSON writes a character outside the BMP as a surrogate pair, which YAML (libyaml) rejects: an
# emoji title then left a page without front matter. YAML's own escape for it is \UXXXXXXXX.
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def yaml_value(value: object) -> str:
    """A front matter value: JSON (which YAML reads), with YAML's escape for astral characters."""
    def astral(match: re.Match[str]) -> str:
        high, low = int(match[2], 16), int(match[3], 16)
        return f"{match[1]}\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08x}"
    return _SURROGATE_PAIR.sub(astral, json.dumps(value, ensure_ascii=True, sort_keys=True))


def page(front: dict[str, object], *blocks: str | None) -> str:
    """A Markdown page: YAML front matter, then the non-empty blocks."""
    meta = "\n".join(f"{key}: {yaml_value(value)}" for key, value in front.items())
    body = "\n\n".join(block for block in blocks if block)
    return f"---\n{meta}\n---\n\n{body}\n"


def front(title: str | None, search: bool = True) -> dict[str, object]:
    """Front matter: the title as escaped HTML (the theme prints it raw).
    The home page sets none: the theme then titles it with the site name alone."""
    meta: dict[str, object] = {"title": html_text(title)} if title else {}
    if not search:
        meta["search"] = {"exclude": True}
    return meta


def day_label(day: dt.date | None) -> str:
    return short_date(day) if day else "Undated"


def day_link(day: dt.date | None, here: str, anchor: str = "") -> str:
    return f"[{day_label(day)}]({urls.rel(here, urls.day_path(day), anchor)})"


def paper_link(site: Site, paper: Paper, here: str) -> str:
    return f"[{md_text(paper.title)}]({urls.rel(here, site.paper_path(paper))})"


def chips(site: Site, paper: Paper, here: str, section_topic: str | None = None) -> str | None:
    """Topic and tag chips as one paragraph, or None when there are none. Every link in a
    `.pa-chips` paragraph is drawn as a chip (extra.css), so tag chips carry no class.
    section_topic: the topic of the section the paper is listed in, whose heading links it: no chip."""
    topics = (f"[{md_text(site.topic_name(s))}]({urls.rel(here, urls.topic_path(s))}){{ .pa-topic }}"
              for s in paper.topics if s != section_topic)
    tags = (f"[{md_text(site.tag_label(s))}]({urls.rel(here, *site.tag_target(s))})"
            for s in paper.tags)
    line = " ".join(itertools.chain(topics, tags))
    return f"{line}\n{{ .pa-chips }}" if line else None


def authors(paper: Paper, limit: int | None = 6) -> str | None:
    total = paper.author_total
    shown = paper.authors[:limit] if limit else paper.authors
    if not shown:
        return plural(total, "author") if total else None
    more = total - len(shown)
    return ", ".join(md_text(name) for name in shown) + (f" and {more} more" if more > 0 else "")


def upvotes(paper: Paper) -> str | None:
    return None if paper.upvotes is None else f"▲ {paper.upvotes:,}"


def stars(paper: Paper) -> str | None:
    """The code repository's GitHub stars, compact (the paper page says on which day)."""
    has_code = any(link.kind == "code" for link in paper.links)
    return f"★ {paper.hf.github_stars:,}" if has_code and paper.hf.github_stars is not None else None


def card_teaser(paper: Paper) -> str | None:
    """The AI summary when there is one (marked, never taken for the authors' text), else the abstract's start."""
    if paper.hf.ai_summary:
        return f"{md_text(paper.hf.ai_summary)}\n{{ .pa-ai }}"
    return md_text(teaser(paper.abstract)) if paper.abstract else None


def valid_arxiv_id(paper: Paper) -> str | None:
    """The paper's arXiv id if it is well-formed (pages link and cite only those)."""
    valid = paper.arxiv_id and ARXIV_ID_OR_VERSION.fullmatch(paper.arxiv_id)
    return paper.arxiv_id if valid else None


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(kind, safe URL) of every link a paper page shows, arXiv first, deduplicated."""
    found: list[tuple[str, str]] = []
    arxiv_id = valid_arxiv_id(paper)
    if arxiv_id:
        found += [("arxiv", f"https://arxiv.org/abs/{arxiv_id}"),
                  ("pdf", f"https://arxiv.org/pdf/{arxiv_id}")]
    found += [(link.kind, link.url) for link in paper.links]
    seen: set[str] = set()
    links = []
    for kind, url in found:
        safe = safe_url(url)
        if safe and safe not in seen:
            seen.add(safe)
            links.append((kind, safe))
    return links


def http_links(paper: Paper) -> list[tuple[str, str]]:
    """(kind, URL) of the plain-http links, which pages show as text, never as links."""
    return [(link.kind, link.url) for link in paper.links if link.url[:7].lower() == "http://"]


def link_label(kind: str) -> str:
    return LINK_LABELS.get(kind, md_text(kind.title()))


def link_md(kind: str, url: str) -> str:
    return f"[{link_label(kind)}]({url})"


def meta_line(*parts: str | None) -> str | None:
    shown = [part for part in parts if part]
    return " · ".join(shown) + "\n{ .pa-meta }" if shown else None


def paper_card(site: Site, paper: Paper, here: str, level: int = 2, section_topic: str | None = None) -> str:
    """A paper as a day page lists it: title, teaser, meta line, chips (but section_topic's, see chips)."""
    repository = stars(paper)
    links = [link_md(kind, url) + (f" {repository}" if kind == "code" and repository else "")
             for kind, url in paper_links(paper) if kind in CARD_LINK_KINDS]
    heading = f"{'#' * level} {paper_link(site, paper, here)} {{ #{site.anchor(paper)} }}"
    summary = card_teaser(paper)
    meta = meta_line(upvotes(paper), authors(paper), *links)
    return "\n\n".join(b for b in (heading, summary, meta, chips(site, paper, here, section_topic)) if b)


def list_item(site: Site, paper: Paper, here: str) -> str:
    return site.fragments.get(paper, ("item", here, site.slugs[paper.key]), lambda: _list_item(site, paper, here))


def _list_item(site: Site, paper: Paper, here: str) -> str:
    repository = stars(paper)
    code_stars = f"code {repository}" if repository else None  # the repository's, not a reading-list star
    details = " · ".join(p for p in (day_label(paper.first_day), upvotes(paper), code_stars) if p)
    return f"- {paper_link(site, paper, here)} <small>{details}</small>"


def month_of(paper: Paper) -> tuple[int, int] | None:
    day = paper.first_day
    return (day.year, day.month) if day else None


def papers_by_month(site: Site, keys: tuple[str, ...], here: str) -> str:
    """Papers (already newest first) as one list per month of their first day."""
    sections = []
    for month, group in itertools.groupby(site.papers(keys), key=month_of):
        title = f"## {month_name(*month)} {{ #{urls.month_anchor(*month)} }}" if month else "## Undated { #undated }"
        items = "\n".join(list_item(site, paper, here) for paper in group)
        sections.append(f"{title}\n\n{items}")
    return "\n\n".join(sections) if sections else "No papers yet."


def listing_pages(site: Site, first: str, title: str, intro: Callable[[str], str], keys: tuple[str, ...],
                  meta: dict[str, object] | None = None, chart: str | None = None) -> dict[str, str]:
    """A topic or tag listing: pages of at most LISTING_PAGE_SIZE papers (newest first, by month),
    each with a title, an intro line (intro(page path)) and links to the other pages; the first page
    at `first`, with the chart. meta: more front matter for every page."""
    chunks = [keys[start:start + LISTING_PAGE_SIZE] for start in range(0, len(keys), LISTING_PAGE_SIZE)] or [()]
    paths = [first] + [urls.listing_page_path(first, number) for number in range(2, len(chunks) + 1)]
    pages = {}
    for number, (here, chunk) in enumerate(zip(paths, chunks), start=1):
        heading = md_text(title) + (f" (page {number} of {len(chunks)})" if number > 1 else "")
        nav = page_nav(here, paths, number)
        pages[here] = page({**front(title, search=False), **(meta or {})}, f"# {heading}", intro(here),
                           chart if number == 1 else None, nav, papers_by_month(site, chunk, here), nav)
    return pages


def page_nav(here: str, paths: list[str], number: int) -> str | None:
    """Links to the other pages of a listing, or None when it has one page."""
    if len(paths) == 1:
        return None
    links = [f"**{n}**" if n == number else f"[{n}]({urls.rel(here, path)})" for n, path in enumerate(paths, start=1)]
    return "Pages: " + " · ".join(links) + "\n{ .pa-pages }"
