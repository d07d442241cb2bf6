"""Prints how long related papers take to compute (generator.related), for
synthetic archives made by benchmarks/synthetic.py, or for a digest folder.

    python benchmarks/related_papers.py                     # 10,000 papers
    python benchmarks/related_papers.py --sizes 1000 10000
    python benchmarks/related_papers.py --digests digests   # a real folder

Read and merge are not timed; `related s` is wall time and `cpu s` this
process's CPU time (steadier on a busy machine). Each size is computed twice:
`stable` says whether both runs gave the same answer.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/related_papers.py` from anywhere

from benchmarks.synthetic import write_archive  # noqa: E402
from generator.archive import build_archive  # noqa: E402
from generator.related import RELATED, related_papers  # noqa: E402


def measure(name: str, folder: Path) -> str:
    archive, _ = build_archive(folder)
    wall, cpu = time.perf_counter(), time.process_time()
    related = related_papers(archive)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    stable = related_papers(archive) == related
    full = sum(len(keys) == RELATED for keys in related.values())
    return (f"{name:<18} {len(archive.papers):>8,} {wall:>10.2f} {cpu:>7.2f} {stable!s:>7} "
            f"{100 * full / max(len(related), 1):>11.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N", default=[10_000])
    parser.add_argument("--digests", type=Path, help="a digest folder instead of synthetic archives")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    print(f"{'archive':<18} {'papers':>8} {'related s':>10} {'cpu s':>7} {'stable':>7} {'% with ' + str(RELATED):>11}")
    if args.digests:
        print(measure(args.digests.name, args.digests))
        return
    with tempfile.TemporaryDirectory(prefix="related-bench-") as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"synthetic-{size}"
            write_archive(folder, size, seed=args.seed)
            print(measure(f"synthetic {size:,}", folder), flush=True)


if __name__ == "__main__":
    main()
