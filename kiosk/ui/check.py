"""A check question: tap an answer, see at once if it was right and why. Never scolding.

Before an answer every choice shows an empty radio circle; after it, a fixed column on the
left holds the mark (✓ the right answer, ✗ the patient's other pick, marked "Your answer" in
words too), so no text moves sideways, no border changes width, and colour is never the only
signal."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content.model import CheckSlide, Strings
from kiosk.core.content.typography import tie
from kiosk.ui.widgets import BoxButton, ScrollText, heading, label, set_style_state

MARKS = {"": "○", "right": "✓", "wrong": "✗", "other": ""}


class AnswerButton(BoxButton):
    """One answer: the mark column, the answer's words, and a line under them once answered."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "answer")
        self.setAutoDefault(False)
        self.mark = label("", "mark")
        self.mark.setWordWrap(False)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading = heading("", "tileTitle")
        self.detail = label("", "small")
        words = QVBoxLayout()
        words.addWidget(self.heading)
        words.addWidget(self.detail)
        self._box = QHBoxLayout(self)
        self._box.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)
        self._box.addLayout(words, 1)
        for child in (self.mark, self.heading, self.detail):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_padding(self, horizontal: int, vertical: int) -> None:
        self._box.setContentsMargins(horizontal, vertical, horizontal, vertical)
        self._box.setSpacing(horizontal)

    def show_answer(self, words: str, verdict: str, note: str) -> None:
        self.heading.set_words(words)
        self.mark.setText(MARKS[verdict])
        width = self.mark.fontMetrics().horizontalAdvance("✓✗○") // 2 + 4
        self.mark.setFixedWidth(width)  # one column for every state: nothing shifts
        self.detail.setText(note)
        self.detail.setVisible(bool(note))
        self.setAccessibleName(f"{note}: {words}" if note else words)
        set_style_state(self, "verdict", verdict if verdict in ("right", "wrong") else "")
        set_style_state(self.mark, "verdict", verdict)


class CheckView(QWidget):
    answer_chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.kicker = label("", "progress")
        self.question = heading()
        self.feedback = label("", "feedback")
        self.answers: list[AnswerButton] = []
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

    def ensure_answers(self, count: int) -> None:
        """Buttons for `count` answers, made once (at start-up for the whole course, so a
        session never adds widgets)."""
        while len(self.answers) < count:
            button = AnswerButton()
            button.set_padding(self._padding + self._padding // 3, self._padding // 2)
            index = len(self.answers)
            button.clicked.connect(lambda _=False, i=index: self.answer_chosen.emit(i))
            self.answer_box.addWidget(button)
            self.answers.append(button)
            button.hide()

    def show_slide(self, slide: CheckSlide, strings: Strings, chosen: int | None) -> None:
        self.kicker.setText(slide.title or strings.check_label)
        self.question.set_words(slide.question)
        self.ensure_answers(len(slide.answers))
        for i, button in enumerate(self.answers):
            button.setVisible(i < len(slide.answers))
        self.area.set_cue(strings.more_below)
        self.show_verdict(slide, strings, chosen)
        self.area.verticalScrollBar().setValue(0)

    def show_verdict(self, slide: CheckSlide, strings: Strings, chosen: int | None) -> None:
        right = slide.right_index
        for i, button in enumerate(self.answers[: len(slide.answers)]):
            verdict, note = "", ""
            if chosen is not None:
                verdict = "right" if i == right else "wrong" if i == chosen else "other"
                note = {"right": strings.correct_answer, "wrong": strings.your_answer}.get(
                    verdict, ""
                )
                if verdict == "right" and i == chosen:
                    note = f"{strings.your_answer} · {strings.correct_answer}"
            button.show_answer(slide.answers[i].text, verdict, note)
        if chosen is None:
            self.feedback.setText("")
            self.feedback.hide()
            return
        answer = slide.answers[chosen]
        lead = strings.right_answer if answer.correct else strings.not_quite
        set_style_state(self.feedback, "verdict", "right" if answer.correct else "wrong")
        self.feedback.setText(tie(f"{lead} {answer.feedback}"))
        self.feedback.show()
        QTimer.singleShot(0, self._reveal_feedback)  # after layout

    def _reveal_feedback(self) -> None:
        """Scroll the explanation into view, but never past the question's first line."""
        bar = self.area.verticalScrollBar()
        view = self.area.viewport().height()
        need = self.feedback.geometry().bottom() + 8 - view
        bar.setValue(max(0, min(need, self.question.geometry().top(), bar.maximum())))
