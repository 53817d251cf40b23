"""Bigger text, high contrast, read aloud, names for assistive technology, reset on idle."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.core.content.colors import contrast
from kiosk.core.content.loader import load_content
from kiosk.core.content.model import HIGH_CONTRAST, TEXT_SCALES, Theme
from kiosk.core.session.journey import Control, Screen
from kiosk.core.session.spoken import screen_text
from kiosk.ui.speech import Speaker
from tests.conftest import SHIPPED
from tests.drive import tap, to_first_slide
from tests.layout_check import check_journey, run_scaled

SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]
TEXT_PAIRS = [
    ("text", "background"),
    ("text", "surface"),
    ("muted_text", "background"),
    ("muted_text", "surface"),
    ("accent", "surface"),
    ("accent_text", "accent"),
    ("right", "surface"),
    ("wrong", "surface"),
    ("accent", "background"),
]


@pytest.mark.parametrize("step", range(len(TEXT_SCALES)), ids=["text-1", "text-2", "text-3"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_text_size_fits_at_every_screen_size(make_kiosk, size, step) -> None:
    kiosk = make_kiosk(size, root=SHIPPED)
    for lang, high_contrast in (("en", False), ("es", True)):
        assert check_journey(kiosk, lang, step, high_contrast) == []


def test_largest_text_at_150_percent_scaling() -> None:
    assert run_scaled("1.5", 1280, 720, "es", text_step=2)["problems"] == []


@pytest.mark.parametrize(
    "theme",
    [HIGH_CONTRAST, load_content(SHIPPED).content.settings.theme],
    ids=["high-contrast", "clinic"],
)
def test_every_text_colour_meets_7_to_1(theme: Theme) -> None:
    low = {
        (fg, bg): round(contrast(getattr(theme, fg), getattr(theme, bg)), 2)
        for fg, bg in TEXT_PAIRS
        if contrast(getattr(theme, fg), getattr(theme, bg)) < 7
    }
    assert low == {}


def test_text_size_and_contrast_buttons_change_the_look(make_kiosk) -> None:
    kiosk = make_kiosk((1920, 1080))
    used: list[Control] = []
    kiosk.accessibility_used.connect(used.append)
    to_first_slide(kiosk)
    bar = kiosk.bars[Screen.SLIDE]
    body = kiosk.slides.info.body
    sizes = [body.font().pixelSize()]
    for step in (*bar.text_size.steps, bar.text_size.steps[0]):
        tap(step)
        sizes.append(body.font().pixelSize())
        assert [s.isChecked() for s in bar.text_size.steps].count(True) == 1
        assert step.isChecked()  # the current step is marked
    assert sizes == [38, 38, 57, 76, 38]  # 38 px at 1080p; the largest is 200%
    tap(bar.contrast)
    assert kiosk.window.theme == HIGH_CONTRAST
    assert kiosk.slides.palette().color(kiosk.slides.backgroundRole()).name() == "#000000"
    assert used == [Control.TEXT_SIZE] * 3 + [Control.HIGH_CONTRAST]  # the current step: no change


def icon_colours(bar) -> set[str]:
    """The opaque colours drawn in each visible accessibility icon."""
    found: set[str] = set()
    for button in bar.buttons:
        if button.isHidden():
            continue
        image = button.icon().pixmap(button.iconSize()).toImage()
        for x, y in itertools.product(range(image.width()), range(image.height())):
            colour = image.pixelColor(x, y)
            if colour.alpha() == 255:
                found.add(colour.name().upper())
    return found


def test_icons_are_drawn_in_the_theme_accent(make_kiosk) -> None:
    kiosk = make_kiosk((1280, 800))
    bar = kiosk.bars[Screen.WELCOME]
    accent = kiosk.content.settings.theme.accent.upper()
    assert icon_colours(bar) == {accent}  # every icon, nothing but the accent
    tap(bar.contrast)
    assert icon_colours(bar) == {HIGH_CONTRAST.accent.upper()}  # follows high contrast
    tap(bar.contrast)
    assert icon_colours(bar) == {accent}  # and back (a cached icon, the same colour)


def test_choices_reset_to_the_clinic_defaults_on_idle(make_kiosk, clock, qtbot) -> None:
    kiosk = make_kiosk(speaker=Speaker("mock"))
    to_first_slide(kiosk)
    bar = kiosk.bars[Screen.SLIDE]
    tap(bar.text_size.steps[2])
    tap(bar.contrast)
    tap(bar.read_aloud)
    tap(bar.language)
    assert kiosk.journey.lang == "es"
    clock.now += 200
    with qtbot.waitSignal(kiosk.session_reset, timeout=3000):
        pass
    j = kiosk.journey
    assert (j.text_step, j.high_contrast, j.read_aloud, j.lang) == (0, False, False, "en")
    assert kiosk.window.theme == kiosk.content.settings.theme
    assert kiosk.window.text_scale == 1.0
    assert j.is_pristine


def test_read_aloud_speaks_each_screen_through_the_mock_engine(make_kiosk) -> None:
    speaker = Speaker("mock")
    assert speaker.available
    kiosk = make_kiosk(speaker=speaker)
    said: list[str] = []
    speaker.said.connect(said.append)
    to_first_slide(kiosk)
    bar = kiosk.bars[Screen.SLIDE]
    assert bar.read_aloud.isVisible()
    tap(bar.read_aloud)
    assert (
        said[-1] == "What it is\nA provider makes tiny openings.\nYour skin heals.\n"
        "It makes new collagen.\nA drawing of skin."
    )
    assert bar.read_aloud.text() == "Stop reading"
    tap(kiosk.slides.next)
    assert said[-1] == "Make-up\nSkip make-up for 24 hours."
    kiosk.move(kiosk.journey.next)
    kiosk.move(kiosk.journey.next)
    assert said[-1].startswith(
        "Quick question\nWhat goes on your skin before you go out?\n1. Sunscreen"
    )
    tap(kiosk.slides.check.answers[0])
    assert said[-1].endswith("That's right! Sunscreen protects healing skin.")
    assert said[-1] == screen_text(kiosk.journey)
    count = len(said)
    tap(kiosk.bars[Screen.SLIDE].read_aloud)  # off again
    kiosk.move(kiosk.journey.back)
    assert len(said) == count  # silence after turning it off


def test_read_aloud_is_hidden_without_a_speech_engine(make_kiosk) -> None:
    kiosk = make_kiosk(speaker=Speaker(None))
    to_first_slide(kiosk)
    assert not kiosk.bars[Screen.SLIDE].read_aloud.isVisible()
    assert Speaker("no-such-engine").available is False


def test_every_control_and_picture_has_a_name(make_kiosk) -> None:
    kiosk = make_kiosk(speaker=Speaker("mock"))
    to_first_slide(kiosk)
    assert kiosk.slides.info.picture.accessibleName() == "A drawing of skin."
    for screen in (kiosk.slides, kiosk.welcome):
        for button in screen.findChildren(QAbstractButton):
            if button.isVisibleTo(kiosk.window):
                assert button.accessibleName().strip(), button.text()
    bar = kiosk.bars[Screen.SLIDE]
    assert bar.text_size.steps[0].accessibleDescription() == "Make the words bigger"


def test_tab_moves_in_reading_order(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk((1920, 1080), speaker=Speaker("mock"))
    to_first_slide(kiosk)
    kiosk.move(lambda: kiosk.journey.open_section(1))
    kiosk.move(kiosk.journey.next)  # the check question: answers between top and bottom
    kiosk.window.activateWindow()
    qtbot.waitUntil(kiosk.window.isActiveWindow, timeout=2000)
    kiosk.slides.home.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is kiosk.slides.home, timeout=2000)
    names = [QApplication.focusWidget().accessibleName()]
    for _ in range(11):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        names.append(QApplication.focusWidget().accessibleName())
    assert names[:11] == [
        "Topics",
        "Take it home",
        "Ask about this",
        "Sunscreen",
        "Nothing",
        "Back",
        "Text size A (1/3) ✓",  # the text steps are one stop (arrow keys move among them)
        "Contrast",
        "Read aloud",
        "Español",
        "Next",
    ]
    assert list(itertools.islice(names, 11, 12)) == ["Topics"]  # and round again
