"""`fetch` against the replay server (tests/replay_api.py), which pages like the real API: every
page of a day, each paper once, never an endless loop; and every way a server can stretch or break
an answer ends in one clear line, the other days still fetched."""
from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import pytest

from generator import cli, fetch
from generator.archive import build_archive
from tests.test_fetch import RECORDED, api, files, out, run_fetch  # noqa: F401 (api, out: fixtures)

PAGED_DAY = json.loads((Path(__file__).parent / "fixtures" / "hf-api-paged" / "2025-03-03.json").read_text())


def fetch_day(api, out, day: str, *extra: str) -> int:
    return run_fetch(["--date", day, "--out", str(out), "--api-url", api.url, *extra])


def test_a_recorded_214_paper_day_is_fetched_page_by_page(api, out, capsys):
    assert len(PAGED_DAY) == 214
    api.record("2025-03-03", PAGED_DAY)
    assert fetch_day(api, out, "2025-03-03") == 0
    assert [(q["limit"], q["p"]) for q in api.queries] == [("100", "0"), ("100", "1"), ("100", "2")]
    assert json.loads((out / "2025-03-03.json").read_text()) == PAGED_DAY
    archive, problems = build_archive(out)
    assert problems == [] and archive.summary.entries_kept == 214
    stdout = capsys.readouterr().out.splitlines()
    assert stdout[0] == f"2025-03-03: fetched into {out.as_posix()}/2025-03-03.json (214 papers in 3 pages)"
    assert stdout[-1] == ("fetched 1, already present 0, skipped 0, errors 0; "
                          "3 requests (pages of 100 papers, 1 days in several pages)")


def test_a_day_of_exactly_one_full_page_asks_once_more(api, out):
    api.record("2025-03-03", PAGED_DAY[:100])
    assert fetch_day(api, out, "2025-03-03") == 0
    assert [q["p"] for q in api.queries] == ["0", "1"]  # the second page is empty
    assert len(json.loads((out / "2025-03-03.json").read_text())) == 100


def page(items: list) -> tuple[int, dict[str, str], bytes]:
    return 200, {}, json.dumps(items, separators=(",", ":")).encode()


def test_a_server_that_ignores_the_page_number_cannot_loop_forever(api, out):
    api.answer("2025-03-03", *[page(PAGED_DAY[:100])] * 10)
    assert fetch_day(api, out, "2025-03-03") == 0
    assert len(api.requests) == 2  # the second page brought nothing new
    assert len(json.loads((out / "2025-03-03.json").read_text())) == 100


def test_papers_repeated_across_pages_are_kept_once(api, out):
    api.answer("2025-03-03", page(PAGED_DAY[:100]), page(PAGED_DAY[90:150]))  # the list moved between requests
    assert fetch_day(api, out, "2025-03-03") == 0
    assert json.loads((out / "2025-03-03.json").read_text()) == PAGED_DAY[:150]


def test_too_many_pages_is_an_error(api, out, monkeypatch, capsys):
    monkeypatch.setattr(fetch, "MAX_PAGES", 2)
    api.record("2025-03-03", PAGED_DAY)
    assert fetch_day(api, out, "2025-03-03") == 1
    assert capsys.readouterr().err == "2025-03-03: error: more than 2 pages of 100 papers; not written\n"
    assert files(out) == []


def test_retry_after_that_is_not_a_number_falls_back_to_the_backoff(api, out):
    api.answer("2025-06-10", (429, {"Retry-After": "nan"}, b""), (503, {"Retry-After": "inf"}, b""), (200, {}, RECORDED))
    sleeps: list[float] = []
    argv = ["--date", "2025-06-10", "--out", str(out), "--api-url", api.url, "--retry-delay", "0.5"]
    assert run_fetch(argv, sleeps) == 0
    assert sleeps == [0.5, 1.0]


def test_the_timeout_bounds_the_whole_request(api, out, capsys):
    api.answer("2025-06-10", (200, {}, RECORDED))
    api.trickle = 0.005  # the recorded body would take about a minute to arrive, 16 bytes at a time
    start = time.monotonic()
    assert fetch_day(api, out, "2025-06-10", "--timeout", "1") == 1
    assert time.monotonic() - start < 3
    assert capsys.readouterr().err.endswith("?date=2025-06-10&limit=100&p=0: timed out\n")


def test_a_body_larger_than_a_digest_may_be_is_refused(api, out, monkeypatch, capsys):
    monkeypatch.setattr(fetch, "MAX_FILE_BYTES", 1000)
    api.answer("2025-06-10", (200, {}, RECORDED))
    assert fetch_day(api, out, "2025-06-10") == 1
    assert capsys.readouterr().err == "2025-06-10: error: an answer larger than 1,000 bytes; not read further; not written\n"


def test_a_body_cut_short_costs_only_its_day(api, out, capsys):
    api.answer("2025-06-09", (200, {"Content-Length": str(len(RECORDED))}, RECORDED[:100]))
    api.answer("2025-06-10", (200, {}, RECORDED))
    argv = ["--since", "2025-06-09", "--until", "2025-06-10", "--out", str(out), "--api-url", api.url, "--retries", "0"]
    assert run_fetch(argv) == 1
    captured = capsys.readouterr()
    assert captured.err == (f"2025-06-09: error: an answer cut off after 100 of {len(RECORDED)} bytes "
                            "(the connection closed early); not written\n")
    assert files(out) == ["2025-06-10.json"]


def test_a_redirect_to_another_host_is_not_followed(api, out, capsys):
    port = api.server_address[1]
    api.answer("2025-06-10", (302, {"Location": f"http://localhost:{port}/elsewhere?date=2025-06-10"}, b""))
    assert fetch_day(api, out, "2025-06-10") == 1
    assert capsys.readouterr().err == (f"fetch: error: {api.url}?date=2025-06-10&limit=100&p=0 redirected to "
                                       f"http://localhost:{port}/elsewhere?date=2025-06-10, on another host; not followed\n")
    assert api.requests == ["2025-06-10"]


def test_a_redirect_on_the_same_host_is_followed(api, out):
    api.answer("2025-06-10", (301, {"Location": f"{api.url}?date=2025-06-10&limit=100&p=0&moved=1"}, b""),
               (200, {}, RECORDED))
    assert fetch_day(api, out, "2025-06-10") == 0
    assert (out / "2025-06-10.json").read_bytes() == RECORDED


@pytest.mark.parametrize("option, value, message", [
    ("--timeout", "nan", "argument --timeout: not a timeout: 'nan' (expected a number from 0.001 to 3600)"),
    ("--timeout", "-1", "argument --timeout: not a timeout: '-1' (expected a number from 0.001 to 3600)"),
    ("--retries", "-1", "argument --retries: not a retry count: '-1' (expected a number from 0 to 20)"),
    ("--retries", "two", "argument --retries: not a retry count: 'two' (expected a number from 0 to 20)"),
    ("--retry-delay", "inf", "argument --retry-delay: not a delay: 'inf' (expected a number from 0 to 300)"),
    ("--api-url", "ftp://example.com/x", "argument --api-url: not an API address: 'ftp://example.com/x' "
                                         "(expected http:// or https:// and a host)"),
    ("--api-url", "huggingface.co/api", "argument --api-url: not an API address: 'huggingface.co/api' "
                                        "(expected http:// or https:// and a host)"),
])
def test_invalid_option_values_are_usage_errors(option, value, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["fetch", option, value])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"python -m generator fetch: error: {message}"


def test_fetched_digests_are_readable_by_everyone(api, out):
    api.answer("2025-06-10", (200, {}, RECORDED))
    assert fetch_day(api, out, "2025-06-10") == 0
    assert stat.S_IMODE((out / "2025-06-10.json").stat().st_mode) & 0o044 == 0o044


def test_a_response_with_a_lone_surrogate_is_not_written(api, out, capsys):
    body = b'[{"paper": {"id": "2506.00001", "title": "Bad \\ud800", "summary": "x"}, "publishedAt": "2025-06-10T00:00:00Z"}]'
    api.answer("2025-06-10", (200, {}, body))
    assert fetch_day(api, out, "2025-06-10") == 1
    assert "found a lone UTF-16 surrogate" in capsys.readouterr().err
    assert files(out) == []
