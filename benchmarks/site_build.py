"""Prints how long the site takes to build and how big it is, for the sample
archive (digests/) and for synthetic archives (benchmarks/synthetic.py).

    python benchmarks/site_build.py                     # sample + 10,000 papers
    python benchmarks/site_build.py --sizes 1000 10000  # several synthetic sizes
    python benchmarks/site_build.py --papers 2000 --no-sample

For each archive:
  generator  read + merge (generator.archive.build_archive), classify with the
             packaged taxonomy (generator.classify), render every Markdown page
             (generator.pages.render_site): the steps of generator.pages.site_pages,
             timed one by one in this process;
  mkdocs     the full `mkdocs build --strict` of the repository's mkdocs.yml
             and site_src/, in a subprocess, with DIGESTS_DIR pointing the
             plugin at the archive (wall time, and the peak RSS of that process);
  site       HTML pages, total size of the built folder, the search index,
             and the largest HTML page.
Everything is written to a temporary folder, removed at the end.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/site_build.py` from anywhere

from benchmarks.synthetic import write_archive  # noqa: E402
from generator import pages  # noqa: E402
from generator.archive import build_archive  # noqa: E402
from generator.classify import classify, load_taxonomy  # noqa: E402

MB = 1024 * 1024


@dataclass
class Result:
    name: str
    papers: int
    days: int
    read_s: float
    classify_s: float
    render_s: float
    markdown_pages: int
    build_s: float
    peak_rss_mb: float
    html_pages: int
    site_mb: float
    search_mb: float
    largest_kb: float
    largest: str


def generator_times(folder: Path) -> tuple[float, float, float, int, int, int]:
    """(read+merge s, classify s, render s, distinct papers, days, Markdown pages) for a digest
    folder: the steps of generator.pages.load and render_site, timed one by one."""
    start = time.perf_counter()
    archive, _problems = build_archive(folder)
    read = time.perf_counter()
    taxonomy = load_taxonomy(None)
    archive = classify(archive, taxonomy)
    classified = time.perf_counter()
    rendered = pages.render_site(archive, taxonomy)
    done = time.perf_counter()
    markdown = sum(1 for path in rendered if path.endswith(".md"))
    return read - start, classified - read, done - classified, len(archive.papers), len(archive.days), markdown


def mkdocs_build(folder: Path, out: Path, log: Path) -> tuple[float, float]:
    """(wall s, peak RSS MB) of `mkdocs build --strict` of `folder` into `out`."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGESTS_DIR": str(folder.resolve())}
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=out.parent)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, not all children's
        wall = time.perf_counter() - start
    process.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"mkdocs build --strict failed for {folder} (exit {code}):\n"
                 + log.read_text(encoding="utf-8", errors="replace")[-4000:])
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def measure(name: str, folder: Path, work: Path) -> Result:
    read_s, classify_s, render_s, papers, days, markdown = generator_times(folder)
    site = work / f"site-{name}"
    build_s, rss = mkdocs_build(folder, site, work / f"mkdocs-{name}.log")
    html = sorted(site.rglob("*.html"))
    hand_written = sum(1 for path in pages.hand_written(ROOT / "site_src") if path.endswith(".md"))
    if len(html) != markdown + hand_written + 1:  # + 404.html
        sys.exit(f"{name}: {len(html)} HTML pages for {markdown} generated + {hand_written} hand-written "
                 "pages: did mkdocs.yml stop reading DIGESTS_DIR?")
    largest = max(html, key=lambda path: path.stat().st_size)
    search = site / "search" / "search_index.json"
    return Result(
        name=name, papers=papers, days=days, read_s=read_s, classify_s=classify_s, render_s=render_s, markdown_pages=markdown,
        build_s=build_s, peak_rss_mb=rss, html_pages=len(html),
        site_mb=sum(path.stat().st_size for path in site.rglob("*") if path.is_file()) / MB,
        search_mb=search.stat().st_size / MB if search.is_file() else 0.0,
        largest_kb=largest.stat().st_size / 1024, largest=largest.relative_to(site).as_posix(),
    )


COLUMNS = (
    ("archive", "{r.name}"),
    ("papers", "{r.papers:,}"),
    ("days", "{r.days:,}"),
    ("read+merge s", "{r.read_s:.2f}"),
    ("classify s", "{r.classify_s:.2f}"),
    ("render md s", "{r.render_s:.2f}"),
    ("mkdocs build s", "{r.build_s:.1f}"),
    ("peak RSS MB", "{r.peak_rss_mb:,.0f}"),
    ("HTML pages", "{r.html_pages:,}"),
    ("ms/page", "{ms_per_page:.1f}"),
    ("site MB", "{r.site_mb:,.1f}"),
    ("search index MB", "{r.search_mb:,.1f}"),
    ("largest page KB", "{r.largest_kb:,.0f}"),
)


def table(results: list[Result]) -> str:
    rows = [[head for head, _ in COLUMNS]]
    for r in results:
        rows.append([cell.format(r=r, ms_per_page=1000 * r.build_s / r.html_pages) for _, cell in COLUMNS])
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    line = lambda row: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)  # noqa: E731
                                 for i, (c, w) in enumerate(zip(row, widths)))
    out = [line(rows[0]), "  ".join("-" * w for w in widths), *map(line, rows[1:])]
    out += ["", "largest page: " + "; ".join(f"{r.name}: {r.largest}" for r in results)]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N", default=None,
                        help="synthetic archive sizes in papers (default: 10000)")
    parser.add_argument("--papers", type=int, action="append", metavar="N",
                        help="one more synthetic size (repeatable)")
    parser.add_argument("--per-day", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-sample", action="store_true", help="skip the sample archive (digests/)")
    args = parser.parse_args()
    sizes = (args.sizes or []) + (args.papers or []) or [10_000]

    results = []
    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        work = Path(tmp)
        if not args.no_sample:
            print(f"building the sample archive ({ROOT / 'digests'})...", file=sys.stderr, flush=True)
            results.append(measure("sample", ROOT / "digests", work))
        for size in sizes:
            folder = work / f"synthetic-{size}"
            start = time.perf_counter()
            write_archive(folder, size, args.per_day, args.seed)
            print(f"synthetic archive of {size:,} papers written in {time.perf_counter() - start:.1f} s; "
                  "building...", file=sys.stderr, flush=True)
            results.append(measure(f"synthetic {size:,}", folder, work))
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; mkdocs build --strict of "
          f"{ROOT / 'mkdocs.yml'} (per-day {args.per_day}, seed {args.seed})\n")
    print(table(results))


if __name__ == "__main__":
    main()
