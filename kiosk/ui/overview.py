"""The topics: every section as a large tile, plus the default path from the beginning."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.core.content.model import Language
from kiosk.ui.a11y_bar import Footer
from kiosk.ui.widgets import Button, ScrollText, TextButton, label


class OverviewScreen(QWidget):
    section_chosen = Signal(int)
    begin_requested = Signal()
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = label("", "title")
        self.grid = QGridLayout()
        self.tiles: list[TextButton] = []
        self.back = Button("", "secondary")
        self.begin = Button("", "primary")
        self.back.clicked.connect(self.back_requested)
        self.begin.clicked.connect(self.begin_requested)
        self.footer = Footer(self.back, self.begin)
        tiles = QWidget()
        tiles.setLayout(self.grid)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.column = QVBoxLayout(self)
        self.column.addWidget(self.title)
        self.column.addWidget(ScrollText(tiles), 1)  # large text may need more room than there is
        self.column.addWidget(self.footer)
        self._portrait = False
        self._large_text = False
        self._padding = 24

    def show_language(self, lang: Language) -> None:
        s = lang.strings
        self.title.setText(s.overview_title)
        self.back.set_text(s.back)
        self.begin.set_text(s.start_from_beginning)
        while len(self.tiles) < len(lang.sections):
            tile = TextButton("tile")
            tile.set_padding(self._padding + self._padding // 3, self._padding)
            index = len(self.tiles)
            tile.clicked.connect(lambda _=False, i=index: self.section_chosen.emit(i))
            self.tiles.append(tile)
        for tile, section in zip(self.tiles, lang.sections, strict=False):
            tile.set_texts(section.title, section.summary)
        for extra in self.tiles[len(lang.sections) :]:
            extra.hide()
        self._arrange(len(lang.sections))

    def set_orientation(self, portrait: bool, spacing: int, large_text: bool = False) -> None:
        self._portrait = portrait
        self._large_text = large_text
        for tile in self.tiles:
            tile.set_padding(spacing + spacing // 3, spacing)
        self._padding = spacing
        self.grid.setSpacing(spacing)
        self.column.setSpacing(spacing)
        self._arrange(sum(1 for t in self.tiles if not t.isHidden()) or len(self.tiles))

    def _arrange(self, count: int) -> None:
        wide = count > 6 and not self._large_text  # four narrow tiles would split long words
        columns = 2 if self._portrait else (4 if wide else 3)
        for i, tile in enumerate(self.tiles[:count]):
            self.grid.addWidget(tile, i // columns, i % columns)
            tile.show()
