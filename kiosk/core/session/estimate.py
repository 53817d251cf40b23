"""How long the course and each topic take, computed from the words, never written by hand.

Patients in a waiting room read slowly and look at the pictures: 150 words a minute (well
under the 200-250 of practised adult readers) and a few seconds per screen for the picture
and the tap. The welcome's "about N minutes" and the Topics tiles' lengths come from here.
"""

from __future__ import annotations

import math

from kiosk.core.content.model import CheckSlide, Language, Section, Slide
from kiosk.core.content.placeholders import substitute

WORDS_PER_MINUTE = 150
SECONDS_PER_SCREEN = 5


def words(slide: Slide) -> int:
    """The words a patient reads on a slide: a question, its answers and one explanation."""
    if isinstance(slide, CheckSlide):
        answers = " ".join(a.text for a in slide.answers)
        longest = max((a.feedback for a in slide.answers), key=len, default="")
        text = f"{slide.question} {answers} {longest}"
    else:
        text = f"{slide.title} {slide.body}"
    return len(text.split())


def seconds(slides: tuple[Slide, ...]) -> float:
    return sum(words(s) * 60 / WORDS_PER_MINUTE + SECONDS_PER_SCREEN for s in slides)


def minutes(slides: tuple[Slide, ...]) -> int:
    """Whole minutes, rounded up, at least 1: an estimate should not promise too little."""
    return max(1, math.ceil(seconds(slides) / 60))


def section_minutes(section: Section) -> int:
    return minutes(section.slides)


def course_minutes(language: Language) -> int:
    return minutes(language.slides)


def welcome_subtitle(language: Language) -> str:
    """The welcome's line with the course's own length in it ("about 15 minutes")."""
    return substitute(language.strings.welcome_subtitle, {"minutes": course_minutes(language)})
