"""Caches of the read and classify stages, kept in memory (across `mkdocs serve` rebuilds)
and, with a folder, on disk in cache_dir (across runs: the Publish workflow restores it).

Both wrap their stage from outside and change no result: a cached digest is the one
`archive.read_file` returns for the same bytes, a cached classification the one the
same taxonomy gives the same paper text. Disk entries are keyed by content hashes and the
generator's code (`versions.generator_code`), so an edit to either starts clean.
"""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from .archive import read_file
from .files import atomic_write
from .model import Digest
from .problems import Problem
from .versions import generator_code

Read = tuple["Digest | None", "list[Problem]"]


def _load(path: Path) -> object | None:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, cut short or from other code: a miss
        return None


class ReadCache:
    """`archive.read_file`, remembered: a digest is parsed again only when its bytes change
    (in memory: when its size or modification time does)."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else None
        self._memory: dict[str, tuple[object, str | None, Read]] = {}  # source -> (file stat, disk key, result)
        self._seen: set[str] = set()  # sources read since the last prune
        self.parsed = 0  # files parsed (found in no cache) since the last prune

    def __call__(self, path: Path, source: str) -> Read:
        try:
            stat = path.stat()
            data = path.read_bytes() if self.folder is not None else b""
        except OSError:
            return read_file(path, source)  # it reports the file
        self._seen.add(source)
        mark = (str(path), stat.st_mtime_ns, stat.st_size)
        kept = self._memory.get(source)
        if kept is not None and kept[0] == mark:
            return kept[2]
        result, key = None, None
        if self.folder is not None:
            key = hashlib.sha256(f"{generator_code()}\0{source}\0".encode("utf-8", "surrogatepass") + data).hexdigest()
            result = _load(self.folder / key)
        if result is None:
            result = read_file(path, source)
            self.parsed += 1
            if key is not None:
                atomic_write(self.folder / key, pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
        self._memory[source] = (mark, key, result)
        return result

    def prune(self) -> None:
        """Forgets every digest not read since the last prune (files gone from the folder)."""
        self._memory = {source: kept for source, kept in self._memory.items() if source in self._seen}
        keys = {key for _, key, _ in self._memory.values()}
        if self.folder is not None and self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in keys and not path.name.startswith(".tmp-"):
                    path.unlink(missing_ok=True)
        self._seen, self.parsed = set(), 0


class ClassifyCache:
    """A Classifier's worked-out classifications (its `memo` and `curated`), saved in the
    folder per taxonomy, and given back to a new Classifier of that taxonomy in a later run."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else None
        self._restored: tuple[object, Path, int] | None = None  # (classifier, its file, memo size saved)

    def _file(self, topics: Path | None) -> Path | None:
        try:
            taxonomy = Path(topics).read_bytes() if topics is not None else b"packaged"
        except OSError:
            return None  # load_taxonomy reports it
        return self.folder / hashlib.sha256(generator_code().encode() + b"\0" + taxonomy).hexdigest()

    def restore(self, classifier: object, topics: Path | None) -> None:
        """Gives a classifier what was saved for its taxonomy, once."""
        if self.folder is None or (self._restored is not None and self._restored[0] is classifier):
            return
        memo, curated = getattr(classifier, "memo", None), getattr(classifier, "curated", None)
        path = self._file(topics)
        if path is None or not isinstance(memo, dict) or not isinstance(curated, dict):
            return
        saved = _load(path)
        if isinstance(saved, tuple) and len(saved) == 2 and all(isinstance(part, dict) for part in saved):
            memo.update(saved[0])
            curated.update(saved[1])
        self._restored = (classifier, path, len(memo))

    def keep(self, classifier: object) -> None:
        """Saves the restored classifier's memo if it grew, in place of any other taxonomy's."""
        if self._restored is None or self._restored[0] is not classifier:
            return
        _, path, size = self._restored
        memo, curated = classifier.memo, classifier.curated  # type: ignore[attr-defined]
        if len(memo) != size:
            for stale in (self.folder.iterdir() if self.folder.is_dir() else ()):
                if stale != path:
                    stale.unlink(missing_ok=True)
            atomic_write(path, pickle.dumps((memo, curated), pickle.HIGHEST_PROTOCOL))
            self._restored = (classifier, path, len(memo))
