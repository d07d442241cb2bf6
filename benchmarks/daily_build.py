"""The daily publish and the preview, timed on real data.

    python benchmarks/daily_build.py                       # the real corpus (4,015 papers) and 10,000 resampled
    python benchmarks/daily_build.py --papers 10000 --no-serve

For each size: a clean `mkdocs build` (empty cache_dir) of the whole archive, with the
generator's share of it; then the daily publish: the archive without its newest day built
into another cache_dir, the newest day added, and built again with that cache kept but
no site folder, as the Publish workflow builds (the
site it gives is compared byte for byte with the clean build's); then `mkdocs serve
--dirty` on the kept cache: seconds from saving an edited digest to its day page being
served with the edit (median of three). Times are wall seconds and CPU seconds (user +
system, the build's own process), as the machine may be shared: `uptime` is printed too.
Archives other than the real corpus's size come from benchmarks/real_archive.py.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The shared samples sit beside the checkout (/work/shared beside /work/main), also from a worktree.
REAL = next((folder / "shared" / "samples" / "hf-api-real" for folder in ROOT.parents
             if (folder / "shared" / "samples" / "hf-api-real").is_dir()), ROOT.parent / "shared" / "samples" / "hf-api-real")
FIXED_DATE = "1700000000"  # SOURCE_DATE_EPOCH: sitemap dates equal, so whole sites compare


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float
    generator_wall: float
    generator_cpu: float
    pages: int
    rendered: int = 0  # paper and day pages rendered (the rest kept from the cache: generator.page_keys)
    kept: int = 0

    def line(self) -> str:
        return (f"{self.wall:6.1f} s wall, {self.cpu:6.1f} s CPU; generation {self.generator_wall:5.1f} s wall "
                f"({self.generator_wall / self.wall:4.0%}), {self.generator_cpu:5.1f} s CPU "
                f"({self.generator_cpu / self.cpu:4.0%}); peak {self.peak_mb:,.0f} MB; {self.pages:,} pages, "
                f"{self.rendered:,} paper and day pages rendered, {self.kept:,} kept")


def env(digests: Path, cache: Path) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGESTS_DIR": str(digests), "PAPER_ARCHIVE_CACHE": str(cache),
            "SOURCE_DATE_EPOCH": FIXED_DATE, "PYTHONPATH": path}


def build(digests: Path, cache: Path, site: Path) -> Run:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env(digests, cache))
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        sys.exit(output.decode("utf-8", "replace")[-3000:])
    report = json.loads((cache / "last-build.json").read_text(encoding="utf-8"))
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, sum(report["seconds"].values()),
               report.get("cpu_seconds", 0.0), report["pages"], report.get("rendered", 0), report.get("kept", 0))


def same_files(first: Path, second: Path) -> list[str]:
    """The files that differ between two sites (or are in one only)."""
    names = {p.relative_to(root).as_posix() for root in (first, second) for p in root.rglob("*") if p.is_file()}
    return sorted(n for n in names if not (first / n).is_file() or not (second / n).is_file()
                  or (first / n).read_bytes() != (second / n).read_bytes())


def served_after_edit(digests: Path, cache: Path, work: Path, edits: int = 3) -> list[float]:
    """Seconds from saving an edited digest to `mkdocs serve --dirty` serving its day page with the edit."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    newest = max(digests.glob("*.json"))
    url = f"http://127.0.0.1:{port}/days/{newest.stem}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(ROOT / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    with (work / "serve.log").open("wb") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env(digests, cache), cwd=work)
        try:
            shows(url, "<article", 3600)  # the first build is done (the lean shell names no ISO date)
            seconds = []
            for edit in range(edits):
                items = json.loads(newest.read_text(encoding="utf-8"))
                marker = f"EditNumber{edit}x{port}"
                # in the title: a day page's teaser is the AI summary when there is one, not the abstract
                items[0]["paper"]["title"] = items[0]["title"] = f"{marker} {items[0]['paper']['title']}"
                newest.write_text(json.dumps(items, indent=1), encoding="utf-8")
                seconds.append(shows(url, marker, 900))
                time.sleep(1)
            return seconds
        finally:
            server.terminate()
            server.wait(timeout=60)


def shows(url: str, marker: str, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                if marker in response.read().decode("utf-8"):
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit(f"{url} did not show {marker} within {timeout:.0f} s")


def archive(papers: int, work: Path) -> Path:
    folder = work / "digests"
    if any(folder.glob("*.json")):  # kept by an earlier run with --work
        return folder
    if papers == len(list(REAL.glob("*.json"))) or papers == 0:
        shutil.copytree(REAL, folder)
    else:
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "real_archive.py"), str(folder),
                        "--papers", str(papers), "--source", str(REAL)], check=True, stdout=subprocess.DEVNULL)
    return folder


def measure(papers: int, work: Path, serve: bool) -> None:
    digests = archive(papers, work)
    label = f"{papers:,} papers" if papers else "real corpus"
    clean = build(digests, work / "cache-clean", work / "site-clean")
    print(f"{label}: clean build      {clean.line()}", flush=True)
    newest = max(digests.glob("*.json"))
    held = newest.rename(work / newest.name)
    build(digests, work / "cache-daily", work / "site-daily")
    held.rename(newest)
    # As the Publish workflow runs: a fresh checkout with the cache_dir restored, no site/ left over.
    shutil.rmtree(work / "site-daily")
    daily = build(digests, work / "cache-daily", work / "site-daily")
    differ = same_files(work / "site-clean", work / "site-daily")
    print(f"{label}: one more day     {daily.line()}; "
          f"{'byte-identical to the clean build' if not differ else f'{len(differ)} files differ, such as {differ[:3]}'}",
          flush=True)
    if serve:
        seconds = served_after_edit(digests, work / "cache-daily", work)
        print(f"{label}: mkdocs serve     edited digest served again after {statistics.median(seconds):.1f} s "
              f"(median; each: {', '.join(f'{s:.1f}' for s in seconds)})", flush=True)
        log = (work / "serve.log").read_text(encoding="utf-8", errors="replace")
        for rebuild in re.findall(r"paper-archive built .*", log)[-len(seconds):]:
            print(f"{label}: serve rebuild    {rebuild}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", default="0,10000", help="sizes, comma-separated; 0 = the real corpus as it is")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve measurement")
    parser.add_argument("--work", type=Path, help="keep the archives and sites here (default: a temporary folder)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} (1-min average) at start", flush=True)
    for papers in (int(size) for size in args.papers.split(",")):
        work = (args.work / str(papers)) if args.work else Path(tempfile.mkdtemp(prefix=f"daily-{papers}-"))
        work.mkdir(parents=True, exist_ok=True)
        try:
            measure(papers, work, not args.no_serve)
        finally:
            if not args.work:
                shutil.rmtree(work, ignore_errors=True)
        print(f"load {os.getloadavg()[0]:.1f} (1-min average) after {papers:,} papers", flush=True)


if __name__ == "__main__":
    main()
