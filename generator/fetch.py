"""`python -m generator fetch`: download daily-papers API responses into digests/.

One file per day, `digests/YYYY-MM-DD.json`, holding the API's answer as is.
A body is written only if it reads with no problem through the same reader the
build uses (the site build is strict), and always atomically.
"""
from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import json
import math
import os
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import fetch_batch, fetch_http
from .archive import MAX_FILE_BYTES, digest_files, read_file
from .dates import date_from_name
from .fetch_http import BodyError, NetworkError
from .files import FILE_MODE
from .problems import NOTICE, DigestError, ProblemLog
from .readers import hf_api

DEFAULT_API = "https://huggingface.co/api/daily_papers"
MAX_RETRY_AFTER = 300.0  # seconds; a longer Retry-After is cut to this
PAGE_SIZE = 100  # the API's largest `limit`; it answers 50 papers a page by default
MAX_PAGES = 100  # 10,000 papers a day at most: a server that never ends a day cannot hold us

# Reasons a day is skipped without being an error.
FUTURE = "after today in UTC"
REFUSED = "refused by the API as invalid or future"
EMPTY = "no papers that day"


class FetchError(Exception):
    """One day could not be fetched; the message names the day."""


class Skip(Exception):
    """A day skipped for a normal reason."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


@dataclass
class Tally:
    fetched: int = 0
    present: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    not_tried: int = 0
    requests: int = 0
    paged_days: int = 0  # days that took more than one page

    def summary(self) -> str:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        line = (f"fetched {self.fetched}, already present {self.present}, "
                f"skipped {sum(self.skipped.values())}{f' ({reasons})' if reasons else ''}, "
                f"errors {self.errors}")
        line += f", not tried {self.not_tried}" if self.not_tried else ""
        paged = f", {self.paged_days} days in several pages" if self.paged_days else ""
        return line + f"; {self.requests} requests (pages of {PAGE_SIZE} papers{paged})"


def utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def _number(kind: type, low: float, high: float, what: str) -> Callable[[str], float]:
    """An argparse type: a finite number in [low, high], else a usage error (exit 2), never a traceback."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"not {what}: {text!r} (expected a number from {low:g} to {high:g})")
        return value
    return parse


def parse_api_url(text: str) -> str:
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
        raise argparse.ArgumentTypeError(f"not an API address: {text!r} (expected http:// or https:// and a host)")
    return text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--date", type=parse_day, metavar="YYYY-MM-DD",
                       help="fetch this one day (default: yesterday in UTC, the last complete day)")
    which.add_argument("--since", type=parse_day, metavar="YYYY-MM-DD", help="fetch every day from this one on")
    parser.add_argument("--until", type=parse_day, metavar="YYYY-MM-DD",
                        help="last day for --since (default: yesterday in UTC, or --since if later)")
    parser.add_argument("--by-day", action="store_true",
                        help="ask day by day, even for whole weeks and months (default: one request chain each)")
    parser.add_argument("--out", default="digests", metavar="DIR", help="digest folder (default: digests)")
    parser.add_argument("--api-url", type=parse_api_url, default=DEFAULT_API, metavar="URL",
                        help=f"API address (default: {DEFAULT_API})")
    parser.add_argument("--retries", type=_number(int, 0, 20, "a retry count"), default=4, metavar="N",
                        help="retries after HTTP 429/5xx, 0 to 20 (default: 4)")
    parser.add_argument("--retry-delay", type=_number(float, 0, MAX_RETRY_AFTER, "a delay"), default=2.0,
                        metavar="SECONDS", help="first backoff in seconds, doubled each retry (default: 2)")
    parser.add_argument("--timeout", type=_number(float, 0.001, 3600, "a timeout"), default=30.0, metavar="SECONDS",
                        help="seconds for each request, its whole answer included (default: 30)")


def requested_days(args: argparse.Namespace, today: dt.date) -> list[dt.date]:
    """The days asked for. By default they end yesterday: today's list is still
    growing, and a day once written is never fetched again."""
    yesterday = today - dt.timedelta(days=1)
    if args.until and not args.since:
        raise ValueError("--until needs --since")
    if not args.since:
        return [args.date or yesterday]
    until = args.until or max(yesterday, args.since)
    if until < args.since:
        raise ValueError(f"--until {until} is before --since {args.since}")
    return [args.since + dt.timedelta(days=n) for n in range((until - args.since).days + 1)]


def present_days(folder: Path) -> dict[dt.date, Path]:
    """Days that already have a digest: the day the build files each digest under by its name."""
    days: dict[dt.date, Path] = {}
    for path in digest_files(folder):
        day = date_from_name(path.name)
        if day:
            days.setdefault(day, path)
    return days


@dataclass(frozen=True)
class Download:
    body: bytes
    papers: int
    pages: int
    source: str = ""  # a week or month answer the day was taken from


@dataclass(frozen=True)
class Item:
    key: str  # the arXiv id (or title): one paper once
    text: str  # as the API sent it
    value: object


@dataclass(frozen=True)
class Items:
    first_body: bytes | None  # the answer byte for byte, when it was one page with no repeats
    items: list[Item] | None  # None: not a list of items
    pages: int


def joined(items: list[Item]) -> bytes:
    return ("[" + ",".join(item.text for item in items) + "]").encode("utf-8", "surrogateescape")


@dataclass
class Fetcher:
    api_url: str
    out: Path
    retries: int = 4
    retry_delay: float = 2.0
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0

    def url(self, query: dict[str, str], page: int = 0) -> str:
        separator = "&" if urllib.parse.urlsplit(self.api_url).query else "?"
        return f"{self.api_url}{separator}{urllib.parse.urlencode({**query, 'limit': PAGE_SIZE, 'p': page})}"

    def get(self, url: str, day: dt.date) -> bytes:
        """One page's body, after retrying HTTP 429 and 5xx with exponential backoff."""
        tries = self.retries + 1
        for attempt in range(tries):
            self.requests += 1
            try:
                answer = fetch_http.get(url, self.timeout, MAX_FILE_BYTES)
            except BodyError as exc:
                raise FetchError(f"{day}: error: {exc}; not written") from None
            if 200 <= answer.status < 300:
                return answer.body
            status, body = answer.status, answer.body
            if status in (400, 404):
                raise Skip(REFUSED, f"HTTP {status}{_api_message(body)}")
            if status != 429 and status < 500:
                raise FetchError(f"{day}: error: the API answered HTTP {status}{_api_message(body)}")
            if attempt + 1 < tries:
                self.sleep(_backoff(answer.headers.get("Retry-After"), self.retry_delay * 2 ** attempt))
        raise FetchError(f"{day}: error: the API answered HTTP {status} {tries} times{_api_message(body)}")

    def items(self, day: dt.date, query: dict[str, str]) -> Items:
        """Every page of an answer: pages of PAGE_SIZE until a short or empty one, each paper once (by id)."""
        target = self.out / f"{day}.json"
        kept: list[Item] = []
        seen: set[str] = set()
        first = b""
        for page in range(MAX_PAGES):
            body = self.get(self.url(query, page), day)
            first = first or body
            items = _page_items(body, target)
            if items is None:  # not a list of items: validated (and refused) as the day's answer
                return Items(body, None, page + 1)
            new = [item for item in items if item.key not in seen]
            seen.update(item.key for item in new)
            kept += new
            if len(items) < PAGE_SIZE or not new:
                break
        else:
            raise FetchError(f"{day}: error: more than {MAX_PAGES} pages of {PAGE_SIZE} papers; not written")
        return Items(first if page == 0 and len(kept) == len(items) else None, kept, page + 1)

    def download(self, day: dt.date) -> Download:
        """The day's answer: one page byte for byte; several joined into one list of their items as sent."""
        items = self.items(day, {"date": day.isoformat()})
        if items.items is None or items.first_body is not None:
            return Download(items.first_body, len(items.items or ()), items.pages)
        return Download(joined(items.items), len(items.items), items.pages)

    def fetch(self, day: dt.date, download: Download | None = None) -> tuple[Path, Download]:
        """Downloads (unless given the day's answer), validates and writes one day; raises Skip or FetchError."""
        download = download or self.download(day)
        if _is_empty_list(download.body):
            raise Skip(EMPTY, "the API answered an empty list")
        return self.write(day, download.body), download

    def write(self, day: dt.date, body: bytes) -> Path:
        """Validates the body and moves it into place whole, or leaves nothing behind."""
        target = self.out / f"{day}.json"
        temp: Path | None = None
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            # A leading dot: the build ignores the temp file, even one left by a killed process.
            handle, temp_name = tempfile.mkstemp(dir=self.out, prefix=f".{day}.", suffix=".tmp")
            temp = Path(temp_name)
            with os.fdopen(handle, "wb") as stream:
                os.fchmod(stream.fileno(), FILE_MODE)  # mkstemp's 0600 would hide the digest from others
                stream.write(body)
                stream.flush()
                os.fsync(stream.fileno())
            _validate(day, temp, target)
            os.replace(temp, target)
        except OSError as exc:
            raise FetchError(f"{day}: error: cannot write {target.as_posix()}: {exc.strerror or exc}") from None
        finally:
            if temp is not None:
                temp.unlink(missing_ok=True)
        return target


def _validate(day: dt.date, temp: Path, target: Path) -> None:
    digest, problems = read_file(temp, target.as_posix())
    problems = [p for p in problems if p.level != NOTICE]  # notices never fail a strict build
    if problems or digest is None:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        first = str(problems[0]) if problems else "no digest"
        raise FetchError(f"{day}: error: malformed response, not written: {first}{more}")


def _page_items(body: bytes, target: Path) -> list[Item] | None:
    """Each item of a page; None if the page is not a JSON list of items."""
    text = body.decode("utf-8", "surrogateescape").lstrip("\ufeff")
    try:
        response = hf_api.read_response(text, ProblemLog(target.as_posix()))
    except DigestError:
        return None
    if response.wrapper_key:
        return None
    items = []
    for (_, value), (start, end) in zip(response.items, response.spans):
        item = hf_api.as_item(value)
        paper = item.get("paper", item) if item else None
        key = paper.get("id") or paper.get("title") if isinstance(paper, dict) else None
        items.append(Item(str(key) if key else text[start:end], text[start:end], item))
    return items


def _is_empty_list(body: bytes) -> bool:
    try:
        return json.loads(body) == []
    except ValueError:
        return False


def _backoff(retry_after: str | None, default: float) -> float:
    """Retry-After (seconds or an HTTP date) when the server sent a usable one, else the default."""
    if retry_after:
        try:
            seconds = float(retry_after)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(retry_after)
                seconds = (when - dt.datetime.now(dt.timezone.utc)).total_seconds()
            except (TypeError, ValueError, OverflowError):
                seconds = math.nan
        if math.isfinite(seconds):
            return min(max(seconds, 0.0), MAX_RETRY_AFTER)
    return default


def _api_message(body: bytes) -> str:
    """The API's own error text, if its body is JSON like {"error": "..."}."""
    try:
        message = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return ""
    return f": {' '.join(message.split())[:200]}" if isinstance(message, str) else ""


def say(line: str, error: bool = False) -> None:
    # Flushed, so that progress and errors keep their order in a CI log.
    print(line, file=sys.stderr if error else sys.stdout, flush=True)


def fetch_days(fetcher: Fetcher, days: list[dt.date], today: dt.date, batches: bool = True) -> Tally:
    tally, present = Tally(), present_days(fetcher.out)
    wanted = {day for day in days if day not in present and day <= today}
    plan = fetch_batch.plan(days, wanted) if batches else {}
    answers: dict[dt.date, Download] = {}
    for index, day in enumerate(days):
        if day in plan:
            query, batch_days = plan[day]
            try:
                answers.update(fetch_batch.split(fetcher, query, batch_days))
            except (fetch_batch.Unsplittable, FetchError, Skip) as exc:
                say(f"{' '.join(query.values())}: not split into days ({exc}); asking day by day")
            except NetworkError as exc:
                tally.errors += 1
                tally.not_tried = len(days) - index
                say(f"fetch: error: {exc}", error=True)
                break
        if day in present:
            tally.present += 1
            say(f"{day}: already present ({present[day].as_posix()})")
            continue
        try:
            if day > today:
                raise Skip(FUTURE, f"today is {today}")
            target, download = fetcher.fetch(day, answers.pop(day, None))
        except Skip as skip:
            tally.skipped[skip.reason] += 1
            say(f"{day}: skipped, {skip.reason}" + (f" ({skip.detail})" if skip.detail else ""))
        except FetchError as exc:
            tally.errors += 1
            say(str(exc), error=True)
        except NetworkError as exc:
            tally.errors += 1
            tally.not_tried = len(days) - index - 1
            say(f"fetch: error: {exc}", error=True)
            break
        else:
            tally.fetched += 1
            tally.paged_days += download.pages > 1
            pages = f" in {download.pages} pages" if download.pages > 1 else ""
            source = f", from the answer for {download.source}" if download.source else ""
            say(f"{day}: fetched into {target.as_posix()} ({download.papers} papers{pages}{source})")
    tally.requests = fetcher.requests
    return tally


def run(args: argparse.Namespace, *, sleep: Callable[[float], None] = time.sleep,
        today: Callable[[], dt.date] = utc_today) -> int:
    day = today()
    try:
        days = requested_days(args, day)
    except ValueError as exc:
        say(f"fetch: error: {exc}", error=True)
        return 2
    fetcher = Fetcher(args.api_url, Path(args.out), args.retries, args.retry_delay, args.timeout, sleep)
    tally = fetch_days(fetcher, days, day, batches=not args.by_day)
    say(tally.summary())
    return 1 if tally.errors else 0
