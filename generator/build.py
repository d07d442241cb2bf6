"""The pipeline: read → merge → classify → enrich → search index → render → write.

`build` is the one entry point: `python -m generator build` and the MkDocs plugin both
call it. The other functions are its stages, for tests and benchmarks to run on their own.
Each stage is a plain module with typed data in and out:

  read + merge   archive.build_archive    digest folder -> Archive, problems
  classify       classify.Classifier      Archive -> Archive with topics and tags
  enrich         enrich.make_site         Archive -> Site (slugs, listings, related papers)
  search index   search_files (below)     Site -> {path: JSON}
  render         pages.KINDS              Site -> {path: Markdown} per page kind
  write          write.write_pages        pages -> folder, only what changed

A stage is added here, in `build`, between the two it sits between; `Built.timings` then
reports its seconds too.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

from . import pages
from .archive import MergedPapers, build_archive, digest_files
from .classify import TaxonomyCache
from .enrich import make_site
from .forked import Forked
from .model import Archive
from .pages import search
from .pages.site import Fragments, Site
from .related import RelatedCache, related_papers
from .problems import Problem
from .search import FolderCache, IndexCache, MemoryCache
from .search.cache import RecordingCache
from .stage_caches import ClassifyCache, ReadCache
from .taxonomy import Taxonomy
from .page_keys import PageKeys
from .write import FileMarks, KeptPages, WriteStats, Written, hand_written, write_files, write_pages

DEFAULT_TITLE = "Paper Archive"


@dataclass(frozen=True)
class Built:
    archive: Archive
    problems: list[Problem]
    generated: int  # pages rendered from the digests (search index files included)
    hand_written: int  # files copied from site_src
    stats: WriteStats
    timings: tuple[tuple[str, float], ...] = ()  # (stage, wall seconds), in order
    cpu_seconds: float = 0.0  # this process's CPU time (user + system) for the whole build
    reused: bool = False  # nothing changed since the last build with these caches: nothing was done
    rendered: tuple[str, ...] = ()  # pages with a dependency key (page_keys) that were rendered
    kept: int = 0  # ... and how many were not: the page an earlier build wrote is the same page

    @property
    def seconds(self) -> float:
        return sum(seconds for _, seconds in self.timings)


@dataclass
class Caches:
    """What outlives one build; the plugin keeps one across `mkdocs serve` rebuilds."""

    index: IndexCache = field(default_factory=MemoryCache)  # search terms of each day
    taxonomies: TaxonomyCache = field(default_factory=TaxonomyCache)  # parsed taxonomy + classifications
    reads: ReadCache = field(default_factory=ReadCache)  # each digest file's entries and problems
    merged: MergedPapers = field(default_factory=MergedPapers)  # the papers, merged from which entries
    classified: ClassifyCache = field(default_factory=ClassifyCache)  # classifications, between runs
    related: RelatedCache | None = None  # the last related papers and what they came from (`mkdocs serve`)
    last: tuple[object, Built] | None = None  # the last build's inputs and result
    marks: FileMarks = field(default_factory=FileMarks)  # the files written: not read again unless changed
    paper_hashes: dict = field(default_factory=dict)  # the last build's PageKeys.paper_hashes
    fragments: dict = field(default_factory=dict)  # the page parts of the last build's papers (Site.fragments)
    rebuilds: bool = True  # kept for later builds in this process: a child sends back the page parts it made

    @classmethod
    def in_cache_dir(cls, cache_dir: Path) -> Caches:
        """Read digests, classifications and search terms kept on disk, in cache_dir,
        between runs too."""
        cache_dir = Path(cache_dir)
        return cls(index=FolderCache.in_cache_dir(cache_dir), reads=ReadCache(cache_dir / "read"),
                   classified=ClassifyCache(cache_dir / "classify"))


def fingerprint(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    stats = ((path, path.stat()) for path in paths)
    return tuple((str(path), stat.st_mtime_ns, stat.st_size) for path, stat in stats)


def load(folder: Path, topics: Path | None = None,
         taxonomies: TaxonomyCache | None = None) -> tuple[Archive, Taxonomy, list[Problem]]:
    """Read, merge and classify a digest folder: (archive, taxonomy, problems)."""
    archive, problems = build_archive(Path(folder))
    classifier = (taxonomies or TaxonomyCache()).classifier(topics)
    return classifier.classify(archive), classifier.taxonomy, problems


def search_files(site: Site, index_cache: IndexCache) -> Mapping[str, str]:
    """The search index stage: the files the search page loads."""
    return search.render(site, index_cache)


def _related(archive: Archive, cache: RelatedCache | None) -> tuple[dict[str, tuple[str, ...]], RelatedCache | None]:
    """The related papers, and the cache they updated: in a child, the parent's copy did not change."""
    return related_papers(archive, cache=cache), cache


# Page kinds without dependency keys that the search index's child renders and writes too: about
# as long as the keyed day and paper pages take the parent, so both cores finish together.
BESIDE_THE_INDEX = (pages.topics.render, pages.tags.render, pages.upvoted.render, pages.api.render)


class _PendingIndex(Mapping[str, Written]):
    """The search index stage's files and the BESIDE_THE_INDEX pages, worked out and written (Written)
    in a child while the parent renders and writes the other pages; asked for after them. A cache in
    memory gets the child's entries too. taken: the hand-written files, which no page may replace.
    small: the work is done here, in this process (Forked). parts: the child sends back the page parts
    it made, for a later build in this process (a one-off build drops them)."""

    def __init__(self, site: Site, cache: IndexCache, out_dir: Path, taken: Mapping[str, bytes], marks: FileMarks,
                 small: bool = False, parts: bool = True):
        shared = isinstance(cache, FolderCache)  # the child's entries are on disk already
        self._cache = cache
        recording = None if shared else RecordingCache(cache)
        self._site = site
        self._work = Forked(lambda: _beside_the_pages(site, recording or cache, out_dir, taken, marks, parts), small)
        self._files: dict[str, Written] | None = None

    def files(self) -> dict[str, Written]:
        if self._files is None:
            written, index, entries, made = self._work.result()
            self._site.fragments.adopt(made, self._site.archive.papers)
            for put, key, value in entries:
                getattr(self._cache, put)(key, value)
            self._files = {**dict(written), **index}
            if len(self._files) < len(written) + len(index):
                twice = next(path for path, _ in written if path in index)
                raise ValueError(f"two generated pages at {twice}")
        return self._files

    def __getitem__(self, path: str) -> Written:
        return self.files()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self.files())

    def __len__(self) -> int:
        return len(self.files())

    def __enter__(self) -> _PendingIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self._work.cancel()


def _beside_the_pages(site: Site, cache: IndexCache, out_dir: Path, taken: Mapping[str, bytes], marks: FileMarks,
                      parts: bool) -> tuple[list[tuple[str, Written]], dict[str, Written],
                                            list[tuple[str, str, str | bytes]], dict[tuple, str]]:
    """(the BESIDE_THE_INDEX pages written, the search index files written, the index cache entries put,
    the page parts made, when parts: for a later build in this process)."""
    beside = ((path, page) for render in BESIDE_THE_INDEX for path, page in render(site).items())
    written = write_files(_not_taken(beside, taken), out_dir, marks)
    index = dict(write_files(_not_taken(search_files(site, cache).items(), taken), out_dir, marks))
    made = site.fragments.made if parts else {}
    return written, index, cache.entries if isinstance(cache, RecordingCache) else [], made


def _not_taken(files: Iterable[tuple[str, str]], taken: Mapping[str, bytes] | None) -> Iterator[tuple[str, str]]:
    for path, content in files:
        if taken and path in taken:
            raise ValueError(f"hand-written file {path} would replace a generated page")
        yield path, content


def render(site: Site, kept: KeptPages | None = None, skip: Iterable[object] = (),
           keys: PageKeys | None = None) -> Iterator[tuple[str, str | None]]:
    """Every page kind's pages, as (path, content), each rendered as it is asked for. With kept,
    a page with a dependency key (page_keys: keys) that kept knows is not rendered: its content is KEPT.
    skip: the renderers of kinds rendered elsewhere."""
    keys = keys or (PageKeys(site) if kept is not None else None)
    skipped = tuple(skip)
    for kind in pages.KINDS:
        if kind.render in skipped:
            continue
        keyed = keys.pages(kind.render) if keys is not None else None
        if keyed is not None:
            yield from ((path, kept.page(path, key, page)) for path, key, page in keyed)
        elif kind.render is not None:
            yield from kind.render(site).items()


def generated_files(site: Site, index: Mapping[str, str | Written], hand_written: Mapping[str, bytes] | None = None,
                    kept: KeptPages | None = None, skip: Iterable[object] = (),
                    keys: PageKeys | None = None) -> Iterator[tuple[str, str | None]]:
    """The rendered pages, then the search index files; no path twice, none a hand-written file's.
    skip: renderers whose pages come with the index (BESIDE_THE_INDEX)."""
    seen: set[str] = set()
    for path, content in _not_taken(chain(render(site, kept, skip, keys), index.items()), hand_written):
        if path in seen:
            raise ValueError(f"two generated pages at {path}")
        seen.add(path)
        yield path, content


class _Clock:
    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []
        self._start = time.perf_counter()
        self._cpu_start = self._cpu_now()

    @staticmethod
    def _cpu_now() -> float:
        """This process's CPU time and its finished children's (the forked workers)."""
        times = os.times()
        return time.process_time() + times.children_user + times.children_system

    @property
    def cpu(self) -> float:
        return self._cpu_now() - self._cpu_start

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps.append((stage, now - self._start))
        self._start = now


def build(digests: Path, out_dir: Path, *, topics: Path | None = None, title: str = DEFAULT_TITLE,
          site_url: str = "", site_src: Path | None = None, caches: Caches | None = None,
          thumbnails: bool = False) -> Built:
    """The digest folder's site as Markdown in out_dir (pages written as they are rendered).
    site_url: the published site's base URL, for what needs absolute links (feeds). With
    site_src, its hand-written pages are copied too, so out_dir is a complete docs_dir.
    thumbnails: paper pages show the HF thumbnails (third-party images; off by default).
    With the caches of an earlier build of unchanged inputs, that build is returned as is."""
    caches = caches or Caches()
    sources = [*digest_files(Path(digests)), *([Path(topics)] if topics else []),
               *(sorted(path for path in Path(site_src).rglob("*") if path.is_file()) if site_src else [])]
    inputs = (fingerprint(sources), str(topics), str(site_src), title, site_url, str(out_dir), thumbnails)
    if caches.last is not None and caches.last[0] == inputs:
        return replace(caches.last[1], reused=True)
    clock = _Clock()
    archive, problems = build_archive(Path(digests), read=caches.reads, merged=caches.merged)
    caches.reads.prune()
    clock.lap("read and merge")
    # Related papers need only the papers' texts, not their topics: a child works them out meanwhile,
    # unless the cache has the last build's (`mkdocs serve`): then an edit changes a few lists.
    unclassified = archive
    small = caches.related is not None and caches.related.last is not None
    with Forked(lambda: _related(unclassified, caches.related), small) as related:
        classifier = caches.taxonomies.classifier(topics)
        caches.classified.restore(classifier, topics)
        archive = classifier.classify(archive)
        caches.classified.keep(classifier)
        clock.lap("classify")
        related_lists, caches.related = related.result()
    site = make_site(archive, classifier.taxonomy, title, site_url, thumbnails, related_lists=related_lists,
                     fragments=Fragments(caches.fragments))
    clock.lap("enrich")
    extra = hand_written(site_src) if site_src else {}
    generated: list[str] = []  # paths, as they are written
    keys = PageKeys(site, caches.paper_hashes)
    kept = KeptPages(Path(out_dir), keys.salt, caches.marks)
    # A rebuild in the process of the last build (`mkdocs serve`) finds most pages' parts in its caches:
    # a child then costs more than it saves (its copy-on-write memory, its results sent back).
    rebuild = caches.last is not None
    # The other pages are rendered meanwhile.
    with _PendingIndex(site, caches.index, Path(out_dir), extra, caches.marks, rebuild, caches.rebuilds) as index:
        # In a child, the index is only started here: the wait for it is in "render and write".
        clock.lap("search index" if rebuild else "search index started")

        def files() -> Iterator[tuple[str, str | bytes | None]]:
            yield from extra.items()
            for path, content in generated_files(site, index, extra, kept, BESIDE_THE_INDEX, keys):
                generated.append(path)
                yield path, content

        stats = write_pages(files(), Path(out_dir), kept, caches.marks)
        caches.paper_hashes, caches.fragments = keys.paper_hashes, site.fragments.parts
        clock.lap("render and write")
    built = Built(archive, problems, len(generated), len(extra), stats, tuple(clock.laps), clock.cpu,
                  rendered=tuple(kept.rendered), kept=kept.kept)
    caches.last = (inputs, built)
    return built
