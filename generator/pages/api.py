"""`api/papers.json`: one object per distinct paper, in archive order.

Schema (every key always present):
  id         paper key: "arxiv-<id>" or "title-<normalised title>"
  arxiv_id   string or null
  title      string (as in the digest, not escaped)
  url        site-relative URL of the paper page, e.g. "papers/<slug>/"
  days       digest dates "YYYY-MM-DD", oldest first; null for Undated
  published  "YYYY-MM-DD" or null
  upvotes    integer or null (unknown)
  authors    list of names (may be shorter than author_count)
  author_count  integer or null
  topics     topic slugs;  tags: tag slugs
  links      list of {"kind": ..., "url": ...}, https only: the paper's own links, without the
             arXiv abstract and PDF links, which are https://arxiv.org/abs/<arxiv_id> and
             https://arxiv.org/pdf/<arxiv_id> for every arxiv_id (a sixth of the file, said twice)
Serialised with sorted keys and compact separators: byte-identical for the
same archive.
"""
from __future__ import annotations

import json

from ..model import Paper
from . import urls
from .blocks import paper_links, valid_arxiv_id
from .site import Site

PATH = "api/papers.json"


def paper_record(site: Site, paper: Paper) -> dict[str, object]:
    return {
        "id": paper.key,
        "arxiv_id": paper.arxiv_id,
        "title": paper.title,
        "url": urls.site_url(site.paper_path(paper)),
        "days": [day.isoformat() if day else None for day in paper.days],
        "published": paper.published.isoformat() if paper.published else None,
        "upvotes": paper.upvotes,
        "authors": list(paper.authors),
        "author_count": paper.author_count,
        "topics": list(paper.topics),
        "tags": list(paper.tags),
        "links": [{"kind": kind, "url": url} for kind, url in own_links(paper)],
    }


def own_links(paper: Paper) -> list[tuple[str, str]]:
    """The paper page's links but the two every arXiv id gives (paper_links puts them first)."""
    links = paper_links(paper)
    return links[2:] if valid_arxiv_id(paper) else links


def _record_json(site: Site, paper: Paper) -> str:
    return json.dumps(paper_record(site, paper), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def render(site: Site) -> dict[str, str]:
    # json.dumps of the list, one record at a time: a record is remembered with its paper (Site.fragments)
    records = (site.fragments.get(paper, ("api", site.slugs[paper.key]), lambda paper=paper: _record_json(site, paper))
               for paper in site.archive.papers.values())
    return {PATH: "[" + ",".join(records) + "]\n"}
