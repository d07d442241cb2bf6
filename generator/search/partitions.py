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
import zlib
from operator import itemgetter
from typing import Any, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")


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
    if max("".join(keys), default="") <= "\uffff":
        return sorted(items, key=itemgetter(0)) if keyed_by_first else sorted(items)  # type: ignore[type-var]
    return sorted(items, key=(lambda item: utf16(item[0])) if keyed_by_first else utf16)  # type: ignore[index, arg-type]


def cut(entries: Sequence[tuple[str, T]], every: int) -> Iterator[list[tuple[str, T]]]:
    """Sorted (key, value) entries in partitions of about `every` keys. A partition
    that happens to be over four times that is cut again at a quarter of `every`."""
    part: list[tuple[str, T]] = []
    for entry in [*entries, None]:
        if part and (entry is None or starts_partition(entry[0], every)):
            yield from (cut(part, every // 4) if len(part) > 4 * every and every >= 4 else [part])
            part = []
        if entry is not None:
            part.append(entry)


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
        hashed = digest(text, length)
        path = f"search/{kind + '/' if kind else ''}{name}{hashed}.json"
        if self.by_path.setdefault(path, text) != text:
            raise ValueError(f"two search files hash to {path}; lengthen the hash")
        return hashed

    def directory(self, kind: str, entries: Iterable[tuple[str, Any]], every: int, texts: bool = False
                  ) -> list[list[str]]:
        """Sorted entries in partitions under search/<kind>/: [[separator, hash], ...], where a
        partition's separator is the shortest start of its first key that sorts after the
        partition before it (every key of a partition is >= its separator and < the next one).
        texts: the entries' values are already JSON."""
        directory = []
        last = None
        for part in cut(list(entries), every):
            keys = [key for key, _ in part]
            values = [v for _, v in part]
            hashed = (self.add_text(kind, keyed(keys, values)) if texts
                      else self.add(kind, {"keys": keys, "values": values}))
            directory.append([separator(last, part[0][0]), hashed])
            last = part[-1][0]
        return directory


def keyed(keys: list[str], value_texts: list[str]) -> str:
    """dumps({"keys": keys, "values": values}) from the values' JSON texts."""
    return f'{{"keys":{dumps(keys)},"values":[{",".join(value_texts)}]}}'


def separator(before: str | None, first: str) -> str:
    """The shortest start of `first` that sorts after `before` (in UTF-16 order)."""
    if before is None:
        return first[:1]
    return next(first[:n] for n in range(1, len(first) + 1) if utf16(first[:n]) > utf16(before))
