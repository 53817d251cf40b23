"""Every screen at every supported size and scaling: big targets, big text, nothing clipped."""

from __future__ import annotations

import pytest

from tests.conftest import SHIPPED
from tests.layout_check import check_journey, run_scaled

SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_fits(make_kiosk, size: tuple[int, int], lang: str) -> None:
    kiosk = make_kiosk(size, root=SHIPPED)
    assert check_journey(kiosk, lang) == []


@pytest.mark.parametrize(
    ("scale", "logical"),
    [("1.25", (1536, 864)), ("1.5", (1280, 720)), ("1.5", (720, 1280))],
    ids=["125%-1920x1080", "150%-1920x1080", "150%-1080x1920"],
)
def test_every_screen_fits_when_scaled(scale: str, logical: tuple[int, int]) -> None:
    report = run_scaled(scale, logical[0], logical[1], "es")
    assert report["dpr"] == pytest.approx(float(scale))
    assert report["problems"] == []


@pytest.mark.parametrize(
    ("scale", "logical", "lang"),
    [("1.25", (1536, 864), "en"), ("1.5", (720, 1280), "es")],
    ids=["125%-1920x1080-en", "150%-1080x1920-es"],
)
def test_largest_text_in_high_contrast_fits_when_scaled(
    scale: str, logical: tuple[int, int], lang: str
) -> None:
    """200% text, high contrast, scaled: nothing clipped, no broken number or lonely title
    word, tiles equal, progress track and overlay edge at 3:1 (tests/layout_check.py)."""
    report = run_scaled(scale, logical[0], logical[1], lang, text_step=2, high_contrast=True)
    assert report["problems"] == []


def test_the_checks_see_what_they_look_for(make_kiosk) -> None:
    """The new rules fail on a screen made wrong on purpose (they are not empty checks)."""
    from kiosk.ui.widgets import label
    from tests.layout_check import look_problems, text_problems

    narrow = label("Call us at (555) 010-0142 today", "title")
    narrow.setStyleSheet("font-size: 40px")
    narrow.resize(300, 400)
    narrow.ensurePolished()
    found = text_problems("test", narrow)
    assert "test: '(555) 010-0142' breaks across lines" in found
    lonely = label("Why may you see tiny spots of blood?", "title")
    lonely.setStyleSheet("font-size: 40px")
    lonely.resize(640, 400)
    lonely.ensurePolished()
    assert any("lonely word" in f for f in text_problems("test", lonely))
    kiosk = make_kiosk(root=SHIPPED)
    kiosk.move(kiosk.journey.start)
    kiosk.move(kiosk.journey.begin)
    kiosk.slides.bar.setStyleSheet("QProgressBar { background: transparent; }")
    assert any("progress track" in f for f in look_problems(kiosk, "slide"))
    kiosk.overlay.show_countdown(10, kiosk.journey.language.strings)
    kiosk.overlay.card.setStyleSheet("QFrame#card { border: none; background: transparent; }")
    assert any("overlay edge" in f for f in look_problems(kiosk, "still-there"))
    kiosk.overlay.hide()


def test_shipped_theme_meets_7_to_1() -> None:
    from kiosk.core.content.loader import load_content

    result = load_content(SHIPPED)
    assert not [p for p in result.problems if "contrast" in p.message]
