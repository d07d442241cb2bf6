"""The search index, partitioned by term (the layout Pagefind uses, with lunr's scores).

Files under search/ (see README "Search"; `search-worker.js` reads them):

  manifest.json    papers, field lengths, and the directories below (the only file not
                   named by a hash; loaded first); lookups.<hash>.json the directories of
                   a/, i/ and u/, which grow with the archive (fetched by the queries using them)
  d/<hash>.json    the vocabulary, sorted, in partitions: per term its document
                   frequency in the title and the body, and its postings, inline when a
                   term is in at most INLINE docs, else the hash of a postings file
  p/<hash>.json    postings of terms in more docs: grouped, a common term alone
  r/<n>.<hash>.json  display records (url, title, day, topics, authors) of
                   RECORDS_PER_FILE consecutive docs (no abstract: the results' snippets
                   come from their paper pages, which carry it); r/d<n>.<hash>.json lists the hashes of
                   RECORDS_PER_DIR of them (the manifest lists those lists)
  f/<hash>.json    a topic's or tag's docs; a/<hash>.json authors' docs; tags.<hash>.json the tags' files; i/<hash>.json
                   arXiv ids, u/<hash>.json paper URLs, to doc numbers; days.<hash>.json the docs of each day

A posting is, per field, three columns: doc number gaps, term frequencies and the
field's length in terms, each packed into a string (`postings.pack`). The worker
computes lunr's BM25 from them and the global counts in the manifest, so a new day
rewrites only the partitions its papers touch and the manifest, not every score in
the archive (`postings`).

The cache keeps, besides each day's terms, what the last build made (`Kept`, under
STATE): its postings and its files' entries and hashes, and the same for its days but the
newest (CHECKPOINT). When the archive is the days of either and more, the new days are
added to it (a new day, or under `mkdocs serve` an edit of the newest day's digest): only
the terms, authors and facets they touch are written again, and only the partitions
holding them hashed again (`vocabulary`, `partitions.Directory`); the files are the same
bytes a clean build writes.
"""
from __future__ import annotations

import gc
import hashlib
import json
import marshal
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from operator import sub
from typing import Any, Iterator, Sequence

from .cache import IndexCache, MemoryCache
from .docs import SearchDoc, days, oldest_first
from .partitions import Directory, Files, digest, dumps
from .postings import Counts, Postings
from .terms import terms, words
from .vocabulary import Vocabulary

FIELDS = (("title", 10), ("body", 1))
FORMAT = "paper-archive-search-6"  # bump when terms or the layout change: cached terms are redone
KEYS_EVERY = 512  # keys per author or id lookup partition, on average
RECORDS_PER_FILE = 2
RECORDS_PER_DIR = 256  # record files per directory file
PREFIX_TERMS = 8  # a prefix expands to at most this many terms: itself, then the most frequent
STATE = "postings-state"  # the cache key of the last build's `Kept`
CHECKPOINT = "postings-checkpoint"  # ... and of its days but the newest


@dataclass(frozen=True)
class Built:
    files: dict[str, str]
    papers: int
    terms: int
    tokenized: int  # docs whose terms were not in the cache


@dataclass
class Kept:
    """What a build keeps for the next, in the cache (STATE), and the next appends a new day to."""
    days: list[str]  # `_day_key` of each day
    records: list[str]  # each doc's record, as JSON
    postings: Postings
    authors: dict[str, list[int]]  # author key -> doc numbers
    facets: dict[str, dict[str, list[Any]]]  # "topics", "tags": slug -> [doc numbers, hash of their file, its text]
    vocabulary: Vocabulary
    lookups: dict[str, Directory]  # files of author keys, arXiv ids and URLs to doc numbers, by kind

    @classmethod
    def from_value(cls, value: list[Any] | None = None) -> Kept:
        days, records, postings, authors, facets, vocabulary, lookups = value or (
            [], [], None, {}, {"topics": {}, "tags": {}}, None, [None] * 3)
        return cls(days, records, Postings.from_value(postings) if postings else Postings(len(FIELDS)), authors,
                   facets, Vocabulary(vocabulary), {kind: Directory(KEYS_EVERY, value=found)
                                            for kind, found in zip(("a", "i", "u"), lookups)})

    def value(self) -> list[Any]:
        return [self.days, self.records, self.postings.value(), self.authors, self.facets, self.vocabulary.value(),
                [found.value() for found in self.lookups.values()]]

    def add(self, docs: list[SearchDoc], counted: list[Counts]) -> None:
        """Adds docs numbered from the last one on, with their terms' counts."""
        numbered = list(enumerate(docs, self.postings.papers))
        touched: dict[str, None] = {}  # author keys
        for n, doc in numbered:
            self.records.append(dumps([doc.url, doc.title, doc.day.isoformat() if doc.day else None,
                                       list(doc.topics), doc.authors]))
            for key in dict.fromkeys(filter(None, map(author_key, doc.author_names))):
                self.authors.setdefault(key, []).append(n)
                touched[key] = None
        for facet, found in self.facets.items():
            for n, doc in numbered:
                for slug in getattr(doc, facet):
                    found.setdefault(slug, [[], "", ""])[0].append(n)
            for slug in dict.fromkeys(slug for _, doc in numbered for slug in getattr(doc, facet)):
                text = _gaps_json(found[slug][0]) + "\n"
                found[slug][1:] = [digest(text), text]
        self.vocabulary.update(self.postings, self.postings.append(counted))
        self.lookups["a"].update({key: _gaps_json(self.authors[key]) for key in touched})
        self.lookups["i"].update(added=[(doc.arxiv_id.lower(), str(n)) for n, doc in numbered if doc.arxiv_id])
        self.lookups["u"].update(added=[(doc.url, str(n)) for n, doc in numbered])


def build(docs: Sequence[SearchDoc], cache: IndexCache | None = None, topics: Sequence[tuple[str, str, str]] = (),
          tags: Sequence[tuple[str, str]] = ()) -> Built:
    """Every search file, by site path. topics: (slug, name, url); tags: (slug, label)."""
    with _collector_paused():  # and `_build`'s objects freed before it runs again: none is in a cycle
        return _build(oldest_first(list(docs)), cache or MemoryCache(), topics, tags)


def _build(ordered: list[SearchDoc], cache: IndexCache, topics: Sequence[tuple[str, str, str]],
           tags: Sequence[tuple[str, str]]) -> Built:
    kept, tokenized = _kept(ordered, cache)
    files = Files()
    manifest = {
        "version": FORMAT, "papers": len(ordered), "prefixTerms": PREFIX_TERMS,
        "fields": [[name, boost, kept.postings.lengths[f]] for f, (name, boost) in enumerate(FIELDS)],
        "terms": kept.vocabulary.add_to(files, kept.postings),
        "records": _records(files, kept.records),
        "days": _days(files, ordered),
        "topics": [[slug, name, url, _facet(files, kept.facets["topics"], slug)] for slug, name, url in topics],
        "tags": files.add("", [[slug, label, _facet(files, kept.facets["tags"], slug)] for slug, label in tags], "tags."),
        "lookups": files.add("", {  # directories that grow with the archive, for the queries that need them
            name: found.add_to(files, kind) for name, (kind, found) in zip(("authors", "ids", "urls"),
                                                                         kept.lookups.items())}, "lookups."),
    }
    files.by_path["search/manifest.json"] = dumps(manifest) + "\n"
    return Built(dict(sorted(files.by_path.items())), len(ordered), len(kept.postings.terms), tokenized)


def _kept(ordered: list[SearchDoc], cache: IndexCache) -> tuple[Kept, int]:
    """The last build's `Kept` (from the cache) when the archive begins with its days unchanged, with the
    days after them added, else one built from scratch; and the number of docs tokenized."""
    day_groups: list[list[SearchDoc]] = [list(group) for _, group in groupby(ordered, key=lambda doc: doc.day)]
    keys = [_day_key(group) for group in day_groups]
    kept, found = _cached_state(cache, STATE)
    if kept is None or kept.days != keys[:len(kept.days)]:
        kept, found = _cached_state(cache, CHECKPOINT)
    elif len(kept.days) == len(keys) - 1:  # one day more (the daily build): the last build is the checkpoint
        cache.put_bytes(CHECKPOINT, found)
    if kept is None or kept.days != keys[:len(kept.days)]:
        kept = Kept.from_value()
    if kept.days == keys:
        return kept, 0
    tokenized = 0
    # the days but the newest first, kept as the checkpoint (unless it is where this began)
    for upto in ((len(keys) - 1, len(keys)) if len(kept.days) < len(keys) - 1 else (len(keys),)):
        new_days = day_groups[len(kept.days):upto]
        counted, tokenized_now = _counts(new_days, cache)
        tokenized += tokenized_now
        kept.add([doc for group in new_days for doc in group], counted)
        kept.days = keys[:upto]
        cache.put_bytes(STATE if upto == len(keys) else CHECKPOINT, marshal.dumps(kept.value()))
    return kept, tokenized


def _day_key(day_docs: list[SearchDoc]) -> str:
    """A hash of all that a day's docs give the index (each text length-prefixed)."""
    texts = [day_docs[0].day.isoformat() if day_docs[0].day else ""]
    for d in day_docs:
        texts += (d.url, d.title, "\t".join(d.topics), "\t".join(d.tags), d.authors, d.body, str(len(d.author_names)),
                  *d.author_names)
    return digest(f"{FORMAT}\n{','.join(map(str, map(len, texts)))}\n{''.join(texts)}", 32)


def _cached_state(cache: IndexCache, name: str) -> tuple[Kept | None, bytes]:
    """The `Kept` of the last build (STATE) or of its days but the newest (CHECKPOINT), if the cache
    has it (marshal: fast, this Python's own format; anything unreadable is no state), and its bytes."""
    found = cache.get_bytes(name)
    try:
        return (Kept.from_value(marshal.loads(found)), found) if found else (None, b"")
    except (EOFError, ValueError, TypeError):
        return None, b""


def _counts(day_groups: list[list[SearchDoc]], cache: IndexCache) -> tuple[list[Counts], int]:
    """Per doc, per field: term frequencies and length; a day's from the cache when its text is unchanged."""
    counted: list[Counts] = []
    tokenized = 0
    for day_docs in day_groups:
        key = hashlib.sha256(dumps([FORMAT, [[d.title, d.body] for d in day_docs]]).encode()).hexdigest()[:32]
        found = cache.get(key)
        if found is None:
            found = dumps([[[Counter(found_terms), len(found_terms)] for found_terms in map(terms, (d.title, d.body))]
                           for d in day_docs])
            cache.put(key, found)
            tokenized += len(day_docs)
        counted += json.loads(found)
    return counted, tokenized


def _records(files: Files, records: list[str]) -> dict[str, Any]:
    """The record files' layout and the hashes of their directories (each lists its files' hashes)."""
    hashes = [files.add_text("r", f"[{','.join(records[start:start + RECORDS_PER_FILE])}]",
                             f"{start // RECORDS_PER_FILE}.", 8)
              for start in range(0, len(records), RECORDS_PER_FILE)]
    return {"per": RECORDS_PER_FILE, "perDir": RECORDS_PER_DIR,
            "dirs": [files.add("r", hashes[start:start + RECORDS_PER_DIR], f"d{start // RECORDS_PER_DIR}.", 8)
                     for start in range(0, len(hashes), RECORDS_PER_DIR)]}


def _days(files: Files, ordered: list[SearchDoc]) -> str:
    """The hash of the days file: undated docs (numbered first), the first day, then per
    day with papers its gap in days from the one before and its number of docs."""
    undated, counts = days(ordered)
    ordinals = [day.toordinal() for day, _ in counts]
    gaps = [b - a for a, b in zip([ordinals[0], *ordinals], ordinals)] if ordinals else []
    return files.add("", {"undated": undated, "first": counts[0][0].isoformat() if counts else None,
                          "gaps": gaps, "counts": [count for _, count in counts]}, "days.")


def _facet(files: Files, docs: dict[str, list[Any]], slug: str) -> str:
    """The hash of the file of a topic's or tag's docs."""
    return files.put("f", *docs[slug][1:]) if slug in docs else files.add("f", [])


@lru_cache(maxsize=200_000)
def author_key(name: str) -> str:
    """How the author filter compares names: their words, lower-cased."""
    return " ".join(words(name))


def _gaps(numbers: list[int]) -> list[int]:
    return list(map(sub, numbers, [0, *numbers]))


def _gaps_json(numbers: list[int]) -> str:
    """dumps(_gaps(numbers)), without the JSON encoder's cost for each of thousands of short lists."""
    return f"[{','.join(map(str, _gaps(numbers)))}]"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off: postings are a million small lists, none in a cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
