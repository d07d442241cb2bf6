"""The MkDocs plugin: a config schema and event glue, nothing else.

Reads the digests folder, renders every page with `generator.pages`, writes
them into a cache folder outside docs_dir (only the pages whose text changed,
so `mkdocs build --dirty` and `mkdocs serve --dirty` rebuild only those) and
registers them from there; `mkdocs serve` never rebuilds in a loop. The
rendered pages are kept across `mkdocs serve` rebuilds, keyed by the digest
and taxonomy files' sizes and modification times.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from . import minify, pages
from .archive import digest_files
from .problems import ERROR, DigestError, Problem

log = logging.getLogger("mkdocs.plugins.paper_archive")

Fingerprint = tuple[tuple[str, int, int], ...]


class PaperArchiveConfig(base.Config):
    digests = c.Dir(exists=True, default="digests")  # relative to mkdocs.yml
    topics = c.Optional(c.File(exists=True))  # None: the packaged taxonomy
    site_title = c.Optional(c.Type(str))  # None: site_name
    strict_digests = c.Type(bool, default=False)  # digest warnings are MkDocs warnings too
    cache_dir = c.Dir(exists=False, default=".cache/paper-archive")  # the generated pages, relative to mkdocs.yml


def fingerprint(paths: list[Path]) -> Fingerprint:
    stats = ((path, path.stat()) for path in paths)
    return tuple((str(path), stat.st_mtime_ns, stat.st_size) for path, stat in stats)


def in_nav(path: str) -> bool:
    """Only top-level pages and section indexes are in the (small) nav."""
    return "/" not in path or path.endswith("/index.md")


class PaperArchivePlugin(BasePlugin[PaperArchiveConfig]):
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this object alive across `mkdocs serve` rebuilds.
        self._cache: tuple[object, dict[str, str]] | None = None

    def _inputs(self, site_title: str, site_url: str) -> object:
        digests = Path(self.config.digests)
        topics = [Path(self.config.topics)] if self.config.topics else []
        return (fingerprint(digest_files(digests) + topics), self.config.topics, site_title, site_url)

    def _pages(self, site_title: str, site_url: str) -> dict[str, str]:
        key = self._inputs(site_title, site_url)
        cache = getattr(self, "_cache", None)
        if cache is not None and cache[0] == key:
            return cache[1]
        topics = Path(self.config.topics) if self.config.topics else None
        start = time.perf_counter()
        try:
            rendered, problems = pages.site_pages(Path(self.config.digests), topics, site_title, site_url)
        except DigestError as exc:  # e.g. a topics file that cannot be read
            raise PluginError(f"paper-archive: {exc.problem}") from exc
        self._report(problems)
        written = pages.write_pages(rendered, Path(self.config.cache_dir)).written
        # benchmarks/scale.py reads this line: keep every generator stage above it.
        log.info(f"paper-archive: {len(rendered):,} pages generated in {time.perf_counter() - start:.2f} s, "
                 f"{written:,} rewritten")
        self._cache = (key, rendered)
        return rendered

    def _report(self, problems: list[Problem]) -> None:
        """Digest errors (a file or entry dropped) are MkDocs warnings, so
        `mkdocs build --strict` fails on them; digest warnings are info,
        unless strict_digests is on."""
        for problem in problems:
            loud = problem.level == ERROR or self.config.strict_digests
            (log.warning if loud else log.info)(f"paper-archive: {problem}")

    def on_files(self, files: Files, *, config) -> Files:
        site_title = self.config.site_title or config.site_name
        for path in self._pages(site_title, config.site_url or ""):
            existing = files.get_file_from_path(path)
            if existing is not None:
                raise PluginError(f"{existing.src_uri} in docs_dir has the path of a generated page")
            inclusion = InclusionLevel.UNDEFINED if in_nav(path) else InclusionLevel.NOT_IN_NAV
            files.append(File(path, self.config.cache_dir, config.site_dir, config.use_directory_urls,
                              inclusion=inclusion))
        return files

    def on_post_page(self, output: str, *, page, config) -> str:
        return minify.strip_indentation(output)

    def on_serve(self, server, *, config, builder):
        server.watch(self.config.digests)
        if self.config.topics:
            server.watch(self.config.topics)
        return server
