"""Pictures that carry script, point at other files, or cannot be drawn: refused by
`kiosk validate` with the file and line, and never followed or divided by zero in the kiosk."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from kiosk.core.content.loader import load_content
from kiosk.ui.widgets import Illustration
from tests.builders import SVG

ROOT = Path(__file__).resolve().parents[1]
XMLNS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def validate(content: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "validate", "--content", str(content)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("<script>alert(1)</script>", "contains <script>"),
        ('<rect width="4" height="4" onclick="alert(1)"/>', "script handler (onclick)"),
        ("<foreignObject><p>hi</p></foreignObject>", "contains <foreignObject>"),
        ('<image href="/etc/hostname" width="9" height="9"/>', "contains <image>"),
        ('<image xlink:href="images/x.png" width="9" height="9"/>', "contains <image>"),
        ('<rect width="4" height="4" fill="url(file:///etc/x)"/>', "'fill' refers to another"),
        ('<rect width="4" height="4" style="fill:u\\rl(x)"/>', "'style' refers to another"),
        ('<a href="https://evil.test/"><rect width="4" height="4"/></a>', "refers to another"),
    ],
)
def test_svg_with_script_or_references_is_refused(content_dir: Path, body: str, why: str) -> None:
    (content_dir / "images" / "skin.svg").write_text(
        f'<svg {XMLNS} viewBox="0 0 40 30">{body}</svg>'
    )
    errors = [p.format(content_dir) for p in load_content(content_dir).errors]
    assert len(errors) == 2, errors  # the slide that uses it, in each language
    assert errors[0].startswith(f"en{os.sep}01-basics.yaml:14:12: error: picture")
    assert why in errors[0]


@pytest.fixture
def widget(qtbot) -> Iterator[Illustration]:
    """A picture inside a slide-like parent, as on screen (never a window of its own)."""
    holder = QWidget()  # kept alive here: the picture is its child
    qtbot.addWidget(holder)
    yield Illustration(holder)
    holder.close()


def test_svg_with_a_fifo_behind_image_never_reaches_qt(
    content_dir: Path, widget: Illustration
) -> None:
    """Qt follows <image href>; a FIFO there used to hang the renderer. The kiosk draws only
    the cleaned bytes, so even a picture swapped in after the check is drawn without it."""
    os.mkfifo(content_dir / "images" / "pipe.png")
    picture = content_dir / "images" / "skin.svg"
    picture.write_text(
        f'<svg {XMLNS} viewBox="0 0 40 30"><rect width="40" height="30" fill="#123456"/>'
        f'<image href="{content_dir / "images" / "pipe.png"}" width="40" height="30"/></svg>'
    )
    widget.resize(200, 150)
    widget.set_picture(picture, "a picture")
    shot = widget.grab().toImage()  # returns: nothing opened the FIFO
    assert shot.pixelColor(100, 75).name() == "#123456"


@pytest.mark.parametrize(
    "root",
    [
        'width="0" height="0" viewBox="0 0 0 0"',
        'width="0" height="30"',
        'viewBox="0 0 40"',
        "",
    ],
)
def test_svg_without_a_drawing_area_is_refused(content_dir: Path, root: str) -> None:
    (content_dir / "images" / "skin.svg").write_text(f"<svg {XMLNS} {root}><rect/></svg>")
    errors = [p.format(content_dir) for p in load_content(content_dir).errors]
    assert errors
    assert "01-basics.yaml:14:12: error: picture" in errors[0]


def test_zero_viewbox_does_not_divide_by_zero_in_the_kiosk(
    content_dir: Path, widget: Illustration
) -> None:
    """A picture replaced after the check must not crash the slide that shows it."""
    picture = content_dir / "images" / "skin.svg"
    picture.write_text(f'<svg {XMLNS} width="0" viewBox="0 0 0 0"><rect/></svg>')
    widget.resize(200, 150)
    widget.set_picture(picture, "a picture")
    widget.grab()  # painted without ZeroDivisionError


def test_validate_draws_every_picture(content_dir: Path) -> None:
    """A PNG whose signature is right but whose data is not passes the file checks; the
    render check (in a child process, so validate stays Qt-free) refuses it."""
    (content_dir / "images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    section = content_dir / "en" / "01-basics.yaml"
    section.write_text(section.read_text().replace("images/skin.svg", "images/photo.png"))
    section = content_dir / "es" / "01-basics.yaml"
    section.write_text(section.read_text().replace("images/skin.svg", "images/photo.png"))
    assert load_content(content_dir).ok
    proc = validate(content_dir)
    assert proc.returncode == 1, proc.stdout
    assert f"images{os.sep}photo.png: error: the picture cannot be decoded" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_labels_and_shipped_shapes_pass(content_dir: Path) -> None:
    (content_dir / "images" / "skin.svg").write_text(
        SVG.replace(
            "</svg>",
            '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/>'
            '</linearGradient></defs><g><title>Skin</title><text x="1" y="9" '
            'font-size="6" fill="url(#g)">Top <tspan font-weight="bold">layer</tspan></text>'
            '<polyline points="0,0 4,4"/><polygon points="0,0 4,4 0,4"/><line x2="4"/>'
            '<ellipse rx="2" ry="1"/><circle r="1"/></g></svg>',
        )
    )
    assert load_content(content_dir).ok
    assert validate(content_dir).returncode == 0


def test_deeply_nested_svg_is_refused_and_never_recurses(
    content_dir: Path, widget: Illustration
) -> None:
    from kiosk.core.content import svg

    picture = content_dir / "images" / "skin.svg"
    picture.write_text(
        f'<svg {XMLNS} viewBox="0 0 4 4">'
        + "<g>" * 20000
        + '<rect width="4" height="4"/>'
        + "</g>" * 20000
        + "</svg>"
    )
    errors = [p.format(content_dir) for p in load_content(content_dir).errors]
    assert "nested more than 64 groups deep" in errors[0]
    with pytest.raises(svg.SvgProblem):
        svg.clean(picture.read_bytes())
    # swapped in after the check: drawn as nothing, no RecursionError
    widget.resize(200, 150)
    widget.set_picture(picture, "a picture")
    widget.grab()
