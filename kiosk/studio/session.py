"""The open document, its undo stack and its saving: what every studio widget talks to.

Every edit is a `kiosk.core.editing.edits` function run through `apply()`, which wraps it in an undo
command holding the files' text before and after. Undo puts those texts back, so it restores
the files exactly, whatever the edit was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from kiosk.core.editing.document import Document, DocumentError
from kiosk.core.editing.edits import Change


class EditCommand(QUndoCommand):
    """One edit. Typing in one field merges into a single command (one undo per field visit)."""

    def __init__(
        self, session: Session, change: Change, before: dict[str, str], key: object
    ) -> None:
        super().__init__(change.what)
        self.session = session
        self.change = change
        self.before = before
        self.after = session.doc.texts()
        self.key = key
        self._first = True

    def id(self) -> int:
        return 1 if self.key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or other.key != self.key or self.key is None:
            return False
        self.after = other.after
        self.change = other.change
        return True

    def redo(self) -> None:
        if self._first:  # the edit already happened in apply()
            self._first = False
            return
        self.session.doc.restore(self.after)
        self.session.changed.emit(self.change)

    def undo(self) -> None:
        self.session.doc.restore(self.before)
        self.session.changed.emit(self.change)


class Session(QObject):
    changed = Signal(object)  # Change: the document is different (an edit, undo or redo)
    refused = Signal(str)  # an edit the document cannot do, in words for staff
    saved = Signal(list)  # the files written

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.doc = Document.open(root)
        self.undo_stack = QUndoStack(self)

    @property
    def root(self) -> Path:
        return self.doc.root

    def apply(self, edit: Callable[[Document], Change], merge: object = None) -> Change | None:
        """Run one edit; on success push it on the undo stack and say the document changed."""
        before = self.doc.texts()
        try:
            change = edit(self.doc)
        except DocumentError as exc:
            self.doc.restore(before)
            self.refused.emit(str(exc))
            return None
        self.doc.touched(change.touched)
        if self.doc.texts() == before:
            return change
        self.undo_stack.push(EditCommand(self, change, before, merge))
        self.changed.emit(change)
        return change

    def end_typing(self) -> None:
        """The next keystroke starts a new undo step (called when a field loses focus)."""
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(top, EditCommand):
            top.key = None

    def save(self) -> list[str]:
        written = self.doc.save()
        self.undo_stack.setClean()
        self.saved.emit(written)
        return written

    @property
    def dirty(self) -> bool:
        return self.doc.dirty
