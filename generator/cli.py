"""Command line: `python -m generator check|fetch|build`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import fetch as fetch_module
from . import pages
from .archive import build_archive
from .model import Archive
from .pages import DEFAULT_TITLE
from .problems import ERROR, Problem
from .report import archive_json, summary_lines
from .search import FolderCache


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="read the digests, print problems and a summary")
    check.add_argument("folder", nargs="?", default="digests", help="digest folder (default: digests)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--json", action="store_true", help="print the merged archive as JSON on stdout")
    build = commands.add_parser("build", help="write the site's Markdown pages into a folder, no MkDocs needed")
    build.add_argument("folder", nargs="?", default="digests", help="digest folder (default: digests)")
    build.add_argument("--out", required=True, type=Path, help="folder to write the pages into")
    build.add_argument("--topics", type=Path, help="topic rules file (default: the packaged taxonomy)")
    build.add_argument("--title", default=DEFAULT_TITLE, help=f"site title (default: {DEFAULT_TITLE})")
    build.add_argument("--site-url", default="", help="the published site's base URL, for feeds (default: none)")
    build.add_argument("--site-src", type=Path, default=Path("site_src"),
                       help="hand-written pages copied along, if the folder exists (default: site_src)")
    build.add_argument("--cache", type=Path, default=Path(".cache/paper-archive"),
                       help="folder keeping generated pages and search terms between builds (default: .cache/paper-archive)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    fetch = commands.add_parser("fetch", help="download daily-papers API responses into the digest folder")
    fetch_module.add_arguments(fetch)
    return parser


def failed(problems: list[Problem], strict: bool) -> bool:
    return any(p.level == ERROR or strict for p in problems)


def report(archive: Archive, problems: list[Problem], strict: bool, command: str) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    for line in summary_lines(archive.summary, problems, len(archive.days)):
        print(line, file=sys.stderr)
    if failed(problems, strict):
        print(f"{command} failed" + (" (--strict: warnings count as errors)" if strict else ""), file=sys.stderr)
        return 1
    return 0


def check(args: argparse.Namespace) -> int:
    archive, problems = build_archive(Path(args.folder), args.folder.rstrip("/"))
    if args.json:
        print(archive_json(archive))
    return report(archive, problems, args.strict, "check")


def build(args: argparse.Namespace) -> int:
    site_src = args.site_src if args.site_src.is_dir() else None
    result = pages.generate(Path(args.folder), args.out, args.topics, args.title, site_src, args.site_url,
                            FolderCache.in_cache_dir(args.cache))
    stats = result.stats
    print(f"pages: {result.generated} generated + {result.hand_written} hand-written into {args.out}: "
          f"{stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed", file=sys.stderr)
    return report(result.archive, result.problems, args.strict, "build")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return {"check": check, "build": build, "fetch": fetch_module.run}[args.command](args)
