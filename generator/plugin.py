"""The MkDocs plugin: a config schema and event glue, nothing else.

Reads the digests folder, renders every page with `generator.pages`, writes
them into a cache folder outside docs_dir (only the pages whose text changed,
so `mkdocs build --dirty` and `mkdocs serve --dirty` rebuild only those) and
registers them from there; `mkdocs serve` never rebuilds in a loop. The
rendered pages are kept across `mkdocs serve` rebuilds, keyed by the digest
and taxonomy files' sizes and modification times.

`mkdocs build` writes into a staging folder beside site_dir, swapped in only
when the build succeeded (a strict build with warnings fails too), so an
interrupted or failed build leaves the previous site whole.
"""
from __future__ import annotations

import functools
import logging
import posixpath
import shutil
import time
import weakref
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler, get_relative_url

from . import markdown_subset, minify, pages
from .archive import digest_files
from .pages.write import replace_folder, staging_folder
from .problems import ERROR, WARNING, DigestError, Problem
from .search import FolderCache

log = logging.getLogger("mkdocs.plugins.paper_archive")

Fingerprint = tuple[tuple[str, int, int], ...]
GENERATED_TEMPLATE = "generated.html"  # in overrides/


class PaperArchiveConfig(base.Config):
    digests = c.Dir(exists=True, default="digests")  # relative to mkdocs.yml
    topics = c.Optional(c.File(exists=True))  # None: the packaged taxonomy
    site_title = c.Optional(c.Type(str))  # None: site_name
    strict_digests = c.Type(bool, default=False)  # digest warnings are MkDocs warnings too
    cache_dir = c.Dir(exists=False, default=".cache/paper-archive")  # generated pages and search shards


def fingerprint(paths: list[Path]) -> Fingerprint:
    stats = ((path, path.stat()) for path in paths)
    return tuple((str(path), stat.st_mtime_ns, stat.st_size) for path, stat in stats)


def in_nav(path: str) -> bool:
    """Only top-level pages and section indexes are in the (small) nav."""
    return "/" not in path or path.endswith("/index.md")


class GeneratedPage(Page):
    """A generated page outside the nav.

    Fast: its Markdown is converted by markdown_subset (Python-Markdown's HTML, a tenth of the
    time); a page outside that subset, or with a link the fast path does not resolve, goes through
    MkDocs' own rendering, which also reports any broken link. Its template, overrides/generated.html,
    renders the theme's page-independent blocks once per folder.

    Lean: MkDocs reads and renders every page before writing any, which held every page's Markdown
    and HTML in memory at once (340 MB of 870 MB at 10,000 papers). This page keeps only its front matter
    until the plugin calls `build_body`, just before its template is rendered, and `drop_body` once
    it is written. So other plugins' page_markdown and page_content events see it empty."""

    def read_source(self, config) -> None:
        self._read(config)
        self.markdown = ""  # until build_body

    def _read(self, config) -> None:
        super().read_source(config)
        self.meta["template"] = GENERATED_TEMPLATE

    def render(self, config, files: Files) -> None:
        self.content = ""  # until build_body
        self._inputs = (config, files)

    def build_body(self) -> None:
        config, files = self._inputs
        self._read(config)  # the file again: its body was not kept
        links_to_anchors: dict[File, dict[str, str]] = {}
        try:
            converted = markdown_subset.convert(self.markdown, lambda url: self._link(url, files, links_to_anchors))
        except markdown_subset.Unsupported:
            return super().render(config, files)
        self.content = converted.html
        self.toc = get_toc(converted.toc_tokens)
        self.present_anchor_ids = converted.ids
        self.links_to_anchors = links_to_anchors

    def drop_body(self) -> None:
        self.markdown = self.content = ""

    def _link(self, url: str, files: Files, links_to_anchors: dict[File, dict[str, str]]) -> str:
        """What MkDocs makes of a link: web links and anchors as they are, `page.md` as the page's URL."""
        if url.startswith("https://"):
            return url
        path, _, anchor = url.partition("#")
        target, href = (self.file, url) if not path else self._resolve(path, files)
        if anchor:
            links_to_anchors.setdefault(target, {}).setdefault(anchor, url)
        return href + (f"#{anchor}" if anchor and path else "")

    def _resolve(self, path: str, files: Files) -> tuple[File, str]:
        """The target page of a relative link and its URL from here. Links from pages in one folder
        to pages elsewhere read the same, so they are resolved once per folder."""
        cache = _RESOLVED.setdefault(files, {})
        key = (posixpath.dirname(self.file.src_uri), posixpath.dirname(self.file.url.rstrip("/")), path)
        resolved = cache.get(key)
        if resolved is None or resolved[0].url.startswith(self.file.url):  # self or below: not shared
            target = self._target(path, files)
            if target is None:
                raise markdown_subset.Unsupported(f"link {path!r}")  # MkDocs' rendering will warn about it
            resolved = (target, get_relative_url(target.url, self.file.url))
            if not target.url.startswith(self.file.url):
                cache[key] = resolved
        return resolved

    def _target(self, path: str, files: Files) -> File | None:
        if not path.endswith(".md") or any(c in path for c in ":?%\\") or path.startswith("/"):
            return None
        target = files.get_file_from_path(posixpath.normpath(posixpath.join(posixpath.dirname(self.file.src_uri), path)))
        return None if target is None or target.inclusion.is_excluded() else target


# Per set of site files: (source folder, URL folder, link path) -> (target, relative URL).
_RESOLVED: weakref.WeakKeyDictionary[Files, dict[tuple[str, str, str], tuple[File, str]]] = weakref.WeakKeyDictionary()


def render_every_time(name: str, caller) -> str:
    """paper_archive_once for the pages that are not generated: they may be active in the nav."""
    return caller()


class PaperArchivePlugin(BasePlugin[PaperArchiveConfig]):
    page_class: type[Page] = GeneratedPage  # for the pages outside the nav
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._stage = command in ("build", "gh-deploy") and not dirty  # serve builds into a temp folder
        # Defining on_startup keeps this object alive across `mkdocs serve` rebuilds.
        self._cache: tuple[object, tuple[str, ...]] | None = None
        self._index_cache: FolderCache | None = None  # set from the config

    def on_config(self, config):
        self._index_cache = FolderCache.in_cache_dir(Path(self.config.cache_dir))
        return config

    @property
    def _docs_cache(self) -> Path:
        return Path(self.config.cache_dir) / "docs"

    def _inputs(self, site_title: str, site_url: str) -> object:
        digests = Path(self.config.digests)
        topics = [Path(self.config.topics)] if self.config.topics else []
        return (fingerprint(digest_files(digests) + topics), self.config.topics, site_title, site_url,
                self.config.cache_dir)

    def _pages(self, site_title: str, site_url: str) -> tuple[str, ...]:
        """The generated pages' paths in the docs cache, (re)generated if the inputs changed."""
        key = self._inputs(site_title, site_url)
        cache = getattr(self, "_cache", None)
        if cache is not None and cache[0] == key:
            return cache[1]
        topics = Path(self.config.topics) if self.config.topics else None
        start = time.perf_counter()
        try:
            generated = pages.generate(Path(self.config.digests), self._docs_cache, topics, site_title,
                                       site_url=site_url, index_cache=self._index_cache)
        except DigestError as exc:  # e.g. a topics file that cannot be read
            raise PluginError(f"paper-archive: {exc.problem}") from exc
        self._report(generated.problems)
        # benchmarks/scale.py reads this line: keep every generator stage above it.
        log.info(f"paper-archive built {generated.generated:,} pages in {time.perf_counter() - start:.2f} s, "
                 f"{generated.stats.written:,} rewritten")
        self._cache = (key, generated.stats.paths)
        return generated.stats.paths

    def _report(self, problems: list[Problem]) -> None:
        """Digest errors (a file or entry dropped) are MkDocs warnings, so
        `mkdocs build --strict` fails on them; digest warnings are info,
        unless strict_digests is on; notices are always info."""
        for problem in problems:
            loud = problem.level == ERROR or (self.config.strict_digests and problem.level == WARNING)
            (log.warning if loud else log.info)(f"paper-archive: {problem}")

    def on_files(self, files: Files, *, config) -> Files:
        site_title = self.config.site_title or config.site_name
        for path in self._pages(site_title, config.site_url or ""):
            existing = files.get_file_from_path(path)
            if existing is not None:
                raise PluginError(f"{existing.src_uri} in docs_dir has the path of a generated page")
            inclusion = InclusionLevel.UNDEFINED if in_nav(path) else InclusionLevel.NOT_IN_NAV
            file = File(path, str(self._docs_cache), config.site_dir, config.use_directory_urls, inclusion=inclusion)
            files.append(file)
            if file.is_documentation_page() and not in_nav(path):
                self.page_class(None, file, config)  # sets file.page
        return files

    def on_page_context(self, context, *, page, config, nav):
        if isinstance(page, GeneratedPage):
            page.build_body()
            folder = posixpath.dirname(page.url.rstrip("/"))
            context["paper_archive_once"] = functools.partial(self._once, folder)
        return context

    def on_env(self, env, *, config, files):
        env.globals["paper_archive_once"] = render_every_time  # generated pages get _once instead
        return env

    def _once(self, folder: str, name: str, caller) -> str:
        """A block of overrides/generated.html, rendered by the first page in this folder
        (its relative links are the same from every page there)."""
        key = (name, folder)
        if key not in self._blocks:
            self._blocks[key] = caller()
        return self._blocks[key]

    def on_post_page(self, output: str, *, page, config) -> str:
        if isinstance(page, GeneratedPage):
            page.drop_body()
        return minify.strip_indentation(output)

    def on_serve(self, server, *, config, builder):
        server.watch(self.config.digests)
        if self.config.topics:
            server.watch(self.config.topics)
        return server

    # ---- building into a staging folder, swapped in whole on success

    _stage = False  # set by on_startup: `mkdocs build` and `gh-deploy`, not serve nor --dirty
    _site_dir: Path | None = None  # the real site_dir, while building into the staging folder

    @event_priority(100)  # first, before anything is written: every plugin writes into the staging folder
    def on_pre_build(self, *, config) -> None:
        self._blocks: dict[tuple[str, str], str] = {}  # theme blocks shared by generated pages, this build
        if self._stage:
            self._site_dir = Path(config.site_dir)
            config.site_dir = str(staging_folder(self._site_dir))
            self._warnings = CountHandler()
            if config.strict:  # MkDocs fails a strict build on warnings only after on_post_build
                self._warnings.setLevel(logging.WARNING)
                logging.getLogger("mkdocs").addHandler(self._warnings)

    @event_priority(-100)  # last, after every other plugin has written its files
    def on_post_build(self, *, config) -> None:
        if self._site_dir is not None:
            staging = Path(config.site_dir)
            config.site_dir = str(self._site_dir)
            if self._warnings.get_counts():
                shutil.rmtree(staging, ignore_errors=True)
            else:
                replace_folder(self._site_dir, staging)
            self._end_staging()

    def on_build_error(self, *, error: Exception) -> None:
        if self._site_dir is not None:
            shutil.rmtree(staging_folder(self._site_dir), ignore_errors=True)
            self._end_staging()

    def _end_staging(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        self._site_dir = None
