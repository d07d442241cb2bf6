"""Golden pages: the Markdown of a few pages of the sample archive, pinned.

Regenerate after an intended change in rendering (or in the classifier):
    python -m tests.regen_golden
then review the diff of tests/golden/.
"""
from __future__ import annotations

from pathlib import Path

from tests.rendering import site_pages

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
SAMPLE_DIGESTS = ROOT / "digests"
SITE_TITLE = "Paper Archive"
GOLDEN_PAGES = (
    "days/2026-01-08.md",
    "topics/audio.md",
    "tags/quantization.md",
    "papers/pointer-networks.md",  # appeared on all five days
    "papers/outlier-safe-pre-training-for-robust-4-bit-quantization-of-large-language-models.md",
)


def golden_pages() -> dict[str, str]:
    pages, _ = site_pages(SAMPLE_DIGESTS, site_title=SITE_TITLE)
    return {path: pages[path] for path in GOLDEN_PAGES}


def main() -> None:
    for path, content in golden_pages().items():
        target = GOLDEN_DIR / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
