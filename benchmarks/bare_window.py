"""The start-up floor: a bare PySide6 window (one QLabel) that quits after its first paint.

    python benchmarks/bare_window.py

Like the kiosk (kiosk/ui/launch.py) it logs "ready in N ms" on stderr from its window's first
paintEvent, with N the process age from the very same `process_age_ms()`. That function is taken
from launch.py's source only after the paint, so the floor does not pay for importing the kiosk;
the time spent fetching it is subtracted.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel

LAUNCH = "kiosk/ui/launch.py"


def launch_process_age_ms() -> float:
    """Run launch.py's own process_age_ms() without importing launch.py (and Qt, and the app)."""
    import ast
    import os
    from pathlib import Path

    source = Path(__file__).resolve().parents[1] / LAUNCH
    tree = ast.parse(source.read_text())
    func = next(
        n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "process_age_ms"
    )
    namespace: dict[str, object] = {"os": os, "time": time, "Path": Path, "_IMPORTED": _STARTED}
    exec(compile(ast.Module([func], []), str(source), "exec"), namespace)
    return float(namespace["process_age_ms"]())


_STARTED = time.monotonic()


class Bare(QLabel):
    painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            at_paint = time.monotonic()
            age = launch_process_age_ms() - (time.monotonic() - at_paint) * 1000
            cpu = time.process_time() * 1000
            print(
                f"INFO bare: ready in {age:.0f} ms ({cpu:.0f} ms CPU)", file=sys.stderr, flush=True
            )
            QTimer.singleShot(0, QApplication.quit)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = Bare("Learn about your visit")
    window.resize(1280, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
