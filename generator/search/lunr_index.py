"""One shard's lunr index, built with lunr.py and loaded by lunr.js.

Two fields: the title (boosted, so title matches rank first) and a body of
abstract, authors, topics and tags. Terms come from `terms.terms`, so the
build pipeline is empty and only the search pipeline (the stemmer, which
lunr.js runs on query terms) is recorded. No term positions are stored:
the search page finds the words to highlight itself, which keeps shards
about half the size.
"""
from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any, Protocol, Sequence

import lunr
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer

from ..files import atomic_write
from .shards import SearchDoc
from .terms import terms

FIELDS = (("title", 10), ("body", 1))
# Bump when the index layout or the term rules change: cached shards are rebuilt.
FORMAT = f"paper-archive-search-2/lunr-{lunr.__TARGET_JS_VERSION__}"
K1, B = 1.2, 0.75  # lunr's BM25 defaults


class IndexCache(Protocol):
    def get(self, key: str) -> str | None: ...
    def put(self, key: str, index_json: str) -> None: ...


class MemoryCache:
    def __init__(self) -> None:
        self._entries: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._entries.get(key)

    def put(self, key: str, index_json: str) -> None:
        self._entries[key] = index_json


class FolderCache:
    """Shard indexes kept in a folder across builds, one file per input hash.
    Entries are never read unless their key (hash of the input) matches."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @classmethod
    def in_cache_dir(cls, cache_dir: Path) -> FolderCache:
        """The shard indexes' place in a build's cache folder (beside the pages' docs/)."""
        return cls(Path(cache_dir) / "search-index")

    def get(self, key: str) -> str | None:
        try:
            return (self.folder / f"{key}.json").read_text(encoding="utf-8")
        except OSError:
            return None

    def put(self, key: str, index_json: str) -> None:
        atomic_write(self.folder / f"{key}.json", index_json.encode("utf-8"))


def index_key(docs: Sequence[SearchDoc]) -> str:
    """What a shard's index depends on: the indexed text of its docs, in order."""
    text = json.dumps([FORMAT, [[doc.title, doc.body] for doc in docs]], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def build_index(docs: Sequence[tuple[str, str]]) -> str:
    """The serialised lunr index of (title, body) pairs, as JSON."""
    return json.dumps(lunr_index(docs), ensure_ascii=False, separators=(",", ":"))


def lunr_index(docs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The lunr index of (title, body) pairs, as lunr serialises it; doc refs are list positions.

    This computes what lunr.py's Builder computes (same BM25 scores, term order,
    rounding and JSON), about four times faster: the Builder deep-copies every
    token's metadata and inserts vector elements one by one. A test checks the
    two give byte-identical indexes; `reference_index` is lunr.py's own build."""
    fields = [name for name, _ in FIELDS]
    postings: dict[str, dict[str, Any]] = {}
    frequencies: list[tuple[str, str, Counter[str], int]] = []  # (field, ref, term counts, length)
    for ref, doc in enumerate(docs):
        for name, text in zip(fields, doc):
            found = terms(text)
            counts = Counter(found)
            frequencies.append((name, str(ref), counts, len(found)))
            for term in counts:
                posting = postings.get(term)
                if posting is None:
                    posting = postings[term] = {field: {} for field in fields}
                    posting["_index"] = len(postings) - 1
                posting[name][str(ref)] = {}
    vectors = _field_vectors(frequencies, postings, len(docs))
    return {"version": lunr.__TARGET_JS_VERSION__, "fields": fields, "fieldVectors": vectors,
            "invertedIndex": [[term, postings[term]] for term in sorted(postings)], "pipeline": ["stemmer"]}


def _field_vectors(frequencies: list[tuple[str, str, Counter[str], int]], postings: dict[str, dict[str, Any]],
                   document_count: int) -> list[list[Any]]:
    boosts = dict(FIELDS)
    average = {name: sum(length for field, _, _, length in frequencies if field == name) / max(1, document_count)
               for name in boosts}
    idf: dict[str, float] = {}
    vectors = []
    for name, ref, counts, length in frequencies:
        norm = K1 * (1 - B + B * (length / average[name])) if counts else 0.0
        elements = []
        for term, tf in counts.items():
            if term not in idf:
                idf[term] = _idf(postings[term], document_count)
            score = idf[term] * ((K1 + 1) * tf) / (norm + tf)
            score *= boosts[name]
            score *= 1  # lunr.py's document boost, kept so the float arithmetic is the same
            elements.append((postings[term]["_index"], round(score, 3)))
        elements.sort()
        vectors.append([f"{name}/{ref}", [number for pair in elements for number in pair]])
    return vectors


def _idf(posting: dict[str, Any], document_count: int) -> float:
    with_term = sum(len(docs) for field, docs in posting.items() if field != "_index")
    x = (document_count - with_term + 0.5) / (with_term + 0.5)
    return math.log(1 + abs(x))


def reference_index(docs: Sequence[tuple[str, str]]) -> str:
    """lunr.py's own Builder on the same terms: slower; the tests' reference."""
    builder = Builder()
    builder.pipeline = Pipeline()
    builder.search_pipeline.add(stemmer)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref, (title, body) in enumerate(docs):
        builder.add({"ref": str(ref), "title": terms(title), "body": terms(body)})
    builder._calculate_average_field_lengths()
    builder._create_field_vectors()
    index = Index(builder.inverted_index, builder.field_vectors, None, list(builder._fields),
                  builder.search_pipeline)
    return json.dumps(index.serialize(), ensure_ascii=False, separators=(",", ":"))


def build_indexes(shards: Sequence[Sequence[SearchDoc]], cache: IndexCache) -> tuple[list[str], int]:
    """Each shard's compact index JSON, from the cache where its input is unchanged:
    (indexes, number built)."""
    keys = [index_key(docs) for docs in shards]
    found = [cache.get(key) for key in keys]
    missing = [i for i, index in enumerate(found) if index is None]
    for i in missing:
        found[i] = compact(lunr_index([(doc.title, doc.body) for doc in shards[i]]))
        cache.put(keys[i], found[i])
    return [index for index in found if index is not None], len(missing)


def compact(index: dict[str, Any]) -> str:
    """A lunr index (as `lunr_index` gives it) in the form the search page loads: the same
    terms, postings and scores, in half the bytes and with no objects to
    build for terms and documents a query does not touch.

      fields, pipeline, version   as in lunr's serialised index
      terms      every term, sorted; a term's number is its position here
      postings   per term, per field, the doc refs that have it, as gaps (3, 1, 4 = refs 3, 4, 8)
      vectors    per field, per doc ref, (term number gap, score x 1000) pairs

    `search-worker.js` turns it back into a `lunr.Index` whose postings and
    vectors are made on first use; a browser test checks that expanding it
    everywhere gives lunr.py's index back, but for term numbers (lunr.py
    numbers terms in first-seen order, here in sorted order)."""
    fields = index["fields"]
    inverted = index["invertedIndex"]
    number = {posting["_index"]: n for n, (_, posting) in enumerate(inverted)}
    postings = [[_gaps(sorted(int(ref) for ref in posting[field])) for field in fields] for _, posting in inverted]
    vectors: dict[str, list[list[int]]] = {field: [] for field in fields}
    for field_ref, elements in index["fieldVectors"]:
        field = field_ref.split("/", 1)[0]
        pairs = sorted((number[elements[i]], round(elements[i + 1] * 1000)) for i in range(0, len(elements), 2))
        gaps = _gaps([n for n, _ in pairs])
        vectors[field].append([value for gap, (_, score) in zip(gaps, pairs) for value in (gap, score)])
    return json.dumps({"version": index["version"], "fields": fields, "pipeline": index["pipeline"],
                       "terms": [term for term, _ in inverted], "postings": postings, "vectors": vectors},
                      ensure_ascii=False, separators=(",", ":"))


def _gaps(numbers: list[int]) -> list[int]:
    return [n - previous for n, previous in zip(numbers, [0, *numbers])]
