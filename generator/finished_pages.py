"""Generated pages whose finished HTML is in the HTML cache, written without MkDocs' page pipeline.

MkDocs reads, renders and writes every documentation page and runs every plugin's page events
on it: about 0.7 ms a page even when the page's HTML comes from the cache, 8 of the 22 s of a
daily build at 10,000 papers. So a generated page outside the nav whose cache entry holds (its
Markdown, URL and the site unchanged, every page it links to still there) is taken out of
MkDocs' pages: its File stops being a documentation page, so MkDocs neither renders nor copies
it, and `FinishedWriter` writes its HTML from a thread while MkDocs builds the other pages.

What MkDocs does for a page besides writing it is kept: it stays in Files at its URL, so links
to it resolve; its `page` (a `FinishedPage`) holds its anchor ids, checked by the pages linking
to them, and its links to other pages' anchors, checked after the build with MkDocs' own check
(`validate_anchor_links`); `sitemap_pages` lists it in the sitemap in its place. The HTML is the
page as the last plugin wrote it when it was rendered, so the site is byte-identical to one
whose pages were all rendered.
"""
from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from .html_cache import Entry, HtmlCache


class GeneratedFile(File):
    """A generated page's file; with `finished` set, its page is written from the cache."""

    finished: Entry | None = None
    cache_key = ""

    def is_documentation_page(self) -> bool:
        return self.finished is None and super().is_documentation_page()

    def is_static_page(self) -> bool:
        return self.finished is not None or super().is_static_page()

    def copy_file(self, dirty: bool = False) -> None:
        if self.finished is None:
            super().copy_file(dirty)  # FinishedWriter writes a finished page


class FinishedPage:
    """What MkDocs and the sitemap ask of a finished page's `file.page`."""

    is_link = False
    title = None

    def __init__(self, file: GeneratedFile, entry: Entry, files: Files, site_url: str | None):
        self.file = file
        self.url = file.url
        self.present_anchor_ids = set(entry.anchor_ids)
        self.links_to_anchors = {files.src_uris[src]: links for src, links in entry.anchor_links.items()}
        self.update_date = get_build_date()
        self.canonical_url = self.abs_url = None
        if site_url:  # as Page._set_canonical_url
            self.canonical_url = urljoin(site_url if site_url.endswith("/") else site_url + "/", self.url)
            self.abs_url = urlsplit(self.canonical_url).path

    def validate_anchor_links(self, *, files: Files, log_level: int) -> None:
        Page.validate_anchor_links(self, files=files, log_level=log_level)  # type: ignore[arg-type]


def finish(files: Files, generated: list[GeneratedFile], cache: HtmlCache, site_url: str | None) -> list[GeneratedFile]:
    """Marks the generated pages whose cache entry holds as finished; returns them. Their inclusion
    and the other files' must be set (mkdocs.structure.files.set_exclusions)."""
    known = files.src_uris
    finished = []
    for file in generated:
        _ = file.url, file.dest_uri  # worked out as a documentation page's, before it stops being one
        key = cache.key(file.url, file.content_string)
        entry = cache.entry(key)
        if entry is None or not all(_included(known.get(target)) for target in entry.targets):
            continue
        file.finished, file.cache_key = entry, key
        file.page = FinishedPage(file, entry, files, site_url)  # type: ignore[assignment]
        finished.append(file)
    return finished


def _included(file: File | None) -> bool:
    return file is not None and not file.inclusion.is_excluded()


def sitemap_pages(files: Files) -> list[File]:
    """The pages the sitemap lists, finished ones too, in the order of a build that rendered every one."""
    return [file for file in files if file.inclusion.is_included()
            and (file.is_documentation_page() or getattr(file, "finished", None) is not None)]


class FinishedWriter:
    """Writes the finished pages' HTML into site_dir from a thread (reading and decompressing the
    entries and writing the files mostly leave the interpreter free for MkDocs' own work)."""

    def __init__(self, cache: HtmlCache, pages: list[GeneratedFile], dirty: bool):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="finished-pages")
        self._writing: Future = self._pool.submit(_write_all, cache, pages, dirty)

    def wait(self) -> int:
        """Waits for the pages; raises what failed; returns how many were written."""
        try:
            return self._writing.result()
        finally:
            self._pool.shutdown()


def _write_all(cache: HtmlCache, pages: list[GeneratedFile], dirty: bool) -> int:
    written, folders = 0, set()
    for file in pages:
        if dirty and not file.is_modified():
            continue  # as MkDocs skips an unchanged page in a --dirty build
        path = file.abs_dest_path
        folder = os.path.dirname(path)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        with open(path, "wb") as output:
            output.write(cache.html_bytes(file.cache_key))
        written += 1
    return written
