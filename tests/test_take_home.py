"""Issue 18: the visit continues at home. The link's fragment (ids only), the page that reads
it in a real Chromium, the printed copy through a real CUPS queue."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from kiosk.core.content import qr
from kiosk.core.content.loader import load_content
from kiosk.core.content.model import Content, PageWords
from kiosk.core.content.schema import PAGE
from kiosk.core.handout import fragment
from kiosk.core.handout.fragment import TakeHome
from kiosk.core.handout.printjob import print_in_child
from kiosk.core.handout.site import PDF_NAME, handout_sections, missed_point, write_site
from kiosk.core.session.journey import MAX_MARKS, Journey, Marked, Reason, Screen
from kiosk.core.system import printer as cups
from tests import cupsprinter
from tests.builders import edit
from tests.conftest import ROOT, SHIPPED
from tests.take_home_journey import LANG, MARKED, WRONG, walk
from tests.test_handout import CHROMIUM, CHROMIUM_ARGS, PHONE_VIEWPORT, need


@pytest.fixture(scope="module")
def shipped() -> Content:
    content = load_content(SHIPPED).content
    assert content is not None
    return content


# -- the core: ids in, ids out ---------------------------------------------------------------
def test_marks_and_missed_live_in_the_journey_and_reset_forgets_them(shipped: Content) -> None:
    j = Journey(shipped)
    assert j.toggle_mark() is Marked.IGNORED  # not on a slide
    j.start()
    j.begin()
    first = j.place.slide.id
    assert j.toggle_mark() is Marked.MARKED
    assert j.toggle_mark() is Marked.UNMARKED
    assert j.toggle_mark() is Marked.MARKED
    assert j.marks == [first]
    assert not j.is_pristine
    j.reset(Reason.IDLE)
    assert j.marks == []
    assert j.missed == ()
    assert j.is_pristine


def test_at_most_max_marks(shipped: Content) -> None:
    j = Journey(shipped)
    j.start()
    j.begin()
    results = []
    for _ in range(MAX_MARKS + 2):
        results.append(j.toggle_mark())
        j.next()
    assert results.count(Marked.MARKED) == MAX_MARKS
    assert results[-1] is Marked.IGNORED


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "l=en&at=<img src=x onerror=alert(1)>&miss=check-sun",
        "l=en&miss=check-sun," + "a" * 5000,
        "l=en&ask=%3Cscript%3E,wash-gently",
        "l=é&at=lavar-la-cara-☀&ask=wash‐gently",  # a look-alike hyphen (U+2010)
        "at=__proto__&miss=constructor,toString&ask=hasOwnProperty",
        "l=en&at=wash-gently&at=protect-from-sun&miss=nope,check-sun,check-sun",
        "&&&===&at&miss=&ask",
    ],
)
def test_decode_keeps_only_known_ids(shipped: Content, hostile: str) -> None:
    known = {s.id for s in shipped.language("en").slides}
    got = fragment.decode(hostile, known)
    for value in (*got.missed, *got.asked):
        assert value in known
    assert got.stopped in known | {""}
    assert got.lang in ("", "en")
    if "wash-gently&at=protect" in hostile:
        assert (got.stopped, got.missed) == ("wash-gently", ("check-sun",))  # first wins, once


def test_encode_round_trips_and_never_carries_free_text() -> None:
    th = TakeHome("es", "protect-from-sun", ("check-sun", "check-makeup"), ("wash-gently",))
    assert fragment.encode(th) == (
        "l=es&at=protect-from-sun&miss=check-sun,check-makeup&ask=wash-gently"
    )
    assert fragment.decode(fragment.encode(th)) == th
    odd = TakeHome("es", "Not an id!", ("<b>",), ("wash-gently",))
    assert fragment.encode(odd) == "l=es&ask=wash-gently"
    assert fragment.link("https://x.org/a/#old", TakeHome("en")) == "https://x.org/a/"


@pytest.mark.parametrize("size", [(1280, 800), (1080, 1920)])
def test_worst_case_link_keeps_modules_of_4_px(shipped: Content, size: tuple[int, int]) -> None:
    worst = fragment.worst_case(shipped, MAX_MARKS)
    version = qr.version_for(worst)
    assert version is not None
    assert version <= fragment.MAX_LINK_VERSION
    side = round(min(size) * 0.45)  # QrScreen.set_orientation
    assert side // qr.make_matrix(worst).size >= 4
    # and the link the kiosk makes for it is that very link, not a trimmed one
    th = fragment.decode(worst.split("#")[1])
    assert fragment.link(shipped.settings.handout_url_for(th.lang), th) == worst


def test_every_shipped_check_question_teaches_from_a_slide(shipped: Content) -> None:
    for code in shipped.settings.languages:
        lang = shipped.language(code)
        for s in lang.slides:
            if hasattr(s, "answers"):
                point = missed_point(lang, s.id)
                assert point is not None
                assert point[1]  # the slide's text, in short


def test_teaches_must_name_an_information_slide(content_dir: Path) -> None:
    edit(
        content_dir / "en" / "02-care.yaml",
        "  - id: check-sun\n",
        "  - id: check-sun\n    teaches: sunn\n",
    )
    result = load_content(content_dir)
    errors = [p.format(content_dir) for p in result.errors]
    assert errors == [
        "en/02-care.yaml:8:14: error: teaches: 'sunn' is not the id of an information slide"
        " - did you mean 'sun'?"
    ]


def test_page_words_are_all_needed_in_every_language(content_dir: Path) -> None:
    assert list(PAGE) == PageWords.field_names()  # the schema and the model agree
    edit(content_dir / "es" / "language.yaml", "  missed_points: Lo que conviene repasar\n", "")
    errors = [p.format(content_dir) for p in load_content(content_dir).errors]
    assert len(errors) == 1
    assert re.match(r"es/language\.yaml:\d+:\d+: error: page is missing 'missed_points'", errors[0])
    (content_dir / "es" / "language.yaml").write_text("name: Español\n")
    errors = [p.format(content_dir) for p in load_content(content_dir).errors]
    assert errors == [
        "es/language.yaml:1:1: error: language.yaml has no 'page:' block (the take-home page's"
        " words) - copy the page: block from en/language.yaml and translate every line"
    ]


# -- the app, offscreen -----------------------------------------------------------------------
def test_link_carries_exactly_the_missed_and_marked_ids_and_reset_clears_them(
    make_kiosk: Any,
) -> None:
    kiosk = make_kiosk(root=SHIPPED)
    walk(kiosk)
    url = kiosk.qr.code.data
    base, _, frag = url.partition("#")
    assert base == kiosk.content.settings.handout_url_for(LANG)
    got = fragment.decode(frag)
    assert got.lang == LANG
    assert set(got.missed) == set(WRONG)
    assert len(got.missed) == 2
    assert got.asked == (MARKED,)
    assert got.stopped == kiosk.journey.place.slide.id
    assert kiosk.qr.link.accessibleName() == base.removeprefix("https://").rstrip("/")
    marked_title = next(s.title for s in kiosk.journey.language.slides if s.id == MARKED)
    assert marked_title in kiosk.qr.extras.marks.text()
    kiosk.reset(Reason.FINISHED)
    assert kiosk.journey.marks == []
    assert kiosk.journey.missed == ()
    kiosk.welcome.start.click()
    kiosk.overview.begin.click()
    kiosk.journey.screen = Screen.QR  # straight to the take-home, nothing answered or marked
    kiosk.refresh()
    assert fragment.decode(kiosk.qr.code.data.partition("#")[2]) == TakeHome(
        kiosk.content.settings.default_language, kiosk.journey.place.slide.id
    )


def test_qr_is_redrawn_only_when_its_link_changes(make_kiosk: Any) -> None:
    kiosk = make_kiosk(root=SHIPPED)
    walk(kiosk)
    drawn = kiosk.qr.code.drawn
    kiosk.refresh()
    kiosk.adjust(kiosk.journey.bigger_text, "text_size")  # a restyle, same link
    assert kiosk.qr.code.drawn == drawn
    kiosk.move(kiosk.journey.back)  # back to the last slide, mark it, forward again
    kiosk.toggle_mark()
    kiosk.move(kiosk.journey.next)
    assert kiosk.qr.code.drawn == drawn + 1
    assert fragment.decode(kiosk.qr.code.data.partition("#")[2]).asked[-1] == (
        kiosk.journey.place.slide.id
    )


def test_no_printer_means_no_button_and_ask_at_the_desk(make_kiosk: Any, qtbot: Any) -> None:
    kiosk = make_kiosk(root=SHIPPED, printer=lambda: "")
    walk(kiosk)
    assert not kiosk.qr.extras.print_button.isVisible()
    assert kiosk.qr.no_phone.isVisible()
    assert "recepción" in kiosk.qr.no_phone.text()
    with_printer = make_kiosk(root=SHIPPED, printer=lambda: "Front desk")
    walk(with_printer)  # CUPS is asked on a worker thread when the session starts
    qtbot.waitUntil(with_printer.qr.extras.print_button.isVisible)
    assert not with_printer.qr.no_phone.isVisible()


# -- the page in Chromium, served over HTTP like a clinic's web host ---------------------------
class Quiet(http.server.SimpleHTTPRequestHandler):
    seen: ClassVar[list[str]] = []  # the request lines, as a web host would log them

    def log_message(self, format: str, *args: Any) -> None:
        Quiet.seen.append(self.requestline)


@pytest.fixture(scope="module")
def served(shipped: Content, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("site")
    write_site(shipped, site)
    for code in shipped.settings.languages:  # the PDF's place; the real one is tested elsewhere
        (site / code / PDF_NAME).write_bytes(b"%PDF-1.4\n")
    handler = lambda *a, **kw: Quiet(*a, directory=str(site), **kw)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI: the page tests need {CHROMIUM}")
        pytest.skip(f"the page tests need {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser: Any, url: str, js: bool = True) -> tuple[Any, Any, list[str], list[str]]:
    context = browser.new_context(viewport=PHONE_VIEWPORT, java_script_enabled=js)
    page = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(  # a missing file is a problem; the browser's own favicon request is not ours
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.goto(url, wait_until="load")
    return context, page, requests, problems


def journey_link(make_kiosk: Any) -> str:
    kiosk = make_kiosk(root=SHIPPED)
    walk(kiosk)
    return kiosk.take_home_link()


def test_page_shows_where_they_stopped_what_they_missed_and_their_questions(
    browser: Any, served: str, shipped: Content, make_kiosk: Any, tmp_path: Path
) -> None:
    link = journey_link(make_kiosk)
    frag = link.partition("#")[2]
    context, page, requests, problems = open_page(browser, f"{served}/{LANG}/index.html#{frag}")
    try:
        words = shipped.language(LANG).page
        personal = page.locator("#personal")
        assert personal.is_visible()
        text = personal.inner_text()
        stopped = fragment.decode(frag).stopped
        stopped_title = next(s.title for s in shipped.language(LANG).slides if s.id == stopped)
        assert words.stopped_at in text
        assert stopped_title in text
        assert words.missed_points in text
        for q in WRONG:
            title, short, _ = missed_point(shipped.language(LANG), q) or ("", "", "")
            assert title in text
            assert short.split(".")[0] in text
        assert words.your_questions in text
        marked = next(s.title for s in shipped.language(LANG).slides if s.id == MARKED)
        assert marked in page.locator("#asked-list").inner_text()
        assert page.locator("#missed-list li").count() == 2
        assert page.locator("#asked-list li").count() == 1
        page.screenshot(path=str(tmp_path / "with-fragment.png"), full_page=False)
        # The call button stays in reach at the bottom while scrolling.
        page.mouse.wheel(0, 4000)
        dock = page.locator(".call-dock a.call").bounding_box()
        assert dock is not None
        assert dock["y"] + dock["height"] <= PHONE_VIEWPORT["height"]
    finally:
        context.close()
    # no CSP refusal, no script error, no missing file (Chromium's own line for the 404 of the
    # favicon it asks for by itself is not the page's)
    assert not [p for p in problems if not p.startswith("Failed to load resource")], problems
    assert all(r.startswith(served) for r in requests), requests
    assert not any("#" in line or "check-" in line for line in Quiet.seen)  # never sent


@pytest.mark.parametrize(
    "frag",
    [
        "l=en&at=<script>window.pwned=1</script>&miss=<img src=x onerror=window.pwned=2>",
        "l=en&ask=" + ",".join(["wash-gently"] * 40) + "&miss=" + "x" * 100_000,
        "l=en&at=%3Cscript%3Ewindow.pwned%3D3%3C%2Fscript%3E&ask=%22%3E%3Cimg%3E",
        "l=en&at=lavar-la-cara-☀&ask=wash‐gently,снег&miss=check‑sun",
        "at=__proto__&miss=constructor,toString,hasOwnProperty&ask=__proto__",
        "at=unknown-slide&miss=not-a-question&ask=nope",
        "at=wash-gently&at=javascript:window.pwned=4",
    ],
)
def test_hostile_fragments_inject_nothing_and_send_nothing(
    browser: Any, served: str, frag: str
) -> None:
    url = f"{served}/en/index.html"
    context, page, requests, problems = open_page(browser, url)
    try:
        clean = page.content()
        page.goto("about:blank")
        requests.clear()
        page.goto(f"{url}#{frag}", wait_until="load")
        assert page.evaluate("window.pwned || 0") == 0
        assert page.locator("#personal img, #personal script, #personal a").count() == 0
        personal = page.locator("#personal")
        for li in page.locator("#personal li").all():  # only the page's own titles
            assert "<" not in li.inner_text()
        shown = personal.inner_text() if personal.is_visible() else ""
        for bad in ("script", "img", "снег", "☀", "unknown-slide", "constructor", "javascript"):
            assert bad not in shown
        # Outside the personal block, the page is exactly what it was without the fragment.
        outside = page.evaluate(
            "(() => { const c = document.documentElement.cloneNode(true);"
            " c.querySelector('#personal').remove(); return c.outerHTML; })()"
        )
        assert "pwned" not in outside
        assert page.locator("script").count() == 2
        assert len(clean) > 1000
    finally:
        context.close()
    assert not [p for p in problems if "pwned" in p]
    assert all(r.startswith(served) for r in requests), requests


def test_without_javascript_the_whole_text_is_there(
    browser: Any, served: str, shipped: Content, make_kiosk: Any
) -> None:
    frag = journey_link(make_kiosk).partition("#")[2]
    context, page, _, _ = open_page(browser, f"{served}/{LANG}/index.html#{frag}", js=False)
    try:
        assert not page.locator("#personal").is_visible()
        text = page.locator("main").inner_text()
        words = shipped.language(LANG).page
        for part in (words.heading, words.contents, words.print_pdf, words.sources):
            assert part in text
        for section in handout_sections(shipped.language(LANG)):
            for slide in section.slides:
                assert slide.title in text
        assert page.locator(f'a[href="{PDF_NAME}"]').count() == 1
        assert page.locator(".call-dock a.call").is_visible()
    finally:
        context.close()


def test_content_version_is_metadata_only(served: str, shipped: Content, browser: Any) -> None:
    context, page, _, _ = open_page(browser, f"{served}/en/index.html")
    try:
        meta = page.locator('meta[name="content-version"]').get_attribute("content")
        assert meta == shipped.checksum
        assert shipped.checksum not in page.locator("body").inner_text()
    finally:
        context.close()


# -- printing for real: Qt -> CUPS -> cups-pdf -------------------------------------------------
@pytest.fixture
def printer() -> Iterator[cupsprinter.Printer]:
    why = cupsprinter.missing()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"CI: the print test cannot run: {why}")
        pytest.skip(why)
    with cupsprinter.private_cups() as p:
        yield p
    root = p.out.parent
    leftovers = subprocess.run(
        ["pgrep", "-f", f"cupsd -f -c {root}"], capture_output=True, text=True, check=False
    ).stdout
    assert not leftovers.strip(), f"cupsd still running: {leftovers}"
    assert not root.exists()
    assert not list(cupsprinter.CUPS_PDF_CONF_DIR.glob(f"cups-pdf-{p.queue}.conf"))


def test_print_a_copy_from_the_qr_screen(
    printer: cupsprinter.Printer, shipped: Content, qtbot: Any
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.take_home_journey"],
        cwd=ROOT,
        env={**os.environ, "CUPS_SERVER": printer.server, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out: list[Path] = []

    def printed() -> bool:  # ghostscript writes the file as it goes: wait for its end
        out[:] = [p for p in printer.out.rglob("*.pdf") if b"%%EOF" in p.read_bytes()[-64:]]
        return bool(out)

    qtbot.waitUntil(printed, timeout=120_000)  # cups-pdf runs ghostscript: poll for the file
    tool = need("pdftotext", "reading the printed copy")
    text = subprocess.run(
        [tool, str(out[0]), "-"], capture_output=True, text=True, check=True
    ).stdout
    keep = os.environ.get("KIOSK_KEEP_PRINTOUT")  # to look at it: pdftoppm -png FILE
    if keep:
        shutil.copyfile(out[0], keep)
    text = re.sub(r"\s+", " ", text)
    spanish = shipped.language(LANG)
    assert shipped.settings.clinic_name in text, (out, out[0].stat().st_size, text[:200])
    assert spanish.page.heading in text  # the patient's language
    assert spanish.page.missed_points in text
    for q in WRONG:
        title, short, _ = missed_point(spanish, q) or ("", "", "")
        assert title in text
        assert re.sub(r"\s+", " ", short)[:40] in text
    assert spanish.page.your_questions in text
    assert "¿Emergencia? Llame al 911" in text  # the emergency part
    assert "En caso de emergencia" in text or "911" in text


def test_cups_commands_name_the_default_and_refuse_unknown_queues(
    printer: cupsprinter.Printer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUPS_SERVER", printer.server)
    assert cups.default_printer() == printer.queue
    assert not cups.print_pdf(b"%PDF-1.4\n%%EOF\n", "Take-home", "no-such-queue")
    assert not list(printer.out.rglob("*.pdf"))
    # A default with an instance (lpoptions -d QUEUE/INSTANCE, in the user's own settings)
    monkeypatch.setenv("HOME", str(printer.out.parent))
    instance = f"{printer.queue}/duplex"
    for args in (["-p", instance, "-o", "sides=two-sided-long-edge"], ["-d", instance]):
        subprocess.run(["lpoptions", *args], check=True, capture_output=True)
    assert cups.default_printer() == f"{printer.queue}/duplex"
    monkeypatch.setenv("CUPS_SERVER", "127.0.0.1:1")  # nothing listens: no printer, no hang
    assert cups.default_printer() == ""


def test_staff_panel_offers_printing_only_with_a_printer(make_kiosk: Any, qtbot: Any) -> None:
    none = make_kiosk(root=SHIPPED, printer=lambda: "")
    none.show_staff_status()
    with qtbot.waitSignal(none.print_desk.found):
        pass
    assert none.staff.panel.print_button.isHidden()
    desk = make_kiosk(root=SHIPPED, printer=lambda: "Front desk")
    with qtbot.waitSignal(desk.print_desk.found):
        desk.show_staff_status()  # staff may just have set up a printer: CUPS is asked again
    assert not desk.staff.panel.print_button.isHidden()
    results: list[bool] = []
    desk.take_home_printed.connect(results.append)
    # "Front desk" is no queue CUPS knows here: `lp` refuses, the kiosk says so, no crash
    env = {"CUPS_SERVER": "127.0.0.1:1"}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        desk.staff.panel.print_requested.emit()
        qtbot.waitUntil(lambda: len(results) == 1, timeout=60_000)
    assert results == [False]


def test_the_print_job_child_refuses_bad_folders_and_links_and_never_hangs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child that lays out a patient's copy gets a folder and ids only; anything else
    ends it with exit 2 and a line for the kiosk's log, and a silent CUPS ends it too."""
    run = [sys.executable, "-m", "kiosk.core.handout.printjob"]

    def child(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*run, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
        )

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "kiosk.yaml").write_text("clinic: [")
    assert child(str(broken), "l=en&at=wash-gently", "desk").returncode == 2
    for hostile in ("l=xx&at=wash-gently", "<script>alert(1)</script>", "l=" + "e" * 5000):
        done = child(str(SHIPPED), hostile, "desk")
        assert done.returncode == 2, done.stderr
        assert "no language of this content" in done.stderr
    assert child(str(SHIPPED)).returncode == 2  # usage
    monkeypatch.setenv("CUPS_SERVER", "127.0.0.1:1")  # no CUPS answers: not printed, no hang
    shipped = load_content(SHIPPED).content
    assert shipped is not None
    assert not print_in_child(shipped, TakeHome("es", "wash-gently", WRONG, (MARKED,)), "desk")
