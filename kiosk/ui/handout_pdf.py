"""The take-home on US Letter paper: one PDF per language, and the printed copy at the kiosk.

Qt's QTextDocument lays out the same escaped HTML as the web page (`core.handout.site.body_html`,
with the course's pictures), so the PDF holds real text that can be searched and copied; the
same drawing goes to a QPdfWriter (`write_pdf`) or to the default CUPS printer (`print_copy`),
the printed copy with the patient's personal parts. QPdfWriter writes no tagged PDF (no
structure tree: headings, lists and alt text are not marked); see the README. Every page's
footer repeats the clinic's name and phone number. US Letter because the shipped content is for
US clinics and US printers clip the bottom of A4 pages; clinics elsewhere change PAGE_SIZE.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QRectF, QSize, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication

from kiosk.core.content.model import Content
from kiosk.core.handout.fragment import TakeHome
from kiosk.core.handout.site import (
    body_html,
    image_names,
    personal_html,
    published_picture,
    words_for,
)
from kiosk.ui.theme import load_fonts

BODY_PT = 12.0
FOOTER_PT = 9.0
MARGIN_MM = 18.0
FOOTER_MM = 10.0
PAGE_SIZE = QPageSize.PageSizeId.Letter
IMAGE_DIR = "images/"  # resource names; the pictures come from the content, never from a file URL
PICTURE_WIDTH = (
    240  # in the layout's pixels (96 per inch): 2.5 inches, a picture beside its few lines
)
PICTURE_PX = (900, 600)  # pictures drawn at about 300 dpi for their 3 x 2 inch box


def picture(path: Path) -> QImage:
    """A content picture as an image for the page: SVGs drawn from their cleaned bytes."""
    data = QByteArray(published_picture(path))
    image = QImage.fromData(data)
    if image.isNull():
        return image
    return image.scaled(
        QSize(*PICTURE_PX),
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


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
    .write-in { border-color: #000000; border-style: solid; margin-top: 6px; margin-bottom: 6px; }
    .box { font-size: 16pt; }
    .clinic { font-size: 13pt; font-weight: bold; margin-bottom: 0; }
    .summary { font-style: italic; }
    .example { font-weight: bold; margin-bottom: 12px; }
    .review { font-size: 10pt; }
    """


def document_html(
    content: Content, lang: str, take_home: TakeHome | None = None, image_width: int = 0
) -> str:
    """One language's take-home, with the patient's personal parts when printed for them."""
    personal = personal_html(content, take_home) if take_home else ""
    body = body_html(
        content,
        lang,
        IMAGE_DIR,
        boxed=True,
        personal=personal,
        image_width=image_width,
        checklist=True,
    )
    return f'<html><body><div lang="{html.escape(lang)}">{body}</div></body></html>'


def write_pdf(content: Content, path: Path, lang: str) -> Path:
    """Write one language's take-home PDF and return its path."""
    ensure_app()
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(PAGE_SIZE))
    writer.setPageMargins(QMarginsF(*(MARGIN_MM,) * 4), QPageLayout.Unit.Millimeter)
    writer.setTitle(f"{words_for(content, lang).heading} – {content.settings.clinic_name}")
    writer.setCreator("kiosk handout")
    draw(writer, content, lang, None)
    return path


def default_printer() -> str:
    """The system's default printer (CUPS), or "" when none is set up."""
    ensure_app()
    info = QPrinterInfo.defaultPrinter()
    return "" if info.isNull() else info.printerName()


def print_copy(content: Content, take_home: TakeHome) -> bool:
    """Print the take-home in the patient's language, with their missed points and questions,
    on the default printer. False when there is none or Qt could not start the job."""
    name = default_printer()
    if not name:
        return False
    printer = QPrinter(QPrinterInfo.defaultPrinter(), QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAGE_SIZE))
    printer.setPageMargins(QMarginsF(*(MARGIN_MM,) * 4), QPageLayout.Unit.Millimeter)
    printer.setDocName(words_for(content, take_home.lang).heading)
    return draw(printer, content, take_home.lang, take_home)


def draw(
    device: QPdfWriter | QPrinter, content: Content, lang: str, take_home: TakeHome | None
) -> bool:
    """Lay out and paint the pages on a PDF writer or a printer."""
    family = load_fonts()
    s = content.settings
    footer = round(FOOTER_MM * device.resolution() / 25.4)
    page = QSizeF(device.width(), device.height() - footer)
    doc = layout_document(
        content,
        device,
        family,
        page,
        document_html(content, lang, take_home, PICTURE_WIDTH),
    )
    footer_font = QFont(family)
    footer_font.setPointSizeF(FOOTER_PT)
    footer_rect = QRectF(0, page.height(), page.width(), footer)
    bottom = Qt.AlignmentFlag.AlignBottom
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(device):
        return False
    try:
        for number in range(pages):
            if number:
                device.newPage()
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
    return True


def layout_document(
    content: Content, writer: QPdfWriter | QPrinter, family: str, page: QSizeF, text: str
) -> QTextDocument:
    """The handout laid out in the PDF's own units, cut into pages of `page` size."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont(family)
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(style_sheet())
    doc.setDocumentMargin(0)  # the page margins are the writer's
    for path, name in image_names(content).items():  # pictures as the site publishes them
        doc.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(IMAGE_DIR + name), picture(path)
        )
    doc.setHtml(text)
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
