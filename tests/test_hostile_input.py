"""Crafted and real-world input that used to crash, hang or lose papers: each case
asserts the exact message and the papers kept (papers in = papers out + reported skips)."""
from __future__ import annotations

import json
from pathlib import Path

from generator.archive import build_archive

FIXTURES = Path(__file__).parent / "fixtures"
ABSTRACT = "We study hostile digests and keep every paper they hold, reporting what we cannot read."


def read(digest_dir, files):
    archive, problems = build_archive(digest_dir(files), "digests")
    return archive, [str(p) for p in problems]


def titles(archive):
    return [p.title for p in archive.papers.values()]


def item(title: str, arxiv_id: str = "", day: str = "2025-02-20", **paper) -> dict:
    fields = {"title": title, "summary": ABSTRACT, **({"id": arxiv_id} if arxiv_id else {}), **paper}
    return {"paper": fields, "publishedAt": f"{day}T10:00:00.000Z"}


# ---- JSON: wrapped responses, appended documents, long numbers, surrogates

def test_a_wrapped_response_is_read_and_its_count_checked(digest_dir):
    wrapped = {"status": "ok", "date": "2025-02-20", "count": 3, "data": [item("First"), item("Second")]}
    archive, problems = read(digest_dir, {"2025-02-20.json": json.dumps(wrapped, indent=1)})
    assert titles(archive) == ["First", "Second"]
    assert problems == ['digests/2025-02-20.json:1: warning: found "count" \'3\' but 2 items under \'data\'; '
                        'expected "count" equal to the number of items; the file may be incomplete; '
                        'the items there were read']


def test_every_wrapper_key_is_read(digest_dir):
    files = {f"2025-02-2{n}.json": json.dumps({key: [item(f"Paper {key}", day=f"2025-02-2{n}")]})
             for n, key in enumerate(("data", "papers", "items", "results", "daily_papers"))}
    archive, problems = read(digest_dir, files)
    assert problems == []
    assert sorted(titles(archive)) == sorted(f"Paper {k}" for k in ("data", "papers", "items", "results", "daily_papers"))


def test_a_dict_of_another_shape_is_still_refused(digest_dir):
    archive, problems = read(digest_dir, {"2025-02-20.json": json.dumps({"data": {"title": "x"}, "count": 1})})
    assert problems == ["digests/2025-02-20.json:1: error: found a JSON dict; "
                        "expected a JSON list of paper items (the daily-papers API response)"]


def test_two_appended_documents_are_both_read(digest_dir):
    text = json.dumps([item("First")]) + "\n" + json.dumps({"data": [item("Second")]})
    archive, problems = read(digest_dir, {"2025-02-20.json": text})
    assert titles(archive) == ["First", "Second"]
    assert problems == ["digests/2025-02-20.json:2: warning: found a second JSON document after the first; "
                        "expected one JSON document per file; its items are read too"]


def test_text_after_the_list_is_reported(digest_dir):
    archive, problems = read(digest_dir, {"2025-02-20.json": json.dumps([item("Kept")]) + "\n\ngarbage"})
    assert titles(archive) == ["Kept"]
    assert problems == ["digests/2025-02-20.json:3: warning: found text after the JSON document ('garbage'); "
                        "expected nothing after the JSON list; text ignored"]


def test_a_5000_digit_number_costs_one_field(digest_dir):
    text = json.dumps([item("Big Votes", upvotes=1), item("Fine")]).replace('"upvotes": 1', '"upvotes": ' + "9" * 5000)
    archive, problems = read(digest_dir, {"2025-02-20.json": text})
    assert titles(archive) == ["Big Votes", "Fine"]
    assert problems == ['digests/2025-02-20.json:1: warning: found "upvotes" a number of 5000 digits; '
                        'expected "upvotes" as a whole number; field left out']


def test_a_5000_digit_number_in_a_page_copy(digest_dir):
    text = f"Daily Papers\n\nJan 30\n\nBig Votes\n\n{ABSTRACT}\n\n  • 3 authors\n·\nJan 30, 2025 {'9' * 5000}\n"
    archive, problems = read(digest_dir, {"2025-01-30.txt": text})
    assert titles(archive) == ["Big Votes"]
    assert problems == ["digests/2025-01-30.txt:11: warning: found upvotes with more than 9 digits in "
                        "'Jan 30, 2025 9999999999999999…'; expected a vote count; upvotes left unknown"]


def test_a_lone_surrogate_is_replaced_and_reported(digest_dir, tmp_path):
    text = '[{"paper": {"title": "Bad \\ud800 Title", "summary": "x \\udfff", "authors": [{"name": "\\ud800"}]}}]'
    archive, problems = read(digest_dir, {"2025-02-20.json": text})
    assert titles(archive) == ["Bad \ufffd Title"]
    assert problems == ["digests/2025-02-20.json:1: warning: found a lone UTF-16 surrogate (an escape such as "
                        "\\ud800) in the title, abstract, authors of 'Bad \\ud800 Title'; "
                        "expected Unicode text; each one replaced by U+FFFD"]
    (paper,) = archive.papers.values()
    assert (paper.abstract, paper.authors) == ("x \ufffd", ("\ufffd",))
    json.dumps([paper.title, paper.abstract], ensure_ascii=False).encode("utf-8")  # writable


def test_a_lone_surrogate_in_yaml(digest_dir):
    archive, problems = read(digest_dir, {"2025-02-20.yaml": 'papers:\n  - title: "Y \\ud800"\n'})
    assert titles(archive) == ["Y \ufffd"]
    assert problems == ["digests/2025-02-20.yaml:2: warning: found a lone UTF-16 surrogate (an escape such as "
                        "\\ud800) in the title of 'Y \\ud800'; expected Unicode text; each one replaced by U+FFFD"]


def test_utf16_text_is_read(digest_dir):
    text = f"Daily Papers\n\nJan 30\n\nWide Text\n\n{ABSTRACT}\n\n  • 3 authors\n·\nJan 30, 2025 4\n"
    archive, problems = read(digest_dir, {"2025-01-30.txt": text.encode("utf-16"),
                                          "2025-01-31.txt": text.replace("Wide", "Little").encode("utf-16-le")})
    assert problems == []
    assert titles(archive) == ["Wide Text", "Little Text"]


def test_a_url_followed_by_many_brackets_is_trimmed(digest_dir):
    from generator.readers.text import find_links
    (link,) = find_links("code at https://github.com/a/b" + ")" * 200_000)  # linear: instant
    assert link.url == "https://github.com/a/b"
    (link,) = find_links("(see https://en.wikipedia.org/wiki/A_(b)))")
    assert link.url == "https://en.wikipedia.org/wiki/A_(b)"


def test_texts_skipped_before_the_link_scan_have_no_link_the_scan_finds():
    from generator.readers import text as module
    samples = ["no link at all", "see GITHUB.COM/a/b", "Www.x.org", "HuggingFace.co/m/n", "https://a.org/y.",
               "g\u0131thub.com/a/b", "http\u017f://a.org", "www\u2024x.org", "github.com", "x hTTp://bb.cc/d"]
    for text in samples:
        scanned = bool(module._URL.search(text))
        assert bool(module.find_links(text)) == scanned, text


# ---- dates: bounded to 1991-01-01..2099-12-31 (days) and 1900-01-01..2099-12-31 (publication)

def test_dates_outside_the_bounds_are_reported_and_the_papers_kept(digest_dir):
    archive, problems = read(digest_dir, {
        "0001-01-01.yaml": "papers:\n  - title: Year One Name\n",
        "notes.yaml": "date: 9999-12-31\npapers:\n  - title: Far Future\n    published: 1899-12-31\n",
    })
    assert sorted(titles(archive)) == ["Far Future", "Year One Name"]
    assert all(p.days == (None,) and p.published is None for p in archive.papers.values())
    assert problems == [
        "digests/0001-01-01.yaml: warning: found the date in the file name 0001-01-01, outside 1991-01-01 to "
        "2099-12-31; expected the date in the file name in that range; left unknown, the papers kept",
        "digests/0001-01-01.yaml: warning: found no date in the file name or the digest; expected a full date in the "
        "file name, e.g. 2026-01-08.txt or 2026-01-08-my-notes.txt; filed under Undated",
        "digests/notes.yaml: warning: found no date in the file name or the digest; expected a full date in the "
        "file name, e.g. 2026-01-08.txt or 2026-01-08-my-notes.txt; filed under Undated",
        "digests/notes.yaml:1: warning: found the digest's own date 9999-12-31, outside 1991-01-01 to 2099-12-31; "
        "expected the digest's own date in that range; left unknown, the papers kept",
        "digests/notes.yaml:3: warning: found a publication date 1899-12-31, outside 1900-01-01 to 2099-12-31; "
        "expected a publication date in that range; left unknown, the papers kept",
    ]


def test_a_year_guess_past_9999_ends(digest_dir):
    text = f"Daily Papers\n\nJan 8\n\nLate Paper\n\n{ABSTRACT}\n\n  • 3 authors\n·\nDec 31, 9999 4\n"
    archive, problems = read(digest_dir, {"copy.txt": text})
    assert titles(archive) == ["Late Paper"]
    assert problems[1] == ("digests/copy.txt:5: warning: found a publication date 9999-12-31, outside 1900-01-01 "
                           "to 2099-12-31; expected a publication date in that range; left unknown, the papers kept")
    assert archive.days[0].date is None


def test_a_leap_day_header_guess_is_bounded():
    import datetime as dt
    from generator.dates import guess_year
    from generator.model import Entry, MonthDay
    entry = Entry("t", "s", 1, published=dt.date(2097, 3, 1))
    assert guess_year(MonthDay(2, 29), (entry,)) == (dt.date(2104, 2, 29), dt.date(2097, 3, 1))


# ---- YAML: duplicate keys, aliases, scalars kept as written, validated fields

def test_a_second_papers_key_keeps_both_lists(digest_dir):
    text = "date: 2025-02-20\npapers:\n  - title: First List\npapers:\n  - title: Second List\n"
    archive, problems = read(digest_dir, {"2025-02-20.yaml": text})
    assert titles(archive) == ["First List", "Second List"]
    assert problems == ["digests/2025-02-20.yaml:4: warning: found the key 'papers' a second time in the digest "
                        "(first on line 2); expected each key once; both are read"]


def test_a_second_title_keeps_the_first(digest_dir):
    text = "papers:\n  - title: The First Title\n    abstract: An abstract.\n    title: The Second Title\n"
    archive, problems = read(digest_dir, {"2025-02-20.yaml": text})
    assert titles(archive) == ["The First Title"]
    assert problems == ["digests/2025-02-20.yaml:4: warning: found the key 'title' a second time in a paper "
                        "(first on line 2); expected each key once; the first is kept, this one ignored"]


BOMB = "".join(f"{x}: &{x} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
               for p, x in zip([""] + list("abcdefgh"), "abcdefghi"))


def test_a_yaml_alias_bomb_is_refused_quickly(digest_dir):
    assert len(BOMB) < 700
    archive, problems = read(digest_dir, {"2025-02-20.yaml": BOMB + "papers:\n  - title: *i\n"})
    assert problems == ["digests/2025-02-20.yaml:1: error: found YAML aliases that expand to 926,177,118 values; "
                        "expected a YAML digest: date and a list of papers"]
    assert archive.summary.files_failed == 1


def test_a_recursive_alias_is_refused(digest_dir):
    archive, problems = read(digest_dir, {"2025-02-20.yaml": "papers: &p\n  - title: x\n    tags: *p\n"})
    assert problems == ["digests/2025-02-20.yaml:1: error: found a recursive YAML alias (a value that contains "
                        "itself); expected a YAML digest: date and a list of papers"]


def test_scalars_stay_the_text_written(digest_dir):
    text = ("papers:\n  - title: no\n    authors: [0x1F, 1_000, on]\n    arxiv: 2401.10000\n    upvotes: 12\n"
            "  - title: 1_000\n    tags: [yes, 12:30]\n")
    archive, problems = read(digest_dir, {"2025-02-20.yaml": text})
    assert problems == []
    first, second = archive.papers.values()
    assert (first.title, first.authors, first.arxiv_id, first.upvotes) == ("no", ("0x1F", "1_000", "on"), "2401.10000", 12)
    assert (second.title, second.keywords) == ("1_000", ("yes", "12:30"))


def test_empty_and_null_titles_are_skipped_not_named_none(digest_dir):
    text = "papers:\n  - title: ~\n  - title:\n  - title: null\n  - title: Real\n"
    archive, problems = read(digest_dir, {"2025-02-20.yaml": text})
    assert titles(archive) == ["Real"]
    assert problems == [f"digests/2025-02-20.yaml:{n}: error: found a paper with no title; expected a 'title:' "
                        "for every paper; paper skipped" for n in (2, 3, 4)]
    assert (archive.summary.entries_read, archive.summary.entries_skipped) == (4, 3)


def test_invalid_arxiv_ids_and_upvotes_are_reported(digest_dir):
    text = ("papers:\n  - title: One\n    arxiv: n/a\n    upvotes: -3\n  - title: Two\n    arxiv: n/a\n"
            "    upvotes: lots\n  - title: Three\n    arxiv: arXiv:2401.10000v2\n    upvotes: 1.5\n")
    archive, problems = read(digest_dir, {"2025-02-20.yaml": text})
    assert titles(archive) == ["One", "Two", "Three"]  # n/a no longer merges two papers
    assert archive.papers["arxiv-2401.10000"].title == "Three"
    assert problems == [
        "digests/2025-02-20.yaml:3: warning: found arxiv 'n/a'; expected an arXiv id such as 1706.03762 "
        "(quote it: arxiv: \"2401.10000\"); ignored",
        "digests/2025-02-20.yaml:4: warning: found upvotes '-3'; expected a whole number of votes, 0 or more; left unknown",
        "digests/2025-02-20.yaml:6: warning: found arxiv 'n/a'; expected an arXiv id such as 1706.03762 "
        "(quote it: arxiv: \"2401.10000\"); ignored",
        "digests/2025-02-20.yaml:7: warning: found upvotes 'lots'; expected a whole number of votes, 0 or more; "
        "left unknown",
        "digests/2025-02-20.yaml:10: warning: found upvotes '1.5'; expected a whole number of votes, 0 or more; "
        "left unknown",
    ]


def test_the_safe_loader_reads_the_taxonomy_like_pyyaml():
    """The taxonomy reader can switch to generator.yaml_load.compose with one line."""
    import yaml
    from generator import yaml_load
    text = (Path(__file__).parent.parent / "generator" / "data" / "topics.yaml").read_text(encoding="utf-8")

    def shape(node):
        if isinstance(node, yaml.ScalarNode):
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [shape(n) for n in node.value]
        return [(shape(k), shape(v)) for k, v in node.value]
    assert shape(yaml_load.compose(text, duplicates="error")) == shape(yaml.compose(text))
    assert yaml_load.load("a: no\nb: 0x1F\nc: 1_000\nd: 12\ne: ~\nf: 2026-03-01\n") == {
        "a": "no", "b": "0x1F", "c": "1_000", "d": 12, "e": None, "f": "2026-03-01"}
    try:
        yaml_load.load("a: 1\na: 2\n")
    except yaml.MarkedYAMLError as error:  # what the taxonomy reader already catches
        assert (error.line, error.problem) == (2, "the key 'a' a second time (first on line 1)")
    else:
        raise AssertionError("a duplicate key was accepted")


# ---- the archive: one id with two titles, links out of the folder, sizes

def test_one_arxiv_id_with_two_titles_is_reported(digest_dir):
    short = item("The Right Title", "2502.00001")
    other = item("Another Paper Entirely", "2502.00001")
    other["paper"]["summary"] = ABSTRACT + " And a longer abstract that belongs to the other paper."
    archive, problems = read(digest_dir, {"2025-02-20.json": json.dumps([short, other], indent=1)})
    (paper,) = archive.papers.values()
    assert (paper.title, paper.abstract) == ("Another Paper Entirely", other["paper"]["summary"])  # never mixed
    assert problems == [
        "digests/2025-02-20.json:10: warning: found 'Another Paper Entirely' listed again (first at line 2); "
        "expected each paper once per digest; the two entries were merged",
        "digests/2025-02-20.json:10: warning: found the arXiv id 2502.00001 with the title "
        "'Another Paper Entirely', and with 'The Right Title' at digests/2025-02-20.json:2; "
        "expected one title per arXiv id; merged as one paper, with the title and abstract of one entry"]


def test_symbolic_links_out_of_the_folder_are_refused(digest_dir, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(f"Daily Papers\n\nJan 30\n\nSecret Paper\n\n{ABSTRACT}\n")
    folder = digest_dir({"2025-01-31.json": json.dumps([item("Public", day="2025-01-31")])})
    (folder / "2025-01-30.txt").symlink_to(secret)
    (folder / "inside.txt").symlink_to(folder / "2025-01-31.json")
    (folder / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    archive, problems = build_archive(folder, "digests")
    assert titles(archive) == ["Public"]
    assert [str(p) for p in problems if "link" in p.found] == [
        f"digests/2025-01-30.txt: error: found a symbolic link to '{secret}', outside the digest folder; "
        "expected digest files inside the folder; link not followed, file not read",
        f"digests/elsewhere: error: found a symbolic link to '{tmp_path}', outside the digest folder; "
        "expected digest files inside the folder; link not followed, file not read",
    ]
    assert archive.summary.files_failed == 2


def test_a_file_over_the_size_limit_is_refused_at_once(digest_dir):
    from generator import archive as archive_module
    folder = digest_dir({"2025-02-20.json": json.dumps([item("Small")]), "2025-02-21.json": "[" + " " * 20_000_001 + "]"})
    archive, problems = build_archive(folder, "digests")
    assert titles(archive) == ["Small"]
    assert [str(p) for p in problems] == [
        "digests/2025-02-21.json: error: found a file of 20.0 MB; expected a digest of at most 20 MB; "
        "split it into one file per day; not read"]
    assert archive_module.MAX_FILE_BYTES == 20_000_000


def test_a_yaml_digest_over_the_character_limit_is_refused(digest_dir):
    archive, problems = read(digest_dir, {"2025-02-20.yaml": "papers:\n  - title: x\n#" + "x" * 2_000_000 + "\n"})
    assert problems == ["digests/2025-02-20.yaml: error: found a YAML document of 2,000,023 characters, more than "
                        "2,000,000; expected a YAML digest: date and a list of papers"]


def test_negative_upvotes_in_an_api_answer_are_reported(digest_dir):
    archive, problems = read(digest_dir, {"2025-02-20.json": json.dumps([item("Minus", upvotes=-4)])})
    assert [p.upvotes for p in archive.papers.values()] == [None]
    assert problems == ['digests/2025-02-20.json:1: warning: found "upvotes" -4; expected "upvotes" as a whole '
                        'number, 0 or more; field left out']


def test_a_lone_surrogate_reaches_neither_check_json_nor_the_pages(digest_dir, tmp_path, capsys):
    from generator import cli
    folder = digest_dir({"2025-02-20.json": '[{"paper": {"title": "Sur \\ud800 rogate", "summary": "x"}}]'})
    assert cli.main(["check", str(folder), "--json"]) == 0
    papers = json.loads(capsys.readouterr().out)["papers"]
    assert [p["title"] for p in papers] == ["Sur \ufffd rogate"]
    assert cli.main(["build", str(folder), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")]) == 0
    assert "Sur \ufffd rogate" in (tmp_path / "out" / "api" / "papers.json").read_text(encoding="utf-8")


def test_the_widest_accepted_range_of_days_keeps_the_trends_page_small(digest_dir, tmp_path):
    from generator import cli
    folder = digest_dir({"1991-01-01.yaml": "papers:\n  - title: Oldest\n", "2099-12-31.yaml": "papers:\n  - title: Newest\n",
                         "0001-01-01.yaml": "papers:\n  - title: Year One\n"})
    assert cli.main(["build", str(folder), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")]) == 0
    assert (tmp_path / "out" / "trends.md").stat().st_size < 1_200_000  # a year-0001 day made it 18 MB


def test_a_lone_surrogate_from_any_escape_spelling_is_replaced(digest_dir):
    archive, _ = read(digest_dir, {"2025-02-20.yaml": 'papers:\n  - title: "Y \\U0000DBFF"\n',
                                   "2025-02-21.json": '[{"paper": {"title": "J \\uDC00 upper"}}]'})
    assert sorted(titles(archive)) == ["J \ufffd upper", "Y \ufffd"]
