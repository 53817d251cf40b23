"""The deployment files say what docs/deployment.md promises."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.cli import build_parser
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "skin-kiosk.service")
    return parser


def test_service_restarts_for_ever_and_uses_the_watchdog() -> None:
    service = unit()["Service"]
    assert service["Type"] == "notify"
    assert service["NotifyAccess"] == "all"
    assert int(service["WatchdogSec"]) > 0
    assert service["Restart"] == "always"
    assert unit()["Unit"]["StartLimitIntervalSec"] == "0"


def test_service_runs_the_kiosk_locked_inside_cage_without_vt_switching() -> None:
    words = shlex.split(unit()["Service"]["ExecStart"])
    assert words[0] == "/usr/bin/cage"
    assert "-s" not in words[: words.index("--")]
    command = words[words.index("--") + 1 :]
    assert command[0].endswith("/kiosk")
    args = build_parser().parse_args(command[1:])
    assert args.command == "run"
    assert args.kiosk


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_the_unit() -> None:
    proc = subprocess.run(
        ["systemd-analyze", "verify", str(DEPLOY / "skin-kiosk.service")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    complaints = [
        line
        for line in (proc.stdout + proc.stderr).splitlines()
        if line.strip() and "/usr/bin/cage" not in line
    ]  # cage is not installed here
    assert complaints == []


def test_autostart_file() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(DEPLOY / "skin-kiosk.desktop")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].endswith("deploy/start-kiosk.sh")


def test_start_script_restarts_after_a_crash_and_stops_after_the_staff_exit(tmp_path: Path) -> None:
    home = tmp_path / "kiosk-home"
    (home / ".venv" / "bin").mkdir(parents=True)
    fake = home / ".venv" / "bin" / "kiosk"
    runs = tmp_path / "runs"
    # First run crashes (code 70), the second ends by the staff exit (code 0).
    fake.write_text(
        f'#!/bin/sh\necho "$@" >> {runs}\n[ "$(wc -l < {runs})" -ge 2 ] && exit 0\nexit 70\n'
    )
    fake.chmod(0o755)
    env = {**os.environ, "KIOSK_HOME": str(home), "PATH": "/usr/bin:/bin"}
    env.pop("DISPLAY", None)
    proc = subprocess.run(
        ["sh", str(DEPLOY / "start-kiosk.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0
    lines = runs.read_text().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("run --kiosk --content")
    assert "restarting" in proc.stderr


def test_shell_scripts_parse() -> None:
    for script in ("start-kiosk.sh", "install.sh"):
        subprocess.run(["sh", "-n", str(DEPLOY / script)], check=True)


def test_the_kiosk_user_can_read_but_not_write_the_content() -> None:
    """Issue 15: content arrives through staff accounts; the kiosk process only reads it."""
    service = unit()["Service"]
    assert service["User"] == "kiosk"
    assert "/opt/skin-kiosk" in service["ReadOnlyPaths"].split()
    install = (DEPLOY / "install.sh").read_text()
    assert "chown -R kiosk" not in install
    assert 'chown -R root:kiosk-staff "$DEST/content"' in install
    assert "o=rX" in install  # readable by the kiosk user, writable by kiosk-staff only
    assert "usermod -aG kiosk" not in install.replace("kiosk-staff", "")
    guide = (ROOT / "docs" / "deployment.md").read_text()
    assert "can read its content but not write it" in guide
