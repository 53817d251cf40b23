"""The course as a tree (sections, their slides); a drop asks for a move instead of doing it.

The tree never rearranges itself: a drop becomes a move request, the document makes the move
in every language, and the outline is drawn again from the document.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

ROLE = Qt.ItemDataRole.UserRole


class OutlineTree(QTreeWidget):
    slide_dropped = Signal(str, str, str, int)  # section, slide, to section, index
    section_dropped = Signal(str, int)  # section, index

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setAccessibleName("Course outline")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    @staticmethod
    def ids(item: QTreeWidgetItem | None) -> tuple[str, str | None] | None:
        if item is None:
            return None
        found = item.data(0, ROLE)
        return (found[0], found[1]) if found else None

    def dropEvent(self, event: QDropEvent) -> None:
        current = self.currentItem()
        moving = self.ids(current)
        target = self.itemAt(event.position().toPoint())
        where = self.dropIndicatorPosition()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()  # the document moves it; the tree is redrawn from the document
        if moving is None or target is None or current is None:
            return
        below = where == QAbstractItemView.DropIndicatorPosition.BelowItem
        section, slide = moving
        to = self.ids(target)
        assert to is not None
        if slide is None:  # a section: only among sections
            top = target if target.parent() is None else target.parent()
            assert top is not None
            index = self.indexOfTopLevelItem(top) + (1 if below and top is target else 0)
            was = self.indexOfTopLevelItem(current)
            self.section_dropped.emit(section, index - (1 if index > was else 0))
            return
        if to[1] is None:  # on a section: the start of it (or the end when dropped onto it)
            on = where == QAbstractItemView.DropIndicatorPosition.OnItem
            self.slide_dropped.emit(section, slide, to[0], target.childCount() if on else 0)
            return
        parent = target.parent()
        assert parent is not None
        index = parent.indexOfChild(target) + (1 if below else 0)
        if to[0] == section:
            was = parent.indexOfChild(current)
            index -= 1 if index > was else 0
        self.slide_dropped.emit(section, slide, to[0], index)
