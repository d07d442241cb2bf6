"""How the build scales: synthetic archives of 1,000, 10,000 and 50,000 papers.

    python benchmarks/scale.py                         # all three sizes (50,000 takes about 15 minutes)
    python benchmarks/scale.py --quick                 # 1,000 and 3,000 papers, a few minutes
    python benchmarks/scale.py --sizes 1000,10000 --serve-size 10000 --write docs/benchmarks.md
    python benchmarks/scale.py --sizes 10000 --serve-size 0 --stages   # where the generator's time goes

For each size, in a temporary folder removed at the end:
  1. benchmarks/synthetic.py writes the archive (not counted in the build);
  2. `mkdocs build --strict` of this repository's mkdocs.yml builds it, clean:
     total = its wall time; generator = the seconds the plugin reports (in
     <cache>/last-build.json) for reading, classifying, rendering and writing
     the pages; MkDocs = total - generator;
     CPU = the process's user + system time (steadier than wall time on a busy
     machine); peak memory = its peak RSS;
  3. the site: size, file count, largest HTML page;
  4. `mkdocs build --dirty` again (not strict: MkDocs warns about any dirty build) with nothing changed: its wall
     time and how many HTML pages it rewrote.
With --stages, the generator's own stages are printed too (wall seconds, as the
plugin reports them: read and merge, classify, enrich, search index, render and write).
For the serve size, `mkdocs serve --dirty` runs on the archive and the newest
digest is edited three times: reload = from saving the file to the edited
day page being served (the server holds requests until its rebuild is done,
as the browser's live reload waits for it).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/scale.py` from anywhere

from benchmarks.synthetic import write_archive  # noqa: E402

MB = 1024 * 1024
BUILD_REPORT = "last-build.json"  # generator.plugin writes it into the cache folder
DEFAULT_SIZES = (1_000, 10_000, 50_000)
QUICK_SIZES = (1_000, 3_000)


@dataclass
class Build:
    wall_s: float
    cpu_s: float
    peak_mb: float
    generator_s: float
    pages: int
    stages: dict[str, float]  # generator stage -> wall seconds


@dataclass
class Result:
    papers: int
    first: Build
    site_mb: float
    files: int
    largest_kb: float
    largest: str
    second_s: float
    rewritten: int

    @property
    def mkdocs_s(self) -> float:
        return self.first.wall_s - self.first.generator_s


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def environment(archive: Path, cache: Path) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGESTS_DIR": str(archive), "PAPER_ARCHIVE_CACHE": str(cache),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def mkdocs_build(archive: Path, cache: Path, site: Path, *extra: str) -> Build:
    command = [sys.executable, "-m", "mkdocs", "build", *extra, "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=environment(archive, cache), cwd=site.parent)
    output = process.stdout.read().decode("utf-8", errors="replace")
    _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{output[-4000:]}")
    report = json.loads((cache / BUILD_REPORT).read_text(encoding="utf-8"))
    stages = report["seconds"]
    return Build(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, sum(stages.values()),
                 report["pages"], stages)


def stage_line(build: Build) -> str:
    return ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in build.stages.items())


def html_times(site: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}


def measure(papers: int, work: Path, per_day: int, seed: int, stages: bool) -> tuple[Result, Path, Path]:
    archive, cache, site = work / f"archive-{papers}", work / f"cache-{papers}", work / f"site-{papers}"
    start = time.perf_counter()
    write_archive(archive, papers, per_day, seed)
    progress(f"{papers:,} papers: synthetic archive written in {time.perf_counter() - start:.1f} s; building...")
    first = mkdocs_build(archive, cache, site, "--strict")
    if stages:
        progress(f"{papers:,} papers: generator stages: {stage_line(first)}")
    progress(f"{papers:,} papers: built in {first.wall_s:.1f} s; building again with --dirty...")
    files = [path for path in site.rglob("*") if path.is_file()]
    largest = max((path for path in files if path.suffix == ".html"), key=lambda path: path.stat().st_size)
    before = html_times(site)
    second = mkdocs_build(archive, cache, site, "--dirty")
    after = html_times(site)
    result = Result(
        papers=papers, first=first,
        site_mb=sum(path.stat().st_size for path in files) / MB, files=len(files),
        largest_kb=largest.stat().st_size / 1024, largest=largest.relative_to(site).as_posix(),
        second_s=second.wall_s, rewritten=sum(1 for path, mtime in after.items() if before.get(path) != mtime),
    )
    return result, archive, cache


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


def serve_reloads(archive: Path, cache: Path, work: Path, edits: int = 3) -> list[float]:
    """Seconds from saving an edited digest to the edited page being served, per edit."""
    newest = max(archive.glob("*.json"))
    port = free_port()
    url = f"http://127.0.0.1:{port}/days/{newest.stem}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty",
               "-f", str(ROOT / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    log = (work / "serve.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment(archive, cache), cwd=work)
    try:
        progress(f"mkdocs serve --dirty: first build of {archive.name}...")
        wait_for(url, newest.stem[:4], timeout=1800)
        times = []
        for edit in range(1, edits + 1):
            items = json.loads(newest.read_text(encoding="utf-8"))
            marker = f"Edited{edit}x{port}"
            items[0]["paper"]["summary"] = f"{marker} {items[0]['paper']['summary']}"
            newest.write_text(json.dumps(items, indent=1), encoding="utf-8")
            times.append(wait_for(url, marker, timeout=600))
            progress(f"mkdocs serve --dirty: edit {edit} shown after {times[-1]:.1f} s")
            time.sleep(1)
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


# --- report -------------------------------------------------------------------

COLUMNS = (  # (heading, value of a result, format)
    ("papers", lambda r: r.papers, "{:,}"),
    ("pages", lambda r: r.first.pages, "{:,}"),
    ("generator s", lambda r: r.first.generator_s, "{:.1f}"),
    ("MkDocs s", lambda r: r.mkdocs_s, "{:.1f}"),
    ("total s", lambda r: r.first.wall_s, "{:.1f}"),
    ("CPU s", lambda r: r.first.cpu_s, "{:.1f}"),
    ("peak memory MB", lambda r: r.first.peak_mb, "{:,.0f}"),
    ("site MB", lambda r: r.site_mb, "{:,.1f}"),
    ("files", lambda r: r.files, "{:,}"),
    ("largest page KB", lambda r: r.largest_kb, "{:,.0f}"),
    ("2nd build (--dirty) s", lambda r: r.second_s, "{:.1f}"),
    ("pages rewritten", lambda r: r.rewritten, "{:,}"),
)


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("---" if i == 0 else "--:" for i in range(len(rows[0]))) + "|")
    return "\n".join(lines)


def tables(results: list[Result]) -> tuple[str, str]:
    figures = [[head for head, _, _ in COLUMNS]]
    figures += [[form.format(value(r)) for _, value, form in COLUMNS] for r in results]
    base = results[0]
    ratios = [[f"× {base.papers:,} papers" if i == 0 else head for i, (head, _, _) in enumerate(COLUMNS)]]
    for r in results:
        ratios.append([f"{r.papers:,}"] + [f"{value(r) / value(base):.1f}" if value(base) else "-"
                                           for _, value, _ in COLUMNS[1:]])
    return markdown_table(figures), markdown_table(ratios)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}")


def report(results: list[Result], reloads: list[float], serve_size: int | None, args: argparse.Namespace) -> str:
    figures, ratios = tables(results)
    largest = "; ".join(f"{r.papers:,}: `{r.largest}`" for r in results)
    lines = [f"Machine: {machine()}.", "",
             f"Synthetic archives: {args.per_day} papers a day, seed {args.seed}; "
             f"`mkdocs build --strict` of `mkdocs.yml`.", "", figures, "", "Largest page: " + largest + ".", "",
             "Each figure relative to the smallest archive:", "", ratios, ""]
    if reloads:
        shown = ", ".join(f"{seconds:.1f}" for seconds in reloads)
        lines += [f"`mkdocs serve --dirty` with {serve_size:,} papers: an edited digest is served "
                  f"{shown} s after saving (three edits).", ""]
    return "\n".join(lines)


def parse_sizes(text: str) -> list[int]:
    return [int(size.replace("_", "")) for size in text.split(",") if size.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, help="papers per archive, comma-separated (default: 1000,10000,50000)")
    parser.add_argument("--quick", action="store_true", help="1,000 and 3,000 papers, serve with 3,000")
    parser.add_argument("--serve-size", type=int, help="archive size for the mkdocs serve test "
                        "(default: 10,000 if measured, else the largest; 0: skip)")
    parser.add_argument("--per-day", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stages", action="store_true", help="also print the generator's stage timings")
    parser.add_argument("--write", type=Path, metavar="FILE.md", help="also write the results as Markdown")
    args = parser.parse_args()
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    serve_size = args.serve_size if args.serve_size is not None else (10_000 if 10_000 in sizes else max(sizes))

    results, reloads = [], []
    with tempfile.TemporaryDirectory(prefix="paper-archive-scale-") as tmp:
        for papers in sizes:
            work = Path(tmp) / str(papers)
            work.mkdir()
            result, archive, cache = measure(papers, work, args.per_day, args.seed, args.stages)
            results.append(result)
            progress(f"{papers:,} papers: " + ", ".join(f"{head} {form.format(value(result))}"
                                                       for head, value, form in COLUMNS[1:]))
            if papers == serve_size:
                reloads = serve_reloads(archive, cache, work)
            shutil.rmtree(work)  # a 50,000-paper site is about a gigabyte
    text = report(results, reloads, serve_size, args)
    print(text)
    if args.write:
        command = "python benchmarks/scale.py " + " ".join(sys.argv[1:])
        args.write.write_text(f"# Benchmarks\n\nProduced by `{command.strip()}`.\n\n{text}", encoding="utf-8")


if __name__ == "__main__":
    main()
