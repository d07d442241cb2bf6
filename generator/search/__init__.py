"""The archive search index: time shards of lunr indexes, built with lunr.py.

`shards` groups search documents by week, `lunr_index` builds (or reuses from a
cache) each shard's index, `terms` is the text-to-terms rule both share with
the search page. `generator.pages.search` writes the files the page loads.
"""
from .lunr_index import FolderCache, IndexCache, MemoryCache, build_indexes
from .shards import SearchDoc, Shard, make_shards

__all__ = ["FolderCache", "IndexCache", "MemoryCache", "SearchDoc", "Shard", "build_indexes", "make_shards"]
