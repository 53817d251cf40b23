"""Where the kiosk keeps its own files (logs, PIN, usage counts): never inside content/."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "skin-kiosk"


def data_dir() -> Path:
    """`KIOSK_DATA_DIR` wins (tests, unusual installs); else the OS's per-user data folder.

    The folder is the kiosk user's alone (0700): it holds the PIN hash, the logs and the
    usage counts. Commands that write into it call `private_files()` first."""
    override = os.environ.get("KIOSK_DATA_DIR")
    path = (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)  # made earlier, or by hand, with looser rights
    except OSError:
        pass  # not ours to change (a shared install): the files inside are still 0600
    return path


def private_files() -> None:
    """From now on this process creates files 0600 and folders 0700 (logs, the usage
    database, content versions): nothing the kiosk keeps is readable by other users."""
    os.umask(0o077)
