"""The MkDocs plugin: a config schema and event glue, nothing else.

`on_files` runs the pipeline (`generator.build`) into a cache folder outside docs_dir
(only the pages whose text changed are rewritten, so `mkdocs build --dirty` and
`mkdocs serve --dirty` rebuild only those) and registers the pages from there. The
caches (the last build, parsed taxonomy and classifications, search terms of each day) are
kept across `mkdocs serve` rebuilds; a build of unchanged digests does nothing. Each
build's page count and stage timings are written to `<cache_dir>/last-build.json`.

`mkdocs build` writes into a staging folder beside site_dir, swapped in only when the
build succeeded (a strict build with warnings fails too; see `generator.staging`).
"""
from __future__ import annotations

import gc
import json
import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.pages import Page

from . import minify, pages
from .build import Built, Caches, build
from .files import atomic_write
from .finished_pages import FinishedMemo, FinishedWriter, GeneratedFile, finish, sitemap_pages
from .html_cache import HtmlCache, site_fingerprint
from .mkdocs_pages import GENERATED_TEMPLATE, GeneratedPage, Shells
from .related import RelatedCache
from .problems import ERROR, WARNING, DigestError, Problem
from .staging import StagedSite

log = logging.getLogger("mkdocs.plugins.paper_archive")
THEME_SOURCE_MAPS = (".min.js.map", ".min.css.map")  # Material's, beside its minified assets
BUILD_REPORT = "last-build.json"  # in cache_dir: benchmarks/scale.py reads it


class PaperArchiveConfig(base.Config):
    digests = c.Dir(exists=True, default="digests")  # relative to mkdocs.yml
    topics = c.Optional(c.File(exists=True))  # None: the packaged taxonomy
    site_title = c.Optional(c.Type(str))  # None: site_name
    strict_digests = c.Type(bool, default=False)  # digest warnings are MkDocs warnings too
    cache_dir = c.Dir(exists=False, default=".cache/paper-archive")  # generated pages and search terms
    thumbnails = c.Type(bool, default=False)  # paper pages show the HF thumbnails (third-party images)


def report_timings(built: Built) -> str:
    return json.dumps({"pages": built.generated, "rewritten": built.stats.written, "rendered": len(built.rendered),
                       "kept": built.kept,
                       "seconds": dict(built.timings), "cpu_seconds": built.cpu_seconds}, indent=1) + "\n"


class PaperArchivePlugin(BasePlugin[PaperArchiveConfig]):
    page_class: type[Page] = GeneratedPage  # for the pages outside the nav
    _caches: Caches | None = None
    _staged: StagedSite | None = None  # while `mkdocs build` builds into the staging folder
    _stage = False  # set by on_startup: `mkdocs build` and `gh-deploy`, not serve nor --dirty
    _dirty = False
    _serve = False
    _html: HtmlCache | None = None  # generated pages' finished HTML, this build
    _finished: list[GeneratedFile] = []  # generated pages written from _html, without MkDocs' page pipeline
    _writer: FinishedWriter | None = None  # writing them
    _memo: FinishedMemo | None = None  # under `mkdocs serve`: what the last rebuilds found in _html

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this object, and its caches, alive across `mkdocs serve` rebuilds.
        self._stage = command in ("build", "gh-deploy") and not dirty  # serve builds into a temp folder
        self._serve = command == "serve"
        self._memo = FinishedMemo() if self._serve else None
        self._dirty = dirty

    @property
    def cache_dir(self) -> Path:
        return Path(self.config.cache_dir)

    def build_pages(self, site_title: str, site_url: str) -> Built:
        """The generated pages in cache_dir/docs, (re)built if the inputs changed."""
        if self._caches is None or self._caches_dir != self.cache_dir:
            self._caches, self._caches_dir = Caches.in_cache_dir(self.cache_dir), self.cache_dir
            self._caches.rebuilds = self._serve
            if self._serve:  # the next rebuild works out only the related papers an edit can change
                self._caches.related = RelatedCache()
        topics = Path(self.config.topics) if self.config.topics else None
        try:
            built = build(Path(self.config.digests), self.cache_dir / "docs", topics=topics, title=site_title,
                          site_url=site_url, caches=self._caches, thumbnails=self.config.thumbnails)
        except DigestError as exc:  # e.g. a topics file that cannot be read
            raise PluginError(f"paper-archive: {exc.problem}") from exc
        if not built.reused:
            self._report(built.problems)
            stages = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in built.timings)
            log.info(f"paper-archive built {built.generated:,} pages in {built.seconds:.2f} s ({stages}), "
                     f"{built.stats.written:,} rewritten; {len(built.rendered):,} paper and day pages rendered, "
                     f"{built.kept:,} kept as their inputs were unchanged")
            atomic_write(self.cache_dir / BUILD_REPORT, report_timings(built).encode("utf-8"))
        return built

    def _report(self, problems: list[Problem]) -> None:
        """Digest errors (a file or entry dropped) are MkDocs warnings, so
        `mkdocs build --strict` fails on them; digest warnings are info,
        unless strict_digests is on; notices are always info."""
        for problem in problems:
            loud = problem.level == ERROR or (self.config.strict_digests and problem.level == WARNING)
            (log.warning if loud else log.info)(f"paper-archive: {problem}")

    def on_files(self, files: Files, *, config) -> Files:
        for source_map in [file for file in files if file.src_uri.endswith(THEME_SOURCE_MAPS)]:
            files.remove(source_map)  # 1.3 MB that only a browser's developer tools ever fetch
        docs = self.cache_dir / "docs"
        hand_written = {file.src_uri for file in files}
        outside_nav: list[GeneratedFile] = []
        for path in self.build_pages(self.config.site_title or config.site_name, config.site_url or "").stats.paths:
            if path in hand_written:
                raise PluginError(f"{path} in docs_dir has the path of a generated page")
            in_nav = pages.in_nav(path)
            kind = File if in_nav else GeneratedFile
            file = kind(path, str(docs), config.site_dir, config.use_directory_urls,
                        inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV)
            files.append(file)
            if file.is_documentation_page() and not in_nav:
                outside_nav.append(file)
        self._files = files
        if not self._serve:  # a one-off build: every paper and its parts, held for a rebuild, are not needed again
            self._caches = None
            gc.collect()
            gc.freeze()  # what is left lives to the end of the build: the collector need not walk it on every pass
        set_exclusions(files, config)  # as MkDocs does next: finish() checks that link targets are included
        self._finished = []
        if self._html is not None and not config.plugins.events["page_read_source"]:  # no other plugin reads pages
            self._finished = finish(files, outside_nav, self._html, config.site_url, self._memo)
        for file in outside_nav:
            if file.finished is None:
                self.page_class(None, file, config).html_cache = self._html  # sets file.page
        return files

    def on_nav(self, nav, *, config, files):
        if self._finished:  # MkDocs reads and renders the other pages meanwhile
            self._writer = FinishedWriter(self._html, self._finished, self._dirty)
        return nav

    def on_page_context(self, context, *, page, config, nav):
        if isinstance(page, GeneratedPage):
            page.build_body()
            if page.slow_path:
                self._slow.append((page.file.src_uri, page.slow_path))
            context["pa_shell"] = self._shells.for_page(context)
            context["pa_article"] = minify.without_permalinks(page.content)
        return context

    def on_env(self, env, *, config, files):
        self._shells = Shells(env, files)
        return env

    def on_template_context(self, context, *, template_name, config):
        if template_name == "sitemap.xml" and self._finished:
            context["pages"] = sitemap_pages(self._files)
        return context

    @event_priority(-100)  # last: the HTML kept is the page as written
    def on_post_page(self, output: str, *, page, config) -> str:
        output = minify.strip_indentation(output)
        if isinstance(page, GeneratedPage):
            page.keep_html(output)
            page.drop_body()
        return output

    def on_serve(self, server, *, config, builder):
        server.watch(self.config.digests)
        if self.config.topics:
            server.watch(self.config.topics)
        return server

    @event_priority(100)  # first, before anything is written: every plugin writes into the staging folder
    def on_pre_build(self, *, config) -> None:
        self._slow: list[tuple[str, str]] = []  # generated pages outside markdown_subset: (path, why)
        self._html = HtmlCache(self.cache_dir / "html", site_fingerprint(config, self))
        if self._stage:
            self._staged = StagedSite(config)

    @event_priority(-100)  # last, after every other plugin has written its files
    def on_post_build(self, *, config) -> None:
        gc.unfreeze()  # collectable again (a process that goes on, such as a test's)
        if self._slow:
            path, why = self._slow[0]
            log.info(f"paper-archive rendered {len(self._slow):,} generated pages with MkDocs' slower road "
                     f"(markdown_subset does not cover them), such as {path}: {why}")
        written = self._finish_pages()
        for file in self._finished:  # what MkDocs checks of the pages it built
            file.page.validate_anchor_links(files=self._files, log_level=config.validation.links.anchors)
        if self._html is not None:
            self._html.flush()  # the entries being written
            removed = 0 if self._dirty else self._html.prune()  # a --dirty build did not see every page
            if removed and self._memo is not None:
                self._memo.forget_unused(self._html.used)
            log.info(f"paper-archive wrote {written:,} pages from their HTML in the cache, kept "
                     f"{self._html.stored:,} new, removed {removed:,} unused")
        if self._staged is not None:
            self._staged.finish(config)
            self._staged = None

    def _finish_pages(self) -> int:
        """Waits for the finished pages being written; how many were."""
        writer, self._writer = self._writer, None
        return writer.wait() if writer is not None else 0

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        try:
            self._finish_pages()
        except OSError:
            pass  # the build failed already: its own error is the one to report
        if self._staged is not None:
            self._staged.abandon()
            self._staged = None
