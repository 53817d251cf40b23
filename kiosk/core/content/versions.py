"""Versions of the content: every load copies the folder first and checks the copy.

So the kiosk shows exactly the files that were checked (an editor saving a picture half-way
cannot reach the screen), and the last version that passed is still there when the kiosk
starts with a broken content folder: it shows that one until the errors are fixed.
`load_version()` is the one place that decides this, for `kiosk run` and the live reload.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.content import files as contentfiles
from kiosk.core.content.fingerprint import fingerprint
from kiosk.core.content.problems import Problem, Problems, Severity

if TYPE_CHECKING:  # the loader (and PyYAML) is imported by check(), when a load runs
    from kiosk.core.content.loader import LoadResult
    from kiosk.core.content.model import Content


log = logging.getLogger("kiosk.versions")
VERSIONS = "content-versions"
GOOD = "GOOD"  # a file naming the last version that loaded without errors
STAGING_GRACE_S = 3600  # an unfinished copy older than this was left by a crash
COPY_ATTEMPTS = 3
FAULT = "the content could not be checked (a fault in the kiosk, see its log)"


class Outcome(Enum):
    LOADED = "loaded"  # the folder passed: its checked copy is the new last good version
    KEPT_LAST_GOOD = "kept_last_good"  # the folder has problems: the last good version instead
    REFUSED = "refused"  # the folder has problems and no good version is offered instead


@dataclass(frozen=True)
class VersionResult:
    """What one load did: the content to show (None: nothing new) and the folder's problems,
    pointed at the staff's own files."""

    outcome: Outcome
    content: Content | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def load_version(
    folder: Path,
    data_folder: Path,
    *,
    draw: Callable[[Content], list[Problem]] | None = None,
    fall_back: bool = True,
) -> VersionResult:
    """Copy `folder`, check the copy (with `draw` too, if given), keep it if it passed.

    Otherwise the copy is discarded and, with `fall_back`, the last good version is loaded
    instead (the live reload passes False: it already shows that version). The live folder is
    never read unchecked; a fault in the checker is a problem, never a verdict. A `current`
    link (kiosk pull) is resolved once, so a switch during the copy cannot mix two versions."""
    try:
        staged = stage(folder.resolve(), data_folder)
    except StagingRefused as exc:
        return _instead(exc.problems, data_folder, fall_back)
    except Exception:  # a fault in the kiosk, not the staff's
        log.exception("the content could not be copied")
        return _instead([_fault(folder)], data_folder, fall_back)
    result = check(staged, draw)
    problems = as_original(result.problems, staged, folder)
    if result.content is not None:
        mark_good(staged)
        return VersionResult(Outcome.LOADED, result.content, problems)
    discard(staged)  # broken: never kept
    return _instead(problems, data_folder, fall_back)


def check(folder: Path, draw: Callable[[Content], list[Problem]] | None = None) -> LoadResult:
    """The one loader on `folder`, then `draw` on what it read; a fault in either (a bug in
    the kiosk, not the staff's) is an error problem, so nothing unchecked is ever shown."""
    from kiosk.core.content import loader

    try:
        result = loader.load_content(folder, advice=False)  # the kiosk shows no warnings
        found = draw(result.content) if draw and result.content is not None else []
    except Exception:
        log.exception("the content could not be checked")
        return loader.LoadResult(None, [_fault(folder)])
    return loader.LoadResult(None, result.problems + found) if found else result


def _fault(folder: Path) -> Problem:
    return Problem(folder, 0, 0, Severity.ERROR, FAULT, "the last good content stays on screen")


def _instead(problems: list[Problem], data_folder: Path, fall_back: bool) -> VersionResult:
    last = last_good(data_folder) if fall_back else None
    content = check(last).content if last else None
    if content is None:
        return VersionResult(Outcome.REFUSED, None, problems)
    return VersionResult(Outcome.KEPT_LAST_GOOD, content, problems)


class StagingRefused(Exception):
    """The folder cannot be copied as it is; `problems` say why, at the staff's files."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def stage(content_root: Path, data_folder: Path) -> Path:
    """Copy the content into a new version folder and return it.

    Only the files the loader reads are copied (plain files; links only when they stay inside
    the folder), each read capped and the whole copy capped. A file changed while it is being
    copied changes the folder's fingerprint: the copy is then made again, so a half-written
    file never becomes a version. Raises StagingRefused with the reasons otherwise."""
    base = data_folder / VERSIONS
    found = Problems()
    for _attempt in range(COPY_ATTEMPTS):
        before = fingerprint(content_root)
        listing = contentfiles.scan(content_root)
        for path, message, hint in listing.refused:
            found.error(path, 0, 0, message, hint)
        if found.items:
            raise StagingRefused(found.items)
        name = f"v{time.time_ns()}-{os.getpid()}"
        staging = base / (name + ".tmp")
        try:
            base.mkdir(parents=True, exist_ok=True)
            _copy(content_root, staging, listing.files)
        except contentfiles.FileRefused as exc:
            shutil.rmtree(staging, ignore_errors=True)
            found.error(content_root, 0, 0, exc.message, exc.hint)
            raise StagingRefused(found.items) from exc
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            log.warning("could not copy the content to check it (%s)", exc)
            found.error(
                content_root,
                0,
                0,
                f"the content could not be copied to be checked ({exc.strerror})",
                "check that the kiosk's data folder has free space",
            )
            raise StagingRefused(found.items) from exc
        if fingerprint(content_root) == before:
            staging.rename(base / name)
            return base / name
        shutil.rmtree(staging, ignore_errors=True)  # a file changed half-way: copy again
        log.info("the content changed while it was copied; copying it again")
    found.error(
        content_root,
        0,
        0,
        "the content kept changing while it was copied",
        "wait until every file is saved; the kiosk checks again on the next change",
    )
    raise StagingRefused(found.items)


def _copy(root: Path, staging: Path, files: list[str]) -> None:
    staging.mkdir()
    total = 0
    for rel in files:
        data = contentfiles.read_bytes(root / rel, root=root)
        total += len(data)
        if total > contentfiles.MAX_TOTAL_BYTES:
            raise contentfiles.FileRefused("the content folder grew too large while it was copied")
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)


def mark_good(version: Path) -> None:
    good = version.parent / GOOD
    tmp = good.with_suffix(".tmp")
    try:
        tmp.write_text(version.name)
        tmp.replace(good)
    except OSError as exc:
        log.warning("could not record the good content version (%s)", exc)


def last_good(data_folder: Path) -> Path | None:
    try:
        name = (data_folder / VERSIONS / GOOD).read_text().strip()
    except OSError:
        return None
    path = data_folder / VERSIONS / name
    return path if name and path.is_dir() else None


def discard(version: Path) -> None:
    shutil.rmtree(version, ignore_errors=True)


def prune(data_folder: Path, keep: set[Path]) -> None:
    """Remove versions nobody shows or waits to show; the last good one always stays."""
    base = data_folder / VERSIONS
    good = last_good(data_folder)
    keep = {p.resolve() for p in keep} | ({good.resolve()} if good else set())
    if not base.is_dir():
        return
    for path in base.iterdir():
        if path.name.endswith(".tmp") and _age_s(path) < STAGING_GRACE_S:
            continue  # a copy being made right now (a live reload's worker)
        if path.is_dir() and path.resolve() not in keep:
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file() and path.name != GOOD:
            path.unlink(missing_ok=True)  # an earlier release's start-up records (a pickle)


def _age_s(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def as_original(problems: list[Problem], version: Path, original: Path) -> list[Problem]:
    """Problems found in a copy, pointed back at the staff's own files."""
    moved = []
    for problem in problems:
        try:
            inside = problem.path.resolve().relative_to(version.resolve())
        except ValueError:
            moved.append(problem)
            continue
        moved.append(dataclasses.replace(problem, path=original / inside))
    return moved
