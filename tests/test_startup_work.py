"""What a start does before the kiosk answers taps (docs/performance.md, "Start-up").

The real `kiosk run` in a fresh process, offscreen, on a copy of the shipped content; a log
handler stops it at its "interactive in N ms" line and reports what the process holds then.
No timing: each test pins a piece of work that must not happen before the first tap can be
answered, because it showed in the start-up profiles."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, logging, sys

class AtInteractive(logging.Handler):
    def emit(self, record):
        if "interactive in" not in record.getMessage():
            return
        import PySide6.QtWidgets as widgets
        from PySide6.QtWidgets import QApplication
        import gc
        state = {
            "collecting": gc.isenabled(),
            "frozen": gc.get_freeze_count(),
            "modules": sorted(sys.modules),
            "widget_types": sorted(n for n in vars(widgets) if n.startswith("Q")),
        }
        print("STATE " + json.dumps(state), flush=True)
        QApplication.instance().exit(0)

logging.getLogger("kiosk.app").addHandler(AtInteractive())
from kiosk.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def at_interactive(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("start")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp / "data"))
    cmd = [sys.executable, "-c", PROBE, "run", "--size", "1280x800", "--content", str(content)]
    out = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("STATE ")]
    assert lines, f"the kiosk never said 'interactive' (exit {out.returncode}):\n{out.stderr}"
    state: dict[str, Any] = json.loads(lines[0].removeprefix("STATE "))
    return state


def test_printing_is_not_loaded_before_the_first_tap(at_interactive: dict[str, Any]) -> None:
    """The take-home's page layout (WeasyPrint) loads when a copy is printed, not with the app;
    Qt's print support is not used at all (CUPS's lp prints the PDF)."""
    modules = set(at_interactive["modules"])
    assert "weasyprint" not in modules
    assert "PySide6.QtPrintSupport" not in modules


def test_start_creates_only_the_widget_types_it_uses(at_interactive: dict[str, Any]) -> None:
    """PySide6 creates a Qt type on first use. A bare QWidget pointer that Qt made (a scroll
    area's own viewport) made it create every QWidget subclass it knows to find the type."""
    types = set(at_interactive["widget_types"])
    assert "QScrollArea" in types  # the probe sees the types the kiosk did create
    assert not types & {"QWizard", "QMdiArea", "QCalendarWidget", "QLCDNumber", "QDial"}


def test_the_collector_is_back_on_when_the_kiosk_answers_taps(
    at_interactive: dict[str, Any],
) -> None:
    """The start runs with the cyclic garbage collector paused; by the time the kiosk answers
    taps it collects again, and what the start made (modules, Qt types, content, screens,
    all living as long as the kiosk) is frozen out of its walks."""
    assert at_interactive["collecting"] is True
    assert at_interactive["frozen"] > 10_000
