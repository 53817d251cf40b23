"""The kiosk's printer, off the UI thread: asking CUPS for the default printer and printing the
patient's copy (a child process lays it out: kiosk.core.handout.printjob) both run on one
worker thread, and their answers come back as signals on the UI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.core.content.model import Content
from kiosk.core.handout.fragment import TakeHome
from kiosk.core.handout.printjob import print_in_child
from kiosk.core.system.printer import default_printer

log = logging.getLogger(__name__)
T = TypeVar("T")


class PrintDesk(QObject):
    """`found(name)` after `look()` ("" for no printer); `printed(ok, current)` after
    `print_copy()`, `current` False when the patient it was for has gone (`forget()`)."""

    found = Signal(str)
    printed = Signal(bool, bool)
    _found = Signal(str)  # from the worker thread
    _printed = Signal(bool, int)

    def __init__(
        self,
        parent: QObject,
        printer: Callable[[], str] = default_printer,
        send: Callable[[Content, TakeHome, str], bool] = print_in_child,
    ) -> None:
        super().__init__(parent)
        self.printer = printer
        self.send = send
        self.name = ""  # the last answer: "" until CUPS has named a default printer
        self.busy = False  # a copy for the current patient is being made
        self.running = 0  # copies being made, for any patient (their pictures are read late)
        self.patient = 0  # which patient's copy a finished job was: forget() moves it on
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printing")
        self._found.connect(self._on_found, Qt.ConnectionType.QueuedConnection)
        self._printed.connect(self._on_printed, Qt.ConnectionType.QueuedConnection)

    def look(self) -> None:
        """Ask again which printer is the default (a printer may come or go at any time)."""
        future = self._pool.submit(self.printer)
        future.add_done_callback(lambda f: self._found.emit(self._result(f, "")))

    def print_copy(self, content: Content, take_home: TakeHome) -> bool:
        """Start printing; False when a copy is still being printed or there is no printer."""
        if self.busy or not self.name:
            return False
        self.busy = True
        self.running += 1
        patient = self.patient
        future = self._pool.submit(self.send, content, take_home, self.name)
        future.add_done_callback(lambda f: self._printed.emit(self._result(f, False), patient))
        return True

    def forget(self) -> None:
        """The patient has gone: the next one may print, and a copy still being made for the
        last one will not be announced on the next one's screen."""
        self.patient += 1
        self.busy = False

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _result(future: Future[T], failed: T) -> T:
        if future.cancelled():  # shut down before it ran
            return failed
        try:
            return future.result()
        except Exception:
            log.exception("printing failed")
            return failed

    def _on_found(self, name: str) -> None:
        self.name = name
        self.found.emit(name)

    def _on_printed(self, ok: bool, patient: int) -> None:
        self.running -= 1
        current = patient == self.patient
        if current:
            self.busy = False
        if not ok:
            log.warning("the take-home copy could not be printed")
            self.name = ""  # asked again when the next patient starts; until then, the desk
        self.printed.emit(ok, current)
