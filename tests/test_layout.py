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


def test_shipped_theme_meets_7_to_1() -> None:
    from kiosk.core.content.loader import load_content

    result = load_content(SHIPPED)
    assert not [p for p in result.problems if "contrast" in p.message]
