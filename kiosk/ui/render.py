"""`kiosk render`: every screen of one full journey, in order, as PNG files (offscreen).

It drives the real app through the same moves a patient makes, so the pictures are the product.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from kiosk.core.journey import Screen
from kiosk.core.model import CheckSlide, Content
from kiosk.ui.app import KioskApp


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents)
        app = QApplication([])
    assert isinstance(app, QApplication)
    return app


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
    kiosk = KioskApp(content)
    kiosk.slides.animate = False
    kiosk.welcome.set_motion(False)
    window = kiosk.window
    window.resize(*size)
    window.show()
    written: list[Path] = []

    def shot(name: str) -> None:
        QCoreApplication.processEvents()
        path = out / f"{len(written) + 1:02d}-{name}.png"
        window.grab().save(str(path))
        written.append(path)

    try:
        kiosk.choose_language(lang)
        if text_size is not None:
            kiosk.journey.text_step = text_size - 1
        kiosk.journey.high_contrast = high_contrast or kiosk.journey.high_contrast
        kiosk.apply_look()
        kiosk.refresh()
        shot("welcome")
        kiosk.move(kiosk.journey.start)
        shot("overview")
        kiosk.move(kiosk.journey.begin)
        while kiosk.journey.screen is Screen.SLIDE:
            slide = kiosk.journey.place.slide
            shot(f"slide-{slide.id}")
            if isinstance(slide, CheckSlide):
                wrong = next(i for i, a in enumerate(slide.answers) if not a.correct)
                kiosk.choose_answer(wrong)
                shot(f"slide-{slide.id}-answered")
            kiosk.move(kiosk.journey.next, 1)
        shot("qr")
        kiosk.move(kiosk.journey.finish)
        shot("thanks")
        kiosk.journey.screen = Screen.OVERVIEW
        kiosk.refresh()
        kiosk.overlay.show_countdown(
            content.settings.idle.countdown_seconds, kiosk.journey.language.strings
        )
        shot("still-there")
    finally:
        kiosk.stop()
        window.close()
        window.deleteLater()
        kiosk.deleteLater()
        QCoreApplication.processEvents()
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
