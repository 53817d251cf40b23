"""Problems found in content, worded for clinic staff: file, line, column, what to fix."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from kiosk.core.content.files import shown as escaped


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content. Line and column are 1-based; 0 means 'whole file'."""

    path: Path
    line: int
    col: int
    severity: Severity
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self, relative_to: Path | None = None) -> str:
        """`path:line:col: error: message (hint)`, the form editors and terminals understand."""
        base = relative_to if relative_to is not None else Path.cwd()
        try:
            shown = os.path.relpath(self.path, base)
        except ValueError:  # another drive on Windows
            shown = str(self.path)
        if shown.startswith(".." + os.sep + ".."):
            shown = str(self.path)
        where = shown if self.line <= 0 else f"{shown}:{self.line}:{max(self.col, 1)}"
        text = f"{where}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" - {self.hint}"
        return escaped(text)  # a key or file name cannot send escape codes to a terminal


class Problems:
    """Collects every problem before loading gives up, so staff can fix them all in one go."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, path: Path, line: int, col: int, message: str, hint: str = "") -> None:
        self.items.append(Problem(path, line, col, Severity.ERROR, message, hint))

    def warning(self, path: Path, line: int, col: int, message: str, hint: str = "") -> None:
        self.items.append(Problem(path, line, col, Severity.WARNING, message, hint))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (str(p.path), p.line, p.col))
