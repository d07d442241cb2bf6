"""The pipeline's stages up to the rendered pages, in memory: what most page tests start from."""
from __future__ import annotations

from pathlib import Path

from generator.build import DEFAULT_TITLE, generated_files, load, search_files
from generator.enrich import make_site
from generator.model import Archive
from generator.pages.site import TaxonomyLike
from generator.problems import Problem
from generator.search import IndexCache, MemoryCache


def render_site(archive: Archive, taxonomy: TaxonomyLike, site_title: str = DEFAULT_TITLE,
                site_url: str = "", index_cache: IndexCache | None = None) -> dict[str, str]:
    """Every generated page and search index file of a classified archive, by path, sorted."""
    site = make_site(archive, taxonomy, site_title, site_url)
    return dict(sorted(generated_files(site, search_files(site, index_cache or MemoryCache()))))


def site_pages(folder: Path, topics: Path | None = None, site_title: str = DEFAULT_TITLE,
               site_url: str = "") -> tuple[dict[str, str], list[Problem]]:
    """A digest folder's pages, read, classified and rendered, and the problems found reading it."""
    archive, taxonomy, problems = load(folder, topics)
    return render_site(archive, taxonomy, site_title, site_url), problems
