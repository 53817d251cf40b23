"""The topics: every section as a large tile, plus the default path from the beginning.

A tile shows a small picture from its section, its title and summary, its length, and a check
mark once its slides were seen; the next unread topic is highlighted. Columns are equal width
in every language; large text drops them to two columns."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content.model import Language, Section, Strings
from kiosk.core.content.placeholders import substitute
from kiosk.core.content.typography import tie
from kiosk.core.session.estimate import section_minutes
from kiosk.ui.a11y_bar import Footer
from kiosk.ui.widgets import (
    Button,
    Illustration,
    ScrollText,
    heading,
    label,
    set_style_state,
)


class TopicTile(QPushButton):
    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "tile")
        self.setAutoDefault(False)
        self.picture = Illustration()
        self.picture.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.heading = heading("", "tileTitle")
        self.detail = label("", "small")
        self.length = label("", "small")
        self.mark = label("", "mark")
        words = QVBoxLayout()
        words.addWidget(self.heading)
        words.addWidget(self.detail)
        words.addWidget(self.length)
        words.addWidget(self.mark)
        words.addStretch(1)
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        self._box.addLayout(words, 1)
        for child in (self.picture, self.heading, self.detail, self.length, self.mark):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # Ignored: every column gets the same width, whatever the words' own widths.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def show_section(
        self, section: Section, strings: Strings, seen: bool, next_up: bool, side: int
    ) -> None:
        self.heading.set_words(section.title)
        self.detail.setText(tie(section.summary))
        minutes = section_minutes(section)
        values = {"screens": len(section.slides), "minutes": minutes}
        template = strings.section_length_one_minute if minutes == 1 else strings.section_length
        self.length.setText(tie(substitute(template, values)))
        marks = ([f"✓ {strings.section_seen}"] if seen else []) + (
            [f"➜ {strings.next}"] if next_up else []
        )
        self.mark.setText("   ".join(marks))
        self.mark.setVisible(bool(marks))
        picture = next((s.illustration for s in section.slides if s.illustration), None)
        self.picture.set_picture(picture.path if picture else None, "")
        self.picture.setFixedSize(side, side)
        self.setAccessibleName(section.title)
        self.setAccessibleDescription(". ".join([section.summary, self.length.text(), *marks]))
        set_style_state(self, "next", "true" if next_up else "")

    def set_padding(self, horizontal: int, vertical: int) -> None:
        self._box.setContentsMargins(horizontal, vertical, horizontal, vertical)
        self._box.setSpacing(horizontal)

    def set_stacked(self, stacked: bool) -> None:
        """The picture over the words where columns are narrow (portrait, large text)."""
        self._box.setDirection(
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )

    def sizeHint(self) -> QSize:
        return self._box.sizeHint()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._box.totalHeightForWidth(width)


class OverviewScreen(QWidget):
    section_chosen = Signal(int)
    begin_requested = Signal()
    back_requested = Signal()
    take_home_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = heading()
        self.take_home = Button("", "secondary")
        self.take_home.clicked.connect(self.take_home_requested)
        self.grid = QGridLayout()
        self.tiles: list[TopicTile] = []
        self.back = Button("", "secondary")
        self.begin = Button("", "primary")
        self.back.clicked.connect(self.back_requested)
        self.begin.clicked.connect(self.begin_requested)
        self.footer = Footer(self.back, self.begin)
        tiles = QWidget()
        tiles.setLayout(self.grid)
        self.grid.setContentsMargins(0, 0, 0, 0)
        top = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # stacked in portrait, large text
        top.addWidget(self.title, 1)
        top.addWidget(self.take_home, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        self.top = top
        self.column = QVBoxLayout(self)
        self.column.addLayout(top)
        self.area = ScrollText(tiles)  # large text may need more room than there is
        self.column.addWidget(self.area, 1)
        self.column.addWidget(self.footer)
        self._portrait = False
        self._large_text = False
        self._padding = 24
        self._picture = 96

    def show_language(
        self, lang: Language, seen: set[int] | frozenset[int] = frozenset(), next_up: int | None = 0
    ) -> None:
        s = lang.strings
        self.title.set_words(s.overview_title)
        self.take_home.set_text(s.take_home)
        self.back.set_text(s.back)
        self.begin.set_text(s.start_from_beginning)
        while len(self.tiles) < len(lang.sections):
            tile = TopicTile()
            tile.set_padding(self._padding, self._padding)
            tile.set_stacked(self._portrait)
            index = len(self.tiles)
            tile.clicked.connect(lambda _=False, i=index: self.section_chosen.emit(i))
            self.tiles.append(tile)
        for i, (tile, section) in enumerate(zip(self.tiles, lang.sections, strict=False)):
            tile.show_section(section, s, i in seen, i == next_up, self._picture)
        for extra in self.tiles[len(lang.sections) :]:
            extra.hide()
        self.area.set_cue(s.more_below)
        self._arrange(len(lang.sections))

    def set_orientation(
        self, portrait: bool, spacing: int, large_text: bool = False, picture: int = 96
    ) -> None:
        self._portrait = portrait
        self._large_text = large_text
        self._picture = picture
        stacked = portrait  # narrow columns: the picture over the words, the button under the title
        self.top.setDirection(
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        for tile in self.tiles:
            tile.set_padding(spacing, spacing)
            tile.picture.setFixedSize(picture, picture)
            tile.set_stacked(stacked)
        self._padding = spacing
        self.grid.setSpacing(spacing)
        self.column.setSpacing(spacing)
        self._arrange(sum(1 for t in self.tiles if not t.isHidden()) or len(self.tiles))

    def set_picture_backing(self, colour: str | None) -> None:
        for tile in self.tiles:
            tile.picture.set_backing(colour)

    def _arrange(self, count: int) -> None:
        """Three equal columns; two in portrait or with large text (long words stay whole)."""
        columns = 2 if self._portrait or self._large_text or count < 3 else 3
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles[:count]):
            self.grid.addWidget(tile, i // columns, i % columns)
            tile.show()
        for c in range(max(self.grid.columnCount(), 4)):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
