"""Reader for responses of the Hugging Face daily-papers API.

The response is a JSON list of items, each {"paper": {...}, ...}; in some
archived copies each item is a Python-repr string of that dict instead. The
schema drifts: unknown fields are ignored, optional ones may be missing, and a
response shape this reader does not know is an error, never zero papers.
"""
from __future__ import annotations

import ast
import datetime as dt
import json
import re
from collections import Counter
from typing import Any

from ..model import ARXIV_ID_RE, Entry, HfFields, Link, RawDigest
from ..problems import ProblemLog, quote
from .text import clean, find_links, link_kind, merge_links, normalise_url

FORMAT = "hf-api"
_EXPECTED_ITEM = 'a paper item: an object (or its Python repr) with a "paper" object holding "title"'


def _top_level_items(text: str, log: ProblemLog) -> list[tuple[int, Any]]:
    """The response's list items with the line each starts on."""
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip())
    if not text.startswith("[", start):
        try:
            shape = type(json.loads(text)).__name__
        except ValueError as exc:
            raise log.fail(exc.lineno, f"text that is not JSON ({exc.msg})", "a JSON list of paper items")
        except RecursionError:
            raise log.fail(1, "JSON nested too deeply", "a JSON list of paper items") from None
        raise log.fail(1, f"a JSON {shape}", "a JSON list of paper items (the daily-papers API response)")
    items: list[tuple[int, Any]] = []
    position = start + 1
    while True:
        position = _skip_space(text, position)
        if text.startswith("]", position):
            return items
        line = text.count("\n", 0, position) + 1
        try:
            value, position = decoder.raw_decode(text, position)
        except ValueError as exc:
            raise log.fail(line, f"broken JSON at item {len(items) + 1} ({exc.args[0].split(':')[0]})",
                           "a complete JSON list; the file may be cut off")
        except RecursionError:
            raise log.fail(line, f"JSON nested too deeply at item {len(items) + 1}",
                           "a JSON list of paper items") from None
        items.append((line, value))
        position = _skip_space(text, position)
        if text.startswith(",", position):
            position += 1
        elif not text.startswith("]", position):
            raise log.fail(text.count("\n", 0, position) + 1, "text after a list item",
                           "a comma or the closing ] of the list")


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _as_item(value: Any) -> dict | None:
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
    return value if isinstance(value, dict) else None


def _paper_of(item: dict) -> dict | None:
    """The paper object: nested under "paper", or (a flatter drift) the item itself."""
    paper = item.get("paper", item)
    return paper if isinstance(paper, dict) and isinstance(paper.get("title"), str) else None


def _day(value: Any) -> dt.date | None:
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


class _Fields:
    """Typed access to an item's fields: a field of the wrong type is reported and left out."""

    def __init__(self, item: dict, paper: dict, line: int, log: ProblemLog):
        self.item, self.paper, self.line, self.log = item, paper, line, log

    def get(self, name: str, kind: type | tuple[type, ...], in_item: bool = False) -> Any:
        value = self.paper.get(name)
        if value is None and in_item:
            value = self.item.get(name)
        if value is None or (isinstance(value, kind) and not isinstance(value, bool)):
            return value
        self.log.warn(self.line, f'"{name}" of type {type(value).__name__} ({quote(str(value), 30)})',
                      f'"{name}" as {_KIND_NAMES.get(kind, "another type")}; field left out')
        return None


_KIND_NAMES = {str: "text", list: "a list", int: "a whole number", (dict, str): "an object or text"}


def _authors(authors: list | None) -> tuple[str, ...]:
    names = []
    for author in authors or ():
        if isinstance(author, dict) and not author.get("hidden") and isinstance(author.get("name"), str):
            names.append(clean(author["name"]))
        elif isinstance(author, str):
            names.append(clean(author))
    return tuple(name for name in names if name)


def _organization(org: dict | str | None) -> str | None:
    if isinstance(org, dict):
        org = org.get("fullname") or org.get("name")
    return clean(org) if isinstance(org, str) and org.strip() else None


def _declared_links(fields: _Fields) -> tuple[Link, ...]:
    links = []
    for field, kind in (("githubRepo", "code"), ("projectPage", "project")):
        url = fields.get(field, str)
        if url and re.match(r"(https?://)?[\w.-]+\.[a-z]{2,}", url.strip(), re.I):
            url = normalise_url(url)
            links.append(Link(kind if kind == "code" else link_kind(url), url))
    return tuple(links)


def _keywords(words: list | None) -> tuple[str, ...]:
    return tuple(clean(w) for w in words or () if isinstance(w, str) and w.strip())


def _entry(source: str, line: int, item: dict, paper: dict, log: ProblemLog) -> Entry:
    fields = _Fields(item, paper, line, log)
    arxiv_id = fields.get("id", str)
    author_list = fields.get("authors", list)
    authors = _authors(author_list)
    abstract = clean(fields.get("summary", str, in_item=True) or "")
    return Entry(
        title=clean(paper["title"]),
        source=source,
        line=line,
        abstract=abstract,
        arxiv_id=arxiv_id if arxiv_id and ARXIV_ID_RE.fullmatch(arxiv_id) else None,
        authors=authors,
        author_count=len(authors) if author_list is not None else None,
        organization=_organization(fields.get("organization", (dict, str), in_item=True)),
        published=_day(paper.get("publishedAt")),
        upvotes=fields.get("upvotes", int),
        links=merge_links(_declared_links(fields), find_links(abstract)),
        keywords=_keywords(fields.get("ai_keywords", list)),
        featured=_featured_day(item, paper),
        hf=_hf_fields(fields),
    )


def _hf_fields(fields: _Fields) -> HfFields | None:
    """What the HF list shows beside the paper: AI summary, stars, comments, thumbnail, submitter."""
    def count(name: str) -> int | None:
        value = fields.get(name, int, in_item=True)
        return value if value is None or value >= 0 else None

    submitter = fields.get("submittedBy", (dict, str), in_item=True) or fields.get("submittedOnDailyBy", (dict, str))
    thumbnail = fields.get("thumbnail", str, in_item=True)
    found = HfFields(
        ai_summary=clean(fields.get("ai_summary", str) or ""),
        github_stars=count("githubStars"),
        comments=count("numComments"),
        thumbnail=thumbnail.strip() if thumbnail and thumbnail.strip().startswith("https://") else None,
        submitted_by=_organization(submitter),  # a user object has the shape of an organization
    )
    return found if found != HfFields() else None


def _featured_day(item: dict, paper: dict) -> dt.date | None:
    """The day the paper was on the daily page: submittedOnDailyAt, else the item's date."""
    return _day(paper.get("submittedOnDailyAt")) or _day(item.get("publishedAt"))


def read(source: str, text: str, log: ProblemLog) -> RawDigest:
    entries: list[Entry] = []
    featured: Counter[dt.date] = Counter()
    featured_line: dict[dt.date, int] = {}
    skipped = 0
    for line, value in _top_level_items(text, log):
        item = _as_item(value)
        paper = _paper_of(item) if item is not None else None
        if paper is None or not clean(paper["title"]):
            skipped += 1
            log.skip(line, f"{_describe(value)}", _EXPECTED_ITEM + "; item skipped", "not a paper item")
            continue
        entries.append(_entry(source, line, item, paper, log))
        day = entries[-1].featured
        if day:
            featured[day] += 1
            featured_line.setdefault(day, line)
    if not entries and not skipped:
        raise log.fail(1, "an empty list", "a daily-papers API response with at least one paper")
    header = min(featured, key=lambda d: (-featured[d], d)) if featured else None
    return RawDigest(source, FORMAT, tuple(entries), header, featured_line.get(header, 0), skipped)


def _describe(value: Any) -> str:
    if isinstance(value, str):
        item = _as_item(value)
        return f"a string that is not a paper item ({quote(value, 40)})" if item is None else "an item with no paper title"
    if isinstance(value, dict):
        return f"an object without a paper title (keys: {', '.join(sorted(map(str, value))[:6])})"
    return f"a JSON {type(value).__name__}"


def sniff(text: str) -> bool:
    return text.lstrip()[:1] in ("[", "{")
