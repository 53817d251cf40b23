"""A check question: tap an answer, see at once if it was right and why. Never scolding."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.content.model import CheckSlide, Strings
from kiosk.ui.widgets import ScrollText, TextButton, label, set_style_state


class CheckView(QWidget):
    answer_chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.kicker = label("", "progress")
        self.question = label("", "title")
        self.feedback = label("", "feedback")
        self.answers: list[TextButton] = []
        self._padding = 24
        inner = QWidget()
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.kicker)
        self.column.addWidget(self.question)
        self.answer_box = QVBoxLayout()
        self.column.addLayout(self.answer_box)
        self.column.addWidget(self.feedback)
        self.column.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.area = ScrollText(inner)
        outer.addWidget(self.area)

    def set_spacing(self, spacing: int) -> None:
        self._padding = spacing
        self.column.setSpacing(spacing)
        self.answer_box.setSpacing(spacing // 2)
        for button in self.answers:
            button.set_padding(spacing + spacing // 3, spacing // 2)

    def show_slide(self, slide: CheckSlide, strings: Strings, chosen: int | None) -> None:
        self.kicker.setText(slide.title or strings.check_label)
        self.question.setText(slide.question)
        while len(self.answers) < len(slide.answers):
            button = TextButton("answer")
            button.set_padding(self._padding + self._padding // 3, self._padding // 2)
            index = len(self.answers)
            button.clicked.connect(lambda _=False, i=index: self.answer_chosen.emit(i))
            self.answer_box.addWidget(button)
            self.answers.append(button)
        for i, button in enumerate(self.answers):
            button.setVisible(i < len(slide.answers))
            if i < len(slide.answers):
                button.set_texts(slide.answers[i].text)
        self.show_verdict(slide, strings, chosen)

    def show_verdict(self, slide: CheckSlide, strings: Strings, chosen: int | None) -> None:
        right = slide.right_index
        for i, button in enumerate(self.answers[: len(slide.answers)]):
            verdict = ""
            if chosen is not None and i == right:
                verdict = "right"
            elif chosen is not None and i == chosen:
                verdict = "wrong"
            prefix = {"right": "✓  ", "wrong": "•  "}.get(verdict, "")
            button.heading.setText(prefix + slide.answers[i].text)
            set_style_state(button, "verdict", verdict)
        if chosen is None:
            self.feedback.setText("")
            self.feedback.hide()
            return
        answer = slide.answers[chosen]
        lead = strings.right_answer if answer.correct else strings.not_quite
        set_style_state(self.feedback, "verdict", "right" if answer.correct else "wrong")
        self.feedback.setText(f"{lead} {answer.feedback}")
        self.feedback.show()
        QTimer.singleShot(0, lambda: self.area.ensureWidgetVisible(self.feedback))  # after layout
