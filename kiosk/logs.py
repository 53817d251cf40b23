"""Logging: stderr for the journal, plus a rotating file in the kiosk's data folder.

Log lines say what the kiosk did (started, loaded content, a staff PIN failed), never what a
patient did: no slide, answer or language is logged (anonymous counts go to the usage log).
"""

from __future__ import annotations

import atexit
import faulthandler
import io
import logging
import sys
from pathlib import Path

FORMAT = "%(levelname)s %(name)s: %(message)s"
FILE_FORMAT = "%(asctime)s " + FORMAT
MAX_BYTES = 1_000_000
BACKUPS = 5
LOG_NAME = "kiosk.log"


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


class _EarlyRecords(logging.Handler):
    """Keeps what is logged before the log file opens (right after the first frame)."""

    LIMIT = 1000

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < self.LIMIT:
            self.records.append(record)


def setup(log_folder: Path | None = None, defer_file: bool = False) -> Path | None:
    """Configure the root logger once; returns the log file when one is written.

    With `defer_file` the file is opened by `open_file()` (the kiosk calls it after its first
    frame: `logging.handlers` alone costs several ms of start-up), and what was logged before
    is written then, in order. A process that exits sooner still writes it, at exit; one that
    is killed or crashes hard before its first frame leaves it on stderr (the journal) only."""
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
    if defer_file:
        early = _EarlyRecords(log_folder)
        early._kiosk = True  # type: ignore[attr-defined]
        root.addHandler(early)
        atexit.register(open_file)
        return log_folder / LOG_NAME
    return _add_file(root, log_folder, [])


def open_file() -> Path | None:
    """Open the log file that `setup(..., defer_file=True)` put off; None if there is none."""
    root = logging.getLogger()
    early = next((h for h in root.handlers if isinstance(h, _EarlyRecords)), None)
    if early is None:
        return None
    root.removeHandler(early)
    return _add_file(root, early.folder, early.records)


def _add_file(
    root: logging.Logger, log_folder: Path, earlier: list[logging.LogRecord]
) -> Path | None:
    import logging.handlers

    try:
        log_folder.mkdir(parents=True, exist_ok=True)
        path = log_folder / LOG_NAME
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger("kiosk").warning("no log file (%s); logging to stderr only", exc)
        return None
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    handler._kiosk = True  # type: ignore[attr-defined]
    for record in earlier:
        handler.handle(record)
    root.addHandler(handler)
    return path
