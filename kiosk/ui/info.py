"""An information slide: title, body (safe Markdown subset), illustration beside or above."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.core.content import markdown
from kiosk.core.content.model import InfoSlide
from kiosk.ui.widgets import Illustration, ScrollText, label


class InfoView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.title = label("", "title")
        self.body = label("", "body", rich=True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        text = QWidget()
        column = QVBoxLayout(text)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.body)
        column.addStretch(1)
        self.text_area = ScrollText(text)
        self.picture = Illustration()
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.text_area, 11)
        self.row.addWidget(self.picture, 9)

    def show_slide(self, slide: InfoSlide, indent: int) -> None:
        self.title.setText(slide.title)
        self.body.setText(markdown.to_html(slide.blocks, indent))
        self.body.setAccessibleName(markdown.plain_text(slide.blocks))
        ill = slide.illustration
        self.picture.set_picture(ill.path if ill else None, ill.alt if ill else "")
        self.text_area.verticalScrollBar().setValue(0)

    def set_orientation(self, portrait: bool, spacing: int) -> None:
        direction = (
            QBoxLayout.Direction.BottomToTop if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.row.setDirection(direction)
        self.row.setSpacing(spacing * 2)
        self.row.setStretch(0, 10 if portrait else 11)
        self.row.setStretch(1, 11 if portrait else 9)
