"""Postings that a new day appends to, kept between builds.

A term's postings are, per field, three columns: doc number gaps, term
frequencies and the field's length in terms (the worker computes lunr's BM25
from them, the document frequencies and the manifest's global counts, so no
stored number depends on the rest of the archive). Docs are numbered oldest
first, so a new day's docs come after every posting: appending them changes
only the postings of the terms they hold.

`Postings` keeps each term's packed postings as JSON text, with its document
frequencies and last doc per field, so the files are laid out again by joining
texts: only the terms a new day touches are parsed and written again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .partitions import dumps

Counts = list[list[Any]]  # per field: [{term: frequency}, length]


@dataclass
class Postings:
    fields: int
    # term -> [doc frequency per field…, last doc per field…, packed postings as JSON]
    terms: dict[str, list[Any]] = field(default_factory=dict)
    papers: int = 0
    lengths: list[int] = field(default_factory=list)  # per field, the sum of its lengths

    def __post_init__(self) -> None:
        self.lengths = self.lengths or [0] * self.fields

    def append(self, counted: list[Counts]) -> None:
        """Adds docs numbered from `papers` on."""
        n = self.fields
        added: dict[str, list[list[int]]] = {}  # per touched term, the columns' new numbers
        lasts: dict[str, list[int]] = {}
        for number, fields in enumerate(counted, self.papers):
            for f, (frequencies, length) in enumerate(fields):
                self.lengths[f] += length
                for found, frequency in frequencies.items():
                    columns = added.get(found)
                    if columns is None:
                        columns = added[found] = [[] for _ in range(3 * n)]
                        entry = self.terms.get(found)
                        lasts[found] = list(entry[n:2 * n]) if entry else [0] * n
                    last = lasts[found]
                    columns[3 * f].append(number - last[f])
                    columns[3 * f + 1].append(frequency)
                    columns[3 * f + 2].append(length)
                    last[f] = number
        for found, columns in added.items():
            entry = self.terms.get(found)
            dfs = [(entry[f] if entry else 0) + len(columns[3 * f]) for f in range(n)]
            self.terms[found] = [*dfs, *lasts[found], _extended(entry[-1], columns) if entry else dumps(columns)]
        self.papers += len(counted)

    def value(self) -> list[Any]:
        return [self.fields, self.papers, self.lengths, self.terms]

    @classmethod
    def from_value(cls, value: list[Any]) -> Postings:
        fields, papers, lengths, terms = value
        return cls(fields, terms, papers, lengths)


def _extended(packed: str, columns: list[list[int]]) -> str:
    """The packed postings' JSON ([[…],[…],…], lists of integers) with each column's new numbers
    at its end, written into the text: a common term's postings are not parsed again each day."""
    parts = packed[2:-2].split("],[")
    return "[[" + "],[".join(part + ("," if part and more else "") + ",".join(map(str, more))
                             for part, more in zip(parts, columns)) + "]]"
