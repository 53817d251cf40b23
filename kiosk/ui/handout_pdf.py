"""handout.pdf: the take-home page on US Letter paper, for patients without a smartphone.

Every language follows in turn, each starting on a new page. Qt's QTextDocument lays out the
same escaped HTML as the web page (`core.handout.site.body_html`, without the pictures), so the
PDF holds real text that can be searched, read aloud and copied; QPdfWriter needs no extra
dependency. Every page's footer repeats the clinic's name and phone number. US Letter because
the shipped content is for US clinics (FDA sources, US phone numbers) and US printers clip the
bottom of A4 pages; clinics elsewhere change PAGE_SIZE to A4.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QApplication

from kiosk.core.content.model import Content
from kiosk.core.handout.site import body_html, words_for
from kiosk.ui.theme import load_fonts

BODY_PT = 12.0
FOOTER_PT = 9.0
MARGIN_MM = 18.0
FOOTER_MM = 10.0
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
    .urgent-box { border-color: #000000; border-style: solid; margin-top: 10px; }
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
        body = body_html(content, code, image_dir=None, boxed=True)
        parts.append(f'<div lang="{html.escape(code)}"{brk}>{body}</div>')
    return f"<html><body>{''.join(parts)}</body></html>"


def write_pdf(content: Content, path: Path) -> Path:
    """Write the handout and return its path."""
    ensure_app()
    family = load_fonts()
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(PAGE_SIZE))
    writer.setPageMargins(QMarginsF(*(MARGIN_MM,) * 4), QPageLayout.Unit.Millimeter)
    s = content.settings
    writer.setTitle(f"{words_for(s.default_language).heading} – {s.clinic_name}")
    writer.setCreator("kiosk handout")
    footer = round(FOOTER_MM * writer.resolution() / 25.4)
    page = QSizeF(writer.width(), writer.height() - footer)
    doc = layout_document(content, writer, family, page)
    footer_font = QFont(family)
    footer_font.setPointSizeF(FOOTER_PT)
    footer_rect = QRectF(0, page.height(), page.width(), footer)
    bottom = Qt.AlignmentFlag.AlignBottom
    pages = doc.pageCount()
    painter = QPainter(writer)
    try:
        for number in range(pages):
            if number:
                writer.newPage()
            top = number * page.height()
            painter.save()
            painter.translate(0, -top)
            doc.drawContents(painter, QRectF(0, top, page.width(), page.height()))
            painter.restore()
            # The phone number on every sheet, in case the pages get separated.
            painter.setFont(footer_font)
            painter.drawText(
                footer_rect,
                bottom | Qt.AlignmentFlag.AlignLeft,
                f"{s.clinic_name} · {s.clinic_phone}",
            )
            painter.drawText(
                footer_rect, bottom | Qt.AlignmentFlag.AlignRight, f"{number + 1} / {pages}"
            )
    finally:
        painter.end()
    return path


def layout_document(
    content: Content, writer: QPdfWriter, family: str, page: QSizeF
) -> QTextDocument:
    """The handout laid out in the PDF's own units, cut into pages of `page` size."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont(family)
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(style_sheet())
    doc.setDocumentMargin(0)  # the page margins are the writer's
    doc.setHtml(document_html(content))
    doc.setPageSize(page)
    keep_headings_with_next(doc)
    # Qt lays out lazily; asking where the last block is lays it all out for pageCount().
    doc.documentLayout().blockBoundingRect(doc.lastBlock())
    return doc


def keep_headings_with_next(doc: QTextDocument) -> None:
    """Move a heading that would end a page to the next one, with the text it introduces.

    Qt's rich text has no `break-after: avoid`, so this looks at the laid-out pages: a heading
    (and the section summary or sub-heading right after it) must share a page with the first
    line of the text that follows.
    """
    height = doc.pageSize().height()
    layout = doc.documentLayout()
    blocks = []
    block = doc.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()

    def level(i: int) -> int:
        return blocks[i].blockFormat().headingLevel()

    def page_of(i: int) -> int:
        layout.blockBoundingRect(blocks[-1])  # Qt lays out lazily: lay out everything first
        return int(layout.blockBoundingRect(blocks[i]).top() // height)

    i = 0
    while i < len(blocks):
        if not level(i):
            i += 1
            continue
        body = i + 1  # skip sub-headings and the summary line under a section heading
        while body < len(blocks) and (level(body) or level(body - 1) == 2):
            body += 1
        if body < len(blocks) and page_of(body) != page_of(i):
            cursor = QTextCursor(blocks[i])
            fmt = blocks[i].blockFormat()
            fmt.setPageBreakPolicy(
                fmt.pageBreakPolicy() | QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
            )
            cursor.setBlockFormat(fmt)
        i = body
