"""Reader for text copies of the Hugging Face Daily Papers page.

Three layouts are known: a header date and per-paper metadata lines
("• 4 authors" / "·" / "Jun 24, 2025 5"); a header date and bare
title/abstract pairs; and no blank lines nor date, the first title glued to
"Subscribe". Titles and abstracts are told apart by shape, not by position,
so a title with no abstract or a stray line does not shift every later pair.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model import Entry, MonthDay, PartialDate, RawDigest
from ..problems import ProblemLog, quote
from .text import clean, find_links

FORMAT = "hf-page"

_PAGE_CHROME = {
    "new",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
    "subscribe",
    "daily papers",
    "byak and the research community",
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_LINE = re.compile(
    r"(?P<month>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?"
    r"(?:\s+(?P<upvotes>\d+|-|\[\s*\d+\s*\]))?"
)
_BULLET = re.compile(r"\s*•\s*(?P<text>.*)")
_AUTHOR_COUNT = re.compile(r"(?P<count>\d+)\s+authors?", re.IGNORECASE)
_SEPARATOR = "·"
MAX_UPVOTE_DIGITS = 9
TOO_MANY = -1  # upvotes with more digits than that: reported, left unknown
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z(\[]")


def looks_like_abstract(line: str, after_title: bool) -> bool:
    """Abstracts run long or read as sentences; titles are short phrases.

    Seen in real copies: titles up to ~150 characters, abstracts from ~400.
    Right after a title, the bar is lower: that is where abstracts stand."""
    if len(line) >= (160 if after_title else 250):
        return True
    sentences = len(_SENTENCE_BREAK.findall(line)) + line.endswith(".")
    if after_title:
        return (line.endswith(".") and len(line) > 40) or (len(line) >= 100 and sentences >= 1)
    return len(line) >= 100 and sentences >= 2


def parse_date_line(line: str) -> tuple[PartialDate | None, int | None] | None:
    """("Jun 24, 2025 5") -> (date, upvotes); None if the line is no date line."""
    match = _DATE_LINE.fullmatch(line.strip())
    if not match or match["month"].lower() not in _MONTHS:
        return None
    month = _MONTHS.index(match["month"].lower()) + 1
    day = int(match["day"])
    try:
        year = int(match["year"]) if match["year"] else 2000  # 2000: a leap year
        date: PartialDate | None = dt.date(year, month, day)
    except ValueError:
        date = None
    if date is not None and not match["year"]:
        date = MonthDay(month, day)
    raw_upvotes = match["upvotes"]
    digits = None if raw_upvotes is None else raw_upvotes.strip("[] ").replace("-", "0") or "0"
    upvotes = None if digits is None else int(digits) if len(digits) <= MAX_UPVOTE_DIGITS else TOO_MANY
    return date, upvotes


@dataclass
class _Draft:
    """An entry being put together; metadata lines may still follow."""

    title: str
    line: int
    abstract: str = ""
    meta: dict = field(default_factory=dict)
    meta_lines: list[str] = field(default_factory=list)  # "bullet", "dot", "date"

    def entry(self, source: str) -> Entry:
        return Entry(title=self.title, source=source, line=self.line,
                     abstract=self.abstract, links=find_links(self.abstract), **self.meta)


class _PageReader:
    def __init__(self, source: str, log: ProblemLog):
        self.source = source
        self.log = log
        self.drafts: list[_Draft] = []
        self.pending: list[tuple[int, str]] = []  # text lines not yet paired
        self.skipped = 0
        self.header_date: PartialDate | None = None
        self.header_line = 0

    def read(self, text: str) -> RawDigest:
        lines = list(enumerate(text.split("\n"), start=1))
        body_start = self._read_preamble(lines)
        for number, raw in lines[body_start:]:
            self._read_line(number, clean(raw))
        self._pair_pending()
        self._check_last_entry()
        entries = tuple(d.entry(self.source) for d in self.drafts)
        return RawDigest(self.source, FORMAT, entries, self.header_date, self.header_line, self.skipped)

    def _read_preamble(self, lines: list[tuple[int, str]]) -> int:
        """Skips the page chrome and reads the header date; returns where entries start."""
        for index, (number, raw) in enumerate(lines):
            line = clean(raw)
            if not line or line.lower() in _PAGE_CHROME:
                continue
            parsed = parse_date_line(line) if self.header_date is None else None
            if parsed and parsed[0] is not None and parsed[1] is None:
                self.header_date, self.header_line = parsed[0], number
                continue
            glued = re.match(r"Subscribe(?=\S)", line)
            if glued:
                lines[index] = (number, line[glued.end():])
            return index
        return len(lines)

    def _read_line(self, number: int, line: str) -> None:
        if not line:
            return
        bullet = _BULLET.fullmatch(line)
        if bullet:
            self._read_meta(number, "bullet", bullet["text"])
        elif line == _SEPARATOR:
            self._read_meta(number, "dot", line)
        elif (parsed := parse_date_line(line)) is not None:
            self._read_meta(number, "date", line, parsed)
        else:
            self.pending.append((number, line))

    def _read_meta(self, number: int, kind: str, text: str, parsed=None) -> None:
        self._pair_pending()
        if not self.drafts:
            self.log.warn(number, f"paper metadata {quote(text)} with no paper above it",
                          "a title and abstract before metadata lines; line ignored")
            return
        draft = self.drafts[-1]
        if kind in draft.meta_lines:
            self.log.warn(number, f"a second {kind} line {quote(text)} for {quote(draft.title)}",
                          "one metadata line of each kind per paper; the first is kept")
            return
        draft.meta_lines.append(kind)
        if kind == "bullet":
            draft.meta.update(_author_fields(text))
        elif kind == "date":
            published, upvotes = parsed
            if published is None:
                self.log.warn(number, f"an impossible date {quote(text)}",
                              "a real calendar date like 'Jun 24, 2025'; publication date left unknown")
            if upvotes == TOO_MANY:
                self.log.warn(number, f"upvotes with more than {MAX_UPVOTE_DIGITS} digits in {quote(text, 30)}",
                              "a vote count; upvotes left unknown")
                upvotes = None
            draft.meta.update(published=published, upvotes=upvotes)

    def _pair_pending(self) -> None:
        """Turns the text lines seen since the last metadata into entries."""
        lines, self.pending = self.pending, []
        index = 0
        while index < len(lines):
            number, line = lines[index]
            if looks_like_abstract(line, after_title=False):
                self._orphan_abstract(number, line)
                index += 1
                continue
            draft = _Draft(title=line, line=number)
            following = lines[index + 1][1] if index + 1 < len(lines) else None
            if following is not None and looks_like_abstract(following, after_title=True):
                draft.abstract = following
                index += 2
            else:
                index += 1
                if following is not None:  # the title at the end of a run is checked later
                    self._warn_no_abstract(draft)
            self.drafts.append(draft)

    def _orphan_abstract(self, number: int, line: str) -> None:
        self.skipped += 1
        self.log.skip(number, f"an abstract-like line with no title above it ({quote(line)})",
                      "a title line before each abstract; entry skipped", "abstract without a title")

    def _warn_no_abstract(self, draft: _Draft) -> None:
        self.log.warn(draft.line, f"the title {quote(draft.title)} with no abstract",
                      "an abstract line after each title; paper kept without an abstract")

    def _check_last_entry(self) -> None:
        """Entries with no abstract, and a last entry whose metadata was cut off."""
        for draft in self.drafts:
            if not draft.abstract and draft.meta_lines:
                self._warn_no_abstract(draft)
        if not self.drafts:
            return
        last = self.drafts[-1]
        if not last.abstract and not last.meta_lines:
            self._warn_no_abstract(last)
        if last.meta_lines and last.meta_lines[-1] != "date":
            self.log.warn(last.line, f"the last entry {quote(last.title)} cut off after its "
                          f"{last.meta_lines[-1]} line", "a publication date line to close the entry; "
                          "paper kept with what was there")


def _author_fields(text: str) -> dict:
    """ "4 authors" -> author_count; anything else is an organisation name."""
    fields: dict = {}
    for part in (p.strip() for p in text.split(_SEPARATOR)):
        count = _AUTHOR_COUNT.fullmatch(part)
        if count and len(count["count"]) <= 6:
            fields["author_count"] = int(count["count"])
        elif part:
            fields["organization"] = part
    return fields


def read(source: str, text: str, log: ProblemLog) -> RawDigest:
    return _PageReader(source, log).read(text)


def sniff(text: str) -> bool:
    """True if the text reads like a copy of the Daily Papers page."""
    head = text[:4000].lower()
    return ("daily papers" in head or "subscribe" in head or "trending papers" in head
            or bool(re.search(r"^\s*•\s*(\d+ authors?|\S)", text[:20000], re.MULTILINE)))
