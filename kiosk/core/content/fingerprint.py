"""A cheap fingerprint of a content folder: names, sizes and modification times.

Used as the fallback for file-system notifications, which editors and sync tools can defeat
(they replace files, and a replaced or re-created folder drops its watch).
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.core.content.files import is_ignored


def fingerprint(root: Path) -> str:
    """One line per file: its path inside `root`, size and modification time.

    Kept as the listing itself, not a hash of it: comparing a few kilobytes is as quick, and
    start-up does not pay for loading a hash library."""
    lines: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d))
        for name in sorted(files):
            if is_ignored(name):  # the loader skips the same files (kiosk.core.content.files)
                continue
            path = Path(folder, name)
            try:
                st = path.stat()
            except OSError:
                continue  # vanished between listing and stat: the next look will see it
            lines.append(f"{path.relative_to(root)}\0{st.st_size}\0{st.st_mtime_ns}\n")
    return "".join(lines)


def files(root: Path) -> list[str]:
    """Every content file, for the file watches that catch edits made in place."""
    found: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not is_ignored(d)]
        found.extend(str(Path(folder, n)) for n in names if not is_ignored(n))
    return found


def folders(root: Path) -> list[str]:
    """Every folder to watch, the root included."""
    found = [str(root)]
    for folder, dirs, _ in os.walk(root):
        dirs[:] = [d for d in dirs if not is_ignored(d)]
        found.extend(str(Path(folder, d)) for d in dirs)
    return found
