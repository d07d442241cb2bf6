"""Prints how long the readers take on large and hostile files, medians of a few runs:
real API items (from ../shared/samples/hf-api-real, or the test fixtures) written as one 10 MB
and one 19 MB JSON digest, a 19 MB page copy, a 1.9 MB YAML digest, a 50 MB file (refused by
size), a 700-byte YAML alias bomb and a URL followed by 200,000 `)`.

    python benchmarks/hostile_sizes.py [--samples DIR] [--runs N]
"""
from __future__ import annotations

import argparse
import ast
import json
import statistics
import tempfile
import time
from pathlib import Path

from generator.archive import read_file
from generator.readers.text import find_links

ROOT = Path(__file__).resolve().parent.parent


def real_items(samples: Path) -> list[dict]:
    items = []
    for path in sorted(samples.glob("*.json")):
        items += [v if isinstance(v, dict) else ast.literal_eval(v) for v in json.loads(path.read_text())]
    return items


def repeat_to(text_of, unit: list, size: int) -> str:
    """The text of as many items (repeated if need be) as make about `size` characters."""
    per_item = len(text_of(unit)) / len(unit)
    wanted = int(size / per_item)
    return text_of((unit * (wanted // len(unit) + 1))[:wanted])


def timed(runs: int, action) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=Path, default=ROOT.parent.parent / "shared" / "samples" / "hf-api-real")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    samples = args.samples if args.samples.is_dir() else ROOT / "tests" / "fixtures" / "hf-api"
    items = real_items(samples)
    page_copy = (ROOT / "digests" / "2026-01-08.txt").read_text(encoding="utf-8")
    body = page_copy.split("\n", 6)[-1]
    yaml_paper = ("  - title: Paper {n}\n    abstract: >\n      We study how hand-written digests grow, and read "
                  "every one of them in linear time.\n    authors: [Ada Lovelace, Alan Turing]\n    upvotes: 3\n")
    cases = {
        "JSON 10 MB": ("2025-06-10.json", repeat_to(lambda x: json.dumps(x, indent=1), items, 10_000_000)),
        "JSON 19 MB": ("2025-06-10.json", repeat_to(lambda x: json.dumps(x, indent=1), items, 19_000_000)),
        "page copy 19 MB": ("2026-01-08.txt", page_copy + body * (19_000_000 // len(body))),
        "YAML 1.9 MB": ("2026-01-08.yaml", "date: 2026-01-08\npapers:\n" + "".join(
            yaml_paper.replace("{n}", str(n)) for n in range(1_900_000 // len(yaml_paper)))),
        "50 MB (refused)": ("2025-06-10.json", "[" + " " * 50_000_000 + "]"),
        "YAML alias bomb": ("2026-01-08.yaml", "".join(
            f"{x}: &{x} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
            for p, x in zip([""] + list("abcdefgh"), "abcdefghi")) + "papers:\n  - title: *i\n"),
    }
    print(f"real items: {len(items)} from {samples}")
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, text) in cases.items():
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            seconds, (digest, problems) = timed(args.runs, lambda: read_file(path, name))
            kept = len(digest.entries) if digest else 0
            first = str(problems[0])[:100] if problems and not digest else f"{len(problems)} problems"
            print(f"{label:18} {len(text) / 1e6:6.1f} MB  {seconds:6.2f} s  {kept:7,} papers  {first}")
    seconds, links = timed(args.runs, lambda: find_links("https://github.com/a/b" + ")" * 200_000))
    print(f"{'URL + 200k )':18} {0.2:6.1f} MB  {seconds:6.2f} s  -> {links[0].url}")


if __name__ == "__main__":
    main()
