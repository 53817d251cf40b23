"""From the app's events to anonymous counts, Qt-free: when a session starts and how it ended."""

from __future__ import annotations

import time
from collections.abc import Callable

from kiosk.core.model import Content
from kiosk.core.usage import UsageLog


class UsageRecorder:
    """Turns the app's events (screen changes, slides shown, resets) into UsageLog calls.

    The rules, Qt-free: a session starts when the patient leaves the welcome screen; a slide
    is timed from when it is shown until another slide or screen replaces it. A session ends
    - finished: reset from the QR or thanks screen (the patient reached the end of the course);
    - idle_reset: reset from anywhere else (the idle countdown ran out);
    - left_early: the patient went back to the welcome screen themselves.
    A reset shows the welcome screen just before it reports the reset, so a change from the
    overview to the welcome screen ends the session only when no idle warning came just before.
    """

    def __init__(
        self,
        log: UsageLog,
        content: Content,
        language: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.log = log
        self.clock = clock
        self.open = False
        self.use_content(content)
        self.language = language or self.default_language
        self.screen = "welcome"
        self.before = "welcome"  # the screen before the current one
        self.warned = False
        self.slide: tuple[str, float] | None = None

    def use_content(self, content: Content) -> None:
        """New content went live (the app swaps it in only between patients)."""
        self.version = content.checksum
        self.default_language = content.settings.default_language
        self.section_of = {
            slide.id: section.id
            for lang in content.languages.values()
            for section in lang.sections
            for slide in section.slides
        }
        if not self.open:
            self.language = self.default_language

    def screen_changed(self, screen: str) -> None:
        self.before, self.screen = self.screen, screen
        warned, self.warned = self.warned, False
        if screen != "slide":
            self._leave_slide()
        if screen == "welcome":
            if self.open and not warned and self.before == "overview":
                self._end("left_early")  # the overview's back button; a reset comes from anywhere
            return
        self._ensure_open()
        if screen == "qr":
            self.log.qr_shown()

    def slide_shown(self, slide_id: str) -> None:
        if self.slide is not None and self.slide[0] == slide_id:
            return  # the same slide drawn again (resize, language)
        self._leave_slide()
        self._ensure_open()
        self.warned = False
        self.slide = (slide_id, self.clock())

    def answer_given(self, question_id: str, correct: bool) -> None:
        self.warned = False
        if self.open:
            self.log.answered(question_id, correct)

    def language_changed(self, code: str) -> None:
        self.language = code
        if self.open:
            self.log.language_changed(code)

    def accessibility_used(self, control: str) -> None:
        if self.open:
            self.log.accessibility_used(control)

    def idle_warned(self) -> None:
        self.warned = True

    def session_reset(self) -> None:
        self._leave_slide()
        if self.open:
            ended_at_end = self.screen in ("qr", "thanks") or (
                self.screen == "welcome" and self.before in ("qr", "thanks")
            )
            self._end("finished" if ended_at_end else "idle_reset")
        self.language = self.default_language
        self.warned = False

    def _ensure_open(self) -> None:
        if not self.open:
            self.open = True
            self.log.session_started(self.language, self.version)

    def _leave_slide(self) -> None:
        if self.slide is not None:
            slide_id, shown_at = self.slide
            self.slide = None
            self.log.slide_viewed(
                slide_id, self.section_of.get(slide_id, ""), self.clock() - shown_at
            )

    def _end(self, how: str) -> None:
        self.open = False
        self.log.session_ended(how)
