"""Issue 17 on the screens, driven by taps: Take it home and back, the QR and Thanks words,
Topics' marks, the text steps, check answers, the "More below" cue."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.core.session.journey import Screen
from kiosk.core.session.urgency import Urgency
from tests.conftest import SHIPPED
from tests.drive import tap, to_first_slide

pytestmark = pytest.mark.usefixtures("qapp")


def test_take_it_home_from_a_slide_topics_and_thanks(make_kiosk) -> None:
    kiosk = make_kiosk()
    j = kiosk.journey
    tap(kiosk.welcome.start)
    tap(kiosk.overview.take_home)
    assert j.screen is Screen.QR
    tap(kiosk.qr.back)
    assert j.screen is Screen.OVERVIEW
    tap(kiosk.overview.begin)
    tap(kiosk.slides.next)
    tap(kiosk.slides.take_home)
    assert j.screen is Screen.QR
    tap(kiosk.qr.back)
    assert (j.screen, j.place.slide.id) == (Screen.SLIDE, "makeup")
    tap(kiosk.slides.take_home)
    tap(kiosk.qr.done)
    assert j.screen is Screen.THANKS
    tap(kiosk.thanks.show_code)
    assert j.screen is Screen.QR


def test_the_qr_screen_explains_itself_with_the_clinic_phone(make_kiosk) -> None:
    kiosk = make_kiosk(root=SHIPPED)
    to_first_slide(kiosk)
    tap(kiosk.slides.take_home)
    qr = kiosk.qr
    phone = kiosk.content.settings.clinic_phone
    assert "no app" in qr.gives.text()
    assert "Nothing about you" in qr.privacy.text()
    assert "printed copy" in qr.no_phone.text()
    assert phone.replace(" ", "\u00a0").replace("-", "-\u2060") in qr.no_phone.text()
    assert qr.instruction.text().startswith("◀")  # landscape: the code is to the left
    code, words = qr.code.mapTo(kiosk.window, qr.code.rect().center()), qr.instruction
    assert words.mapTo(kiosk.window, words.rect().topLeft()).x() > code.x()


def test_the_qr_instruction_points_up_at_the_code_in_portrait(make_kiosk) -> None:
    kiosk = make_kiosk((1080, 1920), root=SHIPPED)
    to_first_slide(kiosk)
    tap(kiosk.slides.take_home)
    qr = kiosk.qr
    assert qr.instruction.text().startswith("▲")
    code_bottom = qr.code.mapTo(kiosk.window, qr.code.rect().bottomLeft()).y()
    assert qr.instruction.mapTo(kiosk.window, qr.instruction.rect().topLeft()).y() > code_bottom


def test_thanks_shows_the_phone_and_counts_down(make_kiosk, clock) -> None:
    kiosk = make_kiosk(root=SHIPPED)
    to_first_slide(kiosk)
    kiosk.move(kiosk.journey.finish)
    thanks = kiosk.thanks
    assert "(555)\u00a0010-\u20600142" in thanks.call.text()
    seconds = kiosk.content.settings.idle.thanks_seconds
    assert thanks.countdown.text() == f"Starting over in {round(seconds)}\u00a0seconds"
    clock.now += 5
    kiosk.check_idle()
    assert thanks.countdown.text() == f"Starting over in {round(seconds) - 5}\u00a0seconds"
    assert thanks.countdown.isVisibleTo(kiosk.window)


def test_topics_mark_seen_topics_and_highlight_the_next(make_kiosk) -> None:
    kiosk = make_kiosk(root=SHIPPED)
    tap(kiosk.welcome.start)
    tiles = kiosk.overview.tiles
    assert tiles[0].property("next") == "true"
    assert "4\u00a0screens" in tiles[0].length.text()
    tap(tiles[0])
    for _ in range(4):
        tap(kiosk.slides.next)
    assert kiosk.journey.screen is Screen.OVERVIEW  # the topic ended: back to Topics
    assert tiles[0].mark.text().startswith("✓")
    assert tiles[1].property("next") == "true"
    assert tiles[0].property("next") == ""
    assert not tiles[1].mark.text().startswith("✓")


def test_welcome_minutes_come_from_the_course(make_kiosk) -> None:
    from kiosk.core.session.estimate import course_minutes

    kiosk = make_kiosk(root=SHIPPED)
    minutes = course_minutes(kiosk.content.language("en"))
    assert f"about {minutes}\u00a0minutes" in kiosk.welcome.subtitle.text()


def test_answers_keep_their_place_and_say_more_than_colour(make_kiosk) -> None:
    kiosk = make_kiosk()
    to_first_slide(kiosk)
    for _ in range(3):
        tap(kiosk.slides.next)
    answers = kiosk.slides.check.answers
    assert [a.mark.text() for a in answers[:2]] == ["○", "○"]  # radio look before answering
    before = [(a.heading.x(), a.width(), a.styleSheet()) for a in answers[:2]]
    tap(answers[1])  # the wrong one
    assert [a.mark.text() for a in answers[:2]] == ["✓", "✗"]
    assert answers[1].detail.text() == "Your answer"
    assert answers[0].detail.text() == "Right answer"
    assert [(a.heading.x(), a.width(), a.styleSheet()) for a in answers[:2]] == before


def test_the_largest_text_is_twice_the_default(make_kiosk) -> None:
    kiosk = make_kiosk((1920, 1080), root=SHIPPED)
    to_first_slide(kiosk)
    body = kiosk.slides.info.body
    assert 36 <= body.font().pixelSize() <= 40
    steps = kiosk.bars[Screen.SLIDE].text_size.steps
    tap(steps[2])
    assert body.font().pixelSize() == 2 * 38
    tap(steps[2])  # the largest step stays the largest: no silent wrap
    assert body.font().pixelSize() == 2 * 38
    assert [s.text() for s in steps] == ["A", "A+", "A++"]
    assert [s.isChecked() for s in steps] == [False, False, True]


def test_long_slides_show_more_below_and_answers_keep_the_question(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk((1280, 800), root=SHIPPED)
    to_first_slide(kiosk)
    j = kiosk.journey
    tap(kiosk.bars[Screen.SLIDE].text_size.steps[2])
    area = kiosk.slides.info.text_area
    while j.place.slide.id != "tell-medicines":
        kiosk.move(j.next)
    QApplication.processEvents()
    assert area.more_below
    assert area.cue.isVisible()
    assert area.cue.text().startswith("More below")
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    assert not area.cue.isVisible()
    while j.place.slide.id != "check-blood":
        kiosk.move(j.back)
    check = kiosk.slides.check
    tap(check.answers[1])
    qtbot.waitUntil(
        lambda: check.area.verticalScrollBar().value() > 0 or check.feedback.isVisible()
    )
    QApplication.processEvents()
    assert check.area.verticalScrollBar().value() <= check.question.y()  # first line in view


def test_safety_slides_are_cards_with_a_band(make_kiosk) -> None:
    kiosk = make_kiosk(root=SHIPPED)
    to_first_slide(kiosk)
    j = kiosk.journey
    while j.place.slide.id != "emergency":
        kiosk.move(j.next)
    assert kiosk.slides.card.objectName() == Urgency.EMERGENCY.value
    assert kiosk.slides.band.text() == "Emergency"
    kiosk.move(j.back)
    assert kiosk.slides.card.objectName() == Urgency.URGENT.value
    assert kiosk.slides.band.isVisibleTo(kiosk.window)
    kiosk.move(j.start)
    kiosk.move(j.begin)
    assert not kiosk.slides.band.isVisibleTo(kiosk.window)


def test_the_bar_lines_up_with_back_and_next_and_its_labels_grow(make_kiosk) -> None:
    kiosk = make_kiosk((1920, 1080), root=SHIPPED)
    to_first_slide(kiosk)
    bar = kiosk.bars[Screen.SLIDE]

    def rows() -> set[tuple[int, int]]:
        widgets = [kiosk.slides.back, kiosk.slides.next, bar.contrast, *bar.text_size.steps]
        return {(w.mapTo(kiosk.window, w.rect().topLeft()).y(), w.height()) for w in widgets}

    assert len(rows()) == 1  # one top edge, one height
    small = bar.contrast.font().pixelSize()
    tap(bar.text_size.steps[2])
    assert bar.contrast.font().pixelSize() > small


def test_in_portrait_every_slide_starts_at_the_same_height(make_kiosk) -> None:
    """The title (or a question's first line) never moves with the picture or the text."""
    from kiosk.core.content.model import CheckSlide

    kiosk = make_kiosk((1080, 1920), root=SHIPPED)
    to_first_slide(kiosk)
    j = kiosk.journey
    tops: set[int] = set()
    while j.screen is Screen.SLIDE:
        QApplication.processEvents()
        check = isinstance(j.place.slide, CheckSlide)
        first = kiosk.slides.check.kicker if check else kiosk.slides.info.title
        if kiosk.slides.band.isHidden():  # the safety cards start under their band
            tops.add(first.mapTo(kiosk.window, first.rect().topLeft()).y())
        kiosk.move(j.next)
    assert len(tops) == 1, tops
