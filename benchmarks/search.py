"""Archive search on real archives, in headless Debian Chromium, side by side with Pagefind.

    python benchmarks/search.py                                # sample, real corpus, 10,000, 50,000
    python benchmarks/search.py --sizes sample real 10000 --work /tmp/search-bench
    python benchmarks/search.py --sizes real 10000 --index-only  # the index build alone, 3 times

For each archive (the sample in digests/; the real API corpus in
../shared/samples/hf-api-real; archives of N papers resampled from it by
benchmarks/real_archive.py):
  site          `mkdocs build` of the archive (kept in --work and reused: 50,000
                papers take minutes); its search/ files are then rebuilt from this
                checkout, so the site always has the current index;
  index build   the search stage alone, from scratch, and again with one more day
                (a copy of the newest day's papers, a day later) and the cache of
                the first build (on disk; same process, so the stemmer's memo is warm);
                wall and CPU seconds, the load average before; files the new day
                rewrites (new or changed);
  Pagefind      1.5.2 (`pip install --target` into --work, never into the
                environment), over the same built paper pages, no tuning;
  browser       the site served from 127.0.0.1 with gzip (as GitHub Pages serves
                it), after one unmeasured warm-up search. Per query, a fresh browser context (cold cache): open the
                search page, wait for it to load, type the query, and time until
                complete ranked results (records and snippets) show ("listed": until
                the results, before their snippets, show); bytes on the
                wire are the index files fetched (manifest included) and the paper
                pages the snippets are cut from (the search page's own HTML, scripts
                and styles not). Pagefind the same way, in a small
                page calling its API: search, then the data of the top 10.
Prints, per archive, medians and worsts for both and the overlap of the top 10s.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import gc
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/search.py` from anywhere

from benchmarks.real_archive import write_archive  # noqa: E402
from generator.build import load  # noqa: E402
from generator.pages import search as search_files  # noqa: E402
from generator.pages.text import plain  # noqa: E402
from generator.enrich import make_site  # noqa: E402
from generator.search import FolderCache, build  # noqa: E402
from generator.search.docs import oldest_first  # noqa: E402
from generator.search.terms import WORD  # noqa: E402

REAL = ROOT.parent / "shared" / "samples" / "hf-api-real"
if not REAL.is_dir():
    REAL = Path("/work/shared/samples/hf-api-real")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
COMPRESSIBLE = (".html", ".json", ".js", ".css", ".svg", ".xml", ".txt")
PAGEFIND = "pagefind-bin==1.5.2"
# Types the query at once and resolves when complete results are shown.
TYPE_AND_TIME = """(query) => new Promise((resolve) => {
  const list = document.getElementById('pa-search-results');
  const form = document.getElementById('pa-search');
  const done = () => list.dataset.done === 'true' && new URLSearchParams(location.search).get('q') === query;
  list.dataset.done = 'false';
  const start = performance.now();
  let listed = null;  // ms until the ranked results (title and meta) show; snippets follow
  new MutationObserver(() => {
    if (listed === null && list.children.length) listed = performance.now() - start;
    if (done()) resolve({ms: performance.now() - start, listedMs: listed === null ? performance.now() - start : listed, total: document.getElementById('pa-search-status').textContent,
                         urls: [...list.querySelectorAll('.pa-result__title a')].slice(0, 10).map((a) => new URL(a.href).pathname)});
  }).observe(list, {childList: true, attributes: true});
  form.elements.q.value = query;
  form.dispatchEvent(new Event('input', {bubbles: true}));
})"""
FILTER_AND_TIME = TYPE_AND_TIME.replace("form.elements.q.value = query;", "for (const [k, v] of Object.entries(filters)) form.elements[k].value = v;").replace(
    "(query) =>", "([query, filters]) =>").replace("get('q') === query", "get('q') === null")
PAGEFIND_HARNESS = """<!doctype html><meta charset="utf-8"><title>Pagefind</title>
<script type="module">
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
window.runQuery = async (query) => {
  const start = performance.now();
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
  return {ms: performance.now() - start, total: search.results.length, urls: data.map((d) => new URL(d.url, location.href).pathname)};
};
window.pagefindReady = true;
</script>
"""


WORKER_HARNESS = """<!doctype html><meta charset="utf-8"><title>worker memory</title>
<script src="javascripts/vendor/lunr.min.js"></script><script src="javascripts/search-worker.js"></script>
"""
# Runs the worker's code in the page, every query in turn, and samples the JS heap after each (after a GC).
WORKER_MEMORY = """async (cases) => {
  self.postMessage = () => {};
  gc();
  const base = performance.memory.usedJSHeapSize;
  await init(location.origin + "/");
  let peak = 0;
  for (const [i, [query, filters]] of cases.entries()) {
    current = i + 1;
    await search({ id: i + 1, query, filters: { topic: "", tag: "", author: "", from: "", to: "", ...filters }, limit: 10 });
    gc();
    peak = Math.max(peak, performance.memory.usedJSHeapSize - base);
  }
  return peak;
}"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser asks (as GitHub Pages does); logs (path, bytes sent)."""

    sent: list[tuple[str, int]] = []
    zipped: dict[Path, bytes] = {}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().do_GET()
        body = path.read_bytes()
        zipped = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSIBLE
        if zipped:
            body = self.zipped.get(path) or self.zipped.setdefault(path, gzip.compress(body, 6, mtime=0))
        self.send_response(200)
        self.send_header("Content-Type", "application/wasm" if path.name.startswith("wasm") else self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        self.sent.append((urlsplit(self.path).path, len(body)))


def queries(docs, abstracts: list[str]) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, query, filters): common and rare words, several words, an author, an arXiv id,
    prefixes, punctuation, no hits, a topic alone, a date range alone."""
    counts: dict[str, int] = {}
    for abstract in abstracts:
        for word in set(WORD.findall(abstract.lower())):
            counts[word] = counts.get(word, 0) + 1
    rare = min((w for w in counts if len(w) >= 9 and w.isalpha()), key=lambda w: (counts[w], w))
    authors: dict[str, int] = {}
    for doc in docs:
        for name in doc.author_names:
            authors[name] = authors.get(name, 0) + 1
    author = max(authors, key=lambda name: (authors[name], name)) if authors else "Ada Lovelace"
    ids = [doc.arxiv_id for doc in docs if doc.arxiv_id]
    newest = docs[-1].day
    week = (newest - dt.timedelta(days=6)).isoformat(), newest.isoformat()
    found = [("common word", "model", {}), ("common word", "diffusion", {}), ("common word", "quantization", {}),
             ("common word", "benchmark", {}), ("rare word", rare, {}), ("two words", "speculative decoding", {}),
             ("two words", "reinforcement learning", {}), ("two words", "video generation", {}),
             ("three words", "mixture of experts", {}), ("three words", "large language model reasoning", {}),
             ("three words", "vision language action", {}), ("author", author, {}),
             ("prefix", "quant", {}), ("prefix", "specul", {}), ("prefix", "multimodal reaso", {}),
             ("punctuation", '"chain-of-thought" (reasoning)!', {}), ("no hits", "qwxzvkj", {}),
             ("topic alone", "", {"topic": "agents"}), ("date range alone", "", {"from": week[0], "to": week[1]})]
    if ids:
        found.append(("arXiv id", ids[len(ids) // 2], {}))
    return found


def archive_for(size: str, work: Path) -> Path:
    folder = {"sample": ROOT / "digests", "real": REAL}.get(size) or work / f"archive-{size}"
    if not folder.exists():
        write_archive(folder, int(size), REAL)
    return folder


def site_for(size: str, work: Path) -> tuple[Path, Path]:
    """(archive folder, built site), built with mkdocs once and kept in work."""
    folder = archive_for(size, work)
    site = work / f"site-{size}"
    if not (site / "search" / "index.html").is_file():
        print(f"{dt.datetime.now():%H:%M:%S} {size}: mkdocs build…", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                       check=True, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGESTS_DIR": str(folder),
                                                 "PAPER_ARCHIVE_CACHE": str(work / f"cache-{size}"),
                                                 "SITE_URL": "https://example.org/", "PYTHONPATH": str(ROOT)})
    return folder, site


def index_build(folder: Path, site: Path | None) -> tuple[list, list[str], dict[str, float]]:
    """Rebuilds the site's search files with this checkout (none without a site); times a cold build
    and one more day. Returns the docs, the papers' abstracts (for the queries) and the figures."""
    archive, taxonomy, _ = load(folder)
    abstracts = [plain(paper.abstract) for paper in archive.papers.values()]
    built_site = make_site(archive, taxonomy, "Bench")
    docs = oldest_first([search_files.search_doc(built_site, paper) for paper in archive.papers.values()])
    topics = [(slug, built_site.topic_name(slug), f"topics/{slug}/") for slug in built_site.topic_slugs
              if slug in built_site.by_topic]
    tags = [(slug, built_site.tag_label(slug)) for slug in sorted(built_site.by_tag)]
    kept = tempfile.TemporaryDirectory(prefix="search-index-cache-")
    cache = FolderCache(Path(kept.name))  # on disk, as a build's cache_dir keeps it
    load_before = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    files = build(docs, cache, topics, tags).files
    cold, cold_cpu = time.perf_counter() - start, time.process_time() - cpu
    newest = docs[-1].day
    day = [dataclasses.replace(d, url=f"{d.url.rstrip('/')}-again/", arxiv_id="", day=newest + dt.timedelta(days=1))
           for d in docs if d.day == newest]
    start, cpu = time.perf_counter(), time.process_time()
    updated = build(docs + day, cache, topics, tags).files
    one_day, one_day_cpu = time.perf_counter() - start, time.process_time() - cpu
    kept.cleanup()
    rewritten = sum(1 for path, text in updated.items() if files.get(path) != text)
    for old in (site / "search").iterdir() if site else ():
        if old.name not in ("index.html", "search_index.json"):
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    for path, text in files.items() if site else ():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    for script in (ROOT / "site_src" / "javascripts").glob("*.js") if site else ():
        shutil.copy(script, site / "javascripts" / script.name)
    raw = sum(len(text.encode()) for text in files.values())
    return docs, abstracts, {"papers": len(docs), "files": len(files), "index_mb": raw / 1e6, "cold_s": cold, "day_s": one_day,
                  "cold_cpu_s": cold_cpu, "day_cpu_s": one_day_cpu, "build_load": load_before,
                  "day_papers": len(day), "rewritten": rewritten}


def pagefind_index(site: Path, work: Path) -> float:
    """Seconds Pagefind took to index the paper pages (0 if the index was already there)."""
    if (site / "pagefind" / "pagefind.js").is_file():
        return 0.0
    target = work / "pagefind-bin"
    binary = target / "pagefind_bin" / "pagefind"
    if not binary.is_file():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(target), PAGEFIND], check=True)
    start = time.perf_counter()
    subprocess.run([str(binary), "--site", str(site), "--glob", "papers/**/*.html", "--quiet"], check=True)
    return time.perf_counter() - start


def query_cost(path: str) -> bool:
    """Whether a fetch is the query's: an index file, or a paper page read for a snippet."""
    return (path.startswith("/search/") and path.endswith(".json")) or path.startswith("/papers/")


def warm_up(browser, base: str, pagefind: bool) -> None:
    """One unmeasured search (and Pagefind search): the server's gzip cache and the browser's
    first start are the harness's costs, not a reader's (GitHub Pages serves from a warm CDN)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "search/?q=warm+up", wait_until="load")
    page.wait_for_function("document.getElementById('pa-search-results').dataset.done === 'true'")
    if pagefind:
        page.goto(base + "pf-bench.html", wait_until="load")
        page.wait_for_function("window.pagefindReady === true")
        page.evaluate("(q) => window.runQuery(q)", "warm up")
    context.close()


def measure(site: Path, cases, pagefind: bool) -> tuple[list[dict], float]:
    """Per query: ours and Pagefind's figures; and the worker code's peak heap over all queries, MB."""
    from playwright.sync_api import sync_playwright

    (site / "pf-bench.html").write_text(PAGEFIND_HARNESS, encoding="utf-8")
    (site / "worker-bench.html").write_text(WORKER_HARNESS, encoding="utf-8")
    GzipHandler.zipped = {}
    # The server thread shares this process with the archive just indexed: frozen, a collector pass
    # over it cannot stall the server. (At 50,000 papers one query a run still stalls ~1.5 s: not this.)
    gc.collect()
    gc.freeze()
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        warm_up(browser, base, pagefind)
        for kind, query, filters in cases:
            row = {"kind": kind, "query": query or urlencode(filters)}
            context = browser.new_context()  # a cold cache each time
            page = context.new_page()
            GzipHandler.sent.clear()
            page.goto(base + "search/", wait_until="load")
            page.wait_for_function("document.getElementById('pa-search-status').textContent.startsWith('Type words')")
            timing = page.evaluate(FILTER_AND_TIME, [query, filters]) if filters else page.evaluate(TYPE_AND_TIME, query)
            fetched = [n for path, n in GzipHandler.sent if query_cost(path)]
            row.update(ms=timing["ms"], listed_ms=timing["listedMs"], total=timing["total"], urls=timing["urls"], kb=sum(fetched) / 1e3,
                       requests=len(fetched))
            context.close()
            if pagefind and query and not filters:
                context = browser.new_context()
                page = context.new_page()
                GzipHandler.sent.clear()
                page.goto(base + "pf-bench.html", wait_until="load")
                page.wait_for_function("window.pagefindReady === true")
                found = page.evaluate("(q) => window.runQuery(q)", query)
                index_bytes = [n for path, n in GzipHandler.sent if path.startswith("/pagefind/")
                               and not path.endswith(".js") and "wasm" not in path and not path.endswith(".css")]
                overlap = len(set(found["urls"]) & set(row["urls"]))
                row.update(pf_ms=found["ms"], pf_kb=sum(index_bytes) / 1e3, pf_total=found["total"], pf_urls=found["urls"],
                           overlap=overlap if row["urls"] or found["urls"] else None)
                context.close()
            rows.append(row)
        browser.close()
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=[*CHROMIUM_ARGS, "--enable-precise-memory-info", "--js-flags=--expose-gc"])
        page = browser.new_page()
        page.goto(base + "worker-bench.html", wait_until="load")
        peak = page.evaluate(WORKER_MEMORY, [[query, filters] for _, query, filters in cases]) / 1e6
        browser.close()
    server.shutdown()
    gc.unfreeze()
    return rows, peak


def summary(size: str, built: dict, pagefind_s: float, rows: list[dict]) -> dict:
    ms = [r["ms"] for r in rows]
    kb = [r["kb"] for r in rows]
    pf = [r for r in rows if "pf_ms" in r]
    arxiv = [r["kb"] for r in rows if r["kind"] == "arXiv id"]
    overlaps = [r["overlap"] for r in pf if r["overlap"] is not None]
    return {"size": size, **built, "pagefind_index_s": pagefind_s, "queries": len(rows),
            "median_s": statistics.median(ms) / 1000, "worst_s": max(ms) / 1000,
            "listed_median_s": statistics.median(r["listed_ms"] for r in rows) / 1000,
            "listed_worst_s": max(r["listed_ms"] for r in rows) / 1000,
            "median_kb": statistics.median(kb), "worst_kb": max(kb), "arxiv_kb": arxiv[0] if arxiv else None,
            "pf_queries": len(pf),
            "ours_median_s_pf_queries": statistics.median(r["ms"] for r in pf) / 1000 if pf else None,
            "ours_median_kb_pf_queries": statistics.median(r["kb"] for r in pf) if pf else None,
            "pf_median_s": statistics.median(r["pf_ms"] for r in pf) / 1000 if pf else None,
            "pf_worst_s": max(r["pf_ms"] for r in pf) / 1000 if pf else None,
            "pf_median_kb": statistics.median(r["pf_kb"] for r in pf) if pf else None,
            "pf_worst_kb": max(r["pf_kb"] for r in pf) if pf else None,
            "overlap_median": statistics.median(overlaps) if overlaps else None}


def fmt(value, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def print_tables(results: list[tuple[dict, list[dict]]]) -> None:
    print("| archive | papers | index files | index MB | build cold s (CPU s) | +1 day s (CPU s; papers) | load |"
          " files rewritten | median s | worst s | listed median s | listed worst s | median KB | worst KB | arXiv id KB |"
          " worker heap MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s, _ in results:
        print(f"| {s['size']} | {s['papers']:,} | {s['files']:,} | {s['index_mb']:.1f} | {s['cold_s']:.1f} ({s['cold_cpu_s']:.1f}) |"
              f" {s['day_s']:.2f} ({s['day_cpu_s']:.2f}; {s['day_papers']}) | {s['build_load']:.1f} | {s['rewritten']:,} | {s['median_s']:.2f} | {s['worst_s']:.2f} |"
              f" {s['listed_median_s']:.2f} | {s['listed_worst_s']:.2f} |"
              f" {s['median_kb']:.0f} | {s['worst_kb']:.0f} | {fmt(s['arxiv_kb'], '.0f')} | {s['worker_peak_mb']:.1f} |")
    print("\nSide by side with Pagefind 1.5.2 (word queries only: Pagefind has no filters here):\n")
    print("| archive | queries | ours median s | Pagefind median s | Pagefind worst s | ours median KB |"
          " Pagefind median KB | Pagefind worst KB | top-10 overlap (median) | Pagefind index s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for s, _ in results:
        print(f"| {s['size']} | {s['pf_queries']} | {fmt(s['ours_median_s_pf_queries'], '.2f')} | {fmt(s['pf_median_s'], '.2f')} |"
              f" {fmt(s['pf_worst_s'], '.2f')} | {fmt(s['ours_median_kb_pf_queries'], '.0f')} | {fmt(s['pf_median_kb'], '.0f')} |"
              f" {fmt(s['pf_worst_kb'], '.0f')} | {fmt(s['overlap_median'], '.0f')} | {fmt(s['pagefind_index_s'], '.1f')} |")
    for s, rows in results:
        print(f"\n{s['size']} ({s['papers']:,} papers), per query: ours s / KB / requests; Pagefind s / KB; overlap\n")
        print("| kind | query | found | ours s | ours KB | requests | Pagefind s | Pagefind KB | overlap |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['kind']} | {r['query'].replace('|', '/')[:40]} | {r['total'].split(' found')[0][:28]} | {r['ms'] / 1000:.2f} |"
                  f" {r['kb']:.0f} | {r['requests']} | {fmt(r.get('pf_ms', None) and r['pf_ms'] / 1000, '.2f')} |"
                  f" {fmt(r.get('pf_kb'), '.0f')} | {fmt(r.get('overlap'), '.0f')} |")


def index_only(sizes: list[str], work: Path) -> None:
    print("| archive | papers | run | build cold s (CPU s) | +1 day s (CPU s; papers) | load | files | files rewritten |")
    print("|---|---|---|---|---|---|---|---|")
    for size in sizes:
        runs = [index_build(archive_for(size, work), None)[2] for _ in range(3)]
        for run, s in [*enumerate(runs, 1), ("median", {k: statistics.median(r[k] for r in runs) for k in runs[0]})]:
            print(f"| {size} | {s['papers']:,.0f} | {run} | {s['cold_s']:.2f} ({s['cold_cpu_s']:.2f}) |"
                  f" {s['day_s']:.2f} ({s['day_cpu_s']:.2f}; {s['day_papers']:.0f}) | {s['build_load']:.1f} |"
                  f" {s['files']:,.0f} | {s['rewritten']:,.0f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["sample", "real", "10000", "50000"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/search-bench"), help="builds kept here and reused")
    parser.add_argument("--no-pagefind", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--queries", nargs="+", metavar="WORDS",
                        help="only the queries whose kind or text contains one of these (e.g. prefix quant)")
    parser.add_argument("--runs", type=int, default=1, help="browser runs of each query (each run is a row of the per-query table)")
    parser.add_argument("--index-only", action="store_true",
                        help="the index build alone, three times a size (no site, Pagefind or browser)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.index_only:
        return index_only(args.sizes, args.work)
    results = []
    for size in args.sizes:
        folder, site = site_for(size, args.work)
        print(f"{dt.datetime.now():%H:%M:%S} {size}: index build, Pagefind, browser…", file=sys.stderr, flush=True)
        docs, abstracts, built = index_build(folder, site)
        pagefind_s = None if args.no_pagefind else pagefind_index(site, args.work)
        cases = [case for case in queries(docs, abstracts) if not args.queries
                 or any(word in case[0] or word in case[1] for word in args.queries)]
        rows, peak_mb = measure(site, [case for case in cases for _ in range(args.runs)], not args.no_pagefind)
        results.append(({**summary(size, built, pagefind_s, rows), "worker_peak_mb": peak_mb}, rows))
    print(f"load: {os.getloadavg()[0]:.1f} (1 min), {os.cpu_count()} cores\n")
    print_tables(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
