"""The API reader on four real responses from different years, and on drift."""
import datetime as dt
import json

import pytest

from generator.archive import build_archive, read_folder
from generator.model import Link
from tests.conftest import API_SAMPLES


@pytest.fixture(scope="module")
def digests():
    result = read_folder(API_SAMPLES)
    assert result.problems == ()
    return {d.source.rsplit("/", 1)[1]: d for d in result.digests}


def test_counts_and_dates(digests):
    assert {name: (len(d.entries), d.date) for name, d in digests.items()} == {
        "2024-05-27.json": (13, dt.date(2024, 5, 27)),
        "2024-12-11.json": (26, dt.date(2024, 12, 11)),
        "2025-06-10.json": (28, dt.date(2025, 6, 10)),
        "2026-08-21.json": (17, dt.date(2026, 8, 21)),
    }
    assert all(d.format == "hf-api" for d in digests.values())


def test_2024_shape_joins_arxiv_title_wraps(digests):
    paper = digests["2024-05-27.json"].entries[0]
    assert paper.title == "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models"
    assert paper.arxiv_id == "2405.15738"
    assert paper.abstract.startswith("High-resolution Large Multimodal Models (LMMs) encounter the challenges of excessive")
    assert paper.abstract.endswith("The ConvLLaVA model series are publicly available at https://github.com/alibaba/conv-llava.")
    assert paper.authors[:2] == ("Chunjiang Ge", "Sijie Cheng") and paper.authors[-1] == "Bo Zheng"
    assert (paper.author_count, paper.published, paper.featured, paper.upvotes) == (
        9, dt.date(2024, 5, 24), dt.date(2024, 5, 27), 32)
    assert paper.links == (Link("code", "https://github.com/alibaba/conv-llava"),)
    assert paper.keywords == ()


def test_items_that_are_python_repr_strings(digests):
    first, last = digests["2024-12-11.json"].entries[0], digests["2024-12-11.json"].entries[-1]
    assert first.title == "STIV: Scalable Text and Image Conditioned Video Generation"
    assert (first.arxiv_id, first.upvotes, first.author_count) == ("2412.07730", 54, 17)
    assert first.authors[0] == "Zongyu Lin"
    assert first.abstract.endswith("and reliable video generation solutions.")
    assert last.title == "A New Federated Learning Framework Against Gradient Inversion Attacks"
    assert last.line == 27
    assert last.links == (Link("code", "https://github.com/Pengxin-Guo/HyperFL"),)


def test_2025_shape_has_keywords(digests):
    paper = digests["2025-06-10.json"].entries[0]
    assert paper.title == "Reinforcement Pre-Training"
    assert paper.authors == ("Qingxiu Dong", "Li Dong", "Yao Tang", "Tianzhu Ye", "Yutao Sun", "Zhifang Sui", "Furu Wei")
    assert paper.keywords[:3] == ("Reinforcement Pre-Training (RPT)", "next-token prediction", "reasoning task")
    assert (paper.published, paper.featured, paper.upvotes) == (dt.date(2025, 6, 9), dt.date(2025, 6, 10), 97)
    zero = digests["2025-06-10.json"].entries[-1]
    assert zero.arxiv_id == "2505.23473" and zero.upvotes == 0


def test_2026_shape_has_repository_project_and_organisation(digests):
    paper = digests["2026-08-21.json"].entries[0]
    assert paper.title == "EnvHarness: Awakening Static Worlds for Agent Learning"
    assert paper.organization == "Google"
    assert paper.links == (Link("code", "https://github.com/google-research/envharness"),
                           Link("project", "https://envharness.com/"))
    assert (paper.published, paper.featured, paper.upvotes, paper.author_count) == (
        dt.date(2026, 8, 20), dt.date(2026, 8, 21), 163, 17)
    assert paper.abstract.startswith("LLM agents learn by interacting with environments, yet")


def api_item(**paper):
    base = {"id": "2501.00001", "title": "A Title", "summary": "An abstract.", "authors": [], "upvotes": 1}
    base.update(paper)
    return {"paper": base, "publishedAt": "2025-01-02T03:04:05.000Z"}


def test_hidden_authors_unknown_fields_and_missing_optionals(digest_dir):
    item = api_item(authors=[{"name": "Shown", "hidden": False}, {"name": "Secret", "hidden": True}],
                    brandNewField={"x": 1})
    del item["paper"]["upvotes"]
    folder = digest_dir({"x.json": json.dumps([item])})
    archive, problems = build_archive(folder)
    paper = next(iter(archive.papers.values()))
    assert problems == []
    assert paper.authors == ("Shown",) and paper.author_count == 1
    assert paper.upvotes is None
    assert paper.days == (dt.date(2025, 1, 2),)


def test_a_broken_item_is_skipped_with_its_line_and_the_rest_read(digest_dir):
    text = json.dumps([api_item(), "{'paper': {'id': ", {"nopaper": True}], indent=1)
    archive, problems = build_archive(digest_dir({"2025-01-02.json": text}), "digests")
    assert archive.summary.entries_read == 3 and archive.summary.entries_skipped == 2
    assert [str(p) for p in problems] == [
        "digests/2025-01-02.json:12: error: found a string that is not a paper item (\"{'paper': {'id':\"); "
        'expected a paper item: an object (or its Python repr) with a "paper" object holding "title"; item skipped',
        "digests/2025-01-02.json:13: error: found an object without a paper title (keys: nopaper); "
        'expected a paper item: an object (or its Python repr) with a "paper" object holding "title"; item skipped',
    ]
