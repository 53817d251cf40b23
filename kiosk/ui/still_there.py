"""The "Still there?" overlay with its countdown and a big "Yes, continue"."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.content.model import Strings
from kiosk.core.content.placeholders import substitute
from kiosk.ui.widgets import Button, Overlay, label


class StillThereOverlay(Overlay):
    continue_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        card = self.card
        self.title = label("", "title")
        self.body = label("", "subtitle")
        self.button = Button("", "primary")
        self.button.clicked.connect(self.continue_requested)
        for w in (self.title, self.body):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(48, 48, 48, 48)
        inner.setSpacing(32)
        inner.addWidget(self.title)
        inner.addWidget(self.body)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.outer = QVBoxLayout(self)
        self.outer.addStretch(1)
        self.outer.addWidget(card)
        self.outer.addStretch(1)

    def show_countdown(self, seconds_left: float, strings: Strings) -> None:
        self.title.setText(strings.still_there_title)
        self.body.setText(
            substitute(strings.still_there_body, {"seconds": math.ceil(seconds_left)})
        )
        self.button.set_text(strings.still_there_continue)
        if not self.isVisible():
            self.cover()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
            card_width = min(self.width() - self.width() // 8, max(self.width() // 2, 640))
            side = (self.width() - card_width) // 2
            self.outer.setContentsMargins(side, 0, side, 0)
