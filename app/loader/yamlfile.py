"""Read one YAML file into plain Python, keeping line numbers and refusing what YAML
should never do in a data file: duplicate keys, and tags that construct objects.

Parsing is libyaml's (through PyYAML's C binding; the pure-Python parser where libyaml is
missing). The values are built here, straight from the parser's events, with the YAML
1.2 core schema: only true/false (any case style) are booleans, so `NO`, `yes`, `on`, `Y`
stay strings; null is `~`, `null` or nothing; ints and floats as in YAML 1.2 (underscores
allowed); `2025-01-17` is a datetime.date and a full timestamp a datetime. Merge keys
(`<<`) are refused: aliases (`*name`) repeat a whole node instead.

Line numbers are kept apart from the values, in flat arrays with one entry per mapping key
and per sequence item in document order (its line, its key, how many entries its value
spans), so they stay small and answer `line_of` after the values are dropped. An alias
repeats the entries of the node it names: a problem inside aliased content points at
where that content is written.
"""

from __future__ import annotations  # array[int] in annotations (Python 3.11)

import datetime as dt
import re
from array import array
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import MarkedYAMLError, YAMLError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.scanner import Scanner

LIBYAML: bool = yaml.__with_libyaml__

_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ, _TIMESTAMP = (
    f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
_SCALAR_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP})

# Plain scalars that are not strings. A plain scalar whose first character is not in
# _MAYBE_TYPED is a string without trying the pattern.
_TYPED = re.compile(
    r"(?P<null>~|null|Null|NULL)"
    r"|(?P<true>true|True|TRUE)"
    r"|(?P<false>false|False|FALSE)"
    r"|(?P<int>[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*))"
    r"|(?P<float>[-+]?(?:[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[0-9][0-9_]*[eE][-+]?[0-9]+|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF))"
    r"|\.(?:nan|NaN|NAN))"
    r"|(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"|(?P<timestamp>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)"
)
_MAYBE_TYPED = frozenset("~nNtTfF0123456789+-.")
# Aliases may repeat content, but not blow a small file up into a huge value.
_MAX_ALIAS_GROWTH = 10
_TIMESTAMPS = SafeConstructor()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as we can."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where, self.record or "-", self.field or "-", self.reason]
        return ": ".join(parts)


class YamlRefused(Exception):
    def __init__(self, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


_ITEM = 0xFFFFFFFF  # the key id of a sequence item


class LineIndex:
    """Where each key and item of a document is written, without the values.

    Entry n is a key or an item, in document order: `lines[n]` is its 1-based line,
    `keys[n]` its key's id in `key_ids` (_ITEM for an item) and `sizes[n]` how many
    entries its value spans, which lead from one sibling to the next.
    """

    def __init__(self) -> None:
        self.lines: array[int] = array("I")
        self.keys: array[int] = array("I")
        self.sizes: array[int] = array("I")
        self.key_ids: dict[str, int] = {}
        # First entry of a list in the root (or of the root list) -> where each item's
        # entry is, relative to that first entry; other lists are walked item by item.
        self.item_starts: dict[int, array[int]] = {}

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        lines, keys, sizes = self.lines, self.keys, self.sizes
        at, end, line = 0, len(lines), None  # the entries of the current node's value
        for step in path:
            entry = -1
            if at == end:
                break
            if isinstance(step, str):
                wanted = self.key_ids.get(step)
                if wanted is None or keys[at] == _ITEM:
                    break
                n = at
                while n < end:
                    if keys[n] == wanted:
                        entry = n
                        break
                    n += 1 + sizes[n]
            elif type(step) is int and keys[at] == _ITEM and step >= 0:
                starts = self.item_starts.get(at)
                if starts is not None:
                    entry = at + starts[step] if step < len(starts) else -1
                else:
                    n = at
                    for _ in range(step):
                        n += 1 + sizes[n]
                        if n >= end:
                            break
                    entry = n if n < end else -1
            if entry < 0:
                break
            line = lines[entry]
            at, end = entry + 1, entry + 1 + sizes[entry]
        return line


@dataclass(frozen=True)
class LoadedYaml:
    """A parsed file: its values, and where each key and item is written."""

    data: Any
    index: LineIndex = field(repr=False)

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """The 1-based line of the deepest node on `path` that exists."""
        return self.index.line_of(path)

    def without_data(self) -> LoadedYaml:
        """The same line lookups, without holding on to the values (which can be big)."""
        return LoadedYaml(data=None, index=self.index)


class _PyEvents(Reader, Scanner, Parser):
    """PyYAML's pure-Python parser, for where libyaml is not installed."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


def _refuse_tag(tag: str, event: Any) -> YamlRefused:
    return YamlRefused(_line(event), f"YAML tag {tag!r} is not allowed in data files")


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1


def _typed(value: str, kind: str | None, event: Any) -> Any:
    """Convert a scalar that `_TYPED` matched as `kind`."""
    try:
        if kind == "null":
            return None
        if kind in ("true", "false"):
            return kind == "true"
        if kind == "int":
            digits = value.replace("_", "")
            sign = -1 if digits[0] == "-" else 1
            digits = digits.lstrip("+-")
            base = {"0b": 2, "0o": 8, "0x": 16}.get(digits[:2], 10)
            return sign * int(digits[2:] if base != 10 else digits, base)
        if kind == "float":
            lowered = value.replace("_", "").lower()
            if lowered.endswith(".inf"):
                return float("-inf") if lowered[0] == "-" else float("inf")
            return float("nan") if lowered == ".nan" else float(lowered)
        if kind == "date":
            return dt.date.fromisoformat(value)
        if kind == "timestamp":
            return _TIMESTAMPS.construct_yaml_timestamp(yaml.ScalarNode(_TIMESTAMP, value))
    except ValueError as exc:
        raise YamlRefused(_line(event), f"invalid {kind} {value!r}: {exc}") from exc
    return value


_KIND_OF_TAG = {_NULL: "null", _INT: "int", _FLOAT: "float", _TIMESTAMP: "timestamp"}


def _scalar(event: Any) -> Any:
    """The value of a scalar event."""
    value: str = event.value
    tag = event.tag
    if tag is None and event.implicit[0]:  # plain, untagged: resolve by the core schema
        if value == "":
            return None
        if value[0] in _MAYBE_TYPED:
            match = _TYPED.fullmatch(value)
            if match:
                return _typed(value, match.lastgroup, event)
        return value
    if tag is None or tag == "!" or tag == _STR:
        return value
    if tag not in _SCALAR_TAGS:
        raise _refuse_tag(tag, event)
    match = _TYPED.fullmatch(value)
    kind = match.lastgroup if match else None
    if tag == _BOOL and kind in ("true", "false"):
        return kind == "true"
    wanted = _KIND_OF_TAG.get(tag)
    if wanted is not None and (
        kind == wanted
        or (wanted == "float" and kind == "int")
        or (wanted == "timestamp" and kind == "date")
        or (wanted == "null" and value == "")
    ):
        result = _typed(value, kind or "null", event)
        return float(result) if wanted == "float" else result
    raise YamlRefused(_line(event), f"{value!r} is not a valid {tag.removeprefix(_CORE)}")


def _parser(text: str) -> Any:
    """libyaml's parser where PyYAML was built with it, else PyYAML's own."""
    if LIBYAML:
        from yaml._yaml import CParser

        return CParser(text)
    return _PyEvents(text)


_NO_KEY = object()


class _Builder:
    """Builds plain values from parser events, and their LineIndex beside them."""

    def __init__(self, events: Any) -> None:
        self.next_event = events.get_event
        self.index = LineIndex()
        # anchor -> (value, first and past-last index entry of its contents)
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        self.open_anchors: set[str] = set()
        self.copied = 0  # index entries repeated by aliases

    def document(self) -> Any:
        self.next_event()  # stream start
        if type(self.next_event()) is StreamEndEvent:
            return None
        data = self._node(self.next_event())
        self.next_event()  # document end
        event = self.next_event()
        if type(event) is not StreamEndEvent:
            raise YamlRefused(
                _line(event), "malformed YAML: expected a single document, found another"
            )
        return data

    def _node(self, event: Any) -> Any:
        """Build the node that starts with `event`, iteratively (no recursion limit).

        The open container's state is kept in locals, its parents' on `stack`: this loop
        runs once per event, millions of times for a large file.
        """
        index = self.index
        lines, keys, sizes, key_ids = index.lines, index.keys, index.sizes, index.key_ids
        add_line, add_key, add_size = lines.append, keys.append, sizes.append
        next_event = self.next_event
        scalar_event, alias_event = ScalarEvent, AliasEvent
        mapping_start, mapping_end = MappingStartEvent, MappingEndEvent
        sequence_start, sequence_end = SequenceStartEvent, SequenceEndEvent
        maybe_typed, typed_fullmatch = _MAYBE_TYPED, _TYPED.fullmatch
        stack: list[tuple[Any, bool, Any, str | None, int, array[int] | None]] = []
        # The open container: value, is a mapping, pending key, anchor, its first index
        # entry, where each item's entry is (lists in the root only).
        container: Any = None
        is_mapping = False
        key: Any = _NO_KEY
        anchor: str | None = None
        first = 0
        starts: array[int] | None = None
        while True:
            cls = type(event)
            if is_mapping:
                if key is _NO_KEY and cls is not mapping_end:
                    # A key: a plain string, never twice in one mapping.
                    if cls is not scalar_event or event.tag is not None:
                        self._odd_key(event)
                    key = event.value
                    if key in container or key == "<<":
                        self._bad_key(event, container, first)
                    key_id = key_ids.get(key)
                    if key_id is None:
                        key_id = key_ids[key] = len(key_ids)
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (key, len(lines), len(lines))
                    add_line(event.start_mark.line + 1)
                    add_key(key_id)
                    add_size(0)
                    event = next_event()
                    continue
            elif container is not None and cls is not sequence_end:
                if starts is not None:
                    starts.append(len(lines) - first)
                add_line(event.start_mark.line + 1)
                add_key(_ITEM)
                add_size(0)

            if cls is scalar_event:
                if event.tag is None and event.implicit[0]:
                    value = event.value
                    if value == "":
                        value = None
                    elif value[0] in maybe_typed:
                        match = typed_fullmatch(value)
                        if match:
                            value = _typed(value, match.lastgroup, event)
                else:
                    value = _scalar(event)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, len(lines), len(lines))
            elif cls is mapping_start or cls is sequence_start:
                opens_mapping = cls is mapping_start
                if event.tag not in (None, "!", _MAP if opens_mapping else _SEQ):
                    raise _refuse_tag(event.tag, event)
                stack.append((container, is_mapping, key, anchor, first, starts))
                container = {} if opens_mapping else []
                is_mapping, key, anchor, first = opens_mapping, _NO_KEY, event.anchor, len(lines)
                starts = None
                if not opens_mapping and len(stack) <= 2:  # the root, or a list in the root
                    starts = index.item_starts[first] = array("I")
                if anchor is not None:
                    self.open_anchors.add(anchor)
                event = next_event()
                continue
            elif cls is mapping_end or cls is sequence_end:
                value = container
                if first:  # the entry of the key or item this value belongs to
                    sizes[first - 1] = len(lines) - first
                if anchor is not None:
                    self.open_anchors.discard(anchor)
                    self.anchors[anchor] = (value, first, len(lines))
                container, is_mapping, key, anchor, first, starts = stack.pop()
            elif cls is alias_event:
                value = self._alias(event)
            else:  # pragma: no cover - the parser gives no other event inside a node
                raise YamlRefused(_line(event), f"unexpected {cls.__name__}")

            if container is None:
                return value
            if is_mapping:
                container[key] = value
                key = _NO_KEY
            else:
                container.append(value)
            event = next_event()

    def _odd_key(self, event: Any) -> None:
        """Refuse a key that is not a string, or whose tag is not a string's."""
        if type(event) is not ScalarEvent:
            raise YamlRefused(_line(event), "mapping keys must be plain strings")
        if event.tag is not None and event.tag not in ("!", _STR):
            raise _refuse_tag(event.tag, event)

    def _bad_key(self, event: Any, mapping: dict[str, Any], first: int) -> None:
        """Refuse a merge key, or a key already in `mapping` (whose entries start at
        `first`), naming the line of its first occurrence. A quoted "<<" is a string."""
        if event.value == "<<" and event.implicit[0]:
            raise YamlRefused(_line(event), "merge keys (<<) are not allowed; use an alias")
        if event.value not in mapping:
            return
        index = self.index
        wanted, n = index.key_ids[event.value], first
        while index.keys[n] != wanted:
            n += 1 + index.sizes[n]
        reason = f"duplicate key {event.value!r} (first at line {index.lines[n]})"
        raise YamlRefused(_line(event), reason)

    def _alias(self, event: Any) -> Any:
        """The value an alias names; its entries are repeated so the index stays aligned."""
        name = event.anchor
        if name in self.open_anchors:
            raise YamlRefused(_line(event), f"alias *{name} refers to a node that contains it")
        if name not in self.anchors:
            raise YamlRefused(_line(event), f"alias *{name} names no anchor defined before it")
        value, start, end = self.anchors[name]
        index = self.index
        if end > start:
            self.copied += end - start
            if self.copied > _MAX_ALIAS_GROWTH * (len(index.lines) - self.copied) + 100_000:
                raise YamlRefused(_line(event), "aliases repeat too much content")
            if index.lines:  # the entry of the key or item the alias stands for
                index.sizes[-1] = end - start
            index.lines.extend(index.lines[start:end])
            index.keys.extend(index.keys[start:end])
            index.sizes.extend(index.sizes[start:end])
        return value


def _byte_line(text: str, offset: int) -> int:
    return text.encode("utf-8")[:offset].count(b"\n") + 1


def parse_yaml(raw: bytes) -> LoadedYaml:
    """Parse a file's bytes; raise YamlRefused with a line number when they cannot be
    accepted."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlRefused(None, f"not UTF-8: {exc.reason} at byte {exc.start}") from exc
    builder = _Builder(_parser(text))
    try:
        data = builder.document()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(str(p) for p in (exc.context, exc.problem) if p).strip()
        raise YamlRefused(line, f"malformed YAML: {reason or exc}") from exc
    except ReaderError as exc:
        line = _byte_line(text, exc.position) if LIBYAML else text.count("\n", 0, exc.position) + 1
        raise YamlRefused(line, f"malformed YAML: {exc.reason}") from exc
    except YAMLError as exc:
        raise YamlRefused(None, f"malformed YAML: {exc}") from exc
    return LoadedYaml(data=data, index=builder.index)
