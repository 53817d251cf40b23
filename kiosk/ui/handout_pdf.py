"""handout.pdf: the take-home page on US Letter paper, for patients without a smartphone.

Every language follows in turn, each starting on a new page. Qt's QTextDocument lays out the
same escaped HTML as the web page (`kiosk.core.handout.body_html`, without the pictures), so the
PDF holds real text that can be searched, read aloud and copied; QPdfWriter needs no extra
dependency. US Letter because the shipped content is for US clinics (FDA sources, US phone
numbers) and US printers clip the bottom of A4 pages; clinics elsewhere change PAGE_SIZE to A4.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from kiosk.core.handout import body_html, words_for
from kiosk.core.model import Content
from kiosk.ui.theme import load_fonts

BODY_PT = 12.0
PAGE_SIZE = QPageSize.PageSizeId.Letter


def ensure_app() -> QApplication:
    """Fonts and text layout need a GUI application; the CLI has none yet."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([])
    assert isinstance(app, QApplication)
    return app


def style_sheet() -> str:
    """Black on white; Qt's rich text knows a subset of CSS, so keep it plain."""
    return """
    h1 { font-size: 20pt; font-weight: bold; margin-top: 6px; margin-bottom: 10px; }
    h2 { font-size: 15pt; font-weight: bold; margin-top: 22px; margin-bottom: 2px; }
    h3 { font-size: 12pt; font-weight: bold; margin-top: 12px; margin-bottom: 4px; }
    p { margin-top: 0; margin-bottom: 6px; line-height: 125%; }
    ul { margin-top: 0; margin-bottom: 6px; }
    li { margin-bottom: 2px; line-height: 125%; }
    a { color: #000000; text-decoration: none; }
    .call { font-size: 13pt; font-weight: bold; }
    .call-row { margin-top: 4px; }
    .clinic { font-size: 13pt; font-weight: bold; margin-bottom: 0; }
    .summary { font-style: italic; }
    .example { font-weight: bold; margin-bottom: 12px; }
    .review { font-size: 10pt; }
    """


def document_html(content: Content) -> str:
    """Every language's handout in one document; each after the first starts a new page."""
    parts = []
    for i, code in enumerate(content.settings.languages):
        brk = ' style="page-break-before: always"' if i else ""
        parts.append(
            f'<div lang="{html.escape(code)}"{brk}>{body_html(content, code, image_dir=None)}</div>'
        )
    return f"<html><body>{''.join(parts)}</body></html>"


def write_pdf(content: Content, path: Path) -> Path:
    """Write the handout and return its path."""
    ensure_app()
    family = load_fonts()
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(PAGE_SIZE))
    # QTextDocument.print_ adds its own 2 cm margin and the page numbers below the text.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setTitle(
        f"{words_for(content.settings.default_language).heading} – {content.settings.clinic_name}"
    )
    writer.setCreator("kiosk handout")
    doc = QTextDocument()
    font = QFont(family)
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(style_sheet())
    doc.setHtml(document_html(content))
    doc.print_(writer)
    return path
