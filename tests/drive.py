"""Driving the kiosk as its users do: a finger on the screen, staff at the command line.

One place for tapping, swiping and running `kiosk ...` in a child process, so test modules do
not import helpers from each other or keep their own copies.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.session.journey import Screen
from kiosk.ui.app import KioskApp

ROOT = Path(__file__).resolve().parents[1]
TOUCH = QTest.createTouchDevice()


def centre(widget: QWidget) -> QPoint:
    return widget.mapTo(widget.window(), widget.rect().center())


def tap(widget: QWidget) -> None:
    """A one-finger tap on the middle of `widget`, through its window like a real touch."""
    window, pos = widget.window(), centre(widget)
    QTest.touchEvent(window, TOUCH).press(0, pos).commit()
    QTest.touchEvent(window, TOUCH).release(0, pos).commit()
    QApplication.processEvents()


def swipe(window: QWidget, start: QPoint, dx: int, steps: int = 6) -> None:
    """A one-finger horizontal stroke of `dx` pixels (negative: to the left)."""
    QTest.touchEvent(window, TOUCH).press(0, start).commit()
    for i in range(1, steps + 1):
        QTest.touchEvent(window, TOUCH).move(0, start + QPoint(dx * i // steps, 0)).commit()
    QTest.touchEvent(window, TOUCH).release(0, start + QPoint(dx, 0)).commit()
    QApplication.processEvents()


def to_first_slide(kiosk: KioskApp) -> None:
    tap(kiosk.welcome.start)
    tap(kiosk.overview.begin)
    assert kiosk.journey.screen is Screen.SLIDE


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    data: Path | None = None,
    stdin: str | None = None,
    cwd: Path = ROOT,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`kiosk ARGS` in a child process, as staff type it; `data` is its KIOSK_DATA_DIR and
    `env` overrides the rest of the environment (a value of "" removes a variable)."""
    child = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if data is not None:
        child["KIOSK_DATA_DIR"] = str(data)
    for key, value in (env or {}).items():
        if value:
            child[key] = value
        else:
            child.pop(key, None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env=child,
    )
