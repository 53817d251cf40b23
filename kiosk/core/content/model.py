"""The content as plain, immutable dataclasses. Built only by `kiosk.core.content.loader`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path

from kiosk.core.content.markdown import Block


@dataclass(frozen=True)
class Strings:
    """Words on buttons and fixed screens. Every language file can translate each one."""

    welcome_title: str = "Learn about your microneedling visit"
    welcome_subtitle: str = "It takes about {minutes} minutes. Tap Start to begin."
    start: str = "Start"
    overview_title: str = "What would you like to learn about?"
    start_from_beginning: str = "Start from the beginning"
    next: str = "Next"
    back: str = "Back"
    home: str = "Topics"
    progress: str = "{n} of {total}"
    check_label: str = "Quick question"
    right_answer: str = "That's right!"
    not_quite: str = "Not quite."
    qr_title: str = "Take the instructions home"
    qr_instruction: str = "Point your phone's camera at the code."
    qr_done: str = "I'm done"
    qr_gives: str = "You get these instructions on your phone. It is free. You need no app."
    qr_privacy: str = "Nothing about you is in the code."
    qr_no_phone: str = "No phone? Ask at the desk for a printed copy, or call {phone}."
    take_home: str = "Take it home"
    section_length: str = "{screens} screens · about {minutes} minutes"
    section_length_one_minute: str = "{screens} screens · about 1 minute"
    section_seen: str = "Seen"
    thanks_call: str = "Questions later? Call us at {phone}."
    show_code_again: str = "Show the code again"
    thanks_countdown: str = "Starting over in {seconds} seconds"
    more_below: str = "More below"
    your_answer: str = "Your answer"
    correct_answer: str = "Right answer"
    urgent_label: str = "Call us"
    emergency_label: str = "Emergency"
    thanks_title: str = "Thank you!"
    thanks_body: str = "Your care team will see you soon. Please ask them any questions."
    still_there_title: str = "Still there?"
    still_there_body: str = "This screen will start over in {seconds} seconds."
    still_there_continue: str = "Yes, continue"
    choose_language: str = "Language"
    text_size: str = "Text size"
    text_size_help: str = "Make the words bigger"
    contrast: str = "Contrast"
    contrast_help: str = "Light text on a dark screen"
    read_aloud: str = "Read aloud"
    read_aloud_help: str = "Hear this screen spoken"
    stop_reading: str = "Stop reading"
    language_help: str = "Show this in another language"
    ask_about_this: str = "Ask about this"
    asked_about_this: str = "I'll ask about this"
    your_questions: str = "Your questions for your visit:"
    print_copy: str = "Print a copy"
    printing: str = "Printing…"
    printed: str = "Sent to the printer"

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


@dataclass(frozen=True)
class ChecklistDay:
    """One row of the printed day-by-day checklist: when, and what to do (values filled in)."""

    when: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class PageWords:
    """The fixed words of the take-home page and printout (`page:` in language.yaml). Every
    language must give every one (the loader says which are missing): no English fallback."""

    heading: str = ""
    intro: str = ""
    call_prompt: str = ""
    call: str = ""  # {number}
    after_hours: str = ""  # {number}
    emergency: str = ""  # {number}
    next_session: str = ""
    next_session_intro: str = ""  # {sessions}, {session_spacing_weeks}
    next_session_plain: str = ""  # when the clinic has not set the sessions or the spacing
    sources: str = ""
    reviewed_by_on: str = ""  # {by}, {date}
    reviewed_on: str = ""  # {date}
    reviewed_by: str = ""  # {by}
    example: str = ""
    choose_language: str = ""
    other_languages: str = ""
    contents: str = ""
    print_pdf: str = ""
    stopped_at: str = ""
    missed_points: str = ""
    your_questions: str = ""
    your_questions_intro: str = ""
    right_answer: str = ""  # {answer}
    date: str = ""  # {day}, {month}, {year}
    months: tuple[str, ...] = ()
    checklist: str = ""  # the printed checklist's heading
    checklist_intro: str = ""
    treatment_date: str = ""  # a line to write the date on
    clinic_hours: str = ""  # a line to write the clinic's hours on
    days: tuple[ChecklistDay, ...] = ()

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


@dataclass(frozen=True)
class Theme:
    background: str = "#F6F3EE"
    surface: str = "#FFFFFF"
    text: str = "#1C1B1F"
    muted_text: str = "#3D3A40"
    accent: str = "#0B4F5C"
    accent_text: str = "#FFFFFF"
    right: str = "#1E5631"
    wrong: str = "#7A3E00"

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


# For patients who ask for it: at least 7:1 for every text colour (tests/test_accessibility.py).
HIGH_CONTRAST = Theme(
    background="#000000",
    surface="#000000",
    text="#FFFFFF",
    muted_text="#E6E6E6",
    accent="#FFD23F",
    accent_text="#000000",
    right="#7CF08A",
    wrong="#FFB46B",
)
TEXT_SCALES = (1.0, 1.5, 2.0)  # the text-size steps: the largest is 200% (WCAG 1.4.4)


@dataclass(frozen=True)
class Illustration:
    path: Path  # absolute, checked to lie inside the content folder
    alt: str


@dataclass(frozen=True)
class InfoSlide:
    id: str
    title: str
    body: str
    blocks: tuple[Block, ...]
    illustration: Illustration | None = None
    notes: str = ""


@dataclass(frozen=True)
class Answer:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class CheckSlide:
    id: str
    title: str
    question: str
    answers: tuple[Answer, ...]
    illustration: Illustration | None = None
    notes: str = ""
    teaches: str = ""  # the info slide that teaches the answer (the take-home's missed points)

    @property
    def right_index(self) -> int:
        return next(i for i, a in enumerate(self.answers) if a.correct)


Slide = InfoSlide | CheckSlide


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    summary: str
    slides: tuple[Slide, ...]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's own name, e.g. "Español"
    strings: Strings
    sections: tuple[Section, ...]
    page: PageWords = PageWords()  # the loader refuses content without them

    @property
    def slides(self) -> tuple[Slide, ...]:
        return tuple(s for sec in self.sections for s in sec.slides)


@dataclass(frozen=True)
class IdleSettings:
    timeout_seconds: float = 90.0
    countdown_seconds: float = 15.0
    thanks_seconds: float = 20.0


@dataclass(frozen=True)
class Settings:
    clinic_name: str
    clinic_phone: str
    handout_url: str
    languages: tuple[str, ...]
    idle: IdleSettings = IdleSettings()
    theme: Theme = field(default_factory=Theme)
    values: dict[str, str] = field(default_factory=dict)
    reviewed_by: str = ""
    reviewed_on: dt.date | None = None
    reviewed_fingerprint: str = ""  # kiosk.core.content.signoff: what the reviewer signed off
    reviewed_slides: frozenset[str] = frozenset()
    emergency_number: str = ""  # shown as "Call 911", never "your local emergency number"
    after_hours_phone: str = ""
    after_hours: dict[str, str] = field(default_factory=dict)  # language code -> what to do
    clinic_hours: dict[str, str] = field(default_factory=dict)  # language code -> opening hours
    reduced_motion: bool = False
    example: bool = False
    usage_retention_days: int = 365
    text_step: int = 0  # the clinic's default text size: an index into TEXT_SCALES
    high_contrast: bool = False  # the clinic's default theme choice

    @property
    def clinic_title(self) -> str:
        """The name as a heading on the kiosk: marked while the settings are made up. The mark
        comes from the `example` flag, never from the name, so sentences use the plain name."""
        return f"{self.clinic_name} (example)" if self.example else self.clinic_name

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def handout_url_for(self, lang: str) -> str:
        return self.handout_url.replace("{lang}", lang)


@dataclass(frozen=True)
class Content:
    root: Path
    settings: Settings
    languages: dict[str, Language]
    checksum: str  # of every file read, so staff can see which content is live

    def language(self, code: str) -> Language:
        return self.languages.get(code) or self.languages[self.settings.default_language]

    def pictures(self) -> list[Path]:
        """Every picture shown, once: what the render checks draw."""
        slides = [s for lang in self.languages.values() for s in lang.slides]
        return sorted({s.illustration.path for s in slides if s.illustration is not None})
