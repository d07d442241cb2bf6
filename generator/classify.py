"""Classification: fill in each paper's topics and tags from a taxonomy.

The taxonomy (`generator.taxonomy`) gives the topics and tags and their rules;
`generator.rules` finds where a rule's terms match. A `Classifier` is one
taxonomy ready to apply, with what it already worked out; `TaxonomyCache`
keeps one across builds while the topics file is unchanged.

Scoring, per rule: TITLE_WEIGHT if it matches the title, plus one per match in
the abstract and the API's ai_summary (each term counted at most MAX_REPEATS
times; the summary is also a sentence stating the contribution), plus a keyword
weight if it matches the paper's keywords; times the rule's weight. A topic
needs MIN_SCORE and more than one abstract mention. Such topics are ranked
strongest first, but those that the title or a sentence stating the contribution
("we propose ...") names before the others, and a `tool` topic (llm) after the
subject it serves when that has TOOL_SHARE of its evidence. The first is kept;
a second one only if it reaches SECOND_SCORE of the first one (counted up to
RELATIVE_CAP), a third only if it reaches THIRD_SCORE: fewer topics, each one
sure; a topic that another (stronger) kept topic `combines` is left out. A paper
without such a topic gets its strongest topic with FALLBACK_SCORE and two
mentions, and `other` only when none has. Tags need MIN_TAG_SCORE.
Keywords outside the vocabulary become tags when MIN_SHARED_KEYWORD papers of
the archive share them.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from slugify import slugify

from generator.model import Archive, Paper
from generator.rules import Field, Rule, Term, lower_in_place
from generator.taxonomy import HAS_CODE, OTHER, Taxonomy, load_taxonomy

TITLE_WEIGHT = 3.0
KEYWORD_WEIGHT = 0.5  # for topics: API keywords list every method a paper touches, not only its subject...
TAG_KEYWORD_WEIGHT = 3.0  # ...but a keyword naming a tag is as good as the title
MIN_SCORE = 3.0
FALLBACK_SCORE = 1.5
MIN_TAG_SCORE = 2.0
MIN_MENTIONS = 2  # a title or keyword match counts as two: one abstract mention is never enough
SECOND_SCORE = 0.5  # of the strongest topic's score, for a second topic
THIRD_SCORE = 0.7  # and for a third
TOOL_SHARE = 0.35  # of a tool topic's score, for another topic to go before it
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



class Classifier:
    """One taxonomy ready to apply: its rule index, and what it already worked out (whether a
    keyword is a curated tag; each paper's topics and tags, by the paper's text), so that
    `mkdocs serve` reclassifies only the papers of an edited digest."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        topic_rules = [(TOPIC, topic.slug, rule) for topic in taxonomy.topics for rule in topic.rules]
        self.index = _RuleIndex(topic_rules + [(TAG, tag.slug, tag.rule) for tag in taxonomy.tags])
        self.curated: dict[str, bool] = {}  # by keyword: papers share most of theirs
        self.memo: dict[tuple, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._papers: dict[str, tuple[Paper, Paper]] = {}  # key -> (paper, classified): the same objects again

    def classify(self, archive: Archive) -> Archive:
        """A copy of the archive with every paper's topics and tags filled in."""
        free = {key: _free_keywords(paper.keywords, self) for key, paper in archive.papers.items()}
        counts = Counter(slug for slugs in free.values() for slug in slugs)
        shared = {slug for slug, count in counts.items() if count >= MIN_SHARED_KEYWORD}
        found = {key: self._topics_and_tags(paper, free[key] & shared) for key, paper in archive.papers.items()}
        tags = _without_lone_tags({key: tags for key, (_, tags) in found.items()})
        last, self._papers = self._papers, {}
        for key, paper in archive.papers.items():
            kept = last.get(key)
            if kept is None or kept[0] is not paper or (kept[1].topics, kept[1].tags) != (found[key][0], tags[key]):
                kept = (paper, replace(paper, topics=found[key][0], tags=tags[key]))
            self._papers[key] = kept
        return replace(archive, papers={key: classified for key, (_, classified) in self._papers.items()})

    def _topics_and_tags(self, paper: Paper, keyword_tags: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        has_code = any(link.kind == "code" for link in paper.links)
        summary = paper.hf.ai_summary
        key = (paper.title, paper.abstract, paper.keywords, frozenset(keyword_tags), has_code, summary)
        if key not in self.memo:
            self.memo[key] = self.text(paper.title, paper.abstract, paper.keywords, keyword_tags, has_code, summary)
        return self.memo[key]

    def text(self, title: str, abstract: str, keywords: Sequence[str], keyword_tags: Iterable[str] = (),
             has_code: bool = False, summary: str = "") -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(topic slugs, strongest first; tag slugs, alphabetical) of one paper's text.
        keyword_tags: the paper's uncurated keywords that are worth a tag; summary: the API's
        one-sentence ai_summary, read as one more sentence stating the contribution."""
        evidence = self.index.evidence(_Text.of(title, abstract, keywords, summary))
        scores = {
            slug: found.score for (kind, slug), found in evidence.items() if kind == TAG and found.enough(MIN_TAG_SCORE)
        }
        for slug in keyword_tags:
            scores.setdefault(slug, KEYWORD_WEIGHT)
        ranked = sorted(scores, key=lambda slug: (-scores[slug], slug))
        tags = ranked[: MAX_TAGS - has_code] + [HAS_CODE] * has_code
        return _topic_slugs(evidence, self.taxonomy), tuple(sorted(tags))


def classify(archive: Archive, taxonomy: Taxonomy) -> Archive:
    """A copy of the archive with every paper's topics and tags filled in."""
    return Classifier(taxonomy).classify(archive)


class TaxonomyCache:
    """The Classifier of a topics file (None: the packaged taxonomy), kept while the file's size
    and modification time stay the same: the plugin holds one across `mkdocs serve` rebuilds."""

    def __init__(self) -> None:
        self._kept: tuple[object, Classifier] | None = None

    def classifier(self, path: Path | None) -> Classifier:
        try:
            key = (str(path), path.stat().st_mtime_ns, path.stat().st_size) if path is not None else None
        except OSError:
            key = object()  # never equal: load_taxonomy reports the file
        if self._kept is None or self._kept[0] != key:
            self._kept = (key, Classifier(load_taxonomy(path)))
        return self._kept[1]


def _without_lone_tags(tags: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Drops tags that only one paper has: a tag page listing one paper helps no reader.
    As the archive grows, such a tag comes back once a second paper has it."""
    uses = Counter(tag for paper_tags in tags.values() for tag in paper_tags)
    return {key: tuple(t for t in paper_tags if uses[t] >= MIN_TAG_PAPERS) for key, paper_tags in tags.items()}



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
    eligible.sort(key=lambda item: not item[1].stated)  # stable: strongest first among the stated, then the rest
    eligible = _subject_first(eligible, taxonomy)
    # The bar for more topics is the first one's evidence: a tool topic (llm) listed second, whose
    # words most papers use in passing, must not set it.
    best = min(eligible[0][1].score, RELATIVE_CAP)
    kept = [eligible[0][0]]
    for slug, found in eligible[1:MAX_TOPICS]:
        if found.score < (SECOND_SCORE if len(kept) == 1 else THIRD_SCORE) * best:
            break
        if not any(slug in taxonomy.topic(stronger).combines for stronger in kept):
            kept.append(slug)
    return tuple(kept)


def _subject_first(eligible: list[tuple[str, _Evidence]], taxonomy: Taxonomy) -> list[tuple[str, _Evidence]]:
    """A paper whose strongest topic is a tool (LLMs: most papers using them are about something
    else) is first of all about its strongest other topic, if that has TOOL_SHARE of the tool's
    evidence: the tool comes second."""
    tool, found = eligible[0]
    if not taxonomy.topic(tool).tool or len(eligible) == 1:
        return eligible
    subject = eligible[1]
    if taxonomy.topic(subject[0]).tool or subject[1].score < TOOL_SHARE * found.score:
        return eligible
    return [subject, eligible[0], *eligible[2:]]



# --- evidence ----------------------------------------------------------------

TOPIC, TAG = "topic", "tag"
_KEYWORD_WEIGHTS = {TOPIC: KEYWORD_WEIGHT, TAG: TAG_KEYWORD_WEIGHT}


@dataclass(slots=True)  # not frozen, though never changed: creating a frozen one takes four times as long
class _Evidence:
    score: float = 0.0
    mentions: int = 0
    stated: bool = False  # matched in the title or in a sentence stating the contribution

    def __add__(self, other: _Evidence) -> _Evidence:
        return _Evidence(self.score + other.score, self.mentions + other.mentions, self.stated or other.stated)

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
    lower = lower_in_place(text)
    for start, end in sorted(match.span() for note in _NOTES for match in note.finditer(lower)):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


@dataclass(frozen=True)
class _Text:
    """One paper's text, prepared once for all rules."""

    title: Field
    abstract: Field
    keywords: Field
    claims: Field  # the abstract's sentences that state the contribution ("we propose ...")

    @classmethod
    def of(cls, title: str, abstract: str, keywords: Sequence[str], summary: str = "") -> _Text:
        abstract = _without_notes(abstract)
        claims = [sentence for sentence in _SENTENCE.split(abstract) if _CLAIM.search(sentence)]
        if summary.strip():  # a machine-written sentence saying what the paper does: a claim of its own
            summary = _without_notes(summary)
            abstract, claims = f"{abstract} {summary}", [*claims, summary]
        claims = " ".join(claims)
        return cls(Field.of(title), Field.of(abstract), Field.of(" ; ".join(keywords)), Field.of(claims))

    @property
    def fields(self) -> tuple[Field, Field, Field, Field]:
        return (self.title, self.abstract, self.keywords, self.claims)


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAIM = re.compile(r"\b(?:we|this (?:paper|work|study)|our (?:work|method|approach))\b[^.]{0,40}?"
                    r"\b(?:propose|introduce|present|develop|design|build)", re.IGNORECASE)


class _RuleIndex:
    """Every distinct term of the taxonomy's rules, filed under one of its
    words: a paper's words lead straight to the few terms that can match it."""

    def __init__(self, owned_rules: list[tuple[str, str, Rule]]):
        self.owned_rules = owned_rules  # (TOPIC or TAG, slug, rule)
        # Each term -> (rule number, term number) wherever it is one of a rule's `terms`.
        self.uses: dict[Term, list[tuple[int, int]]] = {}
        every_term: dict[Term, None] = {}  # also the `requires` and `unless` terms
        for number, (_, _, rule) in enumerate(owned_rules):
            for term_number, term in enumerate(rule.terms.terms):
                self.uses.setdefault(term, []).append((number, term_number))
            for terms in (rule.terms, rule.requires, rule.unless):
                every_term.update(dict.fromkeys(terms.terms if terms else ()))
        self.by_word: dict[str, list[tuple[frozenset[str], Term]]] = {}
        for term in every_term:
            for word, spelling in term.triggers():
                self.by_word.setdefault(word, []).append((spelling, term))
        self.indexed_words = frozenset(self.by_word)  # `&` with a dict's keys would copy them into a set each time
        self.pattern_rules = [number for number, (_, _, rule) in enumerate(owned_rules) if rule.terms.patterns]

    def candidates(self, field: Field) -> set[Term]:
        """The terms that may match in the field: it has every word of one of their spellings."""
        words = field.words
        return {term for word in words & self.indexed_words for spelling, term in self.by_word[word] if spelling <= words}

    def by_rule(self, terms: Iterable[Term]) -> dict[int, list[int]]:
        """Rule number -> the numbers of these terms among that rule's `terms`."""
        found: dict[int, list[int]] = {}
        for term in terms:
            for number, term_number in self.uses.get(term, ()):
                found.setdefault(number, []).append(term_number)
        return found

    def evidence(self, text: _Text) -> dict[tuple[str, str], _Evidence]:
        """Evidence per (TOPIC or TAG, slug), summed over its rules."""
        title, abstract, keywords, claims = text.fields
        matched = [{term for term in self.candidates(field) if term.spans(field)} for field in (title, abstract, keywords)]
        matched.append({term for term in matched[1] if term.spans(claims)})  # claims are part of the abstract
        anywhere = set().union(*matched)
        found = [self.by_rule(terms) for terms in matched]
        numbers = {number for per_field in found for number in per_field}.union(self.pattern_rules)
        evidence: dict[tuple[str, str], _Evidence] = {}
        for number in sorted(numbers):
            kind, slug, rule = self.owned_rules[number]
            if not rule.required(anywhere):
                continue  # checked first: it saves trying the costly patterns
            terms = [per_field.get(number, ()) for per_field in found]
            rule_evidence = _rule_evidence(rule, text, terms, matched, kind)
            if rule_evidence.mentions:
                evidence[kind, slug] = evidence.get((kind, slug), _Evidence()) + rule_evidence
        return evidence


def _rule_evidence(rule: Rule, text: _Text, found: list[Sequence[int]], matched: list[set[Term]], kind: str) -> _Evidence:
    """found: per field, the numbers of the rule's terms that match there;
    matched: per field, every term that matches there."""
    counts = [
        rule.hits(field, terms, matched_here) if terms or rule.terms.patterns else 0
        for field, terms, matched_here in zip(text.fields[:3], found, matched)
    ]
    in_title, in_abstract, in_keywords = counts[0] > 0, counts[1], counts[2] > 0
    score = TITLE_WEIGHT * in_title + in_abstract + _KEYWORD_WEIGHTS[kind] * in_keywords
    mentions = 2 * in_title + in_abstract + 2 * in_keywords
    stated = in_title or (  # (terms only: the patterns matched in the abstract already, and cost more)
        kind == TOPIC and in_abstract > 0 and bool(found[3]) and rule.hits(text.claims, found[3], matched[3]) > 0
    )
    return _Evidence(rule.weight * score, mentions, stated)


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


def _free_keywords(keywords: Sequence[str], classifier: Classifier) -> set[str]:
    """Slugs of the keywords that no curated tag covers."""
    free = set()
    for keyword in keywords:
        slug = normalise_keyword(keyword)
        if not slug or slug in GENERIC_KEYWORDS or slug.count("-") >= MAX_KEYWORD_WORDS:
            continue
        if slug not in classifier.taxonomy.tag_labels and not _is_curated(keyword, classifier):
            free.add(slug)
    return free


def _is_curated(keyword: str, classifier: Classifier) -> bool:
    if keyword not in classifier.curated:
        classifier.curated[keyword] = _tag_terms_match(keyword, classifier.index)
    return classifier.curated[keyword]


def _tag_terms_match(keyword: str, index: _RuleIndex) -> bool:
    """Whether some tag's terms match the keyword (its context rules aside)."""
    field = Field.of(keyword)
    return any(
        index.owned_rules[number][0] == TAG and index.owned_rules[number][2].terms.matches(field, term_numbers)
        for number, term_numbers in index.by_rule(index.candidates(field)).items()
    )

