"""Cutting sorted entries into partitions, and naming files by their content.

A partition starts at every key whose CRC-32 is a multiple of `every` (and at
the first key): boundaries depend only on the keys, not on their neighbours or
sizes, so adding keys changes only the partitions they fall in, and a growing
partition splits by itself as new boundary keys join it. Partitions hold
`every` keys on average, at any archive size.
"""
from __future__ import annotations

import hashlib
import json
import re
import zlib
from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import Any, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")
PAST_BMP = re.compile("[\U00010000-\U0010FFFF]")  # characters JavaScript sees as two code units


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def digest(text: str, length: int = 12) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def starts_partition(key: str, every: int) -> bool:
    return zlib.crc32(key.encode("utf-8")) % every == 0


def utf16(key: str) -> bytes:
    """The order of keys: UTF-16 code units, as JavaScript compares strings."""
    return key.encode("utf-16-be")


def utf16_sorted(entries: Iterable[T], keyed_by_first: bool = False) -> list[T]:
    """Keys (or (key, value) entries, stably by key) in `utf16` order. Without a character past
    U+FFFF that is Python's own string order, which needs no encoding."""
    items = list(entries)
    keys: list[str] = [item[0] for item in items] if keyed_by_first else items  # type: ignore[index, assignment]
    joined = "".join(keys)
    if joined.isascii() or not PAST_BMP.search(joined):
        return sorted(items, key=itemgetter(0)) if keyed_by_first else sorted(items)  # type: ignore[type-var]
    return sorted(items, key=(lambda item: utf16(item[0])) if keyed_by_first else utf16)  # type: ignore[index, arg-type]


def cut(entries: Sequence[tuple[str, T]], every: int, recut: bool = True) -> Iterator[list[tuple[str, T]]]:
    """Sorted (key, value) entries in partitions of about `every` keys. A partition
    that happens to be over four times that is cut again at a quarter of `every` (recut)."""
    for stretch in stretches(entries, every):
        yield from _recut(stretch, every) if recut else [stretch]


def stretches(entries: Iterable[tuple[str, T]], every: int) -> Iterator[list[tuple[str, T]]]:
    """Sorted entries cut at the keys that start a partition, before any partition is cut again."""
    part: list[tuple[str, T]] = []
    for entry in entries:
        if part and starts_partition(entry[0], every):
            yield part
            part = []
        part.append(entry)
    if part:
        yield part


def _recut(part: list[tuple[str, T]], every: int) -> Iterator[list[tuple[str, T]]]:
    return cut(part, every // 4) if len(part) > 4 * every and every >= 4 else iter([part])


class Files:
    """The files of the index by path; a path is its kind and a hash of its content,
    so a browser may cache a file for good and a page never mixes two builds."""

    def __init__(self) -> None:
        self.by_path: dict[str, str] = {}

    def add(self, kind: str, value: Any, name: str = "", length: int = 12) -> str:
        """Adds a JSON file under search/<kind>/; returns its hash (the name the manifest lists)."""
        return self.add_text(kind, dumps(value), name, length)

    def add_text(self, kind: str, json_text: str, name: str = "", length: int = 12) -> str:
        """`add` for a value already written as JSON."""
        text = json_text + "\n"
        return self.put(kind, digest(text, length), text, name)

    def put(self, kind: str, hashed: str, text: str, name: str = "") -> str:
        """`add_text` for a file whose text (newline included) and hash are known."""
        path = f"search/{kind + '/' if kind else ''}{name}{hashed}.json"
        if self.by_path.setdefault(path, text) != text:
            raise ValueError(f"two search files hash to {path}; lengthen the hash")
        return hashed


Part = list  # [number of entries, hash of its file]


class Directory:
    """Sorted (key, JSON text) entries in files of partitions as `cut` cuts them, kept between
    builds. Entries are held in stretches, from one key that starts a partition to the next (`cut`
    never looks past one): a change cuts only its stretch again, and only the partitions whose
    entries changed are written and hashed again, so unchanged files cost nothing."""

    def __init__(self, every: int, recut: bool = True, value: list[Any] | None = None) -> None:
        self.every, self.recut = every, recut
        self.stretches: list[list[Any]] = value or []  # [keys, values, [Part, ...]]

    def value(self) -> list[Any]:
        return self.stretches

    def update(self, changed: dict[str, str | None] | None = None, added: Sequence[tuple[str, str]] = ()
               ) -> list[tuple[list[str], str]]:
        """changed: the entry of each key (it must have at most one), or None to remove it; added:
        entries put after those of the same key. Returns (keys, hash) of each new partition."""
        if not self.stretches:  # all is new: one cut
            entries = [(key, value) for key, value in (changed or {}).items() if value is not None] + [*added]
            return self._again(0, 0, set(), entries) if entries else []
        firsts = [keys[0] for keys, _, _ in self.stretches]
        in_place: dict[int, dict[int, str]] = {}  # stretch -> position -> new value
        again: dict[int, tuple[set[str], list[tuple[str, str]]]] = {}  # stretch -> removed keys, new entries

        def stretch_of(key: str) -> int:
            at = bisect_right(firsts, key) if _python_order(key) else bisect_right(firsts, utf16(key), key=utf16)
            return max(at - 1, 0)

        for key, value in (changed or {}).items():
            s = stretch_of(key)
            at = _position(self.stretches[s][0], key)
            if at is not None:
                if value is None:
                    again.setdefault(s, (set(), []))[0].add(key)
                else:
                    in_place.setdefault(s, {})[at] = value
            elif value is not None:
                again.setdefault(s, (set(), []))[1].append((key, value))
        for key, value in added:
            again.setdefault(stretch_of(key), (set(), []))[1].append((key, value))
        for s in sorted(again, reverse=True):  # a stretch whose first key goes joins the one before it
            while s > 0 and self.stretches[s][0][0] in again[s][0]:
                s -= 1
                again.setdefault(s, (set(), []))
        for s in set(in_place) & set(again):
            keys = self.stretches[s][0]
            again[s][0].update(keys[at] for at in in_place[s])
            again[s][1].extend((keys[at], value) for at, value in in_place.pop(s).items())
        made = [part for s, values in in_place.items() for part in self._replace(self.stretches[s], values)]
        for first, last in reversed(_runs(sorted(again))):  # from the end: the runs before keep their place
            run = range(first, last + 1)
            made += self._again(first, last + 1, set().union(*(again[s][0] for s in run)),
                                [entry for s in run for entry in again[s][1]])
        return made

    def _replace(self, stretch: list[Any], values: dict[int, str]) -> list[tuple[list[str], str]]:
        keys, texts, parts = stretch
        starts = [0]
        for count, _ in parts:
            starts.append(starts[-1] + count)
        touched = set()
        for at, value in values.items():
            texts[at] = value
            touched.add(bisect_right(starts, at) - 1)
        made = []
        for p in sorted(touched):
            before, part_keys = parts[p][1], keys[starts[p]:starts[p + 1]]
            parts[p] = _part(part_keys, texts[starts[p]:starts[p + 1]])
            if parts[p][1] != before:
                made.append((part_keys, parts[p][1]))
        return made

    def _again(self, first: int, end: int, removed: set[str], entries: list[tuple[str, str]]
               ) -> list[tuple[list[str], str]]:
        """Cuts stretches again with their changes: their first keys and the new ones may start a
        stretch, none of their other keys does."""
        old = self.stretches[first:end]
        maybe = {keys[0] for keys, _, _ in old} | {key for key, _ in entries}
        kept = [(key, text) for keys, texts, _ in old for key, text in zip(keys, texts) if key not in removed]
        made: list[list[Any]] = []
        for key, text in utf16_sorted(kept + entries, True):
            if not made or (key in maybe and starts_partition(key, self.every)):
                made.append([[], [], []])
            made[-1][0].append(key)
            made[-1][1].append(text)
        before = {hashed for _, _, parts in old for _, hashed in parts}
        new = []
        for keys, texts, parts in made:
            start = 0
            for part in _recut(list(zip(keys, texts)), self.every) if self.recut else [keys]:
                parts.append(_part(keys[start:start + len(part)], texts[start:start + len(part)]))
                if parts[-1][1] not in before:
                    new.append((keys[start:start + len(part)], parts[-1][1]))
                start += len(part)
        self.stretches[first:end] = made
        return new

    def directory(self) -> list[list[str]]:
        """[[separator, hash], ...]: a partition's separator is the shortest start of its first key
        that sorts after the partition before it (every key of a partition is >= its separator and
        < the next one)."""
        listed, last = [], None
        for keys, _, parts in self.stretches:
            start = 0
            for count, hashed in parts:
                listed.append([separator(last, keys[start]), hashed])
                start += count
                last = keys[start - 1]
        return listed

    def add_to(self, files: Files, kind: str) -> list[list[str]]:
        """Puts every partition's file under search/<kind>/; returns the directory."""
        for keys, values, parts in self.stretches:
            start = 0
            for count, hashed in parts:
                files.put(kind, hashed, keyed(keys[start:start + count], values[start:start + count]) + "\n")
                start += count
        return self.directory()


def _part(keys: list[str], texts: list[str]) -> Part:
    return [len(keys), digest(keyed(keys, texts) + "\n")]


def _position(keys: list[str], key: str) -> int | None:
    """Where key is in sorted keys, if it is."""
    at = bisect_left(keys, key) if _python_order(key) else bisect_left(keys, utf16(key), key=utf16)
    return at if at < len(keys) and keys[at] == key else None


def _python_order(key: str) -> bool:
    """Whether Python compares key with any string as `utf16` does: it has no character past U+D7FF
    (a character past U+FFFF is two code units from U+D800 on)."""
    return key.isascii() or max(key) < "\ud800"


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as (first, last) runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def keyed(keys: list[str], value_texts: list[str]) -> str:
    """dumps({"keys": keys, "values": values}) from the values' JSON texts."""
    return f'{{"keys":{dumps(keys)},"values":[{",".join(value_texts)}]}}'


def separator(before: str | None, first: str) -> str:
    """The shortest start of `first` that sorts after `before` (in UTF-16 order)."""
    if before is None:
        return first[:1]
    return next(first[:n] for n in range(1, len(first) + 1) if utf16(first[:n]) > utf16(before))
