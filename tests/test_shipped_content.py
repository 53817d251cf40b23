"""The bundled course meets its own rules: valid, readable, complete in both languages."""

from __future__ import annotations

import dataclasses
import re
import statistics

import pytest

from kiosk.core.content import readability, signoff
from kiosk.core.content.loader import _slide_text, load_content
from kiosk.core.content.model import CheckSlide, Content, InfoSlide
from tests.conftest import SHIPPED


@pytest.fixture(scope="module")
def content() -> Content:
    result = load_content(SHIPPED)
    assert result.content is not None, [p.format() for p in result.errors]
    return result.content


def test_only_warnings_are_the_example_clinic_ones() -> None:
    """Nothing changed since the (example) sign-off; only the example placeholders warn."""
    result = load_content(SHIPPED)
    assert [p.message for p in result.problems] == [
        "the take-home link still points at an example address (aftercare.example.com)",
        "the reviewer is still the example placeholder "
        "('Example reviewer, MD (replace with your clinician)')",
    ]


def test_the_sign_off_covers_exactly_this_content(content: Content) -> None:
    s = content.settings
    reviewed = signoff.Fingerprint(s.reviewed_fingerprint, s.reviewed_slides)
    assert signoff.compare(reviewed, signoff.fingerprint(content)) is None
    assert len(s.reviewed_slides) == sum(len(lang.slides) for lang in content.languages.values())


def test_demo_clinic_is_marked_by_the_flag_not_the_name(content: Content) -> None:
    assert content.settings.example
    assert "example" not in content.settings.clinic_name.lower()
    assert content.settings.clinic_title.endswith("(example)")
    for lang in content.languages.values():
        for slide in lang.slides:
            assert "(example)" not in _slide_text(slide), (lang.code, slide.id)


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
    assert min(ease) >= 70


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


def test_three_or_four_check_questions_and_pictures_have_alt_text(content: Content) -> None:
    for lang in content.languages.values():
        checks = [s for s in lang.slides if isinstance(s, CheckSlide)]
        assert 3 <= len(checks) <= 4
        pictured = [s for s in lang.slides if s.illustration]
        assert len(pictured) >= 15
        assert all(s.illustration and len(s.illustration.alt) > 10 for s in pictured)
        names = [s.illustration.path.name for s in pictured if s.illustration]
        assert len(names) == len(set(names)), "a picture is used on two slides"


AND = {"en": " and ", "es": " y "}
OR = {"en": " or ", "es": " o "}


def test_check_answers_agree_with_their_feedback(content: Content) -> None:
    """Where the feedback says "A or B", the right answer must not say "A and B"."""
    for lang in content.languages.values():
        for check in (s for s in lang.slides if isinstance(s, CheckSlide)):
            right = check.answers[check.right_index]
            if any(OR[lang.code] in a.feedback for a in check.answers):
                assert AND[lang.code] not in right.text, (lang.code, check.id)
            assert len({a.text for a in check.answers}) == len(check.answers)


def test_check_questions_test_the_high_stakes_actions(content: Content) -> None:
    """Sun on the day of treatment, the make-up wait (the clinic's value), one warning sign."""
    hours = content.settings.values["makeup_hours"]
    for lang in content.languages.values():
        checks = {s.id: s for s in lang.slides if isinstance(s, CheckSlide)}
        assert {"check-sun", "check-makeup", "check-call"} <= set(checks)
        makeup = checks["check-makeup"]
        assert hours in makeup.answers[makeup.right_index].text
        sign = checks["check-call"].answers[checks["check-call"].right_index].text
        assert AND[lang.code] not in sign  # one single sign
        assert OR[lang.code] not in sign


def all_text(content: Content, code: str) -> str:
    return "\n".join(_slide_text(s) for s in content.languages[code].slides)


def test_one_redness_timeline_everywhere(content: Content) -> None:
    for code, day2, day7 in (("en", "day 2", "day 7"), ("es", "día 2", "día 7")):
        text = all_text(content, code)
        assert not re.search(r"\b(about 5 days|a week|unos 5 días|una semana)\b", text), code
        slides = {s.id: _slide_text(s) for s in content.languages[code].slides}
        for sid in ("how-long-it-lasts", "signs-getting-worse"):
            assert day2 in slides[sid], (code, sid)
            assert day7 in slides[sid], (code, sid)


def test_emergency_names_the_signs_and_the_number(content: Content) -> None:
    number = content.settings.emergency_number
    assert number == "911"
    expected = {"en": f"Call {number}", "es": f"Llame al {number}"}
    for code in ("en", "es"):
        slides = {s.id: _slide_text(s) for s in content.languages[code].slides}
        assert expected[code] in slides["emergency"]
        assert expected[code] in slides["five-things"]  # and in the recap
        assert not re.search(r"local emergency|número local", all_text(content, code))


def test_words_the_review_asked_for(content: Content) -> None:
    en, es = all_text(content, "en"), all_text(content, "es")
    assert not re.search(r"fibroblast", en + es, re.IGNORECASE)
    assert "through the top layer" in en
    for phrase in (
        "microneedling",
        "el enrojecimiento",
        "la hinchazón",
        "deje de usar",
        "sérums con vitamina C",
        "toallas ni paños",
        "fuegos o calenturas (herpes labial)",
        "medicina para adelgazar la sangre (anticoagulante), como warfarina o aspirina",
    ):
        assert phrase.lower() in es.lower(), phrase
    assert not re.search(r"\blo (rojo|hinchado)\b|toallitas", es, re.IGNORECASE)
    assert content.languages["es"].strings.text_size == "Tamaño de letra"


CLINIC_VALUES = (
    "numbing_minutes",
    "makeup_hours",
    "product_pause_days",
    "sessions",
    "session_spacing_weeks",
    "pre_pause_days",
    "downtime_days",
    "sun_days",
    "sunscreen_day",
    "no_treatments_days",
)


def test_clinic_numbers_come_from_settings(content: Content) -> None:
    """Numbing time, make-up wait, product pause, sessions and spacing are settings."""
    assert set(CLINIC_VALUES) <= set(content.settings.values)
    for code in content.languages:
        raw = "".join(p.read_text() for p in (SHIPPED / code).glob("*.yaml"))
        for key in (*CLINIC_VALUES, "clinic_phone", "emergency_number", "after_hours"):
            assert "{" + key + "}" in raw, (code, key)


def test_sections_list_their_sources(content: Content) -> None:
    for lang in content.languages.values():
        assert all(section.sources for section in lang.sections)


def test_review_is_recorded(content: Content) -> None:
    assert content.settings.reviewed_by
    assert content.settings.reviewed_on is not None


def test_welcome_shows_the_example_mark_from_the_flag(content: Content) -> None:
    assert content.settings.clinic_title == "Maple Street Skin Clinic (example)"
    real = dataclasses.replace(
        content, settings=dataclasses.replace(content.settings, example=False)
    )
    assert real.settings.clinic_title == "Maple Street Skin Clinic"


# Values a patient must act on ("stay out of the sun for N days"): one number each, because
# "for 3–7 days" leaves the patient to guess which. Ranges are fine for what to expect.
INSTRUCTION_VALUES = (
    "makeup_hours",
    "product_pause_days",
    "pre_pause_days",
    "sun_days",
    "sunscreen_day",
    "no_treatments_days",
    "workout_pause_days",
)


def test_instructions_use_one_number_not_a_range(content: Content) -> None:
    for key in INSTRUCTION_VALUES:
        assert re.fullmatch(r"\d+", content.settings.values[key]), key


DAY_ONE = {"en": "Day 1 is your treatment day.", "es": "El día 1 es el del tratamiento."}


def test_day_numbers_are_explained_where_the_take_home_page_first_uses_them(
    content: Content,
) -> None:
    """The page starts with the urgent card, so "worse after day 2" comes before the slide
    that says which day is day 1; the first slide with a day number must say it itself."""
    from kiosk.core.handout.site import handout_sections

    for code, day in (("en", r"\bday \d"), ("es", r"\bdía \d")):
        slides = [s for sec in handout_sections(content.language(code)) for s in sec.slides]
        first = next(s for s in slides if re.search(day, _slide_text(s)))
        assert DAY_ONE[code] in _slide_text(first), (code, first.id)
        for sid in ("how-long-it-lasts", "protect-from-sun", "signs-getting-worse"):
            slide = next(s for s in content.languages[code].slides if s.id == sid)
            assert DAY_ONE[code] in _slide_text(slide), (code, sid)


def test_spanish_sunscreen_slide_names_the_words_on_a_us_label(content: Content) -> None:
    """US sunscreen labels are in English: the Spanish slide says what to look for there."""
    slide = next(s for s in content.languages["es"].slides if s.id == "pick-sunscreen")
    assert "Broad Spectrum" in _slide_text(slide)
    assert "SPF" in _slide_text(slide)


def test_tell_us_list_includes_medicines_that_weaken_the_immune_system(content: Content) -> None:
    for code, word in (("en", "medicine"), ("es", "medicina")):
        slide = next(s for s in content.languages[code].slides if s.id == "tell-health")
        assert word in _slide_text(slide), code


def test_each_when_to_call_sign_from_the_facts_is_on_a_slide(content: Content) -> None:
    """The full call list of content-facts.md, in both languages."""
    signs = {
        "en": (
            "fever",
            "chills",
            "pus",
            "yellow crusts",
            "spreads",
            "hot",
            "red streaks",
            "after day 2",
            "after day 7",
            "very bad",
            "blisters",
            "rash",
            "hives",
            "cold sore",
            "dark or light patches",
            "itchy bumps",
            "scar",
        ),
        "es": (
            "fiebre",
            "escalofríos",
            "pus",
            "costras amarillas",
            "se extiende",
            "caliente",
            "rayas rojas",
            "después del día 2",
            "después del día 7",
            "muy fuerte",
            "ampollas",
            "sarpullido",
            "ronchas",
            "fuegos",
            "oscuras o claras",
            "que pican",
            "cicatriz",
        ),
    }
    for code, words in signs.items():
        section = next(s for s in content.languages[code].sections if s.id == "when-to-call")
        text = " ".join(_slide_text(s) for s in section.slides if isinstance(s, InfoSlide))
        for word in words:
            assert word in text, (code, word)
