"""The shipped systemd timer for `kiosk pull` and the fleet drop-in for the kiosk service."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.cli import build_parser
from kiosk.core.content.fleet import Fleet

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / name)
    return parser


def test_the_timer_waits_a_random_delay_so_kiosks_do_not_fetch_at_once() -> None:
    timer = unit("skin-kiosk-pull.timer")["Timer"]
    assert timer["OnUnitActiveSec"] == "15min"
    assert timer["RandomizedDelaySec"] == "5min"


def test_the_pull_service_runs_kiosk_pull_with_the_repository() -> None:
    service = unit("skin-kiosk-pull.service")["Service"]
    words = service["ExecStart"].split()
    assert words[0].endswith("/kiosk")
    args = build_parser().parse_args(words[1:])
    assert (args.command, args.repo, args.ref) == (
        "pull",
        "${KIOSK_CONTENT_REPO}",
        "${KIOSK_CONTENT_TAGS}",
    )
    assert service["Type"] == "oneshot"


def test_the_fleet_drop_in_runs_the_kiosk_on_the_current_link(tmp_path: Path) -> None:
    lines = (DEPLOY / "skin-kiosk-fleet.conf").read_text().splitlines()
    command = next(line for line in lines if line.startswith("ExecStart=/")).split()
    args = build_parser().parse_args(command[command.index("--") + 2 :])
    assert args.command == "run"
    data = Path("/home/kiosk/.local/share/skin-kiosk")
    assert args.content == Fleet(data).current


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
@pytest.mark.parametrize("name", ["skin-kiosk-pull.service", "skin-kiosk-pull.timer"])
def test_systemd_accepts_the_units(name: str) -> None:
    proc = subprocess.run(
        ["systemd-analyze", "verify", str(DEPLOY / name)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    complaints = [
        line
        for line in (proc.stdout + proc.stderr).splitlines()
        if line.strip() and "/opt/skin-kiosk" not in line
    ]  # the app is not installed here
    assert complaints == []
