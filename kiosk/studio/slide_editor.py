"""The editor: the selected slide (or section) in every language side by side, and its picture."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.editing.document import Document, DocumentError
from kiosk.core.editing.fields import FieldRef
from kiosk.studio.language_column import LanguageColumn
from kiosk.studio.picture_picker import PicturePicker


class SlideEditor(QWidget):
    edited = Signal(str, str, object, str)  # lang, key, answer index or None, text
    right_chosen = Signal(int)
    left = Signal()
    answer_added = Signal()
    answer_removed = Signal()  # the last answer

    def __init__(self, languages: dict[str, str]) -> None:
        super().__init__()
        self.section: str | None = None
        self.slide: str | None = None
        self.kind = "section"
        self.where = QLabel("")
        self.columns = {code: LanguageColumn(code, name) for code, name in languages.items()}
        self.add_answer = QPushButton("+ Answer")
        self.remove_answer = QPushButton("− Last answer")
        self.add_answer.clicked.connect(self.answer_added)
        self.remove_answer.clicked.connect(self.answer_removed)
        self.answer_buttons = QWidget()
        answer_row = QHBoxLayout(self.answer_buttons)
        answer_row.setContentsMargins(0, 0, 0, 0)
        answer_row.addWidget(QLabel("Answers (in every language):"))
        answer_row.addWidget(self.add_answer)
        answer_row.addWidget(self.remove_answer)
        answer_row.addStretch(1)
        self.pictures = PicturePicker()
        self.picture_label = QLabel("<b>Picture</b> (the same in every language)")
        row = QHBoxLayout()
        for column in self.columns.values():
            row.addWidget(column, 1)
            column.edited.connect(self.edited)
            column.right_chosen.connect(self.right_chosen)
            column.left.connect(self.left)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.where)
        layout.addLayout(row)
        layout.addWidget(self.answer_buttons)
        layout.addWidget(self.picture_label)
        layout.addWidget(self.pictures)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def show_item(self, doc: Document, section: str, slide: str | None) -> None:
        """Show (or refresh after an edit or undo) the slide or section in every language."""
        self.section, self.slide = section, slide
        current = ""
        for lang, column in self.columns.items():
            try:
                data = doc.slide(lang, section, slide) if slide else doc.section(lang, section)
            except DocumentError:
                column.setEnabled(False)
                continue
            column.setEnabled(True)
            self.kind = "section" if slide is None else ("check" if "question" in data else "info")
            column.load(self.kind, data)
            current = current or str(data.get("image") or "")
        what = {"section": "Section", "info": "Slide", "check": "Check question"}[self.kind]
        ident = slide or section
        self.where.setText(f"{what} <b>{ident}</b> (its id never changes)")
        self.answer_buttons.setVisible(self.kind == "check")
        self.picture_label.setVisible(slide is not None)
        self.pictures.setVisible(slide is not None)
        if slide is not None:
            self.pictures.show_pictures(doc.root, current)

    def widget_for(self, ref: FieldRef) -> QWidget | None:
        column = self.columns.get(ref.lang or "")
        if column is None:
            return None
        if ref.key == "image":
            return self.pictures.list
        return column.widget_for(ref)
