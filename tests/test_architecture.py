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
        "import sys, kiosk.core.content.loader, kiosk.core.session.journey, "
        "kiosk.core.session.idle, kiosk.core.content.qr, "
        "kiosk.cli\n"
        "kiosk.cli.validate(kiosk.cli.DEFAULT_CONTENT, False)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def imports_of(path: Path) -> set[str]:
    """The kiosk modules a file imports, TYPE_CHECKING imports included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("kiosk")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kiosk"):
            module = node.module or ""
            found |= {f"{module}.{a.name}" for a in node.names} | {module}
    return found


def test_no_import_cycles() -> None:
    """Every import goes one way: a module never reaches itself through what it imports."""
    graph: dict[str, set[str]] = {}
    for path in (ROOT / "kiosk").rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = imports_of(path)
    for name, targets in graph.items():
        graph[name] = {t for t in targets if t in graph and t != name}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for t in graph[start] - seen:
            seen.add(t)
            if t == goal or reaches(t, goal, seen):
                return True
        return False

    cycles = sorted(n for n in graph if reaches(n, n, set()))
    assert not cycles, f"modules in an import cycle: {cycles}"


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


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_the_studio_is_a_front_end_over_the_same_core() -> None:
    """No second loader, validator or YAML writer in the studio; the kiosk never imports it."""
    for path in (ROOT / "kiosk" / "studio").rglob("*.py"):
        bad = [
            n
            for n in _imports(path)
            if n.startswith(("yaml", "ruamel", "kiosk.core.content.yamlsrc"))
        ]
        assert not bad, f"{path.relative_to(ROOT)} reads YAML itself: {bad}"
    for path in (ROOT / "kiosk" / "ui").rglob("*.py"):
        bad = [n for n in _imports(path) if n.startswith("kiosk.studio")]
        assert not bad, f"{path.relative_to(ROOT)} imports the studio: {bad}"
    preview = _imports(ROOT / "kiosk" / "studio" / "preview.py")
    assert "kiosk.ui.slide" in preview  # the kiosk's own slide screen, not a copy
