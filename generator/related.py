"""Related papers: for each paper, the most similar other papers by title and abstract.

A pipeline stage of its own: Archive in, {paper key: related keys} out, pure
and deterministic. Each paper becomes a TF-IDF vector (title words count
twice, sublinear term frequency, unit length) cut to its TOP_TERMS heaviest
terms; an inverted index over those terms gives every pair of papers that
share one, and their dot product over the shared terms is their similarity.
Papers with the same normalised title are one paper seen twice (different
arXiv ids, say) and are never related to each other. Ties are broken by
key, and scores are rounded first, so float noise can never reorder them.
"""
from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .archive import normalise_title
from .model import Archive, Paper

RELATED = 5
TOP_TERMS = 16  # terms kept per paper: 24 finds a few more neighbours but takes twice as long
MAX_DF_SHARE = 0.25  # a term in more papers than this says nothing about any of them
CANDIDATES = 100  # per term: only its heaviest papers are scored against the papers that kept it
_WORD = re.compile(r"[a-z][a-z0-9]+(?:-[a-z0-9]+)*")
STOPWORDS = frozenset("""
a an and are as at be been but by can for from has have in into is it its it's of on or our
such than that the their them then there these this those to via was we were what when which
while with without also both each more most other over under using use used new based show
shows shown propose proposed approach method methods paper results result work however not
only can may well across between through however first two three one further significantly
""".split())


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if w not in STOPWORDS]


Text = tuple[str, str]  # (title, abstract): all a paper's vector is made of


def term_counts(paper: Paper) -> Counter[str]:
    return text_counts((paper.title, paper.abstract))


def text_counts(text: Text) -> Counter[str]:
    return Counter(words(text[0]) * 2 + words(text[1]))


def _idf(df: Counter[str], papers: int) -> dict[str, float]:
    limit = max(10, MAX_DF_SHARE * papers)  # small archives keep every shared term
    return {term: math.log(papers / n) for term, n in df.items() if 1 < n <= limit}


def _df_edited(df: Counter[str], old: list[Counter[str]], new: list[Counter[str]]) -> Counter[str]:
    """The document frequencies of an archive whose papers were `old` and are `new`."""
    df = df.copy()
    for count in old:
        df.subtract(count.keys())
    for count in new:
        df.update(count.keys())
    return +df  # without the terms gone


def _moved(postings: dict[str, tuple[list[int], list[float]]], i: int,
           old: dict[str, float], new: dict[str, float]) -> None:
    """Paper i's vector changed from old to new: its postings too, each kept in paper order."""
    for term in old:
        indexes, weights = postings[term]
        at = bisect.bisect_left(indexes, i)
        del indexes[at], weights[at]
        if not indexes:
            del postings[term]
    for term, weight in new.items():
        indexes, weights = postings.setdefault(term, ([], []))
        at = bisect.bisect_left(indexes, i)
        indexes.insert(at, i)
        weights.insert(at, weight)


def paper_vectors(archive: Archive) -> dict[str, dict[str, float]]:
    """Each paper's vector, by key: their dot product is two papers' similarity."""
    counts = {key: term_counts(paper) for key, paper in archive.papers.items()}
    idf = _idf(Counter(term for count in counts.values() for term in count), len(counts))
    return {key: _vector(count, idf) for key, count in counts.items()}


def _vector(count: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """A paper's TOP_TERMS heaviest TF-IDF terms, as a unit-length {term: weight}."""
    # (-weight, term): the heaviest first, ties by term; nsmallest is sorted()[:n], without a key function
    top = heapq.nsmallest(TOP_TERMS, [(-(1 + math.log(n)) * idf[t], t) for t, n in count.items() if t in idf])
    norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
    return {t: -w / norm for w, t in top}


def _heaviest(posting: tuple[list[int], list[float]], cap: int | None) -> tuple[list[int], list[float]]:
    """A term's `cap` heaviest papers (ties by index): what a paper sharing it is scored against."""
    indexes, weights = posting
    if cap is None or len(indexes) <= cap:
        return posting
    top = heapq.nsmallest(cap, zip([-w for w in weights], indexes))
    return [j for _, j in top], [-w for w, _ in top]


def _postings(vectors: list[dict[str, float]]) -> dict[str, tuple[list[int], list[float]]]:
    """term -> (indexes of the papers that kept it, their weights for it)."""
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for i, vector in enumerate(vectors):
        for term, weight in vector.items():
            indexes, weights = postings.setdefault(term, ([], []))
            indexes.append(i)
            weights.append(weight)
    return postings


@dataclass(frozen=True)
class _Last:
    """One build's related papers and what they were worked out from."""

    count: int
    keys: list[str]
    texts: list[Text]
    titles: list[str]  # normalised
    idf: dict[str, float]
    vectors: list[dict[str, float]]
    related: dict[str, tuple[str, ...]]
    df: Counter[str]  # each term's document count
    postings: dict[str, tuple[list[int], list[float]]]  # of the vectors (`_postings`)
    candidates: dict[str, tuple[list[int], list[float]]]  # each term's heaviest postings (`_heaviest`)
    cap: int | None  # what they were cut to


class RelatedCache:
    """What a build's related papers came from, for the next build (`mkdocs serve`, in memory).

    Each text's term counts are kept. Every weight holds the archive's size and each term's
    document count, so a day added (the daily build) changes every vector, and everything is
    worked out again. An edit that leaves the papers and every term's weight as they were
    (a typo fixed, a title changed by a word no other paper has) changes only the edited
    papers' vectors and titles: then only the lists that can change are worked out again,
    those of the edited papers, of every paper sharing a term with their old or new
    vectors, and of their old and new duplicates. The others' scores are all as they were."""

    def __init__(self) -> None:
        self._counts: dict[Text, Counter[str]] = {}
        self.last: _Last | None = None
        self.recomputed = 0  # lists worked out by the last build

    def counts(self, papers: list[Paper]) -> list[Counter[str]]:
        old, self._counts = self._counts, {}
        for paper in papers:
            text = (paper.title, paper.abstract)
            self._counts[text] = old.get(text) or term_counts(paper)
        return [self._counts[(paper.title, paper.abstract)] for paper in papers]


def related_papers(archive: Archive, count: int = RELATED, cache: RelatedCache | None = None,
                   cap: int | None = CANDIDATES) -> dict[str, tuple[str, ...]]:
    """Every paper's `count` most similar papers (fewer if fewer share a term), best first.
    cache: an earlier build's, to work out only what can have changed since.
    cap: how many of each term's heaviest papers are candidates (None: all, whose cost grows
    with the square of a term's papers)."""
    papers = sorted(archive.papers.values(), key=lambda p: p.key)
    keys = [p.key for p in papers]
    texts = [(p.title, p.abstract) for p in papers]
    titles = [normalise_title(p.title) for p in papers]
    last = cache.last if cache is not None else None
    if cache is not None:
        cache.last = None  # until this build's is complete: last's postings are changed in place
    counts = cache.counts(papers) if cache is not None else [term_counts(p) for p in papers]
    if last is not None and (last.count, last.cap, last.keys) == (count, cap, keys):  # the same papers: a few texts edited
        edited = [i for i, (text, last_text) in enumerate(zip(texts, last.texts)) if text != last_text]
        df = _df_edited(last.df, [text_counts(last.texts[i]) for i in edited], [counts[i] for i in edited])
    else:
        df = Counter(term for count in counts for term in count)
    idf = _idf(df, len(counts))
    if last is not None and (last.count, last.cap, last.keys, last.idf) != (count, cap, keys, idf):
        last = None  # other papers or other weights: every list can change
    if last is None:
        vectors = [_vector(c, idf) for c in counts]
        postings = _postings(vectors)
        candidates = {term: _heaviest(posting, cap) for term, posting in postings.items()}
    else:  # the same text and weights: the same vector
        vectors = [old if text == last_text else _vector(c, idf)
                   for c, text, last_text, old in zip(counts, texts, last.texts, last.vectors)]
        postings, candidates = last.postings, last.candidates
        for i in edited:
            if vectors[i] != last.vectors[i]:
                _moved(postings, i, last.vectors[i], vectors[i])
                for term in last.vectors[i].keys() | vectors[i].keys():
                    candidates.pop(term, None)
                    if term in postings:
                        candidates[term] = _heaviest(postings[term], cap)
    twins = defaultdict(list)  # normalised title -> indexes: a paper and its duplicates
    for i, title in enumerate(titles):
        twins[title].append(i)
    rows: Iterable[int] = range(len(papers))
    related = {}
    if last is not None:
        rows = sorted(_changed_rows(last, vectors, titles, postings, twins))
        related = {key: last.related[key] for key in keys}
    sums = [0.0] * len(papers)  # one list reused for every paper: faster than a dict per paper
    for i in rows:
        touched: set[int] = set()
        for term, weight in vectors[i].items():
            indexes, weights = candidates[term]
            for j, other in zip(indexes, weights):
                sums[j] += weight * other
            touched.update(indexes)
        scores = {j: sums[j] for j in touched}
        for j in touched:
            sums[j] = 0.0
        for j in twins[titles[i]]:  # itself, and its own duplicates
            scores.pop(j, None)
        related[keys[i]] = tuple(keys[j] for j in _best(scores, count))
    if cache is not None:
        cache.last = _Last(count, keys, texts, titles, idf, vectors, related, df, postings, candidates, cap)
        cache.recomputed = len(rows)
    return {key: related[key] for key in archive.papers}


def _changed_rows(last: _Last, vectors: list[dict[str, float]], titles: list[str],
                  postings: dict[str, tuple[list[int], list[float]]], twins: dict[str, list[int]]) -> set[int]:
    """The papers whose lists can differ from the last build's, when only these vectors and titles changed."""
    rows: set[int] = set()
    for i, (old, new) in enumerate(zip(last.vectors, vectors)):
        if old != new:
            rows.add(i)
            for term in old.keys() | new.keys():  # an unchanged paper with the term has it in postings
                rows.update(postings.get(term, ((),))[0])
    for i, (old, new) in enumerate(zip(last.titles, titles)):
        if old != new:
            rows.update(twins.get(old, ()), twins[new], (i,))
    return rows


def _best(scores: dict[int, float], count: int) -> list[int]:
    """The indexes of the `count` highest scores; equal scores (to 9 places) by index."""
    if not scores:
        return []
    cutoff = heapq.nlargest(count, scores.values())[-1] - 1e-8
    ranked = sorted((-round(score, 9), j) for j, score in scores.items() if score >= cutoff)
    return [j for _, j in ranked[:count]]
