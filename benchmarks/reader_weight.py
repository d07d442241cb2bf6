"""What the reader's layer adds to a page's HTML, measured on built sites.

    python benchmarks/reader_weight.py [DIGEST_FOLDER ...]   (default: digests/ and tests/fixtures/hf-api/)

Builds each folder with `mkdocs build --strict` (SOURCE_DATE_EPOCH=0) into a temporary folder and
prints, for paper and day pages, the median HTML size and the median bytes of each piece the
reader's layer (site_src/javascripts/reader.js, the HF list fields, most upvoted) put there: the
script tag, the Reading list nav entries, the AI summary, the Hugging Face link line, the GitHub
stars and the "This week's most upvoted" link. The lean-page target is a paper page of at most
6 KB of HTML; what matters here is the sum of these pieces, which stays put when the shell shrinks.
KaTeX (katex.min.js 270 KB, CSS and fonts) is not counted: it is fetched only on pages with math.
"""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = (ROOT / "digests", ROOT / "tests" / "fixtures" / "hf-api")
PIECES = {
    "script tag": re.compile(r'<script src="[^"]*javascripts/reader\.js"></script>\n?'),
    "nav entries": re.compile(r'<li class="md-(?:tabs|nav)__item">\n?<a href="[^"]*reading-list/" class="md-(?:tabs|nav)__link">'
                              r'\n?(?:<span class="md-ellipsis">\n?)?Reading list\n?(?:</span>\n?)?</a>\n?</li>\n?'),
    "AI summary": re.compile(r'<p class="pa-summary">.*?</p>\n?|<p class="pa-ai">.*?</p>\n?'),
    "HF link": re.compile(r'<li><a href="https://huggingface\.co/papers/[^"]*">Hugging Face</a>[^<]*</li>\n?'),
    "stars": re.compile(r" · ★ [\d,]+ GitHub stars?(?: on \w+ \d+, \d+)?| · code ★ [\d,]+| ★ [\d,]+"),
    "most upvoted link": re.compile(r' · <a href="[^"]*upvoted/[^"]*">This week\'s most upvoted</a>'),
}


def build(digests: Path, out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0", "DIGESTS_DIR": str(digests.resolve()),
           "PAPER_ARCHIVE_CACHE": str(out.parent / "cache"), "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(ROOT / "mkdocs.yml"),
                          "-d", str(out)], capture_output=True, text=True, env=env, cwd=out.parent)
    if run.returncode != 0:
        sys.exit(f"mkdocs build --strict failed for {digests}:\n{run.stdout}{run.stderr}")


def report(site: Path, kind: str) -> str:
    pages = [p.read_text(encoding="utf-8") for p in sorted((site / kind).glob("*/index.html"))]
    sizes = [len(page.encode("utf-8")) for page in pages]
    lines = [f"  {kind}: {len(pages)} pages, median {statistics.median(sizes):,.0f} B of HTML"]
    total = [0] * len(pages)
    for name, pattern in PIECES.items():
        bytes_each = [sum(len(m.encode("utf-8")) for m in pattern.findall(page)) for page in pages]
        total = [t + b for t, b in zip(total, bytes_each)]
        lines.append(f"    {name:>18}: median {statistics.median(bytes_each):,.0f} B, max {max(bytes_each):,} B")
    lines.append(f"    {'all of them':>18}: median {statistics.median(total):,.0f} B, max {max(total):,} B")
    return "\n".join(lines)


def main(folders: list[str]) -> None:
    for folder in map(Path, folders or DEFAULT_FOLDERS):
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            build(folder, site)
            print(f"{folder}:")
            print(report(site, "papers"))
            print(report(site, "days"))


if __name__ == "__main__":
    main(sys.argv[1:])
