"""Citation text for a paper page: plain text and BibTeX, in indented code blocks.

An indented code block shows its lines literally (Markdown escapes them), and
every line here is one `plain` line indented by four spaces, so no digest
text can end the block early: unlike a fence, there is nothing to close.
"""
from __future__ import annotations

import re

from ..model import WORD, Paper
from .blocks import paper_links, valid_arxiv_id
from .text import plain

# BibTeX {...} values: braces and backslashes dropped, LaTeX specials escaped.
_BIBTEX_ESCAPES = str.maketrans({**dict.fromkeys("{}\\", ""), **{c: f"\\{c}" for c in "&%$#_"}})


def year(paper: Paper) -> int | None:
    day = paper.published or paper.first_day
    return day.year if day else None


def plain_citation(paper: Paper, link: str | None) -> str:
    names = [plain(name) for name in paper.authors]
    more = names and paper.author_total > len(names)
    authors = ", ".join(names) + (" et al." if more else "")
    when = f"({year(paper)})" if year(paper) else None
    title = plain(paper.title)
    head = f"{authors} {when or ''}".strip() + f". {title}." if authors else f"{title} {when or ''}".strip() + "."
    arxiv = f"arXiv:{valid_arxiv_id(paper)}." if valid_arxiv_id(paper) else None
    return " ".join(p for p in (head, arxiv, link) if p)


def bibtex_text(text: str) -> str:
    """Text safe inside a BibTeX {...} value: no braces or backslashes, LaTeX specials escaped."""
    return plain(text).translate(_BIBTEX_ESCAPES)


def bibtex_key(paper: Paper) -> str:
    surname = (paper.authors[0].split() or [""])[-1] if paper.authors else ""
    word = next((w for w in WORD.findall(paper.title) if len(w) > 3), "paper")
    return re.sub(r"[^a-z0-9]", "", f"{surname}{year(paper) or ''}{word}".casefold()) or "paper"


def bibtex(paper: Paper, link: str | None) -> str:
    fields = [("title", f"{{{bibtex_text(paper.title)}}}"),
              ("author", " and ".join(bibtex_text(name) for name in paper.authors) or None),
              ("year", str(year(paper)) if year(paper) else None)]
    if valid_arxiv_id(paper):
        fields += [("eprint", valid_arxiv_id(paper)), ("archivePrefix", "arXiv")]
    fields.append(("url", link))
    lines = [f"  {name} = {{{value}}}," for name, value in fields if value]
    return "\n".join([f"@misc{{{bibtex_key(paper)},", *lines, "}"])


def code_block(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def citation(paper: Paper, links: list[tuple[str, str]] | None = None) -> str:
    """links: the paper's (blocks.paper_links), when the caller has them; the citation links the
    arXiv abstract page, else the first http(s) link."""
    links = paper_links(paper) if links is None else links
    link = links[0][1] if links else None
    return f"{code_block(plain_citation(paper, link))}\n\nBibTeX:\n\n{code_block(bibtex(paper, link))}"
