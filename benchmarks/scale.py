"""How the build scales on real data: the real corpus (4,015 papers) and archives of 10,000 and
50,000 papers resampled from it (benchmarks/real_archive.py: real items, new ids and days).

    python benchmarks/scale.py                          # 4015, 10000 and 50000 papers (50,000: ~6 min, ~1.3 GB)
    python benchmarks/scale.py --sizes 4015,10000 --json after.json
    python benchmarks/scale.py --baseline before.json   # also prints before -> after for every row
    python benchmarks/scale.py --repo /tmp/old-checkout --json before.json   # measure another checkout
    python benchmarks/scale.py --results small.json --results 50k.json --baseline before.json  # report only
    python benchmarks/scale.py --sizes 10000 --dirty --serve-size 10000      # rebuild and serve timings too

For each size, in a temporary folder removed at the end:
  1. the archive is written (4,015: the real corpus itself; not counted in the build);
  2. a clean `mkdocs build --strict` of the checkout's mkdocs.yml builds it: total = its wall time;
     generator = the seconds the plugin reports in <cache>/last-build.json (its stages);
     MkDocs = total - generator; CPU = user + system time; peak memory = peak RSS;
  3. the site: size, files, HTML pages and bytes by kind (papers, tags, days, other), median paper
     and tag page, the largest page, and the median paper page cut into its parts;
  4. with --cpu-split, `python -m generator build` alone: its CPU time, and so generation's share
     of the build's CPU (wall-time shares mean little on a busy machine); with --dirty,
     `mkdocs build --dirty` again with nothing changed; with --serve-size, the
     `mkdocs serve --dirty` reload time of an edited digest.
Then every target row (pass or not), and the growth from 10,000 to 50,000 papers as ratios.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/scale.py` from anywhere

from benchmarks.real_archive import write_archive  # noqa: E402

MB = 1024 * 1024
KB = 1024
REAL_PAPERS = 4_015  # the real corpus: built from its own folder
DEFAULT_SIZES = (REAL_PAPERS, 10_000, 50_000)
SOURCE_CANDIDATES = (ROOT.parent / "shared" / "samples" / "hf-api-real",  # a checkout beside shared/
                     ROOT.parent.parent / "shared" / "samples" / "hf-api-real")  # a worktree in wt/
KINDS = ("papers", "tags", "days", "topics")  # first URL folder; everything else is "other"
OTHER_FILES = {"search": "search index", "api": "API", "assets": "theme assets", "javascripts": "theme assets",
               "stylesheets": "theme assets"}  # first folder of the files that are not HTML; the rest: feeds etc.


BUILD_REPORT = "last-build.json"  # generator.plugin writes its stage timings there, in the cache folder


def generator_timing(output: str, cache: Path) -> tuple[float, int]:
    """(generator seconds, pages generated): from the plugin's report in the cache folder, or,
    for an older checkout measured with --repo, from its log line; (0, 0) when neither is there."""
    report = cache / BUILD_REPORT
    if report.is_file():
        data = json.loads(report.read_text(encoding="utf-8"))
        return sum(data["seconds"].values()), data["pages"]
    logged = re.search(r"paper-archive built ([\d,]+) pages in ([\d.]+) s", output)
    return (float(logged[2]), int(logged[1].replace(",", ""))) if logged else (0.0, 0)


@dataclass
class Build:
    wall_s: float
    cpu_s: float
    peak_mb: float
    generator_s: float
    pages: int
    tree_peak_mb: float = 0.0  # the build and its forked children together (TreeMemory)


@dataclass
class Result:
    papers: int
    build: Build
    site_mb: float
    files: int
    html_pages: int
    by_kind: dict[str, tuple[int, float]]  # kind -> (pages, MB)
    median_paper_kb: float
    median_tag_kb: float
    largest_kb: float
    largest: str
    paper_parts: dict[str, int]  # part of the median paper page -> bytes
    other_files_mb: dict[str, float] = field(default_factory=dict)  # what is not HTML: group -> MB
    generation_cpu_s: float | None = None  # `python -m generator build` alone (--cpu-split)
    dirty_s: float | None = None
    serve_s: list[float] = field(default_factory=list)

    @property
    def mkdocs_s(self) -> float:
        return self.build.wall_s - self.build.generator_s

    @property
    def generator_share(self) -> float:
        return 100 * self.build.generator_s / self.build.wall_s if self.build.wall_s else 0.0

    @property
    def generation_cpu_share(self) -> float | None:
        """Generation's share of the build's CPU time: what a quiet machine's wall times would show."""
        return None if self.generation_cpu_s is None else 100 * self.generation_cpu_s / self.build.cpu_s

    @classmethod
    def from_json(cls, data: dict) -> "Result":
        data = dict(data)
        data["build"] = Build(**data["build"])
        data["by_kind"] = {kind: tuple(value) for kind, value in data["by_kind"].items()}
        return cls(**data)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def environment(repo: Path, archive: Path, cache: Path) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGESTS_DIR": str(archive), "PAPER_ARCHIVE_CACHE": str(cache),
            "PYTHONPATH": str(repo)}  # the measured checkout only, whatever this shell had


class TreeMemory:
    """The peak memory of a process and its descendants together, sampled every 0.2 s: the sum of
    their proportional set sizes (/proc/PID/smaps_rollup: pages a forked child shares with its
    parent count half to each, so they are not counted twice)."""

    def __init__(self, pid: int):
        self.pid, self.peak_kb = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_kb = max(self.peak_kb, sum(map(_pss_kb, _tree(self.pid))))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


def _tree(pid: int) -> list[int]:
    pids, found = [pid], 0
    while found < len(pids):
        try:
            for task in Path(f"/proc/{pids[found]}/task").iterdir():
                pids += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
        found += 1
    return pids


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    return int(found[1]) if found else 0


def mkdocs_build(repo: Path, archive: Path, cache: Path, site: Path, *extra: str) -> Build:
    command = [sys.executable, "-m", "mkdocs", "build", *extra, "-f", str(repo / "mkdocs.yml"), "-d", str(site)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=environment(repo, archive, cache), cwd=site.parent)
    memory = TreeMemory(process.pid)
    output = process.stdout.read().decode("utf-8", errors="replace")
    _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage
    wall = time.perf_counter() - start
    tree_mb = memory.stop()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{output[-4000:]}")
    generator_s, pages = generator_timing(output, cache)
    return Build(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, generator_s, pages, tree_mb)


# --- what a page is made of ---------------------------------------------------

PARTS = (  # (part, regex of its markup); what no part matches is "rest" (scripts, footer, wrappers)
    ("head", r"<head>.*?</head>"),
    ("header", r"<header.*?</header>"),
    ("tabs", r'<nav class="md-tabs.*?</nav>'),
    ("nav sidebar", r'<div class="md-sidebar md-sidebar--primary.*?(?=<div class="md-sidebar md-sidebar--secondary|'
                    r'<div class="md-content)'),
    ("toc sidebar", r'<div class="md-sidebar md-sidebar--secondary.*?(?=<div class="md-content)'),
    ("article", r"<article.*?</article>"),
)


def page_parts(html: str) -> dict[str, int]:
    """Bytes of each part of a page (UTF-8)."""
    parts, rest = {}, len(html.encode("utf-8"))
    for name, pattern in PARTS:
        found = re.search(pattern, html, re.S)
        size = len(found[0].encode("utf-8")) if found else 0
        parts[name] = size
        rest -= size
    parts["rest"] = rest
    return parts


def median_page(paths: list[Path]) -> Path | None:
    return sorted(paths, key=lambda path: (path.stat().st_size, path))[len(paths) // 2] if paths else None


def kind_of(site: Path, path: Path) -> str:
    first = path.relative_to(site).parts[0]
    return first if first in KINDS else "other"


def site_figures(site: Path) -> dict:
    files = [path for path in site.rglob("*") if path.is_file()]
    html = [path for path in files if path.suffix == ".html"]
    by_kind: dict[str, list[Path]] = {kind: [] for kind in (*KINDS, "other")}
    for path in html:
        by_kind[kind_of(site, path)].append(path)
    other: dict[str, float] = {}
    for path in files:
        if path.suffix != ".html":
            group = OTHER_FILES.get(path.relative_to(site).parts[0], "feeds, sitemap and the rest")
            other[group] = other.get(group, 0.0) + path.stat().st_size / MB
    largest = max(html, key=lambda path: path.stat().st_size)
    paper, tag = median_page(by_kind["papers"]), median_page(by_kind["tags"])
    return dict(
        site_mb=sum(path.stat().st_size for path in files) / MB, files=len(files), html_pages=len(html),
        by_kind={kind: (len(paths), sum(p.stat().st_size for p in paths) / MB) for kind, paths in by_kind.items()},
        median_paper_kb=paper.stat().st_size / KB if paper else 0.0,
        median_tag_kb=tag.stat().st_size / KB if tag else 0.0,
        largest_kb=largest.stat().st_size / KB, largest=largest.relative_to(site).as_posix(),
        paper_parts=page_parts(paper.read_text(encoding="utf-8")) if paper else {},
        other_files_mb=other,
    )


def html_times(site: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}


def generation_cpu(repo: Path, archive: Path, work: Path) -> float:
    """CPU seconds of the generation alone: `python -m generator build` of the archive."""
    command = [sys.executable, "-m", "generator", "build", str(archive), "--out", str(work / "pages"),
               "--site-url", "http://127.0.0.1:8000/", "--cache", str(work / "pages-cache")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=environment(repo, archive, work / "pages-cache"), cwd=repo)
    errors = process.stderr.read().decode("utf-8", errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{errors[-4000:]}")
    return usage.ru_utime + usage.ru_stime


def measure(repo: Path, source: Path, papers: int, work: Path, dirty: bool,
            cpu_split: bool = False) -> tuple[Result, Path, Path]:
    cache, site = work / "cache", work / "site"
    if papers == REAL_PAPERS:
        archive = source
    else:
        archive = work / "archive"
        start = time.perf_counter()
        write_archive(archive, papers, source)
        progress(f"{papers:,} papers: archive resampled from real days in {time.perf_counter() - start:.1f} s")
    progress(f"{papers:,} papers: building (load: {load()})...")
    build = mkdocs_build(repo, archive, cache, site, "--strict")
    result = Result(papers=papers, build=build, **site_figures(site))
    if cpu_split:
        result.generation_cpu_s = generation_cpu(repo, archive, work)
    if dirty:
        result.dirty_s = mkdocs_build(repo, archive, cache, site, "--dirty").wall_s
    return result, archive, cache


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


# --- mkdocs serve -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, marker: str, timeout: float) -> float:
    """Seconds until the page at url contains marker."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and marker in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    sys.exit(f"{url} did not show {marker!r} within {timeout:.0f} s")


def edit_digest(digest: Path, marker: str, title: bool = False) -> None:
    """Puts marker before the first paper's summary (or title) in an API digest, as a save would."""
    items = json.loads(digest.read_text(encoding="utf-8"))
    paper = items[0]["paper"]
    if title:
        paper["title"] = items[0]["title"] = f"{marker} {paper['title']}"
    else:
        paper["summary"] = f"{marker} {paper['summary']}"
    digest.write_text(json.dumps(items, indent=1), encoding="utf-8")


def serve_reloads(repo: Path, archive: Path, cache: Path, work: Path, edits: int = 3) -> list[float]:
    """Seconds from saving an edited digest to the edited page being served, per edit
    (on a copy of the archive: the real corpus is read-only)."""
    copy = work / "served"
    shutil.copytree(archive, copy)
    newest = max(copy.glob("*.json"))
    port = free_port()
    url = f"http://127.0.0.1:{port}/days/{newest.stem}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty",
               "-f", str(repo / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    log = (work / "serve.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment(repo, copy, cache), cwd=work)
    try:
        progress("mkdocs serve --dirty: first build...")
        wait_for(url, newest.stem[:4], timeout=1800)
        times = []
        for edit in range(1, edits + 1):
            marker = f"Edited{edit}x{port}"
            edit_digest(newest, marker)
            times.append(wait_for(url, marker, timeout=600))
            progress(f"mkdocs serve --dirty: edit {edit} shown after {times[-1]:.1f} s")
            time.sleep(1)
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


# --- report -------------------------------------------------------------------

ROWS = (  # (row, value of a result, format); a value of None is shown as "-"
    ("pages generated", lambda r: r.build.pages, "{:,}"),
    ("HTML pages", lambda r: r.html_pages, "{:,}"),
    ("clean build s (generation + MkDocs)", lambda r: r.build.wall_s, "{:.1f}"),
    ("generation s", lambda r: r.build.generator_s, "{:.1f}"),
    ("MkDocs s", lambda r: r.mkdocs_s, "{:.1f}"),
    ("generation share %", lambda r: r.generator_share, "{:.0f}"),
    ("CPU s", lambda r: r.build.cpu_s, "{:.1f}"),
    ("generation alone, CPU s", lambda r: r.generation_cpu_s, "{:.1f}"),
    ("generation share of CPU %", lambda r: r.generation_cpu_share, "{:.0f}"),
    ("peak memory MB", lambda r: r.build.peak_mb, "{:,.0f}"),
    ("peak memory, with forked children MB", lambda r: r.build.tree_peak_mb, "{:,.0f}"),
    ("site MB", lambda r: r.site_mb, "{:,.1f}"),
    ("files", lambda r: r.files, "{:,}"),
    *((f"{kind} pages", lambda r, kind=kind: r.by_kind[kind][0], "{:,}") for kind in (*KINDS, "other")),
    *((f"{kind} pages MB", lambda r, kind=kind: r.by_kind[kind][1], "{:,.1f}") for kind in (*KINDS, "other")),
    *((f"{group} MB", lambda r, group=group: r.other_files_mb.get(group), "{:,.1f}")
      for group in (*dict.fromkeys(OTHER_FILES.values()), "feeds, sitemap and the rest")),
    ("median paper page KB", lambda r: r.median_paper_kb, "{:.1f}"),
    *((f"  of which {part} KB", lambda r, part=part: r.paper_parts.get(part, 0) / KB, "{:.1f}")
      for part in (*(name for name, _ in PARTS), "rest")),
    ("median tag page KB", lambda r: r.median_tag_kb, "{:.1f}"),
    ("largest page KB", lambda r: r.largest_kb, "{:,.0f}"),
    ("2nd build (--dirty) s", lambda r: r.dirty_s, "{:.1f}"),
    ("serve reload s (median)", lambda r: statistics.median(r.serve_s) if r.serve_s else None, "{:.1f}"),
)

TARGETS = (  # (papers, target, value of a result, limit, format)
    (10_000, "clean build ≤ 60 s", lambda r: r.build.wall_s, 60, "{:.1f} s"),
    (10_000, "generation share ≤ 25 %", lambda r: r.generator_share, 25, "{:.0f} %"),
    (10_000, "generation share of CPU ≤ 25 % (--cpu-split)", lambda r: r.generation_cpu_share, 25, "{:.0f} %"),
    (10_000, "site ≤ 120 MB", lambda r: r.site_mb, 120, "{:.1f} MB"),
    (10_000, "median paper page ≤ 6 KB", lambda r: r.median_paper_kb, 6, "{:.1f} KB"),
    (50_000, "clean build ≤ 5 min", lambda r: r.build.wall_s, 300, "{:.1f} s"),
    (50_000, "peak memory ≤ 2 GB (largest process)", lambda r: r.build.peak_mb, 2048, "{:,.0f} MB"),
    (50_000, "peak memory ≤ 2 GB (with forked children)", lambda r: r.build.tree_peak_mb or None, 2048, "{:,.0f} MB"),
    (50_000, "site ≤ 600 MB", lambda r: r.site_mb, 600, "{:,.1f} MB"),
)

GROWTH = (  # (figure, value of a result)
    ("time", lambda r: r.build.wall_s),
    ("site size", lambda r: r.site_mb),
    ("peak memory", lambda r: r.build.peak_mb),
    ("peak memory, with children", lambda r: r.build.tree_peak_mb or None),
    ("largest page", lambda r: r.largest_kb),
)


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("---" if i == 0 else "--:" for i in range(len(rows[0]))) + "|")
    return "\n".join(lines)


def shown(value, form: str) -> str:
    return "-" if value is None else form.format(value)


def timed(result: Result | None, value, form: str) -> str:
    """A target's figure; a build time also as CPU time, which a busy machine inflates less."""
    if result is None:
        return "-"
    figure = shown(value(result), form)
    return f"{figure} (CPU {result.build.cpu_s:.1f} s)" if value(result) == result.build.wall_s else figure


def figures_table(results: list[Result], baseline: dict[int, Result]) -> str:
    """One row per figure, one column per size; with a baseline, `before → after`."""
    rows = [["papers"] + [f"{r.papers:,}" for r in results]]
    for name, value, form in ROWS:
        cells = []
        for r in results:
            after = shown(value(r), form)
            before = baseline.get(r.papers)
            cells.append(f"{shown(value(before), form)} → {after}" if before else after)
        rows.append([name] + cells)
    return markdown_table(rows)


def targets_table(results: list[Result], baseline: dict[int, Result]) -> str:
    by_size = {r.papers: r for r in results}
    rows = [["papers", "target", "before", "now", "status"]]
    for papers, target, value, limit, form in TARGETS:
        now, before = by_size.get(papers), baseline.get(papers)
        status = ("not measured" if now is None or value(now) is None
                  else "met" if value(now) <= limit else "**not met**")
        rows.append([f"{papers:,}", target, timed(before, value, form), timed(now, value, form), status])
    return markdown_table(rows)


def growth_table(results: list[Result], baseline: dict[int, Result], small: int = 10_000, large: int = 50_000) -> str | None:
    """Each figure at `large` papers over the same at `small`; linear growth is large / small."""
    def ratios(found: dict[int, Result]) -> list[str] | None:
        if small not in found or large not in found:
            return None
        return [f"{value(found[large]) / value(found[small]):.2f}" if value(found[small]) and value(found[large]) else "-"
                for _, value in GROWTH]

    now = ratios({r.papers: r for r in results})
    if now is None:
        return None
    rows = [[f"× from {small:,} to {large:,} papers (linear: {large / small:.1f})"] + [name for name, _ in GROWTH]]
    before = ratios(baseline)
    if before:
        rows.append(["before"] + before)
    rows.append(["now"] + now)
    return markdown_table(rows)


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if cpuinfo.exists() else platform.processor()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}")


def report(results: list[Result], baseline: dict[int, Result], loads: list[str]) -> str:
    largest = "; ".join(f"{r.papers:,}: `{r.largest}`" for r in results)
    measured = f" Load average (1, 5, 15 min) before each build: {'; '.join(loads)}." if loads else ""
    lines = [f"Machine: {machine()}.{measured}", "",
             "Clean `mkdocs build --strict` of `mkdocs.yml`"
             + (" (before → after)" if baseline else "") + ":", "", figures_table(results, baseline), "",
             f"Largest page: {largest}.", "", "Targets:", "", targets_table(results, baseline), ""]
    growth = growth_table(results, baseline)
    if growth:
        lines += ["Growth:", "", growth, ""]
    return "\n".join(lines)


def parse_sizes(text: str) -> list[int]:
    return [int(size.replace("_", "")) for size in text.split(",") if size.strip()]


def load_results(paths: list[Path]) -> list[Result]:
    return [Result.from_json(data) for path in paths for data in json.loads(path.read_text(encoding="utf-8"))]


def default_source() -> Path:
    return next((path for path in SOURCE_CANDIDATES if path.is_dir()), SOURCE_CANDIDATES[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, help="papers per archive, comma-separated (default: 4015,10000,50000)")
    parser.add_argument("--source", type=Path, default=default_source(), help="the real API days (default: %(default)s)")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout to build (default: this one)")
    parser.add_argument("--dirty", action="store_true", help="also time `mkdocs build --dirty` with nothing changed")
    parser.add_argument("--cpu-split", action="store_true", help="also run the generation alone (python -m generator "
                        "build) for its CPU time: generation's share of the build's CPU, steadier on a busy machine")
    parser.add_argument("--serve-size", type=int, default=0, help="archive size for the mkdocs serve test (0: skip)")
    parser.add_argument("--json", type=Path, metavar="FILE.json", help="also write the results as JSON (a later baseline)")
    parser.add_argument("--baseline", type=Path, metavar="FILE.json", action="append", default=[],
                        help="results of an earlier run (--json) to compare with; may be given more than once")
    parser.add_argument("--results", type=Path, metavar="FILE.json", action="append", default=[],
                        help="report these runs' results (--json) instead of building; may be given more than once")
    parser.add_argument("--write", type=Path, metavar="FILE.md", help="also write the report as Markdown")
    args = parser.parse_args()
    if not args.source.is_dir():
        sys.exit(f"{args.source}: no such folder (the real API days); give --source")
    sizes = args.sizes or DEFAULT_SIZES
    baseline = {r.papers: r for r in load_results(args.baseline)}

    results, loads = sorted(load_results(args.results), key=lambda r: r.papers), []
    with tempfile.TemporaryDirectory(prefix="paper-archive-scale-") as tmp:
        for papers in [] if args.results else sizes:
            work = Path(tmp) / str(papers)
            work.mkdir()
            loads.append(f"{papers:,}: {load()}")
            result, archive, cache = measure(args.repo.resolve(), args.source, papers, work, args.dirty, args.cpu_split)
            if papers == args.serve_size:
                result.serve_s = serve_reloads(args.repo.resolve(), archive, cache, work)
            results.append(result)
            progress(f"{papers:,} papers: " + ", ".join(f"{name.strip()} {shown(value(result), form)}"
                                                       for name, value, form in ROWS))
            shutil.rmtree(work)  # a 50,000-paper site is most of a gigabyte
            if args.json:  # after every size: a long run interrupted keeps what it measured
                args.json.write_text(json.dumps([asdict(r) for r in results], indent=1) + "\n", encoding="utf-8")
    text = report(results, baseline, loads)
    print(text)
    if args.write:
        command = "python benchmarks/scale.py " + " ".join(sys.argv[1:])
        args.write.write_text(f"# Benchmarks\n\nProduced by `{command.strip()}`.\n\n{text}", encoding="utf-8")


if __name__ == "__main__":
    main()
