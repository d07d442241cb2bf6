"""Command line: `python -m generator check|fetch|build`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build as pipeline
from . import fetch as fetch_module
from .archive import build_archive
from .build import DEFAULT_TITLE
from .model import Archive
from .problems import ERROR, WARNING, Problem
from .report import archive_json, summary_lines


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
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
    build.add_argument("--thumbnails", action="store_true",
                       help="show the Hugging Face thumbnails on paper pages (third-party images; default: off)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    fetch = commands.add_parser("fetch", help="download daily-papers API responses into the digest folder")
    fetch_module.add_arguments(fetch)
    return top


def failed(problems: list[Problem], strict: bool) -> bool:
    """The publish gate: errors always fail, warnings with --strict; notices never."""
    return any(p.level == ERROR or (strict and p.level == WARNING) for p in problems)


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
    caches = pipeline.Caches.in_cache_dir(args.cache)
    caches.rebuilds = False  # one build in this process
    result = pipeline.build(Path(args.folder), args.out, topics=args.topics, title=args.title, site_url=args.site_url,
                            site_src=site_src, caches=caches,
                            thumbnails=args.thumbnails)
    stats = result.stats
    print(f"pages: {result.generated} generated + {result.hand_written} hand-written into {args.out}: "
          f"{stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed", file=sys.stderr)
    return report(result.archive, result.problems, args.strict, "build")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return {"check": check, "build": build, "fetch": fetch_module.run}[args.command](args)
