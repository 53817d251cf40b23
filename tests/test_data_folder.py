"""The kiosk's data folder (PIN hash, logs, usage counts, content versions) is private."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def kiosk(data: Path, *args: str, stdin: str = "") -> None:
    """A command as staff run it, from a shell whose umask lets everyone read new files."""
    env = {**os.environ, "KIOSK_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    command = " ".join([sys.executable, *args])
    proc = subprocess.run(
        ["sh", "-c", f"umask 022; exec {command}"],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_data_folder_is_0700_and_its_files_0600(tmp_path: Path, content_dir: Path) -> None:
    data = tmp_path / "data"
    kiosk(data, "main.py", "set-pin", stdin="246813\n246813\n")
    kiosk(data, "main.py", "stats")
    start = (
        "from pathlib import Path; from kiosk.core.content import versions; "
        "from kiosk.core.system import paths; paths.private_files(); "
        f"assert versions.load_version(Path({str(content_dir)!r}), paths.data_dir()).content"
    )
    kiosk(data, "-c", f'"{start}"')
    found = list(data.rglob("*"))
    assert any(p.name == "staff-pin.json" for p in found)
    assert any(p.name == "kiosk.yaml" for p in found)  # inside a content version
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for path in found:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"


def test_a_loose_data_folder_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    kiosk(data, "main.py", "stats")
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
