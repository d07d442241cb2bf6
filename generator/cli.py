"""Command line: `python -m generator check|fetch|build`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import fetch as fetch_module
from .archive import build_archive
from .problems import ERROR, Problem
from .report import archive_json, summary_lines


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="read the digests, print problems and a summary")
    check.add_argument("folder", nargs="?", default="digests", help="digest folder (default: digests)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--json", action="store_true", help="print the merged archive as JSON on stdout")
    fetch = commands.add_parser("fetch", help="download daily-papers API responses into the digest folder")
    fetch_module.add_arguments(fetch)
    return parser


def failed(problems: list[Problem], strict: bool) -> bool:
    return any(p.level == ERROR or strict for p in problems)


def check(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    archive, problems = build_archive(folder, args.folder.rstrip("/"))
    for problem in problems:
        print(problem, file=sys.stderr)
    for line in summary_lines(archive.summary, problems, len(archive.days)):
        print(line, file=sys.stderr)
    if args.json:
        print(archive_json(archive))
    if failed(problems, args.strict):
        print("check failed" + (" (--strict: warnings count as errors)" if args.strict else ""), file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return {"check": check, "fetch": fetch_module.run}[args.command](args)
