"""Live reload that never shows broken content.

Folders are watched (not files), changes are debounced, and a periodic fingerprint catches what
notifications miss. On a worker thread, `versions.load_version` copies the folder and checks the
copy (pictures decoded too); only content without errors is offered to the app, which swaps it
in at a safe moment.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal

from kiosk.core.content import versions
from kiosk.core.content.fingerprint import files, fingerprint, folders
from kiosk.core.content.model import Content
from kiosk.core.content.problems import Problem, Severity
from kiosk.ui.pictures import why_not_drawn

log = logging.getLogger("kiosk.reload")
DEBOUNCE_MS = 600
POLL_MS = 5000


def decode_pictures(content: Content) -> list[Problem]:
    """Draw every picture once, off screen: a file that passed the checks can still fail here."""
    found = [(path, why_not_drawn(path)) for path in content.pictures()]
    return [
        Problem(path, 0, 0, Severity.ERROR, why, "export it again") for path, why in found if why
    ]


class ContentReloader(QObject):
    """Emits `content_loaded` with checked Content, or `content_rejected` with the problems."""

    content_loaded = Signal(object)
    content_rejected = Signal(list)
    _finished = Signal(object)  # from the worker thread, delivered on the UI thread

    def __init__(
        self,
        root: Path,
        current: Content,
        data_folder: Path,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
        stamp: str | None = None,
    ) -> None:
        super().__init__(parent)  # with a parent, Qt (not Python's GC) decides when it dies
        self.root = Path(root)
        self.data_folder = data_folder  # where the checked versions are kept
        self.checksum = current.checksum
        self.problems: list[Problem] = []
        # The fingerprint `current` was loaded with, if known: a change made since is then
        # picked up by the first poll.
        self._stamp = fingerprint(self.root) if stamp is None else stamp
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="content-load")
        self._busy = False
        self._again = False
        self._stopped = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._schedule)
        self.watcher.fileChanged.connect(self._schedule)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.reload_now)
        self.poll = QTimer(self)
        self.poll.setInterval(poll_ms)
        self.poll.timeout.connect(self._check_fingerprint)
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._rewatch()

    def start(self) -> None:
        self.poll.start()

    def stop(self) -> None:
        """Stop for good: no watch, no timer and no worker may start a load afterwards."""
        self._stopped = True
        self.watcher.directoryChanged.disconnect(self._schedule)
        self.watcher.fileChanged.disconnect(self._schedule)
        paths = self.watcher.directories() + self.watcher.files()
        if paths:
            self.watcher.removePaths(paths)
        self.poll.stop()
        self.debounce.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def reload_now(self) -> None:
        """Load the folder again now (also the staff panel's "reload now")."""
        if self._stopped:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._stamp = fingerprint(self.root) if self.root.is_dir() else ""
        future = self._pool.submit(  # fall_back=False: the last good version is on screen
            versions.load_version,
            self.root,
            self.data_folder,
            draw=decode_pictures,
            fall_back=False,
        )
        future.add_done_callback(self._deliver)  # load_version turns faults into problems

    def _schedule(self, *_: object) -> None:
        self._rewatch()
        self.debounce.start()

    def _check_fingerprint(self) -> None:
        stamp = fingerprint(self.root) if self.root.is_dir() else ""
        if stamp != self._stamp:
            self._stamp = stamp  # noted once; restarting the debounce every poll would starve it
            self._rewatch()
            self.debounce.start()

    def _rewatch(self) -> None:
        """Re-add every folder and file: a replaced file or re-created folder loses its watch.

        Folder watches see files added, removed and renamed; file watches see edits in place;
        the periodic fingerprint catches whatever both miss."""
        present = self.root.is_dir()
        wanted = set(folders(self.root)) | set(files(self.root)) if present else set()
        wanted.add(str(self.root.parent))  # to notice the content folder itself being replaced
        watched = set(self.watcher.directories()) | set(self.watcher.files())
        if watched - wanted:
            self.watcher.removePaths(sorted(watched - wanted))
        if wanted - watched:
            self.watcher.addPaths(sorted(wanted - watched))

    def prune(self, keep: set[Path]) -> None:
        """Remove versions nobody shows; not while a load is copying or checking one (that
        version is not "good" yet, and the next swap prunes again)."""
        if not self._busy:
            versions.prune(self.data_folder, keep)

    def _deliver(self, future: Future[versions.VersionResult]) -> None:
        if not future.cancelled():  # cancelled: stopped for good
            self._finished.emit(future.result())

    def _on_finished(self, result: versions.VersionResult) -> None:
        self._busy = False
        if self._stopped:
            return
        if self._again:
            self._again = False
            self.reload_now()
            return
        self.problems = list(result.problems)
        if result.content is None:
            log.warning("new content has errors; the last good content stays on screen")
            for problem in result.errors:
                log.warning("%s", problem.format(self.root.parent))
            self.content_rejected.emit(result.errors)
        elif result.content.checksum != self.checksum:
            self.checksum = result.content.checksum
            log.info("new content %s loaded", self.checksum)
            self.content_loaded.emit(result.content)
