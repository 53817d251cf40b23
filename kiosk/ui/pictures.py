"""Content pictures for Qt: SVGs are drawn from their cleaned bytes, never from the file.

Qt's SVG renderer follows `<image href=...>` to any file on the disk (a FIFO there hangs
it); the bytes it gets here hold only the allowlisted shapes (kiosk.core.content.svg). Also the
render check `kiosk validate` runs in a child process, so the validator itself stays Qt-free:
`python -m kiosk.ui.pictures FILE...` prints `checking FILE` before each picture and
`refused FILE<TAB>why` for each that cannot be drawn (a crash names the last one it began).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from kiosk.core.content import files as contentfiles
from kiosk.core.content import svg
from kiosk.core.content.images import MAX_IMAGE_BYTES

CHECK_SIZE = 64


def svg_renderer(path: Path) -> QSvgRenderer | None:
    """A renderer for a content SVG, from its cleaned bytes; None if it cannot be drawn."""
    try:
        data = svg.clean(contentfiles.read_bytes(path, MAX_IMAGE_BYTES))
    except (contentfiles.FileRefused, svg.SvgProblem):
        return None
    renderer = QSvgRenderer(QByteArray(data))
    view = renderer.viewBoxF()
    if not renderer.isValid() or not (view.width() > 0 and view.height() > 0):
        return None
    return renderer


def image(path: Path) -> QImage:
    """A bitmap picture decoded from bytes read safely (never a FIFO, never unbounded)."""
    try:
        data = contentfiles.read_bytes(path, MAX_IMAGE_BYTES)
    except contentfiles.FileRefused:
        return QImage()
    return QImage.fromData(QByteArray(data))


def why_not_drawn(path: Path) -> str:
    """Empty when the picture draws at a small size offscreen; otherwise why not."""
    if path.suffix.lower() == ".svg":
        renderer = svg_renderer(path)
        if renderer is None:
            return "the picture has no size or cannot be drawn"
        canvas = QImage(CHECK_SIZE, CHECK_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        renderer.render(painter, QRectF(0, 0, CHECK_SIZE, CHECK_SIZE))
        painter.end()
        return ""
    decoded = image(path)
    if decoded.isNull() or decoded.width() <= 0 or decoded.height() <= 0:
        return "the picture cannot be decoded"
    return ""


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["kiosk-picture-check"])
    for name in argv:
        print(f"checking {name}", flush=True)
        why = why_not_drawn(Path(name))
        if why:
            print(f"refused {name}\t{why}", flush=True)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
