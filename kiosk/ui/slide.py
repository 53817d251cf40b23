"""The slide screen: progress, the slide (info or check), and large Topics/Back/Next targets."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPoint, QPropertyAnimation, Qt, Signal
from PySide6.QtWidgets import (
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content.model import CheckSlide, Strings
from kiosk.core.content.placeholders import substitute
from kiosk.core.session.journey import Place
from kiosk.ui.a11y_bar import Footer
from kiosk.ui.check import CheckView
from kiosk.ui.info import InfoView
from kiosk.ui.widgets import Button, label

TRANSITION_MS = 220


class SlideScreen(QWidget):
    next_requested = Signal()
    back_requested = Signal()
    home_requested = Signal()
    answer_chosen = Signal(int)
    ask_toggled = Signal()  # "Ask about this"

    def __init__(self, reduced_motion: bool) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.animate = not reduced_motion
        self.home = Button("", "secondary")
        self.section = label("", "progress")
        self.counter = label("", "progress")
        self.counter.setWordWrap(False)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.info = InfoView()
        self.check = CheckView()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.info)
        self.pages.addWidget(self.check)
        self.back = Button("", "secondary")
        self.next = Button("", "primary")
        self.ask = Button("", "secondary")
        self.ask.setCheckable(True)
        self.ask.clicked.connect(self.ask_toggled)
        self.home.clicked.connect(self.home_requested)
        self.back.clicked.connect(self.back_requested)
        self.next.clicked.connect(self.next_requested)
        self.check.answer_chosen.connect(self.answer_chosen)

        top = QHBoxLayout()
        top.addWidget(self.home)
        top.addSpacing(24)
        top.addWidget(self.section, 1)
        top.addWidget(self.counter)
        ask_row = QHBoxLayout()  # under the slide it is about, apart from the footer's moves
        ask_row.addStretch(1)
        ask_row.addWidget(self.ask)
        self.footer = Footer(self.back, self.next)
        self.column = QVBoxLayout(self)
        self.column.addLayout(top)
        self.column.addWidget(self.bar)
        self.column.addWidget(self.pages, 1)
        self.column.addLayout(ask_row)
        self.column.addWidget(self.footer)
        self._ghost: QLabel | None = None
        self._animation: QPropertyAnimation | None = None

    def show_place(
        self, place: Place, strings: Strings, chosen: int | None, direction: int, indent: int
    ) -> None:
        if direction and self.animate and self.isVisible():
            self._start_transition(direction)
        self.home.set_text(strings.home)
        self.back.set_text(strings.back)
        self.next.set_text(strings.next)
        self.section.setText(place.section.title)
        self.counter.setText(
            substitute(strings.progress, {"n": place.index + 1, "total": place.total})
        )
        self.counter.setAccessibleName(self.counter.text())
        slide = place.slide
        if isinstance(slide, CheckSlide):
            self.check.show_slide(slide, strings, chosen)
            self.pages.setCurrentWidget(self.check)
        else:
            self.info.show_slide(slide, indent)
            self.pages.setCurrentWidget(self.info)
        # After the page: a moved bar repaints at once, and would paint the old page with it.
        self.bar.setRange(0, place.total)
        self.bar.setValue(place.index + 1)

    def show_mark(self, marked: bool, strings: Strings) -> None:
        """The "Ask about this" toggle: checked when the patient marked this slide."""
        self.ask.setChecked(marked)
        self.ask.set_text(strings.asked_about_this if marked else strings.ask_about_this)

    def show_verdict(self, place: Place, strings: Strings, chosen: int) -> None:
        if isinstance(place.slide, CheckSlide):
            self.check.show_verdict(place.slide, strings, chosen)

    def set_orientation(self, portrait: bool, spacing: int) -> None:
        self.info.set_orientation(portrait, spacing)
        self.check.set_spacing(spacing)
        self.column.setSpacing(spacing)

    def _start_transition(self, direction: int) -> None:
        """Slide a snapshot of the old page away while the new one is already in place."""
        self._finish_transition()
        ghost = QLabel(self.pages)
        ghost.setPixmap(self.pages.grab())
        ghost.setGeometry(0, 0, self.pages.width(), self.pages.height())
        ghost.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        effect = QGraphicsOpacityEffect(ghost)
        effect.setOpacity(0.85)
        ghost.setGraphicsEffect(effect)
        ghost.show()
        animation = QPropertyAnimation(ghost, b"pos", self)
        animation.setDuration(TRANSITION_MS)
        animation.setStartValue(QPoint(0, 0))
        animation.setEndValue(QPoint(-direction * self.pages.width(), 0))
        animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        animation.finished.connect(self._finish_transition)
        self._ghost, self._animation = ghost, animation
        animation.start()

    def _finish_transition(self) -> None:
        if self._animation is not None:
            self._animation.stop()
            self._animation.deleteLater()
            self._animation = None
        if self._ghost is not None:
            self._ghost.deleteLater()
            self._ghost = None
