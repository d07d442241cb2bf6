"""Generated pages in MkDocs: the Page class the plugin gives every page outside the nav."""
from __future__ import annotations

import json
import posixpath
import re
import weakref

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import YAML_RE, get_data

from . import markdown_subset
from .html_cache import Entry, HtmlCache

GENERATED_TEMPLATE = "generated.html"  # in overrides/


class GeneratedPage(Page):
    """A generated page outside the nav, rendered (one whose HTML is cached skips MkDocs' page
    pipeline altogether: generator.finished_pages).

    Fast: its Markdown is converted by markdown_subset (Python-Markdown's HTML, a tenth of the
    time); a page outside that subset, or with a link the fast path does not resolve, goes through
    MkDocs' own rendering, which also reports any broken link. Its template, overrides/generated.html,
    is the lean shell (no per-page navigation, so it is small and the same on every such page).

    Lean: MkDocs reads and renders every page before writing any, which held every page's Markdown
    and HTML in memory at once (340 MB of 870 MB at 10,000 papers). This page keeps only its front matter
    until the plugin calls `build_body`, just before its template is rendered, and `drop_body` once
    it is written. So other plugins' page_markdown and page_content events see it empty.

    Kept: with an `html_cache` (the plugin sets it), its finished HTML is put there (`keep_html`),
    with what MkDocs checks after the build (anchor ids, links to anchors) and the pages it links to."""

    slow_path: str | None = None  # what sent it through MkDocs' own rendering
    html_cache: HtmlCache | None = None
    _key = ""
    _body_chars: int | None = None  # the Markdown is the file's last so many characters

    def read_source(self, config) -> None:
        if config.plugins.events["page_read_source"]:  # another plugin reads it: not cached
            self._read(config)
        else:
            source = self.file.content_string  # read once here (a file read each time)
            if self.html_cache is not None:  # finish() has worked the key out for a GeneratedFile
                self._key = getattr(self.file, "cache_key", "") or self.html_cache.key(self.url, source)
            self.markdown, self.meta = page_data(source)  # what Page.read_source makes of it
            self.meta["template"] = GENERATED_TEMPLATE
            if source.endswith(self.markdown):
                self._body_chars = len(self.markdown)  # so build_body need not parse the front matter again
        self.markdown = ""  # until build_body

    def _read(self, config) -> None:
        super().read_source(config)
        self.meta["template"] = GENERATED_TEMPLATE

    def render(self, config, files: Files) -> None:
        self.content = ""  # until build_body
        self._inputs = (config, files)

    def build_body(self) -> None:
        config, files = self._inputs
        if self._body_chars is None:
            self._read(config)  # the file again: its body was not kept
        else:
            source = self.file.content_string
            self.markdown = source[len(source) - self._body_chars:]
        links_to_anchors: dict[File, dict[str, str]] = {}
        self._targets: set[str] = set()
        self._start_links(files)
        try:
            converted = markdown_subset.convert(self.markdown, lambda url: self._link(url, files, links_to_anchors))
        except markdown_subset.Unsupported as exc:
            self.slow_path = str(exc)  # the plugin reports how many pages took this road
            return super().render(config, files)
        self.content = converted.html
        self.toc = get_toc(converted.toc_tokens)
        self.present_anchor_ids = converted.ids
        self.links_to_anchors = links_to_anchors

    def keep_html(self, html: str) -> None:
        """Keeps the page's finished HTML in html_cache, if it took the fast road."""
        if self.html_cache is not None and self._key and self.slow_path is None:
            anchors = {target.src_uri: links for target, links in self.links_to_anchors.items()}
            self.html_cache.put(self._key, html, Entry(frozenset(self.present_anchor_ids), anchors,
                                                       tuple(sorted(self._targets))))

    def drop_body(self) -> None:
        self.markdown = self.content = ""

    def _link(self, url: str, files: Files, links_to_anchors: dict[File, dict[str, str]]) -> str:
        """What MkDocs makes of a link: web links and anchors as they are, `page.md` as the page's URL."""
        if url.startswith("https://"):
            return url
        path, _, anchor = url.partition("#")
        target, href = (self.file, url) if not path else self._resolve(path, files)
        if target is not self.file:
            self._targets.add(target.src_uri)
        if anchor:
            links_to_anchors.setdefault(target, {}).setdefault(anchor, url)
        return href + (f"#{anchor}" if anchor and path else "")

    def _resolve(self, path: str, files: Files) -> tuple[File, str]:
        """The target page of a relative link and its URL from here. Links from pages in one folder
        to pages elsewhere read the same, so they are resolved once per folder."""
        resolved = self._folder_links.get(path)
        if resolved is None or resolved[0].url.startswith(self.file.url):  # self or below: not shared
            target = self._target(path, files)
            if target is None:
                raise markdown_subset.Unsupported(f"link {path!r}")  # MkDocs' rendering will warn about it
            resolved = (target, get_relative_url(target.url, self.file.url))
            if not target.url.startswith(self.file.url):
                self._folder_links[path] = resolved
        return resolved

    def _start_links(self, files: Files) -> None:
        """The links resolved already from pages in this page's folder (see _resolve)."""
        self._folder = posixpath.dirname(self.file.src_uri)
        key = (self._folder, posixpath.dirname(self.file.url.rstrip("/")))
        self._folder_links = _RESOLVED.setdefault(files, {}).setdefault(key, {})

    def _target(self, path: str, files: Files) -> File | None:
        if not path.endswith(".md") or _NOT_A_PAGE_PATH.search(path) or path.startswith("/"):
            return None
        # normpath gives what get_file_from_path would look up (a posix path), without its PurePath.
        return self._included(files.src_uris.get(posixpath.normpath(posixpath.join(self._folder, path))))

    @staticmethod
    def _included(target: File | None) -> File | None:
        return None if target is None or target.inclusion.is_excluded() else target


# Per set of site files: (source folder, URL folder) -> {link path: (target, relative URL)}.
_RESOLVED: weakref.WeakKeyDictionary[Files, dict[tuple[str, str], dict[str, tuple[File, str]]]] = \
    weakref.WeakKeyDictionary()
_NOT_A_PAGE_PATH = re.compile(r"[:?%\\]")


# Front matter as the page renderers write it: a `key: JSON` line for each key, nothing YAML reads
# otherwise (no number, no \u escape, no YAML word as a key, no character YAML treats apart).
_FRONT_MATTER_LINE = re.compile(r"([a-z][a-z_]*): ([\[{\"].*)")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_NOT_PLAIN = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|\\\\u")


def _no_number(text: str):
    raise ValueError(f"a number: {text}")


def page_data(source: str) -> tuple[str, dict]:
    """What MkDocs' get_data makes of a page (its Markdown and front matter), without YAML for the
    front matter the renderers write (YAML took 0.2 ms a page); any other goes to get_data."""
    found = YAML_RE.match(source)
    if found is None or _NOT_PLAIN.search(found[1]):
        return get_data(source)
    data = {}
    for line in found[1][:-1].split("\n"):
        field = _FRONT_MATTER_LINE.fullmatch(line)
        if field is None or field[1] in _YAML_WORDS:
            return get_data(source)
        try:
            value = json.loads(field[2], parse_int=_no_number, parse_float=_no_number, parse_constant=_no_number)
        except ValueError:
            return get_data(source)
        if json.dumps(value, ensure_ascii=False) != field[2]:  # only as json.dumps writes it
            return get_data(source)
        data[field[1]] = value
    return source[found.end():].lstrip("\n"), data


class Shells:
    """The lean shell's parts (generated.html's shell_* macros) for each URL folder, rendered once
    per folder rather than on every page: they depend on the page only through the relative URLs
    of the files they link to, and those read the same from every page of a folder, but for a page
    with files below its own URL (such a page gets its own)."""

    PARTS = ("start", "head", "body", "end")

    def __init__(self, env, files: Files):
        self._template = env.get_template(GENERATED_TEMPLATE)
        self._by_folder: dict[tuple[str, str], dict[str, str]] = {}
        self._above = {parent for file in files for parent in _parents(file.url)}  # URLs with files below

    def for_page(self, context) -> dict[str, str]:
        url = context["page"].url
        folder, slash, name = url.rstrip("/").rpartition("/")
        if url in self._above or not name:
            return self._render(context, url)
        stand_in = f"{folder}{slash}\0/" if url.endswith("/") and "." not in name else url  # links as from url
        key = (folder, stand_in)
        parts = self._by_folder.get(key)
        if parts is None:
            parts = self._by_folder[key] = self._render(context, stand_in)
        return parts

    def _render(self, context, url: str) -> dict[str, str]:
        # Only the url attribute: a macro that uses anything else of the page would show nothing.
        module = self._template.make_module(vars={**context, "page": _StandIn(url), "pa_article": ""})
        return {part: str(getattr(module, f"shell_{part}")()) for part in self.PARTS}


class _StandIn:
    def __init__(self, url: str):
        self.url = url


def _parents(url: str) -> list[str]:
    """The folder URLs above url (`a/b/c/` -> `a/`, `a/b/`)."""
    parts = url.split("/")[:-1]
    return ["/".join(parts[:end]) + "/" for end in range(1, len(parts))]
