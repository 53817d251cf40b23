"""Small field widgets that tell the studio when the person typed and when they left.

Ctrl+Z / Ctrl+Y in a field go to the studio's undo stack, not the field's own: one history
for every edit, so undo also reaches changes made in other fields and other files."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSpinBox

_HISTORY_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def leaves_history_keys(event: QEvent) -> bool:
    """True for Ctrl+Z/Ctrl+Y overrides, which the field must leave to the window's actions."""
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    ctrl_y = QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+Y")
    if ctrl_y or any(event.matches(key) for key in _HISTORY_KEYS):
        event.ignore()
        return True
    return False


class LineField(QLineEdit):
    """A one-line field: `edited` for typing only (never for text the studio sets)."""

    edited = Signal(str)
    left = Signal()

    def __init__(self, name: str, placeholder: str = "") -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.textEdited.connect(self.edited)

    def set_text(self, text: str) -> None:
        if self.text() != text:
            self.setText(text)
            if not self.hasFocus():
                self.setCursorPosition(0)  # show the start of a long title, not its end

    def event(self, event: QEvent) -> bool:
        if leaves_history_keys(event):
            return False
        return super().event(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class TextField(QPlainTextEdit):
    """A multi-line field with the same undo rule; `left` when the person leaves it."""

    left = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setUndoRedoEnabled(False)

    def event(self, event: QEvent) -> bool:
        if leaves_history_keys(event):
            return False
        return super().event(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class NumberField(QSpinBox):
    """A number that the mouse wheel changes only after a click into it: scrolling the form
    past it must never change a setting by accident."""

    def __init__(self, name: str, low: int, high: int) -> None:
        super().__init__()
        self.setRange(low, high)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the form scrolls instead
