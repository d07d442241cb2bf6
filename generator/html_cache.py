"""Finished HTML of generated pages, kept in cache_dir between builds.

MkDocs converts and renders every page on every build. A generated page outside the nav
(days, papers, listings) is never active in the nav, so its finished HTML depends only on
its Markdown (front matter included), its URL, the pages it links to (their URLs follow
from their paths) and what is the same for the whole site: the MkDocs config, the theme's
templates and options, the installed packages and the generator's own code. An entry is
keyed by a hash of all of that, so any change to them misses it; the pages it links to are
checked to still exist before it is used. A page built from its entry is byte-identical
to one built from scratch: the entry is that page's output, as the last plugin wrote it.

Each entry also keeps what MkDocs checks after every page is built: the page's anchor
ids and its links to other pages' anchors. Only pages that took the fast Markdown road
are kept (MkDocs' own rendering warns about what it finds, on every build). Pages with
an entry skip MkDocs' page pipeline altogether (generator.finished_pages).

An entry is a file: a JSON header line (with the length of what follows), then the HTML,
zlib-compressed. An entry that cannot be read, or is shorter than it says, is a miss. A full build (not `--dirty`) removes the entries it did not use.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .versions import generator_code, hash_folder

# Config keys that never change a page's HTML (paths of this run, server, deploy settings).
UNRELATED_CONFIG = frozenset({"plugins", "theme", "site_dir", "docs_dir", "config_file_path", "dev_addr",
                              "strict", "watch", "remote_branch", "remote_name", "exclude_docs", "draft_docs"})
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


@dataclass(frozen=True)
class Entry:
    anchor_ids: frozenset[str]
    anchor_links: dict[str, dict[str, str]]  # target page's src_uri -> {anchor: the link as written}
    targets: tuple[str, ...]  # src_uri of every page it links to


def site_fingerprint(config, own_plugin: object = None) -> str:
    """What every generated page's HTML depends on besides its own Markdown and URL. The
    paper-archive plugin's own settings (digests, topics, cache_dir...) shape only the Markdown."""
    parts = [generator_code()]
    parts += [f"{key}={config[key]!r}" for key in sorted(config) if key not in UNRELATED_CONFIG]
    theme = config.theme
    parts.append(f"theme={theme.name} {dict(theme.items())!r}")
    # Package templates are versioned with their package (versions.PACKAGES); the rest is hashed.
    parts += [f"templates {folder}: {hash_folder(Path(folder)) if 'site-packages' not in Path(folder).parts else ''}"
              for folder in theme.dirs]
    parts += [f"plugin {name}: {dict(plugin.config.items()) if plugin is not own_plugin else ''!r}"
              for name, plugin in config.plugins.items()]
    return hashlib.sha256(_ADDRESS.sub("", "\n".join(parts)).encode("utf-8")).hexdigest()


def _write_entry(path: Path, fields: dict, html: bytes) -> None:
    body = zlib.compress(html, 1)
    fields["bytes"] = len(body)
    # Written in place: an entry cut short is shorter than its header says, and is a miss.
    path.write_bytes(json.dumps(fields).encode("utf-8") + b"\n" + body)


class HtmlCache:
    def __init__(self, folder: Path, site: str):
        self.folder = Path(folder)
        self.site = site
        self.used: set[str] = set()
        self.stored = 0
        self._folders: set[Path] = set()  # made already
        self._writer: ThreadPoolExecutor | None = None
        self._writing: list[Future] = []

    def key(self, url: str, source: str) -> str:
        """The key of a page at url whose file reads source (front matter and Markdown)."""
        text = "\0".join((self.site, url, source))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def entry(self, key: str) -> Entry | None:
        """The entry's header, if the whole entry is there (its HTML is read by `html`)."""
        if self._writing:
            self.flush()
        try:
            with self._path(key).open("rb") as handle:
                header = handle.readline()
                fields = json.loads(header)
                whole = os.fstat(handle.fileno()).st_size == len(header) + fields["bytes"]
            entry = Entry(frozenset(fields["ids"]), fields["anchors"], tuple(fields["targets"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, or from other code: a miss
        if not whole:
            return None  # cut short by a killed build
        self.used.add(key)
        return entry

    def html_bytes(self, key: str) -> bytes:
        """The entry's HTML, as the page's file holds it (UTF-8)."""
        try:
            _, _, body = self._path(key).read_bytes().partition(b"\n")
            return zlib.decompress(body)
        except (OSError, zlib.error) as exc:
            raise OSError(f"the cached page {self._path(key)} was changed during the build") from exc

    def put(self, key: str, html: str, entry: Entry) -> None:
        """Keeps the page; the entry is compressed and written by a thread (zlib and file writes
        let the build go on meanwhile, on another core), done by `flush` (`entry`, `prune` wait too)."""
        fields = {"ids": sorted(entry.anchor_ids), "anchors": entry.anchor_links, "bytes": 0,
                  "targets": list(entry.targets)}
        path = self._path(key)
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="html-cache")
        self._writing.append(self._writer.submit(_write_entry, path, fields, html.encode("utf-8")))
        self.used.add(key)
        self.stored += 1

    def flush(self) -> None:
        """Waits for the entries `put` is writing; raises what failed."""
        writing, self._writing = self._writing, []
        for write in writing:
            write.result()

    def prune(self) -> int:
        """Removes the entries this build did not use; returns how many."""
        self.flush()
        removed = 0
        for folder in _entries(self.folder):  # os.scandir: a glob made a Path per entry, 2 s for 11,000
            for entry in _entries(folder.path):
                if folder.name + entry.name not in self.used:
                    try:
                        os.unlink(entry.path)
                    except FileNotFoundError:
                        continue
                    removed += 1
        return removed


def _entries(folder: str | Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as found:
            return list(found)
    except (FileNotFoundError, NotADirectoryError):
        return []
