"""Soak: thousands of random taps, swipes, idle resets and content reloads through the real app.

Reports resident memory, open file descriptors and live widgets at intervals; all three must
level off. Offscreen, real touch events, an injected clock for the idle timer.

    python -m benchmarks.soak --actions 5000 --every 500 [--json build/soak.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.core.content.loader import load_content
from kiosk.ui.app import KioskApp
from kiosk.ui.render import ensure_app

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Checkpoint:
    actions: int
    rss_mb: float
    fds: int
    widgets: int
    sessions: int
    reloads: int


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run_soak(
    actions: int = 2000, every: int = 250, seed: int = 7, size: tuple[int, int] = (1280, 800)
) -> list[Checkpoint]:
    app = ensure_app()
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    content_dir = work / "content"
    shutil.copytree(ROOT / "content", content_dir)
    clock = FakeClock()
    content = load_content(content_dir).content
    assert content is not None
    kiosk = KioskApp.create(
        content, size, clock=clock, content_dir=content_dir, data_folder=work / "data"
    )
    kiosk.slides.animate = rng.random() < 0.5
    window = kiosk.window
    device = QTest.createTouchDevice()
    counts = {"sessions": 0, "reloads": 0}
    kiosk.session_reset.connect(lambda _: counts.__setitem__("sessions", counts["sessions"] + 1))
    kiosk.content_swapped.connect(lambda _: counts.__setitem__("reloads", counts["reloads"] + 1))
    section = content_dir / "en" / "06-aftercare.yaml"
    original = section.read_text()
    checkpoints: list[Checkpoint] = []

    def touch(points: list[QPoint]) -> None:
        QTest.touchEvent(window, device).press(0, points[0]).commit()
        for p in points[1:-1]:
            QTest.touchEvent(window, device).move(0, p).commit()
        QTest.touchEvent(window, device).release(0, points[-1]).commit()
        QCoreApplication.processEvents()

    def tap_random_button() -> None:
        buttons = [
            b
            for b in window.findChildren(QAbstractButton)
            if b.isVisible() and b.isEnabled() and b not in (kiosk.staff.panel.exit,)
        ]
        if buttons:
            b = rng.choice(buttons)
            touch([b.mapTo(window, b.rect().center())])

    def swipe() -> None:
        y = rng.randint(200, window.height() - 200)
        x0 = rng.randint(200, window.width() - 200)
        dx = rng.choice((-1, 1)) * rng.randint(300, 500)
        touch([QPoint(x0 + dx * i // 6, y) for i in range(7)])

    def idle_out() -> None:
        clock.now += 200
        kiosk.check_idle()

    def reload_content() -> None:
        stamp = f"title: Caring for your skin at home ({counts['reloads'] + 1})"
        section.write_text(original.replace("title: Caring for your skin at home", stamp, 1))
        if kiosk.reloader is not None:
            kiosk.reloader.reload_now()
            deadline = time.monotonic() + 10
            target = counts["reloads"] + 1
            while time.monotonic() < deadline and kiosk.reloader._busy:
                app.processEvents()
            idle_out()  # swaps wait for the next patient
            while time.monotonic() < deadline and counts["reloads"] < target:
                app.processEvents()

    moves = [(tap_random_button, 70), (swipe, 20), (idle_out, 8), (reload_content, 2)]
    choices, weights = zip(*moves, strict=True)
    try:
        for n in range(1, actions + 1):
            rng.choices(choices, weights)[0]()
            clock.now += rng.uniform(0.5, 5)
            if n % every == 0:
                QCoreApplication.sendPostedEvents(None, 0)  # deleteLater() etc.
                checkpoints.append(
                    Checkpoint(
                        n,
                        round(rss_mb(), 1),
                        open_fds(),
                        len(QApplication.allWidgets()),
                        counts["sessions"],
                        counts["reloads"],
                    )
                )
    finally:
        kiosk.close()
        shutil.rmtree(work, ignore_errors=True)
    return checkpoints


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--every", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    rows = run_soak(args.actions, args.every, args.seed)
    print(f"{'actions':>8} {'RSS MB':>8} {'fds':>5} {'widgets':>8} {'sessions':>9} {'reloads':>8}")
    for r in rows:
        print(
            f"{r.actions:>8} {r.rss_mb:>8.1f} {r.fds:>5} {r.widgets:>8} {r.sessions:>9} "
            f"{r.reloads:>8}"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
