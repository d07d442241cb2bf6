"""The archive search index: shards by week, lunr.py-identical indexes,
files that only change with their content, and a cache that spares rebuilds."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from generator.build import load
from tests.rendering import render_site
from generator.pages import search as search_files
from generator.enrich import make_site
from generator.search import MemoryCache, SearchDoc, build_indexes, make_shards
from generator.search.lunr_index import build_index, reference_index
from generator.search.shards import week_of
from generator.search.terms import WORD, terms, words
from tests.conftest import SAMPLE_DIGESTS


@pytest.fixture(scope="module")
def sample():
    archive, taxonomy, _ = load(SAMPLE_DIGESTS)
    return archive, taxonomy


@pytest.fixture(scope="module")
def sample_files(sample):
    return {path: content for path, content in render_site(*sample).items() if path.startswith("search/")}


def doc(title: str, day: dt.date | None, body: str = "") -> SearchDoc:
    return SearchDoc("papers/x/", title, day, (), "", body, body)


def test_terms_are_words_without_stop_words_stemmed_like_lunr():
    assert terms("The Transformers: *Attention* is all you need!") == ["transform", "attent", "need"]
    assert terms("GPT-4o, 3D-LLM & C++") == ["gpt", "4o", "3d", "llm", "c"]
    assert terms("") == [] and terms("!!! ... ***") == []


def test_ascii_text_splits_into_the_words_the_regex_finds():
    ascii_text = "".join(chr(c) + "Ab1" for c in range(128))
    assert words(ascii_text) == WORD.findall(ascii_text.lower())
    assert words("x_y é1 ÀB ſt") == ["x", "y", "é1", "àb", "ſt"]


def test_newest_week_is_a_shard_of_its_own_and_older_papers_are_sharded_by_quarter():
    docs = [doc("a", dt.date(2026, 1, 5)), doc("b", None), doc("c", dt.date(2026, 1, 11)),
            doc("d", dt.date(2026, 4, 2)), doc("e", dt.date(2025, 12, 29)), doc("f", dt.date(2026, 3, 31)),
            doc("g", dt.date(2026, 3, 30))]
    shards = make_shards(docs)
    assert [(s.id, s.first, s.last, [d.title for d in s.docs]) for s in shards] == [
        ("2026-w14", dt.date(2026, 3, 30), dt.date(2026, 4, 5), ["d", "f", "g"]),
        ("2026-q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), ["c", "a"]),
        ("2025-q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31), ["e"]),
        ("undated", None, None, ["b"])]
    assert week_of(dt.date(2025, 12, 29))[0] == "2026-w01"  # ISO weeks: the week of Jan 1


def test_index_is_byte_identical_to_lunr_py_builder(sample):
    site = make_site(*sample, "T")
    shards = make_shards([search_files.search_doc(site, paper) for paper in sample[0].papers.values()])
    assert len(shards) > 2
    for shard in shards:
        pairs = [(d.title, d.body) for d in shard.docs]
        assert build_index(pairs) == reference_index(pairs), shard.id


def test_index_has_title_and_body_fields_and_no_positions():
    index = json.loads(build_index([("Pointer Networks", "We use attention as a pointer.")]))
    assert index["fields"] == ["title", "body"] and index["pipeline"] == ["stemmer"]
    terms_found = dict(index["invertedIndex"])
    assert terms_found["pointer"] == {"title": {"0": {}}, "body": {"0": {}}, "_index": 0}
    assert "attent" in terms_found and "we" not in terms_found


def test_manifest_lists_every_paper_once_in_shards_newest_first(sample, sample_files):
    manifest = json.loads(sample_files["search/manifest.json"])
    assert manifest["papers"] == len(sample[0].papers) == sum(s["papers"] for s in manifest["shards"])
    dated = [s["first"] for s in manifest["shards"] if s["first"]]
    assert dated == sorted(dated, reverse=True)
    urls = []
    for entry in manifest["shards"]:
        shard = json.loads(sample_files[entry["index"]])
        texts = json.loads(sample_files[entry["text"]])
        assert len(shard["papers"]) == len(texts) == entry["papers"]
        urls += [paper[0] for paper in shard["papers"]]
    assert len(set(urls)) == len(urls) == manifest["papers"]
    assert ["audio", "Speech & Audio", "topics/audio/"] in manifest["topics"]


def test_shard_files_are_named_by_content_and_deterministic(sample, sample_files):
    again = {path: content for path, content in render_site(*sample).items() if path.startswith("search/")}
    assert again == sample_files
    shard = make_shards([doc("a", dt.date(2026, 1, 5), "x")])[0]
    first = search_files.shard_files(shard, "{}")
    changed = search_files.shard_files(make_shards([doc("a", dt.date(2026, 1, 5), "y")])[0], "{}")
    assert first[0] == changed[0] and first[2] != changed[2]  # only the abstracts changed


def test_unchanged_shards_come_from_the_cache():
    cache = MemoryCache()
    week1 = [doc("Pointer Networks", dt.date(2026, 1, 5), "attention")]
    week2 = [doc("Sparse Attention", dt.date(2026, 1, 12), "kernels")]
    first, built = build_indexes([week1, week2], cache)
    assert built == 2
    again, built = build_indexes([week1, week2 + [doc("New", dt.date(2026, 1, 13))]], cache)
    assert built == 1 and again[0] == first[0] and again[1] != first[1]
