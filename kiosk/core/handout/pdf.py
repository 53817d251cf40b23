"""The take-home on paper: one tagged PDF per language, and the patient's own printed copy.

WeasyPrint lays out the same escaped HTML as the web page (`site.body_html`, with the urgent card
first, the day-by-day checklist and the course's pictures as vectors) under
assets/handout/pdf.css, and writes a tagged PDF: headings, lists, tables and each picture's alt
text are in its structure tree, so a screen reader reads the PDF a clinic publishes. Qt's
QPdfWriter writes no structure tree; see the README.

Nothing is fetched while the PDF is made: `fetch` serves only the typeface and the content's
pictures (cleaned as the site publishes them) and refuses every other address, so no text or
picture in the content can make the renderer read a file or reach the network.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from kiosk.core.content.model import Content
from kiosk.core.handout.fragment import TakeHome
from kiosk.core.handout.site import (
    ASSETS,
    FONT_DIR,
    FONT_FAMILY,
    FONT_FILES,
    body_html,
    fonts_available,
    image_names,
    personal_html,
    published_picture,
    words_for,
)
from kiosk.core.system import printer

PDF_CSS = ASSETS / "pdf.css"
# The document's own address: relative links resolve under it and `fetch` answers only for it.
BASE = "https://take-home.invalid/"
IMAGE_DIR = "images/"
FONT_PREFIX = "fonts/"

log = logging.getLogger(__name__)


def document_html(content: Content, lang: str, take_home: TakeHome | None = None) -> str:
    """One language's take-home for paper, with the patient's personal parts when printed for
    them. The content version goes in the metadata (for staff), never in the printed text."""
    w, s = words_for(content, lang), content.settings
    personal = personal_html(content, take_home) if take_home else ""
    body = body_html(content, lang, IMAGE_DIR, personal=personal, checklist=True)
    faces = "".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
        f'src: url("{FONT_PREFIX}{name}"); }}\n'
        for weight, name in (FONT_FILES.items() if fonts_available() else ())
    )
    footer = f"{s.clinic_name} · {s.clinic_phone}" if s.clinic_phone else s.clinic_name
    return (
        f'<!doctype html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(w.heading)} – {html.escape(s.clinic_name)}</title>\n"
        f'<meta name="author" content="{html.escape(s.clinic_name)}">\n'
        f'<meta name="content-version" content="{html.escape(content.checksum)}">\n'
        f"<style>{faces}</style>\n</head>\n<body>\n"
        # Repeated at the foot of every page (pdf.css), in case the pages get separated.
        f'<p class="page-footer">{html.escape(footer)}</p>\n'
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def fetcher(content: Content) -> Any:
    """WeasyPrint's URL fetcher for this content: the typeface and the pictures, nothing else
    (no file, no network: the parent class's handlers are never reached)."""
    import weasyprint.urls as urls

    pictures = {IMAGE_DIR + name: path for path, name in image_names(content).items()}
    fonts = {FONT_PREFIX + name: FONT_DIR / name for name in FONT_FILES.values()}

    class Fetcher(urls.URLFetcher):
        def fetch(self, url: str, headers: object = None) -> urls.URLFetcherResponse:
            local = url[len(BASE) :] if url.startswith(BASE) else ""
            if local in pictures:
                svg = local.lower().endswith(".svg")
                kind = {"Content-Type": "image/svg+xml"} if svg else {}
                return urls.URLFetcherResponse(url, published_picture(pictures[local]), kind)
            if local in fonts:
                return urls.URLFetcherResponse(url, fonts[local].read_bytes())
            raise ValueError(f"the take-home PDF loads nothing from {url[:200]!r}")

    return Fetcher(allowed_protocols=())


def render_pdf(content: Content, lang: str, take_home: TakeHome | None = None) -> bytes:
    """The take-home as PDF bytes: tagged, US Letter (pdf.css), made without touching a disk
    or network address beyond the content's pictures and the bundled typeface."""
    import weasyprint  # about 0.3 s: only `kiosk handout` and a print job need it

    document = weasyprint.HTML(
        string=document_html(content, lang, take_home),
        base_url=BASE,
        url_fetcher=fetcher(content),
    )
    stylesheet = weasyprint.CSS(string=PDF_CSS.read_text(encoding="utf-8"), base_url=BASE)
    data = document.write_pdf(
        stylesheets=[stylesheet],
        pdf_tags=True,
        custom_metadata=True,  # the content version, for staff who open the file's properties
    )
    assert isinstance(data, bytes)
    return data


def write_pdf(content: Content, path: Path, lang: str) -> Path:
    """Write one language's take-home PDF and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_pdf(content, lang))
    return path


def print_copy(content: Content, take_home: TakeHome, printer_name: str = "") -> bool:
    """Print the take-home in the patient's language, with their missed points and questions,
    on `printer_name` (the default printer when ""). False when there is none or CUPS refused
    the job. Takes a second or two (the layout): call it off the UI thread."""
    name = printer_name or printer.default_printer()
    if not name:
        log.warning("the take-home copy was not printed: no default printer is set up")
        return False
    data = render_pdf(content, take_home.lang, take_home)
    return printer.print_pdf(data, words_for(content, take_home.lang).heading, name)
