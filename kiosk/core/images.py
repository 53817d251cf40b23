"""Checks that an illustration is a real picture inside the content folder.

Content never makes the kiosk load a file from elsewhere: no absolute paths, no `..`,
no symlink that leads out of the folder.
"""

from __future__ import annotations

import difflib
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath, PureWindowsPath

IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class ImageProblem(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def resolve_image(root: Path, name: str) -> Path:
    """Return the absolute path of a checked picture, or raise ImageProblem saying what to fix."""
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or name.startswith("~"):
        raise ImageProblem(
            f"picture '{name}' must be inside the content folder",
            "write a path like images/skin-layers.svg",
        )
    if ".." in posix.parts or ".." in windows.parts:
        raise ImageProblem(
            f"picture '{name}' points outside the content folder ('..' is not allowed)",
            "copy the picture into content/images/ and name it from there",
        )
    real_root = root.resolve()
    path = root / name
    if path.is_symlink() or any(p.is_symlink() for p in path.parents if p != root):
        target = path.resolve()
        if not target.is_relative_to(real_root):
            raise ImageProblem(
                f"picture '{name}' is a link to a file outside the content folder",
                "copy the picture itself into content/images/",
            )
    if not path.is_file():
        raise ImageProblem(f"picture '{name}' was not found", _suggest(root, name))
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise ImageProblem(
            f"'{name}' is not a picture",
            "use an .svg, .png, .jpg or .webp file",
        )
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise ImageProblem(
            f"picture '{name}' is too large ({size // (1024 * 1024)} MiB)",
            "keep pictures under 5 MiB",
        )
    _check_signature(path, name)
    return path.resolve()


def _suggest(root: Path, name: str) -> str:
    folder = (root / name).parent
    if not folder.is_dir():
        return "check the spelling of the folder name"
    others = [p.name for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES]
    close = difflib.get_close_matches(Path(name).name, others, n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'?" if close else "check the spelling of the file name"


def _check_signature(path: Path, name: str) -> None:
    suffix = path.suffix.lower()
    head = path.read_bytes()[:16]
    ok = {
        ".png": head.startswith(b"\x89PNG\r\n\x1a\n"),
        ".jpg": head.startswith(b"\xff\xd8\xff"),
        ".jpeg": head.startswith(b"\xff\xd8\xff"),
        ".webp": head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    }.get(suffix)
    if suffix == ".svg":
        try:
            tag = ET.parse(path).getroot().tag  # our own, size-capped folder
        except ET.ParseError as exc:
            raise ImageProblem(f"picture '{name}' is not a valid SVG file ({exc})") from exc
        ok = tag.rsplit("}", 1)[-1] == "svg"
    if not ok:
        raise ImageProblem(
            f"picture '{name}' is damaged or not really a {suffix[1:].upper()} file",
            "export it again from your drawing program",
        )
