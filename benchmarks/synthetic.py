"""A synthetic archive: N days x M papers of realistic text, deterministic from a seed.

    python benchmarks/synthetic.py OUT_DIR --papers 10000 [--per-day 30] [--seed 1]

Titles and abstracts are recombined from the sentences of the sample archive
and the API fixtures, so lengths and vocabulary are those of real papers.
About 1 % of papers reappear on a later day, and keywords come from a pool
of a few hundred, as the API's ai_keywords do. Days are written as API JSON.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path

from generator.archive import build_archive

ROOT = Path(__file__).resolve().parent.parent
CORPORA = (ROOT / "digests", ROOT / "tests" / "fixtures" / "hf-api")
FIRST_DAY = dt.date(2023, 1, 2)


def _corpus() -> tuple[list[str], list[str], list[str], list[str]]:
    titles, sentences, keywords, names = [], [], set(), set()
    for folder in CORPORA:
        archive, _ = build_archive(folder)
        for paper in archive.papers.values():
            titles.append(paper.title)
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", paper.abstract) if len(s) > 30]
            keywords.update(k for k in paper.keywords if len(k) < 40)
            names.update(paper.authors)
    return sorted(titles), sorted(sentences), sorted(keywords), sorted(names)


class Synthesiser:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.titles, self.sentences, keywords, self.names = _corpus()
        self.keywords = keywords[:300]

    def title(self) -> str:
        head, tail = self.rng.choice(self.titles), self.rng.choice(self.titles)
        if ":" in head:
            return head.split(":")[0] + ":" + tail.split(":")[-1]
        return f"{head.split(':')[0]} for {tail.split(':')[-1].strip()}"

    def paper(self, number: int, day: dt.date) -> dict:
        rng = self.rng
        abstract = " ".join(rng.sample(self.sentences, rng.randint(5, 10)))
        arxiv_id = f"{day:%y%m}.{number:05d}"
        return {
            "paper": {
                "id": arxiv_id,
                "title": self.title(),
                "summary": abstract,
                "authors": [{"name": n, "hidden": False} for n in rng.sample(self.names, rng.randint(1, 12))],
                "publishedAt": f"{day - dt.timedelta(days=rng.randint(1, 3))}T00:00:00.000Z",
                "submittedOnDailyAt": f"{day}T00:00:00.000Z",
                "upvotes": int(rng.paretovariate(1.2)) - 1,
                "ai_keywords": rng.sample(self.keywords, rng.randint(2, 6)),
                **({"githubRepo": f"https://github.com/example/repo-{number}"} if rng.random() < 0.4 else {}),
            },
        }


def write_archive(out: Path, papers: int, per_day: int = 30, seed: int = 1) -> int:
    """Writes the archive's day files; returns the number of entries written."""
    synth = Synthesiser(seed)
    out.mkdir(parents=True, exist_ok=True)
    written, number, day, earlier = 0, 0, FIRST_DAY, []
    while written < papers:
        items = []
        for _ in range(min(per_day, papers - written)):
            if earlier and synth.rng.random() < 0.01:
                items.append(synth.rng.choice(earlier))  # a paper seen again on a later day
            else:
                number += 1
                items.append(synth.paper(number, day))
                earlier.append(items[-1])
            written += 1
        (out / f"{day}.json").write_text(json.dumps(items, indent=1), encoding="utf-8")
        day += dt.timedelta(days=1)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--per-day", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    count = write_archive(args.out, args.papers, args.per_day, args.seed)
    print(f"wrote {count} entries into {args.out}")


if __name__ == "__main__":
    main()
