"""From the kiosk's session events to anonymous counts, Qt-free: a plain mapping.

The journey decides when a session starts and how it ends (kiosk.core.session.journey); this only
writes what it is told, and times each slide from when it is shown until another slide or
screen replaces it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from kiosk.core.content.model import Content
from kiosk.core.session.journey import Control, Ending, Screen
from kiosk.core.usage.log import UsageLog


class UsageRecorder:
    """KioskApp's events -> UsageLog calls. Counts only inside a session."""

    def __init__(
        self, log: UsageLog, content: Content, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.log = log
        self.clock = clock
        self.open = False
        self.slide: tuple[str, float] | None = None
        self.use_content(content)

    def use_content(self, content: Content) -> None:
        """New content went live (the app swaps it in only between patients)."""
        self.version = content.checksum
        self.section_of = {
            slide.id: section.id
            for lang in content.languages.values()
            for section in lang.sections
            for slide in section.slides
        }

    def session_started(self, language: str) -> None:
        self.open = True
        self.log.session_started(language, self.version)

    def session_ended(self, ending: Ending) -> None:
        self._leave_slide()
        if self.open:
            self.open = False
            self.log.session_ended(ending.value)

    def screen_shown(self, screen: Screen) -> None:
        if screen is not Screen.SLIDE:
            self._leave_slide()
        if screen is Screen.QR and self.open:
            self.log.qr_shown()

    def slide_shown(self, slide_id: str) -> None:
        if self.slide is not None and self.slide[0] == slide_id:
            return  # the same slide drawn again (resize, language)
        self._leave_slide()
        if self.open:
            self.slide = (slide_id, self.clock())

    def answered(self, question_id: str, correct: bool) -> None:
        if self.open:
            self.log.answered(question_id, correct)

    def language_changed(self, code: str) -> None:
        if self.open:
            self.log.language_changed(code)

    def take_home_printed(self) -> None:
        self.log.take_home_printed()

    def accessibility_used(self, control: Control) -> None:
        if self.open:
            self.log.accessibility_used(control.value)

    def _leave_slide(self) -> None:
        if self.slide is not None:
            slide_id, shown_at = self.slide
            self.slide = None
            self.log.slide_viewed(
                slide_id, self.section_of.get(slide_id, ""), self.clock() - shown_at
            )
