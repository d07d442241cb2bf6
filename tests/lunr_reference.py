"""A full lunr index of search docs, as lunr.py's Builder makes it: the tests' reference.

Two fields: the title (boosted, so title matches rank first) and a body of
abstract, authors, topics and tags; terms from `generator.search.terms`, so the
build pipeline is empty and only the search pipeline (the stemmer) is recorded.
`lunr_index` computes it fast (a test checks it is byte-identical to
`reference_index`, lunr.py's own Builder); `tests/search_reference.py` ranks
queries over it with the search page's rules.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from itertools import accumulate, chain
from operator import sub
from typing import Any, Sequence

import lunr
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer

from generator.search.index import FIELDS
from generator.search.terms import term, terms, words

K1, B = 1.2, 0.75  # lunr's BM25 defaults
STOP = -1  # the term number of stop words, which are not indexed


def build_index(docs: Sequence[tuple[str, str]]) -> str:
    """The serialised lunr index of (title, body) pairs, as JSON."""
    return json.dumps(lunr_index(docs), ensure_ascii=False, separators=(",", ":"))


def compact_index(docs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The index of (title, body) pairs in the form the search page loads; doc refs are list
    positions. The same terms, postings and scores as lunr's serialised index (see
    `lunr_index`), in half the bytes and with no objects to build for terms and
    documents a query does not touch:

      fields, pipeline, version   as in lunr's serialised index
      terms      every term, sorted; a term's number is its position here
      postings   per term, per field, the doc refs that have it, as gaps (3, 1, 4 = refs 3, 4, 8)
      vectors    per field, per doc ref, (term number gap, BM25 score x 1000) pairs

    `search-worker.js` turns it back into a `lunr.Index` whose postings and
    vectors are made on first use."""
    fields = [name for name, _ in FIELDS]
    texts = [[words(doc[f]) for doc in docs] for f in range(len(fields))]  # per field, per doc: words
    vocabulary, word_number = _numbered_words(texts)
    counted = [[_term_counts(doc, word_number) for doc in field] for field in texts]
    postings = _postings(counted, len(vocabulary))
    idf = [_idf(sum(map(len, refs)), len(docs)) for refs in postings]
    vectors = {name: _field_vectors(field, idf, boost) for (name, boost), field in zip(FIELDS, counted)}
    return {"version": lunr.__TARGET_JS_VERSION__, "fields": fields, "pipeline": ["stemmer"], "terms": vocabulary,
            "postings": [[_gaps(refs) for refs in term_refs] for term_refs in postings], "vectors": vectors}


def _numbered_words(texts: list[list[list[str]]]) -> tuple[list[str], dict[str, int]]:
    """The terms of the words, sorted, and each word's term number (STOP for a stop word)."""
    term_of = {word: term(word) for word in set().union(*chain.from_iterable(texts))}
    vocabulary = sorted(set(term_of.values()) - {""})
    number = {found: n for n, found in enumerate(vocabulary)}
    return vocabulary, {word: number.get(found, STOP) for word, found in term_of.items()}


def _term_counts(words: list[str], word_number: dict[str, int]) -> tuple[Counter[int], int]:
    """A doc field's count of each term number, and its number of terms."""
    counts = Counter(map(word_number.__getitem__, words))
    return counts, len(words) - counts.pop(STOP, 0)


def _postings(counted: list[list[tuple[Counter[int], int]]], term_count: int) -> list[list[list[int]]]:
    """Per term number, per field: the refs of the docs with the term in that field, ascending."""
    postings: list[list[list[int]]] = [[[] for _ in counted] for _ in range(term_count)]
    for f, field in enumerate(counted):
        add = [refs[f].append for refs in postings]
        for ref, (counts, _) in enumerate(field):
            for n in counts:
                add[n](ref)
    return postings


def _field_vectors(counted: list[tuple[Counter[int], int]], idf: list[float], boost: int) -> list[list[int]]:
    average = sum(length for _, length in counted) / max(1, len(counted))
    return [_vector(counts, length / average if length else 0.0, idf, boost) for counts, length in counted]


def _vector(counts: Counter[int], relative_length: float, idf: list[float], boost: int) -> list[int]:
    """A doc field's (term number gap, score x 1000) pairs, flat, with lunr.py's BM25 arithmetic."""
    norm = K1 * (1 - B + B * relative_length)
    gain = K1 + 1
    numbers = sorted(counts)
    elements = numbers * 2
    elements[0::2] = _gaps(numbers)
    elements[1::2] = [_milli(idf[n] * (gain * tf) / (norm + tf) * boost)
                      for n, tf in zip(numbers, map(counts.__getitem__, numbers))]
    return elements


def _milli(score: float) -> int:
    """round(round(score, 3) * 1000), as lunr.py rounds scores and `compact_index` scales them.
    round(score, 3) is slow (it goes through a decimal string); rounding score * 1000
    gives the same unless that product is within a rounding error of a tie (for
    scores below 1e6 that error is below 1e-6)."""
    scaled = score * 1000
    nearest = round(scaled)
    return nearest if abs(scaled - nearest) < 0.4999 else round(round(score, 3) * 1000)


def _idf(with_term: int, document_count: int) -> float:
    x = (document_count - with_term + 0.5) / (with_term + 0.5)
    return math.log(1 + abs(x))


def _gaps(numbers: list[int]) -> list[int]:
    return list(map(sub, numbers, [0, *numbers]))


def lunr_index(docs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The index of (title, body) pairs as lunr serialises it, expanded from `compact_index`:
    what lunr.py's Builder computes (same BM25 scores, term order, rounding and JSON).
    A test checks the two are byte-identical; `reference_index` is lunr.py's own build."""
    index = compact_index(docs)
    fields = index["fields"]
    first_seen: dict[str, int] = {}  # lunr numbers terms in the order it meets them
    for doc in docs:
        for text in doc:
            for term in terms(text):
                first_seen.setdefault(term, len(first_seen))
    lunr_number = [first_seen[term] for term in index["terms"]]
    inverted = [[term, {**{field: {str(ref): {} for ref in accumulate(gaps)} for field, gaps in zip(fields, posting)},
                        "_index": lunr_number[n]}]
                for n, (term, posting) in enumerate(zip(index["terms"], index["postings"]))]
    vectors = []
    for ref in range(len(docs)):
        for field in fields:
            elements = index["vectors"][field][ref]
            numbers = accumulate(elements[0::2])
            # milli / 1000 is the very float lunr.py's round(score, 3) gives
            pairs = sorted((lunr_number[n], milli / 1000) for n, milli in zip(numbers, elements[1::2]))
            vectors.append([f"{field}/{ref}", [value for pair in pairs for value in pair]])
    return {"version": index["version"], "fields": fields, "fieldVectors": vectors,
            "invertedIndex": inverted, "pipeline": index["pipeline"]}


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
