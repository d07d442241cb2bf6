"""Print the topic and tag distribution over the reference digests.

    python benchmarks/classify_quality.py [SHARED_DIR] [--list] [--scale N]

Reads the HF page seeds (text copies) and the HF API samples with a small
self-contained parser (the real readers are not needed for this), classifies
them with the default taxonomy and prints: papers per topic, the share of
`other`, tag counts, and the time to classify the set and a N-times copy.
`--list` also prints every paper with its topics and tags.
"""
from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.classify import classify  # noqa: E402
from generator.taxonomy import load_taxonomy  # noqa: E402
from generator.model import Archive, Link, Paper  # noqa: E402

BOILERPLATE = re.compile(
    r"^(new|subscribe|daily papers|byak and the research community|get trending papers.*"
    r"|[•·].*|\d+ authors?|[A-Z][a-z]{2} \d{1,2}(, \d{4})?( \d+)?)$",
    re.IGNORECASE,
)


def seed_papers(path: Path) -> list[tuple[str, str]]:
    """(title, abstract) pairs from a text copy of an HF daily-papers page."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [re.sub(r"^Subscribe(?=\S)", "", line) for line in lines if line.strip()]
    lines = [line for line in lines if not BOILERPLATE.match(line)]
    pairs: list[tuple[str, str]] = []
    for line in lines:
        if len(line) > 250 and pairs and not pairs[-1][1]:
            pairs[-1] = (pairs[-1][0], line)
        elif len(line) <= 250:
            pairs.append((line, ""))
    return pairs


def api_papers(path: Path) -> list[Paper]:
    papers = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        if isinstance(item, str):
            item = ast.literal_eval(item)
        paper = item["paper"]
        links = (Link("code", paper["githubRepo"]),) if paper.get("githubRepo") else ()
        papers.append(
            Paper(
                key=f"arxiv-{paper['id']}",
                title=" ".join(paper["title"].split()),
                abstract=" ".join(paper["summary"].split()),
                keywords=tuple(paper.get("ai_keywords") or ()),
                links=links,
            )
        )
    return papers


def load_archive(shared: Path) -> Archive:
    papers: dict[str, Paper] = {}
    for seed in sorted((shared / "seeds").glob("*.txt")):
        for title, abstract in seed_papers(seed):
            papers.setdefault(f"title-{title.lower()}", Paper(f"title-{title.lower()}", title, abstract))
    for sample in sorted((shared / "samples" / "hf-api").glob("*.json")):
        for paper in api_papers(sample):
            papers.setdefault(paper.key, paper)
    return Archive(papers=papers, days=())


def scaled(archive: Archive, factor: int) -> Archive:
    papers = {
        f"{key}#{i}": replace(paper, key=f"{key}#{i}")
        for i in range(factor)
        for key, paper in archive.papers.items()
    }
    return Archive(papers=papers, days=())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("shared", nargs="?", default="/work/shared", type=Path)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--scale", type=int, default=25)
    args = parser.parse_args()

    taxonomy = load_taxonomy()
    archive = load_archive(args.shared)
    start = time.perf_counter()
    result = classify(archive, taxonomy)
    elapsed = time.perf_counter() - start
    papers = list(result.papers.values())

    if args.list:
        for paper in papers:
            print(f"{paper.title[:90]}\n    {', '.join(paper.topics)}  |  {', '.join(paper.tags)}")

    topics = Counter(slug for paper in papers for slug in paper.topics)
    print(f"\n{len(papers)} papers, {sum(topics.values()) / len(papers):.2f} topics per paper")
    for topic in taxonomy.topics:
        print(f"  {topic.slug:17} {topics[topic.slug]:4}")
    print(f"  share of other: {topics['other'] / len(papers):.1%}")
    print("  topics per paper:", dict(sorted(Counter(len(p.topics) for p in papers).items())))

    tags = Counter(tag for paper in papers for tag in paper.tags)
    singles = sorted(tag for tag, count in tags.items() if count == 1)
    print(f"\n{len(tags)} distinct tags, {len(singles)} with one paper, "
          f"{sum(tags.values()) / len(papers):.2f} tags per paper")
    print("  most common:", ", ".join(f"{tag} {n}" for tag, n in tags.most_common(40)))
    print("  single-paper:", ", ".join(singles))

    big = scaled(archive, args.scale)
    start = time.perf_counter()
    classify(big, taxonomy)
    big_elapsed = time.perf_counter() - start
    print(f"\nclassify: {len(papers)} papers in {elapsed:.3f} s; "
          f"{len(big.papers)} papers in {big_elapsed:.2f} s")


if __name__ == "__main__":
    main()
