"""Checks the document as it is being edited, with the one loader, off the UI thread.

The current text of every file is written to a private copy of the content folder and loaded
there by `load_content`, exactly as `kiosk validate` and the kiosk would load it once saved.
The result comes back as a signal; problems carry the studio field they point at, and the
result carries the sign-off fingerprint of what was checked (`signoff.fingerprint`, computed
here off the UI thread), which "Mark as reviewed by…" records and the review line compares.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.core.content import signoff
from kiosk.core.content.loader import LoadResult, load_content
from kiosk.core.content.model import Content
from kiosk.core.content.problems import Problem
from kiosk.core.content.signoff import Fingerprint
from kiosk.core.editing.document import Document
from kiosk.core.editing.edits import NEW_BODY
from kiosk.core.editing.fields import FieldRef, locate, relative

log = logging.getLogger("kiosk.studio")


@dataclass(frozen=True)
class Finding:
    """One problem as the studio lists it: words, where, and the field to jump to."""

    text: str
    is_error: bool
    rel: str | None
    field: FieldRef | None


@dataclass(frozen=True)
class CheckResult:
    content: Content | None  # the checked content when it has no error (for the preview)
    findings: tuple[Finding, ...]
    fingerprint: Fingerprint | None = None  # of `content`: what a sign-off now would record
    texts: dict[str, str] | None = None  # the files' text that was checked

    def is_of(self, doc: Document) -> bool:
        """True when this result is of the document as it is now (no edit since)."""
        return self.texts == doc.texts()

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)


class Checker(QObject):
    checked = Signal(object)  # CheckResult
    _done = Signal(object)  # from the worker thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-studio-"))
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studio-check")
        self._busy = False
        self._pending: tuple[Path, dict[str, str], dict[str, str], list[Finding]] | None = None
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return self._busy or self._pending is not None

    def request(self, doc: Document) -> None:
        """Check the document as it is now; a request while busy waits for the current one."""
        self._pending = (doc.root, doc.texts(), dict(doc.unreadable), unfinished(doc))
        if not self._busy:
            self._start()

    def _start(self) -> None:
        if self._pending is None:
            return
        root, texts, unreadable, extra = self._pending
        self._pending = None
        self._busy = True
        future = self._pool.submit(self._check, root, texts, unreadable, extra)
        future.add_done_callback(self._finished)

    def _check(
        self, root: Path, texts: dict[str, str], unreadable: dict[str, str], extra: list[Finding]
    ) -> CheckResult:
        copy = self.folder / "content"
        _mirror(root, copy, texts, unreadable)
        result = load_content(copy)
        found = [
            Finding(f"{rel}: the studio cannot edit this file: it {why}", False, rel, None)
            for rel, why in sorted(unreadable.items())
        ]
        findings = tuple(found + extra + _findings(result, copy, texts))
        now = signoff.fingerprint(result.content) if result.content is not None else None
        return CheckResult(result.content, findings, now, texts)

    def _finished(self, future: Future[CheckResult]) -> None:
        try:
            self._done.emit(future.result())
        except Exception:
            log.exception("checking the edited content failed")
            self._done.emit(None)

    def _deliver(self, result: CheckResult | None) -> None:
        self._busy = False
        if result is not None:
            self.checked.emit(result)
        self._start()

    def shutdown(self) -> None:
        self.blockSignals(True)  # a result still on its way reaches nobody
        self._pending = None
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def unfinished(doc: Document) -> list[Finding]:
    """New slides whose text is still the studio's placeholder: patients would read it."""
    found = []
    for lang in doc.languages:
        for rel in doc.section_files(lang):
            section = doc.files[rel].data
            for slide in section.get("slides") or [] if isinstance(section, dict) else []:
                if isinstance(slide, dict) and str(slide.get("body", "")).strip() == NEW_BODY:
                    ident = str(slide.get("id"))
                    field = FieldRef("body", lang, str(section.get("id")), ident)
                    text = f"{rel}: slide '{ident}' still has the new-slide text; write its words"
                    found.append(Finding(text, False, rel, field))
    return found


def _mirror(root: Path, copy: Path, texts: dict[str, str], unreadable: dict[str, str]) -> None:
    """The edited texts, the files the studio cannot edit, and the pictures, in `copy`."""
    copy.mkdir(parents=True, exist_ok=True)
    stale = {p.relative_to(copy).as_posix() for p in copy.rglob("*.y*ml")}
    for rel, text in texts.items():
        target = copy / rel
        stale.discard(rel)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for rel in unreadable:  # as they are, so the loader reports them as it would
        stale.discard(rel)
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).unlink(missing_ok=True)
        try:
            shutil.copy2(root / rel, copy / rel, follow_symlinks=False)
        except (OSError, shutil.SpecialFileError):
            continue  # a FIFO or device: not copied; the studio lists it below
    for rel in stale:
        (copy / rel).unlink(missing_ok=True)
    images = root / "images"
    if images.is_dir() and not images.is_symlink():
        shutil.copytree(images, copy / "images", symlinks=True, dirs_exist_ok=True)


def _findings(result: LoadResult, copy: Path, texts: dict[str, str]) -> list[Finding]:
    found = []
    for problem in result.problems:
        rel = relative(copy, problem.path)
        field = locate(rel, texts[rel], problem.line) if rel in texts else None
        found.append(Finding(_words(problem, copy), problem.is_error, rel, field))
    return found


# The loader's hints name terminal commands; in the studio the same step is a button.
STUDIO_STEPS = {'run kiosk review --by "NAME"': "use Mark as reviewed by… (toolbar)"}


def _words(problem: Problem, copy: Path) -> str:
    words = problem.format(relative_to=copy)
    for command, button in STUDIO_STEPS.items():
        words = words.replace(command, button)
    return words
