"""Which files of a content folder count, and reading them safely.

A content folder is whatever a file system can hold: links to anywhere, FIFOs that never
answer, device files that never end. The loader, the fingerprint and the staged copy all
agree on one rule, kept here: only regular files are read, links only when they stay inside
the folder, every read is capped, and hidden files (`.*`, macOS `._*` copies) and editor
leftovers are not content at all.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".part", ".crdownload")
MAX_FILE_BYTES = 8 * 1024 * 1024  # the largest single file a content folder may hold
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # the whole folder (a course is about 1 MiB)
MAX_FILES = 5000
MAX_DEPTH = 12  # folders inside folders
MAX_NAME = 255


class FileRefused(Exception):
    """A file that is not read, with a message and hint for staff."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def is_ignored(name: str) -> bool:
    """Hidden files (`.DS_Store`, `._01-basics.yaml`), editor swap and backup files."""
    return name.startswith((".", "~$")) or name.endswith(IGNORED_SUFFIXES)


def shown(text: str) -> str:
    """A name or text made safe to print: control characters escaped, so a file name cannot
    send escape sequences to the staff's terminal or log."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def check_inside(root: Path, path: Path) -> Path:
    """The real path of `path`; refused when a link on the way leads out of `root`."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    if real != real_root and not real.is_relative_to(real_root):
        raise FileRefused(
            f"'{shown(_rel(root, path))}' is a link to something outside the content folder",
            "copy the file itself into the content folder",
        )
    return real


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES, root: Path | None = None) -> bytes:
    """The whole of one regular file, at most `limit` bytes, never blocking.

    With `root`, links leading outside it are refused. The file is opened non-blocking and
    checked with fstat on the open descriptor, so a FIFO or device swapped in after a check
    is still refused, and a file that grows past the limit while it is read is too."""
    if len(path.name.encode(errors="surrogateescape")) > MAX_NAME:
        raise FileRefused("the file name is too long", "use a shorter name")
    if root is not None:
        check_inside(root, path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileRefused(f"cannot read the file ({_reason(exc)})") from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(
                f"the file is {_kind(st.st_mode)}, not a plain file", "remove it from the folder"
            )
        if st.st_size > limit:
            raise FileRefused(
                f"file is too large ({_size(st.st_size)}; the limit is {_size(limit)})",
                "make it smaller or split it",
            )
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise FileRefused(
                    f"file grew past {_size(limit)} while it was read",
                    "make it smaller or split it",
                )
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused(f"cannot read the file ({_reason(exc)})") from exc
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    return exc.strerror or type(exc).__name__


def _size(n: int) -> str:
    return f"{n // 1024} KiB" if n < 1024 * 1024 else f"{n // (1024 * 1024)} MiB"


def _rel(root: Path | None, path: Path) -> str:
    if root is None:
        return str(path)
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


@dataclass
class Scan:
    """The files of a content folder that count (paths relative to the folder), and what was
    refused, as (path, message, hint)."""

    files: list[str] = field(default_factory=list)
    refused: list[tuple[Path, str, str]] = field(default_factory=list)
    total_bytes: int = 0


def scan(root: Path) -> Scan:
    """Every file that counts, without reading any; refuses links out, special files, a
    folder too deep, too many files or too many bytes. Never blocks: nothing is opened."""
    found = Scan()
    real_root = Path(os.path.realpath(root))
    for rel, path, st in _walk(root, real_root, Path(), 0, set(), found):
        if not stat.S_ISREG(st.st_mode):
            found.refused.append(
                (path, f"'{shown(rel)}' is {_kind(st.st_mode)}, not a file", "remove it")
            )
            continue
        if len(found.files) >= MAX_FILES:
            found.refused.append(
                (root, f"the folder holds more than {MAX_FILES} files", "remove what is unused")
            )
            break
        if st.st_size > MAX_FILE_BYTES:
            found.refused.append(
                (
                    path,
                    f"'{shown(rel)}' is too large ({_size(st.st_size)}; "
                    f"the limit is {_size(MAX_FILE_BYTES)})",
                    "make it smaller or remove it",
                )
            )
            continue
        found.total_bytes += st.st_size
        if found.total_bytes > MAX_TOTAL_BYTES:
            found.refused.append(
                (
                    root,
                    f"the folder holds more than {_size(MAX_TOTAL_BYTES)}",
                    "remove what is unused",
                )
            )
            break
        found.files.append(rel)
    return found


def _walk(
    root: Path, real_root: Path, rel: Path, depth: int, seen: set[Path], found: Scan
) -> Iterator[tuple[str, Path, os.stat_result]]:
    folder = root / rel
    real = Path(os.path.realpath(folder))
    if real in seen:
        found.refused.append((folder, f"'{shown(str(rel))}' links back into itself", "remove it"))
        return
    seen = seen | {real}
    if depth > MAX_DEPTH:
        found.refused.append(
            (folder, f"'{shown(str(rel))}' is nested too deep", "use fewer folders")
        )
        return
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        found.refused.append((folder, f"cannot list '{shown(str(rel))}' ({_reason(exc)})", ""))
        return
    for entry in entries:
        if is_ignored(entry.name):
            continue
        path = Path(entry.path)
        inner = rel / entry.name
        if len(entry.name.encode(errors="surrogateescape")) > MAX_NAME:
            found.refused.append((path, f"the name '{shown(entry.name)[:60]}...' is too long", ""))
            continue
        try:
            if entry.is_symlink():
                target = Path(os.path.realpath(path))
                if target != real_root and not target.is_relative_to(real_root):
                    found.refused.append(
                        (
                            path,
                            f"'{shown(str(inner))}' is a link to a "
                            f"{'folder' if entry.is_dir() else 'file'} outside the content "
                            "folder",
                            "copy the file itself into the content folder",
                        )
                    )
                    continue
            st = os.stat(path)  # follows a link that stays inside
        except OSError as exc:
            found.refused.append((path, f"cannot read '{shown(str(inner))}' ({_reason(exc)})", ""))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(root, real_root, inner, depth + 1, seen, found)
        else:
            yield str(inner), path, st
