"""The goodbye screen: the clinic's phone, the code again, and a visible countdown back to
Welcome (the idle rules decide when). A tap anywhere else ends the visit."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.content.model import Language
from kiosk.core.content.placeholders import substitute
from kiosk.core.content.typography import tie
from kiosk.ui.a11y_bar import Footer
from kiosk.ui.widgets import Button, label


class ThanksScreen(QWidget):
    dismissed = Signal()
    code_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = label("", "hero")
        self.body = label("", "subtitle")
        self.call = label("", "body")
        self.countdown = label("", "progress")
        self.show_code = Button("", "secondary")
        self.show_code.clicked.connect(self.code_requested)
        for w in (self.title, self.body, self.call, self.countdown):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.body)
        column.addWidget(self.call)
        button = QHBoxLayout()
        button.addStretch(1)
        button.addWidget(self.show_code)
        button.addStretch(1)
        column.addLayout(button)
        column.addStretch(1)
        column.addWidget(self.countdown)
        self.footer = Footer()
        column.addWidget(self.footer)
        self._countdown = ""

    def show_language(self, lang: Language, phone: str = "", seconds_left: float = 0) -> None:
        s = lang.strings
        self.title.setText(s.thanks_title)
        self.body.setText(tie(s.thanks_body))
        self.call.setText(tie(substitute(s.thanks_call, {"phone": phone})))
        self.call.setVisible(bool(phone))
        self.show_code.set_text(s.show_code_again)
        self._countdown = s.thanks_countdown
        self.show_seconds(seconds_left)
        self.setAccessibleName(s.thanks_title)

    def show_seconds(self, seconds_left: float) -> None:
        """The countdown line, updated by the idle tick while the screen is up."""
        words = substitute(self._countdown, {"seconds": max(0, math.ceil(seconds_left))})
        if words != self.countdown.text():
            self.countdown.setText(tie(words))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.dismissed.emit()
        super().mouseReleaseEvent(event)
