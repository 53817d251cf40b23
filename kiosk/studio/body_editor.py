"""The slide text box with the two buttons the content format can hold: bold and bullets."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from kiosk.core.editing.edits import as_block
from kiosk.studio.fields import TextField


class BodyEditor(QWidget):
    edited = Signal(str)  # only for the person's edits, not for text set by the studio
    left = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        self.text = TextField()
        self.text.setAccessibleName(name)
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(160)
        self.bold = QToolButton()
        self.bold.setText("Bold")
        self.bold.setToolTip("Make the selected words bold (**like this**)")
        self.bullets = QToolButton()
        self.bullets.setText("• Bullets")
        self.bullets.setToolTip("Turn the selected lines into a bulleted list")
        self.bold.clicked.connect(self.make_bold)
        self.bullets.clicked.connect(self.make_bullets)
        self._loading = False
        self.text.textChanged.connect(self._changed)
        self.text.left.connect(self.left)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.bold)
        bar.addWidget(self.bullets)
        bar.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.text)

    def set_text(self, text: str) -> None:
        """Show the document's text; the text as typed stays (with its cursor) when it is what
        the document holds, apart from the spaces and new lines a block drops at the end."""
        typed = self.text.toPlainText()
        if typed == text or as_block(typed) == as_block(text):
            return
        self._loading = True
        self.text.setPlainText(text)
        self._loading = False

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit(self.text.toPlainText())

    def make_bold(self) -> None:
        cursor = self.text.textCursor()
        chosen = cursor.selectedText()
        if not chosen.strip():
            cursor.insertText("**bold words**")
            return
        inner = chosen.strip().strip("*")
        lead = chosen[: len(chosen) - len(chosen.lstrip())]
        tail = chosen[len(chosen.rstrip()) :]
        cursor.insertText(f"{lead}**{inner}**{tail}")

    def make_bullets(self) -> None:
        cursor = self.text.textCursor()
        start, end = sorted((cursor.position(), cursor.anchor()))
        doc = self.text.document()
        first = doc.findBlock(start).blockNumber()
        last = doc.findBlock(end).blockNumber()
        edit = QTextCursor(doc)
        edit.beginEditBlock()
        for number in range(first, last + 1):
            block = doc.findBlockByNumber(number)
            line = block.text()
            if not line.strip():
                continue
            edit.setPosition(block.position())
            edit.setPosition(block.position() + len(line), QTextCursor.MoveMode.KeepAnchor)
            edit.insertText(line[2:] if line.startswith("- ") else "- " + line)
        edit.endEditBlock()
