"""Starting and stopping the Qt application around a KioskApp, with live reload."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.crash import EXIT_CODE, CrashPolicy
from kiosk.core.paths import data_dir
from kiosk.core.sdnotify import Notifier

if TYPE_CHECKING:  # imported after the first frame when it is painted from the Welcome card
    from kiosk.core.model import Content
    from kiosk.core.usage import UsageLog
    from kiosk.ui.app import KioskApp
    from kiosk.ui.first_frame import FirstFrame

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
            self.kiosk.reset()
        except Exception:
            log.exception("could not return to the welcome screen")
            self.gave_up.emit(EXIT_CODE)
            return
        self.recovered.emit()


def cover_screen(window: QWidget) -> None:
    """Full screen even where no window manager honours the request (a bare X session):
    take the screen's whole geometry ourselves, and follow it if the screen changes."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is not None:
        window.setGeometry(screen.geometry())
        screen.geometryChanged.connect(window.setGeometry)
    window.showFullScreen()


def run_app(
    content: Content | None,
    kiosk_mode: bool = False,
    size: tuple[int, int] | None = None,
    lang: str | None = None,
    content_dir: Path | None = None,
    stamp: str | None = None,
    recheck: bool = False,
    after_first_frame: list[Callable[[], None]] | None = None,
    welcome: dict[str, Any] | None = None,
    load: Callable[[], Content | None] | None = None,
) -> int:
    """Start the Qt application and block until it quits.

    `stamp` is the content folder's fingerprint when `content` was loaded (live reload starts
    from it); `recheck` checks the folder again right after the first frame (`content` is the
    last good copy of a folder edited since); `after_first_frame` is housekeeping that waits
    until patients see something.

    Without `content`, the first frame is painted from the `welcome` card (kiosk.ui.first_frame)
    and `load()` reads the content right after it; if it returns None the kiosk exits with 1.
    """
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    screen = QApplication.primaryScreen()
    if kiosk_mode and screen is not None:
        first_size = (screen.geometry().width(), screen.geometry().height())
    else:
        first_size = size or (1280, 800)
    notifier = Notifier()
    parts: list[KioskApp] = []  # the kiosk, once built
    opened: list[UsageLog] = []
    watchdog = QTimer()  # petted from the UI thread: a frozen UI misses it
    crashes: list[CrashHandler] = []
    finished: list[bool] = []  # set once the event loop has returned

    def build(loaded: Content, first: FirstFrame | None) -> KioskApp:
        from kiosk.ui.app import KioskApp

        kiosk = KioskApp(
            loaded,
            kiosk_mode=kiosk_mode,
            content_dir=content_dir,
            stamp=stamp,
            recheck=recheck,
            size=first_size,
            first_frame=first,
        )
        if lang:
            kiosk.choose_language(lang)
        handler = CrashHandler(kiosk)
        handler.gave_up.connect(app.exit)
        handler.install()
        crashes.append(handler)
        kiosk.watcher.attach(app)
        kiosk.start()
        parts.append(kiosk)
        return kiosk

    first: FirstFrame | None = None
    if content is None:
        from kiosk.ui.first_frame import FirstFrame

        assert welcome is not None
        assert load is not None
        try:
            first = FirstFrame.from_card(welcome, kiosk_mode, first_size)
        except (KeyError, TypeError, ValueError, IndexError) as exc:  # written by other code
            log.warning("cannot paint Welcome from the kept card (%r); reading the content", exc)
            content = load()
            if content is None:
                log.critical("no content that can be shown; run 'kiosk validate' for details")
                return 1
    if first is not None:
        window = first.window
    else:
        assert content is not None
        window = build(content, None).window
    window.quit_requested.connect(lambda: app.exit(0))
    window.first_painted.connect(lambda: log.info("ready in %d ms", process_age_ms()))
    window.first_painted.connect(notifier.ready)

    def once_painted() -> None:
        """What patients cannot see yet: the content itself when the first frame came from
        its Welcome card, the log file, counting, speech (Qt Multimedia loads slowly),
        tidying old content copies."""
        from kiosk import logs
        from kiosk.core.usage import UsageLog
        from kiosk.ui.speech import Speaker, default_engine

        if finished:
            return  # the kiosk was closed before its first frame's follow-up ran
        logs.open_file()
        if not parts:
            assert load is not None
            try:  # no crash handler yet: a failure here must not leave a Welcome that is dead
                loaded = load()
                if loaded is None:
                    log.critical("no content that can be shown; run 'kiosk validate' for details")
                    app.exit(1)
                    return
                build(loaded, first)
            except Exception:
                log.exception("could not start the kiosk after its first frame")
                app.exit(EXIT_CODE)  # the service manager starts a clean one
                return
        kiosk = parts[0]
        log.info("interactive in %d ms", process_age_ms())
        retention = kiosk.content.settings.usage_retention_days
        usage = UsageLog(data_dir() / "usage.sqlite3", retention)
        opened.append(usage)
        kiosk.attach_usage(usage)
        metrics = kiosk.attach_metrics()  # anonymous counts for Prometheus (docs/fleet.md)
        for handler in crashes:
            if metrics is not None:
                handler.recovered.connect(metrics.crash_recovered)
        kiosk.attach_speaker(Speaker(default_engine()))
        for job in after_first_frame or []:
            try:
                job()
            except Exception:
                log.exception("housekeeping after the first frame failed")

    window.first_painted.connect(lambda: QTimer.singleShot(0, once_painted))
    if notifier.watchdog_ms:
        watchdog.setInterval(max(notifier.watchdog_ms // 3, 100))
        watchdog.timeout.connect(notifier.watchdog)
        watchdog.start()
    if kiosk_mode:
        cover_screen(window)
    else:
        window.resize(*first_size)
        window.show()
    code = app.exec()
    finished.append(True)
    notifier.stopping()
    watchdog.stop()
    for handler in crashes:
        handler.uninstall()
    for kiosk in parts:
        kiosk.watcher.detach(app)
        kiosk.stop()
    for usage in opened:
        usage.close()
    window.locked = False
    window.close()
    window.deleteLater()
    for kiosk in parts:
        kiosk.deleteLater()
    app.processEvents()
    return code
