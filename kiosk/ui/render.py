"""`kiosk render`: every screen of one full journey, in order, as PNG files (offscreen).

It drives the real app through the same moves a patient makes, so the pictures are the product.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from kiosk.core.content.model import CheckSlide, Content
from kiosk.core.session.journey import Reason, Screen
from kiosk.ui.app import KioskApp


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents)
        app = QApplication([])
    assert isinstance(app, QApplication)
    return app


def tour(kiosk: KioskApp) -> Iterator[str]:
    """Walk every screen as a patient would, yielding a name while each one is shown: Welcome,
    the overview, every slide (each question again once answered wrong), QR, thanks, and the
    "Still there?" question. Used by `render`, the layout checks and the benchmarks."""
    j = kiosk.journey

    def shown(name: str) -> str:
        """A patient is looking: the idle rules must not end the visit while we draw it (a
        slow machine can take longer than the thanks screen's 20 seconds)."""
        kiosk.idle.activity()
        return name

    yield shown("welcome")
    kiosk.move(j.start)
    yield shown("overview")
    kiosk.move(j.begin)
    while j.screen is Screen.SLIDE:
        slide = j.place.slide
        yield shown(f"slide-{slide.id}")
        if isinstance(slide, CheckSlide):
            kiosk.choose_answer(next(i for i, a in enumerate(slide.answers) if not a.correct))
            yield shown(f"slide-{slide.id}-answered")
        kiosk.move(j.next)
    yield shown("qr")
    kiosk.idle.activity()  # the tap on "I'm done": the countdown starts from it
    kiosk.move(j.finish)
    yield shown("thanks")
    kiosk.move(j.home)
    ticking = kiosk.ticker.isActive()
    kiosk.ticker.stop()  # the question is shown by hand: the idle rules must not hide it
    kiosk.overlay.show_countdown(kiosk.content.settings.idle.countdown_seconds, j.language.strings)
    yield "still-there"
    kiosk.reset(Reason.IDLE)
    if ticking:
        kiosk.ticker.start()


def render_journey(
    content: Content,
    out: Path,
    size: tuple[int, int],
    lang: str,
    text_size: int | None = None,
    high_contrast: bool = False,
) -> list[Path]:
    ensure_app()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("[0-9][0-9]-*.png"):
        old.unlink()
    written: list[Path] = []
    with KioskApp.create(content, size, motion=False) as kiosk:
        kiosk.choose_language(lang)
        if text_size is not None:
            kiosk.journey.text_step = text_size - 1
        kiosk.journey.high_contrast = high_contrast or kiosk.journey.high_contrast
        kiosk.apply_look()
        kiosk.refresh()
        for name in tour(kiosk):
            QCoreApplication.processEvents()
            path = out / f"{len(written) + 1:02d}-{name}.png"
            kiosk.window.grab().save(str(path))
            written.append(path)
    return written


def contact_sheet(files: list[Path], out: Path, columns: int = 6, thumb_width: int = 480) -> Path:
    """All screens on one picture, in order, for review at a glance or by email."""
    first = QImage(str(files[0]))
    thumb_height = round(thumb_width * first.height() / first.width())
    gap = 16
    rows = -(-len(files) // columns)
    sheet = QImage(
        columns * (thumb_width + gap) + gap,
        rows * (thumb_height + gap) + gap,
        QImage.Format.Format_RGB32,
    )
    sheet.fill(QColor("#8A8A8A"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    for i, path in enumerate(files):
        x = gap + (i % columns) * (thumb_width + gap)
        y = gap + (i // columns) * (thumb_height + gap)
        painter.drawImage(QRect(x, y, thumb_width, thumb_height), QImage(str(path)))
    painter.end()
    sheet.save(str(out))
    return out
