"""Related papers: never itself or its own duplicates, the most similar first, stable."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from generator.archive import build_archive
from generator.model import Archive, Day, Paper
from generator.build import load
from tests.rendering import render_site
from generator.related import RELATED, RelatedCache, related_papers, words
from tests.conftest import SAMPLE_DIGESTS

D1, D2 = dt.date(2026, 1, 8), dt.date(2026, 1, 9)


@pytest.fixture(scope="module")
def sample() -> Archive:
    return build_archive(SAMPLE_DIGESTS)[0]


def archive_of(*papers: Paper) -> Archive:
    days = sorted({d for p in papers for d in p.days}, reverse=True)
    return Archive({p.key: p for p in papers},
                   tuple(Day(d, tuple(p.key for p in papers if d in p.days), ("x",)) for d in days))


def test_no_paper_relates_to_itself_and_every_related_paper_exists(sample):
    related = related_papers(sample)
    assert set(related) == set(sample.papers)
    for key, others in related.items():
        assert key not in others
        assert len(others) == len(set(others)) == RELATED  # the sample is big enough for five each
        assert set(others) <= set(sample.papers)


def test_duplicates_across_days_are_never_related_to_each_other():
    text = "Sparse mixture of experts routing for efficient transformer language model inference."
    twins = [Paper(key=f"arxiv-2401.0000{i}", title="Sparse Experts, Routed!", abstract=text, days=(day,))
             for i, day in ((1, D1), (2, D2))]
    twins.append(Paper(key="title-sparse experts routed", title="sparse experts routed", abstract=text, days=(D2,)))
    cousin = Paper(key="arxiv-2401.00009", title="Routing sparse experts", abstract=text, days=(D2,))
    others = [Paper(key=f"arxiv-2402.0000{i}", title=f"Unrelated {word}", abstract=f"{word} {word} weather forecasting",
                    days=(D1,)) for i, word in enumerate(("graphs", "proteins", "robots"))]
    related = related_papers(archive_of(*twins, cousin, *others))
    for twin in twins:
        assert not {t.key for t in twins} & set(related[twin.key])
        assert related[twin.key][0] == cousin.key
    assert set(related[cousin.key][:3]) == {t.key for t in twins}


def test_the_most_similar_paper_comes_first():
    papers = [
        Paper(key="a", title="Protein folding with graph transformers", abstract="protein structure folding residues"),
        Paper(key="b", title="Graph transformers for protein structure", abstract="folding residues contacts"),
        Paper(key="c", title="Graph transformers for traffic", abstract="road traffic forecasting"),
        Paper(key="d", title="Image diffusion models", abstract="pixels denoising images"),
        Paper(key="e", title="Speech recognition", abstract="audio acoustic words"),
    ]
    related = related_papers(Archive({p.key: p for p in papers}, ()))
    assert related["a"][:2] == ("b", "c")
    assert "d" not in related["a"]  # no shared word: not related at all


def test_related_papers_do_not_depend_on_the_archive_order(sample):
    keys = list(sample.papers)
    random.Random(7).shuffle(keys)
    shuffled = Archive({key: sample.papers[key] for key in keys}, sample.days)
    assert related_papers(shuffled) == related_papers(sample)


def test_paper_pages_link_their_related_papers():
    archive, taxonomy, _ = load(SAMPLE_DIGESTS)
    pages = render_site(archive, taxonomy)
    page = pages["papers/pointer-networks.md"]
    section = page.split("## Related papers", 1)[1].split("\n## ", 1)[0]
    links = [line.split("](", 1)[1].split(")", 1)[0] for line in section.splitlines() if line.startswith("- [")]
    assert len(links) == RELATED
    assert all(f"papers/{link}" in pages for link in links)


def test_a_cached_build_gives_what_a_fresh_one_gives_after_any_edit(sample):
    cache = RelatedCache()
    assert related_papers(sample, cache=cache) == related_papers(sample) and cache.recomputed == len(sample.papers)
    first, second = list(sample.papers.values())[:2]

    def edited(paper: Paper, **fields: str) -> Archive:
        return Archive({**sample.papers, paper.key: replace(paper, **fields)}, sample.days)

    unique_word = edited(first, title=f"Zyxwvutsrq {first.title}")  # in no other paper: every weight as it was
    assert related_papers(unique_word, cache=cache) == related_papers(unique_word)
    assert 0 < cache.recomputed < len(sample.papers) // 2
    fresh = RelatedCache()  # the postings and document counts edited in place are a fresh build's
    related_papers(unique_word, cache=fresh)
    assert (cache.last.postings, cache.last.df) == (fresh.last.postings, fresh.last.df)
    for archive in (edited(first, abstract=first.abstract + " " + second.abstract),  # other weights
                    edited(second, title=first.title),  # a duplicate of another paper now
                    edited(second, title=first.title, abstract=second.abstract[: len(second.abstract) // 2]),
                    sample):
        assert related_papers(archive, cache=cache) == related_papers(archive)
    almost = edited(second, title=f"{first.title} Zyxwvutsrq")
    twin = edited(second, title=first.title)  # the same weights, but the two are one paper now
    assert related_papers(almost, cache=cache) == related_papers(almost)
    assert related_papers(twin, cache=cache) == related_papers(twin) and cache.recomputed < len(sample.papers) // 2
    assert first.key not in related_papers(twin)[second.key]


def test_a_cached_build_gives_what_a_fresh_one_gives_with_the_candidates_capped(sample):
    cap = 3  # the sample's terms are in far more papers than that: the cap is in force
    cache = RelatedCache()
    assert related_papers(sample, cache=cache, cap=cap) == related_papers(sample, cap=cap)
    assert related_papers(sample, cap=cap) != related_papers(sample, cap=None)
    postings = cache.last.postings
    term, (indexes, weights) = max(postings.items(), key=lambda item: (len(item[1][0]), item[0]))
    assert len(indexes) > cap
    heaviest = set(cache.last.candidates[term][0])
    keys = sorted(sample.papers)
    inside = sample.papers[keys[next(i for i in indexes if i in heaviest)]]
    outside = sample.papers[keys[next(i for i in indexes if i not in heaviest)]]
    # words the paper has already, more often: every document count, so every weight, as it was
    others = " ".join([w for w in words(f"{inside.title} {inside.abstract}") if w != term] * 20)
    edits = (replace(outside, abstract=f"{outside.abstract} {' '.join([term] * 20)}"),  # into the term's heaviest
             replace(inside, abstract=f"{inside.abstract} {others}"),  # out of them
             replace(outside, title=f"{outside.title} Zyxwvutsrq"))
    moved = (keys.index(outside.key) in heaviest, keys.index(inside.key) in heaviest, None)
    for paper, was_heaviest in zip(edits, moved):
        archive = Archive({**sample.papers, paper.key: paper}, sample.days)
        assert related_papers(archive, cache=cache, cap=cap) == related_papers(archive, cap=cap)
        fresh = RelatedCache()
        related_papers(archive, cache=fresh, cap=cap)
        assert (cache.last.candidates, cache.last.postings) == (fresh.last.candidates, fresh.last.postings)
        assert 0 < cache.recomputed < len(sample.papers)
        if was_heaviest is not None:  # the edit moved it into or out of the term's heaviest
            assert (keys.index(paper.key) in cache.last.candidates[term][0]) is not was_heaviest
