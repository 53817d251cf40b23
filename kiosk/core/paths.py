"""Where the kiosk keeps its own files (logs, PIN, usage counts): never inside content/."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "skin-kiosk"


def data_dir() -> Path:
    """`KIOSK_DATA_DIR` wins (tests, unusual installs); else the OS's per-user data folder."""
    override = os.environ.get("KIOSK_DATA_DIR")
    path = (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path
