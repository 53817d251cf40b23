"""The staff panel: live content, its problems, reload, edit slides, cleaning mode, usage, exit."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.ui.widgets import Button, Overlay, ScrollText, label


class StaffPanel(Overlay):
    reload_requested = Signal()
    studio_requested = Signal()
    cleaning_requested = Signal()
    exit_requested = Signal()
    close_requested = Signal()
    print_requested = Signal()  # a printed take-home for the patient at the kiosk

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        card = self.card
        self.title = label("Staff", "title")
        self.notice = label("", "body")  # about the PIN itself: too short, no recovery code
        self.notice.hide()
        self.live = label("", "body")
        self.problems = label("", "small")
        self.usage = label("", "small")
        details = QWidget()
        inner = QVBoxLayout(details)
        inner.addWidget(self.notice)
        inner.addWidget(self.live)
        inner.addWidget(label("Content problems", "progress"))
        inner.addWidget(self.problems)
        inner.addWidget(label("Last 7 days", "progress"))
        inner.addWidget(self.usage)
        inner.addStretch(1)
        self.reload = Button("Reload content now", "secondary")
        self.cleaning = Button("Cleaning mode (30 s)", "secondary")
        self.exit = Button("Exit kiosk", "secondary")
        self.close_button = Button("Close", "primary")
        self.studio = Button("Edit slides", "secondary")
        self.studio.clicked.connect(self.studio_requested)
        self.print_button = Button("Print the take-home", "secondary")
        self.print_button.clicked.connect(self.print_requested)
        self.print_button.hide()  # shown by show_status when a default printer is set up
        self.reload.clicked.connect(self.reload_requested)
        self.cleaning.clicked.connect(self.cleaning_requested)
        self.exit.clicked.connect(self.exit_requested)
        self.close_button.clicked.connect(self.close_requested)
        buttons = QGridLayout()
        buttons.addWidget(self.studio, 0, 0)
        buttons.addWidget(self.reload, 0, 1)
        buttons.addWidget(self.cleaning, 1, 0)
        buttons.addWidget(self.exit, 1, 1)
        buttons.addWidget(self.print_button, 2, 0, 1, 2)
        buttons.addWidget(self.close_button, 3, 0, 1, 2)
        column = QVBoxLayout(card)
        column.setContentsMargins(40, 32, 40, 32)
        column.addWidget(self.title)
        column.addWidget(ScrollText(details), 1)
        column.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addWidget(card)

    def show_status(
        self,
        version: str,
        loaded_at: dt.datetime,
        waiting: str | None,
        problems: list[str],
        usage: list[str],
        printer: str = "",
    ) -> None:
        """What is live since when, a checked version `waiting` for the next patient, the
        content's problems and the usage summary's lines."""
        live = f"Live content: version {version}, loaded {loaded_at:%Y-%m-%d %H:%M}"
        if waiting is not None:
            live += f"\nNew version {waiting} waits for the next patient."
        self.live.setText(live)
        self.problems.setText("\n".join(problems) if problems else "None: the content is valid.")
        self.usage.setText("\n".join(usage) if usage else "No usage recorded yet.")
        self.print_button.setVisible(bool(printer))  # no printer set up: no button

    def set_notice(self, text: str) -> None:
        if text != self.notice.text():
            self.notice.setText(text)
            self.notice.setVisible(bool(text))

    def open(self) -> None:
        self.cover()
        margin = max(self.width(), self.height()) // 24
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(margin, margin, margin, margin)
            layout.activate()  # lay out now: a tap right after opening must hit the drawn button
