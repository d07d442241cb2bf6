"""The Markdown of a day, topic, tag and paper page of the sample archive is
pinned in tests/golden/. After an intended change: python -m tests.regen_golden"""
import pytest

from tests.regen_golden import GOLDEN_DIR, GOLDEN_PAGES, golden_pages


@pytest.fixture(scope="module")
def pages():
    return golden_pages()


@pytest.mark.parametrize("path", GOLDEN_PAGES)
def test_page_matches_golden(pages, path):
    expected = (GOLDEN_DIR / path).read_text(encoding="utf-8")
    assert pages[path] == expected, f"{path} changed; if intended, run: python -m tests.regen_golden"
