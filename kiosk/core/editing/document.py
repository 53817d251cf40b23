"""The studio's editable copy of a content folder: round-trip YAML, saved file by file.

The loader reads content for patients; this module only *edits* it. Files are parsed with
ruamel.yaml in round-trip mode, so comments, key order, quoting and blank lines survive, and a
file that nobody edited is never written. Every file first passes `yamlsrc.load_file` (the
loader's own safety checks: size, duplicate keys, aliases, tags); a file that fails it is kept
read-only and the loader's problem says why. The editing operations live in `editing.edits`.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from kiosk.core.content.loader import LANGUAGE_FILE, SETTINGS_FILE
from kiosk.core.content.yamlsrc import YamlError, load_file

# Indentation styles tried in turn; the first that gives the file back byte for byte is kept.
_STYLES = ((2, 4, 2), (2, 2, 0), (2, 2, 2), (4, 4, 2), (4, 6, 4))


class DocumentError(Exception):
    """Something staff did that the studio cannot do (a message to show them as it is)."""


def _yaml(style: tuple[int, int, int]) -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.indent(mapping=style[0], sequence=style[1], offset=style[2])
    y.width = 4096  # never re-wrap a long line someone wrote on one line
    return y


@dataclass
class YamlFile:
    """One file: the text on disk, the parsed tree, and the style that dumps it back."""

    text_on_disk: str | None  # None: a new file, not yet saved
    data: Any
    style: tuple[int, int, int]
    exact: bool  # True when dumping the unedited tree gives text_on_disk back byte for byte

    def dump(self) -> str:
        out = io.StringIO()
        _yaml(self.style).dump(self.data, out)
        return out.getvalue()


def parse(text: str) -> tuple[Any, tuple[int, int, int], bool]:
    """Parse YAML text keeping its layout; find the indentation style that round-trips it."""
    for style in _STYLES:
        data = _yaml(style).load(text)
        out = io.StringIO()
        _yaml(style).dump(data, out)
        if out.getvalue() == text:
            return data, style, True
    return _yaml(_STYLES[0]).load(text), _STYLES[0], False


class Document:
    """All editable files of one content folder, by path relative to the folder (posix)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.files: dict[str, YamlFile] = {}
        self.unreadable: dict[str, str] = {}  # rel path -> why it cannot be edited
        self.deleted: set[str] = set()  # files on disk that saving will remove
        self._text: dict[str, str] = {}  # current text of every file (kept after each edit)

    # -- reading ----------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path) -> Document:
        doc = cls(root)
        root = doc.root
        if not (root / SETTINGS_FILE).is_file():
            raise DocumentError(f"{root} has no {SETTINGS_FILE}: is this a content folder?")
        doc._read(SETTINGS_FILE)
        for code in doc.languages:
            folder = root / code
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
                doc._read(path.relative_to(root).as_posix())
        return doc

    def _read(self, rel: str) -> None:
        path = self.root / rel
        try:
            info = path.lstat()
        except OSError as exc:
            self.unreadable[rel] = f"cannot be read ({exc.strerror})"
            return
        if stat.S_ISLNK(info.st_mode):  # saving would replace the link with a plain file
            self.unreadable[rel] = "is a link to another file; the studio edits only plain files"
            return
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            self.unreadable[rel] = "is not an ordinary file"
            return
        try:
            load_file(path)  # the loader's own safety checks come first
            text = path.read_text(encoding="utf-8")
            data, style, exact = parse(text)
        except YamlError as exc:
            self.unreadable[rel] = f"cannot be read: {exc.message}"
            return
        except Exception as exc:  # noqa: BLE001 - ruamel's own errors; the loader says the same
            self.unreadable[rel] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return
        self.files[rel] = YamlFile(text, data, style, exact)
        self._text[rel] = text if exact else self.files[rel].dump()

    # -- what is in it ------------------------------------------------------------------------
    @property
    def settings(self) -> CommentedMap:
        found = self.files.get(SETTINGS_FILE)
        if found is None or not isinstance(found.data, CommentedMap):
            why = self.unreadable.get(SETTINGS_FILE, "is not a list of settings")
            raise DocumentError(
                f"{SETTINGS_FILE} {why}. Fix it in a text editor first "
                "('kiosk validate' shows the line)"
            )
        return found.data

    @property
    def languages(self) -> list[str]:
        found = self.files.get(SETTINGS_FILE)
        data = found.data if found else None
        langs = data.get("languages") if isinstance(data, CommentedMap) else None
        return [str(c) for c in langs] if isinstance(langs, list) else []

    def section_files(self, lang: str) -> list[str]:
        """The language's section files in patient order (the loader's order: by file name)."""
        prefix = f"{lang}/"
        names = [
            r
            for r in self.files
            if r.startswith(prefix) and r.count("/") == 1 and not r.endswith("/" + LANGUAGE_FILE)
        ]
        return sorted(names, key=lambda r: (r.endswith(".yml"), r))

    def sections(self, lang: str) -> list[CommentedMap]:
        return [d for d in (self.files[r].data for r in self.section_files(lang)) if _is_map(d)]

    def section_file(self, lang: str, section_id: str) -> str:
        for rel in self.section_files(lang):
            data = self.files[rel].data
            if _is_map(data) and data.get("id") == section_id:
                return rel
        raise DocumentError(f"section '{section_id}' is not in the {lang} files")

    def section(self, lang: str, section_id: str) -> CommentedMap:
        data = self.files[self.section_file(lang, section_id)].data
        assert isinstance(data, CommentedMap)
        return data

    def slide(self, lang: str, section_id: str, slide_id: str) -> CommentedMap:
        for item in self.section(lang, section_id).get("slides") or []:
            if _is_map(item) and item.get("id") == slide_id:
                return item
        raise DocumentError(f"slide '{slide_id}' is not in section '{section_id}' ({lang})")

    def slide_ids(self) -> set[str]:
        return {
            str(s.get("id"))
            for lang in self.languages
            for sec in self.sections(lang)
            for s in (sec.get("slides") or [])
            if _is_map(s)
        }

    def section_ids(self) -> list[str]:
        first = self.languages[0] if self.languages else ""
        return [str(s.get("id")) for s in self.sections(first)]

    # -- text and changes -----------------------------------------------------------------------
    def text(self, rel: str) -> str:
        return self._text[rel]

    def texts(self) -> dict[str, str]:
        """The current text of every editable file (a cheap copy: strings are shared)."""
        return dict(self._text)

    def touched(self, rels: set[str]) -> None:
        """Re-serialise the files an edit changed, so `texts()` stays current."""
        for rel in rels:
            if rel in self.files:
                self._text[rel] = self.files[rel].dump()
            else:
                self._text.pop(rel, None)

    def restore(self, texts: dict[str, str]) -> set[str]:
        """Go back to an earlier `texts()` (undo/redo); returns the files that changed."""
        changed = {r for r in texts.keys() | self._text.keys() if texts.get(r) != self._text.get(r)}
        on_disk = self._on_disk()
        for rel in changed:
            if rel not in texts:
                self.files.pop(rel, None)
                self._text.pop(rel, None)
                continue
            data, style, _ = parse(texts[rel])
            old = self.files.get(rel)
            disk_text = old.text_on_disk if old else self._disk_text(rel)
            self.files[rel] = YamlFile(disk_text, data, style, True)
            self._text[rel] = texts[rel]
        self.deleted = {r for r in on_disk if r not in self.files}
        return changed

    def add_file(self, rel: str, data: CommentedMap) -> None:
        if rel in self.files:
            raise DocumentError(f"{rel} already exists")
        self.files[rel] = YamlFile(self._disk_text(rel), data, _STYLES[0], True)
        self.deleted.discard(rel)

    def remove_file(self, rel: str) -> None:
        found = self.files.pop(rel, None)
        if found is not None and found.text_on_disk is not None:
            self.deleted.add(rel)

    def rename_file(self, old: str, new: str) -> None:
        found = self.files[old]
        self.remove_file(old)
        self.files[new] = YamlFile(self._disk_text(new), found.data, found.style, True)
        self.deleted.discard(new)

    def _disk_text(self, rel: str) -> str | None:
        path = self.root / rel
        try:
            return path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            return None

    def _on_disk(self) -> set[str]:
        return {r for r, f in self.files.items() if f.text_on_disk is not None} | self.deleted

    def changed_files(self) -> list[str]:
        """Files whose text differs from the disk, plus files saving will delete."""
        changed = [r for r, f in self.files.items() if self._text.get(r) != f.text_on_disk]
        return sorted(changed + sorted(self.deleted))

    @property
    def dirty(self) -> bool:
        return bool(self.changed_files())

    # -- writing ------------------------------------------------------------------------------
    def save(self) -> list[str]:
        """Write only the changed files, each atomically; returns what was written or removed."""
        done = []
        for rel in self.changed_files():
            path = self.root / rel
            if rel in self.deleted:
                path.unlink(missing_ok=True)
                self.deleted.discard(rel)
            else:
                text = self._text[rel]
                write_atomic(path, text)
                self.files[rel].text_on_disk = text
            done.append(rel)
        return done

    def write_copy(self, folder: Path) -> None:
        """Write the current state (saved or not) into another folder, for checking and preview."""
        for rel, text in self._text.items():
            target = folder / rel
            if target.is_file() and target.read_text(encoding="utf-8") == text:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for lang in self.languages:
            for path in (folder / lang).glob("*.y*ml") if (folder / lang).is_dir() else []:
                rel = path.relative_to(folder).as_posix()
                if rel not in self._text and rel not in self.unreadable:
                    path.unlink()


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename over the old file.

    A reader (the running kiosk's reloader) sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _is_map(value: object) -> bool:
    return isinstance(value, CommentedMap)
