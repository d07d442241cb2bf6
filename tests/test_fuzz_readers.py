"""Property tests: for any input, a reader returns entries and problems, or
raises the project's DigestError naming the file and line; never another
exception. Entries read always equal entries kept plus reported skips, and
for a JSON list or a YAML papers list of n items, kept + skipped = n.
FUZZ_EXAMPLES=3000 runs a longer search (300 examples per test by default)."""
import json
import os
import tempfile
from pathlib import Path

import yaml

from hypothesis import HealthCheck, example, given, settings, strategies as st

from generator.archive import build_archive
from generator.dates import resolve
from generator.problems import DigestError, ProblemLog
from generator.readers import read_digest

PAGE_LINES = st.sampled_from([
    "new", "Subscribe", "Daily Papers", "Jan 8", "Feb 30", "  • 4 authors", "• Meta AI", "·", "Jun 24, 2025 5",
    "Jan 30 [ 6]", "Jan 30 -", "", "A Short Title", "x" * 300, "We do things. We do more things. " * 5,
    "SubscribeGlued Title", "date: 2020-01-01", "papers:", "  - title: x", "[", "]", "{", "\ufeff", "\r",
    "date: 2026-13-45", "  - title: 2026-02-30", "    published: 99999-01-01", "    upvotes: 1e999",
])
FIELD_NAMES = st.sampled_from([
    "paper", "title", "id", "authors", "summary", "upvotes", "publishedAt", "name", "hidden", "ai_keywords",
    "githubRepo", "projectPage", "organization", "submittedOnDailyAt",
])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(FIELD_NAMES, inner, max_size=5),
    max_leaves=20,
)
PAPER_KEYS = st.sampled_from(["title", "abstract", "authors", "url", "code", "project", "tags", "published",
                              "upvotes", "arxiv", "unknown"])
NASTY_TEXT = st.text() | st.sampled_from([
    "<script>alert(1)</script>", "javascript:alert(1)", "data:text/html,x", "http://example.com", "\u202e", "🎉",
    "2026-13-45", "1706.03762", "a" * 500, "", " ", "~", "null", "&amp;", "\\href{http://github.com/a}{b}",
])
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.dates() | NASTY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(PAPER_KEYS, inner, max_size=4),
    max_leaves=12,
)
YAML_PAPERS = st.lists(st.dictionaries(PAPER_KEYS, YAML_VALUES, max_size=6) | YAML_VALUES, max_size=5)
API_ITEMS = st.lists(st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries({"paper": st.dictionaries(FIELD_NAMES, JSON_VALUES | NASTY_TEXT, max_size=6)}),
    st.fixed_dictionaries({"paper": st.fixed_dictionaries({"title": NASTY_TEXT})}).map(repr),  # Python-repr items
), max_size=5)
SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 300)), deadline=None,
                    suppress_health_check=list(HealthCheck))


def read_any(name: str, data: bytes):
    log = ProblemLog(name)
    try:
        digest = resolve(read_digest(name, data, log), log)
    except DigestError as error:
        assert error.problem.source == name and error.problem.line >= 0
        assert str(error).startswith(f"{name}:") and ": error: found " in str(error)
        return None, log.problems
    skips = [p for p in log.problems if p.skip_reason]
    assert digest.skipped == len(skips)
    assert all(entry.title for entry in digest.entries)
    return digest, log.problems


@SETTINGS
@given(st.one_of(st.lists(PAGE_LINES).map("\n".join), st.text()), st.sampled_from(["a.txt", "2020-01-01.json", "b.yaml"]))
def test_text_in_any_shape(text, name):
    read_any(name, text.encode())


@SETTINGS
@given(st.binary())
@example(b"[" * 100_001)  # nested deeper than Python's recursion limit
@example(b"papers:\n  - title: " + b"[" * 5000)
def test_any_bytes(data):
    read_any("x.txt", data)


@SETTINGS
@given(st.lists(JSON_VALUES, max_size=4))
def test_any_json_list(items):
    read_any("x.json", json.dumps(items).encode())


def count_is_kept(name: str, data: bytes, items: int) -> None:
    digest, _ = read_any(name, data)
    if digest is not None:
        assert len(digest.entries) + digest.skipped == items


@SETTINGS
@given(API_ITEMS)
def test_api_items_in_equal_papers_out_plus_skips(items):
    count_is_kept("2020-01-01.json", json.dumps(items).encode(), len(items))


@SETTINGS
@given(YAML_PAPERS, YAML_VALUES)
def test_yaml_papers_in_equal_papers_out_plus_skips(papers, date):
    text = yaml.safe_dump({"date": date, "papers": papers}, allow_unicode=True)
    count_is_kept("b.yaml", text.encode(), len(papers))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(["2020-01-01.txt", "x.json", "y.yaml", "sub/2020-01-02.json"]),
                          st.binary() | st.lists(PAGE_LINES).map("\n".join).map(str.encode)), max_size=4))
def test_a_folder_of_anything_is_read_and_counted(files):
    """The archive never raises; its summary adds up."""
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files:
            (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / name).write_bytes(data)
        archive, problems = build_archive(Path(folder), "d")
    summary = archive.summary
    assert summary.entries_read == summary.entries_kept + summary.entries_skipped
    assert summary.entries_kept == summary.distinct_papers + summary.merged_duplicates
    assert summary.entries_skipped == sum(1 for p in problems if p.skip_reason)
    assert not [p for p in problems if "reader failure" in p.found]
