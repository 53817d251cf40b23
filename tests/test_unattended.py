"""Left alone all day: crash recovery, systemd notify, logs without patient data, lock-down."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk import logs
from kiosk.core.session.journey import Reason, Screen
from kiosk.core.system.crash import EXIT_CODE, CrashPolicy
from kiosk.core.system.sdnotify import Notifier
from kiosk.ui.launch import CrashHandler
from tests.conftest import FakeClock
from tests.drive import tap, to_first_slide


def test_crash_policy_gives_up_only_on_repeated_failures() -> None:
    clock = FakeClock(0.0)
    policy = CrashPolicy(max_failures=3, window_seconds=60, clock=clock)
    assert not policy.failed()
    clock.now += 30
    assert not policy.failed()
    clock.now += 40  # the first one is now outside the window
    assert not policy.failed()
    assert policy.failed()


def test_notifier_speaks_the_systemd_protocol(notify_socket) -> None:
    sock, path = notify_socket
    notifier = Notifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "30000000"})
    assert notifier.watchdog_ms == 30_000
    assert notifier.ready()
    assert sock.recv(256).decode().splitlines()[0] == "READY=1"
    assert notifier.watchdog()
    assert sock.recv(256) == b"WATCHDOG=1"


def test_notifier_without_systemd_does_nothing() -> None:
    notifier = Notifier({})
    assert not notifier.enabled
    assert not notifier.ready()
    assert Notifier({"NOTIFY_SOCKET": "/nonexistent/sock"}).ready() is False
    assert Notifier({"WATCHDOG_USEC": "1000", "WATCHDOG_PID": "1"}).watchdog_ms == 0  # not ours
    parent = str(os.getppid())  # the compositor that systemd started us under
    assert Notifier({"WATCHDOG_USEC": "9000", "WATCHDOG_PID": parent}).watchdog_ms == 9


@pytest.mark.qt_no_exception_capture
def test_a_crash_inside_a_slot_returns_to_welcome(make_kiosk, monkeypatch) -> None:
    kiosk = make_kiosk()
    handler = CrashHandler(kiosk)
    handler.install()
    gave_up: list[int] = []
    handler.gave_up.connect(gave_up.append)
    try:
        to_first_slide(kiosk)

        def broken(*_: object) -> None:
            raise RuntimeError("a bug in a slot")

        monkeypatch.setattr(kiosk.slides, "show_place", broken)
        tap(kiosk.slides.next)
        QApplication.processEvents()
        assert kiosk.journey.screen is Screen.WELCOME
        assert kiosk.window.stack.currentWidget() is kiosk.welcome
        assert gave_up == []
        for _ in range(4):  # the same bug again and again: let systemd start afresh
            tap(kiosk.welcome.start)
            tap(kiosk.overview.begin)
        assert gave_up == [EXIT_CODE]
    finally:
        handler.uninstall()


def test_log_file_rotates_and_holds_no_patient_actions(make_kiosk, tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    path = logs.setup(tmp_path / "logs")
    try:
        assert path is not None
        kiosk = make_kiosk()
        kiosk.choose_language("es")
        kiosk.move(kiosk.journey.start)
        kiosk.move(lambda: kiosk.journey.open_section(1))
        kiosk.move(kiosk.journey.next)
        kiosk.choose_answer(1)
        kiosk.reset(Reason.IDLE)
        logging.getLogger("kiosk.app").info("kiosk event for the file")
        for handler in root.handlers:
            handler.flush()
        text = path.read_text()
        assert "kiosk event for the file" in text
        for private in ("check-sun", "sun", "Sunscreen", "es"):
            assert f" {private}" not in text
            assert f"'{private}'" not in text
        handler = next(
            h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)
        )
        assert handler.maxBytes == logs.MAX_BYTES
        assert handler.backupCount == logs.BACKUPS
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_locked_window_returns_to_full_screen(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk(kiosk_mode=True)
    kiosk.window.showFullScreen()
    qtbot.waitUntil(kiosk.window.isFullScreen, timeout=2000)
    kiosk.window.showNormal()
    qtbot.waitUntil(kiosk.window.isFullScreen, timeout=2000)


def test_a_full_notify_socket_never_blocks(notify_socket) -> None:
    """Nobody reading the socket: sends fail fast instead of freezing the UI thread."""
    _, path = notify_socket
    notifier = Notifier({"NOTIFY_SOCKET": path})
    results = [notifier.watchdog() for _ in range(5000)]
    assert results[0]
    assert not results[-1]


def test_log_lines_before_the_file_opens_are_written_to_it_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    path = logs.setup(folder, defer_file=True)
    try:
        assert path == folder / "kiosk.log"
        assert not path.exists()  # not before the first frame
        logging.getLogger("kiosk.test").info("first, before the file")
        logging.getLogger("kiosk.test").warning("second, before the file")
        assert logs.open_file() == path
        logging.getLogger("kiosk.test").info("third, after")
        assert logs.open_file() is None  # once
        lines = path.read_text().splitlines()
        assert [line.split(": ", 1)[1] for line in lines] == [
            "first, before the file",
            "second, before the file",
            "third, after",
        ]
    finally:
        logs.setup()  # stderr only again: later tests must not write into tmp_path
