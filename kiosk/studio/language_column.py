"""One language's side of the editor: the fields of a slide (or a section) in that language."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFormLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.content import readability
from kiosk.core.content.loader import MAX_BODY_WORDS
from kiosk.core.editing.edits import NEEDS_TRANSLATION
from kiosk.core.editing.fields import FieldRef, slide_reading
from kiosk.studio.answer_row import AnswerRow
from kiosk.studio.body_editor import BodyEditor
from kiosk.studio.fields import LineField

MAX_ANSWERS = 4


class LanguageColumn(QWidget):
    edited = Signal(str, str, object, str)  # lang, key, answer index (or None), text
    right_chosen = Signal(int)
    left = Signal()  # the person left a field: the next keystroke is a new undo step

    def __init__(self, lang: str, name: str) -> None:
        super().__init__()
        self.lang = lang
        self.heading = QLabel(f"<b>{name}</b>")
        self.badge = QLabel("")
        self.badge.setObjectName("badge")
        self.reading = QLabel("")
        self.title = LineField(f"{name} title", "Title")
        self.summary = LineField(f"{name} summary", "One short line under the title")
        self.question = LineField(f"{name} question", "The question")
        self.body = BodyEditor(f"{name} slide text")
        self.alt = LineField(f"{name} picture description", "Describe the picture in a sentence")
        self.notes = LineField(f"{name} notes for staff", "Never shown to patients")
        self.answers = [AnswerRow(i, name) for i in range(MAX_ANSWERS)]
        self.rights = QButtonGroup(self)
        self.form = QFormLayout()
        self._rows: dict[str, QWidget] = {}
        for key, label, widget in [
            ("title", "Title", self.title),
            ("summary", "Summary", self.summary),
            ("question", "Question", self.question),
            ("body", "Text", self.body),
        ]:
            self.form.addRow(label, widget)
            self._rows[key] = widget
            if isinstance(widget, LineField):
                widget.edited.connect(lambda t, k=key: self.edited.emit(self.lang, k, None, t))
                widget.left.connect(self.left)
        for row in self.answers:
            self.form.addRow(row)
            self.rights.addButton(row.right)
            row.edited.connect(lambda i, k, t: self.edited.emit(self.lang, k, i, t))
            row.right_chosen.connect(self.right_chosen)
            row.left.connect(self.left)
        for key, label, widget in [
            ("alt", "Picture text", self.alt),
            ("notes", "Notes", self.notes),
        ]:
            self.form.addRow(label, widget)
            self._rows[key] = widget
            widget.edited.connect(lambda t, k=key: self.edited.emit(self.lang, k, None, t))
            widget.left.connect(self.left)
        self.body.edited.connect(lambda t: self.edited.emit(self.lang, "body", None, t))
        self.body.left.connect(self.left)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.badge)
        column.addWidget(self.reading)
        column.addLayout(self.form)
        column.addStretch(1)

    def load(self, kind: str, data: dict[str, Any]) -> None:
        """Show one slide (kind 'info' or 'check') or a section (kind 'section')."""
        shown = {
            "section": {"title", "summary"},
            "info": {"title", "body", "alt", "notes"},
            "check": {"title", "question", "alt", "notes"},
        }[kind]
        for key, widget in self._rows.items():
            self.form.setRowVisible(widget, key in shown)
        title_label = self.form.labelForField(self.title)
        if isinstance(title_label, QLabel):
            title_label.setText("Small heading" if kind == "check" else "Title")
        self.title.set_text(str(data.get("title") or ""))
        self.summary.set_text(str(data.get("summary") or ""))
        self.question.set_text(str(data.get("question") or ""))
        self.body.set_text(str(data.get("body") or "").rstrip("\n"))
        self.alt.set_text(str(data.get("alt") or ""))
        self.notes.set_text(str(data.get("notes") or ""))
        answers = list(data.get("answers") or []) if kind == "check" else []
        for i, row in enumerate(self.answers):
            self.form.setRowVisible(row, i < len(answers))
            if i < len(answers):
                a = answers[i]
                row.load(
                    str(a.get("text") or ""), str(a.get("feedback") or ""), bool(a.get("right"))
                )
        self.badge.setText("⚠ Needs translation" if data.get(NEEDS_TRANSLATION) else "")
        self.badge.setVisible(bool(data.get(NEEDS_TRANSLATION)))
        self.show_reading(kind, data)

    def show_reading(self, kind: str, data: dict[str, Any]) -> None:
        """The reading level and length as the person types (the validator's measures)."""
        reading = slide_reading(data, self.lang) if kind != "section" else None
        if reading is None:
            self.reading.setText("")
            return
        words = len(readability.words(str(data.get("body") or "")))
        parts = [f"Reading: {reading.label}" + (" - too hard" if reading.too_hard else "")]
        if words > MAX_BODY_WORDS:
            parts.append(f"{words} words - long, may not fit")
        flagged = reading.too_hard or words > MAX_BODY_WORDS
        colour = "#9A3412" if flagged else "#1E5631"
        self.reading.setText(f'<span style="color:{colour}">{" · ".join(parts)}</span>')

    def widget_for(self, ref: FieldRef) -> QWidget | None:
        if ref.answer is not None and 0 <= ref.answer < len(self.answers):
            row = self.answers[ref.answer]
            return row.feedback if ref.key == "feedback" else row.text
        if ref.key == "answers":
            return self.answers[0].text
        if ref.key == "body":
            return self.body.text
        if ref.key == "image":
            return self.alt
        return self._rows.get(ref.key, self.title)
