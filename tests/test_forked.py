"""The build's second core: forked work gives the in-process result, its errors as themselves,
the same site bytes, and what it caches reaches the caller's caches."""
from __future__ import annotations

import os

import pytest

from generator.build import Caches, build
from generator.forked import WORKERS_VARIABLE, ChildFailed, Forked, workers
from generator.related import RelatedCache
from generator.write import write_pages
from tests.conftest import SAMPLE_DIGESTS

forking = pytest.mark.skipif(workers() == 1, reason="one core or no fork: everything runs in-process")


class _Unrebuildable(Exception):
    def __init__(self, code: int, text: str):
        super().__init__(f"{text} ({code})")


def _fail(error: BaseException):
    raise error


@forking
def test_a_forked_result_and_errors_come_back_as_they_are():
    parent = os.getpid()
    assert Forked(lambda: (os.getpid() != parent, [1, "é"])).result() == (True, [1, "é"])
    with pytest.raises(ValueError, match="^bad line 3: found 'x', expected a date$"):
        Forked(lambda: _fail(ValueError("bad line 3: found 'x', expected a date"))).result()
    with pytest.raises(ChildFailed, match=r"^broken \(7\)$"):  # cannot be rebuilt: its message still comes
        Forked(lambda: _fail(_Unrebuildable(7, "broken"))).result()
    with pytest.raises(ChildFailed, match="without a result"):
        Forked(lambda: os._exit(3)).result()
    with Forked(lambda: b"x" * 10_000_000) as never_asked:  # blocked on a full pipe: killed and reaped
        pid = never_asked._pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_one_worker_runs_in_process(monkeypatch):
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    parent = os.getpid()
    assert workers() == 1 and Forked(lambda: os.getpid()).result() == parent
    with pytest.raises(KeyError):
        Forked(lambda: {}["missing"])


def test_forked_and_in_process_builds_write_the_same_bytes_and_fill_the_caches(tmp_path, monkeypatch):
    def site(name: str) -> tuple[dict[str, bytes], Caches]:
        caches = Caches(related=RelatedCache())
        build(SAMPLE_DIGESTS, tmp_path / name, caches=caches)
        folder = tmp_path / name
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}, caches

    forked, forked_caches = site("forked")
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    alone, alone_caches = site("alone")
    assert forked == alone
    assert forked_caches.related.last is not None and forked_caches.related.last == alone_caches.related.last
    assert forked_caches.index._entries == alone_caches.index._entries != {}


def test_a_file_half_written_by_a_killed_clean_build_is_written_again(tmp_path):
    pages = [("a.md", "# A\n" * 100), ("b/c.md", "# C\n")]
    assert write_pages(pages, tmp_path).written == 2  # a clean build: created in place
    (tmp_path / "a.md").write_bytes(b"# A\n# A")  # the build was killed mid-file, before the manifest:
    (tmp_path / ".paper-archive-manifest.json").unlink()
    assert write_pages(pages, tmp_path).written == 1
    assert (tmp_path / "a.md").read_text() == "# A\n" * 100 and (tmp_path / "b/c.md").read_text() == "# C\n"
    assert oct((tmp_path / "b/c.md").stat().st_mode & 0o777) == oct((tmp_path / "a.md").stat().st_mode & 0o777)


@pytest.mark.parametrize("page", ["tags/index.md", "archive.md"])  # written by the child, by the parent
def test_a_hand_written_file_at_a_generated_page_is_a_clear_error_either_way(tmp_path, page):
    site_src = tmp_path / "site_src"
    (site_src / page).parent.mkdir(parents=True)
    (site_src / page).write_text("# mine\n")
    with pytest.raises(ValueError, match=f"^hand-written file {page} would replace a generated page$"):
        build(SAMPLE_DIGESTS, tmp_path / "out", site_src=site_src)
