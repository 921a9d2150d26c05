"""Read one YAML file into plain Python, keeping line numbers and refusing what YAML
should never do in a data file: duplicate keys, and tags that construct objects."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


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


def _plain(node: Any, line: int | None) -> Any:
    """Convert ruamel's round-trip nodes into dicts and lists, refusing any explicit tag."""
    tag = getattr(node, "tag", None)
    tag_value = getattr(tag, "value", None) if tag is not None else None
    if isinstance(node, TaggedScalar) or (
        tag_value is not None and str(tag_value) not in _PLAIN_TAGS
    ):
        raise YamlRefused(line, f"YAML tag {tag_value!r} is not allowed in data files")
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            key_line = node.lc.key(key)[0] + 1 if key in node.lc.data else line
            out[str(key)] = _plain(value, key_line)
        return out
    if isinstance(node, CommentedSeq):
        return [
            _plain(item, node.lc.item(i)[0] + 1 if i in node.lc.data else line)
            for i, item in enumerate(node)
        ]
    return node


@dataclass(frozen=True)
class LoadedYaml:
    data: Any
    root: Any  # ruamel node tree, for line lookups

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """The 1-based line of the deepest node on `path` that exists."""
        node, line = self.root, None
        for step in path:
            lc = getattr(node, "lc", None)
            if lc is None:
                break
            try:
                if isinstance(node, CommentedMap) and step in node:
                    line = lc.key(step)[0] + 1
                    node = node[step]
                elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
                    line = lc.item(step)[0] + 1
                    node = node[step]
                else:
                    break
            except (KeyError, IndexError, TypeError):
                break
        return line


def read_yaml(path: Path) -> LoadedYaml:
    """Parse `path`; raise YamlRefused with a line number when it cannot be accepted."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlRefused(None, f"not UTF-8: {exc.reason} at byte {exc.start}") from exc
    try:
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(str(p) for p in (exc.context, exc.problem) if p).strip()
        raise YamlRefused(line, f"malformed YAML: {reason or exc}") from exc
    except YAMLError as exc:
        raise YamlRefused(None, f"malformed YAML: {exc}") from exc
    return LoadedYaml(data=_plain(root, 1), root=root)
