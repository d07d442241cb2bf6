"""Daily builds render only the pages whose inputs changed (generator.page_keys), and the
folder they leave is byte for byte the one a clean build writes."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.build import Caches, build as build_with
from generator.classify import TaxonomyCache
from generator.pages import urls
from generator.related import RelatedCache, related_papers
from tests.conftest import SAMPLE_DIGESTS

TAXONOMIES = TaxonomyCache()  # classifications shared by the tests' builds: the same results, sooner
FIRST_TITLE = "Learning useful representations for shifting tasks and distributions"  # in the newest digest


def build(digests: Path, out_dir: Path):
    """A build as a new run would make it: nothing kept but out_dir (and classifications)."""
    return build_with(digests, out_dir, caches=Caches(taxonomies=TAXONOMIES))


def pages(folder: Path) -> dict[str, bytes]:
    """Every file of a generated docs folder but the build's own bookkeeping."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.name.startswith(".paper-archive")}


def copy_digests(tmp_path: Path) -> tuple[Path, Path]:
    digests = tmp_path / "digests"
    shutil.copytree(SAMPLE_DIGESTS, digests)
    return digests, sorted(path for path in digests.iterdir() if path.is_file())[-1]


def test_a_day_added_to_a_kept_folder_gives_the_clean_build(tmp_path):
    digests, newest = copy_digests(tmp_path)
    held_back = newest.rename(tmp_path / newest.name)
    build(digests, tmp_path / "daily")
    held_back.rename(newest)
    daily = build(digests, tmp_path / "daily")  # a new run: only the folder is kept
    clean = build(digests, tmp_path / "clean")
    assert pages(tmp_path / "daily") == pages(tmp_path / "clean")
    assert daily.kept > 0 and len(clean.rendered) == daily.kept + len(daily.rendered) and clean.kept == 0
    assert urls.day_path(max(day.date for day in daily.archive.days if day.date)) in daily.rendered


def test_an_edit_outside_the_text_renders_only_the_pages_that_show_it(tmp_path):
    digests, newest = copy_digests(tmp_path)
    before = build(digests, tmp_path / "daily")
    text = newest.read_text(encoding="utf-8")
    assert text.count("2 authors") >= 1
    newest.write_text(text.replace("2 authors", "3 authors", 1), encoding="utf-8")
    after = build(digests, tmp_path / "daily")
    edited = next(paper for paper in after.archive.papers.values() if paper.title == FIRST_TITLE)
    assert edited.author_total == 3 and before.archive.papers[edited.key].author_total == 2
    slugs, _ = urls.paper_slugs(after.archive.papers.values())
    listing_it = {key for key, related in related_papers(after.archive).items() if edited.key in related}
    assert set(after.rendered) == ({urls.day_path(day) for day in edited.days}
                                   | {urls.paper_path(slugs[key]) for key in {edited.key, *listing_it}})
    build(digests, tmp_path / "clean")
    assert pages(tmp_path / "daily") == pages(tmp_path / "clean")


def test_a_page_changed_on_disk_is_rendered_again(tmp_path):
    digests, _ = copy_digests(tmp_path)
    first = build(digests, tmp_path / "out")
    page = tmp_path / "out" / first.rendered[0]
    page.write_text("edited by hand\n", encoding="utf-8")
    again = build(digests, tmp_path / "out")
    assert again.rendered == (first.rendered[0],) and page.read_text(encoding="utf-8") != "edited by hand\n"


def test_serve_rebuilds_with_every_cache_kept_give_the_clean_build(tmp_path):
    """`mkdocs serve`: one Caches across edits of a digest (merged papers, classifications, page parts
    and file marks reused in memory); each folder is the one a clean build writes."""
    digests, newest = copy_digests(tmp_path)
    caches = Caches(taxonomies=TAXONOMIES, related=RelatedCache())
    build_with(digests, tmp_path / "serve", caches=caches, site_url="https://example.org/")
    text = newest.read_text(encoding="utf-8")
    for n, (old, new) in enumerate([(FIRST_TITLE, f"Edited {FIRST_TITLE}"), ("2 authors", "3 authors"),
                                    (f"Edited {FIRST_TITLE}", FIRST_TITLE)]):
        text = text.replace(old, new, 1)
        newest.write_text(text, encoding="utf-8")
        served = build_with(digests, tmp_path / "serve", caches=caches, site_url="https://example.org/")
        build_with(digests, tmp_path / f"clean-{n}", caches=Caches(taxonomies=TAXONOMIES), site_url="https://example.org/")
        assert pages(tmp_path / "serve") == pages(tmp_path / f"clean-{n}"), (old, new)
        assert 0 < len(served.rendered) < served.kept
    for stray in (served.rendered[0], "tags/index.md", "archive.md"):  # changed behind the build's back
        (tmp_path / "serve" / stray).write_text("changed by hand, a different size\n", encoding="utf-8")
    os.utime(newest, ns=(newest.stat().st_mtime_ns + 10**9,) * 2)  # the same digest saved again
    again = build_with(digests, tmp_path / "serve", caches=caches, site_url="https://example.org/")
    assert pages(tmp_path / "serve") == pages(tmp_path / "clean-2") and again.rendered == (served.rendered[0],)
