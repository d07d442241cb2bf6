"""The daily build: a site built from the previous day's cache (digests read, topics,
search shards, generated pages' HTML, all kept in cache_dir) is byte-identical to a
clean build, and a change to a template or the config starts the HTML cache over."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import SAMPLE_DIGESTS, mkdocs_build
from tests.test_reproducible import differences, files

REUSED = re.compile(r"paper-archive wrote ([\d,]+) pages from their HTML in the cache, kept ([\d,]+) new")


def reused(log: str) -> tuple[int, int]:
    found = REUSED.search(log)
    assert found, log
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def test_adding_a_day_with_the_cache_kept_gives_the_clean_build(sample_site, tmp_path):
    digests = tmp_path / "digests"
    shutil.copytree(SAMPLE_DIGESTS, digests)
    newest = sorted(digests.iterdir())[-1]
    held_back = newest.rename(tmp_path / newest.name)
    (tmp_path / "day-before").mkdir()
    before = mkdocs_build(digests, tmp_path / "day-before")
    held_back.rename(newest)
    after = mkdocs_build(digests, tmp_path / "day-before")  # the same cache_dir, one more digest
    assert differences(files(sample_site.root), files(after.root)) == []
    kept_before, _ = reused(before.output)
    hits, rebuilt = reused(after.output)
    assert kept_before == 0 and hits > 100 and rebuilt > 0  # most pages came from the cache, not all


def test_an_edited_template_or_config_is_not_served_from_the_cache(tmp_path):
    project = tmp_path / "project"
    root = Path(__file__).resolve().parent.parent
    for name in ("overrides", "site_src"):
        shutil.copytree(root / name, project / name)
    shutil.copy(root / "mkdocs.yml", project / "mkdocs.yml")
    build = tmp_path / "build"
    build.mkdir()
    first = mkdocs_build(SAMPLE_DIGESTS, build, config=project / "mkdocs.yml")
    again = mkdocs_build(SAMPLE_DIGESTS, build, config=project / "mkdocs.yml")
    assert reused(first.output)[0] == 0 and reused(again.output)[1] == 0  # the second build is all cache
    template = project / "overrides" / "generated.html"
    template.write_text(template.read_text(encoding="utf-8") + "{#- edited -#}\n", encoding="utf-8")
    edited = mkdocs_build(SAMPLE_DIGESTS, build, config=project / "mkdocs.yml")
    assert reused(edited.output)[0] == 0
    elsewhere = mkdocs_build(SAMPLE_DIGESTS, build, {"SITE_URL": "https://example.org/papers/"},
                             config=project / "mkdocs.yml")
    assert reused(elsewhere.output)[0] == 0
    # the lean shell names no absolute URL; the site's own files follow site_url
    assert "<loc>https://example.org/papers/papers/" in (elsewhere.root / "sitemap.xml").read_text(encoding="utf-8")
