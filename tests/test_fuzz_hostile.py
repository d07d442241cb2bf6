"""Property tests of hostile input: appended JSON documents, wrapped responses, duplicate YAML
keys, lone surrogates and dates from year 1 to 9999. Whatever comes, nothing raises, entries
read = kept + reported skips (and equal the items written), every kept text can be written as
UTF-8, and every date is inside the accepted bounds."""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from generator import dates
from generator.archive import build_archive
from generator.report import archive_json

SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)) // 2, deadline=None,
                    suppress_health_check=list(HealthCheck))
SURROGATE_TEXT = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xDFFF) | st.sampled_from(
    ["\ud800", "\udfff", "\ud83d", "é", "🎉"]), min_size=1, max_size=12)
DAYS = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


def items(draw_titles, draw_days):
    return st.lists(st.tuples(draw_titles, draw_days, draw_days), max_size=4).map(
        lambda rows: [{"paper": {"title": t, "summary": t, "publishedAt": f"{p.isoformat()}T00:00:00Z",
                                 "submittedOnDailyAt": f"{d.isoformat()}T00:00:00Z"}} for t, p, d in rows])


DOCUMENT = st.one_of(
    items(SURROGATE_TEXT, DAYS),
    st.tuples(items(SURROGATE_TEXT, DAYS), st.sampled_from(["data", "papers", "items", "results"])).map(
        lambda pair: {"status": "ok", "count": len(pair[0]), pair[1]: pair[0]}),
)


def read_one(name: str, data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_bytes(data)
        archive, problems = build_archive(Path(folder), "digests")
    summary = archive.summary
    assert summary.entries_read == summary.entries_kept + summary.entries_skipped
    archive_json(archive).encode("utf-8")  # no lone surrogate survives
    for paper in archive.papers.values():
        assert all(day is None or dates.in_range(day, dates.DAYS) for day in paper.days)
        assert paper.published is None or dates.in_range(paper.published, dates.PUBLISHED)
    for problem in problems:
        str(problem).encode("utf-8", "surrogateescape")
    return archive, problems


@SETTINGS
@given(st.lists(DOCUMENT, min_size=1, max_size=3), st.sampled_from(["\n", "", " \n\n"]), DAYS)
def test_appended_and_wrapped_json_documents_lose_nothing(documents, gap, name_day):
    text = gap.join(json.dumps(document) for document in documents)  # lone surrogates become \\ud800 escapes
    name = f"{name_day.isoformat()}.json"
    archive, problems = read_one(name, text.encode("utf-8"))
    written = sum(len(d if isinstance(d, list) else next(v for v in d.values() if isinstance(v, list)))
                  for d in documents)
    if written:
        assert archive.summary.entries_read == written


YAML_KEYS = st.sampled_from(["title", "abstract", "published", "upvotes", "arxiv", "tags", "title", "published"])
YAML_SCALARS = st.one_of(
    SURROGATE_TEXT.map(lambda t: json.dumps(t)),  # a double-quoted YAML string with \\u escapes
    DAYS.map(dt.date.isoformat),
    st.sampled_from(["~", "", "no", "0x1F", "1_000", "2401.10000", "-3", "n/a", "9" * 5000, "1e999"]),
)
YAML_PAPER = st.lists(st.tuples(YAML_KEYS, YAML_SCALARS), min_size=1, max_size=5)


@SETTINGS
@given(st.lists(st.lists(YAML_PAPER, max_size=3), min_size=1, max_size=3), DAYS)
def test_yaml_with_repeated_keys_surrogates_and_extreme_dates(paper_lists, date):
    lines = [f"date: {date.isoformat()}"]
    for papers in paper_lists:  # "papers:" once per list: repeated keys
        lines.append("papers:" if papers else "papers: []")
        for fields in papers:
            for index, (key, value) in enumerate(fields):
                lines.append(f"  {'-' if index == 0 else ' '} {key}: {value}")
    archive, _ = read_one("digest.yaml", ("\n".join(lines) + "\n").encode("utf-8"))
    assert archive.summary.entries_read == sum(len(papers) for papers in paper_lists)
