"""How well the default taxonomy places real papers, measured on hand labels.

    python benchmarks/classify_quality.py [--labels FILE] [--real DIR] [--taxonomy FILE]
                                          [--errors] [--repeat N] [--only tune|held]

Reads the real HF API days (../shared/samples/hf-api-real) with the project's
reader, classifies every paper with the project's pipeline, and compares the
topics of the hand-labelled papers (benchmarks/topic_labels/labels.yaml, rules
in RULES.md) with their labels. For each split (tune, held) it prints:

  primary recall  share of papers whose primary topic is among the assigned ones
  precision       share of assigned topics that are the primary or acceptable
  other           share of papers given `other`
  topics/paper    assigned topics per paper
  (and the same for the papers of each later sample on their own, as t/s3, h/s3 ...)
  confusions      the most frequent (primary -> wrongly assigned topic) pairs,
                  and (primary -> first topic) where the primary was missed

and the median time (wall and CPU) to classify the whole real archive, in ms per paper.
`--errors` lists the wrongly placed papers of the tune split (never the held
one: that half is for measuring only).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.archive import build_archive  # noqa: E402
from generator.classify import classify  # noqa: E402
from generator.taxonomy import OTHER, load_taxonomy  # noqa: E402

SPLITS = ("tune", "held")
TOP_CONFUSIONS = 8


@dataclass(frozen=True)
class Label:
    key: str  # the archive's paper key, "arxiv-<id>"
    split: str
    title: str
    primary: str
    acceptable: frozenset[str]
    sample: int = 1  # which sample of RULES.md; the later ones are also reported on their own

    @property
    def fine(self) -> frozenset[str]:
        return self.acceptable | {self.primary}


def read_labels(path: Path, slugs: set[str]) -> list[Label]:
    labels = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["papers"]:
        label = Label(
            f"arxiv-{entry['key']}", entry["split"], entry["title"], entry["primary"], frozenset(entry["acceptable"]),
            entry.get("sample", 1),
        )
        unknown = label.fine - slugs
        if unknown or label.split not in SPLITS:
            raise SystemExit(f"{path}: {entry['key']}: unknown topic {sorted(unknown)} or split {label.split!r}")
        labels.append(label)
    return labels


def report(name: str, labels: list[Label], topics: dict[str, tuple[str, ...]]) -> None:
    assigned = [topics[label.key] for label in labels]
    hits = sum(label.primary in found for label, found in zip(labels, assigned))
    total = sum(len(found) for found in assigned)
    right = sum(len(set(found) & label.fine) for label, found in zip(labels, assigned))
    other = sum(found == (OTHER,) for found in assigned)
    n = len(labels)
    print(
        f"{name:5} {n:4} papers  primary recall {hits / n:.3f}  precision {right / total:.3f}  "
        f"other {other / n:.1%}  topics/paper {total / n:.2f}"
    )
    wrong = Counter((label.primary, slug) for label, found in zip(labels, assigned) for slug in found
                    if slug not in label.fine)
    missed = Counter((label.primary, found[0]) for label, found in zip(labels, assigned) if label.primary not in found)
    print("      wrongly assigned:", ", ".join(f"{p}->{s} {c}" for (p, s), c in wrong.most_common(TOP_CONFUSIONS)))
    print("      primary missed:  ", ", ".join(f"{p}->{s} {c}" for (p, s), c in missed.most_common(TOP_CONFUSIONS)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "benchmarks" / "topic_labels" / "labels.yaml")
    parser.add_argument("--real", type=Path, default=ROOT.parent.parent / "shared" / "samples" / "hf-api-real")
    parser.add_argument("--taxonomy", type=Path, default=None, help="a taxonomy file (default: the packaged one)")
    parser.add_argument("--errors", action="store_true", help="list the misplaced papers of the tune split")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs over the whole archive")
    parser.add_argument("--only", choices=SPLITS, help="report one split only (tune while tuning)")
    args = parser.parse_args()

    if not args.real.is_dir():
        args.real = Path("/work/shared/samples/hf-api-real")
    archive, _ = build_archive(args.real)
    taxonomy = load_taxonomy(args.taxonomy)
    labels = read_labels(args.labels, set(taxonomy.slugs))

    wall, cpu = [], []  # CPU time too: the machine is often shared, which stretches wall time
    for _ in range(args.repeat):
        fresh = load_taxonomy(args.taxonomy) if args.taxonomy else taxonomy  # classify() starts a new Classifier: no memo kept
        start, start_cpu = time.perf_counter(), time.process_time()
        result = classify(archive, fresh)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    topics = {key: paper.topics for key, paper in result.papers.items()}
    missing = [label.key for label in labels if label.key not in topics]
    if missing:
        raise SystemExit(f"labelled papers not in {args.real}: {', '.join(missing)}")

    print(f"{len(labels)} labelled papers of {len(archive.papers)} in {args.real}")
    for split in [args.only] if args.only else SPLITS:
        report(split, [label for label in labels if label.split == split], topics)
        for sample in sorted({label.sample for label in labels} - {1}):
            report(f"{split[0]}/s{sample}", [label for label in labels if (label.split, label.sample) == (split, sample)],
                   topics)
    if not args.only:
        report("all", labels, topics)
    ms, ms_cpu = (statistics.median(times) / len(archive.papers) * 1000 for times in (wall, cpu))
    print(f"classify: {ms:.3f} ms per paper, {ms_cpu:.3f} ms CPU (medians of {len(wall)} runs over {len(archive.papers)} papers)")

    if args.errors:
        print("\nmisplaced papers of the tune split (primary; acceptable; assigned):")
        for label in labels:
            found = topics[label.key]
            if label.split == "tune" and (label.primary not in found or set(found) - label.fine):
                acceptable = ",".join(sorted(label.acceptable)) or "-"
                print(f"  {label.key[6:]} {label.title[:70]}\n      {label.primary}; {acceptable}; {','.join(found)}")


if __name__ == "__main__":
    main()
