"""Where the build keeps work between runs: the terms of each day's papers,
keyed by a hash of their text (entries are never read unless the key matches)."""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ..files import atomic_write


class IndexCache(Protocol):
    def get(self, key: str) -> str | None: ...
    def put(self, key: str, value: str) -> None: ...
    def get_bytes(self, key: str) -> bytes | None: ...
    def put_bytes(self, key: str, value: bytes) -> None: ...


class MemoryCache:
    def __init__(self) -> None:
        self._entries: dict[str, str] = {}
        self._binary: dict[str, bytes] = {}

    def get(self, key: str) -> str | None:
        return self._entries.get(key)

    def put(self, key: str, value: str) -> None:
        self._entries[key] = value

    def get_bytes(self, key: str) -> bytes | None:
        return self._binary.get(key)

    def put_bytes(self, key: str, value: bytes) -> None:
        self._binary[key] = value


class FolderCache:
    """Entries kept in a folder across builds, one file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @classmethod
    def in_cache_dir(cls, cache_dir: Path) -> FolderCache:
        """The search index's place in a build's cache folder (beside the pages' docs/)."""
        return cls(Path(cache_dir) / "search-index")

    def get(self, key: str) -> str | None:
        try:
            return (self.folder / f"{key}.json").read_text(encoding="utf-8")
        except OSError:
            return None

    def put(self, key: str, value: str) -> None:
        atomic_write(self.folder / f"{key}.json", value.encode("utf-8"))

    def get_bytes(self, key: str) -> bytes | None:
        try:
            return (self.folder / f"{key}.bin").read_bytes()
        except OSError:
            return None

    def put_bytes(self, key: str, value: bytes) -> None:
        atomic_write(self.folder / f"{key}.bin", value)


class RecordingCache:
    """A cache that also records what was put in it: a forked child's entries, for the parent's cache."""

    def __init__(self, cache: IndexCache) -> None:
        self._cache = cache
        self.entries: list[tuple[str, str, str | bytes]] = []  # (method, key, value), in order

    def get(self, key: str) -> str | None:
        return self._cache.get(key)

    def put(self, key: str, value: str) -> None:
        self._cache.put(key, value)
        self.entries.append(("put", key, value))

    def get_bytes(self, key: str) -> bytes | None:
        return self._cache.get_bytes(key)

    def put_bytes(self, key: str, value: bytes) -> None:
        self._cache.put_bytes(key, value)
        self.entries.append(("put_bytes", key, value))
