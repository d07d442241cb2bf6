"""Every digest problem is a `file:line: found …; expected …` message, and
nothing is lost silently: entries read = papers kept + reported skips."""
import datetime as dt
import json

from generator.archive import build_archive

ABSTRACT = ("We study how digests break. Our method reads every entry, keeps what it can and "
            "reports the rest with the file and line, so that nothing is lost without a word.")
HEADER = "Daily Papers\n\nJan 30\n\n"


def paper(title, meta="  • 3 authors\n·\nJan 30, 2025\n"):
    return f"{title}\n\n{ABSTRACT}\n\n{meta}\n"


def read(digest_dir, files):
    archive, problems = build_archive(digest_dir(files), "digests")
    return archive, [str(p) for p in problems]


def only_paper(archive):
    (result,) = archive.papers.values()
    return result


def test_empty_file(digest_dir):
    archive, problems = read(digest_dir, {"2025-01-30.txt": ""})
    assert problems == ["digests/2025-01-30.txt: error: found an empty file; expected a digest with at least one paper"]
    assert archive.summary.files_failed == 1


def test_binary_file(digest_dir):
    archive, problems = read(digest_dir, {"2025-01-30.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    assert problems == ["digests/2025-01-30.txt: error: found binary data (NUL bytes); "
                        "expected a UTF-8 text, JSON or YAML digest"]


def test_latin1_text_is_read_with_a_warning(digest_dir):
    text = HEADER + paper("Café: Naïve Bayes Revisited")
    archive, problems = read(digest_dir, {"2025-01-30.txt": text.encode("cp1252")})
    assert only_paper(archive).title == "Café: Naïve Bayes Revisited"
    assert problems == ["digests/2025-01-30.txt:5: warning: found bytes that are not UTF-8 (0xe9); expected UTF-8 "
                        "text; read the file as Latin-1/Windows-1252, save it as UTF-8 to be sure"]


def test_crlf_and_bom_read_like_plain_text(digest_dir):
    text = HEADER + paper("Windows Line Ends", "  • 1 author\n·\nJan 30 [ 6]\n")
    archive, problems = read(digest_dir, {"2025-01-30.txt": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()})
    result = only_paper(archive)
    assert problems == []
    assert (result.title, result.abstract, result.author_count) == ("Windows Line Ends", ABSTRACT, 1)
    assert (result.published, result.upvotes) == (dt.date(2025, 1, 30), 6)


def test_organisation_and_dash_for_zero_upvotes(digest_dir):
    archive, problems = read(digest_dir, {"2025-01-30.txt": HEADER + paper("Org Paper", "  • Meta AI\n·\nJan 29 -\n")})
    result = only_paper(archive)
    assert problems == []
    assert (result.organization, result.author_count, result.upvotes) == ("Meta AI", None, 0)
    assert result.published == dt.date(2025, 1, 29)


def test_truncated_last_entry_is_kept_with_a_warning(digest_dir):
    text = HEADER + paper("Complete Paper") + "Cut Paper\n\n" + ABSTRACT + "\n\n  • 4 authors\n·\n"
    archive, problems = read(digest_dir, {"2025-01-30.txt": text})
    assert problems == ["digests/2025-01-30.txt:13: warning: found the last entry 'Cut Paper' cut off after its dot "
                        "line; expected a publication date line to close the entry; paper kept with what was there"]
    cut = archive.papers["title-cut paper"]
    assert (cut.abstract, cut.author_count, cut.published) == (ABSTRACT, 4, None)


def test_title_without_abstract_in_the_middle_and_at_the_end(digest_dir):
    text = HEADER + "Lonely Title\n\n" + paper("Next Paper") + "Last Lonely Title\n"
    archive, problems = read(digest_dir, {"2025-01-30.txt": text})
    assert problems == [
        "digests/2025-01-30.txt:5: warning: found the title 'Lonely Title' with no abstract; "
        "expected an abstract line after each title; paper kept without an abstract",
        "digests/2025-01-30.txt:15: warning: found the title 'Last Lonely Title' with no abstract; "
        "expected an abstract line after each title; paper kept without an abstract",
    ]
    assert [p.title for p in archive.papers.values()] == ["Lonely Title", "Next Paper", "Last Lonely Title"]
    assert archive.papers["title-next paper"].author_count == 3


def test_abstract_without_title_is_skipped_and_counted(digest_dir):
    text = HEADER + ABSTRACT + " " + ABSTRACT + "\n\n" + paper("Fine Paper")
    archive, problems = read(digest_dir, {"2025-01-30.txt": text})
    assert problems == ["digests/2025-01-30.txt:5: error: found an abstract-like line with no title above it "
                        "('We study how digests break. Our method reads every entry, k…'); expected a title line "
                        "before each abstract; entry skipped"]
    summary = archive.summary
    assert (summary.entries_read, summary.entries_kept, summary.entries_skipped) == (2, 1, 1)
    assert summary.skip_reasons == (("abstract without a title", 1),)


def test_json_that_is_not_an_api_response(digest_dir):
    archive, problems = read(digest_dir, {"2025-01-30.json": json.dumps({"message": "rate limited"})})
    assert problems == ["digests/2025-01-30.json:1: error: found a JSON dict; "
                        "expected a JSON list of paper items (the daily-papers API response)"]
    assert archive.summary.files_failed == 1


def test_json_cut_off(digest_dir):
    archive, problems = read(digest_dir, {"2025-01-30.json": '[\n {"paper": {"title": "A"}},\n {"paper": {"ti'})
    assert problems == ["digests/2025-01-30.json:3: error: found broken JSON at item 2 (Unterminated string "
                        "starting at); expected a complete JSON list; the file may be cut off"]


def test_one_bad_file_never_stops_the_others(digest_dir):
    archive, problems = read(digest_dir, {
        "2025-01-29.txt": b"\x00\x01",
        "2025-01-30.txt": HEADER + paper("Survivor"),
        "2025-01-31.json": "{}",
    })
    assert [p.title for p in archive.papers.values()] == ["Survivor"]
    assert (archive.summary.files_read, archive.summary.files_failed) == (1, 2)
    assert len(problems) == 2


def test_same_paper_twice_in_one_digest_is_merged_with_a_warning(digest_dir):
    text = HEADER + paper("Twice Listed") + paper("Twice  listed", "  • 5 authors\n·\nJan 30, 2025 7\n")
    archive, problems = read(digest_dir, {"2025-01-30.txt": text})
    assert problems == ["digests/2025-01-30.txt:13: warning: found 'Twice listed' listed again (first at line 5); "
                        "expected each paper once per digest; the two entries were merged"]
    merged = only_paper(archive)
    assert (merged.author_count, merged.upvotes, len(merged.sources)) == (5, 7, 2)
    assert archive.summary.merged_duplicates == 1


def test_file_that_reads_as_nothing(digest_dir):
    archive, problems = read(digest_dir, {"2025-01-30.txt": "new\n\nSubscribe\n\nDaily Papers\n"})
    assert problems == ["digests/2025-01-30.txt: error: found no paper entries in what reads as a hf-page digest; "
                        "expected titles with abstracts (page copy), an API JSON list, or a YAML digest"]


def test_missing_folder(tmp_path):
    archive, problems = build_archive(tmp_path / "nope", "nope")
    assert [str(p) for p in problems] == ["nope: error: found no such folder; expected a folder of digest files"]
    assert archive.papers == {}


def test_json_nested_too_deeply(digest_dir):
    archive, problems = read(digest_dir, {"2025-01-30.json": "[" * 100_001 + "]" * 100_001,
                                          "2025-01-31.json": '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"})
    assert problems == ["digests/2025-01-30.json:1: error: found JSON nested too deeply at item 1; "
                        "expected a JSON list of paper items",
                        "digests/2025-01-31.json:1: error: found JSON nested too deeply; expected a JSON list of paper items"]
    assert archive.summary.files_failed == 2


def test_yaml_nested_too_deeply(digest_dir):
    archive, problems = read(digest_dir, {"2025-01-30.yaml": "papers:\n  - title: " + "[" * 5000 + "]" * 5000 + "\n"})
    assert problems == ["digests/2025-01-30.yaml:2: error: found YAML nested more than 100 levels deep; "
                        "expected a YAML digest: date and a list of papers"]


def test_yaml_date_that_is_no_date_keeps_the_papers(digest_dir):
    yaml = "date: 2026-13-45\npapers:\n  - title: Kept Anyway\n    published: 2026-02-30\n"
    archive, problems = read(digest_dir, {"notes.yaml": yaml})
    assert problems == [
        "digests/notes.yaml: warning: found no date in the file name or the digest; expected a full date in the "
        "file name, e.g. 2026-01-08.txt or 2026-01-08-my-notes.txt; filed under Undated",
        "digests/notes.yaml:1: warning: found date '2026-13-45'; expected date as YYYY-MM-DD; left unset",
        "digests/notes.yaml:4: warning: found published '2026-02-30'; expected published as YYYY-MM-DD; left unset",
    ]
    assert [(p.title, p.days) for p in archive.papers.values()] == [("Kept Anyway", (None,))]
