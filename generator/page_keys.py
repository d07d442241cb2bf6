"""Dependency keys of the pages a daily build mostly leaves alone: paper pages and day pages.

A page's key is a hash of everything its renderer reads, so two builds that give a page the
same key render it to the same text, and a build can keep the file an earlier build wrote
(`write.KeptPages` checks that file is still the one written). What each renderer reads:

- a paper, as any page shows it (`paper_digest`): the whole Paper but its sources (no page
  shows the file and line of its entries; the digests folder moved changes them), its slug, its topics'
  names, its tags' labels and where their chips link (a tag's own page or its letter's);
- a paper page (`paper.render_paper`): its paper's digest, the digests of its related
  papers and of the papers whose titles share its slug, and whether thumbnails are shown;
- a day page (`day.render_day`): the Day (but its sources), the digests of its papers, the newer and older
  days, its week's "most upvoted" link and the order of the topics.

Every key also holds the generator's code (`versions.generator_code`), so a change to a
renderer changes every key. Keys err on the side of too much: a needless render costs
time, a missed one would leave a stale page.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from collections.abc import Callable, Iterator

from .pages import day, paper, upvoted, urls
from .pages.site import Site
from .versions import generator_code

Keyed = tuple[str, str, Callable[[], str]]  # (path, key, render)


def _hash(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class PageKeys:
    """last: an earlier build's paper_hashes, {key: (paper, hash)}: a paper that is the same object
    (`archive.MergedPapers`, `classify.Classifier` give them again) is not hashed again."""

    def __init__(self, site: Site, last: dict[str, tuple[object, str]] | None = None):
        self.site = site
        self.salt = _hash(generator_code(), site.title, site.url, site.thumbnails)
        self._digests: dict[str, str] = {}
        self._last = last or {}
        self.paper_hashes: dict[str, tuple[object, str]] = {}

    def paper_digest(self, key: str) -> str:
        digest = self._digests.get(key)
        if digest is None:
            site, found = self.site, self.site.paper(key)
            last = self._last.get(key)
            if last is None or last[0] is not found:
                last = (found, _hash(replace(found, sources=())))
            self.paper_hashes[key] = last
            digest = self._digests[key] = _hash(
                last[1], site.slugs[key], [site.topic_name(slug) for slug in found.topics],
                [(site.tag_label(slug), site.tag_target(slug)) for slug in found.tags])
        return digest

    def paper_pages(self) -> Iterator[Keyed]:
        """The paper pages, in `paper.render`'s order."""
        site = self.site
        for found in site.archive.papers.values():
            twins = site.same_slug.get(found.key, ())  # what paper.same_title reads
            related = site.related.get(found.key, ())
            key = _hash(self.salt, self.paper_digest(found.key), related, [self.paper_digest(k) for k in related],
                        twins, [self.paper_digest(k) for k in twins])
            yield site.paper_path(found), key, lambda found=found: paper.render_paper(site, found)

    def day_pages(self) -> Iterator[Keyed]:
        """The day pages, in `day.render`'s order."""
        site = self.site
        weeks = frozenset(upvoted.weeks_with_pages(site))
        topics = _hash(site.topic_slugs)
        for found, newer, older in day.neighbours(site):
            here = urls.day_path(found.date)
            key = _hash(self.salt, topics, replace(found, sources=()), [self.paper_digest(k) for k in found.paper_keys],
                        newer and newer.date, older and older.date, upvoted.week_link(found.date, weeks, here))
            yield here, key, lambda found=found, newer=newer, older=older: day.render_day(site, found, newer, older, weeks)

    def pages(self, renderer: object) -> Iterator[Keyed] | None:
        """The keyed pages of a page kind's renderer, or None if its pages have no keys."""
        if renderer is paper.render:
            return self.paper_pages()
        if renderer is day.render:
            return self.day_pages()
        return None
