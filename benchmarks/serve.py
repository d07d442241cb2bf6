"""`mkdocs serve --dirty`: seconds from saving an edited digest to the edited page being served.

    python benchmarks/serve.py --archive /work/bench/10000/digests --work /tmp/serve-bench --edits 6

Copies the archive into --work (the source stays read-only), starts `mkdocs serve --dirty`
on it with its cache in --work/cache (kept between runs: a second run starts from the
HTML cache, as a developer's serve does), waits for the first build, then edits the
newest digest --edits times (a marker in the first paper's summary, or its title with
--title) and waits each time for the day page to show the marker. Per edit it prints
the wall seconds, the server's CPU seconds (its own and its finished children's, from
/proc), its resident memory after the rebuild, the generator's stages
(<cache>/last-build.json) and MkDocs' own lines from the log; then the median and the
load average. Every edit is a real save that MkDocs' file watcher sees, so the numbers
include its debounce and the browser-side fetch.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import edit_digest, environment, free_port, wait_for  # noqa: E402  (as scale.py's serve rows)

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """The process's CPU time, its own and its waited-for children's (utime stime cutime cstime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--archive", type=Path, required=True, help="digest folder (copied, not edited)")
    parser.add_argument("--work", type=Path, required=True, help="folder for the copy, the cache and the log")
    parser.add_argument("--repo", type=Path, default=ROOT, help="checkout to measure (default: this one)")
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--title", action="store_true", help="edit the first paper's title, not its summary")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between an edit served and the next")
    args = parser.parse_args()
    work = args.work.resolve()
    copy = work / "digests"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(args.archive, copy)
    cache = work / "cache"
    newest = max(copy.glob("*.json"))
    port = free_port()
    url = f"http://127.0.0.1:{port}/days/{newest.stem}/"
    env = {**environment(args.repo.resolve(), copy, cache), "SOURCE_DATE_EPOCH": "1700000000"}
    log_path = work / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(args.repo.resolve() / "mkdocs.yml"),
               "-a", f"127.0.0.1:{port}"]
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)
    rows = []
    try:
        first = wait_for(url, "<article", 3600)
        print(f"first build served after {first:.0f} s; RSS {rss_mb(server.pid):.0f} MB; load {load()}", flush=True)
        time.sleep(args.pause)
        for number in range(1, args.edits + 1):
            lines_before = len(log_path.read_text(errors="replace").splitlines())
            cpu_before = cpu_seconds(server.pid)
            marker = f"Edited{number}x{port}x{time.time_ns()}"
            edit_digest(newest, marker, args.title)
            wall = wait_for(url, marker, 600)
            time.sleep(0.3)  # the log lines after the page is written
            cpu = cpu_seconds(server.pid) - cpu_before
            report = json.loads((cache / "last-build.json").read_text())
            stages = " ".join(f"{stage.split()[0]} {seconds:.2f}" for stage, seconds in report["seconds"].items())
            lines = log_path.read_text(errors="replace").splitlines()[lines_before:]
            mkdocs_line = next((line.split("Documentation built in")[1].strip() for line in lines
                                if "Documentation built in" in line), "?")
            rows.append((wall, cpu))
            print(f"edit {number}: served after {wall:.2f} s, server CPU {cpu:.2f} s, RSS {rss_mb(server.pid):.0f} MB;"
                  f" generator {sum(report['seconds'].values()):.2f} s ({stages}); MkDocs total {mkdocs_line};"
                  f" load {load()}", flush=True)
            time.sleep(args.pause)
    finally:
        server.terminate()
        server.wait(60)
    print(f"median of {len(rows)} edits: served after {statistics.median(w for w, _ in rows):.2f} s, "
          f"server CPU {statistics.median(c for _, c in rows):.2f} s; load {load()}")


if __name__ == "__main__":
    main()
