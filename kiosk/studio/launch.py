"""`kiosk studio`: the Qt application around the studio window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.core.editing.document import DocumentError


def run_studio(content: Path, on_top: bool = False) -> int:
    from kiosk.studio.app import Studio

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Kiosk Studio")
    try:
        studio = Studio(content)
    except DocumentError as exc:
        print(f"kiosk studio: {exc}", file=sys.stderr)
        return 2
    window = studio.window
    if on_top:  # opened from the kiosk's staff panel: above the full-screen kiosk window
        window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
    screen = app.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None and room.width() > 1400:  # a big desktop: a bigger preview
        window.resize(room.width() * 9 // 10, room.height() * 9 // 10)
    else:
        window.resize(1280, 800)
    window.show()
    window.raise_()
    window.activateWindow()
    return app.exec()
