"""The slide screen: progress, the slide (info or check), and large Topics/Back/Next targets."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPoint, QPropertyAnimation, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
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
from kiosk.core.session.urgency import Urgency, urgency
from kiosk.ui.a11y_bar import Footer
from kiosk.ui.check import CheckView
from kiosk.ui.info import InfoView
from kiosk.ui.widgets import Button, label, set_style_state

TRANSITION_MS = 220


class SlideScreen(QWidget):
    next_requested = Signal()
    back_requested = Signal()
    home_requested = Signal()
    take_home_requested = Signal()
    answer_chosen = Signal(int)
    ask_toggled = Signal()  # "Ask about this"

    def __init__(self, reduced_motion: bool) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.animate = not reduced_motion
        self.home = Button("", "secondary")
        self.take_home = Button("", "secondary")
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
        self.take_home.clicked.connect(self.take_home_requested)
        self.back.clicked.connect(self.back_requested)
        self.next.clicked.connect(self.next_requested)
        self.check.answer_chosen.connect(self.answer_chosen)

        top = QHBoxLayout()  # the topic's name gets a line of its own: large text needs room
        top.addWidget(self.home)
        top.addStretch(1)
        top.addWidget(self.counter)
        top.addSpacing(24)
        top.addWidget(self.take_home)
        # Safety advice sits in a card with a band naming how urgent it is (NHS care cards).
        self.card = QFrame()
        self.card.setObjectName("plain")
        self.band = label("", "band")
        self.band.hide()
        card = QVBoxLayout(self.card)
        card.setContentsMargins(0, 0, 0, 0)
        card.addWidget(self.band)
        card.addWidget(self.pages, 1)
        # "Ask about this" beside the topic's name, above the slide it is about: no row of its
        # own, so the slide keeps its height at the largest text.
        section_row = QHBoxLayout()
        section_row.addWidget(self.section, 1)
        section_row.addWidget(self.ask)
        self.footer = Footer(self.back, self.next)
        self.column = QVBoxLayout(self)
        self.column.addLayout(top)
        self.column.addLayout(section_row)
        self.column.addWidget(self.bar)
        self.column.addWidget(self.card, 1)
        self.column.addWidget(self.footer)
        self._card_padding = 24
        self._ghost: QLabel | None = None
        self._animation: QPropertyAnimation | None = None

    def show_place(
        self, place: Place, strings: Strings, chosen: int | None, direction: int, indent: int
    ) -> None:
        if direction and self.animate and self.isVisible():
            self._start_transition(direction)
        self.home.set_text(strings.home)
        self.take_home.set_text(strings.take_home)
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
            self.info.show_slide(slide, indent, strings.more_below)
            self.pages.setCurrentWidget(self.info)
        self._show_urgency(urgency(place), strings)
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

    def _show_urgency(self, level: Urgency, strings: Strings) -> None:
        words = {Urgency.URGENT: strings.urgent_label, Urgency.EMERGENCY: strings.emergency_label}
        self.band.setText(words.get(level, ""))
        self.band.setVisible(level is not Urgency.NONE)
        name = level.value or "plain"
        self.card.setObjectName(name)
        set_style_state(self.card, "urgency", name)  # re-polished: the new name's look
        pad = 0 if level is Urgency.NONE else self._card_padding
        self.pages.setContentsMargins(pad, pad // 2, pad, pad)

    def set_picture_backing(self, colour: str | None) -> None:
        self.info.picture.set_backing(colour)

    def set_orientation(
        self, portrait: bool, spacing: int, reading_width: int = 0, text_scale: float = 1.0
    ) -> None:
        self.info.set_orientation(portrait, spacing, reading_width, text_scale)
        self.check.set_spacing(spacing)
        self.column.setSpacing(spacing)
        self._card_padding = spacing

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
