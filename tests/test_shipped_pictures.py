"""The bundled pictures follow the picture plan: plain shapes only, word-free, one slide each."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from kiosk.core.content.loader import load_content
from kiosk.core.content.model import Content
from tests.conftest import SHIPPED

SVG_NS = "{http://www.w3.org/2000/svg}"
# What a hand-drawn course picture may contain (the issue 14 picture plan).
ALLOWED = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "defs", "linearGradient", "stop", "title",
}  # fmt: skip
PICTURES = sorted((SHIPPED / "images").glob("*.svg"))
LANGUAGE_SUFFIX = re.compile(r"-([a-z]{2})$")


@pytest.fixture(scope="module")
def content() -> Content:
    result = load_content(SHIPPED)
    assert result.content is not None, [p.format() for p in result.errors]
    return result.content


def _elements(path: Path) -> list[ET.Element]:
    return list(ET.parse(path).getroot().iter())


@pytest.mark.parametrize("path", PICTURES, ids=lambda p: p.name)
def test_picture_is_plain_shapes_in_the_shared_box(path: Path) -> None:
    root = ET.parse(path).getroot()
    assert root.get("viewBox") == "0 0 800 600"
    for element in _elements(path):
        tag = element.tag.removeprefix(SVG_NS)
        assert tag in ALLOWED, f"{path.name}: <{tag}>"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{path.name}: {name}"
            assert "href" not in name.lower(), f"{path.name}: {name}"
            assert "url(" not in value or value.startswith("url(#"), f"{path.name}: {value}"
            assert "@import" not in value, f"{path.name}: {value}"


@pytest.mark.parametrize("path", PICTURES, ids=lambda p: p.name)
def test_picture_words_only_in_language_pictures(path: Path) -> None:
    """The course is bilingual: a picture with words must be named for its language."""
    texts = [
        "".join(element.itertext()).strip()
        for element in _elements(path)
        if element.tag == SVG_NS + "text"
    ]
    for element in _elements(path):
        if element.tag == SVG_NS + "text":
            family = element.get("font-family", "")
            assert family.startswith("Atkinson Hyperlegible"), f"{path.name}: {family}"
    if not LANGUAGE_SUFFIX.search(path.stem):
        assert all(text.isdigit() for text in texts), f"{path.name}: {texts}"


def test_no_picture_on_two_slides(content: Content) -> None:
    for lang in content.languages.values():
        used = Counter(s.illustration.path.name for s in lang.slides if s.illustration)
        assert [name for name, count in used.items() if count > 1] == []


def test_language_pictures_only_on_their_language(content: Content) -> None:
    for code, lang in content.languages.items():
        for slide in lang.slides:
            if slide.illustration:
                suffix = LANGUAGE_SUFFIX.search(slide.illustration.path.stem)
                assert suffix is None or suffix.group(1) == code, (code, slide.id)


LABELLED = [path for path in PICTURES if LANGUAGE_SUFFIX.search(path.stem)]


def _draw_label(qapp: object, label: ET.Element) -> bytes:
    """One label alone, drawn by Qt's SVG renderer the way the kiosk draws pictures."""
    from PySide6.QtCore import QByteArray, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    from kiosk.ui import theme

    theme.load_fonts()
    svg = ET.Element(SVG_NS + "svg", {"viewBox": "0 0 800 600", "width": "800", "height": "600"})
    svg.append(label)
    renderer = QSvgRenderer(QByteArray(ET.tostring(svg)))
    canvas = QImage(800, 600, QImage.Format.Format_RGB32)
    canvas.fill(Qt.GlobalColor.white)
    painter = QPainter(canvas)
    renderer.render(painter, QRectF(0, 0, 800, 600))
    painter.end()
    return bytes(canvas.constBits())


@pytest.mark.parametrize("path", LABELLED, ids=lambda p: p.name)
def test_labels_use_the_bundled_font_in_the_kiosk(qapp: object, path: Path) -> None:
    """Qt reads a font-family list as one unknown name and falls back to DejaVu: the labels
    name the font alone for Qt and carry the list with a sans-serif fallback in `style`."""
    labels = [el for el in _elements(path) if el.tag == SVG_NS + "text"]
    assert labels, path.name
    for label in labels:
        alone = {k: v for k, v in label.attrib.items() if k != "style"}
        reference = ET.Element(SVG_NS + "text", {**alone, "font-family": "Atkinson Hyperlegible"})
        reference.text = label.text
        assert _draw_label(qapp, label) == _draw_label(qapp, reference), (path.name, label.text)
        style = label.get("style", "")
        assert "'Atkinson Hyperlegible', sans-serif" in style, (path.name, style)
