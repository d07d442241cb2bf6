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
from dataclasses import dataclass, field
from typing import Any

from ..model import ARXIV_ID_RE, Entry, HfFields, Link, RawDigest
from ..problems import ProblemLog, quote
from .text import clean, find_links, link_kind, merge_links, normalise_url

FORMAT = "hf-api"
_EXPECTED_ITEM = 'a paper item: an object (or its Python repr) with a "paper" object holding "title"'


# Archives that save each day as {"status": ..., "date": ..., "count": ..., "data": [items]}: the
# item list is read from the first of these keys that holds a list.
WRAPPER_KEYS = ("data", "papers", "items", "results", "daily_papers")
_EXPECTED_LIST = "a JSON list of paper items (the daily-papers API response)"
_MAX_DIGITS = 4000  # Python refuses to convert longer integers (sys.get_int_max_str_digits)


def _int(text: str) -> int | str:
    """A JSON integer; one too long to convert stays text (its field is then reported as not a number)."""
    return int(text) if len(text) <= _MAX_DIGITS else text


_DECODER = json.JSONDecoder(parse_int=_int)


@dataclass
class Response:
    """The items of a response with the line each starts on, and the wrapper's fields if it had one."""

    items: list[tuple[int, Any]] = field(default_factory=list)
    wrapper: dict[str, Any] = field(default_factory=dict)
    wrapper_line: int = 0
    wrapper_key: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)  # each item's text: (start, end) offsets


class _Scanner:
    """Reads the top level of a JSON response piece by piece, in linear time, with line numbers."""

    def __init__(self, text: str, log: ProblemLog):
        self.text, self.log = text, log
        self.position, self._line, self._counted = 0, 1, 0

    def line(self) -> int:
        self._line += self.text.count("\n", self._counted, self.position)
        self._counted = self.position
        return self._line

    def skip_space(self) -> str:
        text, position = self.text, self.position
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        self.position = position
        return text[position] if position < len(text) else ""

    def value(self, what: str) -> Any:
        try:
            value, self.position = _DECODER.raw_decode(self.text, self.position)
        except ValueError as exc:
            raise self.log.fail(self.line(), f"broken JSON at {what} ({exc.args[0].split(':')[0]})",
                                "a complete JSON list; the file may be cut off") from None
        except RecursionError:
            raise self.log.fail(self.line(), f"JSON nested too deeply at {what}", "a JSON list of paper items") from None
        return value

    def items(self, response: Response) -> None:
        """The list at the current position ("[" ... "]")."""
        self.position += 1
        while True:
            if self.skip_space() == "]":
                self.position += 1
                return
            line, start = self.line(), self.position
            value = self.value(f"item {len(response.items) + 1}")
            response.items.append((line, value))
            response.spans.append((start, self.position))
            following = self.skip_space()
            if following == ",":
                self.position += 1
            elif following != "]":
                raise self.log.fail(self.line(), "text after a list item", "a comma or the closing ] of the list")

    def wrapped(self, response: Response) -> None:
        """An object at the current position: its item list under one of WRAPPER_KEYS."""
        start_line, begin = self.line(), self.position
        try:
            whole, end = _DECODER.raw_decode(self.text, begin)
        except ValueError as exc:
            raise self.log.fail(exc.lineno, f"text that is not JSON ({exc.msg})", "a JSON list of paper items") from None
        except RecursionError:
            raise self.log.fail(start_line, "JSON nested too deeply", "a JSON list of paper items") from None
        key = next((k for k in WRAPPER_KEYS if isinstance(whole.get(k), list)), None)
        if key is None:
            raise self.log.fail(start_line, "a JSON dict", _EXPECTED_LIST)
        self.position = begin + 1  # again, for the items' lines: the object is known to be well formed
        while self.skip_space() != "}":
            name = self.value("a key")
            self.skip_space()
            self.position += 1  # the colon
            self.skip_space()
            if name == key and self.text.startswith("[", self.position):
                if response.wrapper_key:
                    self.log.warn(self.line(), f"a second {quote(key)} list in the object",
                                  "one item list per object; its items are read too")
                response.wrapper_key = key
                self.items(response)
            else:
                self.value(f"the value of {quote(str(name))}")
            if self.skip_space() == ",":
                self.position += 1
        self.position = end
        response.wrapper = {k: v for k, v in whole.items() if k != key}
        response.wrapper_line = start_line


def read_response(text: str, log: ProblemLog) -> Response:
    """Every item of the response; a second JSON document appended to the first is read too, with a warning."""
    scanner, response = _Scanner(text, log), Response()
    if scanner.skip_space() not in ("[", "{"):
        _not_json(text, log)
    documents = 0
    while (start := scanner.skip_space()) != "":
        documents += 1
        if documents > 1:
            if start not in ("[", "{"):
                log.warn(scanner.line(), f"text after the JSON document ({quote(text[scanner.position:], 30)})",
                         "nothing after the JSON list; text ignored")
                break
            log.warn(scanner.line(), "a second JSON document after the first",
                     "one JSON document per file; its items are read too")
        if start == "[":
            scanner.items(response)
        else:
            scanner.wrapped(response)
    return response


def _not_json(text: str, log: ProblemLog) -> None:
    try:
        shape = type(_DECODER.decode(text)).__name__
    except ValueError as exc:
        raise log.fail(getattr(exc, "lineno", 1), f"text that is not JSON ({getattr(exc, 'msg', exc)})",
                       "a JSON list of paper items") from None
    except RecursionError:
        raise log.fail(1, "JSON nested too deeply", "a JSON list of paper items") from None
    raise log.fail(1, f"a JSON {shape}", _EXPECTED_LIST)


def as_item(value: Any) -> dict | None:
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


def iso_day(value: Any) -> dt.date | None:
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
        shown = (f"a number of {len(value)} digits" if isinstance(value, str) and value.isdigit()
                 else f"of type {type(value).__name__} ({quote(str(value), 30)})")
        self.log.warn(self.line, f'"{name}" {shown}',
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
        published=iso_day(paper.get("publishedAt")),
        upvotes=_upvotes(fields.get("upvotes", int), line, log),
        links=merge_links(_declared_links(fields), find_links(abstract)),
        keywords=_keywords(fields.get("ai_keywords", list)),
        featured=_featured_day(item, paper),
        hf=_hf_fields(fields),
    )


def _hf_fields(fields: _Fields) -> HfFields | None:
    """What the HF list shows beside the paper: AI summary, stars, comments, thumbnail, submitter."""
    def count(name: str) -> int | None:
        value = fields.get(name, int, in_item=True)
        if value is not None and value < 0:
            fields.log.warn(fields.line, f'"{name}" {value}', f'"{name}" as a whole number, 0 or more; field left out')
            return None
        return value

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


def _upvotes(upvotes: int | None, line: int, log: ProblemLog) -> int | None:
    if upvotes is not None and upvotes < 0:
        log.warn(line, f'"upvotes" {upvotes}', '"upvotes" as a whole number, 0 or more; field left out')
        return None
    return upvotes


def _featured_day(item: dict, paper: dict) -> dt.date | None:
    """The day the paper was on the daily page: submittedOnDailyAt, else the item's date."""
    return iso_day(paper.get("submittedOnDailyAt")) or iso_day(item.get("publishedAt"))


def read(source: str, text: str, log: ProblemLog) -> RawDigest:
    response = read_response(text, log)
    entries: list[Entry] = []
    featured: Counter[dt.date] = Counter()
    featured_line: dict[dt.date, int] = {}
    skipped = 0
    for line, value in response.items:
        item = as_item(value)
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
    _check_count(response, log)
    if not entries and not skipped:
        raise log.fail(response.wrapper_line or 1, "an empty list",
                       "a daily-papers API response with at least one paper")
    header = min(featured, key=lambda d: (-featured[d], d)) if featured else None
    if header is None and iso_day(response.wrapper.get("date")):
        return RawDigest(source, FORMAT, tuple(entries), iso_day(response.wrapper["date"]), response.wrapper_line, skipped)
    return RawDigest(source, FORMAT, tuple(entries), header, featured_line.get(header, 0), skipped)


def _check_count(response: Response, log: ProblemLog) -> None:
    """A wrapper's "count" must match the items read: a smaller list means papers were lost before."""
    count = response.wrapper.get("count")
    if count is None or not response.wrapper_key:
        return
    if not isinstance(count, int) or isinstance(count, bool) or count != len(response.items):
        log.warn(response.wrapper_line, f'"count" {quote(str(count), 30)} but {len(response.items)} items '
                 f'under {quote(response.wrapper_key)}', '"count" equal to the number of items; '
                 "the file may be incomplete; the items there were read")


def _describe(value: Any) -> str:
    if isinstance(value, str):
        item = as_item(value)
        return f"a string that is not a paper item ({quote(value, 40)})" if item is None else "an item with no paper title"
    if isinstance(value, dict):
        return f"an object without a paper title (keys: {', '.join(sorted(map(str, value))[:6])})"
    return f"a JSON {type(value).__name__}"


def sniff(text: str) -> bool:
    return text.lstrip()[:1] in ("[", "{")
