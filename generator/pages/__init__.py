"""Markdown pages of the site, one renderer module per page kind.

`render_site` turns a classified Archive into {docs-relative path: content};
`write_pages` puts them in a folder; `generate` does the whole pipeline, from
a digest folder to a folder of Markdown that any engine can build. Nothing
here imports MkDocs: `generator.plugin` is the only MkDocs glue.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..archive import build_archive
from ..classify import classify, load_taxonomy
from ..model import Archive
from ..problems import Problem
from ..search import IndexCache
from . import api, day, feeds, home, months, paper, search, tags, topics, trends
from .site import TaxonomyLike, make_site
from .write import MANIFEST, WriteStats, write_pages

__all__ = ["render_site", "write_pages", "WriteStats", "load", "site_pages", "hand_written",
           "generate", "Generated", "DEFAULT_TITLE", "MANIFEST"]

DEFAULT_TITLE = "Paper Archive"
RENDERERS = (home, day, months, topics, tags, paper, trends, api, feeds)


def render_site(archive: Archive, taxonomy: TaxonomyLike, site_title: str = DEFAULT_TITLE,
                site_url: str = "", index_cache: IndexCache | None = None) -> dict[str, str]:
    """Every generated page and search index file of the site, by docs-relative path, sorted.
    site_url is the published site's base URL, for what needs absolute links (feeds);
    index_cache keeps search shard indexes across builds (default: none kept)."""
    site = make_site(archive, taxonomy, site_title, site_url)
    pages: dict[str, str] = {}
    outputs = [renderer.render(site) for renderer in RENDERERS] + [search.render(site, index_cache)]
    for rendered in outputs:
        for path, content in rendered.items():
            if path in pages:
                raise ValueError(f"two generated pages at {path}")
            pages[path] = content
    return dict(sorted(pages.items()))


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
    With site_src, the hand-written pages are copied too, so the folder is a complete docs_dir."""
    archive, taxonomy, problems = load(folder, topics_path)
    pages = render_site(archive, taxonomy, site_title, site_url, index_cache)
    extra = hand_written(site_src) if site_src else {}
    clash = sorted(set(extra) & set(pages))
    if clash:
        raise ValueError(f"hand-written files would replace generated pages: {clash}")
    stats = write_pages({**extra, **pages}, out_dir)
    return Generated(archive, problems, len(pages), len(extra), stats)
