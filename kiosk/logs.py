"""Logging: stderr for the journal, plus a rotating file in the kiosk's data folder.

Log lines say what the kiosk did (started, loaded content, a staff PIN failed), never what a
patient did: no slide, answer or language is logged (anonymous counts go to the usage log).
"""

from __future__ import annotations

import faulthandler
import io
import logging
import logging.handlers
import sys
from pathlib import Path

FORMAT = "%(levelname)s %(name)s: %(message)s"
FILE_FORMAT = "%(asctime)s " + FORMAT
MAX_BYTES = 1_000_000
BACKUPS = 5


def _enable_faulthandler() -> None:
    """A hard crash still leaves a Python stack in the journal."""
    for stream in (sys.stderr, sys.__stderr__):
        if stream is None:
            continue
        try:
            faulthandler.enable(stream)
        except (AttributeError, ValueError, io.UnsupportedOperation):
            continue  # a stand-in stderr without a file descriptor (tests, pythonw)
        return


def setup(log_folder: Path | None = None) -> Path | None:
    """Configure the root logger once; returns the log file when one is written."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for old in [h for h in root.handlers if getattr(h, "_kiosk", False)]:
        root.removeHandler(old)  # set up again: never keep writing to a stream that is gone
        old.close()
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(logging.Formatter(FORMAT))
    stream._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(stream)
    _enable_faulthandler()
    if log_folder is None:
        return None
    try:
        log_folder.mkdir(parents=True, exist_ok=True)
        path = log_folder / "kiosk.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger("kiosk").warning("no log file (%s); logging to stderr only", exc)
        return None
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    handler._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
