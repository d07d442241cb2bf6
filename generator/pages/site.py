"""What every renderer needs: the archive plus slugs, names and indexes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

from ..model import Archive, Day, Paper
from ..related import related_papers
from . import urls


class TaxonomyLike(Protocol):
    @property
    def slugs(self) -> tuple[str, ...]: ...
    def name(self, slug: str) -> str: ...
    def topic(self, slug: str) -> Any: ...
    def tag_label(self, slug: str) -> str: ...


@dataclass(frozen=True)
class Site:
    archive: Archive
    taxonomy: TaxonomyLike
    title: str
    url: str  # the site's absolute base URL ("https://me.github.io/archive/"), "" when unknown
    slugs: dict[str, str]  # paper key -> slug
    collisions: dict[str, tuple[str, ...]]  # bare slug -> keys sharing it
    by_topic: dict[str, tuple[str, ...]]  # topic slug -> keys, newest first
    by_tag: dict[str, tuple[str, ...]]  # tag slug -> keys, newest first
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # paper key -> most similar keys

    def paper(self, key: str) -> Paper:
        return self.archive.papers[key]

    def papers(self, keys: Iterable[str]) -> list[Paper]:
        return [self.archive.papers[key] for key in keys]

    def paper_path(self, paper: Paper) -> str:
        return urls.paper_path(self.slugs[paper.key])

    def anchor(self, paper: Paper) -> str:
        """The id of a paper's card on a day page."""
        return self.slugs[paper.key]

    def topic_name(self, slug: str) -> str:
        try:
            return self.taxonomy.name(slug)
        except KeyError:
            return slug

    def topic_scope(self, slug: str) -> str:
        try:
            return self.taxonomy.topic(slug).scope
        except KeyError:
            return ""

    def tag_label(self, slug: str) -> str:
        return self.taxonomy.tag_label(slug)

    @property
    def dated_days(self) -> tuple[Day, ...]:
        return tuple(day for day in self.archive.days if day.date is not None)

    @property
    def latest_day(self) -> Day | None:
        return (self.dated_days or self.archive.days or (None,))[0]

    @property
    def topic_slugs(self) -> tuple[str, ...]:
        """Every taxonomy topic, then any other topic a paper carries."""
        extra = sorted(set(self.by_topic) - set(self.taxonomy.slugs))
        return tuple(self.taxonomy.slugs) + tuple(extra)


def _newest_first(archive: Archive) -> tuple[str, ...]:
    order = {key: i for i, key in enumerate(archive.papers)}

    def sort_key(paper: Paper) -> tuple[bool, int, int]:
        first = paper.first_day
        return (first is None, -(first or dt.date.min).toordinal(), order[paper.key])

    return tuple(p.key for p in sorted(archive.papers.values(), key=sort_key))


def _index(keys: tuple[str, ...], archive: Archive, field: str) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for key in keys:
        for slug in getattr(archive.papers[key], field):
            index.setdefault(slug, []).append(key)
    return {slug: tuple(found) for slug, found in index.items()}


def make_site(archive: Archive, taxonomy: TaxonomyLike, title: str, url: str = "") -> Site:
    slugs, collisions = urls.paper_slugs(archive.papers.values())
    newest = _newest_first(archive)
    base = url if not url or url.endswith("/") else url + "/"
    return Site(archive, taxonomy, title, base, slugs, collisions,
                _index(newest, archive, "topics"), _index(newest, archive, "tags"), related_papers(archive))
