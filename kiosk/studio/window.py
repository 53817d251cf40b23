"""The studio's main window: outline | editor or settings | preview, problems below, a toolbar.

It lays the parts out and asks before closing with unsaved changes; the wiring is in app.py.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QWidget,
)


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class StudioWindow(QMainWindow):
    save_requested = Signal()
    close_approved = Signal()

    def __init__(
        self,
        outline: QWidget,
        editor: QWidget,
        settings: QWidget,
        preview: QWidget,
        problems: QWidget,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Kiosk Studio")
        self.is_dirty = lambda: False
        self.tabs = QTabWidget()
        self.tabs.addTab(editor, "Slide")
        self.tabs.addTab(settings, "Clinic settings")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(outline)
        split.addWidget(self.tabs)
        split.addWidget(preview)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setStretchFactor(2, 4)
        self.setCentralWidget(split)
        dock = QDockWidget("Problems", self)
        dock.setObjectName("problems")
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        dock.setWidget(problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        problems.setMaximumHeight(170)
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.statusBar().addWidget(self.banner, 1)
        bar = QToolBar("Studio")
        bar.setObjectName("actions")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.save_action = QAction("Save", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save_requested)
        bar.addAction(self.save_action)
        self.undo_action: QAction | None = None
        self.redo_action: QAction | None = None
        self.review_action = QAction("Mark as reviewed by…", self)
        self.review_action.setToolTip(
            "Record that a clinician checked exactly this content (as kiosk review does)"
        )
        self.review_label = QLabel("")
        self.review_label.setObjectName("reviewState")
        self.review_label.setContentsMargins(8, 0, 8, 0)
        self.toolbar = bar

    def add_undo(self, undo: QAction, redo: QAction) -> None:
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        redo.setShortcuts(
            [*keys, *([QKeySequence("Ctrl+Y")] if QKeySequence("Ctrl+Y") not in keys else [])]
        )
        self.undo_action, self.redo_action = undo, redo
        self.toolbar.addAction(undo)
        self.toolbar.addAction(redo)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.review_action)
        self.toolbar.addWidget(self.review_label)

    def show_review(self, short: str, text: str, current: bool) -> None:
        """Whether the content is the one a clinician signed off; the full words as a tooltip."""
        self.review_label.setText(short)
        self.review_label.setToolTip(text)
        colour = "#1E5631" if current else "#7A3E00"  # the kiosk's right and wrong colours
        self.review_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def say(self, text: str) -> None:
        self.banner.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_dirty():
            answer = self.ask_unsaved(self)
            if answer is Unsaved.CANCEL:
                event.ignore()
                return
            if answer is Unsaved.SAVE:
                self.save_requested.emit()
        self.close_approved.emit()
        event.accept()

    @classmethod
    def ask_unsaved(cls, parent: QWidget) -> Unsaved:
        """Save, discard or keep editing; tests replace this classmethod."""
        box = QMessageBox(parent)
        box.setWindowTitle("Unsaved changes")
        box.setText("You have changes that are not saved. Save them before closing?")
        save = box.addButton("Save", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Don't save", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return Unsaved.SAVE
        return Unsaved.CANCEL if clicked is cancel else Unsaved.DISCARD

    @classmethod
    def ask_title(cls, parent: QWidget, what: str) -> str | None:
        """The first title of a new slide or section (its id is made from it); tests replace it."""
        title, ok = QInputDialog.getText(
            parent, f"New {what}", f"Title of the new {what} (in {parent.property('author')}):"
        )
        return title.strip() if ok and title.strip() else None

    @classmethod
    def ask_reviewer(cls, parent: QWidget, current: str) -> str | None:
        """The reviewer's name for the sign-off; tests replace this classmethod."""
        name, ok = QInputDialog.getText(
            parent,
            "Mark as reviewed",
            "Name of the clinician who reviewed the content:",
            text=current,
        )
        return name if ok and name.strip() else None
