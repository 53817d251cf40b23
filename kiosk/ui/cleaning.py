"""Cleaning mode: the screen ignores touch for a while, with a visible countdown."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.widgets import label

CLEANING_SECONDS = 30


class CleaningOverlay(QWidget):
    finished = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.left = 0
        self.title = label("Cleaning mode", "hero")
        self.count = label("", "subtitle")
        for w in (self.title, self.count):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.count)
        column.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.hide()

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    def start(self, seconds: int = CLEANING_SECONDS) -> None:
        self.left = seconds
        self._show_count()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.hide()

    def _tick(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.stop()
            self.finished.emit()
        else:
            self._show_count()

    def _show_count(self) -> None:
        self.count.setText(f"Touch is off. Wipe the screen now. Back in {self.left} s.")
