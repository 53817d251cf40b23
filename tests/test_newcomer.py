"""A newcomer's first `make run` / `make test` on Debian: one package list, one clear line."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk import xcb
from tests.conftest import ROOT

PACKAGES = ROOT / "debian-packages.txt"


def listed() -> list[str]:
    return [
        line.strip()
        for line in PACKAGES.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_readme_and_ci_install_the_same_one_list() -> None:
    readme = (ROOT / "README.md").read_text()
    installs = [line for line in readme.splitlines() if "apt-get install" in line]
    assert installs == ["sudo apt-get install $(grep -v '^#' debian-packages.txt)"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "grep -v '^#' debian-packages.txt | xargs apt-get install" in ci
    assert "libxcb" not in ci  # no second copy of the list


def test_the_list_holds_every_xcb_library_qt_needs() -> None:
    """Each xcb library Qt's window needs maps to a package in the list (or to one that a
    listed package pulls in: libxcb1 and the xcb-util, render, shm, sync, xfixes libraries)."""
    ldd = subprocess.run(
        ["ldd", *map(str, xcb.xcb_plugin_files())], capture_output=True, text=True, check=True
    ).stdout
    names = set(re.findall(r"^\s*(lib(?:xcb-|xkbcommon)\S*)\s", ldd, re.M))
    assert "libxcb-cursor.so.0" in names
    pulled_in = {"libxcb-util1", "libxcb-render0", "libxcb-shm0", "libxcb-sync1", "libxcb-xfixes0"}
    wanted = {xcb.package_for(n) for n in names} - pulled_in
    assert wanted <= set(listed()), wanted - set(listed())


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
        ("libEGL.so.1", "libegl1"),
    ],
)
def test_library_names_map_to_debian_packages(soname: str, package: str) -> None:
    assert xcb.package_for(soname) == package
    if package != "libxcb-util1":
        assert package in listed()


def test_nothing_is_missing_here() -> None:
    assert xcb.problem() == ""


@pytest.mark.skipif(not shutil.which("gcc"), reason="builds a small library with gcc")
def test_a_missing_library_is_named_in_one_line(tmp_path: Path) -> None:
    """A real shared library that needs one the system lacks (built here, then its
    dependency removed), as Qt's plugin is when libxcb-cursor0 is not installed."""
    (tmp_path / "dep.c").write_text("int dep(void) { return 1; }\n")
    (tmp_path / "plugin.c").write_text("int dep(void);\nint plugin(void) { return dep(); }\n")
    dep = tmp_path / "libxcb-kiosktest.so.0"

    def cc(*args: str) -> None:
        subprocess.run(["gcc", "-shared", "-fPIC", *args], check=True, cwd=tmp_path)

    cc("-Wl,-soname,libxcb-kiosktest.so.0", "-o", str(dep), "dep.c")
    plugin = tmp_path / "libqfake.so"
    cc("-o", str(plugin), "plugin.c", str(dep))
    dep.unlink()
    line = xcb.problem([plugin])
    assert "\n" not in line
    assert line == (
        "kiosk: Qt cannot open a window: libxcb-kiosktest.so.0 missing; install them with: "
        "sudo apt-get install libxcb-kiosktest0   (or every package in debian-packages.txt)"
    )


def test_run_checks_before_qt_only_for_an_x11_window() -> None:
    assert xcb.wants_xcb({"DISPLAY": ":0"})
    assert xcb.wants_xcb({"QT_QPA_PLATFORM": "xcb"})
    assert not xcb.wants_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"})
    assert not xcb.wants_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})
