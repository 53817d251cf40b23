"""Starting and stopping the Qt application around a KioskApp, with live reload."""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from kiosk import logs
from kiosk.core.content.model import Content
from kiosk.core.session.journey import Reason
from kiosk.core.system.crash import EXIT_CODE, CrashPolicy
from kiosk.core.system.paths import data_dir
from kiosk.core.system.sdnotify import Notifier
from kiosk.core.usage.log import UsageLog
from kiosk.ui.app import KioskApp
from kiosk.ui.speech import Speaker, default_engine

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


@dataclass(frozen=True)
class RunOptions:
    """How `kiosk run` was asked to start."""

    content_dir: Path  # watched for live edits
    stamp: str = ""  # the folder's fingerprint when the content was read
    kiosk_mode: bool = False  # locked full screen
    size: tuple[int, int] | None = None  # the window's, when not in kiosk mode
    lang: str | None = None  # start in this language


class CrashHandler(QObject):
    """Unexpected exceptions: log them, return to Welcome; give up if they keep coming."""

    recovered = Signal()
    gave_up = Signal(int)

    def __init__(self, kiosk: KioskApp, policy: CrashPolicy | None = None) -> None:
        super().__init__(kiosk)
        self.kiosk = kiosk
        self.policy = policy or CrashPolicy()
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def handle(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        log.error("unexpected error; going back to the welcome screen", exc_info=(kind, error, tb))
        if self.policy.failed():
            log.critical(
                "%d errors in %d minutes; exiting so the service restarts the kiosk",
                self.policy.max_failures,
                self.policy.window_seconds // 60,
            )
            self.gave_up.emit(EXIT_CODE)
            return
        try:
            self.kiosk.reset(Reason.ERROR)
        except Exception:
            log.exception("could not return to the welcome screen")
            self.gave_up.emit(EXIT_CODE)
            return
        self.recovered.emit()


def run_app(content: Content, options: RunOptions) -> int:
    """Start the Qt application around a kiosk showing `content`; block until it quits.

    Patients see Welcome first; what they cannot see yet waits until it is painted: the log
    file, the usage log, speech (Qt Multimedia loads slowly)."""
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    notifier = Notifier()
    kiosk = KioskApp.create(
        content,
        size=options.size or (1280, 800),
        kiosk_mode=options.kiosk_mode,
        content_dir=options.content_dir,
        stamp=options.stamp,
    )
    if options.lang:
        kiosk.choose_language(options.lang)
    crashes = CrashHandler(kiosk)
    crashes.gave_up.connect(app.exit)
    crashes.install()
    watchdog = QTimer()  # petted from the UI thread: a frozen UI misses it
    if notifier.watchdog_ms:
        watchdog.setInterval(max(notifier.watchdog_ms // 3, 100))
        watchdog.timeout.connect(notifier.watchdog)
        watchdog.start()

    def once_painted() -> None:
        logs.open_file()
        retention = kiosk.content.settings.usage_retention_days
        kiosk.attach_usage(UsageLog(data_dir() / "usage.sqlite3", retention))
        kiosk.attach_speaker(Speaker(default_engine()))
        # Last: its thread writes the first file (and imports prometheus_client) from here on.
        metrics = kiosk.attach_metrics()  # anonymous counts for Prometheus (docs/fleet.md)
        if metrics is not None:
            crashes.recovered.connect(metrics.crash_recovered)
        # What the start made (modules, Qt types, the content, the screens) lives as long as
        # the kiosk: frozen, later collections never walk it again. Collection resumes now.
        gc.freeze()
        gc.enable()
        log.info("interactive in %d ms (%d ms CPU)", process_age_ms(), time.process_time() * 1000)

    window = kiosk.window
    window.quit_requested.connect(lambda: app.exit(0))
    window.first_painted.connect(lambda: log.info("ready in %d ms", process_age_ms()))
    window.first_painted.connect(notifier.ready)
    window.first_painted.connect(lambda: QTimer.singleShot(0, once_painted))
    try:
        return app.exec()
    finally:
        notifier.stopping()
        watchdog.stop()
        crashes.uninstall()
        kiosk.close()
        if kiosk.usage is not None:
            kiosk.usage.close()
