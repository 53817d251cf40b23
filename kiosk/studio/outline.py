"""The outline pane: the tree, the language it is shown in, and the buttons that change it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.editing.document import Document
from kiosk.core.editing.edits import NEEDS_TRANSLATION
from kiosk.studio.outline_tree import ROLE, OutlineTree

MARK = "⚠ translate: "  # first, so a long title cut short still shows it


class Outline(QWidget):
    selected = Signal(str, object)  # section id, slide id or None
    action_requested = Signal(
        str
    )  # add-slide, add-question, add-section, duplicate, delete, up, down

    def __init__(self) -> None:
        super().__init__()
        self.lang_choice = QComboBox()
        self.lang_choice.setAccessibleName("Outline language")
        self.tree = OutlineTree()
        self.tree.currentItemChanged.connect(self._current)
        self.lang_choice.currentIndexChanged.connect(self._redraw)
        self._doc: Document | None = None
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (name, text, tip) in enumerate(
            [
                ("add-slide", "+ Slide", "Add a slide after the selected one, in every language"),
                ("add-question", "+ Question", "Add a check question after the selected slide"),
                ("add-section", "+ Section", "Add a section after the selected one"),
                ("duplicate", "Duplicate", "Copy the selected slide, in every language"),
                ("delete", "Delete", "Delete the selected slide or section, in every language"),
                ("up", "Move up", "Move the selected slide or section earlier"),
                ("down", "Move down", "Move the selected slide or section later"),
            ]
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, n=name: self.action_requested.emit(n))
            self.buttons[name] = button
            grid.addWidget(button, i // 3, i % 3)
        top = QHBoxLayout()
        top.addWidget(QLabel("Outline in"))
        top.addWidget(self.lang_choice, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(top)
        column.addWidget(self.tree, 1)
        column.addLayout(grid)

    @property
    def lang(self) -> str:
        return str(self.lang_choice.currentData() or "")

    def set_languages(self, names: dict[str, str]) -> None:
        self.lang_choice.blockSignals(True)
        for code, name in names.items():
            self.lang_choice.addItem(name, code)
        self.lang_choice.blockSignals(False)

    def show_document(self, doc: Document, section: str | None, slide: str | None) -> None:
        """Draw the outline from the document in the chosen language; keep the selection."""
        self._doc = doc
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen = None
        italic = QFont()
        italic.setItalic(True)
        for sec in doc.sections(self.lang):
            sid = str(sec.get("id"))
            top = QTreeWidgetItem([self._label(sec, str(sec.get("title") or sid))])
            top.setData(0, ROLE, (sid, None))
            self.tree.addTopLevelItem(top)
            if sid == section and slide is None:
                chosen = top
            for s in sec.get("slides") or []:
                text = str(s.get("title") or s.get("question") or s.get("id"))
                prefix = "? " if "question" in s else ""
                item = QTreeWidgetItem([prefix + self._label(s, text)])
                item.setData(0, ROLE, (sid, str(s.get("id"))))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
                if s.get(NEEDS_TRANSLATION):
                    item.setFont(0, italic)
                top.addChild(item)
                if sid == section and str(s.get("id")) == slide:
                    chosen = item
        self.tree.expandAll()
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self.tree.blockSignals(False)

    def set_current(self, section: str, slide: str | None) -> None:
        """Show which slide is being edited (when something else than a click chose it)."""
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            items = [top] + [top.child(j) for j in range(top.childCount())]
            for item in items:
                if item is not None and self.tree.ids(item) == (section, slide):
                    self.tree.blockSignals(True)
                    self.tree.setCurrentItem(item)
                    self.tree.blockSignals(False)
                    return

    @staticmethod
    def _label(data: object, text: str) -> str:
        marked = isinstance(data, dict) and data.get(NEEDS_TRANSLATION)
        return (MARK if marked else "") + text

    def labels(self) -> list[str]:
        """Every line of the outline as shown, sections and slides in order (for tests too)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            out.append(top.text(0))
            children = (top.child(j) for j in range(top.childCount()))
            out += [child.text(0) for child in children if child is not None]
        return out

    def _redraw(self) -> None:
        if self._doc is not None:
            section, slide = self.tree.ids(self.tree.currentItem()) or (None, None)
            self.show_document(self._doc, section, slide)

    def _current(self, item: QTreeWidgetItem | None, _old: QTreeWidgetItem | None) -> None:
        found = self.tree.ids(item)
        if found is not None:
            self.selected.emit(found[0], found[1])
