"""One patient's journey through the real app on the shipped content, shared by the take-home
tests: Spanish, two check questions answered wrong, one slide marked, then the QR screen.

Run as `python -m tests.take_home_journey` (offscreen, in its own process so CUPS_SERVER is
read fresh by CUPS's commands) it also taps "Print a copy" and exits 0 once CUPS took the job.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from kiosk.core.content.model import CheckSlide
from kiosk.core.session.journey import Reason, Screen
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


def wait_for(app: object, done: Callable[[], bool], seconds: float = 120.0) -> bool:
    """Run the event loop until `done()` (the printer is asked, the copy laid out, on a worker
    thread) or `seconds` pass."""
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)
    return done()


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
        if not wait_for(app, button.isVisible, 30):
            print("no print button: no default printer", file=sys.stderr)
            return 2
        button.click()
        if button.isEnabled():
            print("the button did not say it is printing", file=sys.stderr)
            return 3
        wait_for(app, lambda: bool(printed))
        print(kiosk.take_home_link())
        if printed != [True]:
            return 1
        strings = kiosk.journey.language.strings
        if button.isEnabled() or button.text() != strings.printed:
            print(f"after printing the button says {button.text()!r}", file=sys.stderr)
            return 4  # one copy per patient
        kiosk.reset(Reason.FINISHED)
        if not button.isEnabled() or button.text() != kiosk.journey.language.strings.print_copy:
            print("the next patient cannot print", file=sys.stderr)
            return 5
        return 0


if __name__ == "__main__":
    sys.exit(main())
