"""Walk every screen of the journey and list layout problems a patient would notice.

Used in-process by tests/test_layout.py and in a child process for 125% / 150% scaling
(Qt's scale factor is fixed per process). Sizes are checked in physical pixels.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QToolButton, QWidget

from kiosk.core.content.loader import load_content
from kiosk.ui.app import KioskApp
from kiosk.ui.render import ensure_app, tour

MIN_TARGET_AT_1080 = 72
MIN_BODY_AT_1080 = 28


def _inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def problems_on(kiosk: KioskApp, name: str) -> list[str]:
    QCoreApplication.processEvents()
    window = kiosk.window
    dpr = window.devicePixelRatioF()
    shorter = min(window.width(), window.height()) * dpr
    need_target = MIN_TARGET_AT_1080 * shorter / 1080
    need_body = MIN_BODY_AT_1080 * shorter / 1080
    bounds = QRect(QPoint(0, 0), window.size())
    found: list[str] = []
    screen = kiosk.window.stack.currentWidget()
    assert screen is not None
    layers = [screen] + ([kiosk.overlay] if kiosk.overlay.isVisible() else [])
    for layer in layers:
        visible = [b for b in layer.findChildren(QAbstractButton) if b.isVisibleTo(window)]
        # Only what shows: a tile scrolled out of its viewport is not on top of anything.
        rects = [
            (b, b.visibleRegion().boundingRect().translated(b.mapTo(window, QPoint(0, 0))))
            for b in visible
            if not b.visibleRegion().isEmpty()
        ]
        for i, (a, ra) in enumerate(rects):
            for b, rb in rects[i + 1 :]:
                if ra.intersects(rb) and not (a.isAncestorOf(b) or b.isAncestorOf(a)):
                    found.append(f"{name}: {a.accessibleName()!r} overlaps {b.accessibleName()!r}")
        for button in visible:
            words = button.text()
            if words and "\n" not in words:
                fm = button.fontMetrics()
                room = button.contentsRect().width()
                if isinstance(button, QToolButton):
                    room = button.width()
                if fm.horizontalAdvance(words) > room:
                    found.append(f"{name}: button text {words!r} is cut off")
            if not button.accessibleName().strip():
                found.append(f"{name}: a button without an accessible name ({button.text()!r})")
            h, w = button.height() * dpr, button.width() * dpr
            if min(h, w) < need_target - 0.5:
                found.append(f"{name}: button {button.accessibleName()!r} is {w:.0f}x{h:.0f} px")
            rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
            if not bounds.contains(rect) and not _inside_scroll_area(button):
                found.append(f"{name}: button {button.accessibleName()!r} is outside the window")
        for label in layer.findChildren(QLabel):
            if not label.isVisibleTo(window) or not label.text():
                continue
            if label.objectName() == "body" and label.font().pixelSize() * dpr < need_body - 0.5:
                found.append(f"{name}: body text is {label.font().pixelSize() * dpr:.0f} px")
            if _inside_scroll_area(label):
                continue  # scrolls instead of clipping
            needed = (
                label.heightForWidth(label.width())
                if label.wordWrap()
                else label.sizeHint().height()
            )
            if needed > label.height() + 1:
                found.append(
                    f"{name}: text {label.text()[:30]!r} needs {needed} px, has {label.height()}"
                )
            if label.sizeHint().width() > label.width() + 1 and not label.wordWrap():
                found.append(f"{name}: text {label.text()[:30]!r} is cut off at the side")
            if label.wordWrap() and label.textFormat() == Qt.TextFormat.PlainText:
                fm = label.fontMetrics()
                for word in label.text().replace("\u200b", " ").split():
                    if fm.horizontalAdvance(word) > label.width():
                        found.append(f"{name}: the word {word!r} is wider than its line")
            rect = QRect(label.mapTo(window, QPoint(0, 0)), label.size())
            if not bounds.contains(rect):
                found.append(f"{name}: text {label.text()[:30]!r} is outside the window")
    return found


def check_journey(
    kiosk: KioskApp, lang: str, text_step: int = 0, high_contrast: bool = False
) -> list[str]:
    """Visit every screen as a patient would (`tour`) and collect what is wrong on each."""
    j = kiosk.journey
    kiosk.choose_language(lang)
    j.text_step, j.high_contrast = text_step, high_contrast
    kiosk.apply_look()
    found: list[str] = []
    for name in tour(kiosk):
        found += problems_on(kiosk, name)
        side = kiosk.qr.code.width()
        if name == "qr" and side < min(kiosk.window.width(), kiosk.window.height()) / 3:
            found.append(f"qr: code is {side} px, under a third of the shorter side")
    return found


def run_scaled(
    scale: str, width: int, height: int, lang: str, text_step: int = 0
) -> dict[str, Any]:
    """Check the shipped journey in a child process with QT_SCALE_FACTOR set."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.layout_check",
            str(root / "content"),
            str(width),
            str(height),
            lang,
            str(text_step),
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return report


def main() -> None:
    """Child-process entry: python -m tests.layout_check CONTENT WIDTH HEIGHT LANG"""
    root, width, height, lang = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    text_step = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    ensure_app()
    content = load_content(Path(root)).content
    assert content is not None
    with KioskApp.create(content, (width, height), motion=False) as kiosk:
        found = check_journey(kiosk, lang, text_step)
        print(json.dumps({"dpr": kiosk.window.devicePixelRatioF(), "problems": found}))


if __name__ == "__main__":
    main()
