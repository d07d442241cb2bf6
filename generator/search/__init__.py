"""The archive search index, partitioned by term: `docs` numbers the papers,
`terms` is the text-to-terms rule shared with the search page, `index` builds
the files the page loads (`generator.pages.search` gives it the site's papers)."""
from .cache import FolderCache, IndexCache, MemoryCache
from .docs import SearchDoc
from .index import Built, build

__all__ = ["Built", "FolderCache", "IndexCache", "MemoryCache", "SearchDoc", "build"]
