"""The attract screen: what this is, one big Start, and the language choice."""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.content.model import Strings
from kiosk.core.content.typography import tie
from kiosk.ui.a11y_bar import Footer
from kiosk.ui.widgets import Button, heading, label, set_style_state

DRIFT_MS = 40_000  # one slow loop: enough movement to avoid burn-in, too slow to distract
DRIFT_FRAME_MS = 100  # 10 frames a second is smooth for movement this slow, and cheap


class WelcomeScreen(QWidget):
    start_requested = Signal()
    language_chosen = Signal(str)

    def __init__(self, clinic_name: str, accent: str, reduced_motion: bool) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._accent = QColor(accent)
        self._phase = 0.0
        self.clinic = label(clinic_name, "subtitle")
        self.title = heading("", "hero")
        self.subtitle = label("", "subtitle")
        for w in (self.clinic, self.title, self.subtitle):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start = Button("", "primary")
        self.start.clicked.connect(self.start_requested)
        self.languages = QHBoxLayout()
        self.languages.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._language_buttons: dict[str, Button] = {}

        column = QVBoxLayout(self)
        column.addStretch(3)
        column.addWidget(self.clinic)
        column.addSpacing(16)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addStretch(2)
        column.addWidget(self.start, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        column.addLayout(self.languages)
        column.addStretch(1)
        self.footer = Footer()
        column.addWidget(self.footer)

        self._clock = QElapsedTimer()
        self._clock.start()
        self.drift = QTimer(self)
        self.drift.setInterval(DRIFT_FRAME_MS)
        self.drift.timeout.connect(self._on_drift)
        self.motion = not reduced_motion

    def set_motion(self, enabled: bool) -> None:
        """Drift only while shown and allowed; reduced motion keeps the picture still."""
        if enabled and self.motion:
            self.drift.start()
        else:
            self.drift.stop()

    def set_clinic(self, clinic_name: str, accent: str) -> None:
        self.clinic.setText(clinic_name)
        self._accent = QColor(accent)

    def show_language(
        self, code: str, s: Strings, choices: list[tuple[str, str]], subtitle: str = ""
    ) -> None:
        self.title.set_words(s.welcome_title)
        self.subtitle.setText(tie(subtitle or s.welcome_subtitle))
        self.start.set_text(s.start)
        self.start.setMinimumWidth(self.start.fontMetrics().horizontalAdvance(s.start) + 240)
        if [(c, b.text()) for c, b in self._language_buttons.items()] != choices:
            for button in self._language_buttons.values():
                button.deleteLater()
            self._language_buttons.clear()
            for choice, name in choices if len(choices) > 1 else []:
                button = Button(name, "language")
                button.setAccessibleName(name)
                button.clicked.connect(lambda _=False, c=choice: self.language_chosen.emit(c))
                self.languages.addWidget(button)
                self._language_buttons[choice] = button
        for choice, button in self._language_buttons.items():
            button.setAccessibleDescription(s.choose_language)
            set_style_state(button, "current", "true" if choice == code else "false")

    def _on_drift(self) -> None:
        self._phase = (self._clock.elapsed() % DRIFT_MS) / DRIFT_MS
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        w, h = self.width(), self.height()
        angle = self._phase * 2 * math.pi
        for i, (fx, fy, radius, alpha) in enumerate(
            ((0.12, 0.2, 0.28, 22), (0.88, 0.78, 0.34, 18), (0.75, 0.12, 0.16, 26))
        ):
            colour = self._accent.toRgb()  # a copy
            colour.setAlpha(alpha)
            painter.setBrush(colour)
            r = radius * min(w, h)
            dx = math.cos(angle + i * 2.1) * 0.04 * w
            dy = math.sin(angle + i * 2.1) * 0.04 * h
            painter.drawEllipse(QPointF(fx * w + dx, fy * h + dy), r, r)
