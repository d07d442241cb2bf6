"""Archive search at 1,000, 10,000 and 50,000 papers, in headless Debian Chromium.

    python benchmarks/search.py                       # 1,000 / 10,000 / 50,000 papers
    python benchmarks/search.py --sizes 1000 10000 --runs 5

For each size, a synthetic archive (benchmarks/synthetic.py) is read, merged
and classified, then:
  index build   every shard's lunr index from scratch (no cache), and again
                with one new day added and the cache of the first build: the
                incremental rebuild a daily update costs;
  browser       the sample site's search page (mkdocs build of digests/) served
                from 127.0.0.1 with the synthetic archive's search/ files, by a
                server that gzips as GitHub Pages does. Per query, in a fresh
                browser context (cold cache): open the page, type the query as
                soon as the page has loaded, and time until the first result
                row shows and until results over the whole archive are
                complete; bytes sent by the server before the first result
                (gzip, as on the wire, and the raw size of the files).
Medians over the queries and runs are printed.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/search.py` from anywhere

from benchmarks.synthetic import write_archive  # noqa: E402
from generator.build import load  # noqa: E402
from generator.pages import search as search_files  # noqa: E402
from generator.enrich import make_site  # noqa: E402
from generator.search import MemoryCache, build_indexes, make_shards  # noqa: E402

QUERIES = ("reinforcement learning", "diffusion", "benchmark for code generation", "speculative decoding")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
COMPRESSIBLE = (".html", ".json", ".js", ".css", ".svg", ".xml", ".txt")
MB = 1e6
# Runs in the page: types the query at once and records when results show and when they are complete.
TYPE_AND_TIME = """(query) => new Promise((resolve) => {
  const list = document.getElementById('pa-search-results');
  const box = document.querySelector('#pa-search input[name=q]');
  const start = performance.now();
  let first = null, firstAt = null;
  new MutationObserver(() => {
    if (first === null && list.children.length) { first = performance.now() - start; firstAt = Date.now(); }
    if (list.dataset.done === 'true' && new URLSearchParams(location.search).get('q') === query)
      resolve({first, firstAt, complete: performance.now() - start,
               total: document.getElementById('pa-search-status').textContent});
  }).observe(list, {childList: true, attributes: true});
  box.value = query;
  box.dispatchEvent(new Event('input', {bubbles: true}));
})"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser asks (as GitHub Pages does); counts bytes sent."""

    sent: list[tuple[float, int, int]] = []  # (epoch ms when sent, bytes on the wire, raw bytes)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().do_GET()
        body = path.read_bytes()
        raw = len(body)
        zipped = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSIBLE
        if zipped:
            body = gzip.compress(body, 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        self.sent.append((time.time() * 1000, len(body), raw))


def index_build(folder: Path) -> tuple[dict[str, str], dict[str, float]]:
    """The archive's search files, and index build times: cold, and after one more day."""
    archive, taxonomy, _ = load(folder)
    site = make_site(archive, taxonomy, "Bench")
    docs = [search_files.search_doc(site, paper) for paper in archive.papers.values()]
    shards = make_shards(docs)
    cache = MemoryCache()
    start = time.perf_counter()
    build_indexes([shard.docs for shard in shards], cache)
    cold = time.perf_counter() - start
    newest = shards[0].docs[0]
    extra = [dataclasses.replace(newest, url=newest.url + "x/", title=newest.title + " again")]
    start = time.perf_counter()
    _, rebuilt = build_indexes([shard.docs for shard in make_shards(docs + extra)], cache)
    incremental = time.perf_counter() - start
    files = search_files.render(site, cache)
    size = sum(len(content.encode("utf-8")) for content in files.values())
    gz = sum(len(gzip.compress(content.encode("utf-8"))) for content in files.values())
    return files, {"papers": len(archive.papers), "shards": len(shards), "cold_s": cold,
                   "incremental_s": incremental, "rebuilt": rebuilt, "index_mb": size / MB, "index_gz_mb": gz / MB}


def sample_site(work: Path) -> Path:
    out = work / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
                   check=True, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                             "DIGESTS_DIR": str(ROOT / "digests")})
    return out


def with_search_files(site: Path, files: dict[str, str], work: Path) -> Path:
    root = work / "served"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(site, root)
    for path in (root / "search").glob("*.json"):
        if path.name != "search_index.json":
            path.unlink()
    for path, content in files.items():
        (root / path).write_text(content, encoding="utf-8")
    return root


def browser_times(root: Path, runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(GzipHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/search/"
    firsts, completes, wire, raw = [], [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(runs):
            for query in QUERIES:
                context = browser.new_context()  # a cold cache each time
                page = context.new_page()
                GzipHandler.sent.clear()
                page.goto(url, wait_until="load")
                timing = page.evaluate(TYPE_AND_TIME, query)
                if timing["first"] is None:
                    raise SystemExit(f"no results for {query!r}: {timing['total']}")
                firsts.append(timing["first"] / 1000)
                completes.append(timing["complete"] / 1000)
                before_first = [(w, r) for at, w, r in GzipHandler.sent if at <= timing["firstAt"]]
                wire.append(sum(w for w, _ in before_first) / MB)
                raw.append(sum(r for _, r in before_first) / MB)
                context.close()
        browser.close()
    server.shutdown()
    return {"first_s": statistics.median(firsts), "first_max_s": max(firsts),
            "complete_s": statistics.median(completes), "complete_max_s": max(completes),
            "wire_mb": statistics.median(wire), "raw_mb": statistics.median(raw)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=3, help="runs of every query per size (default 3)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="search-bench-") as temp:
        work = Path(temp)
        print("building the search page (mkdocs build of digests/)…", file=sys.stderr, flush=True)
        site = sample_site(work)
        for size in args.sizes:
            folder = work / f"archive-{size}"
            print(f"{dt.datetime.now():%H:%M:%S} {size:,} papers: synthetic archive, index, browser…",
                  file=sys.stderr, flush=True)
            write_archive(folder, size)
            files, built = index_build(folder)
            rows.append({**built, **browser_times(with_search_files(site, files, work), args.runs)})
            shutil.rmtree(folder)
    print_table(rows)


def print_table(rows: list[dict[str, float]]) -> None:
    columns = [("papers", "{:,.0f}"), ("shards", "{:.0f}"), ("cold_s", "{:.1f}"), ("incremental_s", "{:.2f}"),
               ("index_mb", "{:.1f}"), ("index_gz_mb", "{:.1f}"), ("wire_mb", "{:.2f}"), ("raw_mb", "{:.2f}"),
               ("first_s", "{:.2f}"), ("first_max_s", "{:.2f}"), ("complete_s", "{:.2f}"), ("complete_max_s", "{:.2f}")]
    print("| " + " | ".join(name for name, _ in columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(fmt.format(row[name]) for name, fmt in columns) + " |")
    print("\ncold_s: all shard indexes built from scratch; incremental_s: rebuilt after one more paper "
          "(only its week); wire_mb/raw_mb: sent before the first result showed (page, assets, manifest, "
          "shards), gzip as GitHub Pages serves, and raw; first_s/complete_s: from typing to the first result "
          "row, and to complete results over the whole archive (median; max over runs).")


if __name__ == "__main__":
    main()
