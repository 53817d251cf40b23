"""Language strings fill in only their own placeholders; nothing in them runs as Python."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.core.content.loader import load_content
from kiosk.core.content.model import Strings
from kiosk.core.content.placeholders import substitute
from tests.builders import PAGE_BLOCK, write


def test_substitute_fills_only_known_names() -> None:
    values = {"n": 3, "total": 9}
    assert substitute("{n} of {total}", values) == "3 of 9"
    assert substitute("{n.__class__.__mro__} of {total}", values) == "{n.__class__.__mro__} of 9"
    assert substitute("{n:>50000000}", values) == "{n:>50000000}"  # instant, tiny
    assert substitute("{n} of {total", values) == "3 of {total"
    assert substitute("{0} {} {seconds}", values) == "{0} {} {seconds}"


def strings_error(content_dir: Path, line: str) -> list[str]:
    text = f"name: English\nstrings:\n  {line}\n{PAGE_BLOCK['en']}"
    write(content_dir / "en" / "language.yaml", text)
    return [p.format(content_dir) for p in load_content(content_dir).errors]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            'progress: "{n.__class__.__mro__} of {total}"',
            "'{n.__class__.__mro__}' is not a placeholder",
        ),
        ('progress: "{n:>50000000}"', "'{n:>50000000}' is not a placeholder"),
        (
            'progress: "{seconds} of {total}"',
            "placeholder '{seconds}' cannot be used in this text - it may use {n}, {total}",
        ),
        ('still_there_body: "Back in {n}"', "it may use {seconds}"),
        ('start: "Start {seconds}"', "it may use no placeholders"),
    ],
)
def test_validator_checks_language_strings(content_dir: Path, line: str, expected: str) -> None:
    found = strings_error(content_dir, line)
    assert len(found) == 1, found
    assert found[0].startswith(f"en{os.sep}language.yaml:3:")
    assert expected in found[0]


def test_clinic_values_and_literal_braces_still_work(content_dir: Path) -> None:
    assert not strings_error(content_dir, 'progress: "{n} / {total} ({{ok}}) {makeup_hours}"')


def test_countdown_shows_a_hostile_string_literally(qtbot) -> None:
    """Content that slipped past the check is shown as written, never evaluated or raised."""
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.still_there import StillThereOverlay

    host = QWidget()
    qtbot.addWidget(host)
    overlay = StillThereOverlay(host)
    hostile = Strings(still_there_body="{seconds.__class__} {seconds:>90000000} {seconds} {")
    overlay.show_countdown(4.2, hostile)
    assert overlay.body.text() == "{seconds.__class__} {seconds:>90000000} 5 {"
