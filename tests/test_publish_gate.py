"""What the publish gate (`check --strict`, the plugin's strict_digests) stops: errors always,
warnings under strict, notices never. A real archive whose files are named by a local day
publishes, with the differences shown."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import cli
from generator.archive import build_archive
from tests.test_plugin import config_for, registered

REAL_ARCHIVE = Path(__file__).parent / "fixtures" / "real-archive"


def test_a_real_archive_named_by_a_local_day_passes_check_strict(capsys):
    assert cli.main(["check", str(REAL_ARCHIVE), "--strict"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"{REAL_ARCHIVE.as_posix()}/2025-02-19.json:6: notice: found the digest's own date 2025-02-18 "
                      "but 2025-02-19 in the file name; expected the file name's date, used; 1 day(s) apart is "
                      "benign for an API answer (papers submitted the day before, a file named by a local day)")
    assert err[-1] == "problems: 0 errors, 0 warnings, 3 notices (shown, never failing a check)"
    archive, _ = build_archive(REAL_ARCHIVE)
    assert archive.summary.entries_read == archive.summary.entries_kept == 15
    assert [str(d.date) for d in archive.days] == ["2025-02-21", "2025-02-20", "2025-02-19"]


def item(day: str) -> dict:
    return {"paper": {"title": f"Paper of {day}", "summary": "An abstract."}, "publishedAt": f"{day}T08:00:00Z"}


@pytest.mark.parametrize("name, body, level", [
    ("2025-02-24.json", json.dumps([item("2025-02-20")]), "warning"),  # four days apart: not explained
    ("2025-02-21.yaml", "date: 2025-02-20\npapers:\n  - title: Hand Made\n", "warning"),  # a person's own date
    ("2025-02-22.json", json.dumps([item("2025-02-20")]), "notice"),
])
def test_which_date_differences_block(digest_dir, name, body, level, capsys):
    folder = digest_dir({name: body})
    _, problems = build_archive(folder)
    assert [p.level for p in problems] == [level]
    assert cli.main(["check", str(folder), "--strict"]) == (1 if level == "warning" else 0)


def test_notices_are_info_even_with_strict_digests(tmp_path, caplog):
    digests = tmp_path / "digests"
    shutil.copytree(REAL_ARCHIVE, digests)
    config = config_for(tmp_path, strict_digests=True)
    config.plugins.on_startup(command="build", dirty=False)
    with caplog.at_level("INFO", logger="mkdocs.plugins.paper_archive"):
        registered(config)
    notices = [r.levelname for r in caplog.records if "notice:" in r.getMessage()]
    assert notices == ["INFO"] * 3
