"""Starting and stopping the Qt application around a KioskApp, with live reload."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.core.model import Content
from kiosk.ui.app import KioskApp

log = logging.getLogger("kiosk.app")
_IMPORTED = time.monotonic()


def process_age_ms() -> float:
    """Milliseconds since this process started (Linux /proc; elsewhere since import)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return (uptime - ticks / os.sysconf("SC_CLK_TCK")) * 1000
    except (OSError, ValueError, IndexError):
        return (time.monotonic() - _IMPORTED) * 1000


def run_app(
    content: Content,
    kiosk_mode: bool = False,
    size: tuple[int, int] | None = None,
    lang: str | None = None,
    content_dir: Path | None = None,
) -> int:
    """Start the Qt application and block until it quits."""
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    kiosk = KioskApp(content, kiosk_mode=kiosk_mode, content_dir=content_dir)
    if lang:
        kiosk.choose_language(lang)
    window = kiosk.window
    window.quit_requested.connect(app.quit)
    window.first_painted.connect(lambda: log.info("ready in %d ms", process_age_ms()))
    if kiosk_mode:
        window.showFullScreen()
    else:
        width, height = size or (1280, 800)
        window.resize(width, height)
        window.show()
    kiosk.watcher.attach(app)
    app.aboutToQuit.connect(lambda: kiosk.watcher.detach(app))
    kiosk.start()
    code = app.exec()
    kiosk.stop()
    window.locked = False
    window.close()
    window.deleteLater()
    kiosk.deleteLater()
    app.processEvents()
    return code
