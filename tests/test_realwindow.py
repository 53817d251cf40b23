"""End to end: the real app in a real X window (Xvfb), driven with real input (xdotool)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.core.loader import load_content
from tests.conftest import ROOT, SHIPPED
from tests.realwindow import Display, decode_qr, find_colour_blocks

pytestmark = pytest.mark.realwindow


@pytest.fixture
def display(xvfb: str, tmp_path: Path) -> Display:
    return Display(xvfb, tmp_path)


def start_app(display: Display, *args: str) -> subprocess.Popen[str]:
    env = {**display.env, "PYTHONFAULTHANDLER": "1"}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "run", *args],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def stop(proc: subprocess.Popen[str]) -> str:
    proc.terminate()
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


def test_patient_goes_from_welcome_to_the_qr_code(display: Display) -> None:
    result = load_content(SHIPPED)
    assert result.content is not None
    content = result.content
    accent = content.settings.theme.accent
    slides = len(content.language("en").slides)
    proc = start_app(display, "--size", "1280x800")
    try:
        display.wait_window(content.language("en").strings.welcome_title)
        time.sleep(0.5)
        welcome = display.screenshot("welcome")
        blocks = find_colour_blocks(welcome, accent, top=0.3, bottom=0.9)
        assert blocks, "no filled Start button found on the welcome screen"
        x, y, _ = max(blocks, key=lambda b: b[2])  # Start is the largest filled button
        display.click(x, y)

        overview = display.screenshot("overview")
        bottom = find_colour_blocks(overview, accent, top=0.8)
        assert len(bottom) == 1, bottom  # "Start from the beginning"
        display.click(bottom[0][0], bottom[0][1])

        first = display.screenshot("first-slide")
        nxt = find_colour_blocks(first, accent, top=0.8)
        assert len(nxt) == 1, nxt
        nx, ny, _ = nxt[0]
        display.drag(900, 400, 300, 410)  # a mouse swipe moves one slide forward
        display.screenshot("after-swipe")
        for _ in range(slides - 1):
            display.click(nx, ny)
        qr_screen = display.screenshot("qr")
        assert decode_qr(qr_screen) == [content.settings.handout_url_for("en")]
        assert proc.poll() is None
    finally:
        err = stop(proc)
    assert "Traceback" not in err, err
    ready = [line for line in err.splitlines() if "ready in" in line]
    assert len(ready) == 1, err
    assert ready[0].startswith("INFO kiosk.app: ready in "), err


def test_escape_closes_the_windowed_app(display: Display) -> None:
    proc = start_app(display, "--size", "1024x700")
    try:
        display.wait_window("microneedling")
        time.sleep(0.5)
        display.xdotool("mousemove", "500", "300")  # no window manager: focus follows the pointer
        display.xdotool("key", "Escape")
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            stop(proc)
