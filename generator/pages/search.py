"""The files the archive search page loads, under `search/`.

  search/manifest.json        topics and the shards, newest first (small; loaded first)
  search/<id>.<hash>.json     a shard (newest week, or a quarter): its papers
                              (url, title, day, topics, authors, arXiv id) and their lunr index
  search/<id>.<hash>.text.json  the shard's abstracts, fetched only to show snippets

arXiv ids are matched by the page against the papers' ids, not indexed: each
would add a term found in one paper only (two thirds of a 10,000-paper
archive's vocabulary).

Shard file names carry a hash of their content, so a browser may cache them
for good and a page never mixes shards of two builds. Text is stored as
plain text: the page inserts it as text, never as HTML.
"""
from __future__ import annotations

import hashlib
import json

from ..model import Paper
from ..search import IndexCache, MemoryCache, SearchDoc, Shard, build_indexes, make_shards
from . import urls
from .site import Site
from .text import plain

MANIFEST = "search/manifest.json"
FORMAT_VERSION = 1


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


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
                     paper.topics, short_authors(paper), plain(paper.abstract), body, paper.arxiv_id or "")


def shard_files(shard: Shard, index_json: str) -> tuple[str, str, str, str]:
    """(shard path, shard JSON, text path, text JSON)."""
    papers = [[doc.url, doc.title, doc.day.isoformat() if doc.day else None, list(doc.topics), doc.authors,
               doc.arxiv_id] for doc in shard.docs]
    shard_json = f'{{"papers":{dumps(papers).rstrip()},"index":{index_json}}}\n'
    text_json = dumps([doc.abstract for doc in shard.docs])
    return (f"search/{shard.id}.{digest(shard_json)}.json", shard_json,
            f"search/{shard.id}.{digest(text_json)}.text.json", text_json)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def render(site: Site, cache: IndexCache | None = None) -> dict[str, str]:
    shards = make_shards([search_doc(site, paper) for paper in site.archive.papers.values()])
    indexes, _ = build_indexes([shard.docs for shard in shards], cache or MemoryCache())
    files: dict[str, str] = {}
    entries = []
    for shard, index_json in zip(shards, indexes):
        path, shard_json, text_path, text_json = shard_files(shard, index_json)
        files[path], files[text_path] = shard_json, text_json
        entries.append({"id": shard.id, "papers": len(shard.docs), "index": path, "text": text_path,
                        "first": shard.first.isoformat() if shard.first else None,
                        "last": shard.last.isoformat() if shard.last else None})
    topics = [[slug, site.topic_name(slug), urls.site_url(urls.topic_path(slug))] for slug in site.topic_slugs if slug in site.by_topic]
    manifest = {"version": FORMAT_VERSION, "papers": len(site.archive.papers), "topics": topics,
                "shards": entries}
    files[MANIFEST] = dumps(manifest)
    return files
