"""Digest dates, merging across digests, YAML digests and the check command."""
import datetime as dt
import re
import subprocess
import sys

from generator.archive import build_archive
from generator.write import hand_written
from generator.model import Link
from tests.conftest import API_SAMPLES, ROOT, SAMPLE_DIGESTS


def test_sample_archive_counts():
    archive, problems = build_archive(SAMPLE_DIGESTS)
    assert problems == []
    summary = archive.summary
    assert (summary.files_read, summary.entries_read, summary.entries_skipped) == (5, 410, 0)
    assert (summary.distinct_papers, summary.merged_duplicates) == (379, 31)
    assert [d.date for d in archive.days] == [dt.date(2026, 4, 20), dt.date(2026, 4, 13), dt.date(2026, 3, 14),
                                              dt.date(2026, 2, 16), dt.date(2026, 1, 8)]


def test_pointer_networks_is_one_paper_seen_on_five_days():
    archive, _ = build_archive(SAMPLE_DIGESTS)
    pointer = archive.papers["title-pointer networks"]
    assert pointer.days == (dt.date(2026, 1, 8), dt.date(2026, 2, 16), dt.date(2026, 3, 14),
                            dt.date(2026, 4, 13), dt.date(2026, 4, 20))
    assert (pointer.author_count, pointer.published) == (3, dt.date(2015, 6, 9))  # from the richest entries
    assert all(pointer.key in day.paper_keys for day in archive.days)


def test_unrenamed_seeds_get_guessed_years_and_an_undated_day(unrenamed_seeds):
    archive, problems = build_archive(unrenamed_seeds, "seeds")
    how = "expected a full date in the file name, e.g. 2026-01-08.txt or 2026-01-08-my-notes.txt"
    assert [str(p) for p in problems] == [
        f"seeds/000_841e38426e563e62.txt:11: warning: found the header date 'Jan 8' without a year; {how}; "
        "guessed 2026-01-08, the first such day not before the newest publication date listed (2025-11-11)",
        f"seeds/001_cf93f1fdafa2443f.txt: warning: found no date in the file name or the digest; {how}; "
        "filed under Undated",
        f"seeds/002_3b57a8841e8d826a.txt:11: warning: found the header date 'Apr 20' without a year; {how}; "
        "guessed 2026-04-20, the first such day not before the newest publication date listed (2025-10-06)",
        f"seeds/003_41e4299ceee78978.txt:11: warning: found the header date 'Apr 13' without a year; {how}; "
        "guessed 2026-04-13, the first such day not before the newest publication date listed (2025-11-11)",
        f"seeds/004_a598187c47d565ec.txt:9: warning: found the header date 'Mar 14' without a year and no "
        f"publication dates to infer one from; {how}; filed under Undated",
    ]
    assert [(d.date, len(d.paper_keys)) for d in archive.days] == [
        (dt.date(2026, 4, 20), 32), (dt.date(2026, 4, 13), 34), (dt.date(2026, 1, 8), 33), (None, 304)]
    assert archive.summary.distinct_papers == 379


def test_file_name_date_wins_over_the_api_featured_day(digest_dir):
    folder = digest_dir({"2030-01-01-renamed.json": (API_SAMPLES / "2024-05-27.json").read_text()})
    archive, problems = build_archive(folder, "d")
    assert [d.date for d in archive.days] == [dt.date(2030, 1, 1)]
    assert [str(p) for p in problems] == [
        "d/2030-01-01-renamed.json:2: warning: found the digest's own date 2024-05-27 but 2030-01-01 in the "
        "file name; expected the same date in both; the file name's date is used"]


def test_api_and_page_copies_of_one_paper_merge_by_title(digest_dir):
    page = ("Daily Papers\n\nMay 28\n\nConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal "
            "Models\n\nHigh-resolution Large Multimodal Models (LMMs) encounter the challenges of excessive "
            "visual tokens and quadratic visual complexity, and more text here.\n\n  • 9 authors\n·\nMay 24 40\n")
    folder = digest_dir({"2024-05-28.txt": page, "2024-05-27.json": (API_SAMPLES / "2024-05-27.json").read_text()})
    archive, problems = build_archive(folder)
    assert problems == []
    paper = archive.papers["arxiv-2405.15738"]
    assert paper.days == (dt.date(2024, 5, 27), dt.date(2024, 5, 28))
    assert paper.upvotes == 40  # the newest count is the highest
    assert paper.authors[0] == "Chunjiang Ge" and paper.published == dt.date(2024, 5, 24)
    assert archive.summary.merged_duplicates == 1


YAML_DIGEST = """\
date: 2026-03-01
papers:
  - title: Attention Is All You Need
    abstract: >
      The dominant sequence transduction models are based on complex recurrent
      or convolutional neural networks.
    authors: [Ashish Vaswani, Noam Shazeer]
    url: https://arxiv.org/abs/1706.03762
    code: https://github.com/tensorflow/tensor2tensor
    tags: [transformers, machine translation]
    colour: blue
  - abstract: a paper with no title
"""


def test_yaml_digest(digest_dir):
    archive, problems = build_archive(digest_dir({"mine.yaml": YAML_DIGEST}), "d")
    paper = archive.papers["arxiv-1706.03762"]
    assert paper.title == "Attention Is All You Need"
    assert paper.abstract == ("The dominant sequence transduction models are based on complex recurrent "
                              "or convolutional neural networks.")
    assert paper.authors == ("Ashish Vaswani", "Noam Shazeer")
    assert paper.links == (Link("arxiv", "https://arxiv.org/abs/1706.03762"),
                           Link("code", "https://github.com/tensorflow/tensor2tensor"))
    assert paper.keywords == ("transformers", "machine translation")
    assert paper.days == (dt.date(2026, 3, 1),)
    assert [str(p) for p in problems] == [
        "d/mine.yaml:11: warning: found an unknown key 'colour' in a paper; expected one of title, abstract, "
        "authors, url, code, project, tags, published, upvotes, arxiv, ai_summary, organization; key ignored",
        "d/mine.yaml:12: error: found a paper with no title; expected a 'title:' for every paper; paper skipped",
    ]
    assert archive.summary.skip_reasons == (("no title", 1),)


def test_reader_is_picked_by_content_not_extension(digest_dir):
    folder = digest_dir({"2026-03-01.txt": YAML_DIGEST.replace("    colour: blue\n", ""),
                         "2024-05-27.txt": (API_SAMPLES / "2024-05-27.json").read_text()})
    archive, _ = build_archive(folder)
    assert archive.summary.entries_kept == 14


def run_check(*args):
    return subprocess.run([sys.executable, "-m", "generator", "check", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_check_passes_strict_on_the_sample_archive():
    result = run_check("--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "files read: 5", "entries read: 410 = 410 kept + 0 skipped",
        "distinct papers: 379 (31 merged duplicates)", "days: 5", "problems: 0 errors, 0 warnings"]


def test_check_strict_fails_on_warnings_and_json_lists_papers(unrenamed_seeds):
    assert run_check(str(unrenamed_seeds)).returncode == 0
    strict = run_check(str(unrenamed_seeds), "--strict", "--json")
    assert strict.returncode == 1
    assert "check failed (--strict: warnings count as errors)" in strict.stderr
    assert '"title": "Pointer Networks"' in strict.stdout


def test_check_fails_on_errors(digest_dir):
    result = run_check(str(digest_dir({"x.txt": ""})))
    assert result.returncode == 1
    assert "x.txt: error: found an empty file" in result.stderr


def test_the_readme_example_yaml_digest_reads_cleanly():
    archive, problems = build_archive(ROOT / "examples")
    assert problems == []
    assert [p.title for p in archive.papers.values()] == [
        "Attention Is All You Need", "Deep Residual Learning for Image Recognition"]
    resnet = archive.papers["title-deep residual learning for image recognition"]
    assert (resnet.published, resnet.upvotes, resnet.keywords) == (dt.date(2015, 12, 10), 12, ("image classification",))


def test_build_writes_plain_markdown_without_mkdocs(tmp_path):
    out = tmp_path / "docs"
    command = [sys.executable, "-m", "generator", "build", "--out", str(out), "--strict"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    copied = len(hand_written(ROOT / "site_src"))
    written = re.match(rf"pages: (\d+) generated \+ {copied} hand-written into {re.escape(str(out))}: "
                       r"(\d+) written, 0 unchanged", first.stderr)
    assert written and int(written[2]) == int(written[1]) + copied
    assert (out / "days" / "2026-01-08.md").read_text().count("](../papers/") == 33
    assert (out / "about.md").is_file() and (out / "api" / "papers.json").is_file()
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert f"0 written, {written[2]} unchanged, 0 removed" in again.stderr


def test_titles_of_symbols_only_are_different_papers(digest_dir):
    yaml = "date: 2026-05-01\npapers:\n  - title: '🚀'\n  - title: '🌍'\n  - title: '🌍'\n    arxiv: '2605.00004'\n"
    archive, problems = build_archive(digest_dir({"a.yaml": yaml}), "digests")
    assert sorted(paper.title for paper in archive.papers.values()) == ["🌍", "🚀"]
    assert [str(p) for p in problems] == ["digests/a.yaml:5: warning: found '🌍' listed again (first at line 4); "
                                          "expected each paper once per digest; the two entries were merged"]
