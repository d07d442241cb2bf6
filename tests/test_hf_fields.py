"""What the Hugging Face list shows beside a paper (AI summary, GitHub stars, comments,
organization, thumbnail, submitter): read from recorded API items, merged, shown on pages."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from generator.archive import build_archive, read_folder
from generator.model import HfFields
from tests.rendering import site_pages
from tests.conftest import API_SAMPLES

ENVHARNESS_SUMMARY = ("EnvHarness and EnvRigger dynamically reshape static environments via programmable plugins "
                      "to target agent weaknesses and improve reinforcement learning co-evolution.")


@pytest.fixture(scope="module")
def entries():
    result = read_folder(API_SAMPLES)
    assert result.problems == ()
    return {e.title: e for d in result.digests for e in d.entries}


@pytest.fixture(scope="module")
def pages():
    rendered, problems = site_pages(API_SAMPLES)
    assert problems == []
    return rendered


def test_2026_items_carry_summary_stars_comments_organization(entries):
    paper = entries["EnvHarness: Awakening Static Worlds for Agent Learning"]
    assert paper.hf == HfFields(
        ai_summary=ENVHARNESS_SUMMARY, github_stars=8, comments=1,
        thumbnail="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2608.19880.png",
        submitted_by="taesiri")
    assert paper.organization == "Google"


def test_2024_items_carry_comments_only(entries):
    paper = entries["ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models"]
    assert paper.hf == HfFields(comments=3)


def item(**fields):
    paper = {"id": "2501.00001", "title": "A Title", "summary": "An abstract.", "authors": [], "upvotes": 1}
    paper.update(fields)
    return {"paper": paper, "publishedAt": "2025-01-02T03:04:05.000Z", "numComments": 2}


def test_wrong_types_are_reported_and_left_out(digest_dir):
    bad = item(githubStars="many", ai_summary=["a", "list"], thumbnail="javascript:alert(1)")
    folder = digest_dir({"2025-01-02.json": json.dumps([bad, item(id="2501.00002", title="B", githubStars=-3)])})
    archive, problems = build_archive(folder)
    assert sorted(p.found.split(" of type")[0] for p in problems) == ['"ai_summary"', '"githubStars"', '"githubStars" -3']
    first, second = archive.papers.values()
    assert first.hf == HfFields(comments=2) and second.hf == HfFields(comments=2)  # negative stars: unknown


def test_merge_keeps_the_latest_stars_with_their_day(digest_dir):
    folder = digest_dir({
        "2025-01-02.json": json.dumps([item(githubStars=5, ai_summary="Old summary.", githubRepo="https://github.com/a/b")]),
        "2025-03-04.json": json.dumps([item(githubStars=40, upvotes=9)]),
        "2025-05-06.json": json.dumps([item()]),  # no stars that day
    })
    archive, _ = build_archive(folder)
    (paper,) = archive.papers.values()
    assert (paper.hf.github_stars, paper.stars_day, paper.hf.ai_summary) == (40, dt.date(2025, 3, 4), "Old summary.")


def test_yaml_digest_carries_a_summary_line_and_an_organization(digest_dir):
    folder = digest_dir({"2026-03-01.yaml": "date: 2026-03-01\npapers:\n  - title: Mine\n"
                                            "    ai_summary: It does one thing.\n    organization: Meta AI\n"})
    archive, problems = build_archive(folder)
    (paper,) = archive.papers.values()
    assert problems == [] and (paper.hf.ai_summary, paper.organization) == ("It does one thing.", "Meta AI")


def test_paper_page_shows_summary_stars_organization_and_hf_page(pages):
    page = pages["papers/envharness-awakening-static-worlds-for-agent-learning.md"]
    summary = f"**AI summary** (Hugging Face, not the authors): {ENVHARNESS_SUMMARY}\n{{ .pa-summary }}"
    assert summary in page and page.index(summary) < page.index("## Abstract")
    assert "- [Code](https://github.com/google-research/envharness) · ★ 8 GitHub stars on Aug 21, 2026\n" in page
    assert "- [Hugging Face](https://huggingface.co/papers/2608.19880) · 1 comment\n" in page
    assert "▲ 163 · Published Aug 20, 2026 · Google\n{ .pa-meta }" in page


def test_every_paper_with_an_arxiv_id_links_its_hf_page(pages):
    archive, _ = build_archive(API_SAMPLES)
    papers = [page for path, page in pages.items() if path.startswith("papers/")]
    with_id = [p for p in archive.papers.values() if p.arxiv_id]
    assert len(with_id) == len(papers) == sum("](https://huggingface.co/papers/" in page for page in papers)


def test_day_page_teaser_is_the_summary_else_the_abstract_with_compact_stars(pages):
    day = pages["days/2026-08-21.md"]
    card = day.split("{ #envharness-awakening-static-worlds-for-agent-learning }", 1)[1].split("\n### ", 1)[0]
    assert f"\n\n{ENVHARNESS_SUMMARY}\n{{ .pa-ai }}\n\n" in card
    assert "▲ 163 · " in card and "[Code](https://github.com/google-research/envharness) ★ 8 · " in card
    older = pages["days/2024-05-27.md"]
    assert "{ .pa-ai }" not in older and "High-resolution Large Multimodal Models (LMMs) encounter" in older


# ---------------------------------------------------------------- most upvoted


def test_most_upvoted_pages_rank_each_period_and_stay_small(pages):
    from generator.pages.upvoted import TOP
    archive, _ = build_archive(API_SAMPLES)
    week = [p for p in archive.papers.values() if p.first_day == dt.date(2026, 8, 21)]
    expected = sorted(week, key=lambda p: -p.upvotes)
    listed = [line for line in pages["upvoted/2026-w34.md"].splitlines() if line.startswith("- ")]
    assert [line.split("](")[0][3:] for line in listed] == [p.title.replace(":", "&#58;") for p in expected]
    assert "▲ 163 · code ★ 8" in listed[0]
    year_2024 = [line for line in pages["upvoted/2024.md"].splitlines() if line.startswith("- ")]
    assert len(year_2024) == 39 <= TOP["year"]
    weeks = [line for line in pages["upvoted/2024-w50.md"].splitlines() if line.startswith("- ")]
    assert len(weeks) == TOP["week"] == 20  # 26 papers that week: the top 20
    assert "The 20 most upvoted of the 26 papers" in pages["upvoted/2024-w50.md"]


def test_day_and_home_pages_link_their_most_upvoted(pages):
    assert "17 papers · [This week's most upvoted](../upvoted/2026-w34.md)\n" in pages["days/2026-08-21.md"]
    assert ("Most upvoted: [Week of Aug 17, 2026](upvoted/2026-w34.md) · [August 2026](upvoted/2026-08.md)"
            " · [2026](upvoted/2026.md)") in pages["index.md"]
    nav = "← [Week of Jun 9, 2025](2025-w24.md) · [August 2026](2026-08.md) · [2026](2026.md)"
    assert nav in pages["upvoted/2026-w34.md"]


def test_a_week_across_two_months_links_both(digest_dir):
    folder = digest_dir({"2026-04-30.yaml": "date: 2026-04-30\npapers:\n  - title: April Paper\n    upvotes: 3\n",
                         "2026-05-01.yaml": "date: 2026-05-01\npapers:\n  - title: May Paper\n    upvotes: 5\n"})
    rendered, _ = site_pages(folder)
    week = rendered["upvoted/2026-w18.md"]
    assert "[April 2026](2026-04.md) · [May 2026](2026-05.md) · [2026](2026.md)" in week
    assert week.index("May Paper") < week.index("April Paper")
    assert "This week's most upvoted](../upvoted/2026-w18.md)" in rendered["days/2026-04-30.md"]


# ---------------------------------------------------------------- thumbnails (opt-in)


def test_thumbnails_are_off_by_default_and_lazy_with_a_size_when_on(tmp_path, pages):
    import markdown
    from generator.build import build
    assert not any("pa-thumb" in page for path, page in pages.items() if path.startswith("papers/"))
    build(API_SAMPLES, tmp_path / "docs", thumbnails=True)
    page = (tmp_path / "docs" / "papers" / "envharness-awakening-static-worlds-for-agent-learning.md").read_text("utf-8")
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["attr_list", "md_in_html", "tables", "toc"])
    assert ('<img alt="" class="pa-thumb" decoding="async" height="630" loading="lazy" referrerpolicy="no-referrer" '
            'src="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2608.19880.png" width="1200" />') in html


def test_the_plugin_passes_the_thumbnails_option(tmp_path):
    from mkdocs.config import load_config
    from tests.conftest import ROOT
    digests = tmp_path / "digests"
    digests.mkdir()
    (digests / "2026-08-21.json").write_bytes((API_SAMPLES / "2026-08-21.json").read_bytes())
    plugin = {"paper-archive": {"digests": str(digests), "cache_dir": str(tmp_path / "cache"), "thumbnails": True}}
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "site_src"), plugins=["search", plugin])
    config.plugins.on_startup(command="build", dirty=False)
    built = config.plugins["paper-archive"].build_pages("T", "")
    page = tmp_path / "cache" / "docs" / "papers" / "envharness-awakening-static-worlds-for-agent-learning.md"
    assert built.generated and "{ .pa-thumb " in page.read_text(encoding="utf-8")


def test_feeds_and_the_api_keep_formulas_as_source_text():
    from tests.conftest import SAMPLE_DIGESTS
    rendered, _ = site_pages(SAMPLE_DIGESTS, site_url="https://example.org/")
    source = "$\\boldsymbolλ$-Orthogonality Regularization"
    assert any(record["title"].startswith(source) for record in json.loads(rendered["api/papers.json"]))
    assert any(source in content for path, content in rendered.items() if path.endswith(".xml"))
