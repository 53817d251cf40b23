"""Versions of the content: every load copies the folder first and checks the copy.

So the kiosk shows exactly the files that were checked (an editor saving a picture half-way
cannot reach the screen), and the last version that passed is still there when the kiosk
starts with a broken content folder: it shows that one until the errors are fixed.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.core.problems import Problem


log = logging.getLogger("kiosk.snapshot")
VERSIONS = "content-versions"
GOOD = "GOOD"  # a file naming the last version that loaded without errors
STAGING_GRACE_S = 3600  # an unfinished copy older than this was left by a crash


def stage(content_root: Path, data_folder: Path) -> Path | None:
    """Copy the content into a new version folder; None if it cannot be copied."""
    base = data_folder / VERSIONS
    name = f"v{time.time_ns()}-{os.getpid()}"
    staging = base / (name + ".tmp")
    try:
        base.mkdir(parents=True, exist_ok=True)
        shutil.copytree(content_root, staging, symlinks=False)
        staging.rename(base / name)
    except OSError as exc:
        log.warning("could not copy the content to check it (%s)", exc)
        shutil.rmtree(staging, ignore_errors=True)
        return None
    return base / name


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
    _companions(version)


def _companions(version: Path) -> None:
    """Files kept beside a version (the start-up records of earlier releases) go with it."""
    for path in version.parent.glob(version.name + ".*"):
        if path.is_file():
            path.unlink(missing_ok=True)


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
            _companions(path)
        elif path.is_file() and path.name.startswith("v") and "." in path.name:
            version = path.with_name(path.name.split(".", 1)[0])
            if not version.is_dir():
                path.unlink(missing_ok=True)  # left behind by a version removed earlier


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
