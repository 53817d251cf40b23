"""One patient's journey through the real app on the shipped content, shared by the take-home
tests: Spanish, two check questions answered wrong, one slide marked, then the QR screen.

Run as `python -m tests.take_home_journey --print` (offscreen, in its own process so CUPS_SERVER
is read fresh by libcups) it also taps "Print a copy" and exits 0 when Qt handed the job over.
"""

from __future__ import annotations

import sys

from kiosk.core.content.model import CheckSlide
from kiosk.core.session.journey import Screen
from kiosk.ui.app import KioskApp

WRONG = ("check-sun", "check-makeup")  # answered wrong
MARKED = "wash-gently"  # "Ask about this"
LANG = "es"


def walk(kiosk: KioskApp) -> None:
    """Start in Spanish, page through the course answering WRONG wrongly (the others right),
    mark MARKED, and stop on the QR screen."""
    j = kiosk.journey
    kiosk.choose_language(LANG)
    kiosk.welcome.start.click()
    kiosk.overview.begin.click()
    while j.screen is Screen.SLIDE:
        slide = j.place.slide
        if isinstance(slide, CheckSlide):
            right = slide.right_index
            choice = (right + 1) % len(slide.answers) if slide.id in WRONG else right
            kiosk.slides.check.answers[choice].click()
        if slide.id == MARKED:
            kiosk.slides.ask.click()
        kiosk.slides.next.click()
    assert j.screen is Screen.QR, j.screen


def main() -> int:
    import os
    from pathlib import Path

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.core.content.loader import load_content

    app = QApplication([])
    content = load_content(Path(__file__).resolve().parents[1] / "content").content
    assert content is not None
    with KioskApp.create(content, (1280, 800), motion=False) as kiosk:
        walk(kiosk)
        printed: list[bool] = []
        kiosk.take_home_printed.connect(printed.append)
        button = kiosk.qr.extras.print_button
        if not button.isVisible():
            print("no print button: no default printer", file=sys.stderr)
            return 2
        button.click()
        app.processEvents()
        print(kiosk.take_home_link())
        return 0 if printed == [True] else 1


if __name__ == "__main__":
    sys.exit(main())
