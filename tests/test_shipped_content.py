"""The bundled course meets its own rules: valid, readable, complete in both languages."""

from __future__ import annotations

import re
import statistics

import pytest

from kiosk.core import readability
from kiosk.core.loader import _slide_text, load_content
from kiosk.core.model import CheckSlide, Content, InfoSlide
from tests.conftest import SHIPPED


@pytest.fixture(scope="module")
def content() -> Content:
    result = load_content(SHIPPED)
    assert result.content is not None, [p.format() for p in result.errors]
    return result.content


def test_only_warning_is_the_example_link() -> None:
    result = load_content(SHIPPED)
    assert [p.message for p in result.problems] == [
        "the take-home link still points at an example address (aftercare.example.com)"
    ]


def test_demo_clinic_is_marked_as_an_example(content: Content) -> None:
    assert content.settings.example
    assert "example" in content.settings.clinic_name.lower()


def test_spanish_covers_every_english_slide_in_order(content: Content) -> None:
    en, es = content.languages["en"], content.languages["es"]
    assert [s.id for s in en.slides] == [s.id for s in es.slides]
    assert [s.id for s in en.sections] == [s.id for s in es.sections]
    assert len(en.slides) >= 20


def test_english_reading_level(content: Content) -> None:
    grades = [
        readability.fk_grade(readability.stats(_slide_text(s), "en"))
        for s in content.languages["en"].slides
    ]
    assert max(grades) <= 7
    assert statistics.mean(grades) <= 6


def test_spanish_reading_ease(content: Content) -> None:
    ease = [
        readability.fernandez_huerta(readability.stats(_slide_text(s), "es"))
        for s in content.languages["es"].slides
    ]
    assert min(ease) >= 60
    assert statistics.mean(ease) >= 70


def test_short_slides_and_sentences(content: Content) -> None:
    for lang in content.languages.values():
        for slide in lang.slides:
            st = readability.stats(_slide_text(slide), lang.code)
            assert st.longest_sentence < 20, slide.id
            if isinstance(slide, InfoSlide):
                assert len(readability.words(slide.body)) <= 50, slide.id


def test_no_overclaiming_words(content: Content) -> None:
    banned = re.compile(
        r"\b(proven|permanent|guarantee\w*|elastin|radiofrequency|RF|"
        r"probad[oa]|permanente|garantiza\w*)\b",
        re.IGNORECASE,
    )
    for lang in content.languages.values():
        for slide in lang.slides:
            assert not banned.search(_slide_text(slide)), (lang.code, slide.id)


def test_two_or_three_check_questions_and_pictures_have_alt_text(content: Content) -> None:
    for lang in content.languages.values():
        checks = [s for s in lang.slides if isinstance(s, CheckSlide)]
        assert 2 <= len(checks) <= 3
        pictured = [s for s in lang.slides if s.illustration]
        assert len(pictured) >= 15
        assert all(s.illustration and len(s.illustration.alt) > 10 for s in pictured)


CLINIC_VALUES = (
    "numbing_minutes",
    "makeup_hours",
    "product_pause_days",
    "sessions",
    "session_spacing_weeks",
)


def test_clinic_numbers_come_from_settings(content: Content) -> None:
    """Numbing time, make-up wait, product pause, sessions and spacing are settings."""
    assert set(CLINIC_VALUES) <= set(content.settings.values)
    for code in content.languages:
        raw = "".join(p.read_text() for p in (SHIPPED / code).glob("*.yaml"))
        for key in (*CLINIC_VALUES, "clinic_phone"):
            assert "{" + key + "}" in raw, (code, key)


def test_sections_list_their_sources(content: Content) -> None:
    for lang in content.languages.values():
        assert all(section.sources for section in lang.sections)


def test_review_is_recorded(content: Content) -> None:
    assert content.settings.reviewed_by
    assert content.settings.reviewed_on is not None
