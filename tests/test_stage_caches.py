"""What builds keep in cache_dir gives back exactly what the stage would compute, and an
entry cut short by a killed build is never used."""
from __future__ import annotations

import shutil

from generator.archive import build_archive
from generator.classify import Classifier
from generator.html_cache import Entry, HtmlCache
from generator.stage_caches import ClassifyCache, ReadCache
from generator.taxonomy import load_taxonomy
from tests.conftest import SAMPLE_DIGESTS


def test_a_kept_page_comes_back_whole_and_a_cut_one_is_a_miss(tmp_path):
    cache = HtmlCache(tmp_path, "site")
    key = cache.key("papers/x/", "---\ntitle: X\n---\n# X\n")
    entry = Entry(frozenset({"x"}), {"days/a.md": {"top": "../a.md#top"}}, ("days/a.md",))
    cache.put(key, "<html>é</html>", entry)
    cache.flush()  # written by a thread: done
    again = HtmlCache(tmp_path, "site")
    assert again.entry(key) == entry and again.html_bytes(key) == "<html>é</html>".encode()
    assert HtmlCache(tmp_path, "other site").entry(HtmlCache(tmp_path, "other site").key("papers/x/", "")) is None
    path = next(p for p in tmp_path.rglob("*") if p.is_file())
    path.write_bytes(path.read_bytes()[:-3])
    assert HtmlCache(tmp_path, "site").entry(key) is None
    pruned = HtmlCache(tmp_path, "site")
    assert pruned.prune() == 1 and not any(p.is_file() for p in tmp_path.rglob("*"))


def test_digests_are_parsed_once_and_again_when_they_change(tmp_path):
    digests = tmp_path / "digests"
    shutil.copytree(SAMPLE_DIGESTS, digests)
    expected = build_archive(digests)
    reads = ReadCache(tmp_path / "read")
    assert build_archive(digests, read=reads) == expected and reads.parsed == len(list(digests.iterdir()))
    reads.prune()
    assert build_archive(digests, read=reads) == expected and reads.parsed == 0  # from memory
    fresh = ReadCache(tmp_path / "read")
    assert build_archive(digests, read=fresh) == expected and fresh.parsed == 0  # from disk, another run
    edited = sorted(digests.iterdir())[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("a", "b", 1), encoding="utf-8")
    assert build_archive(digests, read=fresh) == build_archive(digests) and fresh.parsed == 1


def test_kept_classifications_classify_as_a_fresh_classifier_does(tmp_path):
    archive, _ = build_archive(SAMPLE_DIGESTS)
    expected = Classifier(load_taxonomy(None)).classify(archive)
    first = ClassifyCache(tmp_path)
    classifier = Classifier(load_taxonomy(None))
    first.restore(classifier, None)
    assert classifier.classify(archive) == expected
    first.keep(classifier)
    later, restored = ClassifyCache(tmp_path), Classifier(load_taxonomy(None))
    later.restore(restored, None)
    assert restored.memo and restored.classify(archive) == expected
