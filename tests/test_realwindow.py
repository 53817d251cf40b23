"""End to end: the real app in a real X window (Xvfb), driven with real input (xdotool)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from kiosk.core.content.loader import load_content
from kiosk.core.content.model import CheckSlide
from kiosk.core.handout import fragment
from kiosk.core.handout.fragment import TakeHome
from tests.builders import edit
from tests.conftest import SHIPPED
from tests.realwindow import Display, decode_qr, find_colour_blocks, start_program, stop

pytestmark = pytest.mark.realwindow


@pytest.fixture
def display(xvfb: str, tmp_path: Path) -> Display:
    return Display(xvfb, tmp_path)


def start_app(display: Display, *args: str) -> subprocess.Popen[str]:
    return start_program(display, "run", *args)


def filled_button(shot, accent: str) -> tuple[int, int, int]:
    blocks = find_colour_blocks(shot, accent, top=0.8)
    assert blocks
    return max(blocks, key=lambda b: b[2])


def test_patient_goes_from_welcome_to_the_qr_code(display: Display) -> None:
    result = load_content(SHIPPED)
    assert result.content is not None
    content = result.content
    accent = content.settings.theme.accent
    slides = len(content.language("en").slides)
    proc = start_app(display, "--size", "1280x800")
    try:
        display.wait_window(content.language("en").strings.welcome_title, proc=proc)
        blocks = display.look("welcome", lambda shot: find_colour_blocks(shot, accent, 0.3, 0.9))
        x, y, _ = max(blocks, key=lambda b: b[2])  # Start is the largest filled button
        welcome = display.screenshot("welcome")
        display.click(x, y)

        overview = display.settled("overview", welcome)
        # The filled button is the largest block of the accent colour in the footer ("Start
        # from the beginning", then "Next"); the text-size letters are accent too, but small.
        bx, by, _ = filled_button(overview, accent)
        display.click(bx, by)

        first = display.settled("first-slide", overview)
        nx, ny, _ = filled_button(first, accent)
        display.drag(900, 400, 300, 410)  # a mouse swipe moves one slide forward
        shown = display.settled("after-swipe", first)
        for _ in range(slides - 1):
            display.click(nx, ny)
            shown = display.settled("next", shown)  # one tap, one slide: wait for each
        (link,) = decode_qr(shown)
        base, _, frag = link.partition("#")
        assert base == content.settings.handout_url_for("en")
        last = content.language("en").slides[-1].id
        assert fragment.decode(frag) == TakeHome("en", last)  # nothing missed or marked
        assert proc.poll() is None
    finally:
        err = stop(proc)
    assert "Traceback" not in err, err
    ready = [line for line in err.splitlines() if "ready in" in line]
    assert len(ready) == 1, err
    assert ready[0].startswith("INFO kiosk.app: ready in "), err


def take_home_centres(make_kiosk, size: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """Where Take it home (on a slide) and Back (on the QR screen) are, from the same layout
    code laid out offscreen at the same size."""
    from PySide6.QtWidgets import QApplication

    kiosk = make_kiosk(size, root=SHIPPED)
    j = kiosk.journey
    kiosk.move(j.start)
    kiosk.move(j.begin)
    kiosk.move(j.next)
    QApplication.processEvents()

    def centre(widget) -> tuple[int, int]:
        point = widget.mapTo(kiosk.window, widget.rect().center())
        return point.x(), point.y()

    found = {"take_home": centre(kiosk.slides.take_home)}
    kiosk.move(j.take_home)
    QApplication.processEvents()
    found["back"] = centre(kiosk.qr.back)
    return found


def same_picture(a, b, top: float, bottom: float) -> float:
    """The share of sampled pixels that differ between two screenshots in a band of rows."""
    a, b = a.convertToFormat(b.format()), b
    points = [
        (x, y)
        for y in range(int(a.height() * top), int(a.height() * bottom), 4)
        for x in range(0, a.width(), 4)
    ]
    return sum(a.pixel(x, y) != b.pixel(x, y) for x, y in points) / len(points)


def test_take_it_home_from_the_middle_of_the_course_and_back(display: Display, make_kiosk) -> None:
    result = load_content(SHIPPED)
    assert result.content is not None
    content = result.content
    accent = content.settings.theme.accent
    where = take_home_centres(make_kiosk, (1280, 800))
    proc = start_app(display, "--size", "1280x800")
    try:
        display.wait_window(content.language("en").strings.welcome_title, proc=proc)
        blocks = display.look("welcome", lambda shot: find_colour_blocks(shot, accent, 0.3, 0.9))
        x, y, _ = max(blocks, key=lambda b: b[2])
        welcome = display.screenshot("welcome")
        display.click(x, y)
        overview = display.settled("overview", welcome)
        bx, by, _ = filled_button(overview, accent)
        display.click(bx, by)
        shown = display.settled("first-slide", overview)
        nx, ny, _ = filled_button(shown, accent)
        for _ in range(len(content.language("en").slides) // 2):  # to the middle of the course
            display.click(nx, ny)
            shown = display.settled("next", shown)
        middle = shown
        display.click(*where["take_home"])
        qr = display.settled("qr", middle)
        (link,) = decode_qr(qr)  # the page, and after '#' where the patient stopped
        page, _, personal = link.partition("#")
        assert page == content.settings.handout_url_for("en")
        assert personal
        display.click(*where["back"])
        back = display.settled("back", qr)
        # The same slide again: its words and picture (the focus may sit on another button).
        assert same_picture(back, middle, 0.2, 0.8) < 0.01
        assert proc.poll() is None
    finally:
        err = stop(proc)
    assert "Traceback" not in err, err


def test_escape_closes_the_windowed_app(display: Display) -> None:
    proc = start_app(display, "--size", "1024x700")
    try:
        display.wait_window("microneedling")
        display.look("painted", lambda shot: find_colour_blocks(shot, "#0B4F5C", 0.3, 0.9))
        display.xdotool("mousemove", "500", "300")  # no window manager: focus follows the pointer
        display.xdotool("key", "Escape")
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            stop(proc)


def send_close_request(display: Display, window_id: str) -> None:
    """Exactly what a window manager sends when someone clicks the close button."""
    from Xlib import X, protocol
    from Xlib import display as xdisplay

    conn = xdisplay.Display(display.env["DISPLAY"])
    try:
        window = conn.create_resource_object("window", int(window_id))
        protocols = conn.intern_atom("WM_PROTOCOLS")
        delete = conn.intern_atom("WM_DELETE_WINDOW")
        event = protocol.event.ClientMessage(
            window=window, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0])
        )
        window.send_event(event, event_mask=X.NoEventMask)
        conn.flush()
    finally:
        conn.close()


def centres(make_kiosk, size: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """Where the staff controls are, from the same layout code laid out offscreen."""
    from PySide6.QtWidgets import QApplication

    # Windowed at the real screen's size: offscreen, kiosk mode would take the offscreen
    # platform's own screen size instead, and every place would be off.
    kiosk = make_kiosk(size, root=SHIPPED)
    assert (kiosk.window.width(), kiosk.window.height()) == size
    kiosk.staff.pad.open()
    QApplication.processEvents()

    def centre(widget) -> tuple[int, int]:
        point = widget.mapTo(kiosk.window, widget.rect().center())
        return point.x(), point.y()

    found = {key: centre(button) for key, button in kiosk.staff.pad.keys.items()}
    kiosk.staff.pad.hide()
    kiosk.staff.panel.open()
    QApplication.processEvents()
    found["exit"] = centre(kiosk.staff.panel.exit)
    kiosk.staff.panel.hide()
    return found


def test_locked_kiosk_only_closes_through_the_staff_exit(
    display: Display, make_kiosk, tmp_path: Path, notify_socket
) -> None:
    from kiosk.core.system.pin import PinStore

    sock, sock_path = notify_socket
    data = tmp_path / "data"
    PinStore(data).set_pin("246813")
    places = centres(make_kiosk, (1280, 800))
    display.env.update(
        {"KIOSK_DATA_DIR": str(data), "NOTIFY_SOCKET": sock_path, "WATCHDOG_USEC": "1500000"}
    )
    content = tmp_path / "shipped"  # a still Welcome, so each screen settles
    shutil.copytree(SHIPPED, content)
    edit(content / "kiosk.yaml", "reduced_motion: false", "reduced_motion: true")
    proc = start_app(display, "--kiosk", "--content", str(content))
    try:
        assert sock.recv(256).decode().startswith("READY=1")  # after the first painted frame
        assert sock.recv(256) == b"WATCHDOG=1"  # petted from the UI thread
        window = display.wait_window("microneedling")
        geometry = display.xdotool("getwindowgeometry", window)
        assert "1280x800" in geometry  # full screen
        display.xdotool("mousemove", "640", "400")
        for keys in ("Escape", "alt+F4", "ctrl+q", "ctrl+w", "F11", "super", "alt+Tab"):
            display.xdotool("key", keys)
        send_close_request(display, window)
        time.sleep(1.0)  # nothing may happen: give the kiosk a moment to (wrongly) quit
        assert proc.poll() is None, "the locked kiosk quit"
        assert display.wait_window("microneedling", timeout=5) == window
        screen = display.screenshot("still-there")
        assert find_colour_blocks(screen, "#0B4F5C", top=0.3, bottom=0.9)  # still drawing

        # The hidden corner hold, as a person does it: the pad opens while the finger is
        # still down (after the real three seconds: this process's clock is its own).
        display.xdotool("mousemove", "4", "4", "mousedown", "1")
        pad = display.settled("pin-pad", screen)
        display.xdotool("mouseup", "1")
        for key in "246813":
            display.click(*places[key])
        display.click(*places["OK"])
        display.settled("staff-panel", pad)
        display.click(*places["exit"])
        assert proc.wait(timeout=20) == 0
    finally:
        err = stop(proc) if proc.poll() is None else proc.stderr.read() if proc.stderr else ""
    assert "Traceback" not in err, err


def test_broken_content_at_start_shows_the_last_good_copy(display: Display, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SHIPPED, content)
    display.env["KIOSK_DATA_DIR"] = str(tmp_path / "data")
    first = start_app(display, "--content", str(content), "--size", "1024x700")
    display.wait_window("microneedling")
    stop(first)
    settings = content / "kiosk.yaml"
    settings.write_text(settings.read_text().replace("https://", "http://"))  # broken
    second = start_app(display, "--content", str(content), "--size", "1024x700")
    try:
        display.wait_window("microneedling")
        display.look(  # Start is there
            "from-the-good-copy", lambda shot: find_colour_blocks(shot, "#0B4F5C", 0.3, 0.9)
        )
        assert second.poll() is None
        # Its problems go to the log file, opened right after the first frame.
        log_file = tmp_path / "data" / "logs" / "kiosk.log"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and "must start with https://" not in (
            log_file.read_text() if log_file.exists() else ""
        ):
            time.sleep(0.1)
        assert second.poll() is None
    finally:
        err = stop(second)
    assert "must start with https://" in err  # staff can see what to fix...
    assert "showing the last good copy" in err  # ...and patients still see the course


def take_home_places(make_kiosk, size: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """Where Ask about this, Next and the first check question's wrong answer are, from the
    same layout code laid out offscreen (the kiosk covers the screen from 0,0)."""
    from PySide6.QtWidgets import QApplication

    kiosk = make_kiosk(size, root=SHIPPED)  # a window of the screen's size, laid out the same

    def centre(widget) -> tuple[int, int]:
        QApplication.processEvents()  # laid out as shown
        point = widget.mapTo(kiosk.window, widget.rect().center())
        return point.x(), point.y()

    kiosk.welcome.start.click()
    begin = centre(kiosk.overview.begin)  # Topics has accent marks too: find it by layout
    kiosk.overview.begin.click()
    found = {"begin": begin, "ask": centre(kiosk.slides.ask), "next": centre(kiosk.slides.next)}
    while not isinstance(kiosk.journey.place.slide, CheckSlide):
        kiosk.slides.next.click()
    question = kiosk.journey.place.slide
    wrong = (question.right_index + 1) % len(question.answers)
    found["wrong"] = centre(kiosk.slides.check.answers[wrong])
    found["question"] = (kiosk.journey.index, 0)
    return found


def test_wrong_answer_and_mark_ride_in_the_decoded_qr_link(
    display: Display, make_kiosk, tmp_path: Path
) -> None:
    result = load_content(SHIPPED)
    assert result.content is not None
    en = result.content.language("en")
    places = take_home_places(make_kiosk, (1280, 800))
    question_index = places["question"][0]
    content = tmp_path / "shipped"  # no animation: each screen settles at once
    shutil.copytree(SHIPPED, content)
    edit(content / "kiosk.yaml", "reduced_motion: false", "reduced_motion: true")
    proc = start_app(display, "--kiosk", "--content", str(content))
    try:
        display.wait_window(en.strings.welcome_title, proc=proc)
        accent = result.content.settings.theme.accent
        blocks = display.look("welcome", lambda shot: find_colour_blocks(shot, accent, 0.3, 0.9))
        x, y, _ = max(blocks, key=lambda b: b[2])
        shown = display.screenshot("welcome")
        display.click(x, y)
        shown = display.settled("overview", shown)
        display.click(*places["begin"])
        shown = display.settled("first-slide", shown)
        display.click(*places["ask"])  # mark the first slide
        shown = display.settled("marked", shown)
        for _ in range(question_index):
            display.click(*places["next"])
            shown = display.settled("next", shown)
        display.click(*places["wrong"])
        shown = display.settled("answered-wrong", shown)
        for _ in range(len(en.slides) - question_index):
            display.click(*places["next"])
            shown = display.settled("next", shown)
        (link,) = decode_qr(shown)
    finally:
        err = stop(proc)
    assert "Traceback" not in err, err
    got = fragment.decode(link.partition("#")[2])
    assert got.asked == (en.slides[0].id,)
    assert got.missed == (en.slides[question_index].id,)
    assert got.lang == "en"
