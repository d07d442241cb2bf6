"""The vocabulary partitions (d/) and the postings files (p/) they point to, kept between builds.

A term's entry is its document frequency per field and its postings: inline when it is in at
most INLINE docs, else the hash of a postings file, its own when it is in more than OWN_FILE
docs, else one it shares with the terms around it (cut as `partitions.cut` cuts, without cutting
big ones again). A new day gives the terms it touches new postings: only those terms' entries,
their postings files and the entries of the terms sharing those files are written again.
"""
from __future__ import annotations

from typing import Any, Iterable

from .partitions import Directory, Files, digest, keyed
from .postings import Postings

INLINE = 3  # a term in at most this many docs keeps its postings in its vocabulary partition
OWN_FILE = 300  # a term in more docs than this has a postings file of its own
TERMS_EVERY = 512  # vocabulary terms per partition, on average
POSTINGS_EVERY = 16  # terms per grouped postings file, on average


class Vocabulary:
    def __init__(self, value: list[Any] | None = None) -> None:
        entries, grouped, own = value or ([], [], {})
        self.entries = Directory(TERMS_EVERY, value=entries)
        self.grouped = Directory(POSTINGS_EVERY, recut=False, value=grouped)  # postings of the terms in between
        self.own: dict[str, str] = own  # term -> hash of its postings file

    def value(self) -> list[Any]:
        return [self.entries.value(), self.grouped.value(), self.own]

    def update(self, postings: Postings, touched: Iterable[str]) -> None:
        """Writes again what the terms whose postings changed (or are new) change."""
        fields = postings.fields
        grouped: dict[str, str | None] = {}
        for found in touched:
            entry = postings.terms[found]
            if sum(entry[:fields]) > OWN_FILE:
                self.own[found] = digest(keyed([found], [entry[-1]]) + "\n")
            else:
                self.own.pop(found, None)
            grouped[found] = entry[-1] if INLINE < sum(entry[:fields]) <= OWN_FILE else None
        file_of = {found: hashed for keys, hashed in self.grouped.update(grouped) for found in keys}
        file_of.update((found, self.own[found]) for found in grouped if found in self.own)
        changed: dict[str, str | None] = {}
        for found in {**grouped, **file_of}:  # the touched terms, and those sharing a new postings file
            entry = postings.terms[found]
            dfs = f"[{','.join(map(str, entry[:fields]))},"
            changed[found] = f"{dfs}{entry[-1]}]" if sum(entry[:fields]) <= INLINE else f'{dfs}"{file_of[found]}"]'
        self.entries.update(changed)

    def add_to(self, files: Files, postings: Postings) -> list[list[str]]:
        """Puts the vocabulary and postings files; returns the vocabulary's directory."""
        for found, hashed in self.own.items():
            files.put("p", hashed, keyed([found], [postings.terms[found][-1]]) + "\n")
        self.grouped.add_to(files, "p")
        return self.entries.add_to(files, "d")
