"""The take-home page behind the kiosk's QR code, built from the same content as the course.

`write_site` writes DIR/<lang>/index.html for every language, DIR/index.html linking them, and
copies the pictures and the typeface beside them. The pages need no JavaScript and load nothing
from another host, so any static web server can serve them and nothing tracks the patient.
Every character from content is escaped here, as in `markdown.to_html`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from kiosk.core.content import files as contentfiles
from kiosk.core.content import markdown, svg
from kiosk.core.content.colors import contrast
from kiosk.core.content.images import MAX_IMAGE_BYTES
from kiosk.core.content.markdown import Block
from kiosk.core.content.model import (
    CheckSlide,
    Content,
    Illustration,
    InfoSlide,
    Language,
    PageWords,
    Section,
    Theme,
)
from kiosk.core.content.placeholders import substitute
from kiosk.core.handout.fragment import TakeHome

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
ASSETS = Path(__file__).resolve().parents[3] / "assets" / "handout"
PAGE_CSS = ASSETS / "page.css"
PAGE_SCRIPT = ASSETS / "take-home.js"
PDF_NAME = "take-home.pdf"  # beside each language's index.html
MIN_CONTRAST = 7.0


def words_for(content: Content, lang: str) -> PageWords:
    """The page's fixed words for a language, from its language.yaml (the loader checked them)."""
    return content.language(lang).page


def format_date(content: Content, day: dt.date, lang: str) -> str:
    w = words_for(content, lang)
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
    return _call_row(words_for(content, lang).call, phone)


def urgent_calls_html(content: Content, lang: str) -> str:
    """The buttons at the top of the urgent card: the clinic, after hours, the emergency number.

    Without an after-hours number the clinic's own words (a place to go) are shown instead."""
    w, s = words_for(content, lang), content.settings
    rows = [call_html(content, lang)]
    if s.after_hours_phone:
        rows.append(_call_row(w.after_hours, s.after_hours_phone, "after-hours"))
    elif s.after_hours.get(lang):
        rows.append(f'<p class="after-hours-text"><strong>{_e(s.after_hours[lang])}</strong></p>')
    if s.emergency_number:
        rows.append(_call_row(w.emergency, s.emergency_number, "emergency"))
    return "\n".join(rows)


def review_text(content: Content, lang: str) -> str:
    w, s = words_for(content, lang), content.settings
    date = format_date(content, s.reviewed_on, lang) if s.reviewed_on else ""
    if s.reviewed_by and date:
        return substitute(w.reviewed_by_on, {"by": s.reviewed_by, "date": date})
    if date:
        return substitute(w.reviewed_on, {"date": date})
    if s.reviewed_by:
        return substitute(w.reviewed_by, {"by": s.reviewed_by})
    return ""


def body_html(
    content: Content,
    lang: str,
    image_dir: str | None = "../images/",
    personal: str = "",
    web: bool = False,
    checklist: bool = False,
) -> str:
    """One language's handout as HTML without <head>: the web page and the PDF share it.

    `image_dir=None` leaves the pictures out. `personal` (HTML) holds the patient's own parts:
    on the page the hidden block the script fills, right under the heading; on paper the
    missed points and questions, after the urgent card (which stays first). `web` adds the
    contents list and the link to the PDF; `checklist` the printed day-by-day checklist right
    after the urgent card (paper only).
    """
    w, s = words_for(content, lang), content.settings
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
    if personal and not checklist:  # the page: their own points first, then the way around
        out.append(personal)
    if web:
        out.append(contents_html(w, sections))
    urgent_first = bool(sections) and sections[0].id == URGENT_SECTION
    if not urgent_first:  # content without a when-to-call section still gets the call button
        out.append(f'<p class="call-prompt">{_e(w.call_prompt)}</p>')
        out.append(call_html(content, language.code))
        if checklist:  # no urgent card to follow: their own points and the checklist first
            out.append(personal + checklist_html(content, language.code))
    for section in sections:
        urgent = section.id == URGENT_SECTION
        out.append(f'<section class="part{" urgent" if urgent else ""}" id="{_e(section.id)}">')
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
                src = image_dir + names[slide.illustration.path]
                out.append(_img(slide.illustration, src))
            out.append(blocks_html(slide.blocks, *phones))
            out.append("</div>")
        out.append("</section>")
        if urgent and checklist:  # paper: the urgent card first, then their own points
            out.append(personal + checklist_html(content, language.code))
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
    out.append("</footer>")
    return "\n".join(out)


def checklist_html(content: Content, lang: str) -> str:
    """The day-by-day checklist for paper: the treatment date to write in, the clinic's hours
    (from the settings, or a line to write them on), the after-hours route, then each day's
    steps, each with a box to tick."""
    w, s = words_for(content, lang), content.settings
    rows = [(w.treatment_date, "")]
    rows.append((w.clinic_hours, _e(s.clinic_hours.get(lang, ""))))
    if s.after_hours_phone:
        before, _, after = w.after_hours.partition("{number}")
        rows.append(("", f"<strong>{_e(before)}{_e(s.after_hours_phone)}{_e(after)}</strong>"))
    elif s.after_hours.get(lang):
        rows.append(("", f"<strong>{_e(s.after_hours[lang])}</strong>"))
    cells = []
    for label, text in rows:
        if not label:  # the after-hours route, across the table
            cells.append(f'<tr><td colspan="2">{text}</td></tr>')
            continue
        blank = "" if text else ' class="blank"'  # a line to write on
        cells.append(f'<tr><th scope="row">{_e(label)}</th><td{blank}>{text}</td></tr>')
    out = [
        '<section class="part checklist" id="checklist">',
        f"<h2>{_e(w.checklist)}</h2>",
        f'<p class="summary">{_e(w.checklist_intro)}</p>',
        f'<table class="write-in">{"".join(cells)}</table>',
    ]
    for day in w.days:
        steps = "".join(f"<li>{_e(step)}</li>" for step in day.steps)
        out.append(f'<div class="day"><h3>{_e(day.when)}</h3><ul class="steps">{steps}</ul></div>')
    out.append("</section>")
    return "\n".join(out)


def contents_html(w: PageWords, sections: tuple[Section, ...]) -> str:
    """A short contents list at the top, and the link to this language's PDF."""
    items = "".join(
        f'<li><a href="#{_e(sec.id)}">'
        f"{_e(w.next_session if sec.id == NEXT_SESSION_SECTION else sec.title)}</a></li>"
        for sec in sections
    )
    return (
        f'<nav class="contents" aria-labelledby="contents-title">'
        f'<p id="contents-title"><strong>{_e(w.contents)}</strong></p><ul>{items}</ul></nav>\n'
        f'<p class="print-link"><a href="{PDF_NAME}" type="application/pdf">'
        f"{_e(w.print_pdf)}</a></p>"
    )


def personal_block(w: PageWords) -> str:
    """The page's personal parts, hidden until the script finds something in the fragment: no
    text from the fragment ever lands here, only the page's own titles for known ids."""
    mine = '<div hidden><h2 class="mine">'
    return (
        '<section class="part personal" id="personal" hidden>\n'
        f'<p hidden>{_e(w.stopped_at)} <strong id="stopped-where"></strong></p>\n'
        f'{mine}{_e(w.missed_points)}</h2><ul id="missed-list"></ul></div>\n'
        f"{mine}{_e(w.your_questions)}</h2><p>{_e(w.your_questions_intro)}</p>"
        '<ul id="asked-list"></ul></div>\n</section>'
    )


def personal_html(content: Content, take_home: TakeHome) -> str:
    """The same personal parts written out, for the printed copy (ids unknown here are
    skipped, as on the page)."""
    w = words_for(content, take_home.lang)
    language = content.language(take_home.lang)
    by_id = {s.id: s for s in language.slides}
    section_of = {s.id: sec for sec in language.sections for s in sec.slides}
    out: list[str] = []
    place = by_id.get(take_home.stopped)
    if place is not None:
        title = place.title or section_of[place.id].title
        out.append(
            f"<p>{_e(w.stopped_at)} <strong>{_e(section_of[place.id].title)}: "
            f"{_e(title)}</strong></p>"
        )
    missed = [m for m in (missed_point(language, i) for i in take_home.missed) if m]
    if missed:
        out.append(f"<h2>{_e(w.missed_points)}</h2><ul>")
        for title, text, answer in missed:
            lines = "<br>".join(_e(line) for line in text.splitlines())  # a list stays a list
            out.append(
                f"<li><strong>{_e(title)}</strong><br>{lines}<br>"
                f"{_e(substitute(w.right_answer, {'answer': answer}))}</li>"
            )
        out.append("</ul>")
    asked = [by_id[i] for i in take_home.asked if i in by_id]
    if asked:
        out.append(f"<h2>{_e(w.your_questions)}</h2><p>{_e(w.your_questions_intro)}</p><ul>")
        out.extend(
            f"<li><strong>{_e(s.title or section_of[s.id].title)}</strong> "
            f"({_e(section_of[s.id].title)})</li>"
            for s in asked
        )
        out.append("</ul>")
    if not out:
        return ""
    return '<section class="part personal">' + "\n".join(out) + "</section>"


def missed_point(language: Language, question_id: str) -> tuple[str, str, str] | None:
    """(title, text, right answer) of the slide that teaches a check question, in short."""
    by_id = {s.id: s for s in language.slides}
    question = by_id.get(question_id)
    if not isinstance(question, CheckSlide):
        return None
    answer = question.answers[question.right_index].text
    teacher = by_id.get(question.teaches)
    if not isinstance(teacher, InfoSlide):  # no teaches: the first slide of its section
        section = next(sec for sec in language.sections if question in sec.slides)
        teacher = next((s for s in section.slides if isinstance(s, InfoSlide)), None)
    if teacher is None:
        return None
    return teacher.title, markdown.plain_text(teacher.blocks), answer


def page_data(content: Content, lang: str) -> dict[str, dict[str, dict[str, str]]]:
    """What the page's script may show, by id: every slide's title and section, and every
    check question's missed point. The fragment can only pick from this table."""
    language = content.language(lang)
    slides = {
        s.id: {"title": s.title or sec.title, "section": sec.title}
        for sec in language.sections
        for s in sec.slides
    }
    missed = {}
    for s in language.slides:
        point = missed_point(language, s.id)
        if point is not None:
            title, text, answer = point
            right = substitute(words_for(content, lang).right_answer, {"answer": answer})
            missed[s.id] = {"title": title, "text": text, "answer": right}
    return {"slides": slides, "missed": missed}


def data_json(data: object) -> str:
    """JSON safe inside <script type="application/json">: no `<` can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _img(pic: Illustration, src: str) -> str:
    return f'<img src="{_e(src)}" alt="{_e(pic.alt)}">'


def _readable(fg: str, bg: str, fallback: str) -> str:
    """A theme colour where it stays readable on its background, else the plain text colour."""
    return fg if contrast(fg, bg) >= MIN_CONTRAST else fallback


def style(theme: Theme, font_dir: str) -> str:
    """The page's CSS (assets/handout/page.css) after the typeface and the theme's colours."""
    t = theme
    colours = {
        "background": t.background,
        "surface": t.surface,
        "text": t.text,
        "heading": _readable(t.accent, t.surface, t.text),
        "link": _readable(t.accent, t.background, t.text),
        "muted": _readable(t.muted_text, t.background, t.text),
        "accent": t.accent,
        "accent-text": t.accent_text,
    }
    faces = "".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
        f'font-display: swap; src: url("{font_dir}{name}") format("truetype"); }}\n'
        for weight, name in (FONT_FILES.items() if fonts_available() else ())
    )
    # Theme colours are checked #RRGGBB values (the loader), so they go in as they are.
    root = ":root { " + " ".join(f"--{k}: {v};" for k, v in colours.items()) + " }\n"
    return faces + root + PAGE_CSS.read_text(encoding="utf-8")


def fonts_available() -> bool:
    """The typeface ships in assets/; without it the pages fall back to the phone's own font."""
    return all((FONT_DIR / n).is_file() for n in (*FONT_FILES.values(), FONT_LICENCE))


def _head(title: str, css: str, version: str, script: str = "") -> str:
    """The head: a Content-Security-Policy that allows nothing from elsewhere, and only this
    page's own style and script by their hashes; the content version for staff only."""
    style_text = f"\n{css}"
    sources = [
        "default-src 'none'",
        "img-src 'self'",
        "font-src 'self'",
        f"style-src '{csp_hash(style_text)}'",
        f"script-src '{csp_hash(script)}'" if script else "script-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return (
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{"; ".join(sources)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="color-scheme" content="light">\n'
        f'<meta name="content-version" content="{_e(version)}">\n'
        f"<title>{_e(title)}</title>\n"
        f"<style>{style_text}</style>"
    )


def page_html(content: Content, lang: str) -> str:
    """The phone page for one language, as written to DIR/<lang>/index.html."""
    language = content.language(lang)
    w, s = words_for(content, language.code), content.settings
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
    script = PAGE_SCRIPT.read_text(encoding="utf-8")
    body = body_html(content, language.code, personal=personal_block(w), web=True)
    dock = call_html(content, language.code).replace('class="call-row"', 'class="call-dock"', 1)
    head = _head(title, style(s.theme, "../fonts/"), content.checksum, script)
    return (
        f'<!doctype html>\n<html lang="{_e(language.code)}">\n<head>\n{head}\n</head>\n'
        f"<body>\n<main>\n{nav}{body}\n</main>\n{dock}\n"
        f'<script type="application/json" id="take-home-data">'
        f"{data_json(page_data(content, language.code))}</script>\n"
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


def index_html(content: Content) -> str:
    """DIR/index.html: big links to every language, the kiosk's first language first."""
    s = content.settings
    first = words_for(content, s.default_language)
    title = f"{first.heading} – {s.clinic_name}"
    asks: dict[str, str] = {}  # "Choose your language" in each language, once
    for code in s.languages:
        asks.setdefault(words_for(content, code).choose_language, code)
    heading = "".join(f'<span class="ask" lang="{_e(c)}">{_e(a)}</span>' for a, c in asks.items())
    links = "".join(
        f'<li><a href="{_e(code)}/index.html" lang="{_e(code)}" hreflang="{_e(code)}">'
        f'<span class="name">{_e(content.language(code).name)}</span>'
        f'<span class="what">{_e(words_for(content, code).heading)}</span></a></li>'
        for code in s.languages
    )
    example = f'<p class="example">{_e(first.example)}</p>\n' if s.example else ""
    return (
        f'<!doctype html>\n<html lang="{_e(s.default_language)}">\n<head>\n'
        f"{_head(title, style(s.theme, 'fonts/'), content.checksum)}\n"
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
