"""Postings that a new day appends to, kept between builds.

A term's postings are, per field, three columns: doc number gaps, term
frequencies and the field's length in terms, each a string of `NUMBERS` digits (the worker computes lunr's BM25
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

# A number is its 5-bit groups, high first, one character each: the last of a number is
# NUMBERS[group], the others NUMBERS[32 + group] (search-worker.js `unpack` reads them).
# Half the bytes of JSON's digits and commas; none of them needs escaping in JSON.
NUMBERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_DIGIT = {c: i for i, c in enumerate(NUMBERS)}


def _digits(n: int) -> str:
    digits = NUMBERS[n & 31]
    n >>= 5
    while n:
        digits = NUMBERS[32 | (n & 31)] + digits
        n >>= 5
    return digits


_PACKED = [_digits(n) for n in range(1 << 15)]  # up to three characters: every tf and length, most gaps


def pack(numbers: list[int]) -> str:
    try:
        return "".join([_PACKED[n] for n in numbers])
    except IndexError:
        return "".join(map(_digits, numbers))


def unpack(text: str) -> list[int]:
    numbers, n = [], 0
    for c in text:
        value = _DIGIT[c]
        n = n * 32 + (value & 31)
        if value < 32:
            numbers.append(n)
            n = 0
    return numbers


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

    def append(self, counted: list[Counts]) -> list[str]:
        """Adds docs numbered from `papers` on; returns the terms they hold."""
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
            self.terms[found] = [*dfs, *lasts[found], _extended(entry[-1], columns) if entry
                                                 else dumps(list(map(pack, columns)))]
        self.papers += len(counted)
        return list(added)

    def value(self) -> list[Any]:
        return [self.fields, self.papers, self.lengths, self.terms]

    @classmethod
    def from_value(cls, value: list[Any]) -> Postings:
        fields, papers, lengths, terms = value
        return cls(fields, terms, papers, lengths)


def _extended(packed: str, columns: list[list[int]]) -> str:
    """The packed postings' JSON (["…","…",…], a string per column) with each column's new
    numbers at its end: a common term's postings are not parsed again each day."""
    parts = packed[2:-2].split('","')
    return '["' + '","'.join(part + pack(more) for part, more in zip(parts, columns)) + '"]'
