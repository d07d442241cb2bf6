"""What a fork's owner sees of a daily Publish run: the job summary (scripts/ci_summary.py)
and the home page's "last updated" line."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from generator.archive import build_archive
from scripts import ci_summary
from tests.conftest import HOSTILE_DIGESTS, SAMPLE_DIGESTS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NEWEST = dt.date(2026, 4, 20)


def summary(digests: Path, today: dt.date, fetch: str = "off", site=(0, 0)):
    archive, problems = build_archive(digests, "digests")
    return ci_summary.publish_markdown(archive, problems, fetch=fetch, build_outcome="success", seconds=41.6,
                                       site=site, today=today)


def test_the_summary_gives_the_counts_time_size_and_newest_day():
    markdown, annotations = summary(SAMPLE_DIGESTS, SAMPLE_NEWEST + dt.timedelta(days=1),
                                    fetch="fetched 1, already present 6, skipped 0, errors 0 (job: success)",
                                    site=(1234, 5_600_000))
    for row in ("| Build | success |", "| Site command (install, check, build) | 42 s |",
                "| Site | 1,234 files, 5.6 MB |",
                "| Daily fetch | fetched 1, already present 6, skipped 0, errors 0 (job: success) |",
                "| Newest day | 2026-04-20 (1 days before today, UTC) |"):
        assert row in markdown
    for line in ("- files read: 5", "- entries read: 410 = 410 kept + 0 skipped",
                 "- distinct papers: 379 (31 merged duplicates)", "- problems: 0 errors, 0 warnings"):
        assert line in markdown
    assert "#### Problems" not in markdown and annotations == []


def test_a_stale_archive_warns_only_when_the_daily_fetch_is_on():
    long_after = SAMPLE_NEWEST + dt.timedelta(days=10)
    _, annotations = summary(SAMPLE_DIGESTS, long_after, fetch="fetched 0, already present 7 (job: success)")
    assert annotations == ["::warning::the newest day is 2026-04-20, 10 days ago: has the daily fetch stopped? "
                           "See the fetch job's log"]
    assert summary(SAMPLE_DIGESTS, long_after, fetch=ci_summary.fetch_text("skipped", ""))[1] == []
    assert summary(SAMPLE_DIGESTS, SAMPLE_NEWEST + dt.timedelta(days=3), fetch="fetched 0 (job: success)")[1] == []


def test_the_summary_lists_the_problems_and_skips():
    markdown, annotations = summary(HOSTILE_DIGESTS, dt.date(2026, 5, 5))
    archive, problems = build_archive(HOSTILE_DIGESTS, "digests")
    assert problems and "#### Problems" in markdown and str(problems[0]) in markdown
    assert f"{archive.summary.entries_skipped} skipped" in markdown
    assert ("::error::the digests have errors: see the job summary" in annotations) == any(
        p.level == "error" for p in problems)


def test_logs_are_shown_verbatim_whatever_backticks_they_hold():
    log = "2025-06-10: error: found ```` in the response\nfetched 0, already present 0, skipped 0, errors 1\n"
    markdown = ci_summary.fetch_markdown(log, 1)
    assert markdown.startswith("### Daily fetch\n\nfetched 0, already present 0, skipped 0, errors 1\n")
    assert "**The fetch failed (exit 1).**" in markdown
    assert "`````text\n2025-06-10: error: found ```` in the response\n" in markdown
    assert ci_summary.fetch_markdown("fetched 2, already present 5\n", 0) == (
        "### Daily fetch\n\nfetched 2, already present 5\n")


def test_the_command_appends_to_the_summary_file(tmp_path):
    site = tmp_path / "site"
    (site / "days").mkdir(parents=True)
    (site / "index.html").write_text("x" * 1000)
    (site / "days" / "a.html").write_text("y" * 500)
    out = tmp_path / "summary.md"
    out.write_text("earlier step\n")
    result = subprocess.run([sys.executable, "scripts/ci_summary.py", "publish", "--digests", str(SAMPLE_DIGESTS),
                             "--site", str(site), "--fetch-result", "skipped", "--build-outcome", "failure",
                             "--started", "", "--summary-file", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert text.startswith("earlier step\n### Publish\n")
    assert "| Build | failure |" in text and "| Site | 2 files, 0.0 MB |" in text and "not timed" in text


def test_drift_lists_the_versions_that_differ_from_the_pins(tmp_path):
    pins = tmp_path / "pins.txt"
    pins.write_text("pytest==0.0.1 \\\n    --hash=sha256:" + "0" * 64 + "\nnot-a-real-package==1.0\n")
    markdown = ci_summary.drift_markdown(pins)
    assert "| pytest | 0.0.1 | " in markdown and "| not-a-real-package | 1.0 | not installed |" in markdown


def test_the_home_page_says_when_the_archive_was_last_updated(sample_site):
    """From the archive's newest day, never the clock (tests/test_reproducible.py builds at another time)."""
    html = (sample_site.root / "index.html").read_text(encoding="utf-8")
    line = re.search(r'<p class="pa-updated">(.*?)</p>', html, re.S)[1]
    assert line == 'Last updated with the papers of <a href="days/2026-04-20/">Monday, April 20, 2026</a>, the newest day.'
