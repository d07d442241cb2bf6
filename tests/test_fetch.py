"""`python -m generator fetch` with the real HTTP client against a local server
on 127.0.0.1 that replays recorded responses. Nothing here touches the internet."""
from __future__ import annotations

import datetime as dt
import os
import socket
from pathlib import Path

import pytest

from generator import cli, fetch
from tests import replay_api

RECORDED = (Path(__file__).parent / "fixtures" / "hf-api" / "2025-06-10.json").read_bytes()
TODAY = dt.date(2025, 6, 12)
FUTURE_BODY = b'{"error":"Invalid date: date must be in the past"}'


@pytest.fixture
def api():
    server = replay_api.serve()
    yield server
    replay_api.stop(server)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "digests"


def run_fetch(argv: list[str], sleeps: list[float] | None = None) -> int:
    """Parses argv exactly as `python -m generator fetch` does, with a fixed clock and no real sleep."""
    args = cli.parser().parse_args(["fetch", *argv])
    return fetch.run(args, sleep=(sleeps if sleeps is not None else []).append, today=lambda: TODAY)


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_fetches_a_day_into_its_file(api, out, capsys):
    api.answer("2025-06-10", (200, {}, RECORDED))
    assert run_fetch(["--date", "2025-06-10", "--out", str(out), "--api-url", api.url]) == 0
    assert (out / "2025-06-10.json").read_bytes() == RECORDED
    assert files(out) == ["2025-06-10.json"]
    assert api.requests == ["2025-06-10"]
    stdout = capsys.readouterr().out
    assert f"2025-06-10: fetched into {(out / '2025-06-10.json').as_posix()}" in stdout
    assert stdout.splitlines()[-1] == "fetched 1, already present 0, skipped 0, errors 0; 1 requests (pages of 100 papers)"


def test_the_command_line_reaches_fetch(api, out):
    api.answer("2025-06-10", (200, {}, RECORDED))
    assert cli.main(["fetch", "--date", "2025-06-10", "--out", str(out), "--api-url", api.url]) == 0
    assert files(out) == ["2025-06-10.json"]


def test_429_is_retried_respecting_retry_after(api, out):
    api.answer("2025-06-10", (429, {"Retry-After": "7"}, b""), (503, {}, b""), (200, {}, RECORDED))
    sleeps: list[float] = []
    argv = ["--date", "2025-06-10", "--out", str(out), "--api-url", api.url, "--retry-delay", "0.5"]
    assert run_fetch(argv, sleeps) == 0
    assert sleeps == [7.0, 1.0]  # Retry-After, then the second backoff step (0.5 * 2)
    assert api.requests == ["2025-06-10"] * 3
    assert (out / "2025-06-10.json").read_bytes() == RECORDED


def test_retries_run_out(api, out, capsys):
    api.answer("2025-06-10", *[(502, {}, b"bad gateway")] * 3)
    sleeps: list[float] = []
    argv = ["--date", "2025-06-10", "--out", str(out), "--api-url", api.url, "--retries", "2", "--retry-delay", "1"]
    assert run_fetch(argv, sleeps) == 1
    assert sleeps == [1.0, 2.0]
    assert "2025-06-10: error: the API answered HTTP 502 3 times" in capsys.readouterr().err
    assert files(out) == []


def test_a_day_the_api_refuses_is_skipped(api, out, capsys):
    # The API counts days in UTC: its "future" can be a day the local clock already reached.
    api.answer("2025-06-12", (400, {}, FUTURE_BODY))
    assert run_fetch(["--date", "2025-06-12", "--out", str(out), "--api-url", api.url]) == 0
    stdout = capsys.readouterr().out
    assert ("2025-06-12: skipped, refused by the API as invalid or future "
            "(HTTP 400: Invalid date: date must be in the past)") in stdout
    assert "skipped 1 (1 refused by the API as invalid or future), errors 0; 1 requests" in stdout
    assert files(out) == []


def test_days_after_today_in_utc_are_not_requested(api, out, capsys):
    api.answer("2025-06-11", (200, {}, b"[]"))
    api.answer("2025-06-12", (200, {}, RECORDED.replace(b"2025-06-10", b"2025-06-12")))
    argv = ["--since", "2025-06-11", "--until", "2025-06-14", "--out", str(out), "--api-url", api.url]
    assert run_fetch(argv) == 0
    assert api.requests == ["2025-06-11", "2025-06-12"]
    stdout = capsys.readouterr().out
    assert "2025-06-13: skipped, after today in UTC (today is 2025-06-12)" in stdout
    assert "2025-06-11: skipped, no papers that day (the API answered an empty list)" in stdout
    assert stdout.splitlines()[-1] == ("fetched 1, already present 0, skipped 3 "
                                       "(2 after today in UTC, 1 no papers that day), errors 0; "
                                       "2 requests (pages of 100 papers)")
    assert files(out) == ["2025-06-12.json"]


def test_by_default_days_end_yesterday_in_utc():
    """Today's list is still growing, and a day once written is never fetched again."""
    def days(*argv: str) -> list[str]:
        return [d.isoformat() for d in fetch.requested_days(cli.parser().parse_args(["fetch", *argv]), TODAY)]
    assert days() == ["2025-06-11"]
    assert days("--since", "2025-06-10") == ["2025-06-10", "2025-06-11"]
    assert days("--since", "2025-06-12") == ["2025-06-12"]
    assert days("--date", "2025-06-12") == ["2025-06-12"]


def test_until_before_since_is_refused(capsys):
    assert run_fetch(["--since", "2025-06-10", "--until", "2025-06-01"]) == 2
    assert "fetch: error: --until 2025-06-01 is before --since 2025-06-10" in capsys.readouterr().err


@pytest.mark.parametrize("body, found", [
    (RECORDED[: len(RECORDED) // 2], "found broken JSON at item"),
    (b"<html>Service unavailable</html>", "found text that is not JSON"),
    (b'{"error": "maintenance"}', "found a JSON dict"),
], ids=["cut-off", "html", "object"])
def test_a_malformed_body_is_an_error_naming_the_day(api, out, capsys, body, found):
    api.answer("2025-06-10", (200, {}, body))
    api.answer("2025-06-09", (200, {}, RECORDED.replace(b"2025-06-10", b"2025-06-09")))
    argv = ["--since", "2025-06-09", "--until", "2025-06-10", "--out", str(out), "--api-url", api.url]
    assert run_fetch(argv) == 1
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith(f"2025-06-10: error: malformed response, not written: {out.as_posix()}/2025-06-10.json:")
    assert found in line
    assert captured.out.splitlines()[-1] == "fetched 1, already present 0, skipped 0, errors 1; 2 requests (pages of 100 papers)"
    assert files(out) == ["2025-06-09.json"]  # the other day still lands; no temp file is left


def test_connection_refused_is_one_line(out, capsys):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    argv = ["--since", "2025-06-10", "--until", "2025-06-12", "--out", str(out),
            "--api-url", f"http://127.0.0.1:{port}/api/daily_papers"]
    assert run_fetch(argv) == 1
    captured = capsys.readouterr()
    assert captured.err == (f"fetch: error: cannot reach http://127.0.0.1:{port}/api/daily_papers"
                            f"?date=2025-06-10&limit=100&p=0: Connection refused\n")
    assert captured.out == "fetched 0, already present 0, skipped 0, errors 1, not tried 2; 1 requests (pages of 100 papers)\n"
    assert files(out) == []


def test_a_timeout_is_one_line(api, out, capsys):
    api.delay = 0.5
    argv = ["--date", "2025-06-10", "--out", str(out), "--api-url", api.url, "--timeout", "0.1"]
    assert run_fetch(argv) == 1
    assert capsys.readouterr().err.endswith("?date=2025-06-10&limit=100&p=0: timed out\n")


def test_days_already_present_are_not_requested(api, out, capsys):
    out.mkdir()
    (out / "2025").mkdir()
    (out / "2025" / "notes-2025-06-10.yaml").write_text("date: 2025-06-10\npapers: []\n")
    (out / ".2025-06-11.abc.tmp").write_bytes(b"[")  # a crashed run's temp file is not a digest
    api.answer("2025-06-11", (200, {}, RECORDED.replace(b"2025-06-10", b"2025-06-11")))
    argv = ["--since", "2025-06-10", "--until", "2025-06-11", "--out", str(out), "--api-url", api.url]
    assert run_fetch(argv) == 0
    assert api.requests == ["2025-06-11"]
    stdout = capsys.readouterr().out
    assert f"2025-06-10: already present ({out.as_posix()}/2025/notes-2025-06-10.yaml)" in stdout
    assert stdout.splitlines()[-1] == "fetched 1, already present 1, skipped 0, errors 0; 1 requests (pages of 100 papers)"


def test_the_write_is_atomic(api, out, monkeypatch, capsys):
    """A failure at the last step leaves neither a partial digest nor a temp file."""
    api.answer("2025-06-10", (200, {}, RECORDED))
    seen: list[bytes] = []

    def failing_replace(source: str, target: str) -> None:
        seen.append(Path(source).read_bytes())
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fetch.os, "replace", failing_replace)
    assert run_fetch(["--date", "2025-06-10", "--out", str(out), "--api-url", api.url]) == 1
    assert seen == [RECORDED]  # the complete body went to a temp file in the same folder
    assert files(out) == []
    assert capsys.readouterr().err == (f"2025-06-10: error: cannot write {out.as_posix()}/2025-06-10.json: "
                                       "No space left on device\n")


def test_the_temp_file_is_in_the_target_folder(api, out, monkeypatch):
    api.answer("2025-06-10", (200, {}, RECORDED))
    moves: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def recording_replace(source: str, target: str) -> None:
        moves.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(fetch.os, "replace", recording_replace)
    assert run_fetch(["--date", "2025-06-10", "--out", str(out), "--api-url", api.url]) == 0
    ((source, target),) = moves
    assert source.parent == target.parent == out and source.name.startswith(".")
    assert files(out) == ["2025-06-10.json"]


def test_a_day_counts_as_present_only_where_the_build_files_a_digest(tmp_path):
    from generator.fetch import present_days
    (tmp_path / "2025-06-01-to-2025-06-07.yaml").write_text("papers: []\n")
    (tmp_path / "2025-02-30-notes.txt").write_text("x\n")
    # The build files the first by its first date only, and cannot date the second.
    assert present_days(tmp_path) == {dt.date(2025, 6, 1): tmp_path / "2025-06-01-to-2025-06-07.yaml"}


def test_a_connection_cut_mid_body_writes_nothing(api, out, capsys):
    """The server promises the whole response and hangs up halfway: no digest, no temp file."""
    api.answer("2025-06-10", (200, {"Content-Length": str(len(RECORDED))}, RECORDED[: len(RECORDED) // 2]))
    assert run_fetch(["--date", "2025-06-10", "--out", str(out), "--api-url", api.url, "--retries", "0"]) == 1
    assert files(out) == []
    half = len(RECORDED) // 2
    assert capsys.readouterr().err == (f"2025-06-10: error: an answer cut off after {half} of {len(RECORDED)} bytes "
                                       "(the connection closed early); not written\n")
