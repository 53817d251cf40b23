"""The patient journey driven like a patient: real touch events on the offscreen platform."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.session.journey import Screen
from tests.builders import edit
from tests.drive import TOUCH, centre, swipe, tap, to_first_slide

pytestmark = pytest.mark.usefixtures("qapp")


def test_tap_through_whole_journey_each_tap_acting_once(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    shown: list[str] = []
    kiosk.slide_shown.connect(shown.append)
    screens: list[str] = []
    kiosk.screen_changed.connect(screens.append)
    to_first_slide(kiosk)
    for _ in range(3):
        tap(kiosk.slides.next)
    assert shown == ["what", "makeup", "sun", "check-sun"]  # one slide per tap, none skipped
    tap(kiosk.slides.check.answers[1])  # the wrong answer
    assert kiosk.slides.check.feedback.text() == "Not quite. Sunscreen protects healing skin."
    assert kiosk.slides.check.answers[0].property("verdict") == "right"
    tap(kiosk.slides.next)
    assert kiosk.journey.screen is Screen.QR
    assert kiosk.qr.link.accessibleName() == "care.testclinic.org/mn/en"
    tap(kiosk.qr.done)
    assert screens == [Screen.OVERVIEW, Screen.SLIDE, Screen.QR, Screen.THANKS]


def test_right_answer_feedback(make_kiosk) -> None:
    kiosk = make_kiosk()
    to_first_slide(kiosk)
    kiosk.move(lambda: kiosk.journey.open_section(1))
    tap(kiosk.slides.next)
    given: list[tuple[str, bool]] = []
    kiosk.answer_given.connect(lambda i, ok: given.append((i, ok)))
    tap(kiosk.slides.check.answers[0])
    assert given == [("check-sun", True)]
    assert kiosk.slides.check.feedback.text().startswith("That's right!")


def test_one_finger_swipes_move_one_slide_even_over_a_button(make_kiosk) -> None:
    kiosk = make_kiosk()
    to_first_slide(kiosk)
    window = kiosk.window
    swipe(window, QPoint(900, 400), -400)
    assert kiosk.journey.place.slide.id == "makeup"
    # Starting and ending on the Next button: a swipe, and the button must not click as well.
    nxt = kiosk.slides.next
    start = centre(nxt) + QPoint(nxt.width() // 2 - 8, 0)
    clicks: list[bool] = []
    nxt.clicked.connect(clicks.append)
    swipe(window, start, -(nxt.width() - 16))
    assert kiosk.journey.place.slide.id == "sun"
    assert clicks == []
    assert not nxt.isDown()
    swipe(window, QPoint(300, 400), 400)
    assert kiosk.journey.place.slide.id == "makeup"


def test_short_or_vertical_drags_are_not_swipes(make_kiosk) -> None:
    kiosk = make_kiosk()
    to_first_slide(kiosk)
    swipe(kiosk.window, QPoint(900, 400), -20)
    window = kiosk.window
    QTest.touchEvent(window, TOUCH).press(0, QPoint(600, 300)).commit()
    QTest.touchEvent(window, TOUCH).move(0, QPoint(620, 500)).commit()
    QTest.touchEvent(window, TOUCH).release(0, QPoint(620, 500)).commit()
    assert kiosk.journey.place.slide.id == "what"


def test_language_choice_changes_every_screen(make_kiosk, content_dir: Path) -> None:
    edit(content_dir / "es" / "02-care.yaml", "title: Sun", "title: Sol")
    kiosk = make_kiosk()
    buttons = kiosk.welcome._language_buttons
    assert [b.text() for b in buttons.values()] == ["English", "Español"]
    tap(buttons["es"])
    assert kiosk.journey.lang == "es"
    assert buttons["es"].property("current") == "true"
    tap(kiosk.welcome.start)
    kiosk.move(lambda: kiosk.journey.open_section(1))
    assert kiosk.slides.info.title.text() == "Sol"
    kiosk.move(kiosk.journey.next)
    tap(kiosk.slides.take_home)
    assert kiosk.qr.link.accessibleName() == "care.testclinic.org/mn/es"


@pytest.mark.parametrize("where", ["welcome-es", "overview", "slide", "check", "qr"])
def test_idle_countdown_then_reset_from_every_screen(make_kiosk, clock, qtbot, where: str) -> None:
    kiosk = make_kiosk()
    kiosk.choose_language("es")
    j = kiosk.journey
    if where != "welcome-es":
        kiosk.move(j.start)
    if where in ("slide", "check", "qr"):
        kiosk.move(lambda: j.open_section(1))
    if where in ("check", "qr"):
        kiosk.move(j.next)
        kiosk.choose_answer(1)
    if where == "qr":
        kiosk.move(j.next)
    clock.now += 90
    with qtbot.waitSignal(kiosk.idle_warned, timeout=2000):
        pass
    assert kiosk.overlay.isVisible()
    # The test content's Spanish words are the shipped ones (tests/builders.py).
    assert kiosk.overlay.body.text() == "Esta pantalla volverá al inicio en 15 segundos."
    clock.now += 14.2
    qtbot.waitUntil(lambda: "en 1 segundos" in kiosk.overlay.body.text(), timeout=2000)
    clock.now += 1
    with qtbot.waitSignal(kiosk.session_reset, timeout=2000):
        pass
    assert j.is_pristine
    assert j.screen is Screen.WELCOME
    assert j.lang == "en"
    assert not kiosk.overlay.isVisible()
    assert kiosk.window.stack.currentWidget() is kiosk.welcome
    assert kiosk.welcome.title.text() == "Learn about your microneedling visit"


def test_yes_continue_and_any_touch_keep_the_session(make_kiosk, clock, qtbot) -> None:
    kiosk = make_kiosk()
    to_first_slide(kiosk)
    clock.now += 95
    qtbot.waitUntil(kiosk.overlay.isVisible, timeout=2000)
    tap(kiosk.overlay.button)
    assert not kiosk.overlay.isVisible()
    clock.now += 80
    QTest.keyClick(kiosk.window, Qt.Key.Key_Space)  # a key counts as activity too
    clock.now += 80
    qtbot.wait(300)
    assert not kiosk.overlay.isVisible()
    assert kiosk.journey.screen is Screen.SLIDE


def test_thanks_returns_to_welcome_by_itself(make_kiosk, clock, qtbot) -> None:
    kiosk = make_kiosk()
    kiosk.move(kiosk.journey.start)
    kiosk.move(kiosk.journey.finish)
    assert kiosk.window.stack.currentWidget() is kiosk.thanks
    clock.now += 19
    qtbot.wait(300)
    assert kiosk.journey.screen is Screen.THANKS
    assert not kiosk.overlay.isVisible()
    clock.now += 1
    with qtbot.waitSignal(kiosk.session_reset, timeout=2000):
        pass
    assert kiosk.journey.screen is Screen.WELCOME


def test_content_html_is_shown_as_text(make_kiosk, content_dir: Path) -> None:
    for lang in ("en", "es"):
        edit(
            content_dir / lang / "02-care.yaml",
            "title: Sun",
            "title: '<img src=\"/etc/x.png\"><b>Sun</b>'",
        )
        edit(content_dir / lang / "02-care.yaml", "Use sunscreen", "Use <a href='x'>sunscreen</a>")
    kiosk = make_kiosk()
    kiosk.move(kiosk.journey.start)
    kiosk.move(lambda: kiosk.journey.open_section(1))
    title = kiosk.slides.info.title
    assert title.textFormat() == Qt.TextFormat.PlainText
    assert title.text() == '<img src="/etc/x.png"><b>Sun</b>'
    assert "&lt;a href=&#x27;x&#x27;&gt;" in kiosk.slides.info.body.text()


def test_no_context_menus(make_kiosk) -> None:
    kiosk = make_kiosk()
    seen: list[int] = []

    class Probe(QWidget):
        def contextMenuEvent(self, event: QContextMenuEvent) -> None:
            seen.append(1)

    probe = Probe(kiosk.welcome)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(1, 1), probe.mapToGlobal(QPoint(1, 1))
    )
    QApplication.sendEvent(probe, event)
    assert seen == []


def test_windowed_escape_quits_but_locked_mode_ignores_keys_and_close(make_kiosk) -> None:
    windowed = make_kiosk()
    quits: list[bool] = []
    windowed.window.quit_requested.connect(lambda: quits.append(True))
    QTest.keyClick(windowed.window, Qt.Key.Key_Escape)
    assert quits == [True]
    locked = make_kiosk(kiosk_mode=True)
    locked_quits: list[bool] = []
    locked.window.quit_requested.connect(lambda: locked_quits.append(True))
    for key in (Qt.Key.Key_Escape, Qt.Key.Key_F4, Qt.Key.Key_Q, Qt.Key.Key_W):
        QTest.keyClick(locked.window, key, Qt.KeyboardModifier.AltModifier)
        QTest.keyClick(locked.window, key, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(locked.window, key)
    assert not locked.window.close()
    assert locked.window.isVisible()
    assert locked_quits == []


def test_long_text_scrolls_with_a_finger(make_kiosk, content_dir: Path, qtbot) -> None:
    long_body = "\n\n".join(f"Line {i} of a long note about your skin." for i in range(40))
    for lang in ("en", "es"):
        edit(
            content_dir / lang / "02-care.yaml",
            "body: Use sunscreen when you go out.",
            "body: |\n      " + long_body.replace("\n", "\n      "),
        )
    kiosk = make_kiosk()
    kiosk.move(kiosk.journey.start)
    kiosk.move(lambda: kiosk.journey.open_section(1))
    area = kiosk.slides.info.text_area
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0  # the text is longer than the screen, not cut off
    window = kiosk.window
    start = area.viewport().mapTo(window, area.viewport().rect().center())
    QTest.touchEvent(window, TOUCH).press(0, start).commit()
    for i in range(1, 11):
        QTest.touchEvent(window, TOUCH).move(0, start - QPoint(0, 25 * i)).commit()
        qtbot.wait(10)
    QTest.touchEvent(window, TOUCH).release(0, start - QPoint(0, 250)).commit()
    qtbot.waitUntil(lambda: bar.value() > 100, timeout=3000)
    assert kiosk.journey.place.slide.id == "sun"  # a vertical drag is not a swipe


def test_reduced_motion_turns_animation_off(make_kiosk, content_dir: Path) -> None:
    moving = make_kiosk(keep_motion=True)
    assert moving.slides.animate
    assert moving.welcome.drift.isActive()
    moving.move(moving.journey.start)
    assert not moving.welcome.drift.isActive()  # no drawing for a screen nobody sees
    with (content_dir / "kiosk.yaml").open("a") as f:
        f.write("display:\n  reduced_motion: true\n")
    still = make_kiosk(keep_motion=True)
    assert not still.slides.animate
    assert not still.welcome.drift.isActive()
