"""Turning digest text into inert Markdown, and other small formatting helpers.

Everything that comes from a digest passes through `md_text` (for Markdown
bodies) or `html_text` (for front matter the theme prints raw) before it
reaches a page. `md_text` HTML-escapes the text and replaces each character
that Markdown or a common extension gives a meaning anywhere in a line
(emphasis, links, code, tables, math, attribute lists, marks, emoji...) by a
numeric character reference, plus the characters that only mean something at
the start of a line (`-` lists and rules, `1.` and `1)` ordered lists). No
Markdown engine reinterprets a character reference; browsers show the
character itself.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import re
from urllib.parse import quote

from ..model import CONTROL_CHARACTERS

_SPECIALS = "\\`*_{}[]|$~^=#+:"
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in _SPECIALS}
_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"})
_LINE_START = re.compile(r"^(\d*)([-.)])")
# https, a host name with a dot (no user info, no IP literal), an optional port, then a path, query or fragment.
_HTTPS_URL = re.compile(r"https://[a-z0-9-]+(\.[a-z0-9-]+)+(:\d{1,5})?([/?#]\S*)?", re.IGNORECASE)


def plain(text: str) -> str:
    """One line of text: control characters dropped, whitespace collapsed."""
    return " ".join(CONTROL_CHARACTERS.sub("", text).split())


@functools.lru_cache(maxsize=1 << 17)  # titles, names and labels recur on many pages
def md_text(text: str) -> str:
    """Digest text as inline Markdown that renders as exactly that text."""
    escaped = plain(text).translate(_ESCAPES)
    return _LINE_START.sub(lambda m: f"{m[1]}&#{ord(m[2])};", escaped, count=1)


def md_paragraphs(text: str) -> list[str]:
    """Digest text split on blank lines into escaped Markdown paragraphs."""
    paragraphs = (md_text(p) for p in re.split(r"\n\s*\n", text))
    return [p for p in paragraphs if p]


def html_text(text: str) -> str:
    """Digest text as escaped HTML text (for titles the theme prints raw)."""
    return html.escape(plain(text), quote=True)


def safe_url(url: str) -> str | None:
    """The URL, percent-encoded for a Markdown link, if it is a well-formed https URL; else None.
    Plain http is never linked: the readers upgrade the hosts known to serve https."""
    url = url.strip()
    if not _HTTPS_URL.fullmatch(url):
        return None
    return quote(url, safe=":/?#@!$&'*+,;=%~")


def teaser(text: str, limit: int = 240) -> str:
    """The first `limit` characters of the text, cut at a word, plain."""
    text = plain(text)
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def long_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


@functools.lru_cache(maxsize=1 << 14)  # every list item shows one: days recur
def short_date(day: dt.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def month_name(year: int, month: int) -> str:
    return f"{dt.date(year, month, 1):%B} {year}"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
