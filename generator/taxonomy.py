"""The taxonomy: topics and tags with their matching rules, and the loader of a topics file.

The taxonomy file (generator/data/topics.yaml by default; its header documents
the format) lists the topics, each with matching rules, and a curated tag
vocabulary, each tag one rule. A rule is a list of terms (or raw regexes) with
a weight, optionally `requires` (the rule counts only if one of those terms
also occurs in the paper) and `unless` (matches inside these phrases do not
count: "diffusion" inside "diffusion maps"). Loading checks the file and fails
on the first problem with its line. `generator.classify` applies a taxonomy.
"""
from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from slugify import slugify

from generator import yaml_load
from generator.problems import ERROR, DigestError, Problem, quote
from generator.model import WORD
from generator.rules import Rule

OTHER = "other"
HAS_CODE = "has-code"
DEFAULT_SOURCE = "generator/data/topics.yaml"


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    scope: str
    rules: tuple[Rule, ...] = ()
    combines: tuple[str, ...] = ()  # topics this one joins: listed beside it only when stronger
    tool: bool = False  # most papers use its methods rather than study them: a subject topic goes first


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
    def tag_labels(self) -> dict[str, str]:
        return {tag.slug: tag.label for tag in self.tags}

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(topic.slug for topic in self.topics)

    def topic(self, slug: str) -> Topic:
        return self._topics_by_slug[slug]

    def name(self, slug: str) -> str:
        return self.topic(slug).name

    def tag_label(self, slug: str) -> str:
        if slug in self.tag_labels:
            return self.tag_labels[slug]
        return "has code" if slug == HAS_CODE else slug.replace("-", " ")



def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy in `path`, or the packaged default. A file without a
    `tags` list gets the default tag vocabulary."""
    if path is None:
        return default_taxonomy()
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem(ERROR, source, 0, f"a file that cannot be read ({exc})", "a UTF-8 YAML taxonomy")
        raise DigestError(problem) from exc
    return _TaxonomyReader(source).read(text, default_tags=default_taxonomy().tags)


TOP_KEYS = ("contexts", "topics", "tags")  # contexts: term lists for YAML anchors, otherwise unused
TOPIC_KEYS = ("slug", "name", "scope", "rules", "combines", "tool")
RULE_KEYS = ("terms", "patterns", "weight", "requires", "unless")
TAG_KEYS = ("slug", "label", *RULE_KEYS)
_Fields = dict[str, tuple[yaml.Node, yaml.Node]]  # key -> (key node, value node)


@functools.cache
def default_taxonomy() -> Taxonomy:
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
            return yaml_load.compose(text)  # the digests' safe loader: duplicate keys, alias and size limits
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
        tool = self.boolean(fields["tool"][1]) if "tool" in fields else False
        return Topic(slug, self.string(fields["name"][1]), scope, rules, combines, tool)

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
            if not WORD.search(term):
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

    def boolean(self, node: yaml.Node) -> bool:
        text = self.string(node)
        if text.lower() not in ("true", "false"):
            raise self.fail(node, f"the value {quote(text)}", "true or false")
        return text.lower() == "true"

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
