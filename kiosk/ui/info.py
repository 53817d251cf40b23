"""An information slide: title, body (safe Markdown subset), illustration beside or above.

The title always sits at the top, so it is in the same place on every slide. Below it the
body and the picture share the space (side by side in landscape, the picture over the text in
portrait); a slide without a picture centres its text block. Long text scrolls, with a cue."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.content import markdown
from kiosk.core.content.model import InfoSlide
from kiosk.core.content.typography import tie_html
from kiosk.ui.widgets import Illustration, ScrollText, heading, label

READING_WIDTH = 1400  # px at 1080p: a pictureless slide's text block stays this narrow


class InfoView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.title = heading()
        self.body = label("", "body", rich=True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        text = QWidget()
        column = QVBoxLayout(text)
        column.setContentsMargins(0, 0, 0, 0)
        self.column = column
        column.addStretch(1)
        middle = QHBoxLayout()
        middle.addStretch(0)
        middle.addWidget(self.body, 100)
        middle.addStretch(0)
        self.middle = middle
        column.addLayout(middle)
        column.addStretch(1)
        self.text_area = ScrollText(text)
        self.picture = Illustration()
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.text_area, 11)
        self.row.addWidget(self.picture, 9)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.outer.addWidget(self.title)
        self.outer.addLayout(self.row, 1)
        self._reading_width = READING_WIDTH
        self._portrait = False

    def show_slide(self, slide: InfoSlide, indent: int, more_below: str = "") -> None:
        self.title.set_words(slide.title)
        self.body.setText(tie_html(markdown.to_html(slide.blocks, indent)))
        self.body.setAccessibleName(markdown.plain_text(slide.blocks))
        ill = slide.illustration
        self.picture.set_picture(ill.path if ill else None, ill.alt if ill else "")
        wide = ill is None  # no picture: a centred block, not a line across the whole screen
        self.body.setMaximumWidth(self._reading_width if wide else 16777215)
        self.middle.setStretch(0, 1 if wide else 0)
        self.middle.setStretch(2, 1 if wide else 0)
        # Under a picture in portrait the text starts right below it; otherwise it is centred.
        self.column.setStretch(0, 0 if self._portrait and not wide else 1)
        self.text_area.set_cue(more_below)
        self.text_area.verticalScrollBar().setValue(0)

    def set_orientation(
        self, portrait: bool, spacing: int, reading_width: int = 0, text_scale: float = 1.0
    ) -> None:
        """Side by side in landscape, the picture over the text in portrait; the larger the
        text, the smaller the picture's share (9 of 20 at the default size, 1 in 4 at 200%)."""
        direction = (
            QBoxLayout.Direction.BottomToTop if portrait else QBoxLayout.Direction.LeftToRight
        )
        self._reading_width = reading_width or READING_WIDTH
        self._portrait = portrait
        self.row.setDirection(direction)
        self.row.setSpacing(spacing * 2)
        self.outer.setSpacing(spacing)
        picture = round(9 - 6 * (text_scale - 1))  # 9, 6, 3 parts
        self.row.setStretch(0, 12 if portrait else 11)
        self.row.setStretch(1, picture)
