"""A touch PIN pad for staff. Shows dots, never digits."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.system.pin import RECOVERY_DIGITS
from kiosk.ui.widgets import Button, Overlay, label


class PinPad(Overlay):
    pin_entered = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.digits = ""
        card = self.card
        self.title = label("Staff PIN", "title")
        self.dots = label("", "title")
        self.message = label("", "small")
        for w in (self.title, self.dots, self.message):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        self.keys: dict[str, Button] = {}
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]):
            button = Button(key, "primary" if key == "OK" else "secondary")
            button.setAccessibleName({"⌫": "Delete", "OK": "Enter"}.get(key, key))
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(button, i // 3, i % 3)
            self.keys[key] = button
        self.cancel = Button("Cancel", "secondary")
        self.cancel.clicked.connect(self._cancel)
        column = QVBoxLayout(card)
        column.setContentsMargins(32, 24, 32, 24)
        column.addWidget(self.title)
        column.addWidget(self.dots)
        column.addWidget(self.message)
        column.addLayout(grid)
        column.addWidget(self.cancel)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)

    def open(self, message: str = "") -> None:
        self.digits = ""
        self._show_dots()
        self.message.setText(message)
        self.cover()

    def say(self, message: str) -> None:
        self.digits = ""
        self._show_dots()
        self.message.setText(message)

    def press(self, key: str) -> None:
        if key == "⌫":
            self.digits = self.digits[:-1]
        elif key == "OK":
            if self.digits:
                self.pin_entered.emit(self.digits)
            return
        elif len(self.digits) < RECOVERY_DIGITS:  # a PIN, or the 12-digit recovery code
            self.digits += key
        self._show_dots()

    def _show_dots(self) -> None:
        self.dots.setText("●" * len(self.digits) or " ")

    def _cancel(self) -> None:
        self.digits = ""
        self.hide()
        self.cancelled.emit()
