"""The files the archive search page loads, under `search/` (layout: generator/search/index.py).

Text is stored as plain text: the page inserts it as text, never as HTML.
"""
from __future__ import annotations

from ..model import Paper
from ..search import IndexCache, SearchDoc, build
from . import urls
from .site import Site
from .text import plain


def short_authors(paper: Paper) -> str:
    total = max(paper.author_count or 0, len(paper.authors))
    if not paper.authors:
        return f"{total} author{'s' if total != 1 else ''}" if total else ""
    shown = ", ".join(plain(name) for name in paper.authors[:3])
    return shown + (" et al." if total > 3 else "")


def search_doc(site: Site, paper: Paper) -> SearchDoc:
    names = [site.topic_name(slug) for slug in paper.topics] + [site.tag_label(slug) for slug in paper.tags]
    body = "\n".join([paper.abstract, " ".join(paper.authors), paper.organization or "", *names])
    return SearchDoc(urls.site_url(site.paper_path(paper)), plain(paper.title), paper.first_day,
                     paper.topics, short_authors(paper), body, paper.arxiv_id or "",
                     paper.tags, tuple(plain(name) for name in paper.authors))


def render(site: Site, cache: IndexCache | None = None) -> dict[str, str]:
    """Every file under search/ by docs-relative path (the search stage's one entry point)."""
    topics = [(slug, site.topic_name(slug), urls.site_url(urls.topic_path(slug)))
              for slug in site.topic_slugs if slug in site.by_topic]
    tags = [(slug, site.tag_label(slug)) for slug in sorted(site.by_tag)]
    docs = [site.fragments.get(paper, ("search", site.slugs[paper.key], *map(site.topic_name, paper.topics),
                                       *map(site.tag_label, paper.tags)), lambda paper=paper: search_doc(site, paper))
            for paper in site.archive.papers.values()]
    return build(docs, cache, topics, tags).files
