"""One HTTP GET for `fetch`, bounded every way a server can stretch it: the
whole request (connection, headers, body) ends within its timeout, the body is
read in pieces up to a size limit, a body shorter than its Content-Length is an
error, and a redirect is followed only to the same host."""
from __future__ import annotations

import http.client
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

USER_AGENT = "paper-archive-fetch (+python urllib)"
CHUNK = 64 * 1024


class NetworkError(Exception):
    """The API could not be reached, or sent us elsewhere: no point trying the other days."""


class BodyError(Exception):
    """An answer that arrived broken: cut short, or too large."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if (new.hostname, new.port) != (old.hostname, old.port) or (old.scheme == "https" and new.scheme != "https"):
            raise NetworkError(f"{req.full_url} redirected to {newurl}, on another host; not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SameHostRedirects)


def get(url: str, timeout: float, max_bytes: int) -> Answer:
    """The answer to a GET (any status), within `timeout` seconds in all; raises NetworkError,
    BodyError or TimeoutError."""
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(_attempt(url, timeout, max_bytes)), daemon=True)
    worker.start()
    worker.join(timeout)  # a server that trickles its headers cannot hold us past the deadline
    if not outcome:
        raise NetworkError(f"cannot reach {url}: timed out")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _attempt(url: str, timeout: float, max_bytes: int) -> Answer | BaseException:
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        try:
            response = _OPENER.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            return Answer(response.status if hasattr(response, "status") else response.code,
                          response.headers, _read_body(response, deadline, max_bytes))
    except (NetworkError, BodyError) as exc:
        return exc
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        return NetworkError(f"cannot reach {url}: {_network_reason(exc)}")


def _read_body(response, deadline: float, max_bytes: int) -> bytes:
    chunks, size = [], 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("timed out")
        _set_read_timeout(response, remaining)
        chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise BodyError(f"an answer larger than {max_bytes:,} bytes; not read further")
        chunks.append(chunk)
    missing = getattr(response, "length", None) or getattr(getattr(response, "fp", None), "length", None)
    if missing:
        raise BodyError(f"an answer cut off after {size} of {size + missing} bytes (the connection closed early)")
    return b"".join(chunks)


def _set_read_timeout(response, seconds: float) -> None:
    """Each read waits at most until the deadline (urllib's timeout is per read, not per request)."""
    raw = getattr(getattr(response, "fp", None), "raw", None)
    sock = getattr(raw, "_sock", None)
    if sock is not None:
        try:
            sock.settimeout(max(seconds, 0.001))
        except OSError:
            pass


def _network_reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return "timed out"
    return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
