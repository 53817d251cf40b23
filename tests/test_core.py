"""The Qt-free core: navigation, idle timing, swipes, QR, Markdown, reading level."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp

from kiosk.core.content import markdown, readability
from kiosk.core.content.loader import load_content
from kiosk.core.content.model import Content, IdleSettings
from kiosk.core.content.qr import make_matrix, short_link
from kiosk.core.session.idle import IdleRules, Phase
from kiosk.core.session.journey import Answered, Ending, Journey, Move, Reason, Screen, Step
from kiosk.core.session.swipe import Stroke, Swipe, classify
from tests.conftest import FakeClock


@pytest.fixture
def content(content_dir: Path) -> Content:
    result = load_content(content_dir)
    assert result.content is not None
    return result.content


# -- journey ----------------
def test_default_path_runs_welcome_to_thanks(content: Content) -> None:
    j = Journey(content)
    assert j.screen is Screen.WELCOME
    assert j.is_pristine
    j.start()
    assert j.screen is Screen.OVERVIEW
    j.next()
    seen = []
    while j.screen is Screen.SLIDE:
        place = j.place
        seen.append((place.slide.id, place.section.id, place.index + 1, place.total))
        j.next()
    assert seen == [
        ("what", "basics", 1, 4),
        ("makeup", "basics", 2, 4),
        ("sun", "care", 3, 4),
        ("check-sun", "care", 4, 4),
    ]
    assert j.screen is Screen.QR
    j.back()
    assert (j.screen, j.place.slide.id) == (Screen.SLIDE, "check-sun")
    j.next()
    j.finish()
    assert j.screen is Screen.THANKS


def test_topics_jump_and_back_from_first_slide(content: Content) -> None:
    j = Journey(content)
    j.start()
    j.open_section(1)
    assert j.place.slide.id == "sun"
    j.home()
    assert j.screen is Screen.OVERVIEW
    j.begin()
    j.back()
    assert j.screen is Screen.OVERVIEW
    j.back()
    assert j.screen is Screen.WELCOME


def test_answers_language_and_reset(content: Content) -> None:
    j = Journey(content)
    assert j.set_language("es")
    assert not j.set_language("es")
    assert not j.set_language("fr")
    j.start()
    j.open_section(1)
    assert j.answer(0) is Answered.IGNORED  # not a check slide
    j.next()
    assert j.answer(1) is Answered.WRONG
    assert j.answer(9) is Answered.IGNORED  # not one of its answers
    assert j.chosen("check-sun") == 1
    assert j.answer(0) is Answered.RIGHT
    j.reset(Reason.IDLE)
    assert j.is_pristine
    assert j.lang == "en"
    assert j.answers == {}
    assert j.index == 0


def test_moves_say_what_they_did(content: Content) -> None:
    j = Journey(content)
    assert j.back() == Step(Move.STAYED)  # nothing before Welcome
    assert j.start() == Step(Move.JUMPED, started=True)  # leaving Welcome starts a session
    assert j.next() == Step(Move.JUMPED)  # the overview's Next opens the first section
    assert j.next() == Step(Move.FORWARD)
    assert j.next().direction == 1
    assert j.back() == Step(Move.BACK)
    assert j.back().direction == -1
    assert j.home() == Step(Move.JUMPED)
    assert j.home() == Step(Move.STAYED)
    assert j.open_section(99) == Step(Move.STAYED)
    assert j.back() == Step(Move.BACK, ended=Ending.LEFT_EARLY)  # back to Welcome by hand
    assert not j.in_session
    assert j.reset(Reason.IDLE) is None  # no session was open: nothing ended


def test_a_reset_says_how_the_session_ended(content: Content) -> None:
    j = Journey(content)
    j.start()
    assert j.reset(Reason.IDLE) is Ending.IDLE_RESET
    j.start()
    j.open_section(1)
    assert j.reset(Reason.ERROR) is Ending.IDLE_RESET  # the usage log has no other word for it
    j.start()
    j.open_section(1)
    while j.screen is Screen.SLIDE:
        j.next()
    assert j.screen is Screen.OVERVIEW  # a topic chosen from Topics ends there
    j.take_home()
    assert j.screen is Screen.QR
    assert j.reset(Reason.IDLE) is Ending.FINISHED  # they reached the take-home code
    j.start()
    j.finish()
    assert j.reset(Reason.FINISHED) is Ending.FINISHED
    j.start()
    assert j.replace_content(content) is Ending.IDLE_RESET


def test_swipes_turn_slides_only_when_nothing_covers_them(content: Content) -> None:
    j = Journey(content)
    assert j.swipe(Swipe.LEFT, covered=False) == Step(Move.STAYED)  # Welcome has no slides
    j.start()
    j.begin()
    assert j.swipe(Swipe.LEFT, covered=True) == Step(Move.STAYED)  # "Still there?" or staff
    assert j.swipe(Swipe.LEFT, covered=False) == Step(Move.FORWARD)
    assert j.index == 1
    assert j.swipe(Swipe.RIGHT, covered=False) == Step(Move.BACK)
    assert j.index == 0


def test_new_content_waits_for_an_untouched_welcome(content: Content) -> None:
    j = Journey(content)
    assert j.may_swap_content(covered=False)
    assert not j.may_swap_content(covered=True)
    j.set_language("es")  # a patient is choosing
    assert not j.may_swap_content(covered=False)
    j.reset(Reason.IDLE)
    j.bigger_text()
    assert not j.may_swap_content(covered=False)


# -- idle ----------------
def test_idle_countdown_then_expiry() -> None:
    clock = FakeClock()
    rules = IdleRules(IdleSettings(90, 15, 20), clock)
    assert rules.state(Screen.SLIDE, False).phase is Phase.ACTIVE
    clock.now += 89.9
    assert rules.state(Screen.SLIDE, False).phase is Phase.ACTIVE
    clock.now += 0.1
    state = rules.state(Screen.SLIDE, False)
    assert state.phase is Phase.ASKING
    assert state.seconds_left == pytest.approx(15)
    clock.now += 10
    assert rules.state(Screen.SLIDE, False).seconds_left == pytest.approx(5)
    rules.activity()
    assert rules.state(Screen.SLIDE, False).phase is Phase.ACTIVE
    clock.now += 105
    assert rules.state(Screen.SLIDE, False).phase is Phase.EXPIRED


def test_pristine_welcome_never_expires_and_thanks_ends_without_asking() -> None:
    clock = FakeClock()
    rules = IdleRules(IdleSettings(90, 15, 20), clock)
    clock.now += 10_000
    assert rules.state(Screen.WELCOME, True).phase is Phase.ACTIVE
    assert rules.state(Screen.WELCOME, False).phase is Phase.EXPIRED  # a language was chosen
    rules.activity()
    clock.now += 19
    assert rules.state(Screen.THANKS, False).phase is Phase.ACTIVE
    clock.now += 1
    assert rules.state(Screen.THANKS, False).phase is Phase.EXPIRED


# -- swipes ----------------
@pytest.mark.parametrize(
    ("dx", "dy", "seconds", "expected"),
    [
        (-200, 0, 0.2, Swipe.LEFT),
        (200, 30, 0.3, Swipe.RIGHT),
        (-30, 0, 0.1, None),  # 30 px at 96 dpi is 8 mm: a sloppy tap
        (-200, 200, 0.2, None),  # 45 degrees: a scroll, not a swipe
        (-200, 0, 2.0, None),  # slow drag: reading, not swiping
    ],
)
def test_swipe_classification(dx: float, dy: float, seconds: float, expected: Swipe | None) -> None:
    assert classify(Stroke(500, 500, 500 + dx, 500 + dy, seconds, 96)) is expected


def test_swipe_distance_is_physical() -> None:
    # 100 px is 26 mm at 96 dpi but only 12.7 mm... at 200 dpi it is under the threshold
    assert classify(Stroke(0, 0, -100, 0, 0.2, 96)) is Swipe.LEFT
    assert classify(Stroke(0, 0, -100, 0, 0.2, 300)) is None


# -- QR ----------------
def test_qr_matrix_decodes_back_to_the_link() -> None:
    url = "https://care.testclinic.org/mn/es/"
    matrix = make_matrix(url)
    assert all(not any(row) for row in matrix.modules[:4])  # quiet zone
    scale = 6
    size = matrix.size * scale
    pixels = bytearray()
    for row in matrix.modules:
        line = bytes(0 if dark else 255 for dark in row for _ in range(scale))
        pixels += line * scale
    found = zxingcpp.read_barcodes(memoryview(bytes(pixels)).cast("B", (size, size)))
    assert [b.text for b in found] == [url]
    assert short_link(url) == "care.testclinic.org/mn/es"


# -- markdown ----------------
def test_markdown_subset_and_escaping() -> None:
    blocks = markdown.parse("Hello **there** <b>x</b>.\n\n- one\n  more\n- two\nAfter")
    assert len(blocks) == 3
    html = markdown.to_html(blocks)
    assert "<b>there</b>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html  # content HTML is shown, never interpreted
    assert "<li>one more</li><li>two</li>" in html
    assert markdown.plain_text(blocks).splitlines() == [
        "Hello there <b>x</b>.",
        "one more",
        "two",
        "After",
    ]


# -- reading level ----------------
def test_reading_measures_rank_easy_below_hard() -> None:
    easy = readability.stats("You can rest. Your skin will heal. Wash it with care.", "en")
    hard = readability.stats(
        "Postprocedural erythema characteristically resolves within approximately seventy-two "
        "hours following microneedling interventions.",
        "en",
    )
    assert readability.fk_grade(easy) < 3 < 12 < readability.fk_grade(hard)
    es_easy = readability.stats("Tu piel va a sanar. Lava la cara con agua. Usa crema.", "es")
    es_hard = readability.stats(
        "La microagujación dermatológica estimula la neocolagénesis mediante microlesiones "
        "controladas administradas por profesionales especializados.",
        "es",
    )
    assert readability.fernandez_huerta(es_easy) > 80 > 40 > readability.fernandez_huerta(es_hard)


@pytest.mark.parametrize(
    ("word", "count"),
    [("día", 2), ("bueno", 2), ("ciudad", 2), ("aéreo", 4), ("protector", 3), ("hoy", 1)],
)
def test_spanish_syllables(word: str, count: int) -> None:
    assert readability.syllables_es(word) == count


@pytest.mark.parametrize(
    ("word", "count"),
    [("skin", 1), ("collagen", 3), ("gently", 2), ("treatment", 2), ("sunscreen", 2), ("makes", 1)],
)
def test_english_syllables(word: str, count: int) -> None:
    assert readability.syllables_en(word) == count
