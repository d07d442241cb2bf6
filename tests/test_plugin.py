"""The MkDocs plugin: options validated by the config schema, pages written to a
cache folder (only the changed ones) and registered from there, and the rendered
pages cached across `mkdocs serve` rebuilds."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.structure.files import Files, InclusionLevel

from tests.conftest import ROOT

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"


def config_for(tmp_path: Path, **options):
    digests = tmp_path / "digests"
    if not digests.exists():
        shutil.copytree(HOSTILE, digests)
    plugin = {"paper-archive": {"digests": str(digests), "cache_dir": str(tmp_path / "cache"), **options}}
    return load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "site_src"),
                       plugins=["search", plugin])


def registered(config) -> Files:
    return config.plugins.on_files(Files([]), config=config)


def test_pages_are_files_in_the_cache_folder_and_only_indexes_are_in_the_nav(tmp_path):
    config = config_for(tmp_path)
    config.plugins.on_startup(command="build", dirty=False)
    files = registered(config)
    day = files.get_file_from_path("days/2026-05-01.md")
    assert Path(day.abs_src_path) == tmp_path / "cache" / "docs" / "days" / "2026-05-01.md"
    assert "Friday, May 1, 2026" in day.content_string
    assert day.inclusion == InclusionLevel.NOT_IN_NAV
    assert files.get_file_from_path("topics/index.md").inclusion == InclusionLevel.INCLUDED  # in the nav, as MkDocs sets it
    assert files.get_file_from_path("api/papers.json") is not None
    assert not (ROOT / "site_src" / "days").exists()  # nothing is written into docs_dir


def test_rendered_pages_are_cached_until_a_digest_changes(tmp_path):
    config = config_for(tmp_path, site_title="Mine")
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["paper-archive"]
    first = plugin.build_pages("Mine", "")
    assert not first.reused and plugin.build_pages("Mine", "").reused
    extra = tmp_path / "digests" / "2026-05-02.yaml"
    extra.write_text("date: 2026-05-02\npapers:\n  - title: A New Paper\n", encoding="utf-8")
    second = plugin.build_pages("Mine", "")
    assert not second.reused and "days/2026-05-02.md" in second.stats.paths
    extra.unlink()
    assert "days/2026-05-02.md" not in plugin.build_pages("Mine", "").stats.paths
    assert "index.md" in plugin.build_pages("Mine", "").stats.paths
    assert "# Mine" in (tmp_path / "cache" / "docs" / "index.md").read_text(encoding="utf-8")
    report = json.loads((tmp_path / "cache" / "last-build.json").read_text(encoding="utf-8"))
    assert report["pages"] == len(plugin.build_pages("Mine", "").stats.paths)  # search files and feeds too
    assert list(report["seconds"]) == ["read and merge", "classify", "enrich", "search index", "render and write"]  # a rebuild: in-process


def test_a_second_build_rewrites_only_the_pages_that_changed(tmp_path):
    """Unchanged pages keep their modification time, so `--dirty` builds skip them."""
    config_for(tmp_path)  # copies the digests
    times = {}
    for build in range(3):
        config = config_for(tmp_path)
        config.plugins.on_startup(command="build", dirty=True)
        registered(config)
        times[build] = {path.relative_to(tmp_path / "cache" / "docs").as_posix(): path.stat().st_mtime_ns
                        for path in (tmp_path / "cache" / "docs").rglob("*.md")}
        if build == 1:
            extra = tmp_path / "digests" / "2026-05-02.yaml"
            extra.write_text("date: 2026-05-02\npapers:\n  - title: A New Paper\n", encoding="utf-8")
    assert times[1] == times[0]
    changed = {path for path in times[2] if times[2][path] != times[1].get(path)}
    assert "days/2026-05-02.md" in changed and "papers/a-new-paper.md" in changed
    assert [path for path in times[1] if path.startswith("papers/") and path not in changed]


@pytest.mark.parametrize("options", [{"digests": "/no/such/folder"}, {"topics": "/no/such/topics.yaml"},
                                     {"site_title": 3}, {"strict_digests": "yes"}])
def test_options_are_validated_by_the_schema(tmp_path, options):
    with pytest.raises((Abort, ConfigurationError)):
        config_for(tmp_path, **options)


@pytest.mark.parametrize("strict, level", [(False, "INFO"), (True, "WARNING")])
def test_digest_warnings_are_mkdocs_warnings_only_with_strict_digests(tmp_path, caplog, strict, level):
    config = config_for(tmp_path, strict_digests=strict)
    config.plugins.on_startup(command="build", dirty=False)
    with caplog.at_level("INFO", logger="mkdocs.plugins.paper_archive"):
        registered(config)
    assert [r.levelname for r in caplog.records if "javascript:" in r.getMessage()] == [level]


def test_a_broken_topics_file_is_a_plugin_error(tmp_path):
    topics = tmp_path / "topics.yaml"
    topics.write_text("topics: [", encoding="utf-8")
    config = config_for(tmp_path, topics=str(topics))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError, match="topics.yaml"):
        registered(config)
