"""Property tests: for any input, a reader returns entries and problems, or
raises the project's DigestError naming the file; never another exception.
Entries read always equal entries kept plus reported skips."""
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from generator.dates import resolve
from generator.problems import DigestError, ProblemLog
from generator.readers import read_digest

PAGE_LINES = st.sampled_from([
    "new", "Subscribe", "Daily Papers", "Jan 8", "Feb 30", "  • 4 authors", "• Meta AI", "·", "Jun 24, 2025 5",
    "Jan 30 [ 6]", "Jan 30 -", "", "A Short Title", "x" * 300, "We do things. We do more things. " * 5,
    "SubscribeGlued Title", "date: 2020-01-01", "papers:", "  - title: x", "[", "]", "{", "\ufeff", "\r",
])
FIELD_NAMES = st.sampled_from([
    "paper", "title", "id", "authors", "summary", "upvotes", "publishedAt", "name", "hidden", "ai_keywords",
    "githubRepo", "projectPage", "organization", "submittedOnDailyAt",
])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(FIELD_NAMES, inner, max_size=5),
    max_leaves=20,
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def read_any(name: str, data: bytes):
    log = ProblemLog(name)
    try:
        digest = resolve(read_digest(name, data, log), log)
    except DigestError as error:
        assert error.problem.source == name
        return None, log.problems
    skips = [p for p in log.problems if p.skip_reason]
    assert digest.skipped == len(skips)
    assert all(entry.title for entry in digest.entries)
    return digest, log.problems


@SETTINGS
@given(st.one_of(st.lists(PAGE_LINES).map("\n".join), st.text()), st.sampled_from(["a.txt", "2020-01-01.json", "b.yaml"]))
def test_text_in_any_shape(text, name):
    read_any(name, text.encode())


@SETTINGS
@given(st.binary())
def test_any_bytes(data):
    read_any("x.txt", data)


@SETTINGS
@given(st.lists(JSON_VALUES, max_size=4))
def test_any_json_list(items):
    read_any("x.json", json.dumps(items).encode())
