"""Prints how long reading and merging a digest folder takes (default: the sample archive).

    python benchmarks/read_digests.py [FOLDER] [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from pathlib import Path

from generator.archive import build_archive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", default=Path(__file__).resolve().parent.parent / "digests", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        archive, problems = build_archive(args.folder)
        timings.append(time.perf_counter() - start)
    tracemalloc.start()
    build_archive(args.folder)
    peak = tracemalloc.get_traced_memory()[1]
    size = sum(p.stat().st_size for p in args.folder.rglob("*") if p.is_file())
    summary = archive.summary
    print(f"folder: {args.folder} ({summary.files_read} files, {size / 1e6:.2f} MB)")
    print(f"entries read: {summary.entries_read}, distinct papers: {summary.distinct_papers}, problems: {len(problems)}")
    print(f"read + merge: median {statistics.median(timings) * 1000:.1f} ms, "
          f"min {min(timings) * 1000:.1f} ms over {args.runs} runs; peak Python memory {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
