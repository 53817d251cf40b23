"""Issue 17's rules in the Qt-free core: take it home and back, topics finished and seen, the
minutes estimate and the no-break typography. No QApplication here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk.core.content.loader import load_content
from kiosk.core.content.model import Content
from kiosk.core.content.typography import JOIN, NBSP, balance, tie
from kiosk.core.session import estimate
from kiosk.core.session.journey import Journey, Move, Reason, Screen
from tests.conftest import SHIPPED


@pytest.fixture
def content(content_dir: Path) -> Content:
    result = load_content(content_dir)
    assert result.content is not None
    return result.content


def test_take_it_home_from_a_slide_and_back_to_it(content: Content) -> None:
    j = Journey(content)
    j.start()
    j.begin()
    j.next()
    assert j.place.slide.id == "makeup"
    step = j.take_home()
    assert (step.move, j.screen) == (Move.JUMPED, Screen.QR)
    step = j.back()
    assert (step.move, j.screen, j.place.slide.id) == (Move.BACK, Screen.SLIDE, "makeup")
    j.next()  # the course runs on from there, not from the end
    assert j.place.slide.id == "sun"


@pytest.mark.parametrize("where", [Screen.OVERVIEW, Screen.THANKS])
def test_take_it_home_returns_to_topics_and_thanks(content: Content, where: Screen) -> None:
    j = Journey(content)
    j.start()
    if where is Screen.THANKS:
        j.finish()
    j.take_home()
    assert j.screen is Screen.QR
    j.back()
    assert j.screen is where


def test_no_take_it_home_on_welcome_and_done_forgets_the_way_back(content: Content) -> None:
    j = Journey(content)
    assert j.take_home().move is Move.STAYED
    j.start()
    j.open_section(1)
    j.take_home()
    j.finish()
    j.take_home()
    j.back()
    assert j.screen is Screen.THANKS  # from Thanks, Back goes to Thanks, not the old slide
    j.reset(Reason.FINISHED)
    assert j.return_to is None
    assert not j.seen


def test_a_topic_from_topics_ends_on_topics_with_the_next_unread_one(content: Content) -> None:
    j = Journey(content)
    j.start()
    assert j.next_unread_section() == 0
    j.open_section(0)
    assert j.next().move is Move.FORWARD
    step = j.next()
    assert (j.screen, step.section_done) == (Screen.OVERVIEW, 0)
    assert j.section_seen(0)
    assert not j.section_seen(1)
    assert j.next_unread_section() == 1
    j.open_section(1)
    j.next()
    j.next()
    assert j.screen is Screen.OVERVIEW
    assert j.next_unread_section() is None


def test_start_from_the_beginning_still_runs_the_whole_course(content: Content) -> None:
    j = Journey(content)
    j.start()
    j.open_section(1)
    j.home()
    j.begin()
    screens = []
    while j.screen is Screen.SLIDE:
        assert j.next().section_done is None
        screens.append(j.screen)
    assert screens[-1] is Screen.QR
    assert Screen.OVERVIEW not in screens


def test_seen_marks_follow_the_slides_across_languages(content: Content) -> None:
    j = Journey(content)
    j.start()
    j.open_section(1)
    j.next()
    j.set_language("es")
    assert j.section_seen(1)
    assert not j.section_seen(0)
    assert not j.section_seen(7)


def test_text_steps_are_chosen_directly(content: Content) -> None:
    j = Journey(content)
    assert j.set_text_step(2)
    assert j.text_step == 2
    assert not j.set_text_step(2)
    assert not j.set_text_step(3)
    assert j.text_step == 2


def test_minutes_come_from_the_words() -> None:
    content = load_content(SHIPPED).content
    assert content is not None
    for code in ("en", "es"):
        lang = content.language(code)
        total = estimate.course_minutes(lang)
        by_topic = [estimate.section_minutes(s) for s in lang.sections]
        assert 5 <= total <= 20  # 40 screens of about 40 words each
        assert total <= sum(by_topic) <= total + len(by_topic)
        longest = max(lang.sections, key=lambda s: sum(map(estimate.words, s.slides)))
        assert estimate.section_minutes(longest) == max(by_topic)


@pytest.mark.parametrize(
    ("text", "unbroken"),
    [
        ("Call (555) 010-0142 today.", f"(555){NBSP}010-{JOIN}0142"),
        ("Use SPF 30 or more.", f"SPF{NBSP}30"),
        ("Cuente con 1–3 días.", f"1–{JOIN}3{NBSP}días"),
        ("It takes 30 - 45 minutes.", f"30{NBSP}-{NBSP}45{NBSP}minutes"),
        ("Llame al 911 ahora.", f"911{NBSP}ahora"),
        ("Desde el día 2 en adelante", f"día{NBSP}2"),
        ("about 1 000 people", f"1{NBSP}000"),
    ],
)
def test_numbers_never_break(text: str, unbroken: str) -> None:
    assert unbroken in tie(text)


def test_tie_leaves_words_alone_and_is_idempotent() -> None:
    text = "Keep the area clean, and wash your hands first."
    assert tie(text) == text
    assert tie("Call 911 about 2 things") == f"Call 911{NBSP}about 2{NBSP}things"  # no chains
    once = tie("Call (555) 010-0142 for 2 days")
    assert tie(once) == once


def test_balancing_to_a_width_moves_the_break_only_when_the_pair_fits() -> None:
    def fits(width: int):
        return lambda line: len(line) <= width

    title = "Why may you see tiny spots of blood?"
    assert balance(title, fits(32)) == f"Why may you see tiny spots of{NBSP}blood?"  # 1 word left
    assert balance(title, fits(40)) == title  # one line: nothing to move
    assert balance(title, fits(21)) == title  # "tiny spots" / "of blood?": two words already
    assert balance("At-home rollers are good", fits(6)) == "At-home rollers are good"


def test_balanced_titles_keep_the_last_two_words_together() -> None:
    assert balance("What happens right after") == f"What happens right{NBSP}after"
    assert balance("Aftercare") == "Aftercare"
    assert balance("Two words") == "Two words"
    assert NBSP not in balance("Qué significan estas palabras extraordinariamente largas")


def test_the_core_rules_need_no_qt() -> None:
    import subprocess

    code = (
        "import sys, kiosk.core.session.journey, kiosk.core.session.estimate, "
        "kiosk.core.content.typography; print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_safety_slides_are_urgent_and_the_emergency_slide_an_emergency() -> None:
    from kiosk.core.session.urgency import Urgency, urgency

    content = load_content(SHIPPED).content
    assert content is not None
    j = Journey(content)
    j.start()
    found: dict[str, Urgency] = {}
    j.begin()
    while j.screen is Screen.SLIDE:
        found[j.place.slide.id] = urgency(j.place)
        j.next()
    assert found["emergency"] is Urgency.EMERGENCY
    assert found["signs-of-infection"] is Urgency.URGENT
    assert found[content.language("en").slides[0].id] is Urgency.NONE
    assert sum(u is Urgency.URGENT for u in found.values()) == 6


def test_rich_text_is_tied_between_tags_only() -> None:
    from kiosk.core.content.typography import tie_html

    html = '<p style="margin: 0 0 12px 0">Use SPF 30 daily.</p>'
    assert tie_html(html) == f'<p style="margin: 0 0 12px 0">Use SPF{NBSP}30{NBSP}daily.</p>'
