"""What every renderer takes: the Site (the archive plus slugs, names and indexes, made by
`generator.enrich`), and the one renderer signature."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol, TypeVar

from ..model import Archive, Day, Paper
from . import urls

T = TypeVar("T")


class TaxonomyLike(Protocol):
    @property
    def slugs(self) -> tuple[str, ...]: ...
    def name(self, slug: str) -> str: ...
    def topic(self, slug: str) -> Any: ...
    def tag_label(self, slug: str) -> str: ...


class Fragments:
    """Parts of pages made from one paper alone (a listing's item, its API record, its search doc), remembered with
    the paper object they were made from: `archive.MergedPapers` and `classify.Classifier` give an
    unchanged paper as the same object build after build (`mkdocs serve`), and a frozen Paper is
    the same text. A part is looked up by (paper key, what else it is made from)."""

    def __init__(self, last: dict[tuple, tuple[Any, Any]] | None = None):
        self.parts: dict[tuple, tuple[Any, Any]] = dict(last or {})
        self.made: dict[tuple, Any] = {}  # this build's new parts, without their papers (for a child to send)

    def get(self, paper: Paper, of: tuple, make: Callable[[], T]) -> T:
        key = (paper.key, *of)
        found = self.parts.get(key)
        if found is None or found[0] is not paper:
            found = self.parts[key] = (paper, make())
            self.made[key] = found[1]
        return found[1]

    def adopt(self, made: dict[tuple, Any], papers: Mapping[str, Paper]) -> None:
        """The parts a child made from these papers (the child's are copies of them)."""
        for key, text in made.items():
            self.parts[key] = (papers[key[0]], text)


@dataclass(frozen=True)
class Site:
    """The enriched archive: everything a renderer reads."""

    archive: Archive
    taxonomy: TaxonomyLike
    title: str
    url: str  # the site's absolute base URL ("https://me.github.io/archive/"), "" when unknown
    slugs: dict[str, str]  # paper key -> slug
    collisions: dict[str, tuple[str, ...]]  # bare slug -> keys sharing it
    by_topic: dict[str, tuple[str, ...]]  # topic slug -> keys, newest first
    by_tag: dict[str, tuple[str, ...]]  # tag slug -> keys, newest first
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # paper key -> most similar keys
    thumbnails: bool = False  # paper pages show the HF thumbnail (a third-party image): an opt-in
    fragments: Fragments = field(default_factory=Fragments, compare=False, repr=False)

    @cached_property
    def same_slug(self) -> dict[str, tuple[str, ...]]:
        """Paper key -> the keys sharing its title's slug (collisions by key: a paper page
        would otherwise slugify its title again to find them)."""
        return {key: keys for keys in self.collisions.values() for key in keys}

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

    def tags_by_label(self, slugs: Iterable[str]) -> list[str]:
        return sorted(slugs, key=lambda slug: (self.tag_label(slug).casefold(), slug))

    @cached_property
    def a_z_pages(self) -> dict[str, tuple[str, ...]]:
        """{A-Z page: the tags it lists} (urls.a_z_pages), every tag on one."""
        return urls.a_z_pages(self.tags_by_label(self.by_tag))

    @cached_property
    def a_z_page(self) -> dict[str, str]:
        """Tag slug -> the A-Z page that lists it."""
        return {slug: path for path, slugs in self.a_z_pages.items() for slug in slugs}

    def tag_target(self, slug: str) -> tuple[str, str]:
        """(page, anchor) where a tag lists its papers: its own page from TAG_PAGE_MIN_PAPERS
        papers, else its section of its A-Z page."""
        if len(self.by_tag[slug]) >= urls.TAG_PAGE_MIN_PAPERS:
            return urls.tag_path(slug), ""
        return self.a_z_page[slug], urls.tag_anchor(slug)

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


class LazyPages(Mapping[str, str]):
    """{path: page} whose pages are rendered when read, one at a time."""

    def __init__(self, sources: dict[str, T], render: Callable[[T], str]):
        self._sources, self._render = sources, render

    def __getitem__(self, path: str) -> str:
        return self._render(self._sources[path])

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


# Every renderer: Site in, {docs-relative path: content} out.
Renderer = Callable[[Site], Mapping[str, str]]
