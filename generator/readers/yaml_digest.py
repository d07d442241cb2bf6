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

import yaml

from .. import yaml_load
from ..model import ARXIV_ID_RE, Entry, HfFields, Link, RawDigest
from ..problems import ProblemLog, quote
from .text import clean, find_links, link_kind, merge_links, normalise_url

FORMAT = "yaml"
TOP_KEYS = ("date", "papers")
PAPER_KEYS = ("title", "abstract", "authors", "url", "code", "project", "tags", "published", "upvotes", "arxiv",
              "ai_summary", "organization")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", re.IGNORECASE)
_ARXIV_PREFIX = re.compile(r"^(?:arxiv:\s*)?(.*?)(?:v\d+)?$", re.IGNORECASE)
_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+Z?)?")
_VOTES = re.compile(r"\+?\d{1,9}")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _text(node: yaml.Node | None, log: ProblemLog, what: str) -> str:
    """A scalar's text as written (`no`, `0x1F`, `2401.10000` stay as they are); empty for ~ or null."""
    if node is None or yaml_load.is_null(node):
        return ""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    log.warn(_line(node), f"{what} that is a {node.id}", f"{what} as text; ignored")
    return ""


def _mapping(node: yaml.Node, log: ProblemLog, where: str, allowed: tuple[str, ...],
             repeatable: tuple[str, ...] = ()) -> dict[str, list[yaml.Node]]:
    """The known keys' value nodes. A repeated key keeps its first value, except the `repeatable`
    ones, whose values are all kept; both are reported."""
    if not isinstance(node, yaml.MappingNode):
        raise log.fail(_line(node), f"{where} that is a {node.id}", f"{where} that is a mapping of keys")
    fields: dict[str, list[yaml.Node]] = {}
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else f"a {key_node.id}"
        if key not in allowed:
            log.warn(_line(key_node), f"an unknown key {quote(key)} in {where}",
                     f"one of {', '.join(allowed)}; key ignored")
            continue
        if key in fields:
            kept = "both are read" if key in repeatable else "the first is kept, this one ignored"
            log.warn(_line(key_node), f"the key {quote(key)} a second time in {where} (first on line "
                     f"{first_line[key]})", f"each key once; {kept}")
            if key not in repeatable:
                continue
        first_line.setdefault(key, _line(key_node))
        fields.setdefault(key, []).append(value_node)
    return fields


def _one(fields: dict[str, list[yaml.Node]], key: str) -> yaml.Node | None:
    return fields[key][0] if key in fields else None


def _date(node: yaml.Node | None, log: ProblemLog, what: str) -> dt.date | None:
    text = _text(node, log, what).strip()
    if not text:
        return None
    match = _DAY.fullmatch(text)
    if match:
        try:
            return dt.date.fromisoformat(match[1])
        except ValueError:
            pass
    log.warn(_line(node), f"{what} {quote(text)}", f"{what} as YYYY-MM-DD; left unset")
    return None


def _strings(node: yaml.Node | None, log: ProblemLog, what: str) -> tuple[str, ...]:
    if node is None or yaml_load.is_null(node):
        return ()
    if isinstance(node, yaml.ScalarNode):
        values = re.split(r"[,;]", node.value)
    elif isinstance(node, yaml.SequenceNode):
        values = [_text(item, log, f"an item of {what}") for item in node.value]
    else:
        log.warn(_line(node), f"{what} that is a {node.id}", f"a list of {what}; ignored")
        return ()
    return tuple(clean(v) for v in values if clean(v))


def _url(node: yaml.Node | None, log: ProblemLog, key: str) -> str | None:
    value = clean(_text(node, log, key))
    if not value:
        return None
    if re.match(r"(https?://)?[\w-]+(\.[\w-]+)+(/\S*)?$", value, re.IGNORECASE):
        return normalise_url(value)
    log.warn(_line(node), f"{key} {quote(value)}", f"{key} as an http(s) address; ignored")
    return None


def _arxiv(node: yaml.Node | None, log: ProblemLog) -> str | None:
    text = clean(_text(node, log, "arxiv"))
    if not text:
        return None
    arxiv_id = _ARXIV_PREFIX.fullmatch(text)[1]
    if ARXIV_ID_RE.fullmatch(arxiv_id):
        return arxiv_id
    log.warn(_line(node), f"arxiv {quote(text)}", "an arXiv id such as 1706.03762 (quote it: "
             "arxiv: \"2401.10000\"); ignored")
    return None


def _upvotes(node: yaml.Node | None, log: ProblemLog) -> int | None:
    text = clean(_text(node, log, "upvotes"))
    if not text:
        return None
    if _VOTES.fullmatch(text):
        return int(text)
    log.warn(_line(node), f"upvotes {quote(text)}", "a whole number of votes, 0 or more; left unknown")
    return None


def _paper(node: yaml.Node, source: str, log: ProblemLog) -> Entry | None:
    fields = _mapping(node, log, "a paper", PAPER_KEYS)
    title = clean(_text(_one(fields, "title"), log, "title"))
    if not title:
        log.skip(_line(node), "a paper with no title", "a 'title:' for every paper; paper skipped", "no title")
        return None
    abstract = clean(_text(_one(fields, "abstract"), log, "abstract"))
    links: list[Link] = []
    for key in ("url", "code", "project"):
        url = _url(_one(fields, key), log, key)
        if url:
            links.append(Link("code" if key == "code" else link_kind(url), url))
    arxiv = _arxiv(_one(fields, "arxiv"), log)
    arxiv = arxiv or next((m.group(1) for l in links if (m := _ARXIV_URL.search(l.url))), None)
    authors = _strings(_one(fields, "authors"), log, "authors")
    summary = clean(_text(_one(fields, "ai_summary"), log, "ai_summary"))
    return Entry(
        title=title, source=source, line=_line(node), abstract=abstract, arxiv_id=arxiv,
        authors=authors, author_count=len(authors) or None,
        published=_date(_one(fields, "published"), log, "published"),
        upvotes=_upvotes(_one(fields, "upvotes"), log),
        links=merge_links(tuple(links), find_links(abstract)),
        keywords=_strings(_one(fields, "tags"), log, "tags"),
        organization=clean(_text(_one(fields, "organization"), log, "organization")) or None,
        hf=HfFields(ai_summary=summary) if summary else None,
    )


def read(source: str, text: str, log: ProblemLog) -> RawDigest:
    try:
        root = yaml_load.compose(text)
    except yaml_load.YamlError as exc:
        raise log.fail(exc.line, exc.problem, "a YAML digest: date and a list of papers") from None
    if root is None:
        raise log.fail(0, "an empty YAML document", "a YAML digest: date and a list of papers")
    top = _mapping(root, log, "the digest", TOP_KEYS, repeatable=("papers",))
    lists = top.get("papers", [])
    if not lists or not all(isinstance(papers, yaml.SequenceNode) for papers in lists):
        where = next((papers for papers in lists if not isinstance(papers, yaml.SequenceNode)), root)
        raise log.fail(_line(where), "no list under 'papers:'", "papers: followed by a list of papers")
    nodes = [node for papers in lists for node in papers.value]
    entries = []
    for node in nodes:
        entry = _paper(node, source, log) if isinstance(node, yaml.MappingNode) else None
        if entry is None and not isinstance(node, yaml.MappingNode):
            log.skip(_line(node), f"a paper that is a {node.id}", "a mapping with title, abstract, ...; skipped",
                     "not a paper mapping")
        if entry:
            entries.append(entry)
    date_node = _one(top, "date")
    return RawDigest(source, FORMAT, tuple(entries), _date(date_node, log, "date"),
                     _line(date_node) if date_node else 0, len(nodes) - len(entries))


def sniff(text: str) -> bool:
    return bool(re.search(r"^papers\s*:", text, re.MULTILINE))
