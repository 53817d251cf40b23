"""Walk every screen of the journey and list layout problems a patient would notice.

Used in-process by tests/test_layout.py and in a child process for 125% / 150% scaling
(Qt's scale factor is fixed per process). Sizes are checked in physical pixels.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QProgressBar,
    QScrollArea,
    QToolButton,
    QWidget,
)

from kiosk.core.content.colors import contrast
from kiosk.core.content.loader import load_content
from kiosk.ui.app import KioskApp
from kiosk.ui.render import ensure_app, tour
from kiosk.ui.widgets import one_line

MIN_TARGET_AT_1080 = 72
MIN_BODY_AT_1080 = 28
HEADINGS = {"title", "hero", "tileTitle"}
# What must never break across lines: phone numbers, ranges, "SPF 30", a number and its unit.
UNBROKEN = re.compile(
    r"\(\d{3}\)\s\d{3}-\d{4}|\d+\s?[–-]\s?\d+|SPF\s\d+|\d+\s(?:minutes?|hours?|days?|weeks?"
    r"|minutos?|horas?|días?|semanas?)\b"
)
BREAKABLE = re.compile(r"[ \n\u200b]+")  # where a line may break: not at a no-break space


def laid_out(label: QLabel) -> list[list[str]]:
    """The label's text as Qt lays it out at the label's width: per paragraph, its lines."""
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    if label.textFormat() == Qt.TextFormat.RichText:
        doc.setHtml(label.text())
    else:
        doc.setPlainText(label.text())
    doc.setTextWidth(label.contentsRect().width())
    doc.size()  # lays the document out
    paragraphs = []
    block = doc.begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        paragraphs.append([text[ln.textStart() : ln.textStart() + ln.textLength()] for ln in lines])
        block = block.next()
    return paragraphs


def lonely(label: QLabel, lines: list[str]) -> bool:
    """A heading whose last line is one word, where the last two words would fit together."""
    if label.objectName() not in HEADINGS or len(lines) < 2 or len(lines[-1].split()) != 1:
        return False
    before = lines[-2].rstrip().rpartition(" ")[2]
    if not before:
        return False
    pair = f"{before} {lines[-1].strip()}"
    return one_line(label.fontMetrics(), label.contentsRect().width(), pair)


def text_problems(name: str, label: QLabel) -> list[str]:
    """Words wider than their line, orphaned last words in headings, broken numbers."""
    found: list[str] = []
    if not label.wordWrap() or label.contentsRect().width() <= 0:
        return found
    fm = label.fontMetrics()
    paragraphs = laid_out(label)
    for lines in paragraphs:
        whole = "".join(lines)
        for word in BREAKABLE.split(whole):
            if word and fm.horizontalAdvance(word) > label.contentsRect().width() + 1:
                found.append(f"{name}: the word {word!r} is wider than its line")
        for match in UNBROKEN.finditer(whole.replace("\u00a0", " ").replace("\u2060", "")):
            if not any(match[0] in ln.replace("\u00a0", " ").replace("\u2060", "") for ln in lines):
                found.append(f"{name}: {match[0]!r} breaks across lines")
        if lonely(label, lines):
            found.append(f"{name}: the title {whole[:30]!r} ends in a lonely word")
    return found


def pixel(image: QImage, x: int, y: int) -> str:
    return QColor(image.pixel(x, y)).name()


def look_problems(kiosk: KioskApp, name: str) -> list[str]:
    """What only the pixels show: the progress track and the overlay card's edge at 3:1."""
    found: list[str] = []
    window = kiosk.window
    shot = window.grab().toImage()
    dpr = shot.devicePixelRatio()
    bar = window.findChild(QProgressBar)
    if bar is not None and bar.isVisibleTo(window) and window.stack.currentWidget() is kiosk.slides:
        r = QRect(bar.mapTo(window, QPoint(0, 0)), bar.size())
        y = round(r.center().y() * dpr)
        track = pixel(shot, round((r.right() - r.height() * 2) * dpr), y)
        around = pixel(shot, round((r.right() - r.height() * 2) * dpr), round((r.top() - 4) * dpr))
        if contrast(track, around) < 3:
            found.append(f"{name}: progress track {track} on {around} is under 3:1")
    if kiosk.overlay.isVisible():
        card = kiosk.overlay.card
        r = QRect(card.mapTo(window, QPoint(0, 0)), card.size())
        y = round(r.center().y() * dpr)
        edge = pixel(shot, round((r.left() + 2) * dpr), y)
        outside = pixel(shot, round((r.left() - 3) * dpr), y)
        if contrast(edge, outside) < 3:
            found.append(f"{name}: overlay edge {edge} on {outside} is under 3:1")
    tiles = [t for t in kiosk.overview.tiles if t.isVisibleTo(window)]
    if window.stack.currentWidget() is kiosk.overview and tiles:
        widths = {t.width() for t in tiles}
        if max(widths) - min(widths) > 1:
            found.append(f"{name}: topic tiles are {sorted(widths)} px wide")
        columns = len({t.x() for t in tiles})
        if kiosk.journey.text_step == 2 and columns > 2:
            found.append(f"{name}: {columns} columns of tiles at the largest text")
    return found


def _inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def problems_on(kiosk: KioskApp, name: str) -> list[str]:
    # The screen as a person sees it, settled: a heading re-balanced for a new width can change
    # its height, which can lay the page out again (a scroll bar comes or goes).
    for _ in range(4):
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
            found += text_problems(name, label)
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
            rect = QRect(label.mapTo(window, QPoint(0, 0)), label.size())
            if not bounds.contains(rect):
                found.append(f"{name}: text {label.text()[:30]!r} is outside the window")
    return found + look_problems(kiosk, name)


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
    scale: str, width: int, height: int, lang: str, text_step: int = 0, high_contrast: bool = False
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
            "hc" if high_contrast else "",
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
    high_contrast = len(sys.argv) > 6 and sys.argv[6] == "hc"
    ensure_app()
    content = load_content(Path(root)).content
    assert content is not None
    with KioskApp.create(content, (width, height), motion=False) as kiosk:
        found = check_journey(kiosk, lang, text_step, high_contrast)
        print(json.dumps({"dpr": kiosk.window.devicePixelRatioF(), "problems": found}))


if __name__ == "__main__":
    main()
