"""One reader per digest format; the format is picked by content first,
then by file extension. Every reader: (source, text, log) -> RawDigest."""
from __future__ import annotations

import dataclasses
import re
from pathlib import PurePath

from ..model import Entry, Link, RawDigest
from ..problems import ProblemLog, quote
from . import hf_api, hf_page, yaml_digest
from .text import decode, has_surrogates, replace_surrogates

READERS = {hf_api.FORMAT: hf_api, yaml_digest.FORMAT: yaml_digest, hf_page.FORMAT: hf_page}
_BY_EXTENSION = {".json": hf_api.FORMAT, ".yaml": yaml_digest.FORMAT, ".yml": yaml_digest.FORMAT}


def pick_format(source: str, text: str) -> str:
    for reader in (hf_api, yaml_digest, hf_page):
        if reader.sniff(text):
            return reader.FORMAT
    return _BY_EXTENSION.get(PurePath(source).suffix.lower(), hf_page.FORMAT)


def read_digest(source: str, data: bytes, log: ProblemLog) -> RawDigest:
    """Reads one digest file's bytes; raises DigestError if nothing can be read."""
    text = decode(data, log)
    if not text.strip():
        raise log.fail(0, "an empty file", "a digest with at least one paper")
    digest = READERS[pick_format(source, text)].read(source, text, log)
    if not digest.entries and not digest.skipped:
        raise log.fail(0, f"no paper entries in what reads as a {digest.format} digest",
                       "titles with abstracts (page copy), an API JSON list, or a YAML digest")
    if _MAY_GIVE_SURROGATES.search(text) is None:
        return digest  # every field checked below would come back as it is
    return dataclasses.replace(digest, entries=tuple(_without_surrogates(e, log) for e in digest.entries))


# A lone surrogate comes from an escape of one (JSON and Python-repr \\ud800, YAML \\uD800 or
# \\U0000D800): `decode` never gives one (strict UTF-8 and UTF-16 refuse them, cp1252 has none), nor
# does html.unescape. So a file without such an escape needs no check per field.
_MAY_GIVE_SURROGATES = re.compile(r"\\[uU]0{0,4}[dD][89a-fA-F]")


def _without_surrogates(entry: Entry, log: ProblemLog) -> Entry:
    """A JSON or YAML escape such as \\ud800 gives a lone surrogate, which no page can be written with."""
    changes = {}
    for field in dataclasses.fields(Entry):
        value = getattr(entry, field.name)
        fixed = _fixed(value)
        if fixed is not value:
            changes[field.name] = fixed
    if not changes:
        return entry
    log.warn(entry.line, f"a lone UTF-16 surrogate (an escape such as \\ud800) in the {', '.join(changes)} "
             f"of {quote(entry.title, 40)}", "Unicode text; each one replaced by U+FFFD")
    return dataclasses.replace(entry, **changes)


def _fixed(value):
    """The value with lone surrogates replaced; the same object when it has none."""
    if isinstance(value, str):
        return replace_surrogates(value) if has_surrogates(value) else value
    if isinstance(value, Link):
        url = _fixed(value.url)
        return value if url is value.url else Link(value.kind, url)
    if isinstance(value, tuple) and value:
        items = tuple(_fixed(v) for v in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    return value
