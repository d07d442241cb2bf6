"""What versions a cache kept between builds: the generator's own source and the packages
that shape its output. A cache entry made by other code is never used, so a code change
(or an upgrade) starts clean without anyone deleting cache_dir."""
from __future__ import annotations

import functools
import hashlib
import sys
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).parent
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pymdown-extensions", "pyyaml", "python-slugify")


def hash_files(paths: list[Path], root: Path) -> str:
    """A hash of the files' names (relative to root) and contents."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def hash_folder(folder: Path) -> str:
    folder = Path(folder)
    return hash_files(sorted(p for p in folder.rglob("*") if p.is_file()), folder) if folder.is_dir() else "none"


@functools.cache
def generator_code() -> str:
    """The generator's source (every module and packaged data file) and the package versions."""
    paths = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return hashlib.sha256(f"{hash_files(paths, PACKAGE)} {package_versions()}".encode()).hexdigest()


def package_versions() -> str:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"
    return " ".join(f"{name}={version(name)}" for name in PACKAGES) + f" python={sys.version_info[:3]}"
