from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIGESTS = ROOT / "digests"
API_SAMPLES = Path(__file__).resolve().parent / "fixtures" / "hf-api"
# The sample archive's files under the names they were first shared with (no dates).
SEED_NAMES = {
    "2026-01-08.txt": "000_841e38426e563e62.txt",
    "2026-02-16.txt": "001_cf93f1fdafa2443f.txt",
    "2026-04-20.txt": "002_3b57a8841e8d826a.txt",
    "2026-04-13.txt": "003_41e4299ceee78978.txt",
    "2026-03-14.txt": "004_a598187c47d565ec.txt",
}


@pytest.fixture
def unrenamed_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for dated, original in SEED_NAMES.items():
        (folder / original).write_bytes((SAMPLE_DIGESTS / dated).read_bytes())
    return folder


@pytest.fixture
def digest_dir(tmp_path: Path):
    """Writes digest files into a fresh folder: digest_dir({"name": text_or_bytes})."""
    def make(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "digests"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (folder / name).write_bytes(data)
        return folder
    return make
