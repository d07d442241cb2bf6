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

import heapq
import math
import re
from collections import Counter, defaultdict

from .archive import normalise_title
from .model import Archive, Paper

RELATED = 5
TOP_TERMS = 16  # terms kept per paper: 24 finds a few more neighbours but takes twice as long
MAX_DF_SHARE = 0.25  # a term in more papers than this says nothing about any of them
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


class TermCounts:
    """Each paper text's term counts, remembered across builds (`mkdocs serve`): they depend
    on the text alone, unlike the weights, which depend on every paper (see `_vectors`)."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str], Counter[str]] = {}

    def __call__(self, papers: list[Paper]) -> list[Counter[str]]:
        old, self._counts = self._counts, {}
        for paper in papers:
            text = (paper.title, paper.abstract)
            self._counts[text] = old.get(text) or term_counts(paper)
        return [self._counts[(paper.title, paper.abstract)] for paper in papers]


def term_counts(paper: Paper) -> Counter[str]:
    return Counter(words(paper.title) * 2 + words(paper.abstract))


def _vectors(papers: list[Paper], terms: TermCounts | None = None) -> list[dict[str, float]]:
    """Each paper's TOP_TERMS heaviest TF-IDF terms, as a unit-length {term: weight}. Every
    weight holds the archive's size and each term's document count, so a paper added or
    edited can change any paper's vector: they are worked out again for each build."""
    counts = terms(papers) if terms is not None else [term_counts(p) for p in papers]
    df = Counter(term for count in counts for term in count)
    limit = max(10, MAX_DF_SHARE * len(papers))  # small archives keep every shared term
    idf = {term: math.log(len(papers) / n) for term, n in df.items() if 1 < n <= limit}
    vectors = []
    for count in counts:
        weights = {t: (1 + math.log(n)) * idf[t] for t, n in count.items() if t in idf}
        top = sorted(weights.items(), key=lambda tw: (-tw[1], tw[0]))[:TOP_TERMS]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        vectors.append({t: w / norm for t, w in top})
    return vectors


def _postings(vectors: list[dict[str, float]]) -> dict[str, tuple[list[int], list[float]]]:
    """term -> (indexes of the papers that kept it, their weights for it)."""
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for i, vector in enumerate(vectors):
        for term, weight in vector.items():
            indexes, weights = postings.setdefault(term, ([], []))
            indexes.append(i)
            weights.append(weight)
    return postings


def related_papers(archive: Archive, count: int = RELATED, terms: TermCounts | None = None
                   ) -> dict[str, tuple[str, ...]]:
    """Every paper's `count` most similar papers (fewer if fewer share a term), best first.
    terms: the term counts of an earlier build's papers, to count only new or edited texts."""
    papers = sorted(archive.papers.values(), key=lambda p: p.key)
    keys = [p.key for p in papers]
    titles = [normalise_title(p.title) for p in papers]
    vectors = _vectors(papers, terms)
    postings = _postings(vectors)
    twins = defaultdict(list)  # normalised title -> indexes: a paper and its duplicates
    for i, title in enumerate(titles):
        twins[title].append(i)
    related = {}
    sums = [0.0] * len(papers)  # one list reused for every paper: faster than a dict per paper
    for i, vector in enumerate(vectors):
        touched: set[int] = set()
        for term, weight in vector.items():
            indexes, weights = postings[term]
            for j, other in zip(indexes, weights):
                sums[j] += weight * other
            touched.update(indexes)
        scores = {j: sums[j] for j in touched}
        for j in touched:
            sums[j] = 0.0
        for j in twins[titles[i]]:  # itself, and its own duplicates
            scores.pop(j, None)
        related[keys[i]] = tuple(keys[j] for j in _best(scores, count))
    return {key: related[key] for key in archive.papers}


def _best(scores: dict[int, float], count: int) -> list[int]:
    """The indexes of the `count` highest scores; equal scores (to 9 places) by index."""
    if not scores:
        return []
    cutoff = heapq.nlargest(count, scores.values())[-1] - 1e-8
    ranked = sorted((-round(score, 9), j) for j, score in scores.items() if score >= cutoff)
    return [j for _, j in ranked[:count]]
