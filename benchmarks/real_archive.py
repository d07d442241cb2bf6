"""Archives made of real daily-papers API days, of any size.

    python benchmarks/real_archive.py OUT_DIR [--papers 10000] [--source ../shared/samples/hf-api-real]

The source folder holds real API responses, one day a file (`YYYY-MM-DD.json`).
Up to its own size the archive is the source itself (its first N papers, in day
order). Beyond that its days are replayed in order, pass after pass, each pass
shifted by a whole number of weeks past the last (so weekdays stay weekdays),
with every item as it is but for its arXiv id and its dates: each copy gets a
new, unique id (also replaced wherever the item repeats it, such as its
thumbnail URL) and its timestamps move by the pass's shift. Nothing else
changes: titles, abstracts, authors, keywords, summaries and upvotes are the
real ones, so costs are those of a real archive, not of synthetic text.
Deterministic: the same source and size give the same files.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "samples" / "hf-api-real"
TIMESTAMP = re.compile(r"""(["'])(\d{4}-\d{2}-\d{2})(T[^"']*)?\1""")
REPR_ID = re.compile(r"""['"]id['"]:\s*['"]([^'"]+)['"]""")  # an item kept as a Python-repr string


def source_days(source: Path = DEFAULT_SOURCE) -> list[tuple[dt.date, str]]:
    """(day, the file's text) for every `YYYY-MM-DD.json` in the source, oldest first."""
    days = []
    for path in sorted(source.glob("*.json")):
        days.append((dt.date.fromisoformat(path.stem), path.read_text(encoding="utf-8")))
    if not days:
        raise SystemExit(f"{source}: no YYYY-MM-DD.json files")
    return days


def _shift_dates(text: str, shift: dt.timedelta) -> str:
    def moved(match: re.Match) -> str:
        try:
            day = dt.date.fromisoformat(match.group(2)) + shift
        except ValueError:
            return match.group(0)
        quote = match.group(1)
        return f"{quote}{day.isoformat()}{match.group(3) or ''}{quote}"
    return TIMESTAMP.sub(moved, text)


def _copy_item(item: dict | str, new_id: str, shift: dt.timedelta) -> dict | str:
    """The item with a new id and moved dates; items are dicts, or (in some real files) repr strings."""
    text = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
    paper = item.get("paper") if isinstance(item, dict) else None
    found = REPR_ID.search(text)
    old_id = str(paper.get("id", "")) if isinstance(paper, dict) else (found.group(1) if found else "")
    if old_id:
        text = text.replace(old_id, new_id)
    text = _shift_dates(text, shift)
    return text if isinstance(item, str) else json.loads(text)


def archive_days(papers: int, source: Path = DEFAULT_SOURCE) -> list[tuple[dt.date, list[dict]]]:
    """The archive's days, oldest first: (day, API items), `papers` items in all."""
    days = source_days(source)
    period = dt.timedelta(weeks=((days[-1][0] - days[0][0]).days // 7) + 1)
    result: list[tuple[dt.date, list[dict]]] = []
    left, serial, copy = papers, 0, 0
    while left > 0:
        shift = period * copy
        for day, text in days:
            if left <= 0:
                break
            items = json.loads(text)[:left]
            if copy:
                new_day = day + shift
                renamed = []
                for item in items:
                    serial += 1
                    renamed.append(_copy_item(item, f"{new_day:%y%m}.{serial % 100_000:05d}", shift))
                items = renamed
            result.append((day + shift, items))
            left -= len(items)
        copy += 1
    return result


def write_archive(out_dir: Path, papers: int, source: Path = DEFAULT_SOURCE) -> int:
    """Writes the archive's days as `YYYY-MM-DD.json` into out_dir; returns the number of days."""
    out_dir.mkdir(parents=True, exist_ok=True)
    days = archive_days(papers, source)
    for day, items in days:
        text = json.dumps(items, ensure_ascii=False, indent=1) + "\n"
        (out_dir / f"{day.isoformat()}.json").write_text(text, encoding="utf-8")
    return len(days)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    count = write_archive(args.out, args.papers, args.source)
    print(f"{args.out}: {args.papers:,} papers in {count:,} days")


if __name__ == "__main__":
    main()
