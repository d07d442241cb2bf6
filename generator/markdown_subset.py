"""A fast Markdown-to-HTML converter for the Markdown the page renderers write.

Python-Markdown costs about 4 ms for a paper page; at 10,000 papers that was a
third of the site build. Generated pages use a small, fixed subset of Markdown:
ATX headings with `{ #id }`, paragraphs ending in a `{ .class }` line, tight
`- ` lists, indented code blocks, links with `{ .class }`, `**strong**`, the
`<small>` tag and character references (digest text reaches a
page already escaped: see `pages.text.md_text`). This module converts exactly
that subset to the HTML Python-Markdown makes with the site's extensions
(attr_list, md_in_html, tables, toc with permalinks), byte for byte, and
raises `Unsupported` on anything else, so the caller falls back to
Python-Markdown. `tests/test_markdown_subset.py` checks both agree on every
generated page of the sample, hostile and synthetic archives.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique


class Unsupported(ValueError):
    """The text uses Markdown outside the subset."""


@dataclass
class Converted:
    html: str
    toc_tokens: list[dict[str, Any]]  # nested, as Python-Markdown's toc extension gives them
    ids: set[str] = field(default_factory=set)  # every id on the page


_HEADING = re.compile(r"(#{1,6}) (.*?)(?: \{ #([\w-]+) \})?")
_BLOCK_CLASSES = re.compile(r"\{ (\.[\w-]+(?: \.[\w-]+)*) \}")
_RISKY_LINE_START = re.compile(r"[ \t#>|<=]|[-+*] |\d+[.)]|-+$|```|~~~")
_ENTITY = r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z0-9]+);"
# Only what needs work is matched: character references and plain text are copied as they are;
# a match without a group (lastgroup None) is Markdown outside the subset.
_INLINE = re.compile(
    r"\[(?P<label>[^\[\]\n]*)\]\((?P<url>[^()\s<>\"']*)\)(?:\{ (?P<classes>\.[\w-]+(?: \.[\w-]+)*) \})?"
    r"|\*\*(?P<strong>[^*\n]+)\*\*"
    r"|<(?P<tag>/?small>)"
    rf"|[\[\]\\`*_<>{{}}]|&(?!{_ENTITY[1:]})|!\["  # risky: no group, so every branch starts with a
)  # character other than a space, which lets the regex engine skip plain text quickly
_CHART = '<div class="pa-chart" id="'
_ID_ATTRIBUTE = re.compile(r'<[a-z][^<>]*? id="([^"]*)"')
_SIMPLE_ID = re.compile(r"[\w-]+")
_AMP_NOT_ENTITY = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)


def _attribute(value: str) -> str:
    """An attribute value escaped as Python-Markdown's serializer does (entities kept)."""
    return _AMP_NOT_ENTITY.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _class_attribute(classes: str | None) -> str:
    """` class="a b"` from attr_list's `.a .b`, or nothing."""
    return f' class="{classes.replace(".", "")}"' if classes else ""


def _inline(text: str, link: Callable[[str], str], in_link: bool = False) -> str:
    if "  \n" in text:
        raise Unsupported("a line break (two spaces at the end of a line)")
    parts: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        kind = match.lastgroup
        if kind == "tag":
            continue  # kept as it is
        if kind is None or (in_link and kind != "strong"):
            raise Unsupported(f"inline Markdown {match[0]!r}")
        parts.append(text[position:match.start()])
        position = match.end()
        if kind == "strong":
            parts.append(f"<strong>{_inline(match['strong'], link, in_link)}</strong>")
        else:
            label = _inline(match["label"], link, in_link=True)
            parts.append(f'<a{_class_attribute(match["classes"])} href="{_attribute(link(match["url"]))}">{label}</a>')  # attributes sorted
    if not parts:
        return text
    parts.append(text[position:])
    return "".join(parts)


class _Page:
    def __init__(self, link: Callable[[str], str]):
        self.link = link
        self.blocks: list[str] = []
        self.kinds: list[str] = []
        self.headings: list[tuple[int, str | None, str]] = []  # level, explicit id, inner HTML
        self.raw_ids: set[str] = set()  # ids in raw HTML blocks (not seen by the toc extension)

    def add(self, kind: str, block: str) -> None:
        if self.kinds and self.kinds[-1] in ("list", "code") and kind in ("list", "code"):
            raise Unsupported("a list or code block right after a list or code block")
        self.kinds.append(kind)
        self.blocks.append(block)

    def block(self, text: str) -> None:
        lines = text.split("\n")
        if all(line.startswith("    ") for line in lines):
            code = html.escape("\n".join(line[4:] for line in lines), quote=False)
            self.add("code", f"<pre><code>{code}\n</code></pre>")
        elif all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line[2:], self.link)}</li>\n" for line in lines)
            self.add("list", f"<ul>\n{items}</ul>")
        elif text.startswith("#"):
            self.heading(text)
        elif text.startswith(_CHART):
            self.chart(text)
        else:
            self.paragraph(lines)

    def chart(self, text: str) -> None:
        """A chart (pages.charts): raw HTML, which Python-Markdown keeps as it is. MkDocs finds
        the ids in raw HTML too (links to them are checked), so they are the page's ids."""
        ids = _ID_ATTRIBUTE.findall(text)
        if (not text.endswith("</div>") or text.count("<div") != 1 or text.count("</div>") != 1
                or "<a " in text or (self.kinds and self.kinds[-1] in ("list", "code"))
                or any(not _SIMPLE_ID.fullmatch(found) for found in ids) or text.count("id=") != len(ids)):
            raise Unsupported(f"HTML block {text[:60]!r}")
        self.raw_ids.update(ids)
        self.add("html", text + "\n")  # Python-Markdown's blank line after it (none at the end: finish)

    def heading(self, text: str) -> None:
        match = _HEADING.fullmatch(text)
        if not match or not match[2] or match[2].endswith("#") or "{" in match[2]:
            raise Unsupported(f"heading {text[:60]!r}")
        self.headings.append((len(match[1]), match[3], _inline(match[2], self.link)))
        self.add("heading", "")  # filled in by finish(), once every explicit id is known

    def paragraph(self, lines: list[str]) -> None:
        if any(_RISKY_LINE_START.match(line) for line in lines):
            raise Unsupported(f"block {lines[0][:60]!r}")
        classes = _BLOCK_CLASSES.fullmatch(lines[-1]) if len(lines) > 1 else None
        if classes:
            lines = lines[:-1]
        body = _inline("\n".join(lines), self.link)
        self.add("paragraph", f"<p{_class_attribute(classes[1] if classes else None)}>{body}</p>")

    def finish(self) -> Converted:
        used = {explicit for _, explicit, _ in self.headings if explicit}
        counters: dict[str, int] = {}
        tokens, headings = [], iter(self.headings)
        for number, kind in enumerate(self.kinds):
            if kind != "heading":
                continue
            level, explicit, inner = next(headings)
            name = strip_tags(inner)
            anchor = explicit or unique(slugify(html.unescape(name), "-"), used, counters)
            permalink = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>'
            self.blocks[number] = f'<h{level} id="{anchor}">{inner}{permalink}</h{level}>'
            tokens.append({"level": level, "id": anchor, "name": name, "html": inner, "data-toc-label": ""})
        if self.kinds and self.kinds[-1] == "html":
            self.blocks[-1] = self.blocks[-1][:-1]
        return Converted("\n".join(self.blocks), nest_toc_tokens(tokens), used | self.raw_ids)


def convert(markdown: str, link: Callable[[str], str] = lambda url: url) -> Converted:
    """The HTML of a page body (front matter already removed). link(url) gives the href each link
    gets (MkDocs turns `page.md` links into page URLs). Raises Unsupported outside the subset."""
    if "\t" in markdown or "\r" in markdown:
        raise Unsupported("tabs or carriage returns")
    page = _Page(link)
    for block in markdown.strip("\n").split("\n\n"):
        if block.strip("\n"):
            page.block(block.strip("\n"))
    return page.finish()
