"""Before Qt opens a window on X11: are the system libraries its xcb platform needs there?

Without them Qt prints a long message and aborts with a core dump. This looks first, with
`ldd` on Qt's xcb plugin (without importing Qt), and says in one line which Debian packages
to install. The packages are those of debian-packages.txt, the one list the README and CI use.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

# Library file names whose Debian package is not simply the name plus its version.
PACKAGES = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-util.so.1": "libxcb-util1",
}
NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def package_for(soname: str) -> str:
    """`libxcb-cursor.so.0` -> `libxcb-cursor0`, `libxkbcommon-x11.so.0` -> `libxkbcommon-x11-0`."""
    if soname in PACKAGES:
        return PACKAGES[soname]
    base, _, version = soname.partition(".so")
    version = version.lstrip(".").split(".")[0]
    joiner = "-" if base[-1:].isdigit() else ""
    return (base + joiner + version).lower()


def xcb_plugin_files() -> list[Path]:
    """Qt's xcb plugin and the library behind it, found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return []
    qt = Path(spec.origin).parent / "Qt"
    files = [qt / "plugins" / "platforms" / "libqxcb.so", *sorted(qt.glob("lib/libQt6XcbQpa.so*"))]
    return [f for f in files if f.is_file()]


def missing_libraries(files: list[Path]) -> list[str]:
    """Shared libraries the given ELF files need and the system lacks (by `ldd`)."""
    import shutil
    import subprocess

    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    missing: list[str] = []
    for path in files:
        proc = subprocess.run(
            [ldd, str(path)], capture_output=True, text=True, check=False, timeout=30
        )
        for name in NOT_FOUND.findall(proc.stdout):
            if name not in missing:
                missing.append(name)
    return missing


def wants_xcb(env: dict[str, str] | None = None) -> bool:
    """Will Qt open its window through xcb (X11) here?"""
    env = dict(os.environ if env is None else env)
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def loads(files: list[Path]) -> bool:
    """Quick look: the files load (Qt loads them next anyway, so this costs ~nothing)."""
    import ctypes

    for path in files:
        try:
            ctypes.CDLL(str(path))
        except OSError:
            return False
    return True


def problem(files: list[Path] | None = None) -> str:
    """One line naming the packages to install, or "" when nothing is missing."""
    files = xcb_plugin_files() if files is None else files
    if loads(files[::-1]):  # the library first, then the plugin that needs it
        return ""
    missing = missing_libraries(files)
    qt_own = [m for m in missing if m.startswith("libQt6")]
    if qt_own:
        return (
            f"kiosk: Qt's own {', '.join(qt_own)} is missing: reinstall the project "
            "(rm -rf .venv; make run)"
        )
    if not missing:
        return ""
    packages = " ".join(dict.fromkeys(package_for(m) for m in missing))
    return (
        f"kiosk: Qt cannot open a window: {', '.join(missing)} missing; install them with: "
        f"sudo apt-get install {packages}   (or every package in debian-packages.txt)"
    )
