"""The enrich stage: a classified Archive becomes the Site the renderers read: paper slugs,
the papers of each topic and tag (newest first) and each paper's related papers."""
from __future__ import annotations

from .model import Archive, newest_first
from .pages import urls
from .pages.site import Fragments, Site, TaxonomyLike
from .related import RelatedCache, related_papers


def _index(keys: tuple[str, ...], archive: Archive, field: str) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for key in keys:
        for slug in getattr(archive.papers[key], field):
            index.setdefault(slug, []).append(key)
    return {slug: tuple(found) for slug, found in index.items()}


def make_site(archive: Archive, taxonomy: TaxonomyLike, title: str, url: str = "", thumbnails: bool = False,
              related: RelatedCache | None = None, related_lists: dict[str, tuple[str, ...]] | None = None,
              fragments: Fragments | None = None) -> Site:
    """related_lists: related_papers(archive) worked out already (by build, beside classify);
    fragments: the page parts of an earlier build's papers (`mkdocs serve`)."""
    slugs, collisions = urls.paper_slugs(archive.papers.values())
    # Newest first, archive order within a day (the sort is stable).
    newest = tuple(p.key for p in sorted(archive.papers.values(), key=lambda paper: newest_first(paper.first_day)))
    base = url if not url or url.endswith("/") else url + "/"
    if related_lists is None:
        related_lists = related_papers(archive, cache=related)
    return Site(archive, taxonomy, title, base, slugs, collisions, _index(newest, archive, "topics"),
                _index(newest, archive, "tags"), related_lists, thumbnails, fragments or Fragments())
