"""A copy of the last content that loaded without errors, in the kiosk's data folder.

If the content folder is broken when the kiosk starts (an edit made while it was off, a restart
after a bad edit), the kiosk shows this copy instead of nothing, and keeps watching the real
folder so the fixed content takes over as soon as it is valid.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

log = logging.getLogger("kiosk.snapshot")
FOLDER = "last-good-content"


def save(content_root: Path, data_folder: Path) -> Path | None:
    """Copy the folder next to the snapshot, then swap it in, so a crash never leaves half."""
    target = data_folder / FOLDER
    staging = data_folder / (FOLDER + ".new")
    try:
        if staging.exists():
            shutil.rmtree(staging)
        shutil.copytree(content_root, staging, symlinks=False)
        old = data_folder / (FOLDER + ".old")
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        if old.exists():
            shutil.rmtree(old)
    except OSError as exc:
        log.warning("could not keep a copy of the good content (%s)", exc)
        return None
    return target


def location(data_folder: Path) -> Path:
    return data_folder / FOLDER
