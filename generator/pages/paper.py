"""Paper pages: one permalink per distinct paper."""
from __future__ import annotations

import re

from ..model import Paper
from . import urls
from .blocks import (authors, chips, day_label, day_link, front, http_links, link_label, link_md, list_item, meta_line, page,
                     paper_link, paper_links, upvotes, valid_arxiv_id)
from .cite import citation
from .site import LazyPages, Site
from .text import md_paragraphs, md_text, plural, safe_url, short_date

HF_PAPERS = "https://huggingface.co/papers/"


def section(title: str, anchor: str, body: str | None) -> str | None:
    """A heading and its body; None if empty."""
    return f"## {title} {{ #{anchor} }}\n\n{body}" if body else None


def render_paper(site: Site, paper: Paper) -> str:
    here = site.paper_path(paper)
    published = f"Published {short_date(paper.published)}" if paper.published else None
    organization = md_text(paper.organization) if paper.organization else None
    names = authors(paper, limit=None) if paper.authors else None
    count = None if paper.authors else authors(paper)  # "4 authors" when no names are known
    shown = paper_links(paper)
    links = "\n".join([f"- {link_md(kind, url)}{code_stars(paper) if kind == 'code' else ''}"
                       for kind, url in shown]
                      + [f"- {link_label(kind)}: {md_text(url)} (http, not linked)" for kind, url in http_links(paper)]
                      + hf_page(paper))
    days = "\n".join(f"- {day_link(day, here, site.anchor(paper))}" for day in paper.days)
    related = "\n".join(list_item(site, other, here) for other in site.papers(site.related.get(paper.key, ())))
    return page(
        {**front(paper.title, search=False), "hide": ["toc"]},  # the archive search covers papers; short page
        f"# {md_text(paper.title)} {{ #title }}",  # not the title's slug again: the URL has it
        meta_line(upvotes(paper), published, count, organization),
        f"**Authors:** {names}" if names else None,
        chips(site, paper, here),
        same_title(site, paper, here),
        thumbnail(site, paper),
        ai_summary(paper),
        section("Abstract", "abstract", "\n\n".join(md_paragraphs(paper.abstract))),
        section("Links", "links", links),
        section("Appeared on", "appeared-on", days),
        section("Related papers", "related", related),
        section("Cite", "cite", citation(paper, shown)),
    )


def ai_summary(paper: Paper) -> str | None:
    """The API's one-line summary, labelled as machine-written: it is not the authors' text."""
    text = paper.hf.ai_summary
    return f"**AI summary** (Hugging Face, not the authors): {md_text(text)}\n{{ .pa-summary }}" if text else None


def thumbnail(site: Site, paper: Paper) -> str | None:
    """The HF thumbnail, only when the site opts in (a third-party image): lazy, with its size
    given (a 1200x630 social card; CSS keeps that box), so nothing moves when it arrives. The
    Markdown image takes Python-Markdown's road, not markdown_subset's."""
    url = safe_url(paper.hf.thumbnail) if site.thumbnails and paper.hf.thumbnail else None
    if not url:
        return None
    attributes = 'width="1200" height="630" loading="lazy" decoding="async" referrerpolicy="no-referrer"'
    return f"![]({url}){{ .pa-thumb {attributes} }}"


def code_stars(paper: Paper) -> str:
    """" · ★ 8 GitHub stars on Aug 21, 2026": a count only means something with its day."""
    count, day = paper.hf.github_stars, paper.stars_day
    if count is None:
        return ""
    return f" · ★ {plural(count, 'GitHub star')}" + (f" on {short_date(day)}" if day else "")


def hf_page(paper: Paper) -> list[str]:
    """The paper's Hugging Face page (every paper with an arXiv id has one) and its comment count."""
    arxiv_id = valid_arxiv_id(paper)
    if not arxiv_id:
        return []
    comments = paper.hf.comments
    count = f" · {plural(comments, 'comment')}" if comments is not None else ""
    return [f"- [Hugging Face]({HF_PAPERS}{re.sub(r'v[0-9]+$', '', arxiv_id)}){count}"]


SAME_TITLE_SHOWN = 3  # links to other papers of the same title slug a page shows at most


def same_title(site: Site, paper: Paper, here: str) -> str | None:
    """Links to the other papers whose titles give the same slug: all of them when there are
    few, else the first seen and this paper's neighbours in first-seen order (so every one is
    reached, page by page) and how many more, so no page grows with the number of copies."""
    keys = site.same_slug.get(paper.key, ())
    if len(keys) < 2:
        return None
    at = keys.index(paper.key)
    others = [k for k in keys if k != paper.key]
    if len(others) > SAME_TITLE_SHOWN:
        others = [k for k in dict.fromkeys((keys[0], keys[at - 1] if at else keys[0], keys[(at + 1) % len(keys)]))
                  if k != paper.key]
    links = [f"[{same_title_label(paper, other)}]({urls.rel(here, site.paper_path(other))})"
             for other in site.papers(others)]
    more = len(keys) - 1 - len(others)
    tail = f" · {plural(more, 'more paper')} of this title" if more else ""
    return "Not to be confused with: " + " · ".join(links) + tail + "\n{ .pa-meta }"


def same_title_label(paper: Paper, other: Paper) -> str:
    """The other paper's title if it differs from this one's, else what tells them apart: its
    first day and arXiv id (the title again would say nothing)."""
    if other.title != paper.title:
        return md_text(other.title)
    arxiv_id = valid_arxiv_id(other)
    return day_label(other.first_day) + (f" (arXiv&#58;{arxiv_id})" if arxiv_id else "")


def render(site: Site) -> LazyPages:
    """A page per paper, each rendered when it is read: a large archive's paper pages are
    written one by one, never all held in memory."""
    return LazyPages({site.paper_path(paper): paper for paper in site.archive.papers.values()},
                     lambda paper: render_paper(site, paper))
