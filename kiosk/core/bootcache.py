"""Start-up without re-reading unchanged content: the last good load, kept beside its version.

Every good load (at start-up or a live reload) writes the checked `Content` next to the
version folder it came from, with the content folder's fingerprint (names, sizes, modification
times) taken before the copy was made. At the next start, if the content folder still has that
fingerprint, the same code checked it, and that version is still the last good one, the kiosk
shows it without parsing and checking every file again (~25 ms and ~30 ms of imports saved
before the first frame, and no new copy written to the kiosk's flash at every boot).

Anything unexpected (a missing or damaged file, another program version, an edited folder)
means "not cached": the caller does the full load. The file is read with an unpickler that
only builds the content's own types, so a planted file cannot run code.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from pathlib import Path

from kiosk import __version__
from kiosk.core.model import Content
from kiosk.core.snapshot import GOOD, VERSIONS

log = logging.getLogger("kiosk.bootcache")
FORMAT = 1
SUFFIX = ".load"
ALLOWED_MODULES = ("kiosk.core.model", "kiosk.core.markdown")
ALLOWED_OTHERS = {
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("pathlib", "Path"),
    ("datetime", "date"),
    ("builtins", "frozenset"),
    ("builtins", "set"),
}


def code_key(core: Path | None = None) -> str:
    """Which code checked the content: the version and every core module's size and time.

    An upgrade (or an edited checker) changes it, so content is always checked by the code
    that shows it. `core` is this package's folder unless a test says otherwise."""
    core = core or Path(__file__).resolve().parent
    parts = [__version__, f"{sys.version_info[0]}.{sys.version_info[1]}"]
    for entry in sorted(os.scandir(core), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            st = entry.stat()
            parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


def _cache_file(version: Path) -> Path:
    return version.parent / (version.name + SUFFIX)


def _header(source: Path, stamp: str, version: str) -> dict[str, object]:
    return {
        "format": FORMAT,
        "code": code_key(),
        "source": str(Path(source).resolve()),
        "stamp": stamp,
        "version": version,
    }


def remember(version: Path, source: Path, stamp: str, content: Content) -> None:
    """Keep a good load of `version` (copied from `source` when it had fingerprint `stamp`).

    Two pickles in one file: the header, then the content, so a start after an edit reads only
    the header to know the record is stale."""
    path = _cache_file(version)
    tmp = path.with_name(path.name + ".tmp")
    try:
        header = pickle.dumps(_header(source, stamp, version.name), pickle.HIGHEST_PROTOCOL)
        tmp.write_bytes(header + pickle.dumps(content, pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        log.warning("could not keep the checked content for a quick start (%s)", exc)
        tmp.unlink(missing_ok=True)


class _ContentUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if module in ALLOWED_MODULES or (module, name) in ALLOWED_OTHERS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of the content")


def recall(data_folder: Path, source: Path, stamp: str | None) -> Content | None:
    """The last good load, if `source` (now with fingerprint `stamp`) is what it was made from.

    With `stamp` None: the last good load of `source` whatever has changed in it since, still
    checked by this code (the kiosk shows it while it checks the change, after its first frame).
    """
    base = data_folder / VERSIONS
    try:
        name = (base / GOOD).read_text().strip()
        if not name or not (base / name).is_dir():
            return None
        with open(_cache_file(base / name), "rb") as fh:
            header, expected = _ContentUnpickler(fh).load(), _header(source, stamp or "", name)
            if not isinstance(header, dict):
                return None
            if stamp is None:
                header.pop("stamp", None)
                expected.pop("stamp")
            if header != expected:
                return None  # edited since, checked by other code, or another folder
            content = _ContentUnpickler(fh).load()  # a new unpickler: a new memo
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - damaged, truncated or planted: check again
        log.info("checking the content again (%s: %s)", type(exc).__name__, exc)
        return None
    if not isinstance(content, Content):
        return None
    if Path(content.root).resolve() != (base / name).resolve():
        return None
    return content


def forget(version: Path) -> None:
    _cache_file(version).unlink(missing_ok=True)
