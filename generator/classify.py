"""Classification: fill in each paper's topics and tags from the taxonomy.

The taxonomy file (generator/data/topics.yaml by default) lists the topics,
each with matching rules, and a curated tag vocabulary. A rule is a list of
terms (or raw regexes) with a weight, optionally a `requires` list (the rule
counts only if one of those terms also occurs in the paper) and an `unless`
list (matches inside these phrases do not count: "diffusion" inside
"diffusion maps").

Term syntax: whole words only; spaces and hyphens are interchangeable and may
be omitted ("pre-training" matches "pretraining"); the last word may take a
plural ending. A word with a capital letter after its first character (an
acronym: RL, GAN, NeRF, MoE) is matched case-sensitively, every other word
ignores case.

Scoring: a rule's evidence in a paper is TITLE_WEIGHT if it matches the
title, plus one per match in the abstract (at most MAX_ABSTRACT_HITS), plus
KEYWORD_WEIGHT if it matches one of the paper's keywords; times the rule's
weight. A topic needs MIN_SCORE and more than a single abstract mention; at
most MAX_TOPICS topics are kept, strongest first, each at least
RELATIVE_SCORE of the strongest. A paper with no topic gets `other`.
"""
from __future__ import annotations

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

TITLE_WEIGHT = 3.0
KEYWORD_WEIGHT = 1.0  # keywords mostly repeat the abstract: a small bonus for topics
TAG_KEYWORD_WEIGHT = 3.0  # ...but a keyword naming a tag is as good as the title
MAX_REPEATS = 2  # matches of one term counted in an abstract
MIN_SCORE = 3.0
MIN_TAG_SCORE = 2.0
MIN_HITS = 2  # a title or keyword match counts as two hits: one abstract mention is never enough
RELATIVE_SCORE = 0.3
MAX_TOPICS = 3
MAX_TAGS = 8
MIN_SHARED_KEYWORD = 2  # an uncurated keyword becomes a tag only if this many papers have it
MAX_KEYWORD_WORDS = 4

DEFAULT_SOURCE = "generator/data/topics.yaml"

# Keywords too generic to be worth a tag page, after normalisation.
GENERIC_KEYWORDS = frozenset(
    """
    accuracy ai algorithm analysis approach architecture benchmark capability computational-cost
    dataset deep-learning efficiency evaluation experiment framework generalization
    interpretability latency machine-learning method model neural-network optimization
    performance robustness scalability state-of-the-art state-of-the-art-performance
    task training zero-shot fine-tuning pre-training pretraining inference
    """.split()
)


# --- terms -------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
# Words in most abstracts: a term is indexed by one of its other words if it has one.
_COMMON_WORDS = frozenset(
    """a an and as at based by data deep for from in large learning model models multi network networks
    neural of on pre self the to training via with""".split()
)
_SEPARATOR = r"[\s\-]?"


def _is_acronym(word: str) -> bool:
    return any(char.isupper() for char in word[1:])


def _lower(text: str) -> str:
    """Lower case with every character kept in place, so that spans found in
    the lower-cased text are spans of the original too."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


def _word_regex(word: str, last: bool) -> tuple[str, str]:
    """(literal head, regex tail) of one word; the last word of a term may be plural."""
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
class _Term:
    """One term compiled to a regex that starts with a literal, which lets
    `re` skip ahead to candidate positions instead of trying every one."""

    regex: re.Pattern[str]
    on_lower: bool  # matched against the lower-cased text (no acronym in the term)
    # The term's words as a text's word set holds them (acronyms as written,
    # others lower-case), in every spelling with some words run together:
    # "pre-trained model" is also {"pretrained", "model"} and {"pretrainedmodel"}.
    spellings: tuple[frozenset[str], ...]

    @classmethod
    def compile(cls, term: str) -> _Term:
        words = [word for word in re.split(r"[\s\-]+", term.strip()) if word]
        on_lower = not any(_is_acronym(word) for word in words)
        parts = []
        for index, word in enumerate(words):
            literal, tail = _word_regex(word if _is_acronym(word) else word.lower(), index == len(words) - 1)
            if index == 0 and (on_lower or _is_acronym(word)):
                parts.append(rf"{literal}(?<!\w{literal}){tail}")
            elif index == 0:
                parts.append(rf"(?<!\w)(?i:{literal}{tail})")
            else:
                parts.append(literal + tail if on_lower or _is_acronym(word) else f"(?i:{literal}{tail})")
        keys = [word if _is_acronym(word) else word.lower() for word in _WORD.findall(term)]
        regex = re.compile(_SEPARATOR.join(parts) + r"(?!\w)")
        return cls(regex, on_lower, tuple(frozenset(spelling) for spelling in _spellings(keys[:6])))

    def triggers(self) -> list[tuple[str, frozenset[str]]]:
        """(word, spelling) to index the term by: a text it matches has all
        words of one spelling. The rarest-looking word of the spelling keeps
        the index from trying "model growth" on every text that says "model"."""
        return [(min(spelling, key=_commonness), spelling) for spelling in self.spellings if spelling]

    def may_match(self, words: frozenset[str]) -> bool:
        """A quick test: False means the term cannot match a text with these words."""
        return any(spelling <= words for spelling in self.spellings)

    def spans(self, field: _Field) -> list[tuple[int, int]]:
        return [match.span() for match in self.regex.finditer(field.lower if self.on_lower else field.text)]


@dataclass(frozen=True)
class _Field:
    """One piece of a paper's text (title, abstract or keywords), prepared
    once for all terms."""

    text: str
    lower: str
    words: frozenset[str]  # every word as written and lower-cased, also without a plural ending

    @classmethod
    def of(cls, text: str) -> _Field:
        words = set(_WORD.findall(text))
        words.update([word.lower() for word in words])
        # "LLMs", "policies", "processes" must trigger "LLM", "policy", "process".
        plurals = [word for word in words if word.endswith("s")]
        words.update(stem for word in plurals for stem in (word[:-1], word[:-2], word[:-3] + "y"))
        return cls(text, _lower(text), frozenset(words))


_Match = tuple[int, int, int]  # start, end, which term or pattern


def _non_overlapping(matches: list[_Match]) -> list[_Match]:
    """Leftmost-longest matches, as one alternation of all terms would find."""
    kept: list[_Match] = []
    for match in sorted(matches, key=lambda match: (match[0], -match[1])):
        if not kept or match[0] >= kept[-1][1]:
            kept.append(match)
    return kept


@dataclass(frozen=True)
class _Pattern:
    """A raw regex from the taxonomy, case-insensitive, as whole words."""

    regex: re.Pattern[str]
    on_lower: bool  # no upper-case letter in it: run without IGNORECASE on the lower-cased text (faster)

    @classmethod
    def compile(cls, pattern: str) -> _Pattern:
        on_lower = not any(char.isupper() for char in re.sub(r"\\.", "", pattern))
        flags = 0 if on_lower else re.IGNORECASE
        # No leading (?<!\w): it would stop `re` from skipping ahead to a literal start.
        return cls(re.compile(rf"(?:{pattern})(?!\w)", flags), on_lower)

    def spans(self, field: _Field) -> list[tuple[int, int]]:
        text = field.lower if self.on_lower else field.text
        return [match.span() for match in self.regex.finditer(text) if not _word_char_before(text, match.start())]


def _word_char_before(text: str, index: int) -> bool:
    return index > 0 and (text[index - 1].isalnum() or text[index - 1] == "_")


@dataclass(frozen=True, eq=False)
class Terms:
    """A list of terms and raw regexes, and where they match in a text."""

    terms: tuple[_Term, ...]
    patterns: tuple[_Pattern, ...] = ()

    @classmethod
    def build(cls, terms: Iterable[str], patterns: Iterable[str] = ()) -> Terms:
        compiled = tuple(_Term.compile(term) for term in dict.fromkeys(terms))
        return cls(compiled, tuple(_Pattern.compile(pattern) for pattern in patterns))

    @functools.cached_property
    def _by_word(self) -> dict[str, tuple[int, ...]]:
        by_word: dict[str, list[int]] = {}
        for number, term in enumerate(self.terms):
            for word, _ in term.triggers():
                by_word.setdefault(word, []).append(number)
        return {word: tuple(numbers) for word, numbers in by_word.items()}

    def triggered(self, field: _Field) -> set[int]:
        numbers = {number for word in self._by_word.keys() & field.words for number in self._by_word[word]}
        return {number for number in numbers if self.terms[number].may_match(field.words)}

    def matches(self, field: _Field, candidates: Iterable[int] | None = None) -> list[_Match]:
        """Matches in the field; `candidates` (term numbers) saves looking
        up which terms the field can match. Patterns count as terms -1, -2..."""
        numbers = self.triggered(field) if candidates is None else candidates
        found = [(start, end, number) for number in numbers for start, end in self.terms[number].spans(field)]
        found += [(start, end, -1 - number) for number, pattern in enumerate(self.patterns) for start, end in pattern.spans(field)]
        return _non_overlapping(found)

    def occur_in(self, fields: Iterable[_Field]) -> bool:
        return any(self.matches(field) for field in fields)


# --- taxonomy ----------------------------------------------------------------


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

    def hits(self, field: _Field, candidates: Iterable[int] | None = None) -> int:
        """Matches in the field, each term counted at most MAX_REPEATS times."""
        matches = self.terms.matches(field, candidates)
        if matches and self.unless is not None:
            masked = self.unless.matches(field)
            matches = [match for match in matches if not any(start < match[1] and match[0] < end for start, end, _ in masked)]
        per_term = Counter(term for _, _, term in matches)
        return sum(min(count, MAX_REPEATS) for count in per_term.values())


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    scope: str
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Tag:
    slug: str
    label: str
    rule: Rule


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]  # in file order: the tie-break
    tags: tuple[Tag, ...] = ()
    source: str = DEFAULT_SOURCE

    @functools.cached_property
    def _topics_by_slug(self) -> dict[str, Topic]:
        return {topic.slug: topic for topic in self.topics}

    @functools.cached_property
    def _tag_labels(self) -> dict[str, str]:
        return {tag.slug: tag.label for tag in self.tags}

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

    @functools.cached_property
    def _index(self) -> _RuleIndex:
        topic_rules = [(TOPIC, topic.slug, rule) for topic in self.topics for rule in topic.rules]
        return _RuleIndex(topic_rules + [(TAG, tag.slug, tag.rule) for tag in self.tags])


# --- loading -----------------------------------------------------------------

TOP_KEYS = ("contexts", "topics", "tags")  # contexts: term lists for YAML anchors, not read
TOPIC_KEYS = ("slug", "name", "scope", "rules")
RULE_KEYS = ("terms", "patterns", "weight", "requires", "unless")
TAG_KEYS = ("slug", "label") + RULE_KEYS


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy in `path`, or the packaged default. A user file without
    a `tags` list uses the default tag vocabulary."""
    if path is None:
        return _default_taxonomy()
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DigestError(
            Problem(ERROR, source, 0, f"a file that cannot be read ({exc})", "a readable UTF-8 YAML taxonomy")
        ) from exc
    return _TaxonomyReader(source).read(text, default_tags=_default_taxonomy().tags)


@functools.cache
def _default_taxonomy() -> Taxonomy:
    text = (importlib.resources.files("generator") / "data" / "topics.yaml").read_text(encoding="utf-8")
    return _TaxonomyReader(DEFAULT_SOURCE).read(text, default_tags=())


class _TaxonomyReader:
    """Turns the YAML node tree into a Taxonomy, failing on the first problem
    with the node's line (yaml marks are 0-based, problems 1-based)."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, node: yaml.Node | None, found: str, expected: str) -> DigestError:
        line = node.start_mark.line + 1 if node is not None else 0
        return DigestError(Problem(ERROR, self.source, line, found, expected))

    def read(self, text: str, default_tags: tuple[Tag, ...]) -> Taxonomy:
        try:
            root = yaml.compose(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 0
            problem = exc.problem or "invalid YAML"
            raise DigestError(Problem(ERROR, self.source, line, problem, "valid YAML")) from exc
        except yaml.YAMLError as exc:
            raise DigestError(Problem(ERROR, self.source, 0, str(exc), "valid YAML")) from exc
        if not isinstance(root, yaml.MappingNode):
            raise self.fail(root, "no mapping at the top", "a mapping with a `topics` list")
        fields = self.mapping(root, TOP_KEYS, required=("topics",))
        topics = self.topics(*fields["topics"])
        tags = self.tags(fields["tags"][1]) if "tags" in fields else default_tags
        return Taxonomy(topics=topics, tags=tags, source=self.source)

    def topics(self, key: yaml.Node, node: yaml.Node) -> tuple[Topic, ...]:
        topics = tuple(self.topic(item) for item in self.sequence(node, "topics"))
        self.check_unique(self.sequence(node, "topics"), [topic.slug for topic in topics], "topic")
        if OTHER not in {topic.slug for topic in topics}:
            raise self.fail(key, f"no `{OTHER}` topic", f"a topic with slug `{OTHER}` for papers that fit no other")
        return topics

    def topic(self, node: yaml.Node) -> Topic:
        fields = self.mapping(node, TOPIC_KEYS, required=("slug", "name"))
        slug = self.slug(fields["slug"][1])
        rules = tuple(self.rule(item) for item in self.sequence(fields["rules"][1], "rules")) if "rules" in fields else ()
        if slug == OTHER and rules:
            raise self.fail(fields["rules"][0], f"rules for `{OTHER}`", f"no rules: `{OTHER}` is the fallback")
        scope = self.string(fields["scope"][1]) if "scope" in fields else ""
        return Topic(slug, self.string(fields["name"][1]), scope, rules)

    def tags(self, node: yaml.Node) -> tuple[Tag, ...]:
        tags = tuple(self.tag(item) for item in self.sequence(node, "tags"))
        self.check_unique(self.sequence(node, "tags"), [tag.slug for tag in tags], "tag")
        return tags

    def tag(self, node: yaml.Node) -> Tag:
        fields = self.mapping(node, TAG_KEYS, required=("slug",))
        slug = self.slug(fields["slug"][1])
        label = self.string(fields["label"][1]) if "label" in fields else slug.replace("-", " ")
        rule_fields = {key: value for key, value in fields.items() if key in RULE_KEYS}
        return Tag(slug, label, self.rule_from(node, rule_fields))

    def rule(self, node: yaml.Node) -> Rule:
        return self.rule_from(node, self.mapping(node, RULE_KEYS))

    def rule_from(self, node: yaml.Node, fields: dict[str, tuple[yaml.Node, yaml.Node]]) -> Rule:
        lists = {key: self.strings(fields[key][1], key) if key in fields else [] for key in RULE_KEYS[:2] + RULE_KEYS[3:]}
        if not lists["terms"] and not lists["patterns"]:
            raise self.fail(node, "a rule without terms or patterns", "a non-empty `terms` or `patterns` list")
        for pattern_node in self.sequence(fields["patterns"][1], "patterns") if "patterns" in fields else []:
            self.check_regex(pattern_node)
        weight = self.weight(fields["weight"][1]) if "weight" in fields else 1.0
        return Rule.build(lists["terms"], lists["patterns"], weight, lists["requires"], lists["unless"])

    # -- scalars and containers --

    def mapping(
        self, node: yaml.Node, allowed: Sequence[str], required: Sequence[str] = ()
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"a {self.kind(node)}", f"a mapping with keys {', '.join(allowed)}")
        fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in allowed:
                found = f"unknown key {quote(str(key))}" if key is not None else f"a {self.kind(key_node)} as key"
                raise self.fail(key_node, found, f"one of {', '.join(allowed)}")
            if key in fields:
                raise self.fail(key_node, f"duplicate key {quote(key)}", "each key once")
            fields[key] = (key_node, value_node)
        for key in required:
            if key not in fields:
                raise self.fail(node, f"no `{key}`", f"a `{key}` in every entry (keys: {', '.join(allowed)})")
        return fields

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"a {self.kind(node)} for `{what}`", f"a list for `{what}`")
        return list(node.value)

    def string(self, node: yaml.Node) -> str:
        # ScalarNode.value is the text as written, so `no` stays "no", not False.
        if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
            raise self.fail(node, f"a {self.kind(node)}", "a non-empty string")
        return node.value.strip()

    def strings(self, node: yaml.Node, what: str) -> list[str]:
        return [self.string(item) for item in self.sequence(node, what)]

    def slug(self, node: yaml.Node) -> str:
        slug = self.string(node)
        if slug != slugify(slug):
            raise self.fail(node, f"slug {quote(slug)}", f"a lowercase slug such as {quote(slugify(slug) or 'my-topic')}")
        return slug

    def weight(self, node: yaml.Node) -> float:
        text = self.string(node)
        try:
            weight = float(text)
        except ValueError:
            weight = -1.0
        if not weight > 0:
            raise self.fail(node, f"weight {quote(text)}", "a positive number")
        return weight

    def check_regex(self, node: yaml.Node) -> None:
        try:
            re.compile(node.value)
        except re.error as exc:
            raise self.fail(node, f"pattern {quote(node.value)} that does not compile ({exc})", "a valid Python regex") from exc

    def check_unique(self, nodes: list[yaml.Node], slugs: list[str], what: str) -> None:
        first_line: dict[str, int] = {}
        for node, slug in zip(nodes, slugs):
            if slug in first_line:
                raise self.fail(node, f"duplicate {what} slug {quote(slug)} (first on line {first_line[slug]})", f"each {what} slug once")
            first_line[slug] = node.start_mark.line + 1

    @staticmethod
    def kind(node: yaml.Node | None) -> str:
        if isinstance(node, yaml.MappingNode):
            return "mapping"
        if isinstance(node, yaml.SequenceNode):
            return "list"
        if isinstance(node, yaml.ScalarNode):
            return f"value {quote(node.value)}" if node.value else "empty value"
        return "nothing"


# --- matching ----------------------------------------------------------------

# Availability notes say nothing about a paper's subject ("code is available
# at https://..."), and would make every paper with code a code paper. Each
# regex starts with a literal and runs on the lower-cased text: fast.
_NOTES = (
    re.compile(r"https?://\S+|www\.\S+"),
    re.compile(
        r"code(?<!\wcode)s?(?:\s*(?:,|and|&)\s*(?:the\s+)?(?:data(?:sets?)?|models?|weights|checkpoints?|demos?))*"
        r"\s+(?:is|are|will\s+be|has\s+been|have\s+been|can\s+be|shall\s+be)\s+(?:\w+\s+){0,3}?"
        r"(?:available|released|open[- ]sourced|accessible|found|public)\b"
    ),
    re.compile(r"code(?<!\wcode)\s*(?:is\s+)?(?:at\b|:)"),
    re.compile(r"release[sd]?\s+(?:our|the|all)\s+(?:source\s+)?code\b"),
    re.compile(r"open[- ]sourc(?:e|ed|ing)\s+(?:our|the|all)\s+(?:source\s+)?code\b"),
)


def _without_notes(text: str) -> str:
    lower = _lower(text)
    for start, end in sorted(match.span() for note in _NOTES for match in note.finditer(lower)):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


TOPIC, TAG = "topic", "tag"
_KEYWORD_WEIGHTS = {TOPIC: KEYWORD_WEIGHT, TAG: TAG_KEYWORD_WEIGHT}


class _RuleIndex:
    """Every term of the taxonomy's rules by trigger word: a paper's words
    lead straight to the few terms that can match it."""

    def __init__(self, owned_rules: list[tuple[str, str, Rule]]):
        self.owned_rules = owned_rules  # (TOPIC or TAG, slug, rule)
        self.by_word: dict[str, list[tuple[frozenset[str], int, int | None]]] = {}
        self.always: list[int] = []
        for rule_number, (_, _, rule) in enumerate(owned_rules):
            for term_number, term in enumerate(rule.terms.terms):
                self.add(rule_number, term, term_number)
            if rule.terms.patterns and rule.requires is None:
                self.always.append(rule_number)
            elif rule.terms.patterns:  # patterns are costly: try them only where `requires` can hold
                for term in rule.requires.terms:
                    self.add(rule_number, term, None)

    def add(self, rule_number: int, term: _Term, term_number: int | None) -> None:
        """Index a term of the rule; term_number None: a `requires` term that gates the rule's patterns."""
        for word, spelling in term.triggers():
            self.by_word.setdefault(word, []).append((spelling, rule_number, term_number))

    def candidates(self, field: _Field) -> dict[int, set[int]]:
        """Rule number -> numbers of its terms that the field may match."""
        found: dict[int, set[int]] = {number: set() for number in self.always}
        for word in field.words & self.by_word.keys():
            for spelling, rule_number, term_number in self.by_word[word]:
                if spelling <= field.words:
                    numbers = found.setdefault(rule_number, set())
                    if term_number is not None:
                        numbers.add(term_number)
        return found

    def evidence(self, text: _Text) -> dict[tuple[str, str], _Evidence]:
        """Evidence per (TOPIC or TAG, slug), summed over its rules."""
        fields = (text.title, text.abstract, text.keywords)
        candidates = [self.candidates(field) for field in fields]
        evidence: dict[tuple[str, str], _Evidence] = {}
        for number in sorted(set().union(*candidates)):
            kind, slug, rule = self.owned_rules[number]
            counts = [
                rule.hits(field, found.get(number, set())) if number in found or rule.terms.patterns else 0
                for field, found in zip(fields, candidates)
            ]
            found_evidence = _rule_evidence(rule, counts, text, _KEYWORD_WEIGHTS[kind])
            if found_evidence.hits:
                evidence[kind, slug] = evidence.get((kind, slug), _Evidence()) + found_evidence
        return evidence


@dataclass(frozen=True)
class _Text:
    """One paper's text, prepared once for all rules."""

    title: _Field
    abstract: _Field
    keywords: _Field

    @classmethod
    def of(cls, title: str, abstract: str, keywords: Sequence[str]) -> _Text:
        return cls(_Field.of(title), _Field.of(_without_notes(abstract)), _Field.of(" ; ".join(keywords)))


@dataclass(frozen=True)
class _Evidence:
    score: float = 0.0
    hits: int = 0

    def __add__(self, other: _Evidence) -> _Evidence:
        return _Evidence(self.score + other.score, self.hits + other.hits)

    def enough(self, min_score: float) -> bool:
        return self.score >= min_score and self.hits >= MIN_HITS


def _rule_evidence(rule: Rule, counts: list[int], text: _Text, keyword_weight: float) -> _Evidence:
    in_title, in_abstract, in_keywords = counts[0] > 0, counts[1], counts[2] > 0
    if not (in_title or in_abstract or in_keywords):
        return _Evidence()
    if rule.requires is not None and not rule.requires.occur_in((text.title, text.abstract, text.keywords)):
        return _Evidence()
    score = TITLE_WEIGHT * in_title + in_abstract + keyword_weight * in_keywords
    return _Evidence(rule.weight * score, 2 * in_title + in_abstract + 2 * in_keywords)


def _topic_slugs(evidence: dict[tuple[str, str], _Evidence], taxonomy: Taxonomy) -> tuple[str, ...]:
    scored = sorted(
        (-evidence[TOPIC, topic.slug].score, order, topic.slug)
        for order, topic in enumerate(taxonomy.topics)
        if (TOPIC, topic.slug) in evidence and evidence[TOPIC, topic.slug].enough(MIN_SCORE)
    )
    if not scored:
        return (OTHER,)
    best = -scored[0][0]
    return tuple(slug for score, _, slug in scored[:MAX_TOPICS] if -score >= RELATIVE_SCORE * best)


def _text_tags(evidence: dict[tuple[str, str], _Evidence]) -> dict[str, float]:
    return {slug: found.score for (kind, slug), found in evidence.items() if kind == TAG and found.enough(MIN_TAG_SCORE)}


# --- keywords ----------------------------------------------------------------

_SINGULAR_EXCEPTIONS = ("ss", "us", "is", "ics", "ias", "ous", "series", "species", "lens", "news")


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(_SINGULAR_EXCEPTIONS):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


@functools.lru_cache(maxsize=1 << 16)
def normalise_keyword(keyword: str) -> str:
    """The tag slug of a free-form keyword: "Diffusion Models (DMs)" -> "diffusion-model"."""
    slug = slugify(re.sub(r"\([^)]*\)", " ", keyword))
    if not slug:
        return ""
    *head, last = slug.split("-")
    return "-".join([*head, _singular(last)])


def _free_keywords(keywords: Sequence[str], taxonomy: Taxonomy) -> set[str]:
    """Slugs of the keywords that no curated tag covers."""
    free = set()
    for keyword in keywords:
        slug = normalise_keyword(keyword)
        if not slug or slug in GENERIC_KEYWORDS or slug.count("-") >= MAX_KEYWORD_WORDS:
            continue
        if slug in taxonomy._tag_labels or _is_curated(keyword, taxonomy):
            continue
        free.add(slug)
    return free


def _is_curated(keyword: str, taxonomy: Taxonomy) -> bool:
    """Whether some tag's terms match the keyword (its context rules aside)."""
    field = _Field.of(keyword)
    index = taxonomy._index
    return any(
        index.owned_rules[number][2].terms.matches(field, found)
        for number, found in index.candidates(field).items()
        if index.owned_rules[number][0] == TAG
    )


# --- public API --------------------------------------------------------------


def classify_paper(
    paper_title: str, abstract: str, keywords: Sequence[str], taxonomy: Taxonomy
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(topic slugs, strongest first; tag slugs, alphabetical) for one paper.
    Keywords become tags only through the curated vocabulary here;
    `classify` also keeps keywords that several papers share."""
    return _classify(paper_title, abstract, keywords, taxonomy, keyword_tags=set(), has_code=False)


def classify(archive: Archive, taxonomy: Taxonomy) -> Archive:
    """A copy of the archive with every paper's topics and tags filled in."""
    free = {key: _free_keywords(paper.keywords, taxonomy) for key, paper in archive.papers.items()}
    counts = Counter(slug for slugs in free.values() for slug in slugs)
    shared = {slug for slug, count in counts.items() if count >= MIN_SHARED_KEYWORD}
    papers = {key: _classified(paper, taxonomy, free[key] & shared) for key, paper in archive.papers.items()}
    return replace(archive, papers=papers)


def tag_label(slug: str) -> str:
    """The display label of a tag slug: "llm" -> "LLM", "has-code" -> "has code"."""
    return _default_taxonomy().tag_label(slug)


def _classified(paper: Paper, taxonomy: Taxonomy, keyword_tags: set[str]) -> Paper:
    has_code = any(link.kind == "code" for link in paper.links)
    topics, tags = _classify(paper.title, paper.abstract, paper.keywords, taxonomy, keyword_tags, has_code)
    return replace(paper, topics=topics, tags=tags)


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
    scores = _text_tags(evidence)
    for slug in keyword_tags:
        scores.setdefault(slug, KEYWORD_WEIGHT)
    ranked = sorted(scores, key=lambda slug: (-scores[slug], slug))
    tags = ranked[: MAX_TAGS - has_code] + [HAS_CODE] * has_code
    return _topic_slugs(evidence, taxonomy), tuple(sorted(tags))
