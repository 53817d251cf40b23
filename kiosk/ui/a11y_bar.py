"""The small, always-visible accessibility controls: text size, contrast, read aloud, language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QToolButton, QWidget

from kiosk.core.content.model import Strings

ICONS = Path(__file__).resolve().parents[2] / "assets" / "icons"


def tinted_icon(name: str, colour: str, side: int) -> QIcon:
    """An SVG icon drawn in one colour, so it follows the theme (and high contrast)."""
    return QIcon(QPixmap.fromImage(_tinted_image(name, colour, side)))


@lru_cache(maxsize=64)
def _tinted_image(name: str, colour: str, side: int) -> QImage:
    """Cached: every screen change restyles the bar, and there are only a few (icon, colour,
    size) combinations. A QImage, not a QPixmap, so the cache may outlive the application."""
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ICONS / f"{name}.svg")).render(painter)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    # setBrush + drawRect, not fillRect: fillRect's overloads make PySide6 build QGradient's
    # enums (~2 ms) on first use, before the first frame.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawRect(0, 0, side, side)
    painter.end()
    return image


class A11yButton(QToolButton):
    def __init__(self, icon: str) -> None:
        super().__init__()
        self.icon_name = icon
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.setProperty("role", "a11y")


STEP_LABELS = ("A", "A+", "A++")  # the text sizes, shown all at once: no hidden wrap-around


class TextSteps(QWidget):
    """The text-size control: its three steps side by side, the current one marked (filled,
    underlined, and "selected" for a screen reader), each label larger than the one before."""

    step_chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[QToolButton] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        for i, words in enumerate(STEP_LABELS):
            button = QToolButton()
            button.setText(words)
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setProperty("role", "step")
            button.setProperty("size", str(i))
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, n=i: self.step_chosen.emit(n))
            row.addWidget(button)
            self.steps.append(button)

    def show_step(self, current: int, name: str, help_text: str) -> None:
        for i, button in enumerate(self.steps):
            button.setChecked(i == current)
            chosen = " ✓" if i == current else ""
            button.setAccessibleName(f"{name} {STEP_LABELS[i]} ({i + 1}/3){chosen}")
            button.setAccessibleDescription(help_text)


class A11yBar(QWidget):
    text_step_chosen = Signal(int)
    contrast_requested = Signal()
    read_aloud_requested = Signal()
    language_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.text_size = TextSteps()
        self.contrast = A11yButton("contrast")
        self.read_aloud = A11yButton("speaker")
        self.language = A11yButton("language")
        self.text_size.step_chosen.connect(self.text_step_chosen)
        self.contrast.clicked.connect(self.contrast_requested)
        self.read_aloud.clicked.connect(self.read_aloud_requested)
        self.language.clicked.connect(self.language_requested)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.text_size)
        for button in self.buttons:
            self.row.addWidget(button)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    @property
    def buttons(self) -> list[A11yButton]:
        return [self.contrast, self.read_aloud, self.language]

    def show_state(
        self,
        s: Strings,
        *,
        text_step: int,
        high_contrast: bool,
        reading: bool,
        speech: bool,
        other_language: str | None,
    ) -> None:
        self.text_size.show_step(text_step, s.text_size, s.text_size_help)
        self.contrast.setText(s.contrast)
        self.contrast.setAccessibleName(s.contrast)
        self.contrast.setAccessibleDescription(s.contrast_help)
        self.contrast.setCheckable(True)
        self.contrast.setChecked(high_contrast)
        self.read_aloud.icon_name = "stop" if reading else "speaker"
        self.read_aloud.setText(s.stop_reading if reading else s.read_aloud)
        self.read_aloud.setAccessibleName(self.read_aloud.text())
        self.read_aloud.setAccessibleDescription(s.read_aloud_help)
        self.read_aloud.setVisible(speech)
        self.language.setText(other_language or "")
        self.language.setAccessibleName(other_language or "")
        self.language.setAccessibleDescription(s.language_help)
        self.language.setVisible(other_language is not None)

    def apply_style(self, colour: str, icon_side: int) -> None:
        for button in self.buttons:
            button.setIcon(tinted_icon(button.icon_name, colour, icon_side * 2))
            button.setIconSize(QSize(icon_side, icon_side))


class Footer(QWidget):
    """Back on the left, forward on the right, the accessibility bar between them. When they do
    not fit side by side (portrait, large text, long words in some language) the bar takes a
    row of its own, and then the forward button too: nothing is ever squeezed or cut off."""

    def __init__(self, left: QWidget | None = None, right: QWidget | None = None) -> None:
        super().__init__()
        self.left, self.right = left, right
        self.bar: A11yBar | None = None
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(2, 1)
        self.width_available = 0
        self._place()

    def set_bar(self, bar: A11yBar) -> None:
        self.bar = bar
        self._place()

    def arrange(self, width: int, spacing: int) -> None:
        """Lay out for `width` pixels; call again whenever sizes or words change."""
        self.width_available = width
        self.grid.setSpacing(spacing)
        self._place()

    def _widths(self) -> tuple[int, int, int]:
        def w(widget: QWidget | None) -> int:
            return widget.sizeHint().width() if widget is not None and not widget.isHidden() else 0

        return w(self.left), w(self.bar), w(self.right)

    def _place(self) -> None:
        for widget in (self.left, self.bar, self.right):
            if widget is not None:
                self.grid.removeWidget(widget)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        left, bar, right = self._widths()
        gap = self.grid.spacing() * 4
        room = self.width_available or 10**6
        one_row = left + bar + right + gap <= room
        buttons_fit = left + right + gap <= room
        centre = Qt.AlignmentFlag.AlignHCenter
        # A style sheet's min-width overrides size policies: reserve each column's width here.
        self.grid.setColumnMinimumWidth(0, left if buttons_fit else 0)
        self.grid.setColumnMinimumWidth(1, bar if one_row else 0)
        self.grid.setColumnMinimumWidth(2, right if buttons_fit else 0)
        row = 0
        if self.bar is not None:
            if one_row:
                self.grid.addWidget(self.bar, 0, 1, centre)
            else:
                self.grid.addWidget(self.bar, 0, 0, 1, 3, centre)
                row = 1
        if buttons_fit:
            if self.left is not None:
                self.grid.addWidget(self.left, row, 0, Qt.AlignmentFlag.AlignLeft)
            if self.right is not None:
                self.grid.addWidget(self.right, row, 2, Qt.AlignmentFlag.AlignRight)
        else:  # forward on top, full width; back below it
            if self.right is not None:
                self.grid.addWidget(self.right, row, 0, 1, 3)
            if self.left is not None:
                self.grid.addWidget(self.left, row + 1, 0, Qt.AlignmentFlag.AlignLeft)
