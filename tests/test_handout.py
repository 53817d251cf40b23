"""`kiosk handout`: the take-home page behind the QR code and the printable PDF."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.content import markdown
from kiosk.core.content.loader import load_content
from kiosk.core.content.model import CheckSlide, Content, InfoSlide
from kiosk.core.handout import pdf as pdf_module
from kiosk.core.handout.fragment import TakeHome
from kiosk.core.handout.site import (
    FONT_FILES,
    blocks_html,
    handout_sections,
    image_names,
    missed_point,
    page_html,
    personal_html,
    published_picture,
    tel_uri,
    write_site,
)
from tests.builders import edit, make_content
from tests.conftest import ROOT, SHIPPED

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = {"width": 360, "height": 740}


def need(tool: str, why: str) -> str:
    """The tool's path; skipped when missing, except under CI where that is a failure."""
    found = shutil.which(tool)
    if not found:
        reason = f"{why} needs {tool}"
        if os.environ.get("CI"):
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
    return found


def load(root: Path) -> Content:
    result = load_content(root)
    assert result.content is not None, [p.format() for p in result.problems]
    return result.content


@pytest.fixture(scope="module")
def shipped() -> Content:
    return load(SHIPPED)


@pytest.fixture(scope="module")
def site(shipped: Content, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_site(shipped, out)
    return out


class Page(HTMLParser):
    """Every start tag with its attributes, and the text inside <style>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.css = ""
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css += data

    def all(self, tag: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag]

    def links(self) -> list[str]:
        found = [a[k] for _, a in self.tags for k in ("src", "href") if k in a]
        return found + re.findall(r"url\(\s*[\"']?([^\"')]+)", self.css)


def only_own_script(page: Page) -> None:
    """At most the page's data block and its one inline script, nothing loaded from a file."""
    scripts = page.all("script")
    assert all("src" not in s for s in scripts)
    assert [s.get("type", "") for s in scripts] in ([], ["application/json", ""])


# -- without a browser ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("(555) 010-0142", "tel:5550100142"),
        ("+1 555 010 0142", "tel:+15550100142"),
        ("555.0100 ext 2", "tel:55501002"),
        ("call us", ""),
    ],
)
def test_tel_link_keeps_digits_and_a_leading_plus(phone: str, uri: str) -> None:
    assert tel_uri(phone) == uri


@pytest.mark.parametrize("name", ["index.html", "en/index.html", "es/index.html"])
def test_pages_are_self_contained_html5(site: Path, name: str) -> None:
    text = (site / name).read_text(encoding="utf-8")
    page = Page(text)
    assert text.startswith("<!doctype html>")
    assert page.all("html")[0]["lang"] == ("es" if name.startswith("es") else "en")
    assert any(m.get("charset") == "utf-8" for m in page.all("meta"))
    viewport = [m for m in page.all("meta") if m.get("name") == "viewport"]
    assert viewport
    assert "width=device-width" in viewport[0]["content"]
    assert page.all("title")
    only_own_script(page)
    assert not page.all("iframe")
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    for link in page.links():
        if link.startswith("#") or link == "take-home.pdf":
            continue  # in-page anchors; the PDF is written by `kiosk handout` (the pdf fixture)
        assert not re.match(r"^[a-z][a-z0-9+.-]*:|^//", link, re.IGNORECASE) or link.startswith(
            "tel:"
        ), f"{name} links outside the site: {link}"
        if not link.startswith("tel:"):
            assert (site / name).parent.joinpath(link).resolve().is_file(), f"{link} is missing"


def test_page_is_built_from_the_take_home_sections(shipped: Content) -> None:
    # The script's table of titles (for the fragment's ids) aside, the page's own text:
    text = re.sub(r'<script type="application/json".*?</script>', "", page_html(shipped, "en"))
    headings = [h for h in re.findall(r"<h2>(.*?)</h2>", text)]
    assert headings == [
        "When to call us",
        "Things to remember",
        "Right after your treatment",
        "Caring for your skin at home",
        "Before your next session",
        "Sources",
    ]
    assert "How microneedling works" not in text
    assert "How long should you wait before you wear makeup?" not in text  # a check question
    s = shipped.settings
    assert "Reviewed by Example reviewer, MD (replace with your clinician) on " in text
    assert f"Most people have {s.values['sessions']} sessions, about " in text
    assert f"{s.values['session_spacing_weeks']} weeks apart" in text
    assert shipped.settings.clinic_name in text
    assert "(example)" not in text  # the example mark is the flag's banner, not the name


def test_urgent_card_comes_first_with_three_ways_to_call(shipped: Content) -> None:
    text = page_html(shipped, "en")
    urgent = text.index('<section class="part urgent" id="when-to-call">')
    assert urgent < text.index("<h2>Things to remember</h2>") < text.index("<h2>Right after")
    card = text[urgent : text.index("</section>", urgent)]
    buttons = re.findall(r'<a class="(call[^"]*)" href="(tel:[^"]+)">', card)
    assert buttons == [
        ("call", "tel:5550100142"),
        ("call after-hours", "tel:5550100199"),
        ("call emergency", "tel:911"),
    ]
    assert '<span class="phone">911</span>' in card
    titles = re.findall(r"<h3>(.*?)</h3>", card)
    assert titles[0] == "In an emergency, call 911"  # the emergency signs lead the card
    plain = re.sub(r"<[^>]+>", "", card)
    assert "Call 911 right away if you have:" in plain
    assert plain.index("Call 911 right away") < plain.index("trouble breathing or swallowing")
    assert "your local emergency number" not in text


def test_sources_are_cited_in_full_once(shipped: Content) -> None:
    text = page_html(shipped, "en")
    sources = text[text.index("<h2>Sources</h2>") :]
    chu = "Chu S, Foulad DP, Atanaskova Mesinkovska N. Safety Profile for Microneedling"
    assert sources.count(chu) == 1
    assert "Dermatol Surg. 2021;47(9):1249-1254." in sources
    assert "JAMA Dermatol. 2014;150(1):68-72." in sources  # cited by the aftercare section
    for section in handout_sections(shipped.language("en")):
        for source in section.sources:
            assert html.escape(source) in sources


def test_a_short_number_never_links_part_of_a_longer_one() -> None:
    blocks = markdown.parse("Call 911 now, or (555) 911-0142 later, on 2911.")
    out = blocks_html(blocks, "(555) 911-0142", "911")
    assert '<a class="phone" href="tel:911">911</a> now' in out
    assert '<a class="phone" href="tel:5559110142">(555) 911-0142</a> later' in out
    assert "on 2911." in out
    assert out.count("<a ") == 2


def test_spanish_page_has_spanish_content_and_words(shipped: Content) -> None:
    text = page_html(shipped, "es")
    assert '<html lang="es">' in text
    for words in (
        "<h2>Justo después del tratamiento</h2>",
        "<h2>Cuidados en casa</h2>",
        "<h2>Cuándo llamarnos</h2>",
        "<h2>Lo que debe recordar</h2>",
        "<h2>Antes de su próxima sesión</h2>",
        "<h2>Fuentes</h2>",
        'Llámenos al <span class="phone">(555) 010-0142</span></a>',
        '¿Emergencia? Llame al <span class="phone">911</span></a>',
        "Llame a nuestra línea fuera de horario al",
        "Solo un ejemplo",
    ):
        assert words in text
    assert "Caring for your skin at home" not in text
    assert "Sources" not in text
    assert "(example)" not in text
    assert re.search(r"el \d+ de [a-z]+ de 20\d\d", text)


def test_renamed_sections_fall_back_to_the_course_without_questions(content_dir: Path) -> None:
    content = load(content_dir)
    sections = handout_sections(content.language("en"))
    assert [s.id for s in sections] == ["basics", "care"]
    assert all(isinstance(s, InfoSlide) for sec in sections for s in sec.slides)
    text = page_html(content, "en")
    assert "<h3>Sun</h3>" in text
    assert "What goes on your skin before you go out?" not in text


def test_content_text_is_escaped(content_dir: Path) -> None:
    edit(content_dir / "en" / "01-basics.yaml", "title: What it is", "title: Not <b>bold</b>")
    edit(content_dir / "en" / "02-care.yaml", "title: Sun", "title: <script>alert(1)</script>")
    edit(content_dir / "en" / "01-basics.yaml", "alt: A drawing of skin.", 'alt: A "x" <i>y</i>')
    edit(content_dir / "kiosk.yaml", "name: Test Clinic", "name: Test & <em>Clinic</em>")
    content = load(content_dir)
    text = page_html(content, "en")
    assert "<h3>Not &lt;b&gt;bold&lt;/b&gt;</h3>" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'alt="A &quot;x&quot; &lt;i&gt;y&lt;/i&gt;"' in text
    assert "Test &amp; &lt;em&gt;Clinic&lt;/em&gt;" in text
    page = Page(text)
    only_own_script(page)
    assert not page.all("b")
    assert not page.all("em")


def test_index_links_every_language_and_a_third_language_gets_its_own_words(
    tmp_path: Path,
) -> None:
    content = load(make_content(tmp_path / "content", languages=("en", "es", "fr")))
    out = tmp_path / "site"
    pages = write_site(content, out)
    assert pages == [out / "index.html", *(out / c / "index.html" for c in ("en", "es", "fr"))]
    index = Page((out / "index.html").read_text(encoding="utf-8"))
    hrefs = [a["href"] for a in index.all("a")]
    assert hrefs == ["en/index.html", "es/index.html", "fr/index.html"]
    assert not any(m.get("http-equiv") == "refresh" for m in index.all("meta"))  # no redirect
    french = (out / "fr" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in french
    assert "<h2>Sources</h2>" in french


def test_example_clinic_is_marked_only_when_it_is_one(
    shipped: Content, site: Path, content_dir: Path
) -> None:
    assert "Example only" in (site / "index.html").read_text(encoding="utf-8")
    assert "Example only" in page_html(shipped, "en")
    real = load(content_dir)
    assert not real.settings.example
    assert "Example only" not in page_html(real, "en")


def test_pictures_are_copied_with_their_alt_text(site: Path, shipped: Content) -> None:
    page = Page((site / "en" / "index.html").read_text(encoding="utf-8"))
    images = {img["src"]: img["alt"] for img in page.all("img")}
    expected = {
        f"../images/{slide.illustration.path.name}": slide.illustration.alt
        for section in handout_sections(shipped.language("en"))
        for slide in section.slides
        if slide.illustration
    }
    assert images == expected
    assert len(images) >= 5
    for src in images:  # every shape of the shipped pictures survives the allowlist
        copied = ET.fromstring((site / "en" / src).read_bytes())
        original = ET.parse(SHIPPED / "images" / Path(src).name).getroot()
        assert [e.tag for e in copied.iter()] == [e.tag for e in original.iter()]
        assert [e.attrib for e in copied.iter()] == [e.attrib for e in original.iter()]


HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 viewBox="0 0 40 30" onload="window.top.pwned = (window.top.pwned || 0) + 1">
<script>window.top.pwned = (window.top.pwned || 0) + 10;</script>
<rect width="40" height="30" fill="#0B4F5C" style="fill: url(https://evil.test/x)"/>
<a href="javascript:window.top.pwned = 100"><circle r="5" cx="5" cy="5"/></a>
<foreignObject width="40" height="30"><body xmlns="http://www.w3.org/1999/xhtml">
<img src="x" onerror="window.top.pwned = 1000"/></body></foreignObject>
<image href="/etc/passwd" width="10" height="10"/>
<text x="2" y="20" font-size="6">Label</text>
</svg>"""


def test_published_svg_runs_no_script_in_chromium(
    browser: Any, content_dir: Path, tmp_path: Path
) -> None:
    """The file on the clinic's site is opened directly (not through <img>, where script
    never runs): the hostile original runs its script, the published copy does not."""
    content = load(content_dir)
    picture = content_dir / "images" / "skin.svg"
    picture.write_text(HOSTILE_SVG)  # swapped in after the check: publishing reads it again
    write_site(content, tmp_path / "site")
    published = tmp_path / "site" / "images" / "skin.svg"
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(picture.as_uri(), wait_until="load")
        assert page.evaluate("window.pwned || 0") > 0  # the test can see script run
        assert "https://evil.test/x" in requests  # ...and outside requests
        requests.clear()
        page.goto(published.as_uri(), wait_until="load")
        assert page.evaluate("window.pwned || 0") == 0
        assert page.locator("text").text_content() == "Label"  # labels stay
    finally:
        page.close()
    assert requests == [published.as_uri()]
    text = published.read_text()
    for gone in ("script", "onload", "foreignObject", "image", "url(", "javascript", "<a"):
        assert gone not in text


# -- in a real browser ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        reason = (
            f"the browser test needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_page_reads_well_on_a_phone(browser: Any, site: Path, lang: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport=PHONE_VIEWPORT)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto((site / lang / "index.html").as_uri(), wait_until="load")
        assert page.evaluate("document.fonts.ready.then(() => document.fonts.size)") >= 2
        assert page.evaluate("document.fonts.check('18px \"Atkinson Hyperlegible\"')")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
        assert page.locator("h1").count() == 1
        assert page.locator("h2").count() >= 3
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
        broken = page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length"
        )
        assert page.locator("img").count() >= 5
        assert broken == 0
        tel_links = page.locator("a[href^='tel:']")
        assert {tel_links.nth(i).get_attribute("href") for i in range(tel_links.count())} == {
            "tel:5550100142",
            "tel:5550100199",
            "tel:911",
        }
        call = page.locator("a.call").first
        assert call.get_attribute("href") == "tel:5550100142"
        buttons = page.locator("section.urgent a.call")
        assert buttons.count() == 3
        for i in range(3):
            box = buttons.nth(i).bounding_box()
            assert box is not None
            assert box["height"] >= 48
            assert box["width"] >= 0.8 * PHONE_VIEWPORT["width"] - 60  # inside the card
            assert box["y"] < PHONE_VIEWPORT["height"] * 1.5  # near the top of the page
        # The numbers never break over two lines.
        heights = page.evaluate(
            "[...document.querySelectorAll('.call .phone')].map(e => e.getClientRects().length)"
        )
        assert heights == [1, 1, 1, 1]  # the urgent card's three and the docked call button
        shot = tmp_path / f"handout-{lang}-360.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0

        page.emulate_media(media="print")
        printed = call.evaluate(
            "a => [getComputedStyle(a).color, getComputedStyle(a).backgroundColor]"
        )
        assert printed == ["rgb(0, 0, 0)", "rgba(0, 0, 0, 0)"]
        assert "(555) 010-0142" in call.inner_text()
    finally:
        page.close()
    assert requests
    assert [u for u in requests if not u.startswith("file://")] == []


def test_long_words_wrap_instead_of_scrolling_sideways(
    browser: Any, content_dir: Path, tmp_path: Path
) -> None:
    long_word = "Microneedlingaftercareinstructionsforsensitiveskin" * 2
    edit(content_dir / "en" / "01-basics.yaml", "title: What it is", f"title: {long_word}")
    edit(
        content_dir / "en" / "01-basics.yaml",
        "Test source",
        "https://www.example.org/journals/dermatologic-surgery/2021/microneedling-review-full",
    )
    out = tmp_path / "site"
    write_site(load(content_dir), out)
    page = browser.new_page(viewport=PHONE_VIEWPORT)
    try:
        page.goto((out / "en" / "index.html").as_uri(), wait_until="load")
        assert page.get_by_text(long_word).count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
        assert page.locator("a.call").first.get_attribute("href") == "tel:5550100"
    finally:
        page.close()


def test_index_reads_well_on_a_phone(browser: Any, site: Path) -> None:
    page = browser.new_page(viewport=PHONE_VIEWPORT)
    try:
        page.goto((site / "index.html").as_uri(), wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
        links = page.locator("ul.choose a")
        assert links.count() == 2
        for i in range(2):
            box = links.nth(i).bounding_box()
            assert box is not None
            assert box["height"] >= 48
        links.nth(1).click()
        page.wait_for_url("**/es/index.html")
        assert page.evaluate("document.documentElement.lang") == "es"
    finally:
        page.close()


# -- the PDF, through the real command --------------------------------------------------------
@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handout")
    proc = subprocess.run(
        [sys.executable, "main.py", "handout", "--out", str(out), "--content", str(SHIPPED)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "wrote 3 page(s) and 2 PDF(s)" in proc.stdout, proc.stdout
    assert (out / "en" / "index.html").is_file()
    assert all((out / c / "take-home.pdf").is_file() for c in ("en", "es"))  # beside its page
    return out


def pdf_pages(out: Path) -> list[str]:
    """The English PDF's pages, then the Spanish one's."""
    return [p for code in ("en", "es") for p in one_pdf_pages(out / code / "take-home.pdf")]


def one_pdf_pages(path: Path) -> list[str]:
    tool = need("pdftotext", "reading the PDF back")
    text = subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [p for p in text.split("\f") if p.strip()]


def test_pdf_has_every_language_from_a_new_page(pdf: Path) -> None:
    info = subprocess.run(
        [need("pdfinfo", "counting PDF pages"), str(pdf / "en" / "take-home.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages_line = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert pages_line
    assert "(letter)" in info
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)  # WeasyPrint's pdf_tags (README)
    pages = pdf_pages(pdf)
    assert len(one_pdf_pages(pdf / "en" / "take-home.pdf")) == int(pages_line.group(1)) >= 2
    english = next(i for i, p in enumerate(pages) if "Your take-home instructions" in p)
    spanish = next(i for i, p in enumerate(pages) if "Sus instrucciones para llevar a casa" in p)
    assert english == 0
    assert spanish > english
    assert "Your take-home instructions" not in pages[spanish]
    assert "Caring for your skin at home" not in pages[spanish]
    assert "Caring for your skin at home" in "".join(pages[:spanish])


def test_pdf_pages_carry_the_phone_and_never_end_on_a_heading(
    pdf: Path, shipped: Content, tmp_path: Path
) -> None:
    copies = [pdf / code / "take-home.pdf" for code in ("en", "es")]
    for code in ("en", "es"):  # a patient's printed copy: two missed points, one question
        language = shipped.language(code)
        checks = [s.id for s in language.slides if isinstance(s, CheckSlide)][:2]
        personal = TakeHome(code, language.slides[10].id, tuple(checks), (language.slides[5].id,))
        copies.append(tmp_path / f"copy-{code}.pdf")
        copies[-1].write_bytes(pdf_module.render_pdf(shipped, code, personal))
    headings = {
        title
        for code in shipped.settings.languages
        for section in handout_sections(shipped.language(code))
        for title in (section.title, *(slide.title for slide in section.slides))
    } | {"Before your next session", "Antes de su próxima sesión"}
    for path in copies:
        pages = one_pdf_pages(path)
        for number, page in enumerate(pages, 1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            footer = lines.pop()  # the last line: clinic, phone and page number
            assert "(555) 010-0142" in footer
            assert re.search(rf"\b{number}\s*/\s*{len(pages)}$", footer), footer
            last = lines[-1]
            assert last not in headings, f"{path.name} page {number} ends with the heading {last!r}"


def test_pdf_text_has_the_headings_phone_sources_and_review(pdf: Path, shipped: Content) -> None:
    text = re.sub(r"\s+", " ", "\n".join(pdf_pages(pdf)))
    for code in ("en", "es"):
        for section in handout_sections(shipped.language(code)):
            if section.id != "before-your-treatment":  # shown as "Before your next session"
                assert section.title in text
            for slide in section.slides:
                assert slide.title in text
    for words in (
        "Maple Street Skin Clinic",
        "Call us: (555) 010-0142",
        "Clinic closed? Call (555) 010-0199",
        "Emergency? Call 911",
        "Llámenos al (555) 010-0142",
        "¿Emergencia? Llame al 911",
        "Before your next session",
        "Antes de su próxima sesión",
        "Sources",
        "Fuentes",
        "Gowda A, Healey B, Ezaldein H, Merati M. A Systematic Review Examining the Potential "
        "Adverse Effects of Microneedling. J Clin Aesthet Dermatol. 2021;14(1):45-54.",
        "Example only",
    ):
        assert words in text
    assert "(example)" not in text
    assert "How long should you wait before you wear makeup?" not in text


def test_pdf_starts_each_language_with_the_urgent_card(pdf: Path) -> None:
    pages = pdf_pages(pdf)
    first = re.sub(r"\s+", " ", pages[0])
    assert first.index("When to call us") < first.index("Emergency? Call 911")
    assert first.index("Emergency? Call 911") < first.index("trouble breathing or swallowing")
    assert "Things to remember" not in first.split("When to call us")[0]
    spanish = next(p for p in pages if "Sus instrucciones para llevar a casa" in p)
    spanish = re.sub(r"\s+", " ", spanish)
    assert spanish.index("Cuándo llamarnos") < spanish.index("¿Emergencia? Llame al 911")


def test_after_hours_place_without_a_number_is_shown_in_the_urgent_card(
    content_dir: Path,
) -> None:
    edit(content_dir / "en" / "02-care.yaml", "id: care", "id: when-to-call")
    edit(content_dir / "es" / "02-care.yaml", "id: care", "id: when-to-call")
    edit(
        content_dir / "kiosk.yaml",
        '  phone: "555-0100"\n',
        '  phone: "555-0100"\n  emergency_number: "112"\n',
    )
    with (content_dir / "kiosk.yaml").open("a") as f:
        f.write(
            "after_hours:\n  en: Go to <b>your</b> nearest urgent care.\n"
            "  es: Vaya al centro de urgencias más cercano.\n"
        )
    content = load(content_dir)
    text = page_html(content, "en")
    card = text[text.index('class="part urgent"') : text.index('class="call-dock"')]
    assert "Go to &lt;b&gt;your&lt;/b&gt; nearest urgent care." in card
    assert re.findall(r'<a class="(call[^"]*)" href="(tel:[^"]+)">', card) == [
        ("call", "tel:5550100"),
        ("call emergency", "tel:112"),
    ]
    assert "Vaya al centro de urgencias más cercano." in page_html(content, "es")


def test_clinic_values_with_braces_stay_plain_text_on_the_page(content_dir: Path) -> None:
    edit(content_dir / "en" / "01-basics.yaml", "id: basics", "id: before-your-treatment")
    edit(content_dir / "es" / "01-basics.yaml", "id: basics", "id: before-your-treatment")
    edit(
        content_dir / "kiosk.yaml",
        'makeup_hours: "24"',
        'makeup_hours: "24"\n  sessions: "{0.__class__} <b>3</b>"',
    )
    text = page_html(load(content_dir), "en")
    assert "<h2>Before your next session</h2>" in text
    assert "Before each session, tell us again about these:" in text  # the spacing is unset
    assert "{session_spacing_weeks}" not in text
    edit(content_dir / "kiosk.yaml", "  sessions:", "  session_spacing_weeks: '4'\n  sessions:")
    text = page_html(load(content_dir), "en")
    assert "Most people have {0.__class__} &lt;b&gt;3&lt;/b&gt; sessions, about 4 weeks" in text


def test_pdf_has_the_day_by_day_checklist_after_the_urgent_card(
    pdf: Path, shipped: Content
) -> None:
    for code in ("en", "es"):
        words = shipped.language(code).page
        text = re.sub(r"\s+", " ", "\n".join(one_pdf_pages(pdf / code / "take-home.pdf")))
        urgent = text.index(handout_sections(shipped.language(code))[0].title)
        checklist = text.index(words.checklist)
        assert urgent < checklist
        assert words.treatment_date in text
        assert words.clinic_hours in text
        assert shipped.settings.after_hours_phone in text[checklist:]
        for day in words.days:
            assert day.when in text[checklist:]
            for step in day.steps:
                assert step[:30] in text  # the clinic's values filled in
        assert "{" not in text[checklist:]


# -- the PDF's structure tree: what a screen reader reads -----------------------------------
def structure(path: Path) -> list[str]:
    """The PDF's structure tree as poppler reads it: one tag per line, indented."""
    tool = need("pdfinfo", "reading the PDF's tags")
    out = subprocess.run([tool, "-struct", str(path)], capture_output=True, text=True, check=True)
    return [line.strip() for line in out.stdout.splitlines()]


def pdf_chunks(path: Path) -> list[bytes]:
    """The PDF's bytes and each of its streams inflated (the tags live in object streams)."""
    raw = path.read_bytes()
    chunks = [raw]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return chunks


def alt_texts(path: Path) -> list[str]:
    """Every /Alt entry in the PDF (poppler does not print them)."""
    chunks = pdf_chunks(path)
    found = []
    for chunk in chunks:
        for m in re.finditer(rb"/Alt\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)", chunk):
            value = m.group(1)
            if value.startswith(b"<"):
                data = bytes.fromhex(value[1:-1].decode())
                found.append(data.decode("utf-16") if data[:2] == b"\xfe\xff" else data.decode())
            else:
                text = re.sub(rb"\\(.)", rb"\1", value[1:-1])
                utf16 = text[:2] == b"\xfe\xff"
                found.append(text.decode("utf-16") if utf16 else text.decode("latin-1"))
    return found


def test_pdf_is_tagged_with_headings_lists_tables_and_alt_text(pdf: Path, shipped: Content) -> None:
    for code in ("en", "es"):
        path = pdf / code / "take-home.pdf"
        tags = structure(path)
        for tag in ("H1 (block)", "H2 (block)", "H3 (block)", "L (block)", "LI (block)"):
            assert tag in tags, (code, tag)
        assert any(t.startswith("Table") for t in tags)  # the checklist's write-in lines
        language = shipped.language(code)
        pictures = [
            slide.illustration
            for section in handout_sections(language)
            for slide in section.slides
            if slide.illustration
        ]
        figures = [t for t in tags if t.startswith("Figure")]
        assert len(figures) == len(pictures) > 5
        alts = alt_texts(path)
        assert sorted(alts) == sorted(p.alt for p in pictures), code
        assert any(f"/Lang ({code})".encode() in chunk for chunk in pdf_chunks(path))


def test_pdf_keeps_the_content_version_in_its_metadata_not_its_text(
    pdf: Path, shipped: Content
) -> None:
    path = pdf / "en" / "take-home.pdf"
    info = subprocess.run(
        [need("pdfinfo", "reading PDF metadata"), "-custom", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shipped.checksum in info
    assert shipped.checksum not in "".join(one_pdf_pages(path))


def test_pdf_prints_the_clinic_hours_from_the_settings(pdf: Path, shipped: Content) -> None:
    for code in ("en", "es"):
        hours = shipped.settings.clinic_hours[code]
        text = re.sub(r"\s+", " ", "\n".join(one_pdf_pages(pdf / code / "take-home.pdf")))
        checklist = text[text.index(shipped.language(code).page.checklist) :]
        assert f"{shipped.language(code).page.clinic_hours} {hours}" in checklist


def test_clinic_hours_need_every_language(content_dir: Path) -> None:
    with (content_dir / "kiosk.yaml").open("a") as f:
        f.write("clinic_hours:\n  en: Mondays {clinic_phone}\n")
    result = load_content(content_dir)
    errors = [p.format() for p in result.problems if p.is_error]
    line = (content_dir / "kiosk.yaml").read_text().splitlines().index("clinic_hours:") + 2
    assert any(
        f"kiosk.yaml:{line}:" in e and "clinic_hours has no text for 'es'" in e for e in errors
    ), errors
    edit(content_dir / "kiosk.yaml", "  en: Mondays", "  es: Lunes\n  en: Mondays")
    content = load(content_dir)
    assert content.settings.clinic_hours == {"en": "Mondays 555-0100", "es": "Lunes"}


def test_clinic_hours_emptied_in_the_studio_mean_none_and_long_ones_are_refused(
    content_dir: Path,
) -> None:
    with (content_dir / "kiosk.yaml").open("a") as f:
        f.write("clinic_hours: {}\n")  # what the studio writes when every line is cleared
    assert load(content_dir).settings.clinic_hours == {}
    edit(
        content_dir / "kiosk.yaml",
        "clinic_hours: {}",
        f"clinic_hours:\n  en: {'Mon ' * 40}\n  es: Lunes\n  fr: Lundi",
    )
    lines = (content_dir / "kiosk.yaml").read_text().splitlines()
    en, fr = lines.index(f"  en: {'Mon ' * 40}") + 1, lines.index("  fr: Lundi") + 1
    said = [p.format() for p in load_content(content_dir).problems]
    assert any(f":{en}:" in p and "clinic hours for 'en' must be one short line" in p for p in said)
    assert any(f":{fr}:" in p and "warning" in p and "'fr', which is not in" in p for p in said)


def test_without_clinic_hours_the_checklist_leaves_a_line_to_write_on(
    content_dir: Path,
) -> None:
    content = load(content_dir)
    assert content.settings.clinic_hours == {}
    html_text = pdf_module.document_html(content, "en")
    assert '<td class="blank"></td>' in html_text  # the treatment date and the hours


def test_pdf_fetches_only_the_typeface_and_the_contents_pictures(shipped: Content) -> None:
    fetch = pdf_module.fetcher(shipped)
    name = next(iter(image_names(shipped).values()))
    served = fetch(pdf_module.BASE + "images/" + name).read()
    assert served == published_picture(next(iter(image_names(shipped))))
    font = next(iter(FONT_FILES.values()))
    assert fetch(pdf_module.BASE + "fonts/" + font).read()[:4] in (b"\x00\x01\x00\x00", b"OTTO")
    for url in (
        "file:///etc/passwd",
        pdf_module.BASE + "images/../../../../etc/passwd",
        pdf_module.BASE + "images/not-in-the-content.svg",
        "https://take-home.invalid.evil.example/images/" + name,
        "http://127.0.0.1:9/",
        "data:text/html,<script>alert(1)</script>",
        pdf_module.BASE.upper() + "images/" + name,
    ):
        with pytest.raises(ValueError, match="the take-home PDF loads nothing from"):
            fetch(url)


def test_hostile_clinic_name_is_text_in_the_pdf(content_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for patients")
    hostile = f'<img src="file://{secret}"><link rel=stylesheet href="file:///etc/passwd"> %s {{0}}'
    edit(content_dir / "kiosk.yaml", "name: ", f"name: '{hostile}' #")
    content = load(content_dir)
    out = pdf_module.write_pdf(content, tmp_path / "take-home.pdf", "en")
    text = re.sub(r"\s+", " ", "".join(one_pdf_pages(out)))
    assert '<img src="file://' in text  # shown as the text it is, on the page and the footer
    assert text.count("%s {0}") >= 2
    illustrated = [
        s for sec in handout_sections(content.language("en")) for s in sec.slides if s.illustration
    ]
    figures = [t for t in structure(out) if t.startswith("Figure")]
    assert len(figures) == len(illustrated)  # the name's <img> drew no picture


def test_a_missed_point_keeps_its_list_on_paper(shipped: Content) -> None:
    language = shipped.language("en")
    points = {
        q.id: missed_point(language, q.id) for q in language.slides if isinstance(q, CheckSlide)
    }
    listed = [(q, p) for q, p in points.items() if p and "\n" in p[1]]
    assert listed, "a check question should teach from a slide with a list"
    question, (_, text, _) = listed[0]
    printed = personal_html(shipped, TakeHome("en", "", (question,), ()))
    assert "<br>".join(html.escape(line) for line in text.splitlines()) in printed
