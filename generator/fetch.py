"""`python -m generator fetch`: download daily-papers API responses into digests/.

One file per day, `digests/YYYY-MM-DD.json`, holding the API's answer as is.
A body is written only if it reads with no problem through the same reader the
build uses (the site build is strict), and always atomically.
"""
from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import http.client
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .archive import digest_files, read_file
from .dates import date_from_name
from .problems import NOTICE

DEFAULT_API = "https://huggingface.co/api/daily_papers"
USER_AGENT = "paper-archive-fetch (+python urllib)"
MAX_RETRY_AFTER = 300.0  # seconds; a longer Retry-After is cut to this

# Reasons a day is skipped without being an error.
FUTURE = "after today in UTC"
REFUSED = "refused by the API as invalid or future"
EMPTY = "no papers that day"


class NetworkError(Exception):
    """The API could not be reached at all: no point trying the other days."""


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

    def summary(self) -> str:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        line = (f"fetched {self.fetched}, already present {self.present}, "
                f"skipped {sum(self.skipped.values())}{f' ({reasons})' if reasons else ''}, "
                f"errors {self.errors}")
        return line + (f", not tried {self.not_tried}" if self.not_tried else "")


def utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--date", type=parse_day, metavar="YYYY-MM-DD",
                       help="fetch this one day (default: yesterday in UTC, the last complete day)")
    which.add_argument("--since", type=parse_day, metavar="YYYY-MM-DD", help="fetch every day from this one on")
    parser.add_argument("--until", type=parse_day, metavar="YYYY-MM-DD",
                        help="last day for --since (default: yesterday in UTC, or --since if later)")
    parser.add_argument("--out", default="digests", metavar="DIR", help="digest folder (default: digests)")
    parser.add_argument("--api-url", default=DEFAULT_API, metavar="URL", help=f"API address (default: {DEFAULT_API})")
    parser.add_argument("--retries", type=int, default=4, metavar="N", help="retries after HTTP 429/5xx (default: 4)")
    parser.add_argument("--retry-delay", type=float, default=2.0, metavar="SECONDS",
                        help="first backoff in seconds, doubled each retry (default: 2)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="seconds per request (default: 30)")


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


@dataclass
class Fetcher:
    api_url: str
    out: Path
    retries: int = 4
    retry_delay: float = 2.0
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep

    def url(self, day: dt.date) -> str:
        separator = "&" if urllib.parse.urlsplit(self.api_url).query else "?"
        return f"{self.api_url}{separator}{urllib.parse.urlencode({'date': day.isoformat()})}"

    def download(self, day: dt.date) -> bytes:
        """The body for the day, after retrying HTTP 429 and 5xx with exponential backoff."""
        request = urllib.request.Request(self.url(day), headers={
            "User-Agent": USER_AGENT, "Accept": "application/json"})
        tries = max(self.retries, 0) + 1
        for attempt in range(tries):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as exc:
                status, body, retry_after = exc.code, _error_body(exc), exc.headers.get("Retry-After")
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                raise NetworkError(f"cannot reach {self.url(day)}: {_network_reason(exc)}") from None
            if status in (400, 404):
                raise Skip(REFUSED, f"HTTP {status}{_api_message(body)}")
            if status != 429 and status < 500:
                raise FetchError(f"{day}: error: the API answered HTTP {status}{_api_message(body)}")
            if attempt + 1 < tries:
                self.sleep(_backoff(retry_after, self.retry_delay * 2 ** attempt))
        raise FetchError(f"{day}: error: the API answered HTTP {status} {tries} times{_api_message(body)}")

    def fetch(self, day: dt.date) -> Path:
        """Downloads, validates and writes one day; raises Skip or FetchError otherwise."""
        body = self.download(day)
        if _is_empty_list(body):
            raise Skip(EMPTY, "the API answered an empty list")
        return self.write(day, body)

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


def _error_body(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read()
    except (OSError, http.client.HTTPException):
        return b""
    finally:
        error.close()


def _is_empty_list(body: bytes) -> bool:
    try:
        return json.loads(body) == []
    except ValueError:
        return False


def _backoff(retry_after: str | None, default: float) -> float:
    """Retry-After (seconds or an HTTP date) when the server sent one, else the default."""
    if retry_after:
        try:
            return min(max(float(retry_after), 0.0), MAX_RETRY_AFTER)
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(retry_after)
            return min(max((when - dt.datetime.now(dt.timezone.utc)).total_seconds(), 0.0), MAX_RETRY_AFTER)
        except (TypeError, ValueError):
            pass
    return default


def _api_message(body: bytes) -> str:
    """The API's own error text, if its body is JSON like {"error": "..."}."""
    try:
        message = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return ""
    return f": {' '.join(message.split())[:200]}" if isinstance(message, str) else ""


def _network_reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return "timed out"
    return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__


def say(line: str, error: bool = False) -> None:
    # Flushed, so that progress and errors keep their order in a CI log.
    print(line, file=sys.stderr if error else sys.stdout, flush=True)


def fetch_days(fetcher: Fetcher, days: list[dt.date], today: dt.date) -> Tally:
    tally, present = Tally(), present_days(fetcher.out)
    for index, day in enumerate(days):
        if day in present:
            tally.present += 1
            say(f"{day}: already present ({present[day].as_posix()})")
            continue
        try:
            if day > today:
                raise Skip(FUTURE, f"today is {today}")
            target = fetcher.fetch(day)
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
            say(f"{day}: fetched into {target.as_posix()}")
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
    tally = fetch_days(fetcher, days, day)
    say(tally.summary())
    return 1 if tally.errors else 0
