"""The search page's ranking rules over one full lunr.py index of the same papers:
what the partitioned index (generator/search/index.py + search-worker.js) must return.

Rules: every query word must match, the last as a prefix while typing (a prefix
expands to itself and its most frequent completions, PREFIX_TERMS in all); papers
whose title is the query come first, then those with every word in the title, then
some, then abstract-only; within a tier by lunr's score, then newest first (higher
doc number). When no paper has every word, papers with any of them. An arXiv id or
paper URL gives its paper; filters keep topic, tag, author and first-day range.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from lunr.index import Index
from lunr.query import Query, QueryPresence
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.token_set import TokenSet

from generator.search.docs import SearchDoc, oldest_first
from generator.search.index import PREFIX_TERMS, author_key
from generator.search.terms import STEMMER, WORD, terms, words
from tests.lunr_reference import lunr_index

ARXIV_ID = re.compile(r"(?:\barxiv:?\s*)?\b(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?\b", re.I)
PAPER_URL = re.compile(r"(?:^|/)(papers/[^/?#\s]+/)")
EXACT_CHECKS = 30


@dataclass(frozen=True)
class Clause:
    word: str
    stem: str
    prefix: bool


@dataclass(frozen=True)
class Ranked:
    total: int
    urls: list[str]
    any: bool


def parse(text: str) -> tuple[list[Clause], list[str], list[str]]:
    """(clauses, the query's words, arXiv ids or paper URLs), as search-worker.js parses."""
    url = PAPER_URL.search(text) if "papers/" in text else None
    if url:
        text = ""
    ids = [found.group(1).lower() for found in ARXIV_ID.finditer(text)]
    text = ARXIV_ID.sub(" ", text)
    found_words = WORD.findall(text.lower())
    typing = bool(re.search(r"[^\W_]$", text))
    clauses = []
    for i, word in enumerate(found_words):
        prefix = typing and i == len(found_words) - 1 and len(word) >= 3
        if not prefix and word in STOP_WORDS:
            continue
        stem = STEMMER.stem(word)
        clauses.append(Clause(word, word if prefix and not word.startswith(stem) else stem, prefix))
    return clauses, found_words, [url.group(1)] if url else ids


class Reference:
    def __init__(self, docs: Sequence[SearchDoc]) -> None:
        self.docs = oldest_first(list(docs))
        self.index = Index.load(lunr_index([(doc.title, doc.body) for doc in self.docs]))
        self.vocabulary = sorted(self.index.inverted_index)
        self.full_tokens = self.index.token_set

    def frequency(self, found: str) -> int:
        posting = self.index.inverted_index[found]
        return sum(len(refs) for field, refs in posting.items() if field != "_index")

    def expansions(self, clause: Clause) -> list[str]:
        if not clause.prefix:
            return [clause.stem] if clause.stem in self.index.inverted_index else []
        found = [t for t in self.vocabulary if t.startswith(clause.stem)]
        found.sort(key=lambda t: (t != clause.stem, -self.frequency(t), t.encode("utf-16-be")))
        return found[:PREFIX_TERMS]

    def matches(self, clauses: list[Clause], expanded: list[list[str]], presence: QueryPresence) -> list[dict]:
        allowed = {t for terms_found in expanded for t in terms_found}
        prefixes = [c.stem for c in clauses if c.prefix]
        excluded = {t for t in self.vocabulary if any(t.startswith(p) for p in prefixes)} - allowed
        self.index.token_set = TokenSet.from_list(sorted(set(self.vocabulary) - excluded)) if excluded else self.full_tokens
        query = self.index.create_query()
        for clause in clauses:
            query.term(clause.stem, use_pipeline=False, presence=presence,
                       wildcard=Query.WILDCARD_TRAILING if clause.prefix else Query.WILDCARD_NONE)
        return self.index.query(query)

    def allowed(self, filters: dict[str, str]) -> set[int]:
        keep = set(range(len(self.docs)))
        for n, doc in enumerate(self.docs):
            if filters.get("topic") and filters["topic"] not in doc.topics:
                keep.discard(n)
            if filters.get("tag") and filters["tag"] not in doc.tags:
                keep.discard(n)
            if filters.get("author") and author_key(filters["author"]) not in map(author_key, doc.author_names):
                keep.discard(n)
            if filters.get("from") or filters.get("to"):
                day = doc.day.isoformat() if doc.day else None
                if not day or day < (filters.get("from") or "") or (filters.get("to") and day > filters["to"]):
                    keep.discard(n)
        return keep

    def search(self, text: str, filters: dict[str, str] | None = None, limit: int = 50) -> Ranked:
        filters = filters or {}
        clauses, query_words, keys = parse(text)
        if not clauses and not keys and not any(filters.values()):
            return Ranked(0, [], False)
        keep = self.allowed(filters)
        expanded = [self.expansions(clause) for clause in clauses]
        any_words = False
        if keys:
            numbers = {n for n, doc in enumerate(self.docs) if doc.url in keys or doc.arxiv_id.lower() in keys}
            if clauses:
                numbers &= {int(r["ref"]) for r in self.matches(clauses, expanded, QueryPresence.REQUIRED)}
            ranked = [(0, 0.0, n) for n in numbers & keep]
        elif not clauses:
            ranked = [(0, 0.0, n) for n in keep]
        else:
            found = self.matches(clauses, expanded, QueryPresence.REQUIRED)
            if not [r for r in found if int(r["ref"]) in keep] and len(clauses) > 1:
                found = self.matches(clauses, expanded, QueryPresence.OPTIONAL)
                any_words = True
            ranked = [self.ranked(r, expanded) for r in found if int(r["ref"]) in keep]
            any_words = any_words and bool(ranked)
            ranked = self.exact_first(sorted(ranked, key=_order), len(clauses), query_words)
        ranked.sort(key=_order)
        return Ranked(len(ranked), [self.docs[n].url for _, _, n in ranked[:limit]], any_words)

    def ranked(self, result: dict, expanded: list[list[str]]) -> tuple[int, float, int]:
        metadata = result["match_data"].metadata
        in_title = sum(any("title" in metadata.get(t, {}) for t in clause_terms) for clause_terms in expanded)
        tier = 1 if in_title == len(expanded) else 2 if in_title else 3
        return tier, round(result["score"], 6), int(result["ref"])

    def exact_first(self, ranked: list[tuple[int, float, int]], clauses: int, query_words: list[str]) -> list:
        candidates = [r for r in ranked if r[0] == 1 and len(terms(self.docs[r[2]].title)) == clauses][:EXACT_CHECKS]
        exact = {r for r in candidates if words(self.docs[r[2]].title) == query_words}
        return [(0, *r[1:]) if r in exact else r for r in ranked]


def _order(ranked: tuple[int, float, int]) -> tuple[int, float, int]:
    tier, score, number = ranked
    return tier, -score, -number
