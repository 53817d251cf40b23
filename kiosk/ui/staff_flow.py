"""From the hidden corner hold to the staff panel: PIN pad, PIN check, panel, cleaning mode."""

from __future__ import annotations

import logging
import math
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.core.system.pin import MIN_PIN, Attempt, PinStore, Verdict
from kiosk.ui.cleaning import CleaningOverlay
from kiosk.ui.pin_pad import PinPad
from kiosk.ui.staff_panel import StaffPanel

log = logging.getLogger("kiosk.staff")


class StaffFlow(QObject):
    unlocked = Signal()
    exit_requested = Signal()
    reload_requested = Signal()
    studio_requested = Signal()
    cleaning_started = Signal()
    cleaning_finished = Signal()
    _checked = Signal(object)  # Attempt, from the worker thread

    def __init__(self, window: QWidget, data_folder: Path) -> None:
        super().__init__(window)
        self.store = PinStore(data_folder)
        self.pad = PinPad(window)
        self.panel = StaffPanel(window)
        self.cleaning = CleaningOverlay(window)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pin-check")
        self._checking = False
        self.pad.pin_entered.connect(self._check)
        self._checked.connect(self._on_checked, Qt.ConnectionType.QueuedConnection)
        self.panel.close_requested.connect(self.close)
        self.panel.exit_requested.connect(self.exit_requested)
        self.panel.reload_requested.connect(self.reload_requested)
        self.panel.studio_requested.connect(self.studio_requested)
        self.panel.cleaning_requested.connect(self.start_cleaning)
        self.cleaning.finished.connect(self.cleaning_finished)
        if not self.store.is_set():
            log.info("staff mode is off: no PIN is set. Set one with: kiosk set-pin")

    @property
    def is_open(self) -> bool:
        return self.pad.isVisible() or self.panel.isVisible() or self.cleaning.isVisible()

    def gesture_held(self) -> None:
        """The hidden corner hold: ask for the PIN, if staff mode is on at all."""
        if self.is_open:
            return
        if not self.store.is_set():
            log.info("staff gesture ignored: no PIN is set. Set one with: kiosk set-pin")
            return
        self.pad.open()

    def _check(self, pin: str) -> None:
        if self._checking:
            return
        self._checking = True
        self.pad.say("Checking…")
        future = self._pool.submit(self.store.check, pin)  # scrypt takes ~0.1 s: not on the UI
        future.add_done_callback(self._deliver)

    def _deliver(self, future: Future[Attempt]) -> None:
        try:
            attempt = future.result()
        except Exception:
            log.exception("staff PIN check failed")
            attempt = Attempt(Verdict.UNREADABLE)
        self._checked.emit(attempt)

    def _on_checked(self, attempt: Attempt) -> None:
        self._checking = False
        if not self.pad.isVisible():
            return  # closed meanwhile (idle reset)
        verdict = attempt.verdict
        if verdict is Verdict.OK:
            self.pad.say("")
            self.pad.hide()
            self.unlocked.emit()
            self.panel.open()
            self.panel.set_notice(pin_notice(attempt))
        elif verdict is Verdict.WRONG and attempt.wait_seconds <= 0:
            self.pad.say("Wrong PIN. Try again.")
        elif verdict in (Verdict.WRONG, Verdict.WAIT):
            self.pad.say(
                f"Too many tries. Wait {_duration(attempt.wait_seconds)}, "
                "or type the recovery code."
            )
        else:
            self.pad.say("Staff mode is locked. Ask IT to run: kiosk set-pin")

    def open_studio(self, content_dir: Path | None) -> int | None:
        """Start `kiosk studio` on the staff's content folder, above the kiosk; its process id.

        A separate process: the kiosk keeps running (on Welcome) and picks up what staff save
        like any other edit; a studio that crashes cannot take the kiosk with it."""
        if content_dir is None:
            log.warning("Edit slides: this kiosk was started without a content folder")
            return None
        args = ["-m", "kiosk", "studio", "--content", str(content_dir), "--on-top"]
        ok, pid = QProcess.startDetached(sys.executable, args, str(Path.cwd()))
        if not ok:
            log.error("Edit slides: kiosk studio could not be started")
            return None
        log.info("staff opened kiosk studio on %s (process %s)", content_dir, pid)
        return int(pid)

    def start_cleaning(self) -> None:
        self.panel.hide()
        self.cleaning.start()
        self.cleaning_started.emit()

    def close(self) -> None:
        """Close every staff screen (also on idle reset). Cleaning mode runs to its end."""
        self.pad.hide()
        self.panel.hide()

    def shutdown(self) -> None:
        self.cleaning.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)


def pin_notice(attempt: Attempt) -> str:
    """What the staff panel says about the PIN itself (empty when all is well)."""
    if attempt.recovered:
        return (
            "Opened with the recovery code. Set a new PIN (kiosk set-pin) to get a new "
            "recovery code."
        )
    if attempt.short_pin:
        return (
            f"This PIN is shorter than {MIN_PIN} digits. Set a longer one with kiosk set-pin "
            "(that also gives you a recovery code)."
        )
    if attempt.no_recovery:
        return "This PIN has no recovery code. Run kiosk set-pin again to get one."
    return ""


def _duration(seconds: float) -> str:
    if seconds >= 90:
        return f"{math.ceil(seconds / 60)} minutes"
    return f"{math.ceil(seconds)} seconds"
