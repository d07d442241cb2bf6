"""Markdown pages of the site, one renderer module per page kind.

`render_site` turns a classified Archive into {docs-relative path: content}
(`iter_pages` gives them one by one, so a large archive's pages are written
without being all in memory); `write_pages` puts them in a folder; `generate`
does the whole pipeline, from a digest folder to a folder of Markdown that any
engine can build. Nothing here imports MkDocs: `generator.plugin` is the only
MkDocs glue.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..archive import build_archive
from ..classify import classify, load_taxonomy
from ..model import Archive
from ..problems import Problem
from ..search import IndexCache
from . import api, day, feeds, home, months, paper, search, tags, topics, trends, upvoted
from .site import Site, TaxonomyLike, make_site
from .write import MANIFEST, WriteStats, write_pages

__all__ = ["render_site", "write_pages", "WriteStats", "load", "site_pages", "hand_written",
           "generate", "Generated", "DEFAULT_TITLE", "MANIFEST"]

DEFAULT_TITLE = "Paper Archive"
RENDERERS = (home, day, months, topics, tags, paper, trends, upvoted, api, feeds)


def render_site(archive: Archive, taxonomy: TaxonomyLike, site_title: str = DEFAULT_TITLE,
                site_url: str = "", index_cache: IndexCache | None = None) -> dict[str, str]:
    """Every generated page and search index file of the site, by docs-relative path, sorted.
    site_url is the published site's base URL, for what needs absolute links (feeds);
    index_cache keeps search shard indexes across builds (default: none kept)."""
    return dict(sorted(iter_pages(archive, taxonomy, site_title, site_url, index_cache)))


def iter_pages(archive: Archive, taxonomy: TaxonomyLike, site_title: str = DEFAULT_TITLE,
               site_url: str = "", index_cache: IndexCache | None = None) -> Iterator[tuple[str, str]]:
    """render_site's (path, content) pairs, one at a time (paper pages are rendered as they are asked for)."""
    site = make_site(archive, taxonomy, site_title, site_url)
    seen: set[str] = set()
    for rendered in _renderings(site, index_cache):
        for path, content in rendered.items() if isinstance(rendered, Mapping) else rendered:
            if path in seen:
                raise ValueError(f"two generated pages at {path}")
            seen.add(path)
            yield path, content


def _renderings(site: Site, index_cache: IndexCache | None) -> Iterator[Mapping[str, str] | Iterable[tuple[str, str]]]:
    for renderer in RENDERERS:
        yield renderer.render(site)
    yield search.render(site, index_cache)


def load(folder: Path, topics_path: Path | None = None) -> tuple[Archive, Any, list[Problem]]:
    """Reads, merges and classifies a digest folder: (archive, taxonomy, problems)."""
    archive, problems = build_archive(Path(folder))
    taxonomy = load_taxonomy(topics_path)
    return classify(archive, taxonomy), taxonomy, problems


def site_pages(folder: Path, topics_path: Path | None = None, site_title: str = DEFAULT_TITLE,
               site_url: str = "", index_cache: IndexCache | None = None) -> tuple[dict[str, str], list[Problem]]:
    archive, taxonomy, problems = load(folder, topics_path)
    return render_site(archive, taxonomy, site_title, site_url, index_cache), problems


def hand_written(site_src: Path) -> dict[str, bytes]:
    """The hand-written files of a docs folder (about page, stylesheets...)."""
    root = Path(site_src)
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)}


@dataclass(frozen=True)
class Generated:
    archive: Archive
    problems: list[Problem]
    generated: int  # pages rendered from the digests
    hand_written: int  # files copied from site_src
    stats: WriteStats


def generate(folder: Path, out_dir: Path, topics_path: Path | None = None,
             site_title: str = DEFAULT_TITLE, site_src: Path | None = None, site_url: str = "",
             index_cache: IndexCache | None = None) -> Generated:
    """`python -m generator build --out DIR`: the digest folder's site as Markdown in out_dir.
    With site_src, the hand-written pages are copied too, so the folder is a complete docs_dir.
    Pages are written as they are rendered."""
    archive, taxonomy, problems = load(folder, topics_path)
    extra = hand_written(site_src) if site_src else {}
    generated = 0

    def all_pages() -> Iterator[tuple[str, str | bytes]]:
        nonlocal generated
        yield from extra.items()
        for path, content in iter_pages(archive, taxonomy, site_title, site_url, index_cache):
            if path in extra:
                raise ValueError(f"hand-written file {path} would replace a generated page")
            generated += 1
            yield path, content

    stats = write_pages(all_pages(), out_dir)
    return Generated(archive, problems, generated, len(extra), stats)
