"""Reader for hand-written YAML digests (format documented in the README):

    date: 2026-03-01
    papers:
      - title: Attention Is All You Need
        abstract: The dominant sequence transduction models ...
        authors: [Ashish Vaswani, Noam Shazeer]
        url: https://arxiv.org/abs/1706.03762
        code: https://github.com/tensorflow/tensor2tensor
        tags: [transformers, machine translation]
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from ..model import Entry, HfFields, Link, RawDigest
from ..problems import ProblemLog, quote
from .text import clean, find_links, link_kind, merge_links, normalise_url

FORMAT = "yaml"
TOP_KEYS = ("date", "papers")
PAPER_KEYS = ("title", "abstract", "authors", "url", "code", "project", "tags", "published", "upvotes", "arxiv",
              "ai_summary", "organization")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", re.IGNORECASE)


def _value(node: yaml.Node) -> Any:
    """The node's value; a scalar YAML cannot construct (a date such as 2026-13-45) stays text."""
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except (ValueError, OverflowError, yaml.YAMLError):
        return node.value if isinstance(node, yaml.ScalarNode) else None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: yaml.Node, log: ProblemLog, where: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise log.fail(_line(node), f"{where} that is a {node.id}", f"{where} that is a mapping of keys")
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(_value(key_node))
        if key not in allowed:
            log.warn(_line(key_node), f"an unknown key {quote(key)} in {where}",
                     f"one of {', '.join(allowed)}; key ignored")
        else:
            fields[key] = value_node
    return fields


def _date(node: yaml.Node | None, log: ProblemLog, what: str) -> dt.date | None:
    if node is None:
        return None
    value = _value(node)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    log.warn(_line(node), f"{what} {quote(str(value))}", f"{what} as YYYY-MM-DD; left unset")
    return None


def _strings(node: yaml.Node | None, log: ProblemLog, what: str) -> tuple[str, ...]:
    if node is None:
        return ()
    value = _value(node)
    if isinstance(value, str):
        value = [part for part in re.split(r"[,;]", value)]
    if not isinstance(value, list):
        log.warn(_line(node), f"{what} of type {type(value).__name__}", f"a list of {what}; ignored")
        return ()
    return tuple(clean(str(v)) for v in value if v is not None and clean(str(v)))


def _url(node: yaml.Node | None, log: ProblemLog, key: str) -> str | None:
    if node is None:
        return None
    value = clean(str(_value(node)))
    if re.match(r"(https?://)?[\w-]+(\.[\w-]+)+(/\S*)?$", value, re.IGNORECASE):
        return normalise_url(value)
    log.warn(_line(node), f"{key} {quote(value)}", f"{key} as an http(s) address; ignored")
    return None


def _paper(node: yaml.Node, source: str, log: ProblemLog) -> Entry | None:
    fields = _mapping(node, log, "a paper", PAPER_KEYS)
    title = clean(str(_value(fields["title"]))) if "title" in fields else ""
    if not title:
        log.skip(_line(node), "a paper with no title", "a 'title:' for every paper; paper skipped", "no title")
        return None
    abstract = clean(str(_value(fields["abstract"]) or "")) if "abstract" in fields else ""
    links: list[Link] = []
    for key in ("url", "code", "project"):
        url = _url(fields.get(key), log, key)
        if url:
            links.append(Link("code" if key == "code" else link_kind(url), url))
    arxiv = str(_value(fields["arxiv"])) if "arxiv" in fields else None
    arxiv = arxiv or next((m.group(1) for l in links if (m := _ARXIV_URL.search(l.url))), None)
    upvotes = _value(fields["upvotes"]) if "upvotes" in fields else None
    authors = _strings(fields.get("authors"), log, "authors")
    return Entry(
        title=title, source=source, line=_line(node), abstract=abstract, arxiv_id=arxiv,
        authors=authors, author_count=len(authors) or None,
        published=_date(fields.get("published"), log, "published"),
        upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
        links=merge_links(tuple(links), find_links(abstract)),
        keywords=_strings(fields.get("tags"), log, "tags"),
        organization=_text(fields.get("organization"), log, "organization") or None,
        hf=HfFields(ai_summary=summary) if (summary := _text(fields.get("ai_summary"), log, "ai_summary")) else None,
    )


def _text(node: yaml.Node | None, log: ProblemLog, key: str) -> str:
    """One line of text (a summary line, an organization); "" when absent or not text."""
    if node is None:
        return ""
    if not isinstance(node, yaml.ScalarNode):
        log.warn(_line(node), f"{key} as a list or mapping", f"{key} as one line of text; ignored")
        return ""
    return clean(str(_value(node) or ""))


def read(source: str, text: str, log: ProblemLog) -> RawDigest:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise log.fail(mark.line + 1 if mark else 0, f"invalid YAML ({getattr(exc, 'problem', exc)})",
                       "a YAML digest: date and a list of papers")
    except RecursionError:
        raise log.fail(0, "YAML nested too deeply to read", "a YAML digest: date and a list of papers") from None
    if root is None:
        raise log.fail(0, "an empty YAML document", "a YAML digest: date and a list of papers")
    top = _mapping(root, log, "the digest", TOP_KEYS)
    papers = top.get("papers")
    if not isinstance(papers, yaml.SequenceNode):
        raise log.fail(_line(papers or root), "no list under 'papers:'", "papers: followed by a list of papers")
    entries = []
    for node in papers.value:
        entry = _paper(node, source, log) if isinstance(node, yaml.MappingNode) else None
        if entry is None and not isinstance(node, yaml.MappingNode):
            log.skip(_line(node), f"a paper that is a {node.id}", "a mapping with title, abstract, ...; skipped",
                     "not a paper mapping")
        if entry:
            entries.append(entry)
    date_node = top.get("date")
    return RawDigest(source, FORMAT, tuple(entries), _date(date_node, log, "date"),
                     _line(date_node) if date_node else 0, len(papers.value) - len(entries))


def sniff(text: str) -> bool:
    return bool(re.search(r"^papers\s*:", text, re.MULTILINE))
