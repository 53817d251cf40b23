"""The take-home screen: a crisp QR code, the short link, and what the code is.

It explains itself: what the code gives, that nothing about the patient is in it, what to do
without a phone (a printed copy at the desk, the clinic's number), and an instruction that
points at the code from where it sits: beside it in landscape (◀), under it in portrait (▲)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.content.model import Strings
from kiosk.core.content.placeholders import substitute
from kiosk.core.content.qr import QrMatrix, make_matrix, short_link
from kiosk.core.content.typography import tie
from kiosk.ui.a11y_bar import Footer
from kiosk.ui.widgets import Button, ScrollText, heading, label


class QrCode(QWidget):
    """Black modules on white with the quiet zone, whole pixels per module, whatever the theme."""

    def __init__(self) -> None:
        super().__init__()
        self.matrix: QrMatrix | None = None
        self.data = ""
        self.drawn = 0  # how often the code was redrawn for a new link
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_data(self, data: str) -> None:
        self.matrix = make_matrix(data)
        self.data = data
        self.drawn += 1
        self.setAccessibleName(f"QR code: {short_link(data)}")
        self.update()

    def set_side(self, side: int) -> None:
        self.setFixedSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.matrix is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        n = self.matrix.size
        module = max(1, min(self.width(), self.height()) // n)
        side = module * n
        x0 = (self.width() - side) // 2
        y0 = (self.height() - side) // 2
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        black = QColor("#000000")
        for y, row in enumerate(self.matrix.modules):
            run_start = -1
            for x, dark in enumerate((*row, False)):
                if dark and run_start < 0:
                    run_start = x
                elif not dark and run_start >= 0:
                    rect = QRect(
                        x0 + run_start * module, y0 + y * module, (x - run_start) * module, module
                    )
                    painter.fillRect(rect, black)
                    run_start = -1


class TakeHomeExtras(QWidget):
    """Under the instruction: the slides the patient marked, and "Print a copy" where a
    printer is set up (without one, the screen's own line says to ask at the desk)."""

    print_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.marks_title = label("", "body")
        self.marks = label("", "body")
        self.print_button = Button("", "secondary")
        self.print_button.clicked.connect(self.print_requested)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        for w in (self.marks_title, self.marks):
            column.addWidget(w)  # no alignment flag: it would stop the words wrapping
        self.button_row = QHBoxLayout()  # stretches either side: left-aligned or centred
        self.button_row.addStretch(0)
        self.button_row.addWidget(self.print_button)
        self.button_row.addStretch(1)
        column.addLayout(self.button_row)

    def set_centred(self, centred: bool) -> None:
        """Centred under a centred title (portrait), else left-aligned with it."""
        flag = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
        for w in (self.marks_title, self.marks):
            w.setAlignment(flag)
        self.button_row.setStretch(0, 1 if centred else 0)

    def show_extras(self, marked: list[str], strings: Strings) -> None:
        """The marked slides; the print button is shown by the kiosk when it knows a printer."""
        self.marks_title.setText(strings.your_questions)
        self.marks.setText("\n".join(f"•  {title}" for title in marked))
        self.marks_title.setVisible(bool(marked))
        self.marks.setVisible(bool(marked))
        if self.print_button.isEnabled():  # not while "Printing…" or after "Printed"
            self.print_button.set_text(strings.print_copy)

    def show_printing(self, strings: Strings, done: bool) -> None:
        """While the copy is made, and after: one copy per patient, until the next one."""
        self.print_button.set_text(strings.printed if done else strings.printing)
        self.print_button.setEnabled(False)

    def ready(self, strings: Strings) -> None:
        """For the next patient: "Print a copy" again."""
        self.print_button.setEnabled(True)
        self.print_button.set_text(strings.print_copy)


class QrScreen(QWidget):
    back_requested = Signal()
    done_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.code = QrCode()
        self.title = heading()
        self.instruction = heading("", "instruction")
        self.gives = label("", "body")
        self.privacy = label("", "body")
        self.no_phone = label("", "body")
        self.link = label("", "link")
        self.back = Button("", "secondary")
        self.done = Button("", "primary")
        self.back.clicked.connect(self.back_requested)
        self.done.clicked.connect(self.done_requested)
        words = QWidget()
        text = QVBoxLayout(words)
        text.setContentsMargins(0, 0, 0, 0)
        text.addStretch(1)
        text.addWidget(self.instruction)  # first: it points at the code beside or above it
        text.addWidget(self.title)
        text.addWidget(self.gives)
        text.addWidget(self.privacy)
        text.addWidget(self.no_phone)
        self.extras = TakeHomeExtras()
        text.addWidget(self.extras)
        text.addStretch(1)
        self.text = text
        code = QVBoxLayout()  # the short link sits right under the code it spells out
        code.addStretch(1)
        code.addWidget(self.code, 0, Qt.AlignmentFlag.AlignHCenter)
        under = QHBoxLayout()  # centred by stretches: an alignment flag would stop the wrap
        under.addStretch(1)
        under.addWidget(self.link)
        under.addStretch(1)
        code.addLayout(under)
        code.addStretch(1)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.addStretch(1)
        self.row.addLayout(code)
        self.words = ScrollText(words)  # the largest text may need more room than there is
        self.row.addWidget(self.words, 3)
        self.row.addStretch(1)
        self.footer = Footer(self.back, self.done)
        self.column = QVBoxLayout(self)
        self.column.addLayout(self.row, 1)
        self.column.addWidget(self.footer)
        self._portrait = False

    def show_link(self, url: str, strings: Strings, phone: str = "") -> None:
        if url != self.code.data:  # redrawn only when the link changes
            self.code.set_data(url)
        self.title.set_words(strings.qr_title)
        arrow = "▲" if self._portrait else "◀"
        self.instruction.set_words(f"{arrow}\u00a0 {strings.qr_instruction}")
        self.instruction.setAccessibleName(strings.qr_instruction)
        self.gives.setText(tie(strings.qr_gives))
        self.privacy.setText(tie(strings.qr_privacy))
        self.no_phone.setText(tie(substitute(strings.qr_no_phone, {"phone": phone})))
        self.words.set_cue(strings.more_below)
        # A zero-width space after each / and . lets a long address wrap there, not get cut.
        # Under the code, the page's address only: the personal part is for the camera.
        typed = short_link(url.split("#", 1)[0])
        self.link.setText(typed.replace("/", "/\u200b").replace(".", ".\u200b"))
        self.link.setAccessibleName(typed)
        self.back.set_text(strings.back)
        self.done.set_text(strings.qr_done)

    def set_orientation(self, portrait: bool, spacing: int, shorter_side: int) -> None:
        """The code takes 45% of the shorter side: scannable from arm's length."""
        self.code.set_side(round(shorter_side * 0.45))
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self._portrait = portrait
        self.row.setSpacing(spacing * 2)
        self.text.setSpacing(spacing)
        self.link.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.link.setFixedWidth(round(shorter_side * 0.45))
        for w in (self.title, self.instruction, self.gives, self.privacy, self.no_phone):
            w.setAlignment(
                Qt.AlignmentFlag.AlignHCenter if portrait else Qt.AlignmentFlag.AlignLeft
            )
        self.extras.set_centred(portrait)
