"""One reader per digest format; the format is picked by content first,
then by file extension. Every reader: (source, text, log) -> RawDigest."""
from __future__ import annotations

from pathlib import PurePath

from ..model import RawDigest
from ..problems import ProblemLog
from . import hf_api, hf_page, yaml_digest
from .text import decode

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
    return digest
