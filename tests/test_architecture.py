"""Rules of the code's shape and of the platform it stands on."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_imports_no_qt() -> None:
    """The content model, session rules and loaders must run without Qt."""
    for path in (ROOT / "kiosk" / "core").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            bad = [n for n in names if n.startswith(("PySide6", "shiboken6", "kiosk.ui"))]
            assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_core_and_validate_load_without_qt_in_a_fresh_process() -> None:
    code = (
        "import sys, kiosk.core.loader, kiosk.core.journey, kiosk.core.idle, kiosk.core.qr, "
        "kiosk.cli\n"
        "kiosk.cli.validate(kiosk.cli.DEFAULT_CONTENT, False)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_first_frame_needs_neither_the_model_nor_the_yaml_reader() -> None:
    """What `kiosk run` imports before a quick start's first frame (kiosk.ui.first_frame):
    reading the content and building the rest come after it (docs/performance.md)."""
    code = (
        "import sys, kiosk.cli, kiosk.logs, kiosk.core.bootcache, kiosk.core.fingerprint, "
        "kiosk.core.paths, kiosk.ui.launch, kiosk.ui.first_frame\n"
        "late = ('yaml', 'kiosk.core.model', 'kiosk.core.loader', 'kiosk.core.journey', "
        "'kiosk.ui.app', 'kiosk.ui.input', 'kiosk.ui.reload', 'logging.handlers', 'hashlib')\n"
        "print(sorted(m for m in late if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_pyside_does_not_leak_none_references() -> None:
    """PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void Qt call and
    aborts with 'none_dealloc' after a few thousand calls. Run the calls in a child process
    so a bad build fails this test instead of killing the whole run."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QObject, QPoint\n"
        "obj, point = QObject(), QPoint()\n"
        "before = sys.getrefcount(None)\n"
        "for i in range(10_000):\n"
        "    obj.setObjectName('x')\n"
        "    point.setX(i)\n"
        "after = sys.getrefcount(None)\n"
        "print(before, after)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    before, after = (int(v) for v in out.stdout.split())
    assert after >= before - 100, f"None refcount fell from {before} to {after}"
