"""The staff panel's "Edit slides": the kiosk goes back to Welcome and the studio opens on top."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.core.session.journey import Screen
from kiosk.core.system.pin import PinStore


def test_edit_slides_returns_to_welcome_and_starts_the_studio(
    make_kiosk, qtbot, content_dir: Path, private_data_folder: Path
) -> None:
    PinStore(private_data_folder).set_pin("246813")
    kiosk = make_kiosk(kiosk_mode=True, content_dir=content_dir)
    kiosk.move(kiosk.journey.start)
    kiosk.move(kiosk.journey.begin)
    assert kiosk.journey.screen is Screen.SLIDE
    kiosk.staff.panel.open()
    started: list[int | None] = []
    original = kiosk.staff.open_studio
    kiosk.staff.open_studio = lambda folder: started.append(original(folder)) or started[-1]
    qtbot.mouseClick(kiosk.staff.panel.studio, Qt.MouseButton.LeftButton)
    assert kiosk.journey.screen is Screen.WELCOME
    assert not kiosk.staff.panel.isVisible()
    pid = started[0]
    assert pid is not None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        assert b"studio" in cmdline
        assert cmdline[cmdline.index(b"--content") + 1] == str(content_dir).encode()
        assert b"--on-top" in cmdline
    finally:
        os.kill(pid, signal.SIGTERM)
        qtbot.waitUntil(lambda: not Path(f"/proc/{pid}").exists() or _zombie(pid), timeout=10000)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True
