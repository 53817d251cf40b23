"""Small building blocks shared by the screens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content.typography import balance
from kiosk.ui.pictures import image, svg_renderer


def label(text: str = "", name: str = "body", rich: bool = False) -> QLabel:
    """A wrapping label. Content text is plain unless we built the rich text ourselves."""
    widget = QLabel()
    widget.setObjectName(name)
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    widget.setWordWrap(True)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    widget.setOpenExternalLinks(False)
    widget.setText(text)
    return widget


def one_line(fm: QFontMetrics, width: int, text: str) -> bool:
    """Whether `text` stays on one line when wrapped at `width`, measured by the same text
    layout a wrapping QLabel uses (a plain advance can be a hair under and still wrap)."""
    box = fm.boundingRect(QRect(0, 0, width, 1 << 20), Qt.TextFlag.TextWordWrap, text)
    return box.height() < 2 * fm.lineSpacing()


class Heading(QLabel):
    """A wrapping title that never ends in one lonely word: balanced again for its own width
    and font whenever they change (kiosk.core.content.typography.balance)."""

    def __init__(self, name: str = "title") -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.words = ""

    def set_words(self, words: str) -> None:
        self.words = words
        self.setAccessibleName(words)
        self._balance()

    def _balance(self) -> None:
        width = self.contentsRect().width()
        fm = self.fontMetrics()
        fits = (lambda line: one_line(fm, width, line)) if width > 0 else None
        text = balance(self.words, fits)
        if text != self.text():
            self.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._balance()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._balance()


def heading(words: str = "", name: str = "title") -> Heading:
    widget = Heading(name)
    widget.set_words(words)
    return widget


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed.

    A widget that was never polished gets the style sheet when it is first shown, properties
    included: nothing to redo. (That also keeps `style()` out of the first frame: the first
    QStyle Python sees costs ~8 ms of enum set-up.)"""
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    for child in widget.findChildren(QLabel):
        style.unpolish(child)
        style.polish(child)


def set_style_state(widget: QWidget, name: str, value: str) -> None:
    """Set a dynamic property the style sheet reads; re-polish only when it changed."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    repolish(widget)


class Button(QPushButton):
    """A large touch target. `role` picks its look in the style sheet."""

    def __init__(self, text: str = "", role: str = "secondary", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setProperty("role", role)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        # Never narrower than its words: a squeezed button would cut them off.
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

    def set_text(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleName(text)


class BoxButton(QPushButton):
    """A button sized by the layout of what it holds (`_box`), so wrapped words get the height
    they need at every width."""

    _box: QBoxLayout

    def sizeHint(self) -> QSize:
        return self._box.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._box.minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._box.totalHeightForWidth(width)


class TextButton(BoxButton):
    """A button whose text wraps over several lines (tiles, quiz answers)."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setAutoDefault(False)
        self.heading = label("", "tileTitle")
        self.detail = label("", "small")
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        centred = role != "tile"  # tiles read top-down; answers sit in the middle
        if centred:
            self._box.addStretch(1)
        self._box.addWidget(self.heading)
        self._box.addWidget(self.detail)
        self._box.addStretch(1)
        for child in (self.heading, self.detail):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_texts(self, heading: str, detail: str = "") -> None:
        self.heading.setText(heading)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(heading)
        self.setAccessibleDescription(detail)

    def set_padding(self, horizontal: int, vertical: int) -> None:
        self._box.setContentsMargins(horizontal, vertical, horizontal, vertical)
        self._box.setSpacing(vertical // 2)


class Illustration(QWidget):
    """An SVG (or bitmap) drawn to fit, aspect kept; rendered once per size and cached."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.backing: str | None = None  # a light panel behind the drawing (high contrast)
        self._cache: tuple[QSize, QPixmap] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)

    def set_backing(self, colour: str | None) -> None:
        """Drawings have dark outlines: on a black screen they get a light panel behind them,
        so the outlines stay visible."""
        if colour != self.backing:
            self.backing = colour
            self._cache = None
            self.update()

    def set_picture(self, path: Path | None, alt: str) -> None:
        if path != self.path:
            self.path = path
            self._cache = None
            self.update()
        self.setVisible(path is not None)
        self.setAccessibleName(alt)
        self.setToolTip("")

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._cache = None
        super().resizeEvent(event)

    def _pixmap(self) -> QPixmap | None:
        if self.path is None or self.width() <= 0 or self.height() <= 0:
            return None
        if self._cache and self._cache[0] == self.size():
            return self._cache[1]
        ratio = self.devicePixelRatioF()
        if self.path.suffix.lower() == ".svg":
            renderer = svg_renderer(self.path)  # cleaned bytes: Qt follows no reference
            if renderer is None:
                return None
            view = renderer.viewBoxF()
            aspect = view.width() / view.height()
            w = min(self.width(), self.height() * aspect)
            pix = QPixmap(QSize(round(w * ratio), round(w / aspect * ratio)))
            pix.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pix)
            renderer.render(painter, QRectF(0, 0, pix.width(), pix.height()))
            painter.end()
        else:
            source = QPixmap.fromImage(image(self.path))
            pix = source.scaled(
                self.size() * ratio,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        pix.setDevicePixelRatio(ratio)
        self._cache = (self.size(), pix)
        return pix

    def paintEvent(self, event: QPaintEvent) -> None:
        pix = self._pixmap()
        if pix is None:
            return
        painter = QPainter(self)
        size = pix.deviceIndependentSize()
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        if self.backing is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.backing))
            pad = min(size.width(), size.height()) * 0.04
            panel = QRectF(x - pad, y - pad, size.width() + 2 * pad, size.height() + 2 * pad)
            painter.drawRoundedRect(panel.intersected(QRectF(self.rect())), pad, pad)
        painter.drawPixmap(round(x), round(y), pix)


class ScrollText(QScrollArea):
    """Long text scrolls with a flick (kinetic), never cut off. While more lies below the
    visible part, a "More below" chip sits at the bottom edge: a thin scroll bar alone is
    easy to miss, and a half-visible last line looks like the end."""

    def __init__(self, inner: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Our own viewport: the one Qt makes reaches Python as a bare QWidget pointer, and
        # PySide then creates every QWidget subclass it knows to find its type (~10 ms of
        # start-up, once per process).
        self.setViewport(QWidget())
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes control to control
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        scroller = QScroller.scroller(self.viewport())
        props = scroller.scrollerProperties()
        off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
        props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
        props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
        scroller.setScrollerProperties(props)
        self.cue = label("", "more")
        self.cue.setParent(self)
        self.cue.setWordWrap(False)
        self.cue.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.cue.hide()
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(lambda *_: self._place_cue())
        bar.valueChanged.connect(lambda *_: self._place_cue())

    def set_cue(self, words: str) -> None:
        self.cue.setText(f"{words}  ▼")
        self.cue.setAccessibleName(words)
        self._place_cue()

    @property
    def more_below(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() < bar.maximum()

    def _place_cue(self) -> None:
        show = self.more_below and bool(self.cue.text())
        self.cue.setVisible(show)
        if show:
            self.cue.adjustSize()
            view = self.viewport().geometry()
            x = view.x() + (view.width() - self.cue.width()) // 2
            self.cue.move(x, view.bottom() - self.cue.height() - 4)
            self.cue.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_cue()


class Overlay(QWidget):
    """A dimmed layer over the whole window with a card in it (still-there, PIN pad, staff).

    It is modal for the keyboard too: it takes the focus when it covers the window, and Tab
    cycles through its own buttons only, so no key reaches a widget behind it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.card = QFrame()
        self.card.setObjectName("card")
        self.hide()

    def cover(self) -> None:
        """Fill the parent, come to the front and take the keyboard focus."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        chain = self._focus_chain()
        if not any(w.hasFocus() for w in chain):
            (chain[0] if chain else self).setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_chain(self) -> list[QWidget]:
        return [
            w
            for w in self.findChildren(QWidget)
            if w.isVisibleTo(self)
            and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        ]

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab stay inside the overlay."""
        chain = self._focus_chain()
        if not chain:
            self.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        current = next_index = -1
        for i, widget in enumerate(chain):
            if widget.hasFocus():
                current = i
        next_index = (current + (1 if next else -1)) % len(chain)
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        chain[next_index].setFocus(reason)
        return True
