"""The take-home page behind the kiosk's QR code, built from the same content as the course.

`write_site` writes DIR/<lang>/index.html for every language, DIR/index.html linking them, and
copies the pictures and the typeface beside them. The pages need no JavaScript and load nothing
from another host, so any static web server can serve them and nothing tracks the patient.
Every character from content is escaped here, as in `markdown.to_html`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.content import files as contentfiles
from kiosk.core.content import markdown, svg
from kiosk.core.content.colors import contrast
from kiosk.core.content.images import MAX_IMAGE_BYTES
from kiosk.core.content.markdown import Block
from kiosk.core.content.model import Content, Illustration, InfoSlide, Language, Section, Theme
from kiosk.core.content.placeholders import substitute

# What a patient needs at home, by section id, in the order of the page: when to call (and
# the emergency signs) first, as an urgent card; then the recap; then the days after; then
# what to do before the next session. Renamed sections fall back to the whole course (without
# the check questions) rather than to an empty page.
URGENT_SECTION = "when-to-call"
RECAP_SECTION = "recap"
NEXT_SESSION_SECTION = "before-your-treatment"
HANDOUT_SECTIONS = (URGENT_SECTION, RECAP_SECTION, "right-after", "aftercare", NEXT_SESSION_SECTION)
# Inside the urgent card, the emergency slide comes first.
EMERGENCY_SLIDE = "emergency"

FONT_DIR = Path(__file__).resolve().parents[3] / "assets" / "fonts"
FONT_FAMILY = "Atkinson Hyperlegible"
FONT_FILES = {400: "AtkinsonHyperlegible-Regular.ttf", 700: "AtkinsonHyperlegible-Bold.ttf"}
FONT_LICENCE = "OFL.txt"
MIN_CONTRAST = 7.0


@dataclass(frozen=True)
class PageWords:
    """The fixed words of the page; the content supplies everything else."""

    heading: str
    intro: str
    call_prompt: str
    call: str
    after_hours: str
    emergency: str
    next_session: str
    next_session_intro: str
    next_session_plain: str  # when the clinic has not set the number of sessions or the spacing
    sources: str
    reviewed_by_on: str
    reviewed_on: str
    reviewed_by: str
    version: str
    example: str
    choose_language: str
    other_languages: str
    date: str
    months: tuple[str, ...]


WORDS: dict[str, PageWords] = {
    "en": PageWords(
        heading="Your take-home instructions",
        intro="What you saw on the screen at the clinic, to read again at home. "
        "Always follow what your care team tells you.",
        call_prompt="Questions or worries? Call us.",
        call="Call us: {number}",
        after_hours="Clinic closed? Call {number}",
        emergency="Emergency? Call {number}",
        next_session="Before your next session",
        next_session_intro="Most people have {sessions} sessions, about {session_spacing_weeks} "
        "weeks apart. Before each one, tell us again about these:",
        next_session_plain="Before each session, tell us again about these:",
        sources="Sources",
        reviewed_by_on="Reviewed by {by} on {date}.",
        reviewed_on="Reviewed on {date}.",
        reviewed_by="Reviewed by {by}.",
        version="Content version {version}.",
        example="Example only: this page is for a made-up clinic. Your clinic puts its own "
        "name, phone number and instructions here.",
        choose_language="Choose your language",
        other_languages="Other languages",
        date="{month} {day}, {year}",
        months=(
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
    ),
    "es": PageWords(
        heading="Sus instrucciones para llevar a casa",
        intro="Lo que vio en la pantalla de la clínica, para leerlo otra vez en casa. "
        "Siga siempre las indicaciones de su equipo de salud.",
        call_prompt="¿Tiene preguntas o dudas? Llámenos.",
        call="Llámenos al {number}",
        after_hours="¿La clínica está cerrada? Llame al {number}",
        emergency="¿Emergencia? Llame al {number}",
        next_session="Antes de su próxima sesión",
        next_session_intro="Casi todas las personas tienen {sessions} sesiones, con unas "
        "{session_spacing_weeks} semanas entre una y otra. Antes de cada una, vuelva a "
        "contarnos esto:",
        next_session_plain="Antes de cada sesión, vuelva a contarnos esto:",
        sources="Fuentes",
        reviewed_by_on="Revisado por {by} el {date}.",
        reviewed_on="Revisado el {date}.",
        reviewed_by="Revisado por {by}.",
        version="Versión del contenido: {version}.",
        example="Solo un ejemplo: esta página es de una clínica inventada. Su clínica pone "
        "aquí su propio nombre, teléfono e instrucciones.",
        choose_language="Elija su idioma",
        other_languages="Otros idiomas",
        date="{day} de {month} de {year}",
        months=(
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
    ),
}


def words_for(lang: str) -> PageWords:
    """Fixed words for a language code such as "es" or "es-MX"; English when we have none."""
    return WORDS.get(lang) or WORDS.get(lang.split("-")[0].lower()) or WORDS["en"]


def format_date(day: dt.date, lang: str) -> str:
    w = words_for(lang)
    return substitute(w.date, {"day": day.day, "month": w.months[day.month - 1], "year": day.year})


def tel_uri(phone: str) -> str:
    """`tel:` link for a number as staff typed it: digits only, a leading + kept."""
    digits = re.sub(r"\D", "", phone)
    if not digits:
        return ""
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{digits}"


def handout_sections(language: Language) -> tuple[Section, ...]:
    """The sections that help at home, in the page's order, each keeping only its info slides."""
    by_id = {s.id: s for s in language.sections}
    picked = [by_id[i] for i in HANDOUT_SECTIONS if i in by_id] or list(language.sections)
    kept = (_info_only(s) for s in picked)
    return tuple(s for s in kept if s.slides)


def _info_only(section: Section) -> Section:
    slides = [s for s in section.slides if isinstance(s, InfoSlide)]
    if section.id == URGENT_SECTION:  # the emergency signs lead the urgent card
        slides.sort(key=lambda s: s.id != EMERGENCY_SLIDE)
    return Section(section.id, section.title, section.summary, tuple(slides), section.sources)


def sources_of(sections: Iterable[Section]) -> list[str]:
    """Every source once, in the order the sections cite them."""
    return list(dict.fromkeys(src for sec in sections for src in sec.sources))


def image_names(content: Content) -> dict[Path, str]:
    """A unique file name in DIR/images/ for every picture the pages show."""
    names: dict[Path, str] = {}
    for code in content.settings.languages:
        for section in handout_sections(content.language(code)):
            for slide in section.slides:
                pic = slide.illustration
                if pic is None or pic.path in names:
                    continue
                name, n = pic.path.name, 1
                while name in names.values():
                    n += 1
                    name = f"{pic.path.stem}-{n}{pic.path.suffix}"
                names[pic.path] = name
    return names


# -- HTML -------------------------------------------------------------------------------------
def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _text(text: str, phones: tuple[str, ...]) -> str:
    """Escaped text in which the clinic's numbers become tap-to-call links.

    Longer numbers are linked first, and each number only where it stands alone (not inside a
    longer run of digits), so "911" never links part of a phone number or a date."""
    escaped = _e(text)
    links: dict[str, str] = {}
    for phone in sorted({p for p in phones if tel_uri(p)}, key=len, reverse=True):
        key = f"\0{len(links)}\0"
        pattern = rf"(?<![\w-]){re.escape(_e(phone))}(?![\w-])"
        escaped, n = re.subn(pattern, key, escaped)
        if n:
            links[key] = f'<a class="phone" href="{_e(tel_uri(phone))}">{_e(phone)}</a>'
    for key, link in links.items():
        escaped = escaped.replace(key, link)
    return escaped


def blocks_html(blocks: tuple[Block, ...], *phones: str) -> str:
    """Slide text as HTML: the kiosk's own renderer, with the clinic's numbers made tappable."""
    return markdown.to_html(
        blocks, None, text=lambda t: _text(t, phones), bold="strong", joiner="\n"
    )


def _call_row(words: str, number: str, kind: str = "") -> str:
    """One big tap-to-call button; plain bold text when the number has no digits.

    `words` holds {number} where the number goes; the number itself never wraps."""
    before, _, after = words.partition("{number}")
    label = f'{_e(before)}<span class="phone">{_e(number)}</span>{_e(after)}'
    uri = tel_uri(number)
    if not uri:
        return f'<p class="call-row"><strong>{label}</strong></p>'
    cls = f"call {kind}".strip()
    return f'<p class="call-row"><a class="{cls}" href="{_e(uri)}">{label}</a></p>'


def call_html(content: Content, lang: str) -> str:
    """The clinic's call button."""
    phone = content.settings.clinic_phone
    return _call_row(words_for(lang).call, phone)


def urgent_calls_html(content: Content, lang: str) -> str:
    """The buttons at the top of the urgent card: the clinic, after hours, the emergency number.

    Without an after-hours number the clinic's own words (a place to go) are shown instead."""
    w, s = words_for(lang), content.settings
    rows = [call_html(content, lang)]
    if s.after_hours_phone:
        rows.append(_call_row(w.after_hours, s.after_hours_phone, "after-hours"))
    elif s.after_hours.get(lang):
        rows.append(f'<p class="after-hours-text"><strong>{_e(s.after_hours[lang])}</strong></p>')
    if s.emergency_number:
        rows.append(_call_row(w.emergency, s.emergency_number, "emergency"))
    return "\n".join(rows)


def review_text(content: Content, lang: str) -> str:
    w, s = words_for(lang), content.settings
    date = format_date(s.reviewed_on, lang) if s.reviewed_on else ""
    if s.reviewed_by and date:
        return substitute(w.reviewed_by_on, {"by": s.reviewed_by, "date": date})
    if date:
        return substitute(w.reviewed_on, {"date": date})
    if s.reviewed_by:
        return substitute(w.reviewed_by, {"by": s.reviewed_by})
    return ""


def body_html(
    content: Content, lang: str, image_dir: str | None = "../images/", boxed: bool = False
) -> str:
    """One language's handout as HTML without <head>: the web page and the PDF share it.

    `image_dir=None` leaves the pictures out (the PDF is text only). `boxed` draws the urgent
    card as a one-cell table, the only frame Qt's rich text (the PDF) can draw.
    """
    w, s = words_for(lang), content.settings
    language = content.language(lang)
    sections = handout_sections(language)
    names = image_names(content) if image_dir is not None else {}
    phones = [p for p in (s.clinic_phone, s.after_hours_phone, s.emergency_number) if p]
    out: list[str] = []
    if s.example:
        out.append(f'<p class="example">{_e(w.example)}</p>')
    out.append('<header class="top">')
    out.append(f'<p class="clinic">{_e(s.clinic_name)}</p>')
    out.append(f"<h1>{_e(w.heading)}</h1>")
    out.append(f'<p class="intro">{_e(w.intro)}</p>')
    out.append("</header>")
    urgent_first = bool(sections) and sections[0].id == URGENT_SECTION
    if not urgent_first:  # content without a when-to-call section still gets the call button
        out.append(f'<p class="call-prompt">{_e(w.call_prompt)}</p>')
        out.append(call_html(content, language.code))
    for section in sections:
        urgent = section.id == URGENT_SECTION
        out.append(f'<section class="part{" urgent" if urgent else ""}" id="{_e(section.id)}">')
        if urgent and boxed:
            out.append(
                '<table class="urgent-box" border="2" cellpadding="10" width="100%"><tr><td>'
            )
        if section.id == NEXT_SESSION_SECTION:
            out.append(f"<h2>{_e(w.next_session)}</h2>")
            series = ("sessions", "session_spacing_weeks")
            if all(s.values.get(k) for k in series):
                intro = substitute(w.next_session_intro, {k: s.values[k] for k in series})
            else:
                intro = w.next_session_plain
            out.append(f'<p class="summary">{_e(intro)}</p>')
        else:
            out.append(f"<h2>{_e(section.title)}</h2>")
            if section.summary and not urgent:
                out.append(f'<p class="summary">{_e(section.summary)}</p>')
        if urgent:
            out.append(urgent_calls_html(content, language.code))
        for slide in section.slides:
            assert isinstance(slide, InfoSlide)
            out.append('<div class="slide">')
            out.append(f"<h3>{_e(slide.title)}</h3>")
            if slide.illustration and image_dir is not None:
                out.append(_img(slide.illustration, image_dir + names[slide.illustration.path]))
            out.append(blocks_html(slide.blocks, *phones))
            out.append("</div>")
        if urgent and boxed:
            out.append("</td></tr></table>")
        out.append("</section>")
    sources = sources_of(sections)
    if sources:
        out.append('<section class="part sources">')
        out.append(f"<h2>{_e(w.sources)}</h2>")
        out.append("<ul>" + "".join(f"<li>{_e(src)}</li>" for src in sources) + "</ul>")
        out.append("</section>")
    out.append('<footer class="review">')
    review = review_text(content, language.code)
    if review:
        out.append(f"<p>{_e(review)}</p>")
    out.append(f"<p>{_e(substitute(w.version, {'version': content.checksum}))}</p>")
    out.append("</footer>")
    return "\n".join(out)


def _img(pic: Illustration, src: str) -> str:
    return f'<img src="{_e(src)}" alt="{_e(pic.alt)}">'


def _readable(fg: str, bg: str, fallback: str) -> str:
    """A theme colour where it stays readable on its background, else the plain text colour."""
    return fg if contrast(fg, bg) >= MIN_CONTRAST else fallback


def style(theme: Theme, font_dir: str) -> str:
    """Mobile-first CSS: 18 px text, nothing wider than the phone, a print version in black."""
    t = theme
    heading = _readable(t.accent, t.surface, t.text)
    link = _readable(t.accent, t.background, t.text)
    muted = _readable(t.muted_text, t.background, t.text)
    faces = "".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
        f'font-display: swap; src: url("{font_dir}{name}") format("truetype"); }}\n'
        for weight, name in (FONT_FILES.items() if fonts_available() else ())
    )
    return f"""{faces}
* {{ box-sizing: border-box; }}
html {{ font-size: 112.5%; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{
  margin: 0; background: {t.background}; color: {t.text};
  font-family: "{FONT_FAMILY}", "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 1rem; line-height: 1.55; overflow-wrap: anywhere;
}}
main {{ max-width: 40rem; margin: 0 auto; padding: 16px 14px 32px; }}
h1, h2, h3 {{ line-height: 1.25; margin: 0; }}
h1 {{ font-size: 1.75rem; margin: 4px 0 12px; }}
h2 {{ font-size: 1.45rem; color: {heading}; }}
h3 {{ font-size: 1.15rem; margin: 28px 0 8px; }}
p {{ margin: 0 0 12px; }}
ul {{ margin: 0 0 12px; padding-left: 1.3em; }}
li {{ margin: 0 0 6px; padding-left: 2px; }}
a {{ color: {link}; }}
.phone {{ white-space: nowrap; }}
.example {{
  background: {t.surface}; border: 3px dashed {t.text}; border-radius: 12px;
  padding: 12px 14px; font-weight: bold; margin-bottom: 16px;
}}
.clinic {{ font-weight: bold; color: {muted}; margin: 0; }}
.call-prompt {{ margin-bottom: 8px; }}
.call-row {{ margin: 12px 0 4px; }}
.call {{
  display: flex; flex-wrap: wrap; column-gap: 0.3em; align-items: center;
  justify-content: center; width: 100%; min-height: 56px; padding: 12px 16px;
  border-radius: 14px; text-align: center;
  background: {t.accent}; color: {t.accent_text}; font-weight: bold; font-size: 1.15rem;
  text-decoration: none;
}}
.call.emergency {{ background: {t.text}; color: {t.surface}; }}
.urgent {{ border: 4px solid {t.text}; }}
.urgent h2 {{ color: {t.text}; }}
.after-hours-text {{ margin: 12px 0 4px; }}
a:focus-visible {{ outline: 4px solid {t.text}; outline-offset: 3px; }}
.part {{
  background: {t.surface}; border-radius: 16px; padding: 20px 16px 8px; margin: 24px 0 0;
}}
.summary {{ font-style: italic; }}
.slide img {{
  display: block; width: 100%; max-width: 260px; height: auto; max-height: 190px;
  margin: 4px auto 12px; object-fit: contain;
}}
.sources li {{ margin-bottom: 10px; }}
.review {{ color: {muted}; font-size: 0.9rem; margin-top: 24px; }}
.languages {{ display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 12px; padding: 0;
  list-style: none; }}
.languages a {{
  display: inline-flex; align-items: center; min-height: 48px; padding: 8px 16px;
  border: 2px solid {link}; border-radius: 12px; font-weight: bold; text-decoration: none;
}}
.ask {{ display: block; }}
.choose {{ list-style: none; padding: 0; margin: 16px 0; }}
.choose li {{ margin: 0 0 14px; padding: 0; }}
.choose a {{
  display: block; min-height: 64px; padding: 14px 18px; border-radius: 14px;
  background: {t.accent}; color: {t.accent_text}; text-decoration: none;
}}
.choose .name {{ display: block; font-size: 1.4rem; font-weight: bold; }}
.choose .what {{ display: block; }}
@media print {{
  html {{ font-size: 12pt; }}
  body {{ background: #fff; color: #000; }}
  main {{ max-width: none; padding: 0; }}
  h2, a, .clinic, .review {{ color: #000; }}
  h2, h3 {{ break-after: avoid; }}
  .slide {{ break-inside: avoid; }}
  .part {{ background: none; border-radius: 0; padding: 0; margin: 18pt 0 0; }}
  .urgent {{ border: 2pt solid #000; padding: 8pt; }}
  .call.emergency {{ background: none; color: #000; }}
  .example {{ background: none; border: 2pt solid #000; }}
  .call {{
    display: inline; min-height: 0; padding: 0; background: none; color: #000;
    font-size: 1.1rem; border-radius: 0;
  }}
  .slide img {{ max-height: 3.5cm; margin: 0 0 6pt; }}
  .languages {{ display: none; }}
}}
"""


def fonts_available() -> bool:
    """The typeface ships in assets/; without it the pages fall back to the phone's own font."""
    return all((FONT_DIR / n).is_file() for n in (*FONT_FILES.values(), FONT_LICENCE))


def _head(title: str, css: str) -> str:
    return (
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="color-scheme" content="light">\n'
        f"<title>{_e(title)}</title>\n"
        f"<style>\n{css}</style>"
    )


def page_html(content: Content, lang: str) -> str:
    """The phone page for one language, as written to DIR/<lang>/index.html."""
    language = content.language(lang)
    w, s = words_for(language.code), content.settings
    others = [content.language(c) for c in s.languages if c != language.code]
    nav = ""
    if others:
        links = "".join(
            f'<li><a href="../{_e(o.code)}/index.html" lang="{_e(o.code)}" '
            f'hreflang="{_e(o.code)}">{_e(o.name)}</a></li>'
            for o in others
        )
        nav = (
            f'<nav aria-label="{_e(w.other_languages)}"><ul class="languages">{links}</ul></nav>\n'
        )
    title = f"{w.heading} – {s.clinic_name}"
    return (
        f'<!doctype html>\n<html lang="{_e(language.code)}">\n<head>\n'
        f"{_head(title, style(s.theme, '../fonts/'))}\n</head>\n<body>\n<main>\n"
        f"{nav}{body_html(content, language.code)}\n</main>\n</body>\n</html>\n"
    )


def index_html(content: Content) -> str:
    """DIR/index.html: big links to every language, the kiosk's first language first."""
    s = content.settings
    first = words_for(s.default_language)
    asks: dict[str, str] = {}  # "Choose your language" in each language, once
    for code in s.languages:
        asks.setdefault(words_for(code).choose_language, code)
    heading = "".join(f'<span class="ask" lang="{_e(c)}">{_e(a)}</span>' for a, c in asks.items())
    links = "".join(
        f'<li><a href="{_e(code)}/index.html" lang="{_e(code)}" hreflang="{_e(code)}">'
        f'<span class="name">{_e(content.language(code).name)}</span>'
        f'<span class="what">{_e(words_for(code).heading)}</span></a></li>'
        for code in s.languages
    )
    example = f'<p class="example">{_e(first.example)}</p>\n' if s.example else ""
    return (
        f'<!doctype html>\n<html lang="{_e(s.default_language)}">\n<head>\n'
        f"{_head(f'{first.heading} – {s.clinic_name}', style(s.theme, 'fonts/'))}\n"
        f"</head>\n<body>\n<main>\n{example}"
        f'<p class="clinic">{_e(s.clinic_name)}</p>\n'
        f"<h1>{heading}</h1>\n"
        f'<ul class="choose">{links}</ul>\n</main>\n</body>\n</html>\n'
    )


def published_picture(source: Path) -> bytes:
    """A picture as the site serves it: an SVG rebuilt from the allowlist (kiosk.core.content.svg),
    so nothing in it can run script on the clinic's web address; others as they are."""
    data = contentfiles.read_bytes(source, MAX_IMAGE_BYTES)
    return svg.clean(data) if source.suffix.lower() == ".svg" else data


def write_site(content: Content, out: Path) -> list[Path]:
    """Write the pages, pictures and typeface under `out`; return the HTML pages written."""
    out.mkdir(parents=True, exist_ok=True)
    names = image_names(content)
    if names:
        (out / "images").mkdir(exist_ok=True)
        for source, name in names.items():
            (out / "images" / name).write_bytes(published_picture(source))
    if fonts_available():
        (out / "fonts").mkdir(exist_ok=True)
        for name in (*FONT_FILES.values(), FONT_LICENCE):
            shutil.copyfile(FONT_DIR / name, out / "fonts" / name)
    pages = [out / "index.html"]
    pages[0].write_text(index_html(content), encoding="utf-8")
    for code in content.settings.languages:
        page = out / code / "index.html"
        page.parent.mkdir(exist_ok=True)
        page.write_text(page_html(content, code), encoding="utf-8")
        pages.append(page)
    return pages
