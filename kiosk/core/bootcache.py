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

import dataclasses
import logging
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__
from kiosk.core.snapshot import GOOD, VERSIONS

if TYPE_CHECKING:  # the model is imported only to read the content, after the first frame
    from kiosk.core.model import Content

log = logging.getLogger("kiosk.bootcache")
FORMAT = 1
SUFFIX = ".load"
ALLOWED_MODULES = ("kiosk.core.model", "kiosk.core.look", "kiosk.core.markdown")
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
    that shows it. Libraries are not part of it: a PyYAML upgrade alone keeps the record (it
    changes how files are read, not what the checks accept). `core` is this package's folder
    unless a test says otherwise."""
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


def welcome_card(content: Content) -> dict[str, Any]:
    """What the Welcome screen shows, as plain values: enough to paint the first frame before
    the model is imported and the content read (kiosk.ui.first_frame)."""
    s = content.settings
    lang = content.language(s.default_language)
    return {
        "clinic_name": s.clinic_title,  # the example mark comes from the flag
        "theme": dataclasses.asdict(s.theme),
        "high_contrast": s.high_contrast,
        "text_step": s.text_step,
        "reduced_motion": s.reduced_motion,
        "lang": lang.code,
        "strings": dataclasses.asdict(lang.strings),
        "choices": [(code, content.languages[code].name) for code in content.languages],
    }


def remember(version: Path, source: Path, stamp: str, content: Content) -> None:
    """Keep a good load of `version` (copied from `source` when it had fingerprint `stamp`).

    Two pickles in one file: the header, then the content, so a start after an edit reads only
    the header to know the record is stale."""
    path = _cache_file(version)
    tmp = path.with_name(path.name + ".tmp")
    try:
        header = {**_header(source, stamp, version.name), "welcome": welcome_card(content)}
        header_bytes = pickle.dumps(header, pickle.HIGHEST_PROTOCOL)
        tmp.write_bytes(header_bytes + pickle.dumps(content, pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        log.warning("could not keep the checked content for a quick start (%s)", exc)
        tmp.unlink(missing_ok=True)


class _ContentUnpickler(pickle.Unpickler):
    """Builds only the content's own classes (those *defined* in the content modules, by plain
    name: pickle would otherwise follow a dotted name such as `re.enum.bltns.exec` through what
    those modules import) and a few standard value types."""

    def find_class(self, module: str, name: str) -> object:
        if "." not in name:
            if (module, name) in ALLOWED_OTHERS:
                return super().find_class(module, name)
            if module in ALLOWED_MODULES:
                found = super().find_class(module, name)
                if isinstance(found, type) and found.__module__ == module:
                    return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of the content")


def recall_welcome(
    data_folder: Path, source: Path, stamp: str
) -> tuple[dict[str, Any], bool] | None:
    """The Welcome card of the last good load of `source`, read without the model, and whether
    the folder is unchanged since (`stamp` is its fingerprint now; if it changed, the kiosk
    shows the last good copy while it checks the edit). None when there is no usable record."""
    found = _read(data_folder, source, None, with_content=False)
    return (found[0]["welcome"], found[0].get("stamp") == stamp) if found else None


def recall(data_folder: Path, source: Path, stamp: str | None) -> Content | None:
    """The last good load, if `source` (now with fingerprint `stamp`) is what it was made from.

    With `stamp` None: the last good load of `source` whatever has changed in it since, still
    checked by this code (the kiosk shows it while it checks the change, after its first frame).
    """
    found = _read(data_folder, source, stamp, with_content=True)
    return found[1] if found else None


def _read(
    data_folder: Path, source: Path, stamp: str | None, with_content: bool
) -> tuple[dict[str, Any], Content | None] | None:
    base = data_folder / VERSIONS
    try:
        name = (base / GOOD).read_text().strip()
        if not name or not (base / name).is_dir():
            return None
        with open(_cache_file(base / name), "rb") as fh:
            header, expected = _ContentUnpickler(fh).load(), _header(source, stamp or "", name)
            if not isinstance(header, dict) or not isinstance(header.get("welcome"), dict):
                return None
            if any(header.get(k) != v for k, v in expected.items() if k != "stamp"):
                return None  # checked by other code, or made from another folder
            if stamp is not None and header.get("stamp") != stamp:
                return None  # edited since
            if not with_content:
                return header, None
            content = _ContentUnpickler(fh).load()  # a new unpickler: a new memo
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - damaged, truncated or planted: check again
        log.info("checking the content again (%s: %s)", type(exc).__name__, exc)
        return None
    from kiosk.core.model import Content

    if not isinstance(content, Content):
        return None
    if Path(content.root).resolve() != (base / name).resolve():
        return None
    return header, content


def forget(version: Path) -> None:
    _cache_file(version).unlink(missing_ok=True)
