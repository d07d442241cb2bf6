"""The matching engine: a taxonomy rule's terms and regexes, and where they match in a text.

Terms match whole words only; spaces and hyphens are interchangeable and may
be left out ("pre-training" matches "pretraining"); the last word may be
plural. A word with a capital letter after its first character (an acronym:
RL, GAN, NeRF, MoE) matches case-sensitively, every other word ignores case.
A paper's title, abstract and keywords are each prepared once as a `Field`
for every term. Scoring the matches is `generator.classify`'s business.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.model import WORD

MAX_REPEATS = 2  # a term counts at most this many times per field


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

    def required(self, matched: set[Term]) -> bool:
        """Whether `requires` holds, given every term that matches in the paper."""
        return self.requires is None or not matched.isdisjoint(self.requires.terms)

    def hits(self, field: Field, candidates: Iterable[int], matched: set[Term]) -> int:
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

    terms: tuple[Term, ...]
    patterns: tuple[Pattern, ...] = ()

    @classmethod
    def build(cls, terms: Iterable[str], patterns: Iterable[str] = ()) -> Terms:
        compiled = tuple(Term.compile(term) for term in dict.fromkeys(terms))
        return cls(compiled, tuple(Pattern.compile(pattern) for pattern in patterns))

    def matches(self, field: Field, candidates: Iterable[int] | None = None) -> list[_Match]:
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


_SEPARATOR = r"[\s\-]?"
# Words in most abstracts: the index files a term under another of its words if it has one.
_COMMON_WORDS = frozenset(
    """a an and as at based by data deep for from in large learning model models multi network networks
    neural of on pre self the to training via with""".split()
)


@dataclass(frozen=True, eq=False)  # compared by identity: a field's spans and the index are keyed by term
class Term:
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
    def compile(cls, term: str) -> Term:
        words = [word for word in re.split(r"[\s\-]+", term.strip()) if word]
        on_lower = not any(_is_acronym(word) for word in words)
        parts = [_word_regex(word, index, len(words), on_lower) for index, word in enumerate(words)]
        keys = [word if _is_acronym(word) else word.lower() for word in WORD.findall(term)]
        spellings = tuple(frozenset(spelling) for spelling in _spellings(keys[:6]))
        return cls(re.compile(_SEPARATOR.join(parts) + r"(?!\w)"), on_lower, spellings)

    def triggers(self) -> list[tuple[str, frozenset[str]]]:
        """(word, spelling) pairs to file the term under: a text it matches
        has every word of one spelling. Filing under the rarest-looking word
        keeps "model growth" from being tried on every text that says "model"."""
        return [(min(spelling, key=_commonness), spelling) for spelling in self.spellings if spelling]

    def spans(self, field: Field) -> list[tuple[int, int]]:
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
class Pattern:
    """A raw regex from the taxonomy: case-insensitive, whole words."""

    regex: re.Pattern[str]
    on_lower: bool  # no capital in it: matched without IGNORECASE against the lower-cased text (faster)

    @classmethod
    def compile(cls, pattern: str) -> Pattern:
        on_lower = not any(char.isupper() for char in re.sub(r"\\.", "", pattern))
        # No leading (?<!\w): it would stop `re` from skipping ahead to a literal start; spans() checks it.
        return cls(re.compile(rf"(?:{pattern})(?!\w)", 0 if on_lower else re.IGNORECASE), on_lower)

    def spans(self, field: Field) -> list[tuple[int, int]]:
        text = field.lower if self.on_lower else field.text
        return [match.span() for match in self.regex.finditer(text) if not _word_char_before(text, match.start())]


def _word_char_before(text: str, index: int) -> bool:
    return index > 0 and (text[index - 1].isalnum() or text[index - 1] == "_")


@dataclass(frozen=True)
class Field:
    """A paper's title, abstract or keywords, prepared once for all terms."""

    text: str
    lower: str
    # Each word as written and lower-cased, also without a plural ending:
    # the keys under which the index files terms.
    words: frozenset[str]
    term_spans: dict[Term, list[tuple[int, int]]] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, text: str) -> Field:
        words = set(WORD.findall(text))
        words.update([word.lower() for word in words])
        # "LLMs", "policies", "processes" must lead to "LLM", "policy", "process".
        plurals = [word for word in words if word[-1] == "s"]
        words.update([word[:-1] for word in plurals])
        words.update([word[:-2] for word in plurals if word.endswith("es")])
        words.update([word[:-3] + "y" for word in plurals if word.endswith("ies")])
        return cls(text, lower_in_place(text), frozenset(words))


def lower_in_place(text: str) -> str:
    """Lower case with every character kept in place, so that spans found in
    the lower-cased text are spans of the original too."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)

