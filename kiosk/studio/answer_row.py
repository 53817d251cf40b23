"""One answer of a check question in one language: its text, its feedback, right or not."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QRadioButton, QWidget

from kiosk.studio.fields import LineField


class AnswerRow(QWidget):
    edited = Signal(int, str, str)  # answer index, key (text/feedback), new text
    right_chosen = Signal(int)
    left = Signal()

    def __init__(self, index: int, lang_name: str) -> None:
        super().__init__()
        self.index = index
        self.right = QRadioButton("Right")
        self.right.setToolTip("This is the right answer")
        self.right.setAccessibleName(f"Answer {index + 1} is the right one")
        self.text = LineField(f"{lang_name} answer {index + 1}", "Answer")
        self.feedback = LineField(f"{lang_name} feedback {index + 1}", "What the patient reads")
        self.text.edited.connect(lambda t: self.edited.emit(self.index, "text", t))
        self.feedback.edited.connect(lambda t: self.edited.emit(self.index, "feedback", t))
        self.right.clicked.connect(lambda: self.right_chosen.emit(self.index))
        for field in (self.text, self.feedback):
            field.left.connect(self.left)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(f"Answer {index + 1}"), 0, 0)
        grid.addWidget(self.text, 0, 1)
        grid.addWidget(self.right, 0, 2)
        grid.addWidget(QLabel("Feedback"), 1, 0)
        grid.addWidget(self.feedback, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)

    def load(self, text: str, feedback: str, right: bool) -> None:
        self.text.set_text(text)
        self.feedback.set_text(feedback)
        self.right.setChecked(right)
