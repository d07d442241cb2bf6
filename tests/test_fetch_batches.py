"""Backfills of whole weeks and months ask `?week=` / `?month=` and split the answer into the
same per-day files, byte for byte, as day-by-day fetching writes, in fewer requests. Recorded: the
real answers of June 2025 (four items a day) on the replay server."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator import cli, fetch
from tests.test_fetch import api  # noqa: F401 (a fixture)

JUNE = json.loads((Path(__file__).parent / "fixtures" / "hf-api-month" / "2025-06.json").read_text())


def record_june(api, strip_listing_day: bool = False) -> None:
    for n in range(1, 31):
        day = f"2025-06-{n:02d}"
        items = JUNE.get(day, [])  # a weekend: the API answers an empty list
        if strip_listing_day:
            items = [{**i, "paper": {k: v for k, v in i["paper"].items() if k != "submittedOnDailyAt"}} for i in items]
        api.record(day, items)


def fetch_into(api, folder: Path, since: str, until: str, *extra: str) -> tuple[int, dict[str, bytes], int]:
    before = len(api.requests)
    args = cli.parser().parse_args(["fetch", "--since", since, "--until", until, "--out", str(folder),
                                     "--api-url", api.url, *extra])
    code = fetch.run(args, sleep=lambda _: None, today=lambda: dt.date(2025, 7, 1))
    written = {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}
    return code, written, len(api.requests) - before


def test_a_month_in_one_request_writes_the_day_by_day_files(api, tmp_path, capsys):
    record_june(api)
    code, by_day, day_requests = fetch_into(api, tmp_path / "a", "2025-06-01", "2025-06-30", "--by-day")
    by_day_out = capsys.readouterr().out.splitlines()
    assert (code, day_requests, len(by_day)) == (0, 30, 21)
    code, by_month, month_requests = fetch_into(api, tmp_path / "b", "2025-06-01", "2025-06-30")
    assert (code, month_requests) == (0, 1)
    assert api.queries[-1] == {"month": "2025-06", "limit": "100", "p": "0"}
    assert by_month == by_day  # the same files, byte for byte
    out = capsys.readouterr().out.splitlines()
    assert out[1] == (f"2025-06-02: fetched into {(tmp_path / 'b').as_posix()}/2025-06-02.json "
                      "(4 papers, from the answer for month 2025-06)")
    assert out[-1] == "fetched 21, already present 0, skipped 9 (9 no papers that day), errors 0; 1 requests (pages of 100 papers)"
    assert by_day_out[-1].startswith("fetched 21, already present 0, skipped 9 (9 no papers that day), errors 0; 30 requests")


def test_whole_weeks_inside_a_range_are_asked_as_weeks(api, tmp_path):
    record_june(api)
    _, by_day, _ = fetch_into(api, tmp_path / "a", "2025-06-05", "2025-06-20", "--by-day")
    code, batched, requests = fetch_into(api, tmp_path / "b", "2025-06-05", "2025-06-20")
    assert code == 0 and batched == by_day
    weeks = [q["week"] for q in api.queries if "week" in q]
    assert weeks == ["2025-W24"]  # June 9-15; the days around it one by one
    assert requests == 1 + 4 + 5


def test_days_already_present_are_left_to_day_by_day(api, tmp_path):
    record_june(api)
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "2025-06-10.json").write_text("[]")  # any digest of that day
    code, _, _ = fetch_into(api, folder, "2025-06-09", "2025-06-15")
    assert code == 0 and not any("week" in q for q in api.queries)


def test_older_items_without_their_listing_day_are_asked_day_by_day(api, tmp_path, capsys):
    record_june(api, strip_listing_day=True)
    _, by_day, _ = fetch_into(api, tmp_path / "a", "2025-06-09", "2025-06-15", "--by-day")
    capsys.readouterr()
    code, batched, requests = fetch_into(api, tmp_path / "b", "2025-06-09", "2025-06-15")
    assert batched == by_day and requests == 1 + 7
    assert capsys.readouterr().out.splitlines()[0] == ("2025-W24: not split into days (an item without a "
                                                       "submittedOnDailyAt day among the asked days); asking day by day")
