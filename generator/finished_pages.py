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
import re
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from .html_cache import Entry, HtmlCache


class GeneratedFile(File):
    """A generated page's file; with `finished` set, its page is written from the cache."""

    finished: Entry | None = None
    cache_key = ""  # its key in the HTML cache, worked out by finish()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._markdown = super().is_documentation_page()  # asked of every file for every page MkDocs builds

    def is_documentation_page(self) -> bool:
        return self.finished is None and self._markdown

    def is_static_page(self) -> bool:
        return self.finished is not None or super().is_static_page()

    def copy_file(self, dirty: bool = False) -> None:
        if self.finished is None:
            super().copy_file(dirty)  # FinishedWriter writes a finished page


class FinishedPage:
    """What MkDocs and the sitemap ask of a finished page's `file.page`."""

    is_link = False
    title = None

    def __init__(self, file: GeneratedFile, entry: Entry, files: Files, site: SiteUrl):
        self.file = file
        self.url = file.url
        self.present_anchor_ids = set(entry.anchor_ids)
        self.links_to_anchors = {files.src_uris[src]: links for src, links in entry.anchor_links.items()}
        self.update_date = get_build_date()
        self.canonical_url, self.abs_url = site.urls(self.url)

    def validate_anchor_links(self, *, files: Files, log_level: int) -> None:
        Page.validate_anchor_links(self, files=files, log_level=log_level)  # type: ignore[arg-type]


class SiteUrl:
    """A page's canonical and absolute URL, as Page._set_canonical_url makes them (urljoin took a
    tenth of the finishing; a plain relative URL below a plain base is the base and it)."""

    def __init__(self, site_url: str | None):
        self.base = (site_url if site_url.endswith("/") else site_url + "/") if site_url else None
        self._plain_base = self.base is not None and not _NOT_PLAIN_BASE.search(self.base)
        self._path = urlsplit(self.base).path if self.base else None

    def urls(self, url: str) -> tuple[str | None, str | None]:
        if self.base is None:
            return None, None
        if self._plain_base and _PLAIN_URL.fullmatch(url) and "/." not in "/" + url:
            return self.base + url, self._path + url
        canonical = urljoin(self.base, url)
        return canonical, urlsplit(canonical).path


_NOT_PLAIN_BASE = re.compile(r"[?#;]|/\.")
_PLAIN_URL = re.compile(r"([A-Za-z0-9_~-][A-Za-z0-9._~/-]*)?")


class FinishedMemo:
    """Under `mkdocs serve`, what the last rebuilds found (each page's key by its file's size and
    time, each key's entry), so a rebuild reads only the pages the edit rewrote."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[int, int, str]] = {}  # abs_src_path -> (mtime_ns, size, key)
        self._entries: dict[str, Entry | None] = {}

    def key(self, file: File, cache: HtmlCache) -> str:
        stat = os.stat(file.abs_src_path)
        known = self._keys.get(file.abs_src_path)
        if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
            return known[2]
        key = cache.key(file.url, file.content_string)
        self._keys[file.abs_src_path] = (stat.st_mtime_ns, stat.st_size, key)
        return key

    def entry(self, key: str, cache: HtmlCache) -> Entry | None:
        if self._entries.get(key) is None:  # a miss is asked again: the entry may have been written since
            self._entries[key] = cache.entry(key)
        else:
            cache.used.add(key)  # so prune keeps it
        return self._entries[key]

    def forget_unused(self, used: set[str]) -> None:
        """Drops the entries that the cache's prune removes."""
        self._entries = {key: entry for key, entry in self._entries.items() if key in used}


def finish(files: Files, generated: list[GeneratedFile], cache: HtmlCache, site_url: str | None,
           memo: FinishedMemo | None = None) -> list[GeneratedFile]:
    """Marks the generated pages whose cache entry holds as finished; returns them. Their inclusion
    and the other files' must be set (mkdocs.structure.files.set_exclusions)."""
    included = {src for src, file in files.src_uris.items() if not file.inclusion.is_excluded()}
    site, memo = SiteUrl(site_url), memo or FinishedMemo()  # without one: a memo for this build only
    finished = []
    for file in generated:
        _ = file.url, file.dest_uri  # worked out as a documentation page's, before it stops being one
        file.cache_key = memo.key(file, cache)  # a page rendered again is kept under it (GeneratedPage)
        entry = memo.entry(file.cache_key, cache)
        if entry is None or not included.issuperset(entry.targets):
            continue
        file.finished = entry
        file.page = FinishedPage(file, entry, files, site)  # type: ignore[assignment]
        finished.append(file)
    return finished


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
