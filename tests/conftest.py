"""Test set-up: offscreen Qt, leak checks, and a real X server for the real-window tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kiosk.ui.app import KioskApp


os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QT_SCALE_FACTOR", None)

from tests.builders import make_content

pytest_plugins = ["tests.usage_script"]  # the usage log fixtures: wall, open_log, writers_stopped

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "content"


class MakeKiosk(Protocol):
    def __call__(
        self,
        size: tuple[int, int] = ...,
        root: Path = ...,
        keep_motion: bool = ...,
        **options: Any,
    ) -> KioskApp: ...


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return make_content(tmp_path / "content")


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real kiosk's PIN, logs or usage counts from a test."""
    folder = tmp_path / "kiosk-data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _no_leaked_windows(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a Qt test that leaves a visible top-level widget or a running QTimer behind."""
    yield
    if "qtbot" not in request.fixturenames and "kiosk" not in request.fixturenames:
        return
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    QCoreApplication.processEvents()
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    leaked = [w for w in app.topLevelWidgets() if w.isVisible()]
    timers = [t for t in app.findChildren(QTimer) if t.isActive()]
    for w in leaked:
        w.close()
    assert not leaked, f"test left windows open: {leaked}"
    assert not timers, f"test left timers running: {timers}"


# -- real X server ----------------------------------------------------------------------------
def _need(tool: str) -> str | None:
    return shutil.which(tool)


@pytest.fixture(scope="session")
def xvfb() -> Iterator[str]:
    """A private Xvfb display. Skipped without Xvfb, except under CI where that is a failure."""
    from kiosk import xcb

    missing = [t for t in ("Xvfb", "xdotool") if not _need(t)]
    reason = ""
    if missing:
        reason = f"real-window tests need {', '.join(missing)} (apt-get install xvfb xdotool)"
    reason = reason or xcb.problem()  # Qt would abort in every real-window test
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as reader:
        number = reader.readline().strip()
    if not number:
        proc.kill()
        pytest.fail("Xvfb did not start")
    display = f":{number}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ok = subprocess.run(
            ["xdotool", "getmouselocation"],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            check=False,
        )
        if ok.returncode == 0:
            break
        time.sleep(0.1)
    yield display
    proc.terminate()
    proc.wait(timeout=10)


class FakeClock:
    """An injectable clock: tests move `now` by hand instead of waiting."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_kiosk(qtbot: QtBot, content_dir: Path, clock: FakeClock) -> Iterator[MakeKiosk]:
    """Build the real app on test content (`KioskApp.create`), shown offscreen at a size;
    closed (`KioskApp.close`) after the test, which fails if that leaves a timer running."""
    from kiosk.core.content.loader import load_content
    from kiosk.ui.app import KioskApp

    made: list[KioskApp] = []

    def build(
        size: tuple[int, int] = (1280, 800),
        root: Path = content_dir,
        keep_motion: bool = False,
        **options: Any,
    ) -> KioskApp:
        result = load_content(root)
        assert result.content is not None, [p.format() for p in result.problems]
        kiosk = KioskApp.create(result.content, size, clock=clock, motion=keep_motion, **options)
        made.append(kiosk)
        qtbot.waitExposed(kiosk.window)
        return kiosk

    yield build
    from PySide6.QtCore import QTimer

    for kiosk in made:
        kiosk.stop()
        owners = [kiosk, kiosk.window] + ([kiosk.reloader] if kiosk.reloader else [])
        running = [
            t.objectName() or repr(t)
            for o in owners
            for t in o.findChildren(QTimer)
            if t.isActive()
        ]
        assert not running, f"KioskApp.stop() left timers running: {running}"
        kiosk.close()
    made.clear()


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = str(tmp_path / "notify")
    sock.bind(path)
    sock.settimeout(5)
    yield sock, path
    sock.close()
