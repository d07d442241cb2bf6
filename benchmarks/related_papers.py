"""Prints how long related papers take to compute (generator.related), for
synthetic archives made by benchmarks/synthetic.py, or for a digest folder.

    python benchmarks/related_papers.py                     # 10,000 papers
    python benchmarks/related_papers.py --sizes 1000 10000
    python benchmarks/related_papers.py --digests digests   # a real folder
    python benchmarks/related_papers.py --compare ../shared/samples/hf-api-real /work/bench/10000/digests

--compare: for each folder, CPU s uncapped and capped (CANDIDATES), the share of lists
unchanged by the cap, their mean overlap with the uncapped lists, and the similarity lost.

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
from generator.related import CANDIDATES, RELATED, paper_vectors, related_papers  # noqa: E402


def compare(folder: Path, caps: list[int]) -> None:
    """What capping each term's candidates costs in quality, beside what it saves in CPU."""
    archive, _ = build_archive(folder)
    cpu = time.process_time()
    full = related_papers(archive, cap=None)
    print(f"{folder.name}: {len(full):,} papers, uncapped {time.process_time() - cpu:.2f} cpu s")
    vectors = paper_vectors(archive)

    def score(key: str, others: tuple[str, ...]) -> float:
        return sum(sum(w * vectors[j].get(t, 0.0) for t, w in vectors[key].items()) for j in others)

    best = sum(score(key, others) for key, others in full.items())
    for cap in caps:
        cpu = time.process_time()
        got = related_papers(archive, cap=cap)
        cpu = time.process_time() - cpu
        same = sum(got[key] == full[key] for key in full) / len(full)
        overlap = sum(len(set(got[key]) & set(full[key])) for key in full) / len(full)
        lost = best - sum(score(key, others) for key, others in got.items())
        print(f"  cap {cap:>4}: {cpu:.2f} cpu s, {100 * same:.1f} % lists unchanged, overlap {overlap:.2f}/{RELATED}, "
              f"similarity lost {lost / len(full):.4f} per list ({100 * lost / max(best, 1e-9):.2f} %)", flush=True)


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
    parser.add_argument("--compare", type=Path, nargs="+", metavar="FOLDER", help="capped against uncapped lists")
    parser.add_argument("--caps", type=int, nargs="+", default=[50, CANDIDATES])
    args = parser.parse_args()
    if args.compare:
        for folder in args.compare:
            compare(folder, args.caps)
        return
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
