"""Smaller HTML: the theme indents every line of every page, about a fifth of
a generated page's bytes. Indentation and blank lines are dropped outside
<pre>, <textarea> and <script>; a line break stays, so what renders is unchanged."""
from __future__ import annotations

import re

_KEPT = re.compile(r"<(pre|textarea|script)\b.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"\n\s+")


def strip_indentation(html: str) -> str:
    parts, last = [], 0
    for kept in _KEPT.finditer(html):
        parts += [_INDENT.sub("\n", html[last:kept.start()]), kept[0]]
        last = kept.end()
    parts.append(_INDENT.sub("\n", html[last:]))
    return "".join(parts)


def without_permalinks(html: str) -> str:
    """The HTML without the toc extension's heading permalinks (`<a class="headerlink" ...>¶</a>`),
    as overrides/generated.html's macro of that name removes them (in Python: a fifth of the time)."""
    parts = html.split('<a class="headerlink" href="#')
    return parts[0] + "".join(part.partition("</a>")[2] for part in parts[1:])
