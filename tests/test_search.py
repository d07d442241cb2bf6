"""The archive search index, partitioned by term: the terms lunr makes, the scores
lunr.py gives, files named by content that a new day mostly leaves alone.
(The worker's rankings against one full lunr.py index: tests/test_search_browser.py.)"""
from __future__ import annotations

import dataclasses
import hashlib
import datetime as dt
import json
import math
import random
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import pytest

from generator.build import load
from generator.pages import search as search_files
from generator.enrich import make_site
from generator.search import FolderCache, MemoryCache, SearchDoc, build
from generator.search.docs import days, oldest_first
from generator.search.index import FIELDS
from generator.search.partitions import Directory, Files, cut, keyed, separator, utf16_sorted
from generator.search.postings import pack, unpack
from generator.search.terms import WORD, terms, words
from tests.conftest import ROOT, SAMPLE_DIGESTS
from tests.lunr_reference import build_index, lunr_index, reference_index

REAL_CORPUS = ROOT.parent.parent / "shared" / "samples" / "hf-api-real"
if not REAL_CORPUS.is_dir():
    REAL_CORPUS = ROOT.parent / "shared" / "samples" / "hf-api-real"
QUERIES = list[tuple[str, dict[str, str]]]


@lru_cache(maxsize=2)
def search_docs(folder: Path) -> tuple[list[SearchDoc], dict[str, str]]:
    """The archive's search docs, oldest first, and its search files."""
    archive, taxonomy, _ = load(folder)
    site = make_site(archive, taxonomy, "T")
    return oldest_first([search_files.search_doc(site, p) for p in archive.papers.values()]), search_files.render(site)


def common_queries(docs: list[SearchDoc]) -> QUERIES:
    """Queries any archive answers: words common and rare, prefixes, punctuation, filters."""
    newest = docs[-1]
    rare = next(w for d in docs for w in WORD.findall(d.body.lower()) if len(w) > 10 and w.isalpha())
    title = docs[len(docs) // 2].title
    author = next(name for d in reversed(docs) for name in d.author_names if len(name.split()) >= 2) \
        if any(d.author_names for d in docs) else "nobody here"
    return [
        ("language models", {}), ("diffusion", {}), ("speculative decoding", {}), ("reinforcement learning", {}),
        ("large language model reasoning", {}), ("quant", {}), ("vision transformer", {}), (rare, {}),
        (title, {}), (title.lower() + " ", {}), ('"Pointer" (Networks)!!! -- [*]:^~+', {}), ("qwxzvk", {}),
        ("benchmark qwxzvk", {}), ("con", {}), ("lo", {}), ("the of and", {}), ("agent", {"topic": "agents"}),
        ("", {"topic": "audio"}), ("", {"from": newest.day.isoformat(), "to": newest.day.isoformat()}),
        ("model", {"from": docs[len(docs) // 3].day.isoformat(), "to": docs[len(docs) // 2].day.isoformat()}),
        (author, {}), ("", {"author": author}), ("model", {"author": author}),
        ("", {"tag": next(tag for d in docs for tag in d.tags)}),
        (f"https://example.org/archive/{newest.url}", {}), (f"{newest.url}", {}),
    ]


def sample_queries(docs: list[SearchDoc]) -> QUERIES:
    return [("pointer netw", {}), ("speech", {"topic": "audio"}), ("speech", {}),
            ("Outlier-Safe Pre-Training for Robust 4-bit Quantization of Large Language Models", {}),
            *common_queries(docs)]


def real_queries(docs: list[SearchDoc]) -> QUERIES:
    ids = [d.arxiv_id for d in docs if d.arxiv_id]
    return [(ids[0], {}), (f"arXiv:{ids[-1]}v2", {}), (f"https://arxiv.org/abs/{ids[len(ids) // 2]}", {}),
            (f"{ids[1]} qwxzvk", {}), ("quantization", {}), ("mixture of experts", {}), ("video generation", {}),
            *common_queries(docs)]


def doc(title: str, day: dt.date | None, body: str = "", url: str = "") -> SearchDoc:
    return SearchDoc(url or f"papers/{title.lower().replace(' ', '-')}/", title, day, (), "", body)


def test_terms_are_words_without_stop_words_stemmed_like_lunr():
    assert terms("The Transformers: *Attention* is all you need!") == ["transform", "attent", "need"]
    assert terms("GPT-4o, 3D-LLM & C++") == ["gpt", "4o", "3d", "llm", "c"]
    assert terms("") == [] and terms("!!! ... ***") == []


def test_ascii_text_splits_into_the_words_the_regex_finds():
    ascii_text = "".join(chr(c) + "Ab1" for c in range(128))
    assert words(ascii_text) == WORD.findall(ascii_text.lower())
    assert words("x_y é1 ÀB ſt") == ["x", "y", "é1", "àb", "ſt"]


def test_docs_are_numbered_oldest_first_so_a_day_range_is_an_interval():
    docs = oldest_first([doc("b", dt.date(2026, 1, 5)), doc("u", None), doc("a", dt.date(2026, 1, 5)),
                         doc("c", dt.date(2026, 1, 3))])
    assert [d.title for d in docs] == ["u", "c", "a", "b"]
    assert days(docs) == (1, [(dt.date(2026, 1, 3), 1), (dt.date(2026, 1, 5), 2)])
    days_file = json.loads(next(v for p, v in build(docs).files.items() if p.startswith("search/days.")))
    assert days_file == {"undated": 1, "first": "2026-01-03", "gaps": [0, 2], "counts": [1, 2]}


def test_the_reference_index_is_byte_identical_to_lunr_py_builder():
    docs, _ = search_docs(SAMPLE_DIGESTS)
    pairs = [(d.title, d.body) for d in docs[:120]]
    assert build_index(pairs) == reference_index(pairs)


def partitions(files: dict[str, str], kind: str) -> dict[str, list]:
    """Every key of the partitions under search/<kind>/ with its value."""
    found: dict[str, list] = {}
    for path, text in files.items():
        if path.startswith(f"search/{kind}/"):
            part = json.loads(text)
            found.update(zip(part["keys"], part["values"]))
    return found


def bm25_milli(manifest: dict, in_docs: int, f: int, tf: int, length: int) -> int:
    """search-worker.js `weight`, in Python."""
    _, boost, total = manifest["fields"][f]
    count = manifest["papers"]
    idf = math.log(1 + abs((count - in_docs + 0.5) / (in_docs + 0.5)))
    score = idf * ((1.2 + 1) * tf) / (1.2 * (1 - 0.75 + 0.75 * (length / (total / count))) + tf) * boost
    return round(score * 1000)


def test_postings_give_lunr_pys_scores_for_every_term_and_doc():
    docs, files = search_docs(SAMPLE_DIGESTS)
    manifest = json.loads(files["search/manifest.json"])
    vocabulary, grouped = partitions(files, "d"), partitions(files, "p")
    lunr = lunr_index([(d.title, d.body) for d in docs])
    number = {found: posting["_index"] for found, posting in lunr["invertedIndex"]}
    expected = {ref: dict(zip(v[0::2], v[1::2])) for ref, v in lunr["fieldVectors"]}
    assert sorted(vocabulary) == sorted(number)
    checked = 0
    for found, (*df, packed) in vocabulary.items():
        packed = grouped[found] if isinstance(packed, str) else packed
        packed = list(map(unpack, packed))
        for f, (field, _) in enumerate(FIELDS):
            refs = list(accumulate(packed[3 * f]))
            assert len(refs) == df[f]
            for ref, tf, length in zip(refs, packed[3 * f + 1], packed[3 * f + 2]):
                assert bm25_milli(manifest, sum(df), f, tf, length) / 1000 == expected[f"{field}/{ref}"][number[found]]
                checked += 1
    assert checked > 30_000
    assert manifest["fields"] == [[name, boost, sum(len(terms(getattr(d, name))) for d in docs)] for name, boost in FIELDS]


def test_records_topics_ids_and_urls_cover_every_paper_once():
    docs, files = search_docs(SAMPLE_DIGESTS)
    manifest = json.loads(files["search/manifest.json"])
    records = manifest["records"]
    shown = []
    for d, hashed in enumerate(records["dirs"]):
        for i, file_hash in enumerate(json.loads(files[f"search/r/d{d}.{hashed}.json"])):
            shown += json.loads(files[f"search/r/{d * records['perDir'] + i}.{file_hash}.json"])
    assert [r[0] for r in shown] == [d.url for d in docs] and [r[1] for r in shown] == [d.title for d in docs]
    assert partitions(files, "u") == {d.url: n for n, d in enumerate(docs)}
    audio = next(t for t in manifest["topics"] if t[0] == "audio")
    assert audio[1:3] == ["Speech & Audio", "topics/audio/"]
    assert list(accumulate(json.loads(files[f"search/f/{audio[3]}.json"]))) == [
        n for n, d in enumerate(docs) if "audio" in d.topics]


def test_files_are_named_by_content_and_deterministic():
    docs, files = search_docs(SAMPLE_DIGESTS)
    assert build(list(reversed(docs)), MemoryCache()).files == build(docs).files
    for path, text in files.items():
        if path != "search/manifest.json":
            named = path.removesuffix(".json").rsplit("/", 1)[-1].rsplit(".", 1)[-1]
            assert hashlib.sha256(text.encode()).hexdigest().startswith(named) and len(named) >= 8, path


def test_packed_numbers_come_back_and_take_a_character_per_five_bits():
    numbers = [0, 1, 31, 32, 1023, 1024, 32767, 32768, 10**6, 7]
    assert unpack(pack(numbers)) == numbers and len(pack([31, 1023, 32767])) == 1 + 2 + 3
    assert json.dumps(pack(list(range(70000)))).count("\\") == 0  # no character JSON escapes


def test_partitions_cut_at_keys_so_new_keys_change_only_their_partition():
    keys = sorted(f"term{i}" for i in range(5000))
    before = [[k for k, _ in part] for part in cut([(k, 0) for k in keys], 64)]
    assert 40 < len(before) < 140 and max(map(len, before)) <= 4 * 64
    after = [[k for k, _ in part] for part in cut([(k, 0) for k in sorted(keys + ["term2500x"])], 64)]
    assert len([p for p in after if p not in before]) == 1


def test_a_new_day_rewrites_only_the_partitions_its_papers_touch():
    docs, _ = search_docs(SAMPLE_DIGESTS)
    last = docs[-1]
    new_day = [dataclasses.replace(last, url=f"papers/new-{i}/", day=last.day + dt.timedelta(days=1),
                                   title=f"Frobnicating widgets {i}", arxiv_id="") for i in range(3)]
    cache = MemoryCache()
    files = build(docs, cache).files
    updated = build(docs + new_day, cache)
    assert updated.tokenized == 3
    changed = {path for path, text in updated.files.items() if files.get(path) != text}
    removed = set(files) - set(updated.files)
    assert len(changed) < len(files) / 2 and len(removed) <= len(changed)
    kinds = {path.split("/")[1] for path in changed if path.count("/") == 2}
    assert "d" in kinds and "r" in kinds
    assert updated.files == build(docs + new_day, MemoryCache()).files  # appended = built from scratch


def test_appended_postings_are_a_clean_builds_bytes_and_a_changed_old_day_is_built_again(tmp_path):
    docs, _ = search_docs(SAMPLE_DIGESTS)
    days_seen = sorted({d.day for d in docs if d.day})
    first, second = ([d for d in docs if d.day is None or d.day <= days_seen[len(days_seen) // 2]],
                     [d for d in docs if d.day and d.day > days_seen[len(days_seen) // 2]])
    facets = {"topics": [(slug, slug, f"topics/{slug}/") for slug in sorted({t for d in docs for t in d.topics})],
              "tags": [(slug, slug) for slug in sorted({t for d in docs for t in d.tags})]}
    cache = FolderCache(tmp_path)  # kept on disk, as between two daily builds
    build(first, cache, **facets)
    appended = build(first + second, cache, **facets)
    assert appended.tokenized == len(second)
    assert appended.files == build(docs, MemoryCache(), **facets).files
    for change in ({"body": first[1].body + " Frobnicated."}, {"author_names": ("Ada Lovelace",)},
                   {"topics": ("audio",)}, {"tags": (facets["tags"][0][0],)}, {"arxiv_id": "2401.99999"}):
        edited = [dataclasses.replace(d, **change) if d is first[1] else d for d in docs]
        assert build(edited, cache, **facets).files == build(edited, MemoryCache(), **facets).files, change
    assert build(first, cache, **facets).files == build(first, MemoryCache(), **facets).files  # fewer days


def test_a_directory_kept_between_builds_is_cut_as_a_clean_cut_would():
    rng = random.Random(7)
    for _ in range(150):
        every, recut = rng.choice([4, 8, 16]), rng.random() < 0.7
        directory, entries = Directory(every, recut), {}
        for step in range(4):
            changed = {"".join(rng.choices("abcé\uff01\U0001F600", k=rng.randint(1, 4))): str(rng.randint(0, 9))
                       for _ in range(rng.randint(0, 40 if step == 0 else 12))}
            changed.update({key: None for key in entries if rng.random() < 0.05})
            if directory.stretches and rng.random() < 0.3:  # a key that starts a stretch goes
                changed[rng.choice(directory.stretches)[0][0]] = None
            directory.update(changed)
            entries = {key: value for key, value in {**entries, **changed}.items() if value is not None}
            files, clean, listed, last = Files(), Files(), [], None
            for part in cut(utf16_sorted(entries.items(), True), every, recut):
                keys = [key for key, _ in part]
                listed.append([separator(last, keys[0]), clean.add_text("x", keyed(keys, [v for _, v in part]))])
                last = keys[-1]
            assert directory.add_to(files, "x") == listed and files.by_path == clean.by_path


def test_an_edit_of_the_newest_day_starts_from_the_days_before_it():
    docs, _ = search_docs(SAMPLE_DIGESTS)
    newest = max(d.day for d in docs if d.day)
    cache = MemoryCache()
    build(docs, cache)
    for n in range(3):  # `mkdocs serve`: the newest digest saved again and again
        edited = [dataclasses.replace(d, title=f"Edit{n} {d.title}") if d.day == newest else d for d in docs]
        rebuilt = build(edited, cache)
        assert rebuilt.tokenized == sum(d.day == newest for d in docs)
        assert rebuilt.files == build(edited, MemoryCache()).files
    assert build(docs + [doc("Frobnicating widgets", newest + dt.timedelta(days=1))], cache).tokenized == 1
    assert build(docs, cache).files == build(docs, MemoryCache()).files


def test_search_docs_index_title_and_a_body_of_abstract_authors_and_topics():
    archive, taxonomy, _ = load(SAMPLE_DIGESTS)
    site = make_site(archive, taxonomy, "T")
    paper = next(p for p in archive.papers.values() if p.topics)
    found = search_files.search_doc(site, paper)
    assert found.title and paper.abstract in found.body and all(name in found.body for name in paper.authors)
    assert site.topic_name(paper.topics[0]) in found.body and found.author_names == paper.authors


@pytest.mark.parametrize("corpus", ["sample", "real"])
def test_reference_queries_are_enough_and_varied(corpus):
    if corpus == "real" and not REAL_CORPUS.is_dir():
        pytest.skip(f"{REAL_CORPUS} is not here")
    docs, _ = search_docs(SAMPLE_DIGESTS if corpus == "sample" else REAL_CORPUS)
    queries = sample_queries(docs) if corpus == "sample" else real_queries(docs)
    assert len(queries) >= 20 and len(set(map(str, queries))) == len(queries)
