"""Markdown for the GitHub job summaries, so a run's health shows without reading its log.

  python3 scripts/ci_summary.py fetch LOG STATUS     the daily fetch: its summary line, its log on failure
  python3 scripts/ci_summary.py publish [options]    the build: days fetched, papers read and skipped,
                                                     problems, build time, site size, the newest day
  python3 scripts/ci_summary.py drift PINS           installed versions that differ from a pinned file

The Markdown goes to stdout (or --summary-file); GitHub annotations (::warning::) go to stdout.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STALE_AFTER_DAYS = 4  # a weekend has no papers: Monday's newest day is Friday, three days back
MAX_PROBLEMS = 20


def fenced(text: str) -> str:
    """Text shown verbatim: the fence is longer than any run of backticks inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def fetch_markdown(log: str, status: int) -> str:
    lines = log.splitlines()
    summary = next((line for line in reversed(lines) if line.startswith("fetched ")), None)
    parts = ["### Daily fetch", summary or "The fetch printed no summary line."]
    if status != 0:
        parts += [f"**The fetch failed (exit {status}).** The last lines of its log:", fenced("\n".join(lines[-30:]))]
    return "\n\n".join(parts) + "\n"


def site_size(site: Path) -> tuple[int, int]:
    files = [path for path in site.rglob("*") if path.is_file()] if site.is_dir() else []
    return len(files), sum(path.stat().st_size for path in files)


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def newest_day(archive) -> dt.date | None:
    return max((day.date for day in archive.days if day.date is not None), default=None)


def fetch_text(result: str, line: str) -> str:
    if result in ("", "skipped"):
        return "off (set the repository variable `DAILY_FETCH` to `true` to fetch daily)"
    return f"{line or 'no summary line'} (job: {result})"


def publish_markdown(archive, problems, *, fetch: str, build_outcome: str, seconds: float | None,
                     site: tuple[int, int], today: dt.date) -> tuple[str, list[str]]:
    """The build's summary and its annotations (a stale archive warns)."""
    from generator.problems import ERROR
    from generator.report import summary_lines

    newest = newest_day(archive)
    age = (today - newest).days if newest else None
    files, size = site
    rows = [
        ("Build", build_outcome or "not run"),
        ("Site command (install, check, build)", f"{seconds:.0f} s" if seconds is not None else "not timed"),
        ("Site", f"{files:,} files, {megabytes(size)}" if files else "not built"),
        ("Daily fetch", fetch),
        ("Newest day", f"{newest.isoformat()} ({age} days before today, UTC)" if newest else "none"),
    ]
    table = "| | |\n|---|---|\n" + "\n".join(f"| {name} | {value} |" for name, value in rows)
    counts = "\n".join(f"- {line.strip()}" for line in summary_lines(archive.summary, problems, len(archive.days)))
    parts = ["### Publish", table, "#### Digests", counts]
    if problems:
        shown = "\n".join(str(problem) for problem in problems[:MAX_PROBLEMS])
        more = len(problems) - MAX_PROBLEMS
        parts += ["#### Problems" + (f" (the first {MAX_PROBLEMS} of {len(problems)})" if more > 0 else ""),
                  fenced(shown)]
    annotations = []
    if any(problem.level == ERROR for problem in problems):
        annotations.append("::error::the digests have errors: see the job summary")
    if newest and age > STALE_AFTER_DAYS and not fetch.startswith("off"):
        annotations.append(f"::warning::the newest day is {newest.isoformat()}, {age} days ago: "
                           "has the daily fetch stopped? See the fetch job's log")
    return "\n\n".join(parts) + "\n", annotations


def pinned_versions(pins: Path) -> dict[str, str]:
    found = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", pins.read_text(encoding="utf-8"), re.M)
    return {normalise(name): version for name, version in found}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def drift_markdown(pins: Path) -> str:
    pinned = pinned_versions(pins)
    installed = {normalise(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}
    rows = [f"| {name} | {version} | {installed.get(name, 'not installed')} |"
            for name, version in sorted(pinned.items()) if installed.get(name) != version]
    rows += [f"| {name} | not pinned | {installed[name]} |"
             for name in sorted(set(installed) - set(pinned) - {"paper-archive", "pip", "setuptools"})]
    head = f"### Newest versions the ranges allow, against {pins.as_posix()}"
    if not rows:
        return f"{head}\n\nThe same versions as the pins.\n"
    return f"{head}\n\n| package | pinned | newest |\n|---|---|---|\n" + "\n".join(rows) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    fetch = commands.add_parser("fetch")
    fetch.add_argument("log", type=Path)
    fetch.add_argument("status", type=int)
    publish = commands.add_parser("publish")
    publish.add_argument("--digests", type=Path, default=Path("digests"))
    publish.add_argument("--site", type=Path, default=Path("site"))
    publish.add_argument("--fetch-result", default="", help="the fetch job's result (skipped: the fetch is off)")
    publish.add_argument("--fetch-line", default="", help="the fetch's summary line")
    publish.add_argument("--build-outcome", default="")
    publish.add_argument("--started", default="", help="the build's start, in seconds since the epoch")
    publish.add_argument("--summary-file", type=Path, help="append the Markdown here (default: stdout)")
    drift = commands.add_parser("drift")
    drift.add_argument("pins", type=Path)
    return parser


def emit(markdown: str, summary_file: Path | None) -> None:
    if summary_file is None:
        sys.stdout.write(markdown)
    else:
        with summary_file.open("a", encoding="utf-8") as out:
            out.write(markdown)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "fetch":
        log = args.log.read_text(encoding="utf-8", errors="replace") if args.log.exists() else ""
        sys.stdout.write(fetch_markdown(log, args.status))
        return 0
    if args.command == "drift":
        markdown = drift_markdown(args.pins)
        sys.stdout.write(markdown)
        if os.environ.get("GITHUB_STEP_SUMMARY"):  # the weekly job's summary shows it too
            emit(markdown, Path(os.environ["GITHUB_STEP_SUMMARY"]))
        return 0
    sys.path.insert(0, str(ROOT))
    try:
        from generator.archive import build_archive
    except ImportError as error:  # the install failed: its step's log says why
        emit(f"### Publish\n\nThe build ({args.build_outcome or 'not run'}) stopped before the digests could be "
             f"read: {error}.\n", args.summary_file)
        return 0
    archive, problems = build_archive(args.digests, args.digests.as_posix())
    seconds = time.time() - float(args.started) if args.started else None
    markdown, annotations = publish_markdown(
        archive, problems, fetch=fetch_text(args.fetch_result, args.fetch_line), build_outcome=args.build_outcome,
        seconds=seconds, site=site_size(args.site), today=dt.datetime.now(dt.timezone.utc).date())
    emit(markdown, args.summary_file)
    for line in annotations:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
