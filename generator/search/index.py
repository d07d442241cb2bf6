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

The cache keeps, besides each day's terms, the postings of the last build (`STATE`) and
of its days but the newest (`CHECKPOINT`): when the archive is the days of either and
more, the new days' postings are appended to it and only the terms they touch are written
again (a new day, or under `mkdocs serve` an edit of the newest day's digest); the files are
the same bytes a clean build writes.
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
from .partitions import Files, digest, dumps, keyed, starts_partition, utf16_sorted
from .postings import Counts, Postings
from .terms import terms, words

FIELDS = (("title", 10), ("body", 1))
FORMAT = "paper-archive-search-6"  # bump when terms or the layout change: cached terms are redone
INLINE = 3  # a term in at most this many docs keeps its postings in its vocabulary partition
OWN_FILE = 300  # a term in more docs than this has a postings file of its own
TERMS_EVERY = 512  # vocabulary terms per partition, on average
POSTINGS_EVERY = 16  # terms per grouped postings file, on average
KEYS_EVERY = 512  # keys per author or id lookup partition, on average
RECORDS_PER_FILE = 2
RECORDS_PER_DIR = 256  # record files per directory file
PREFIX_TERMS = 8  # a prefix expands to at most this many terms: itself, then the most frequent
STATE = "postings-state"  # the cache key of the last build's postings
CHECKPOINT = "postings-checkpoint"  # ... and of its days but the newest


@dataclass(frozen=True)
class Built:
    files: dict[str, str]
    papers: int
    terms: int
    tokenized: int  # docs whose terms were not in the cache


def build(docs: Sequence[SearchDoc], cache: IndexCache | None = None, topics: Sequence[tuple[str, str, str]] = (),
          tags: Sequence[tuple[str, str]] = ()) -> Built:
    """Every search file, by site path. topics: (slug, name, url); tags: (slug, label)."""
    ordered = oldest_first(list(docs))
    with _collector_paused():
        postings, records, authors, tokenized = _postings(ordered, cache or MemoryCache())
    files = Files()
    by_topic, by_tag = _facets(ordered, "topics"), _facets(ordered, "tags")
    manifest = {
        "version": FORMAT, "papers": len(ordered), "prefixTerms": PREFIX_TERMS,
        "fields": [[name, boost, postings.lengths[f]] for f, (name, boost) in enumerate(FIELDS)],
        "terms": _vocabulary(files, postings),
        "records": _records(files, records),
        "days": _days(files, ordered),
        "topics": [[slug, name, url, files.add("f", _gaps(by_topic.get(slug, [])))] for slug, name, url in topics],
        "tags": files.add("", [[slug, label, files.add("f", _gaps(by_tag.get(slug, [])))] for slug, label in tags],
                          "tags."),
        "lookups": files.add("", {  # directories that grow with the archive, for the queries that need them
            "authors": files.directory("a", _authors(authors), KEYS_EVERY),
            "ids": files.directory("i", utf16_sorted(((doc.arxiv_id.lower(), n) for n, doc in enumerate(ordered)
                                                      if doc.arxiv_id), True), KEYS_EVERY),
            "urls": files.directory("u", utf16_sorted(((doc.url, n) for n, doc in enumerate(ordered)), True),
                                    KEYS_EVERY)}, "lookups."),
    }
    files.by_path["search/manifest.json"] = dumps(manifest) + "\n"
    return Built(dict(sorted(files.by_path.items())), len(ordered), len(postings.terms), tokenized)


def _postings(ordered: list[SearchDoc], cache: IndexCache
              ) -> tuple[Postings, list[str], dict[str, list[int]], int]:
    """Every doc's postings, record (its JSON) and author keys (key -> doc numbers): the last
    build's (from the cache) when the archive begins with its days unchanged, with the days after
    them added; and the number of docs tokenized."""
    day_groups: list[list[SearchDoc]] = [list(group) for _, group in groupby(ordered, key=lambda doc: doc.day)]
    keys = [_day_key(group) for group in day_groups]
    state, found = _cached_state(cache, STATE)
    if not (state and state[0] == keys[:len(state[0])]):
        state, found = _cached_state(cache, CHECKPOINT)
    elif len(state[0]) == len(keys) - 1:  # one day more (the daily build): the last build is the checkpoint
        cache.put_bytes(CHECKPOINT, found)
    if state and state[0] == keys[:len(state[0])]:
        postings, records, authors = Postings.from_value(state[2]), state[1], state[3]
        done = len(state[0])
    else:
        postings, records, authors, done = Postings(len(FIELDS)), [], {}, 0
    tokenized = 0
    if not state or state[0] != keys:
        # the days but the newest first, kept as the checkpoint (unless it is where this began)
        for upto in ((len(keys) - 1, len(keys)) if done < len(keys) - 1 else (len(keys),)):
            counted, tokenized_now = _counts(day_groups[done:upto], cache)
            tokenized += tokenized_now
            _append(postings, records, authors, day_groups[done:upto], counted)
            done = upto
            cache.put_bytes(STATE if done == len(keys) else CHECKPOINT,
                            marshal.dumps([keys[:done], records, postings.value(), authors]))
    return postings, records, authors, tokenized


def _append(postings: Postings, records: list[str], authors: dict[str, list[int]],
            day_groups: list[list[SearchDoc]], counted: list[Counts]) -> None:
    """These days' docs added after the others: their records, author keys and postings."""
    for n, doc in enumerate((d for group in day_groups for d in group), postings.papers):
        records.append(dumps([doc.url, doc.title, doc.day.isoformat() if doc.day else None, list(doc.topics),
                              doc.authors]))
        for key in dict.fromkeys(filter(None, map(author_key, doc.author_names))):
            authors.setdefault(key, []).append(n)
    postings.append(counted)


def _day_key(day_docs: list[SearchDoc]) -> str:
    """A hash of all that a day's docs give the postings and records (each text length-prefixed)."""
    texts = [text for d in day_docs for text in (d.url, d.title, d.day.isoformat() if d.day else "",
                                                  "\t".join(d.topics), d.authors, d.body,
                                                  dumps(d.author_names))]
    return digest(f"{FORMAT}\n{','.join(map(str, map(len, texts)))}\n{''.join(texts)}", 32)


def _cached_state(cache: IndexCache, name: str) -> tuple[list[Any] | None, bytes]:
    """[day keys, records, postings, authors] of the last build (STATE) or of its days but the newest
    (CHECKPOINT), if the cache has them (marshal: fast, this Python's own format; anything unreadable is
    no state), and its bytes."""
    found = cache.get_bytes(name)
    try:
        state = marshal.loads(found) if found else None
    except (EOFError, ValueError, TypeError):
        return None, b""
    return (state, found) if isinstance(state, list) and len(state) == 4 else (None, b"")


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


def _vocabulary(files: Files, postings: Postings) -> list[list[str]]:
    """The vocabulary partitions' directory; postings too big to inline go to postings files first.
    An entry is [df per field…, postings or the hash of their file], written from the postings' texts."""
    entries: list[tuple[str, str]] = []
    group: list[tuple[str, str]] = []
    pending: list[int] = []  # entries waiting for their group's file hash
    fields = len(FIELDS)

    def close_group() -> None:
        if group:
            hashed = files.add_text("p", keyed([t for t, _ in group], [p for _, p in group]))
            for i in pending:
                entries[i] = (entries[i][0], f'{entries[i][1]}"{hashed}"]')
            group.clear()
            pending.clear()

    for found in utf16_sorted(postings.terms):
        entry = postings.terms[found]
        df, packed = entry[:fields], entry[-1]
        dfs = f"[{','.join(map(str, df))},"
        if sum(df) > OWN_FILE:
            entries.append((found, f'{dfs}"{files.add_text("p", keyed([found], [packed]))}"]'))
        elif sum(df) > INLINE:
            if starts_partition(found, POSTINGS_EVERY):
                close_group()
            group.append((found, packed))
            pending.append(len(entries))
            entries.append((found, dfs))
        else:
            entries.append((found, f"{dfs}{packed}]"))
    close_group()
    return files.directory("d", entries, TERMS_EVERY, texts=True)


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


def _facets(ordered: list[SearchDoc], facet: str) -> dict[str, list[int]]:
    """Per topic or tag slug: the numbers of its docs."""
    numbers: dict[str, list[int]] = {}
    for n, doc in enumerate(ordered):
        for slug in getattr(doc, facet):
            numbers.setdefault(slug, []).append(n)
    return numbers


@lru_cache(maxsize=200_000)
def author_key(name: str) -> str:
    """How the author filter compares names: their words, lower-cased."""
    return " ".join(words(name))


def _authors(numbers: dict[str, list[int]]) -> list[tuple[str, list[int]]]:
    return utf16_sorted(((key, _gaps(found)) for key, found in numbers.items()), True)


def _gaps(numbers: list[int]) -> list[int]:
    return list(map(sub, numbers, [0, *numbers]))


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
