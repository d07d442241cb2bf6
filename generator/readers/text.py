"""Text helpers every reader shares: decoding bytes, whitespace, links."""
from __future__ import annotations

import codecs
import re

from ..model import CONTROL_CHARACTERS as _CONTROL
from ..model import Link
from ..problems import ProblemLog


def decode(data: bytes, log: ProblemLog) -> str:
    """UTF-8 (with or without BOM), else Latin-1 with a warning; line ends -> \\n.

    Raises DigestError for a file that is not text at all."""
    utf16 = _utf16(data)
    if utf16 is None and b"\x00" in data[:8192]:
        raise log.fail(0, "binary data (NUL bytes)", "a UTF-8 text, JSON or YAML digest")
    try:
        text = data.decode(utf16 or "utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("cp1252", errors="replace").lstrip("\ufeff")
        log.warn(line, f"bytes that are not UTF-8 (0x{data[exc.start]:02x})",
                 "UTF-8 text; read the file as Latin-1/Windows-1252, save it as UTF-8 to be sure")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise log.fail(0, "binary data (control characters)", "a UTF-8 text, JSON or YAML digest")
    return text


def _utf16(data: bytes) -> str | None:
    """The codec of UTF-16 text (with a byte order mark, or English-like text whose every other byte is 0)."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    head = data[:8192]
    if len(head) >= 4 and len(data) % 2 == 0:
        for codec, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
            if zeros.count(0) >= 0.9 * len(zeros) and head.count(0) <= 0.6 * len(head):
                return codec
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def replace_surrogates(text: str) -> str:
    """Lone surrogates (a JSON "\\ud800" escape) cannot be written as UTF-8: each becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def clean(text: str) -> str:
    """Whitespace normalised; control characters dropped."""
    return " ".join(_CONTROL.sub(" ", text).split())


# URLs in abstracts: http(s)://…, www.…, or bare code-host paths. A URL never holds a brace,
# backslash, pipe or caret (RFC 3986), so LaTeX such as \href{url}{text} ends it.
_URL = re.compile(
    r"(?:https?://|www\.|(?<![\w./@-])(?:github\.com|gitlab\.com|huggingface\.co)/)[^\s<>\"'`{}\\|^]+",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?*'\"\u2019\u201d"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com")
# Hosts that serve https: their http:// links are upgraded (pages link https only).
_HTTPS_HOSTS = _CODE_HOSTS + ("arxiv.org", "huggingface.co", "hf.co", "github.io", "doi.org", "openreview.net")


def _trim(url: str) -> str:
    """Trailing punctuation off; a closing bracket only when unbalanced. Linear: the bracket counts
    are taken once and updated as characters come off."""
    opened = {closer: url.count(opener) for closer, opener in _CLOSERS.items()}
    closed = {closer: url.count(closer) for closer in _CLOSERS}
    end = len(url)
    while end:
        last = url[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last in _CLOSERS and closed[last] > opened[last]:
            closed[last] -= 1
            end -= 1
        else:
            break
    return url[:end]


def _is_https_host(host: str) -> bool:
    return any(host == known or host.endswith("." + known) for known in _HTTPS_HOSTS)


def normalise_url(url: str) -> str:
    """https:// added when there is no scheme; http:// made https:// for the hosts in _HTTPS_HOSTS."""
    url = url.strip()
    plain_http = re.match(r"http://(?:www\.)?([^/?#:]*)", url, re.IGNORECASE)
    if plain_http and _is_https_host(plain_http[1].lower()):
        url = "https://" + url[len("http://"):]
    if not re.match(r"https?://", url, re.IGNORECASE):
        url = "https://" + url
    return url


def link_kind(url: str) -> str:
    host_path = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE).lower()
    host = host_path.split("/", 1)[0]
    if host in _CODE_HOSTS:
        return "code"
    if host == "arxiv.org":
        return "arxiv"
    if host == "huggingface.co":
        section = host_path.split("/")[1] if "/" in host_path else ""
        return {"datasets": "dataset", "spaces": "demo", "papers": "paper"}.get(
            section, "model" if host_path.count("/") >= 2 else "project")
    return "project"


# Every _URL match holds one of these, as text.lower() has it, or a character that IGNORECASE
# matches to an ASCII letter (İ ı ſ K): a text with neither is not scanned (the scan took a
# quarter of reading an archive).
_URL_MARKS = ("http", "www.", "github.com/", "gitlab.com/", "huggingface.co/")
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def find_links(text: str) -> tuple[Link, ...]:
    """Links found in free text, each once, in order of appearance."""
    lowered = text.lower()
    if not any(mark in lowered for mark in _URL_MARKS) and _FOLDS_TO_ASCII.search(text) is None:
        return ()
    seen: dict[str, Link] = {}
    for match in _URL.finditer(text):
        url = normalise_url(_trim(match.group(0)))
        if len(url) > len("https://") + 3 and url not in seen:
            seen[url] = Link(link_kind(url), url)
    return tuple(seen.values())


def merge_links(*groups: tuple[Link, ...]) -> tuple[Link, ...]:
    """Union of link groups, first occurrence of a URL wins (trailing / ignored)."""
    seen: dict[str, Link] = {}
    for group in groups:
        for link in group:
            seen.setdefault(link.url.rstrip("/").lower(), link)
    return tuple(seen.values())
