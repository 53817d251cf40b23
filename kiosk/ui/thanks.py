"""The goodbye screen; it returns to Welcome by itself (the idle rules decide when)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.content.model import Language
from kiosk.ui.a11y_bar import Footer
from kiosk.ui.widgets import label


class ThanksScreen(QWidget):
    dismissed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = label("", "hero")
        self.body = label("", "subtitle")
        for w in (self.title, self.body):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.body)
        column.addStretch(1)
        self.footer = Footer()
        column.addWidget(self.footer)

    def show_language(self, lang: Language) -> None:
        self.title.setText(lang.strings.thanks_title)
        self.body.setText(lang.strings.thanks_body)
        self.setAccessibleName(lang.strings.thanks_title)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.dismissed.emit()
        super().mouseReleaseEvent(event)
