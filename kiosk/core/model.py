"""The content as plain, immutable dataclasses. Built only by `kiosk.core.loader`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.look import HIGH_CONTRAST, TEXT_SCALES, Strings, Theme
from kiosk.core.markdown import Block

__all__ = [  # Theme, Strings and their constants live in kiosk.core.look (the first frame's)
    "HIGH_CONTRAST",
    "TEXT_SCALES",
    "Answer",
    "CheckSlide",
    "Content",
    "IdleSettings",
    "Illustration",
    "InfoSlide",
    "Language",
    "Section",
    "Settings",
    "Slide",
    "Strings",
    "Theme",
]


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
    reviewed_fingerprint: str = ""  # kiosk.core.signoff: what the reviewer signed off
    reviewed_slides: frozenset[str] = frozenset()
    emergency_number: str = ""  # shown as "Call 911", never "your local emergency number"
    after_hours_phone: str = ""
    after_hours: dict[str, str] = field(default_factory=dict)  # language code -> what to do
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
