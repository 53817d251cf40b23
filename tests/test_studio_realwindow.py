"""Kiosk Studio in a real window: click a title, type, Ctrl+S; a kiosk then shows the new title."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.core.content.loader import load_content
from tests.conftest import SHIPPED
from tests.realwindow import Display, find_colour_blocks, start_program, stop

pytestmark = pytest.mark.realwindow
NEW_TITLE = "Microneedling, explained in plain words"


@pytest.fixture
def display(xvfb: str, tmp_path: Path) -> Display:
    return Display(xvfb, tmp_path)


def start(display: Display, data: Path, *args: str) -> subprocess.Popen[str]:
    return start_program(display, *args, data=data)


def title_field_centre(root: Path, size: tuple[int, int]) -> tuple[int, int]:
    """Where the English title field is, from the same widgets laid out offscreen."""
    from PySide6.QtWidgets import QApplication

    from kiosk.studio.app import Studio

    studio = Studio(root)
    studio.window.resize(*size)
    studio.window.show()
    QApplication.processEvents()
    field = studio.editor.columns["en"].title
    inside = field.rect().adjusted(0, 0, -8, 0)  # the right end: white, past the title's words
    point = field.mapTo(
        studio.window, inside.topRight() + (inside.bottomRight() - inside.topRight()) / 2
    )
    studio.window.close()
    studio.window.deleteLater()
    return point.x(), point.y()


def first_slide(display: Display, tmp: Path, root: Path, name: str) -> QImage:
    """Start a kiosk on `root` (its own data folder), go to the first slide, and look."""
    proc = start(display, tmp / f"data-{name}", "run", "--content", str(root), "--size", "1280x800")
    try:
        content = load_content(root).content
        assert content is not None
        accent = content.settings.theme.accent
        display.wait_window(content.language("en").strings.welcome_title, proc=proc)
        time.sleep(0.5)
        welcome = display.screenshot(f"{name}-welcome")
        x, y, _ = max(find_colour_blocks(welcome, accent, top=0.3, bottom=0.9), key=lambda b: b[2])
        display.click(x, y)
        bottom = find_colour_blocks(display.screenshot(f"{name}-overview"), accent, top=0.8)
        x, y, _ = max(bottom, key=lambda b: b[2])  # the filled "Start from the beginning"
        display.click(x, y)
        return display.screenshot(f"{name}-first-slide")
    finally:
        err = stop(proc)
        assert "Traceback" not in err, err


def first_line_right_edge(image: QImage, below: float) -> int:
    """The right end of the first line of dark text below `below` (a fraction of the height)
    in the left half of the screen: on a slide, the title's first line."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    edge, inked = 0, False
    for y in range(int(image.height() * below), image.height()):
        xs = [x for x in range(0, image.width() // 2) if image.pixelColor(x, y).lightness() < 80]
        if xs:
            inked, edge = True, max(edge, xs[-1])
        elif inked:
            return edge
    return edge


def test_type_a_title_save_and_a_kiosk_shows_it(qtbot, display: Display, tmp_path: Path) -> None:
    root = Path(shutil.copytree(SHIPPED, tmp_path / "content"))
    result = load_content(root)
    assert result.content is not None
    first = result.content.language("en").sections[0]
    path = root / "en" / next(p.name for p in sorted((root / "en").glob("0*.yaml")))
    before_text = path.read_text()
    before = first_slide(display, tmp_path, root, "before")

    x, y = title_field_centre(root, (1280, 800))
    proc = start(display, tmp_path / "data-studio", "studio", "--content", str(root))
    try:
        window = display.wait_window("Kiosk Studio", proc=proc)
        time.sleep(1.0)
        geometry = display.xdotool("getwindowgeometry", window)
        ox, oy = (int(v) for v in geometry.split("Position: ")[1].split()[0].split(","))
        shot = display.screenshot("studio")
        assert shot.pixelColor(ox + x, oy + y).lightness() > 240, "no white title field there"
        display.click(ox + x, oy + y)
        display.xdotool("key", "ctrl+a")
        display.xdotool("type", "--delay", "20", NEW_TITLE)
        display.xdotool("key", "ctrl+s")
        deadline = time.monotonic() + 20
        while NEW_TITLE not in path.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        display.screenshot("studio-saved")
        assert proc.poll() is None
    finally:
        err = stop(proc)
    assert "Traceback" not in err, err

    changed = [
        line
        for line in difflib.unified_diff(
            before_text.splitlines(), path.read_text().splitlines(), n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        f"-    title: {first.slides[0].title}",
        f"+    title: {NEW_TITLE}",
    ]
    after = first_slide(display, tmp_path, root, "after")
    # The title's line got longer on the kiosk's screen (below the progress bar at ~31%).
    assert first_line_right_edge(after, 0.32) > first_line_right_edge(before, 0.32) + 100


def outline_points(root: Path, size: tuple[int, int]) -> list[tuple[int, int]]:
    """Where the outline's first four lines are (a section, then its slides), laid out offscreen."""
    from PySide6.QtWidgets import QApplication

    from kiosk.studio.app import Studio

    studio = Studio(root)
    studio.window.resize(*size)
    studio.window.show()
    QApplication.processEvents()
    tree = studio.outline.tree
    top = tree.topLevelItem(0)
    assert top is not None
    items = [top] + [top.child(i) for i in range(3)]
    points = []
    for item in items:
        assert item is not None
        centre = tree.visualItemRect(item).center()
        point = tree.viewport().mapTo(studio.window, centre)
        points.append((point.x(), point.y()))
    studio.window.close()
    studio.window.deleteLater()
    return points


def test_drag_a_slide_in_the_outline_moves_it_in_every_language(
    qtbot, display: Display, tmp_path: Path
) -> None:
    root = Path(shutil.copytree(SHIPPED, tmp_path / "content"))
    first = sorted((root / "en").glob("0*.yaml"))[0].name
    ids = lambda lang: [  # noqa: E731
        s.id for s in load_content(root).content.language(lang).sections[0].slides
    ]
    before = ids("en")
    points = outline_points(root, (1280, 800))
    proc = start(display, tmp_path / "data-studio", "studio", "--content", str(root))
    try:
        window = display.wait_window("Kiosk Studio", proc=proc)
        time.sleep(1.0)
        geometry = display.xdotool("getwindowgeometry", window)
        ox, oy = (int(v) for v in geometry.split("Position: ")[1].split()[0].split(","))
        (x0, y0), (x2, y2) = points[1], points[3]
        display.click(ox + x0, oy + y0)
        display.drag(ox + x0, oy + y0, ox + x2, oy + y2 + 4)  # onto the lower half of the third
        display.screenshot("dragged")
        display.xdotool("key", "ctrl+s")
        deadline = time.monotonic() + 20
        while before in (ids("en"), ids("es")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert proc.poll() is None
    finally:
        err = stop(proc)
    assert "Traceback" not in err, err
    moved = [*before[1:3], before[0], *before[3:]]
    assert ids("en") == moved
    assert ids("es") == moved
    assert (root / "en" / first).is_file()
