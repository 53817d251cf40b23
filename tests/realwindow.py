"""Helpers for driving the real app under Xvfb: screenshots, finding buttons, xdotool input."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtGui import QColor, QImage

T = TypeVar("T")
GRAB = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1])\n"
)


class Display:
    def __init__(self, display: str, shots: Path) -> None:
        self.env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        self.shots = shots
        self.count = 0

    def xdotool(self, *args: str) -> str:
        out = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, check=True, timeout=30
        )
        return out.stdout.strip()

    def screenshot(self, name: str) -> QImage:
        """Grab the X server's root window from a separate process: what a person would see."""
        self.count += 1
        path = self.shots / f"{self.count:02d}-{name}.png"
        subprocess.run(
            [sys.executable, "-c", GRAB, str(path)],
            env=self.env,
            check=True,
            timeout=60,
            capture_output=True,
        )
        return QImage(str(path))

    def look(self, name: str, found: Callable[[QImage], T], timeout: float = 20) -> T:
        """Screenshots until `found` gives something (what a person would wait to see)."""
        deadline = time.monotonic() + timeout
        while True:
            result = found(self.screenshot(name))
            if result or time.monotonic() > deadline:
                assert result, f"{name}: not seen within {timeout} s"
                return result

    def settled(self, name: str, before: QImage, timeout: float = 20) -> QImage:
        """The screen after an input: changed from `before`, then the same twice in a row."""
        deadline = time.monotonic() + timeout
        last = before
        while time.monotonic() < deadline:
            shot = self.screenshot(name)
            if shot == last and shot != before:
                return shot
            last = shot
        raise AssertionError(f"{name}: the screen did not change and settle within {timeout} s")

    def click(self, x: int, y: int) -> None:
        self.xdotool("mousemove", str(x), str(y), "click", "1")

    def drag(self, x0: int, y0: int, x1: int, y1: int, steps: int = 8) -> None:
        self.xdotool("mousemove", str(x0), str(y0), "mousedown", "1")
        for i in range(1, steps + 1):
            self.xdotool(
                "mousemove", str(x0 + (x1 - x0) * i // steps), str(y0 + (y1 - y0) * i // steps)
            )
        self.xdotool("mouseup", "1")

    def wait_window(
        self, title: str, timeout: float = 30, proc: subprocess.Popen[str] | None = None
    ) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                err = proc.stderr.read() if proc.stderr else ""
                raise AssertionError(f"the app exited with {proc.returncode}:\n{err[-3000:]}")
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", title],
                env=self.env,
                capture_output=True,
                text=True,
                check=False,
            )
            if found.returncode == 0 and found.stdout.strip():
                return found.stdout.split()[0]
            time.sleep(0.2)
        raise AssertionError(f"no window named {title!r} appeared")


def find_colour_blocks(
    image: QImage,
    colour: str,
    top: float = 0.0,
    bottom: float = 1.0,
    tolerance: int = 12,
    min_pixels: int = 2000,
) -> list[tuple[int, int, int]]:
    """Solid areas of one colour (the filled primary buttons): (centre x, centre y, pixels).

    Rows with the colour are grouped into bands; each band's columns into blocks."""
    target = QColor(colour)
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    h, w = image.height(), image.width()

    def near(x: int, y: int) -> bool:
        c = image.pixelColor(x, y)
        return (
            abs(c.red() - target.red())
            + abs(c.green() - target.green())
            + abs(c.blue() - target.blue())
        ) <= tolerance

    rows: dict[int, list[int]] = {}
    for y in range(int(h * top), int(h * bottom), 2):
        xs = [x for x in range(0, w, 2) if near(x, y)]
        if len(xs) > 20:
            rows[y] = xs
    blocks: list[tuple[int, int, int]] = []
    band: list[int] = []
    for y in [*sorted(rows), h + 100]:
        if band and y - band[-1] > 4:
            xs = sorted(x for yy in band for x in rows[yy])
            groups: list[list[int]] = [[xs[0]]]
            for x in xs[1:]:
                (
                    groups[-1] if x - groups[-1][-1] <= 6 else groups.append([x]) or groups[-1]
                ).append(x)
            for g in groups:
                if len(g) * 4 >= min_pixels:
                    blocks.append(((g[0] + g[-1]) // 2, (band[0] + band[-1]) // 2, len(g) * 4))
            band = []
        if y < h:
            band.append(y)
    return blocks


def decode_qr(image: QImage) -> list[str]:
    import zxingcpp

    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    w, h, stride = gray.width(), gray.height(), gray.bytesPerLine()
    raw = bytes(gray.constBits())
    packed = b"".join(raw[y * stride : y * stride + w] for y in range(h))
    return [b.text for b in zxingcpp.read_barcodes(memoryview(packed).cast("B", (h, w)))]


ROOT = Path(__file__).resolve().parents[1]


def start_program(display: Display, *args: str, data: Path | None = None) -> subprocess.Popen[str]:
    """`python main.py ARGS` on the display (its own data folder if given), stderr kept."""
    env = {**display.env, "PYTHONFAULTHANDLER": "1"}
    if data is not None:
        env["KIOSK_DATA_DIR"] = str(data)
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def stop(proc: subprocess.Popen[str]) -> str:
    """Ask the program to end, kill it if it will not, and return what it printed on stderr."""
    proc.terminate()
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err
