"""Where the patient is in the course. All navigation rules live here, not in Qt slots."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kiosk.core.model import TEXT_SCALES, Answer, CheckSlide, Content, Language, Section, Slide


class Screen(Enum):
    WELCOME = "welcome"
    OVERVIEW = "overview"
    SLIDE = "slide"
    QR = "qr"
    THANKS = "thanks"


@dataclass(frozen=True)
class Place:
    """The current slide and where it sits, for the progress indicator."""

    slide: Slide
    section: Section
    index: int  # 0-based across the whole course
    total: int


class Journey:
    """One patient's walk through the course; `reset()` forgets everything about them."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.lang = content.settings.default_language
        self.screen = Screen.WELCOME
        self.index = 0
        self.answers: dict[str, int] = {}
        self.text_step = content.settings.text_step
        self.high_contrast = content.settings.high_contrast
        self.read_aloud = False

    # -- state ----------------------------------------------------------------------------
    @property
    def language(self) -> Language:
        return self.content.language(self.lang)

    @property
    def slides(self) -> tuple[Slide, ...]:
        return self.language.slides

    @property
    def place(self) -> Place:
        slides = self.slides
        index = min(self.index, len(slides) - 1)
        seen = 0
        for section in self.language.sections:
            if index < seen + len(section.slides):
                return Place(slides[index], section, index, len(slides))
            seen += len(section.slides)
        raise AssertionError("content has no slides")  # the loader refuses an empty deck

    @property
    def is_pristine(self) -> bool:
        """Nothing a patient did is left: the welcome screen in the default language."""
        settings = self.content.settings
        return (
            self.screen is Screen.WELCOME
            and self.lang == settings.default_language
            and not self.answers
            and self.text_step == settings.text_step
            and self.high_contrast == settings.high_contrast
            and not self.read_aloud
        )

    def section_start(self, section_index: int) -> int:
        sections = self.language.sections
        return sum(len(s.slides) for s in sections[:section_index])

    # -- moves ------------------------------------------------------------------------------
    def bigger_text(self) -> None:
        """Step through the text sizes, back to the smallest after the largest."""
        self.text_step = (self.text_step + 1) % len(TEXT_SCALES)

    @property
    def text_scale(self) -> float:
        return TEXT_SCALES[self.text_step]

    def toggle_contrast(self) -> None:
        self.high_contrast = not self.high_contrast

    def toggle_read_aloud(self) -> None:
        self.read_aloud = not self.read_aloud

    def next_language(self) -> str:
        """The language the language button offers: the one after the current one."""
        codes = list(self.content.languages)
        return codes[(codes.index(self.lang) + 1) % len(codes)] if self.lang in codes else codes[0]

    def set_language(self, code: str) -> bool:
        if code not in self.content.languages or code == self.lang:
            return False
        self.lang = code
        return True

    def start(self) -> None:
        self.screen = Screen.OVERVIEW

    def open_section(self, section_index: int) -> None:
        sections = self.language.sections
        if 0 <= section_index < len(sections):
            self.index = self.section_start(section_index)
            self.screen = Screen.SLIDE

    def begin(self) -> None:
        self.open_section(0)

    def next(self) -> None:
        if self.screen is Screen.SLIDE:
            if self.index + 1 < len(self.slides):
                self.index += 1
            else:
                self.screen = Screen.QR
        elif self.screen is Screen.OVERVIEW:
            self.begin()
        elif self.screen is Screen.QR:
            self.screen = Screen.THANKS

    def back(self) -> None:
        if self.screen is Screen.SLIDE:
            if self.index > 0:
                self.index -= 1
            else:
                self.screen = Screen.OVERVIEW
        elif self.screen is Screen.QR:
            self.index = len(self.slides) - 1
            self.screen = Screen.SLIDE
        elif self.screen is Screen.OVERVIEW:
            self.screen = Screen.WELCOME

    def home(self) -> None:
        if self.screen is not Screen.WELCOME:
            self.screen = Screen.OVERVIEW

    def finish(self) -> None:
        self.screen = Screen.THANKS

    def answer(self, choice: int) -> Answer | None:
        slide = self.place.slide
        if self.screen is not Screen.SLIDE or not isinstance(slide, CheckSlide):
            return None
        if not 0 <= choice < len(slide.answers):
            return None
        self.answers[slide.id] = choice
        return slide.answers[choice]

    def chosen(self, slide_id: str) -> int | None:
        return self.answers.get(slide_id)

    def replace_content(self, content: Content) -> None:
        """New content always starts a fresh session: positions in the old deck mean nothing."""
        self.content = content
        self.reset()

    def reset(self) -> None:
        """Back to the start for the next patient: language, position, answers, and the
        accessibility choices (the clinic's defaults again)."""
        settings = self.content.settings
        self.lang = settings.default_language
        self.screen = Screen.WELCOME
        self.index = 0
        self.answers.clear()
        self.text_step = settings.text_step
        self.high_contrast = settings.high_contrast
        self.read_aloud = False
