"""The top-level window: a stack of screens plus the overlay. Knows nothing about the journey."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QStackedLayout, QWidget

from kiosk.core.content.model import Theme
from kiosk.ui.a11y_bar import A11yBar, Footer
from kiosk.ui.theme import Metrics, load_fonts, style_sheet


class KioskWindow(QWidget):
    resized = Signal(object)  # Metrics for the new size
    first_painted = Signal()  # the kiosk's "ready": launch logs it and tells systemd
    quit_requested = Signal()

    def __init__(self, theme: Theme, locked: bool, size: tuple[int, int] | None = None) -> None:
        super().__init__()
        if size is not None:
            self.resize(*size)  # styled for its real size from the start, not restyled on show
        self.theme = theme
        self.locked = locked
        self.family = load_fonts()
        self.text_scale = 1.0
        self.metrics = Metrics.for_size(1920, 1080)
        self._painted = False
        self.stack = QStackedLayout(self)
        self.stack.setContentsMargins(0, 0, 0, 0)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        self.setWindowTitle("Patient information")
        if locked:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
            self.setCursor(Qt.CursorShape.BlankCursor)

    @property
    def painted(self) -> bool:
        return self._painted

    def present_footer(self, footer: Footer, bar: A11yBar) -> None:
        """The bar's icons in the theme's accent, and the footer laid out for this width."""
        m = self.metrics
        bar.apply_style(self.theme.accent, m.px(36))  # icon + label in one target's height
        footer.arrange(self.width() - 2 * m.margin, m.gap)

    def cover_screen(self) -> None:
        """Full screen even where no window manager honours the request (a bare X session):
        take the screen's whole geometry ourselves, and follow it if the screen changes."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
            screen.geometryChanged.connect(self.setGeometry)
        self.showFullScreen()

    def add_screen(self, screen: QWidget) -> None:
        self.stack.addWidget(screen)

    def show_screen(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)

    def apply_metrics(self) -> None:
        m = Metrics.for_size(self.width(), self.height(), self.text_scale)
        self.metrics = m
        sheet = style_sheet(self.theme, m, self.family)
        if sheet != self.styleSheet():  # a new sheet re-polishes every widget
            self.setStyleSheet(sheet)
        for i in range(self.stack.count()):
            screen = self.stack.widget(i)
            box = screen.layout() if screen is not None else None
            if box is not None:
                box.setContentsMargins(m.margin, m.margin, m.margin, m.margin)
        self.resized.emit(m)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.apply_metrics()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.locked and event.key() == Qt.Key.Key_Escape:
            self.quit_requested.emit()
            return
        event.accept()  # in kiosk mode no key does anything

    def changeEvent(self, event: QEvent) -> None:
        """A locked kiosk goes straight back to full screen if anything takes it away."""
        super().changeEvent(event)
        changed = event.type() == QEvent.Type.WindowStateChange
        if self.locked and changed and self.isVisible() and not self.isFullScreen():
            QTimer.singleShot(0, self.showFullScreen)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked:
            event.ignore()  # only the staff exit may close a locked kiosk
            return
        self.quit_requested.emit()
        event.accept()
