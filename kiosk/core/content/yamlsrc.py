"""Safe YAML reading that keeps line and column for every value.

PyYAML's safe loader forgets where values came from; staff need `file:line:col` in every message.
We compose the node tree with the safe loader and convert it ourselves, which also lets us refuse
duplicate keys and aliases (an alias "bomb" would otherwise expand exponentially).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk.core.content.files import FileRefused, read_bytes, shown

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 40  # a course needs 6 levels
PLAIN_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class Node:
    """A YAML value with its position. `value` holds dict[str, Node], list[Node] or a scalar."""

    value: Any
    line: int
    col: int
    key_pos: dict[str, tuple[int, int]] = field(default_factory=dict)
    block: bool = False  # a `|` or `>` block: its text starts on the next line

    def get(self, key: str) -> Node | None:
        if isinstance(self.value, dict):
            found: Node | None = self.value.get(key)
            return found
        return None


class YamlError(Exception):
    """A file that cannot be read as YAML, with the position to show staff."""

    def __init__(self, message: str, line: int = 0, col: int = 0, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.hint = hint


def load_file(path: Path, root: Path | None = None) -> Node:
    """Read one YAML file; raise YamlError with a staff-friendly message on any problem.

    Read through the capped, non-blocking reader: a FIFO, a device or a link out of `root`
    is refused, never waited on."""
    data = read_file(path, root)
    return load_bytes(data)


def read_file(path: Path, root: Path | None = None) -> bytes:
    try:
        return read_bytes(path, MAX_FILE_BYTES, root=root)
    except FileRefused as exc:
        raise YamlError(exc.message, hint=exc.hint or "split it into smaller files") from exc


def load_bytes(data: bytes) -> Node:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(
            "the file is not UTF-8 text", hint="save it as UTF-8 in your editor"
        ) from exc
    return load_text(text)


# libyaml's composer is about ten times faster; the pure-Python one is the fallback.
_Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_text(text: str) -> Node:
    loader = _Composer(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "not valid YAML"
        lines = text.splitlines()
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = _syntax_hint(problem, source)
        raise YamlError(f"YAML syntax: {problem}", line, col, hint) from exc
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax: {exc}") from exc
    except RecursionError as exc:
        raise YamlError("the file is nested too deeply", hint=_DEPTH_HINT) from exc
    finally:
        loader.dispose()
    if root is None:
        return Node(None, 1, 1)
    return _convert(root, yaml.SafeLoader(""), set())


_DEPTH_HINT = "a slide needs only a few levels of indentation"


def _syntax_hint(problem: str, source: str) -> str:
    indent = source[: len(source) - len(source.lstrip())]
    if "\t" in indent or "\t" in problem or "\\t" in problem or "tab" in problem:
        return "use spaces, not tabs, to indent"
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' inside quotes"
    if "could not find expected ':'" in problem:
        return "each line needs 'key: value'; check the indentation above"
    return "check indentation and quotes on this line and the one above"


def _convert(node: yaml.Node, constructor: yaml.SafeLoader, seen: set[int], depth: int = 0) -> Node:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if depth > MAX_DEPTH:
        raise YamlError(f"nested more than {MAX_DEPTH} levels deep", line, col, _DEPTH_HINT)
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in PLAIN_TAGS:
        raise YamlError(
            f"unsupported tag '{shown(node.tag)}' on a list or block",
            line,
            col,
            "remove the '!' tag",
        )
    if id(node) in seen:
        raise YamlError(
            "anchors and aliases (& and *) are not supported", line, col, "write the value out"
        )
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Node] = {}
        positions: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("'<<' merge keys are not supported", kline, kcol)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError("a key must be a plain word", kline, kcol)
            key = str(key_node.value)
            if key in result:
                first = positions[key][0]
                raise YamlError(
                    f"key '{key}' appears twice in the same block (first on line {first})",
                    kline,
                    kcol,
                    "remove or rename one of them",
                )
            result[key] = _convert(value_node, constructor, seen, depth + 1)
            positions[key] = (kline, kcol)
        return Node(result, line, col, positions)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(item, constructor, seen, depth + 1) for item in node.value]
        return Node(items, line, col)
    try:
        value = constructor.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise YamlError(
            f"unsupported value ({exc.problem})", line, col, "remove the '!' tag"
        ) from exc
    except ValueError as exc:  # e.g. an impossible date such as 2026-02-30
        raise YamlError(f"value cannot be read ({exc})", line, col) from exc
    return Node(value, line, col, block=getattr(node, "style", None) in ("|", ">"))
