"""Checks that an illustration is a real picture inside the content folder.

Content never makes the kiosk load a file from elsewhere: no absolute paths, no `..`,
no symlink that leads out of the folder.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from kiosk.core.content import files as contentfiles
from kiosk.core.content import svg

IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_NAME_CHARS = 1024


class ImageProblem(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def resolve_image(root: Path, name: str) -> tuple[Path, bytes]:
    """The absolute path of a checked picture and its bytes, or ImageProblem saying what to
    fix. The file is read once, through the same capped, non-blocking reader as the YAML."""
    if any(not ch.isprintable() for ch in name):
        raise ImageProblem(
            f"picture name '{contentfiles.shown(name[:200])}' contains control characters",
            "retype the name",
        )
    if len(name) > MAX_NAME_CHARS or any(
        len(part.encode()) > contentfiles.MAX_NAME for part in PurePosixPath(name).parts
    ):
        raise ImageProblem(
            f"picture name '{contentfiles.shown(name[:60])}...' is too long",
            "use a shorter file name",
        )
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
    if any(contentfiles.is_ignored(part) for part in posix.parts):
        raise ImageProblem(
            f"picture '{name}' is a hidden or temporary file",
            "name a picture whose name does not start with '.'",
        )
    path = root / name
    try:
        if path.is_symlink() or any(p.is_symlink() for p in path.parents if p != root):
            contentfiles.check_inside(root, path)
        exists = path.exists()
    except contentfiles.FileRefused as exc:
        raise ImageProblem(
            f"picture '{name}' is a link to a file outside the content folder",
            "copy the picture itself into content/images/",
        ) from exc
    except OSError as exc:
        raise ImageProblem(f"picture '{name}' cannot be read ({exc.strerror})") from exc
    if not exists:
        raise ImageProblem(f"picture '{name}' was not found", _suggest(root, name))
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise ImageProblem(
            f"'{name}' is not a picture",
            "use an .svg, .png, .jpg or .webp file",
        )
    try:
        data = contentfiles.read_bytes(path, MAX_IMAGE_BYTES, root=root)
    except contentfiles.FileRefused as exc:
        raise ImageProblem(f"picture '{name}': {exc.message}", exc.hint) from exc
    _check_signature(data, path.suffix.lower(), name)
    return path.resolve(), data


def _suggest(root: Path, name: str) -> str:
    folder = (root / name).parent
    try:
        if not folder.is_dir():
            return "check the spelling of the folder name"
        others = [p.name for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES]
    except OSError:
        return "check the spelling of the file name"
    import difflib  # only when a picture is missing

    close = difflib.get_close_matches(Path(name).name, others, n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'?" if close else "check the spelling of the file name"


def _check_signature(data: bytes, suffix: str, name: str) -> None:
    head = data[:16]
    ok = {
        ".png": head.startswith(b"\x89PNG\r\n\x1a\n"),
        ".jpg": head.startswith(b"\xff\xd8\xff"),
        ".jpeg": head.startswith(b"\xff\xd8\xff"),
        ".webp": head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    }.get(suffix)
    if suffix == ".svg":
        try:
            refused = svg.check(data)
        except svg.SvgProblem as exc:
            raise ImageProblem(
                f"picture '{name}' is not a valid SVG file ({exc})",
                "export it again from your drawing program",
            ) from exc
        if refused:
            raise ImageProblem(
                f"picture '{name}' cannot be used: " + "; ".join(refused),
                "export it again as a plain SVG (shapes only, no links, scripts or embedded "
                "pictures)",
            )
        ok = True
    if not ok:
        raise ImageProblem(
            f"picture '{name}' is damaged or not really a {suffix[1:].upper()} file",
            "export it again from your drawing program",
        )
