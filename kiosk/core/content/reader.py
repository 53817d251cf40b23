"""Typed access to located YAML values; every mistake becomes a Problem with file:line:col."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kiosk.core.content.problems import Problems
from kiosk.core.content.yamlsrc import Node

_TYPE_WORDS = {
    dict: "a block of 'key: value' lines",
    list: "a list (lines starting with '- ')",
    str: "text",
    bool: "true or false",
}


def describe(value: object) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (yes/no)"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a block of keys"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"'{value}'"


class Reader:
    """Reads one file's values; collects problems instead of raising."""

    def __init__(self, path: Path, problems: Problems) -> None:
        self.path = path
        self.problems = problems

    def error(self, node: Node | None, message: str, hint: str = "") -> None:
        line, col = (node.line, node.col) if node else (0, 0)
        self.problems.error(self.path, line, col, message, hint)

    def warning(self, node: Node | None, message: str, hint: str = "") -> None:
        line, col = (node.line, node.col) if node else (0, 0)
        self.problems.warning(self.path, line, col, message, hint)

    def mapping(
        self, node: Node | None, what: str, allowed: Iterable[str], required: Iterable[str] = ()
    ) -> dict[str, Node] | None:
        if node is None or not isinstance(node.value, dict):
            found = describe(node.value) if node else "nothing"
            self.error(node, f"{what} should be {_TYPE_WORDS[dict]}, not {found}")
            return None
        allowed = list(allowed)
        for key, (line, col) in node.key_pos.items():
            if key not in allowed:
                import difflib  # only for a misspelt key

                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "allowed here: " + ", ".join(allowed)
                )
                self.problems.error(self.path, line, col, f"unknown key '{key}' in {what}", hint)
        for key in required:
            if key not in node.value:
                self.error(node, f"{what} is missing '{key}'", f"add a line '{key}: ...'")
        return dict(node.value)

    def text(self, node: Node | None, what: str, required: bool = True) -> str | None:
        if node is None or node.value is None:
            if required and node is not None:
                self.error(node, f"{what} is empty", "write some text after the colon")
            return None
        value = node.value
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            hint = "put the text in quotes" if isinstance(value, bool) else ""
            self.error(node, f"{what} should be {_TYPE_WORDS[str]}, not {describe(value)}", hint)
            return None
        text = str(value).strip()
        if required and not text:
            self.error(node, f"{what} is empty", "write some text after the colon")
            return None
        return text

    def number(
        self, node: Node | None, what: str, low: float, high: float, default: float
    ) -> float:
        if node is None:
            return default
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(node, f"{what} should be a number, not {describe(value)}")
            return default
        if not low <= value <= high:
            self.error(node, f"{what} should be between {low:g} and {high:g}, not {value:g}")
            return default
        return float(value)

    def boolean(self, node: Node | None, what: str, default: bool) -> bool:
        if node is None:
            return default
        if not isinstance(node.value, bool):
            self.error(node, f"{what} should be true or false, not {describe(node.value)}")
            return default
        return node.value

    def items(self, node: Node | None, what: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.error(
                node,
                f"{what} should be {_TYPE_WORDS[list]}, not {describe(node.value)}",
                "start each item on its own line with '- '",
            )
            return []
        return list(node.value)
