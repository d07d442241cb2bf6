"""YAML that people write (digests, the taxonomy), read safely.

- `compose(text)` is `yaml.compose` with bounds: at most MAX_CHARS characters,
  MAX_DEPTH levels of nesting,
  and aliases that expand to at most MAX_EXPANSION more values than the
  document has (a 700-byte "billion laughs" would otherwise become a 34 MB title
  or a MemoryError), never recursive. Every failure is a `YamlError`, a
  `yaml.MarkedYAMLError` with the line (`problem_mark`), so a caller that already
  handles PyYAML's errors needs no change: `yaml.compose(text)` ->
  `yaml_load.compose(text)` is the whole switch.
- Scalars are resolved by the YAML 1.2 core schema, decimal numbers only: `no`,
  `on`, `0x1F`, `1_000`, `2026-03-01` and `12:30` stay the text the user wrote
  (YAML 1.1 turns them into False, 31, 1000, a date and 750). Callers that want
  the text read `node.value`; `is_null(node)` says whether it was `~`/`null`/empty.
- `duplicate_keys(node)` lists every key a mapping repeats, with both lines;
  `compose(text, duplicates="error")` refuses the first one.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

import yaml

MAX_CHARS = 2_000_000  # about 10,000 short hand-written papers; reading runs at about 1 MB/s
MAX_EXPANSION = 100_000  # values added by aliases beyond the document's own
MAX_DEPTH = 100  # nested lists and mappings; libyaml's composer recurses in C and crashes past ~50,000
_NULL = "tag:yaml.org,2002:null"
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s,\[\]{}]", re.MULTILINE)

class _PyLoader(yaml.SafeLoader):
    """The YAML 1.2 core schema's implicit types, decimal only (pure Python: reads what libyaml refuses,
    such as a "\\ud800" escape)."""


class _CLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same, with libyaml: about four times faster."""


_LOADERS = (_CLoader, _PyLoader)
for _loader in _LOADERS:
    _loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+", "-+0123456789"),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
     "-+0123456789."),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
):
    for _loader in _LOADERS:
        _loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first))


class YamlError(yaml.MarkedYAMLError):
    """A document refused, with the line it was refused at (1-based `line`, 0 for the whole file)."""

    def __init__(self, problem: str, mark: yaml.Mark | None = None):
        super().__init__(problem=problem, problem_mark=mark)

    @property
    def line(self) -> int:
        return self.problem_mark.line + 1 if self.problem_mark else 0


def compose(text: str, duplicates: str = "allow") -> yaml.Node | None:
    """The document's node tree (None when empty); raises YamlError for anything refused."""
    if len(text) > MAX_CHARS:
        raise YamlError(f"a YAML document of {len(text):,} characters, more than {MAX_CHARS:,}")
    for loader in _LOADERS:
        try:
            _check_depth(text, loader)
            root = yaml.compose(text, Loader=loader)
            break
        except YamlError:
            raise
        except yaml.MarkedYAMLError as exc:
            if loader is _PyLoader:
                raise YamlError(f"invalid YAML ({exc.problem or exc.context})",
                                exc.problem_mark or exc.context_mark) from None
        except yaml.YAMLError as exc:
            raise YamlError(f"invalid YAML ({exc})") from None
        except RecursionError:
            raise YamlError("YAML nested too deeply to read") from None
    if root is not None and _ANCHOR.search(text):  # no anchor, no alias: nothing can expand
        _check_expansion(root)
    if root is not None and duplicates == "error":
        for key, node, first_line in duplicate_keys(root):
            raise YamlError(f"the key {key!r} a second time (first on line {first_line})", node.start_mark)
    return root


def load(text: str, duplicates: str = "error") -> Any:
    """`yaml.safe_load` with the bounds and the schema above."""
    root = compose(text, duplicates)
    if root is None:
        return None
    try:
        return _PyLoader("").construct_document(root)
    except (ValueError, OverflowError, yaml.YAMLError) as exc:
        raise YamlError(f"a value YAML cannot read ({exc})", root.start_mark) from None


def _check_depth(text: str, loader: type) -> None:
    """Refuses nesting deeper than MAX_DEPTH from the event stream, which is read without recursion."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(f"YAML nested more than {MAX_DEPTH} levels deep", event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_expansion(root: yaml.Node) -> None:
    """How many values the document has once every alias is expanded, counted without expanding
    (each node's size once, bottom up); refuses a recursive alias or an expansion past the bound."""
    size: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            visiting.discard(key)
            size[key] = 1 + sum(size[id(child)] for child in _children(node))
            continue
        if key in size:
            continue
        if key in visiting:
            raise YamlError("a recursive YAML alias (a value that contains itself)", node.start_mark)
        visiting.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)
    if size[id(root)] > len(size) + MAX_EXPANSION:
        raise YamlError(f"YAML aliases that expand to {size[id(root)]:,} values", root.start_mark)


def duplicate_keys(root: yaml.Node) -> Iterator[tuple[str, yaml.Node, int]]:
    """(key, its second key node, the first one's line) for every key repeated in a mapping."""
    seen_nodes: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in first:
                        yield key_node.value, key_node, first[key_node.value]
                    first.setdefault(key_node.value, key_node.start_mark.line + 1)
        stack.extend(reversed(_children(node)))
