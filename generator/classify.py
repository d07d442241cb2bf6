"""Classification: fill in each paper's topics and tags from a taxonomy.

The taxonomy file (generator/data/topics.yaml by default; its header documents
the format) lists the topics, each with matching rules, and a curated tag
vocabulary, each tag one rule. A rule is a list of terms (or raw regexes) with
a weight, optionally `requires` (the rule counts only if one of those terms
also occurs in the paper) and `unless` (matches inside these phrases do not
count: "diffusion" inside "diffusion maps").

Terms match whole words only; spaces and hyphens are interchangeable and may
be left out ("pre-training" matches "pretraining"); the last word may be
plural. A word with a capital letter after its first character (an acronym:
RL, GAN, NeRF, MoE) matches case-sensitively, every other word ignores case.

Scoring, per rule: TITLE_WEIGHT if it matches the title, plus one per match in
the abstract (each term counted at most MAX_REPEATS times), plus a keyword
weight if it matches the paper's keywords; times the rule's weight. A topic
needs MIN_SCORE and more than one abstract mention. The strongest such topic is
kept; a second one only if it reaches SECOND_SCORE of the strongest (counted up
to RELATIVE_CAP), a third only if it reaches THIRD_SCORE: fewer topics, each one
sure; a topic that another (stronger) kept topic `combines` is left out. A paper
without such a topic gets its strongest topic with FALLBACK_SCORE and two
mentions, and `other` only when none has. Tags need MIN_TAG_SCORE.
Keywords outside the vocabulary become tags when MIN_SHARED_KEYWORD papers of
the archive share them.
"""
from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from slugify import slugify

from generator.model import Archive, Paper
from generator.problems import ERROR, DigestError, Problem, quote

OTHER = "other"
HAS_CODE = "has-code"
DEFAULT_SOURCE = "generator/data/topics.yaml"

TITLE_WEIGHT = 3.0
KEYWORD_WEIGHT = 0.5  # for topics: API keywords list every method a paper touches, not only its subject...
TAG_KEYWORD_WEIGHT = 3.0  # ...but a keyword naming a tag is as good as the title
MAX_REPEATS = 2
MIN_SCORE = 3.0
FALLBACK_SCORE = 1.5
MIN_TAG_SCORE = 2.0
MIN_MENTIONS = 2  # a title or keyword match counts as two: one abstract mention is never enough
SECOND_SCORE = 0.5  # of the strongest topic's score, for a second topic
THIRD_SCORE = 0.7  # and for a third
RELATIVE_CAP = 8.0  # the strongest topic's score counts up to this, lest it crowd out every other
MAX_TOPICS = 3
MAX_TAGS = 8
MIN_SHARED_KEYWORD = 2
MIN_TAG_PAPERS = 2  # every tag page lists at least two papers
MAX_KEYWORD_WORDS = 4

# Normalised keywords too generic to be worth a tag page.
GENERIC_KEYWORDS = frozenset(
    """
    accuracy ai algorithm analysis approach architecture benchmark capability computational-cost
    dataset deep-learning efficiency evaluation experiment fine-tuning framework generalization
    inference interpretability latency machine-learning method model neural-network optimization
    performance pre-training pretraining robustness scalability state-of-the-art
    state-of-the-art-performance task training zero-shot
    """.split()
)


# --- public API --------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    scope: str
    rules: tuple[Rule, ...] = ()
    combines: tuple[str, ...] = ()  # topics this one joins: listed beside it only when stronger


@dataclass(frozen=True)
class Tag:
    slug: str
    label: str
    rule: Rule


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]  # in file order, which also breaks ties
    tags: tuple[Tag, ...] = ()
    source: str = DEFAULT_SOURCE

    @functools.cached_property
    def _topics_by_slug(self) -> dict[str, Topic]:
        return {topic.slug: topic for topic in self.topics}

    @functools.cached_property
    def _tag_labels(self) -> dict[str, str]:
        return {tag.slug: tag.label for tag in self.tags}

    @functools.cached_property
    def _index(self) -> _RuleIndex:
        topic_rules = [(TOPIC, topic.slug, rule) for topic in self.topics for rule in topic.rules]
        return _RuleIndex(topic_rules + [(TAG, tag.slug, tag.rule) for tag in self.tags])

    @functools.cached_property
    def _curated(self) -> dict[str, bool]:
        """Whether a tag's terms cover a keyword, by keyword: papers share most of theirs."""
        return {}

    @functools.cached_property
    def _memo(self) -> dict[tuple, tuple[tuple[str, ...], tuple[str, ...]]]:
        """Classifications already made with this taxonomy, by the paper's text: `mkdocs serve`
        reclassifies only the papers of an edited digest."""
        return {}

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(topic.slug for topic in self.topics)

    def topic(self, slug: str) -> Topic:
        return self._topics_by_slug[slug]

    def name(self, slug: str) -> str:
        return self.topic(slug).name

    def tag_label(self, slug: str) -> str:
        if slug in self._tag_labels:
            return self._tag_labels[slug]
        return "has code" if slug == HAS_CODE else slug.replace("-", " ")


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy in `path`, or the packaged default. A file without a
    `tags` list gets the default tag vocabulary."""
    if path is None:
        return _default_taxonomy()
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem(ERROR, source, 0, f"a file that cannot be read ({exc})", "a UTF-8 YAML taxonomy")
        raise DigestError(problem) from exc
    return _TaxonomyReader(source).read(text, default_tags=_default_taxonomy().tags)


def classify_paper(
    paper_title: str, abstract: str, keywords: Sequence[str], taxonomy: Taxonomy
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(topic slugs, strongest first; tag slugs, alphabetical) of one paper.
    Here keywords become tags only through the curated vocabulary; `classify`
    also keeps keywords that several papers share."""
    return _classify(paper_title, abstract, keywords, taxonomy, keyword_tags=set(), has_code=False)


def classify(archive: Archive, taxonomy: Taxonomy) -> Archive:
    """A copy of the archive with every paper's topics and tags filled in."""
    free = {key: _free_keywords(paper.keywords, taxonomy) for key, paper in archive.papers.items()}
    counts = Counter(slug for slugs in free.values() for slug in slugs)
    shared = {slug for slug, count in counts.items() if count >= MIN_SHARED_KEYWORD}
    found = {key: _topics_and_tags(paper, taxonomy, free[key] & shared) for key, paper in archive.papers.items()}
    tags = _without_lone_tags({key: tags for key, (_, tags) in found.items()})
    papers = {key: replace(paper, topics=found[key][0], tags=tags[key]) for key, paper in archive.papers.items()}
    return replace(archive, papers=papers)


def _without_lone_tags(tags: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Drops tags that only one paper has: a tag page listing one paper helps no reader.
    As the archive grows, such a tag comes back once a second paper has it."""
    uses = Counter(tag for paper_tags in tags.values() for tag in paper_tags)
    return {key: tuple(t for t in paper_tags if uses[t] >= MIN_TAG_PAPERS) for key, paper_tags in tags.items()}


def tag_label(slug: str) -> str:
    """The display label of a tag slug: "llm" -> "LLM", "has-code" -> "has code"."""
    return _default_taxonomy().tag_label(slug)


def _topics_and_tags(
    paper: Paper, taxonomy: Taxonomy, keyword_tags: set[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    has_code = any(link.kind == "code" for link in paper.links)
    key = (paper.title, paper.abstract, paper.keywords, frozenset(keyword_tags), has_code)
    if key not in taxonomy._memo:
        taxonomy._memo[key] = _classify(paper.title, paper.abstract, paper.keywords, taxonomy, keyword_tags, has_code)
    return taxonomy._memo[key]


def _classify(
    title: str,
    abstract: str,
    keywords: Sequence[str],
    taxonomy: Taxonomy,
    keyword_tags: set[str],
    has_code: bool,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """keyword_tags: the paper's uncurated keywords that are worth a tag."""
    evidence = taxonomy._index.evidence(_Text.of(title, abstract, keywords))
    scores = {
        slug: found.score for (kind, slug), found in evidence.items() if kind == TAG and found.enough(MIN_TAG_SCORE)
    }
    for slug in keyword_tags:
        scores.setdefault(slug, KEYWORD_WEIGHT)
    ranked = sorted(scores, key=lambda slug: (-scores[slug], slug))
    tags = ranked[: MAX_TAGS - has_code] + [HAS_CODE] * has_code
    return _topic_slugs(evidence, taxonomy), tuple(sorted(tags))


def _topic_slugs(evidence: dict[tuple[str, str], _Evidence], taxonomy: Taxonomy) -> tuple[str, ...]:
    ranked = sorted(  # strongest first, ties in file order
        (-found.score, order, topic.slug, found)
        for order, topic in enumerate(taxonomy.topics)
        if (found := evidence.get((TOPIC, topic.slug)))
    )
    eligible = [(slug, found) for _, _, slug, found in ranked if found.enough(MIN_SCORE)]
    if not eligible:
        weak = [slug for _, _, slug, found in ranked if found.enough(FALLBACK_SCORE)]
        return (weak[0] if weak else OTHER,)
    best = min(eligible[0][1].score, RELATIVE_CAP)
    kept = [eligible[0][0]]
    for slug, found in eligible[1:MAX_TOPICS]:
        if found.score < (SECOND_SCORE if len(kept) == 1 else THIRD_SCORE) * best:
            break
        if not any(slug in taxonomy.topic(stronger).combines for stronger in kept):
            kept.append(slug)
    return tuple(kept)


# --- evidence ----------------------------------------------------------------

TOPIC, TAG = "topic", "tag"
_KEYWORD_WEIGHTS = {TOPIC: KEYWORD_WEIGHT, TAG: TAG_KEYWORD_WEIGHT}


@dataclass(slots=True)  # not frozen, though never changed: creating a frozen one takes four times as long
class _Evidence:
    score: float = 0.0
    mentions: int = 0

    def __add__(self, other: _Evidence) -> _Evidence:
        return _Evidence(self.score + other.score, self.mentions + other.mentions)

    def enough(self, min_score: float) -> bool:
        return self.score >= min_score and self.mentions >= MIN_MENTIONS


# Availability notes say nothing about a paper's subject ("code is available
# at https://..."), and would make every paper with code a code paper. Matched
# in the lower-cased text and blanked out before classifying.
_NOTES = (
    re.compile(r"https?://\S+|www\.\S+"),
    re.compile(r"code(?<!\wcode)s?\b[^.;]{0,100}?\b(?:available|released|open[- ]sourced?|accessible|found|hosted)\b"),
    re.compile(r"code(?<!\wcode)s?\s*(?:is\s+)?(?:at\b|:)"),
    re.compile(r"(?:release|make|provide)[sd]?\s+(?:our|the|all)\s+(?:source\s+)?code\b"),
)


def _without_notes(text: str) -> str:
    lower = _lower(text)
    for start, end in sorted(match.span() for note in _NOTES for match in note.finditer(lower)):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


@dataclass(frozen=True)
class _Text:
    """One paper's text, prepared once for all rules."""

    title: _Field
    abstract: _Field
    keywords: _Field

    @classmethod
    def of(cls, title: str, abstract: str, keywords: Sequence[str]) -> _Text:
        return cls(_Field.of(title), _Field.of(_without_notes(abstract)), _Field.of(" ; ".join(keywords)))

    @property
    def fields(self) -> tuple[_Field, _Field, _Field]:
        return (self.title, self.abstract, self.keywords)


class _RuleIndex:
    """Every distinct term of the taxonomy's rules, filed under one of its
    words: a paper's words lead straight to the few terms that can match it."""

    def __init__(self, owned_rules: list[tuple[str, str, Rule]]):
        self.owned_rules = owned_rules  # (TOPIC or TAG, slug, rule)
        # Each term -> (rule number, term number) wherever it is one of a rule's `terms`.
        self.uses: dict[_Term, list[tuple[int, int]]] = {}
        every_term: dict[_Term, None] = {}  # also the `requires` and `unless` terms
        for number, (_, _, rule) in enumerate(owned_rules):
            for term_number, term in enumerate(rule.terms.terms):
                self.uses.setdefault(term, []).append((number, term_number))
            for terms in (rule.terms, rule.requires, rule.unless):
                every_term.update(dict.fromkeys(terms.terms if terms else ()))
        self.by_word: dict[str, list[tuple[frozenset[str], _Term]]] = {}
        for term in every_term:
            for word, spelling in term.triggers():
                self.by_word.setdefault(word, []).append((spelling, term))
        self.indexed_words = frozenset(self.by_word)  # `&` with a dict's keys would copy them into a set each time
        self.pattern_rules = [number for number, (_, _, rule) in enumerate(owned_rules) if rule.terms.patterns]

    def candidates(self, field: _Field) -> set[_Term]:
        """The terms that may match in the field: it has every word of one of their spellings."""
        words = field.words
        return {term for word in words & self.indexed_words for spelling, term in self.by_word[word] if spelling <= words}

    def by_rule(self, terms: Iterable[_Term]) -> dict[int, list[int]]:
        """Rule number -> the numbers of these terms among that rule's `terms`."""
        found: dict[int, list[int]] = {}
        for term in terms:
            for number, term_number in self.uses.get(term, ()):
                found.setdefault(number, []).append(term_number)
        return found

    def evidence(self, text: _Text) -> dict[tuple[str, str], _Evidence]:
        """Evidence per (TOPIC or TAG, slug), summed over its rules."""
        matched = [{term for term in self.candidates(field) if term.spans(field)} for field in text.fields]
        anywhere = set().union(*matched)
        found = [self.by_rule(terms) for terms in matched]
        numbers = {number for per_field in found for number in per_field}.union(self.pattern_rules)
        evidence: dict[tuple[str, str], _Evidence] = {}
        for number in sorted(numbers):
            kind, slug, rule = self.owned_rules[number]
            if not rule.required(anywhere):
                continue  # checked first: it saves trying the costly patterns
            terms = [per_field.get(number, ()) for per_field in found]
            rule_evidence = _rule_evidence(rule, text, terms, matched, _KEYWORD_WEIGHTS[kind])
            if rule_evidence.mentions:
                evidence[kind, slug] = evidence.get((kind, slug), _Evidence()) + rule_evidence
        return evidence


def _rule_evidence(
    rule: Rule, text: _Text, found: list[Sequence[int]], matched: list[set[_Term]], keyword_weight: float
) -> _Evidence:
    """found: per field, the numbers of the rule's terms that match there;
    matched: per field, every term that matches there."""
    counts = [
        rule.hits(field, terms, matched_here) if terms or rule.terms.patterns else 0
        for field, terms, matched_here in zip(text.fields, found, matched)
    ]
    in_title, in_abstract, in_keywords = counts[0] > 0, counts[1], counts[2] > 0
    score = TITLE_WEIGHT * in_title + in_abstract + keyword_weight * in_keywords
    mentions = 2 * in_title + in_abstract + 2 * in_keywords
    return _Evidence(rule.weight * score, mentions)


# --- rules and terms ---------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """Terms that are evidence for one topic or tag."""

    terms: Terms
    weight: float = 1.0
    requires: Terms | None = None  # the rule counts only if one of these also occurs in the paper
    unless: Terms | None = None  # matches inside one of these phrases do not count

    @classmethod
    def build(
        cls,
        terms: Sequence[str] = (),
        patterns: Sequence[str] = (),
        weight: float = 1.0,
        requires: Sequence[str] = (),
        unless: Sequence[str] = (),
    ) -> Rule:
        if not terms and not patterns:
            raise ValueError("a rule needs terms or patterns")
        return cls(
            Terms.build(terms, patterns),
            weight,
            Terms.build(requires) if requires else None,
            Terms.build(unless) if unless else None,
        )

    def required(self, matched: set[_Term]) -> bool:
        """Whether `requires` holds, given every term that matches in the paper."""
        return self.requires is None or not matched.isdisjoint(self.requires.terms)

    def hits(self, field: _Field, candidates: Iterable[int], matched: set[_Term]) -> int:
        """Matches in the field, each term counted at most MAX_REPEATS times.
        matched: the terms (of any rule) that match in the field."""
        matches = self.terms.matches(field, candidates)
        if matches and self.unless is not None:
            masked = self.unless.matches(field, [n for n, term in enumerate(self.unless.terms) if term in matched])
            matches = [match for match in matches if not any(a < match[1] and match[0] < b for a, b, _ in masked)]
        if len(matches) <= MAX_REPEATS:
            return len(matches)
        per_term = Counter(term for _, _, term in matches)
        return sum(min(count, MAX_REPEATS) for count in per_term.values())


_Match = tuple[int, int, int]  # start, end, which term (patterns: -1, -2, ...)


@dataclass(frozen=True, eq=False)
class Terms:
    """A list of terms and raw regexes, and where they match in a text."""

    terms: tuple[_Term, ...]
    patterns: tuple[_Pattern, ...] = ()

    @classmethod
    def build(cls, terms: Iterable[str], patterns: Iterable[str] = ()) -> Terms:
        compiled = tuple(_Term.compile(term) for term in dict.fromkeys(terms))
        return cls(compiled, tuple(_Pattern.compile(pattern) for pattern in patterns))

    def matches(self, field: _Field, candidates: Iterable[int] | None = None) -> list[_Match]:
        """Leftmost-longest matches in the field, as one alternation of all
        terms would find them; `candidates` (term numbers) may narrow the search."""
        numbers = range(len(self.terms)) if candidates is None else sorted(candidates)  # ties go to the first term
        found = [(start, end, number) for number in numbers for start, end in self.terms[number].spans(field)]
        for number, pattern in enumerate(self.patterns):
            found += [(start, end, -1 - number) for start, end in pattern.spans(field)]
        if len({term for _, _, term in found}) <= 1:
            return found  # one term's matches never overlap
        kept: list[_Match] = []
        for match in sorted(found, key=lambda match: (match[0], -match[1])):
            if not kept or match[0] >= kept[-1][1]:
                kept.append(match)
        return kept


_WORD = re.compile(r"[^\W_]+")
_SEPARATOR = r"[\s\-]?"
# Words in most abstracts: the index files a term under another of its words if it has one.
_COMMON_WORDS = frozenset(
    """a an and as at based by data deep for from in large learning model models multi network networks
    neural of on pre self the to training via with""".split()
)


@dataclass(frozen=True, eq=False)  # compared by identity: a field's spans and the index are keyed by term
class _Term:
    """One term as a regex that starts with a literal, which lets `re` skip
    ahead to candidate positions instead of trying every one."""

    regex: re.Pattern[str]
    on_lower: bool  # no acronym in it: matched against the lower-cased text
    # The term's words as a field's word set holds them (acronyms as written,
    # others lower-case), in every spelling with some words run together:
    # "pre-trained model" is also {"pretrained", "model"} and {"pretrainedmodel"}.
    spellings: tuple[frozenset[str], ...]

    @classmethod
    @functools.cache  # one object per term, however many rules list it
    def compile(cls, term: str) -> _Term:
        words = [word for word in re.split(r"[\s\-]+", term.strip()) if word]
        on_lower = not any(_is_acronym(word) for word in words)
        parts = [_word_regex(word, index, len(words), on_lower) for index, word in enumerate(words)]
        keys = [word if _is_acronym(word) else word.lower() for word in _WORD.findall(term)]
        spellings = tuple(frozenset(spelling) for spelling in _spellings(keys[:6]))
        return cls(re.compile(_SEPARATOR.join(parts) + r"(?!\w)"), on_lower, spellings)

    def triggers(self) -> list[tuple[str, frozenset[str]]]:
        """(word, spelling) pairs to file the term under: a text it matches
        has every word of one spelling. Filing under the rarest-looking word
        keeps "model growth" from being tried on every text that says "model"."""
        return [(min(spelling, key=_commonness), spelling) for spelling in self.spellings if spelling]

    def spans(self, field: _Field) -> list[tuple[int, int]]:
        if self not in field.term_spans:
            text = field.lower if self.on_lower else field.text
            field.term_spans[self] = [match.span() for match in self.regex.finditer(text)]
        return field.term_spans[self]


def _is_acronym(word: str) -> bool:
    return any(char.isupper() for char in word[1:])


def _word_regex(word: str, index: int, count: int, on_lower: bool) -> str:
    acronym = _is_acronym(word)
    literal, tail = _plural(word if acronym else word.lower(), last=index == count - 1)
    if index == 0 and (on_lower or acronym):
        return rf"{literal}(?<!\w{literal}){tail}"  # the word boundary after the literal start
    if index == 0:
        return rf"(?<!\w)(?i:{literal}{tail})"
    return literal + tail if on_lower or acronym else f"(?i:{literal}{tail})"


def _plural(word: str, last: bool) -> tuple[str, str]:
    """(literal head, regex tail) of a word; the last word of a term may be plural."""
    if not last or not word[-1:].isalpha():
        return re.escape(word), ""
    if _is_acronym(word):
        return re.escape(word), "s?"
    if len(word) > 2 and word[-1] == "y" and word[-2] not in "aeiou":
        return re.escape(word[:-1]), "(?:y|ies)"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return re.escape(word), "(?:es)?"
    return re.escape(word), "s?"


def _spellings(words: list[str]) -> list[tuple[str, ...]]:
    """Every way to write the words with some neighbours run together."""
    if len(words) <= 1:
        return [tuple(words)]
    spellings = []
    for rest in _spellings(words[1:]):
        spellings += [(words[0], *rest), (words[0] + rest[0], *rest[1:])]
    return spellings


def _commonness(word: str) -> tuple[bool, int, str]:
    return (word.lower() in _COMMON_WORDS, -len(word), word)


@dataclass(frozen=True)
class _Pattern:
    """A raw regex from the taxonomy: case-insensitive, whole words."""

    regex: re.Pattern[str]
    on_lower: bool  # no capital in it: matched without IGNORECASE against the lower-cased text (faster)

    @classmethod
    def compile(cls, pattern: str) -> _Pattern:
        on_lower = not any(char.isupper() for char in re.sub(r"\\.", "", pattern))
        # No leading (?<!\w): it would stop `re` from skipping ahead to a literal start; spans() checks it.
        return cls(re.compile(rf"(?:{pattern})(?!\w)", 0 if on_lower else re.IGNORECASE), on_lower)

    def spans(self, field: _Field) -> list[tuple[int, int]]:
        text = field.lower if self.on_lower else field.text
        return [match.span() for match in self.regex.finditer(text) if not _word_char_before(text, match.start())]


def _word_char_before(text: str, index: int) -> bool:
    return index > 0 and (text[index - 1].isalnum() or text[index - 1] == "_")


@dataclass(frozen=True)
class _Field:
    """A paper's title, abstract or keywords, prepared once for all terms."""

    text: str
    lower: str
    # Each word as written and lower-cased, also without a plural ending:
    # the keys under which the index files terms.
    words: frozenset[str]
    term_spans: dict[_Term, list[tuple[int, int]]] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, text: str) -> _Field:
        words = set(_WORD.findall(text))
        words.update([word.lower() for word in words])
        # "LLMs", "policies", "processes" must lead to "LLM", "policy", "process".
        plurals = [word for word in words if word[-1] == "s"]
        words.update([word[:-1] for word in plurals])
        words.update([word[:-2] for word in plurals if word.endswith("es")])
        words.update([word[:-3] + "y" for word in plurals if word.endswith("ies")])
        return cls(text, _lower(text), frozenset(words))


def _lower(text: str) -> str:
    """Lower case with every character kept in place, so that spans found in
    the lower-cased text are spans of the original too."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


# --- keywords ----------------------------------------------------------------

_SINGULAR_EXCEPTIONS = ("ss", "us", "is", "ics", "ias", "ous", "series", "species", "lens", "news")


@functools.lru_cache(maxsize=1 << 16)
def normalise_keyword(keyword: str) -> str:
    """The tag slug of a free-form keyword: "Diffusion Models (DMs)" -> "diffusion-model"."""
    slug = slugify(re.sub(r"\([^)]*\)", " ", keyword))
    if not slug:
        return ""
    *head, last = slug.split("-")
    return "-".join([*head, _singular(last)])


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(_SINGULAR_EXCEPTIONS):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _free_keywords(keywords: Sequence[str], taxonomy: Taxonomy) -> set[str]:
    """Slugs of the keywords that no curated tag covers."""
    free = set()
    for keyword in keywords:
        slug = normalise_keyword(keyword)
        if not slug or slug in GENERIC_KEYWORDS or slug.count("-") >= MAX_KEYWORD_WORDS:
            continue
        if slug not in taxonomy._tag_labels and not _is_curated(keyword, taxonomy):
            free.add(slug)
    return free


def _is_curated(keyword: str, taxonomy: Taxonomy) -> bool:
    if keyword not in taxonomy._curated:
        taxonomy._curated[keyword] = _tag_terms_match(keyword, taxonomy)
    return taxonomy._curated[keyword]


def _tag_terms_match(keyword: str, taxonomy: Taxonomy) -> bool:
    """Whether some tag's terms match the keyword (its context rules aside)."""
    field = _Field.of(keyword)
    index = taxonomy._index
    return any(
        index.owned_rules[number][0] == TAG and index.owned_rules[number][2].terms.matches(field, term_numbers)
        for number, term_numbers in index.by_rule(index.candidates(field)).items()
    )


# --- loading -----------------------------------------------------------------

TOP_KEYS = ("contexts", "topics", "tags")  # contexts: term lists for YAML anchors, otherwise unused
TOPIC_KEYS = ("slug", "name", "scope", "rules", "combines")
RULE_KEYS = ("terms", "patterns", "weight", "requires", "unless")
TAG_KEYS = ("slug", "label", *RULE_KEYS)
_Fields = dict[str, tuple[yaml.Node, yaml.Node]]  # key -> (key node, value node)


@functools.cache
def _default_taxonomy() -> Taxonomy:
    text = (importlib.resources.files("generator") / "data" / "topics.yaml").read_text(encoding="utf-8")
    return _TaxonomyReader(DEFAULT_SOURCE).read(text, default_tags=())


class _TaxonomyReader:
    """Turns a taxonomy's YAML node tree into a Taxonomy, failing on the first
    problem with the line of its node (yaml marks are 0-based, problems 1-based)."""

    def __init__(self, source: str):
        self.source = source

    def read(self, text: str, default_tags: tuple[Tag, ...]) -> Taxonomy:
        root = self.compose(text)
        if not isinstance(root, yaml.MappingNode):
            raise self.fail(root, f"{self.kind(root)} at the top", "a mapping with a `topics` list")
        fields = self.mapping(root, TOP_KEYS, required=("topics",))
        if "contexts" in fields:
            self.sequence(fields["contexts"][1], "contexts")
        topics = self.topics(*fields["topics"])
        tags = self.tags(fields["tags"][1]) if "tags" in fields else default_tags
        return Taxonomy(topics=topics, tags=tags, source=self.source)

    def compose(self, text: str) -> yaml.Node | None:
        try:
            return yaml.compose(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 0
            raise DigestError(Problem(ERROR, self.source, line, exc.problem or "invalid YAML", "valid YAML")) from exc
        except yaml.YAMLError as exc:
            raise DigestError(Problem(ERROR, self.source, 0, str(exc), "valid YAML")) from exc

    def topics(self, key: yaml.Node, node: yaml.Node) -> tuple[Topic, ...]:
        items = self.sequence(node, "topics")
        topics = tuple(self.topic(item) for item in items)
        self.check_unique(items, [topic.slug for topic in topics], "topic")
        slugs = {topic.slug for topic in topics}
        if OTHER not in slugs:
            raise self.fail(key, f"no `{OTHER}` topic", f"a topic with slug `{OTHER}` for papers that fit no other")
        for item, topic in zip(items, topics):
            for node, slug in zip(self.list_of(self.mapping(item, TOPIC_KEYS), "combines"), topic.combines):
                if slug not in slugs - {OTHER, topic.slug}:
                    raise self.fail(node, f"`combines` names {quote(slug)}", "the slug of another topic of this file")
        return topics

    def topic(self, node: yaml.Node) -> Topic:
        fields = self.mapping(node, TOPIC_KEYS, required=("slug", "name"))
        slug = self.slug(fields["slug"][1])
        rules = tuple(self.rule(item, self.mapping(item, RULE_KEYS)) for item in self.list_of(fields, "rules"))
        if slug == OTHER and rules:
            raise self.fail(fields["rules"][0], f"rules for `{OTHER}`", f"no rules: `{OTHER}` is the fallback")
        scope = self.string(fields["scope"][1]) if "scope" in fields else ""
        combines = tuple(self.slug(item) for item in self.list_of(fields, "combines"))
        return Topic(slug, self.string(fields["name"][1]), scope, rules, combines)

    def tags(self, node: yaml.Node) -> tuple[Tag, ...]:
        items = self.sequence(node, "tags")
        tags = tuple(self.tag(item) for item in items)
        self.check_unique(items, [tag.slug for tag in tags], "tag")
        return tags

    def tag(self, node: yaml.Node) -> Tag:
        fields = self.mapping(node, TAG_KEYS, required=("slug",))
        slug = self.slug(fields["slug"][1])
        label = self.string(fields["label"][1]) if "label" in fields else slug.replace("-", " ")
        return Tag(slug, label, self.rule(node, fields))

    def rule(self, node: yaml.Node, fields: _Fields) -> Rule:
        terms, requires, unless = (self.terms(fields, key) for key in ("terms", "requires", "unless"))
        patterns = [self.regex(item) for item in self.list_of(fields, "patterns")]
        if not terms and not patterns:
            raise self.fail(node, "a rule without terms or patterns", "a non-empty `terms` or `patterns` list")
        weight = self.weight(fields["weight"][1]) if "weight" in fields else 1.0
        return Rule.build(terms, patterns, weight, requires, unless)

    # -- containers and scalars --

    def mapping(self, node: yaml.Node, allowed: Sequence[str], required: Sequence[str] = ()) -> _Fields:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, self.kind(node), f"a mapping with keys {', '.join(allowed)}")
        fields: _Fields = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in allowed:
                found = f"unknown key {quote(key)}" if key is not None else f"{self.kind(key_node)} as a key"
                raise self.fail(key_node, found, f"one of {', '.join(allowed)}")
            if key in fields:
                raise self.fail(key_node, f"key {quote(key)} a second time", "each key once")
            fields[key] = (key_node, value_node)
        for key in required:
            if key not in fields:
                raise self.fail(node, f"no `{key}`", f"a `{key}` in every entry (keys: {', '.join(allowed)})")
        return fields

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{self.kind(node)} for `{what}`", f"a list for `{what}`")
        return list(node.value)

    def list_of(self, fields: _Fields, key: str) -> list[yaml.Node]:
        return self.sequence(fields[key][1], key) if key in fields else []

    def terms(self, fields: _Fields, key: str) -> list[str]:
        terms = []
        for item in self.list_of(fields, key):
            term = self.string(item)
            if not _WORD.search(term):
                raise self.fail(item, f"term {quote(term)} without a letter or digit", "a word or phrase")
            terms.append(term)
        return terms

    def string(self, node: yaml.Node) -> str:
        # A scalar's value is its text as written: `no` stays "no", not False.
        if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
            raise self.fail(node, self.kind(node), "a non-empty string")
        return node.value.strip()

    def slug(self, node: yaml.Node) -> str:
        slug = self.string(node)
        if slug != slugify(slug):
            example = quote(slugify(slug) or "my-topic")
            raise self.fail(node, f"slug {quote(slug)}", f"a lowercase slug such as {example}")
        return slug

    def weight(self, node: yaml.Node) -> float:
        text = self.string(node)
        try:
            weight = float(text)
        except ValueError:
            weight = float("nan")
        if not weight > 0:
            raise self.fail(node, f"weight {quote(text)}", "a positive number")
        return weight

    def regex(self, node: yaml.Node) -> str:
        pattern = self.string(node)
        try:
            re.compile(pattern)
        except re.error as exc:
            found = f"pattern {quote(pattern)} that does not compile ({exc})"
            raise self.fail(node, found, "a valid Python regex") from exc
        return pattern

    def check_unique(self, nodes: list[yaml.Node], slugs: list[str], what: str) -> None:
        first_line: dict[str, int] = {}
        for node, slug in zip(nodes, slugs):
            if slug in first_line:
                found = f"{what} slug {quote(slug)} again (first on line {first_line[slug]})"
                raise self.fail(node, found, f"each {what} slug once")
            first_line[slug] = node.start_mark.line + 1

    def fail(self, node: yaml.Node | None, found: str, expected: str) -> DigestError:
        line = node.start_mark.line + 1 if node is not None else 0
        return DigestError(Problem(ERROR, self.source, line, found, expected))

    @staticmethod
    def kind(node: yaml.Node | None) -> str:
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        if isinstance(node, yaml.ScalarNode):
            return f"the value {quote(node.value)}" if node.value else "an empty value"
        return "nothing"
