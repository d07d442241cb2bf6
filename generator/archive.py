"""Reads every digest in a folder and merges them into one Archive.

The same paper in several digests is one paper: entries share an identity
when they share an arXiv id, or a normalised title (and a title seen with an
arXiv id anywhere in the archive lends that id to its id-less twins).
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import dates
from .model import Archive, Day, Digest, Entry, HfFields, Paper, Summary, newest_first
from .problems import ERROR, DigestError, Problem, ProblemLog, WARNING, quote
from .readers import read_digest
from .readers.text import merge_links

IGNORED_NAMES = re.compile(r"^(\.|_|readme|license)", re.IGNORECASE)


@dataclass(frozen=True)
class ReadResult:
    digests: tuple[Digest, ...]
    problems: tuple[Problem, ...]
    files_read: int
    files_failed: int


MAX_FILE_BYTES = 20_000_000  # a real day is under 200 KB; 283 real days together are 17 MB


def _candidates(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.rglob("*") if (p.is_file() or p.is_symlink())
         and not any(IGNORED_NAMES.match(part) for part in p.relative_to(folder).parts)),
        key=lambda p: p.relative_to(folder).as_posix(),
    )


def is_outside(path: Path, folder: Path) -> bool:
    """A symbolic link whose target is not inside the folder (or does not exist)."""
    try:
        return not path.resolve(strict=True).is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a dangling or looping link
        return True


def digest_files(folder: Path) -> list[Path]:
    """Every digest file below the folder, in a stable order; links that lead outside it are not.
    (rglob does not enter linked folders: only a file itself can be a link.)"""
    return [p for p in _candidates(folder) if p.is_file() and not (p.is_symlink() and is_outside(p, folder))]


def refused_links(folder: Path, label: str) -> list[Problem]:
    """Symbolic links leading out of the digest folder: their text would be published."""
    return [Problem(ERROR, f"{label}/{p.relative_to(folder).as_posix()}" if label else p.relative_to(folder).as_posix(),
                    0, f"a symbolic link to {_target(p)}, outside the digest folder",
                    "digest files inside the folder; link not followed, file not read")
            for p in _candidates(folder) if p.is_symlink() and is_outside(p, folder)]


def _target(link: Path) -> str:
    try:
        return repr(os.readlink(link))
    except OSError:
        return "a file that cannot be read"


def read_file(path: Path, source: str) -> tuple[Digest | None, list[Problem]]:
    digest, problems = _read_file(path, source)
    return digest, sorted(problems, key=lambda p: p.line)


def _read_file(path: Path, source: str) -> tuple[Digest | None, list[Problem]]:
    log = ProblemLog(source)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise log.fail(0, f"a file of {size / 1e6:.1f} MB", f"a digest of at most {MAX_FILE_BYTES // 1_000_000} MB; "
                           "split it into one file per day; not read")
        digest = dates.resolve(read_digest(source, path.read_bytes(), log), log)
    except DigestError as exc:
        return None, log.problems + [exc.problem]
    except OSError as exc:
        return None, log.problems + [log.fail(0, f"a file that cannot be opened ({exc.strerror})",
                                              "a readable digest file").problem]
    except Exception as exc:  # a reader bug must cost one file, not the whole archive
        return None, log.problems + [log.fail(0, f"a reader failure ({type(exc).__name__}: {exc})",
                                              "a readable digest; please report this file").problem]
    return digest, log.problems


FileReader = Callable[[Path, str], "tuple[Digest | None, list[Problem]]"]  # read_file, or a cache of it


def read_folder(folder: Path, label: str | None = None, read: FileReader = read_file) -> ReadResult:
    """Reads each digest on its own: one bad file never stops the others."""
    label = label if label is not None else folder.as_posix()
    digests, problems, failed = [], [], 0
    for path in digest_files(folder):
        source = f"{label}/{path.relative_to(folder).as_posix()}" if label else path.relative_to(folder).as_posix()
        digest, file_problems = read(path, source)
        problems.extend(file_problems)
        if digest is None:
            failed += 1
        else:
            digests.append(digest)
    links = refused_links(folder, label)
    problems.extend(links)
    if not folder.is_dir():
        problems.append(Problem("error", label, 0, "no such folder", "a folder of digest files"))
    return ReadResult(tuple(digests), tuple(problems), len(digests), failed + len(links))


@functools.lru_cache(maxsize=1 << 17)  # every entry's title, several times a build, build after build
def normalise_title(title: str) -> str:
    """Case, punctuation and spacing ignored; a title of symbols only (emoji) is kept as it is,
    so that two such titles never become one paper."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split()) or " ".join(text.split())


def _chronological(digests: tuple[Digest, ...]) -> list[Digest]:
    return sorted(digests, key=lambda d: (d.date is None, d.date or dt.date.min, d.source))


def _identity(entry: Entry, ids_by_title: dict[str, str]) -> str:
    arxiv_id = entry.arxiv_id or ids_by_title.get(normalise_title(entry.title))
    return f"arxiv-{arxiv_id}" if arxiv_id else f"title-{normalise_title(entry.title)}"


def _richness(entry: Entry) -> int:
    return sum(bool(v) for v in (entry.arxiv_id, entry.authors, entry.abstract, entry.published,
                                 entry.upvotes is not None, entry.links, entry.keywords))


def _merge(key: str, entries: list[Entry], days: list[dt.date | None]) -> Paper:
    """One paper from all its entries, keeping the richest value of each field."""
    richest = max(entries, key=_richness)  # max keeps the first of equals
    with_abstract = max(entries, key=lambda e: len(e.abstract))
    if len({normalise_title(e.title) for e in entries}) > 1:  # one arXiv id, two titles: keep them apart
        richest = with_abstract
    upvotes = [e.upvotes for e in entries if e.upvotes is not None]
    counts = [c for e in entries for c in (e.author_count, len(e.authors) or None) if c]
    keywords = dict.fromkeys(k for e in entries for k in e.keywords)
    return Paper(
        key=key,
        title=richest.title,
        abstract=with_abstract.abstract,
        arxiv_id=next((e.arxiv_id for e in entries if e.arxiv_id), None),
        authors=max((e.authors for e in entries), key=len),
        author_count=max(counts) if counts else None,
        organization=next((e.organization for e in entries if e.organization), None),
        published=next((e.published for e in entries if isinstance(e.published, dt.date)), None),
        upvotes=max(upvotes) if upvotes else None,
        links=merge_links(*(e.links for e in entries)),
        keywords=tuple(keywords),
        days=tuple(sorted(set(days), key=lambda d: (d is None, d or dt.date.min))),
        sources=tuple((e.source, e.line) for e in entries),
        **_merge_hf(entries, days),
    )


def _merge_hf(entries: list[Entry], days: list[dt.date | None]) -> dict[str, object]:
    """The latest known value of each HF field (entries are oldest digest first), and the day of the stars."""
    known = [(e.hf, day) for e, day in zip(entries, days) if e.hf]
    latest = {name: next((getattr(hf, name) for hf, _ in reversed(known) if getattr(hf, name) not in (None, "")),
                         getattr(HfFields(), name))
              for name in HfFields.__dataclass_fields__}
    stars_day = next((day for hf, day in reversed(known) if hf.github_stars is not None), None)
    return {"hf": HfFields(**latest), "stars_day": stars_day}


class MergedPapers:
    """The papers of the last merge and the entries they came from: a paper whose entries are the
    same objects (an unchanged digest's, from `stage_caches.ReadCache`) on the same days is the
    same Paper, not merged again (`mkdocs serve`: an edit merges only its digest's papers)."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[list[Entry], list[dt.date | None], Paper]] = {}

    def papers(self, entries: dict[str, list[Entry]], days_of: dict[str, list[dt.date | None]]) -> dict[str, Paper]:
        last, self._last = self._last, {}
        for key, group in entries.items():
            found = last.get(key)
            if not (found is not None and found[1] == days_of[key] and len(found[0]) == len(group)
                    and all(old is new for old, new in zip(found[0], group))):
                found = (group, days_of[key], _merge(key, group, days_of[key]))
            self._last[key] = found
        return {key: found[2] for key, found in self._last.items()}


def merge(digests: tuple[Digest, ...], merged: MergedPapers | None = None
          ) -> tuple[dict[str, Paper], tuple[Day, ...], list[Problem]]:
    ordered = _chronological(digests)
    ids_by_title = {normalise_title(e.title): e.arxiv_id for d in ordered for e in d.entries if e.arxiv_id}
    entries: dict[str, list[Entry]] = {}
    days_of: dict[str, list[dt.date | None]] = {}
    day_keys: dict[dt.date | None, dict[str, None]] = {}
    day_sources: dict[dt.date | None, list[str]] = {}
    problems: list[Problem] = []
    for digest in ordered:
        first_line: dict[str, int] = {}
        for entry in digest.entries:
            key = _identity(entry, ids_by_title)
            if key in first_line:
                problems.append(Problem(WARNING, digest.source, entry.line,
                                        f"{quote(entry.title)} listed again (first at line {first_line[key]})",
                                        "each paper once per digest; the two entries were merged"))
            first_line.setdefault(key, entry.line)
            entries.setdefault(key, []).append(entry)
            days_of.setdefault(key, []).append(digest.date)
            day_keys.setdefault(digest.date, {})[key] = None
        day_sources.setdefault(digest.date, []).append(digest.source)
    problems.extend(_title_conflicts(entries))
    papers = (merged.papers(entries, days_of) if merged is not None
              else {key: _merge(key, group, days_of[key]) for key, group in entries.items()})
    days = tuple(
        Day(date, tuple(day_keys[date]), tuple(day_sources[date]))
        for date in sorted(day_keys, key=newest_first)
    )
    return papers, days, problems


def _title_conflicts(entries: dict[str, list[Entry]]) -> list[Problem]:
    """Entries merged by their arXiv id whose titles differ: one of them carries a wrong id."""
    problems = []
    for key, group in entries.items():
        first: dict[str, Entry] = {}
        for entry in group:
            first.setdefault(normalise_title(entry.title), entry)
        if len(first) > 1:
            one, *others = first.values()
            for other in others:
                problems.append(Problem(WARNING, other.source, other.line,
                                        f"the arXiv id {key.removeprefix('arxiv-')} with the title {quote(other.title)}, "
                                        f"and with {quote(one.title)} at {one.source}:{one.line}",
                                        "one title per arXiv id; merged as one paper, with the title and abstract "
                                        "of one entry"))
    return problems


def build_archive(folder: Path, label: str | None = None, read: FileReader = read_file,
                  merged: MergedPapers | None = None) -> tuple[Archive, list[Problem]]:
    """Reads and merges every digest in the folder; returns the archive and all problems.
    merged: the last build's papers, to merge again only those whose entries changed."""
    result = read_folder(Path(folder), label, read)
    papers, days, merge_problems = merge(result.digests, merged)
    problems = list(result.problems) + merge_problems
    kept = sum(len(d.entries) for d in result.digests)
    skipped = sum(d.skipped for d in result.digests)
    reasons = Counter(p.skip_reason for p in problems if p.skip_reason)
    summary = Summary(
        files_read=result.files_read,
        files_failed=result.files_failed,
        entries_read=kept + skipped,
        entries_kept=kept,
        entries_skipped=skipped,
        distinct_papers=len(papers),
        merged_duplicates=kept - len(papers),
        skip_reasons=tuple(sorted(reasons.items())),
    )
    return Archive(papers, days, summary), problems
