"""Bringing a new picture into content/images/, refusing anything the kiosk should not show.

The source file is checked before it is read (a link, a FIFO or a device is refused without
opening it), read with a size cap, an SVG is refused if it carries script, event handlers or
links out, and the copy then goes through the loader's own picture check (`resolve_image`).
"""

from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.core.content.images import IMAGE_SUFFIXES, MAX_IMAGE_BYTES, ImageProblem, resolve_image
from kiosk.core.editing.document import write_atomic
from kiosk.core.editing.edits import make_id

IMAGES = "images"
_BAD_SVG_TAGS = {"script", "foreignobject", "iframe", "embed", "object", "handler"}
_SAFE_HREF = re.compile(r"^#|^data:image/(png|jpeg|webp);base64,", re.IGNORECASE)


def import_picture(root: Path, source: Path) -> str:
    """Copy `source` into root/images/ and return its name there (images/x.svg).

    Raises ImageProblem with words for staff when the file cannot be used."""
    source = Path(source)
    suffix = source.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise ImageProblem(
            f"'{source.name}' is not a picture the kiosk can show",
            "use an .svg, .png, .jpg or .webp file",
        )
    data = _read_plain_file(source)
    if suffix == ".svg":
        _check_svg(data, source.name)
    folder = Path(root) / IMAGES
    folder.mkdir(exist_ok=True)
    taken = {p.stem for p in folder.iterdir()}
    for existing in folder.iterdir():  # the same picture again: use the copy already there
        plain = existing.is_file() and not existing.is_symlink()
        same = plain and existing.suffix.lower() == suffix and existing.stat().st_size == len(data)
        if same and existing.read_bytes() == data:
            return f"{IMAGES}/{existing.name}"
    name = f"{make_id(source.stem, taken, 'picture')}{suffix}"
    target = folder / name
    if suffix == ".svg":
        write_atomic(target, data.decode("utf-8"))
    else:
        tmp = folder / f".{name}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, target)
    try:
        resolve_image(Path(root), f"{IMAGES}/{name}")  # the validator's own check
    except ImageProblem:
        target.unlink(missing_ok=True)
        raise
    return f"{IMAGES}/{name}"


def _read_plain_file(source: Path) -> bytes:
    try:
        info = os.lstat(source)
    except OSError as exc:
        raise ImageProblem(f"'{source.name}' cannot be read ({exc.strerror})") from exc
    if stat.S_ISLNK(info.st_mode):
        raise ImageProblem(
            f"'{source.name}' is a shortcut (link) to another file",
            "pick the picture file itself",
        )
    if not stat.S_ISREG(info.st_mode):
        raise ImageProblem(f"'{source.name}' is not an ordinary file", "pick a picture file")
    if info.st_size > MAX_IMAGE_BYTES:
        raise ImageProblem(
            f"'{source.name}' is too large ({info.st_size // (1024 * 1024)} MiB)",
            "keep pictures under 5 MiB",
        )
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(source, flags)
    except OSError as exc:
        raise ImageProblem(f"'{source.name}' cannot be read ({exc.strerror})") from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since lstat
            raise ImageProblem(f"'{source.name}' is not an ordinary file", "pick a picture file")
        data = handle.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageProblem(f"'{source.name}' is too large", "keep pictures under 5 MiB")
    return data


def _check_svg(data: bytes, name: str) -> None:
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise ImageProblem(
            f"'{name}' has a DOCTYPE or entities, which pictures here may not use",
            "export it again as plain SVG",
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ImageProblem(f"'{name}' is not a valid SVG file ({exc})") from exc
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise ImageProblem(f"'{name}' is not an SVG drawing")
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in _BAD_SVG_TAGS:
            raise ImageProblem(
                f"'{name}' contains <{tag}>, which could run code",
                "export a plain drawing without scripts",
            )
        for attr, value in element.attrib.items():
            local = attr.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise ImageProblem(
                    f"'{name}' contains a script ({local}=...)",
                    "export a plain drawing without scripts",
                )
            if local == "href" and not _SAFE_HREF.match(value.strip()):
                raise ImageProblem(
                    f"'{name}' links to something outside the picture ({value[:60]})",
                    "export it with everything embedded",
                )
