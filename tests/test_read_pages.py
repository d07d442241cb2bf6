"""The page-copy reader on the three layouts of the sample archive."""
import datetime as dt

import pytest

from generator.archive import read_folder
from generator.model import Link
from tests.conftest import SAMPLE_DIGESTS


@pytest.fixture(scope="module")
def digests():
    result = read_folder(SAMPLE_DIGESTS)
    assert result.problems == ()
    return {d.source.rsplit("/", 1)[1]: d for d in result.digests}


def entry(digests, name, title):
    return next(e for e in digests[name].entries if e.title == title)


@pytest.mark.parametrize("name,count", [
    ("2026-01-08.txt", 33), ("2026-02-16.txt", 227), ("2026-04-20.txt", 32),
    ("2026-04-13.txt", 34), ("2026-03-14.txt", 84),
])
def test_entry_counts_per_seed(digests, name, count):
    assert len(digests[name].entries) == count
    assert digests[name].format == "hf-page"


def test_layout_with_metadata_keeps_every_field(digests):
    paper = entry(digests, "2026-01-08.txt",
                  "Outlier-Safe Pre-Training for Robust 4-Bit Quantization of Large Language Models")
    assert paper.line == 21
    assert paper.abstract.startswith("Extreme activation outliers in Large Language Models (LLMs)")
    assert paper.abstract.endswith("https://github.com/dmis-lab/Outlier-Safe-Pre-Training.")
    assert paper.author_count == 5
    assert paper.published == dt.date(2025, 6, 24)
    assert paper.upvotes == 5
    assert paper.links == (Link("code", "https://github.com/dmis-lab/Outlier-Safe-Pre-Training"),)


def test_missing_upvotes_stay_unknown(digests):
    paper = entry(digests, "2026-01-08.txt",
                  "EDTalk: Efficient Disentanglement for Emotional Talking Head Synthesis")
    assert (paper.author_count, paper.published, paper.upvotes) == (4, dt.date(2024, 4, 2), None)
    assert paper.links == (Link("project", "https://tanshuai0219.github.io/EDTalk/"),)


def test_publication_date_without_year_is_in_the_digest_year(digests):
    paper = entry(digests, "2026-04-20.txt", "Canonicalizing Multimodal Contrastive Representation Learning")
    assert paper.published == dt.date(2026, 2, 19)
    assert paper.links == (Link("project", "https://canonical-multimodal.github.io/"),)


def test_entry_without_metadata_among_entries_with_it(digests):
    paper = entry(digests, "2026-04-13.txt", "FineInstructions: Scaling Synthetic Instructions to Pre-Training Scale")
    assert paper.abstract.startswith("Due to limited supervised training data, large language models")
    assert (paper.author_count, paper.published, paper.upvotes) == (None, None, None)
    after = entry(digests, "2026-04-13.txt", "Contextual Bandits with Online Neural Regression")
    assert (after.author_count, after.published) == (5, dt.date(2023, 12, 12))


def test_layout_without_metadata(digests):
    first = digests["2026-03-14.txt"].entries[0]
    assert first.title == "MixtureGrowth: Growing Neural Networks by Recombining Learned Parameters"
    assert first.abstract.endswith("Code is available at https://github.com/chaudatascience/mixturegrowth.")
    assert (first.author_count, first.published, first.upvotes) == (None, None, None)
    racing = digests["2026-03-14.txt"].entries[1]
    assert racing.links == (
        Link("code", "https://github.com/suwesh/Parallel-Perception-Network"),
        Link("model", "https://huggingface.co/suwesh/ParallelPerceptionNetwork"),
    )


def test_layout_glued_to_subscribe_without_blank_lines(digests):
    entries = digests["2026-02-16.txt"].entries
    assert entries[0].title == "Differentiable Sensor Layouts for End-to-End Learning of Task-Specific Camera Parameters"
    assert entries[0].line == 3
    assert entries[0].abstract.startswith("The success of deep learning is frequently described")
    assert entries[-1].title == "Global Proxy-based Hard Mining for Visual Place Recognition"
    assert entries[-1].abstract.endswith("Our code is available at https://github.com/amaralibey/GPM")
    assert entries[-1].links == (Link("code", "https://github.com/amaralibey/GPM"),)


def test_last_entry_of_a_metadata_layout(digests):
    last = digests["2026-04-13.txt"].entries[-1]
    assert last.title == "An Analysis of Causal Effect Estimation using Outcome Invariant Data Augmentation"
    assert last.abstract.endswith("We also present real data experiments to support our case.")
    assert (last.author_count, last.published, last.upvotes) == (5, dt.date(2025, 10, 28), 1)
