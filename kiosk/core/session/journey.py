"""Where the patient is in the course. All navigation rules live here, not in Qt slots.

Every move returns what happened (a `Step`), and `reset(reason)` returns how the patient's
session ended, so the screens and the usage log react to events instead of guessing them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from kiosk.core.content.model import TEXT_SCALES, CheckSlide, Content, Language, Section, Slide
from kiosk.core.session.swipe import Swipe


class Screen(Enum):
    WELCOME = "welcome"
    OVERVIEW = "overview"
    SLIDE = "slide"
    QR = "qr"
    THANKS = "thanks"


class Move(Enum):
    STAYED = "stayed"  # nothing changed (Back on Welcome, a section that does not exist)
    FORWARD = "forward"  # Next, or a swipe to the left
    BACK = "back"  # Back, or a swipe to the right
    JUMPED = "jumped"  # Start, a section, Topics, Done: no direction to slide in


class Ending(Enum):
    """How a patient's session ended; the values are the usage log's words."""

    FINISHED = "finished"  # reset from the QR or thanks screen: they reached the end
    IDLE_RESET = "idle_reset"  # reset from anywhere else (nobody there, or an error)
    LEFT_EARLY = "left_early"  # Back from the overview to Welcome, by the patient


class Reason(Enum):
    """Why the kiosk starts over."""

    IDLE = "idle"  # the "Still there?" countdown ran out, or the thanks screen timed out
    FINISHED = "finished"  # the patient tapped the thanks screen
    ERROR = "error"  # an unexpected error: back to Welcome (kiosk.ui.launch.CrashHandler)
    CONTENT_SWAP = "content_swap"  # new content went live
    STAFF = "staff"  # staff opened the studio from the staff panel


@dataclass(frozen=True)
class Step:
    """What a move did."""

    move: Move
    started: bool = False  # it left Welcome: a patient's session began
    ended: Ending | None = None  # it went back to Welcome: the session ended
    section_done: int | None = None  # the last slide of a topic opened from Topics was read

    @property
    def direction(self) -> int:
        """For the slide transition: +1 forward, -1 back, 0 none."""
        return {Move.FORWARD: 1, Move.BACK: -1}.get(self.move, 0)


class Marked(Enum):
    """What "Ask about this" did."""

    MARKED = "marked"
    UNMARKED = "unmarked"  # a second tap takes the mark back
    IGNORED = "ignored"  # not on a slide, or the list is full


MAX_MARKS = 5  # what the QR screen lists and the take-home link carries


class Control(Enum):
    """An accessibility control a patient used (counted once per session)."""

    TEXT_SIZE = "text_size"
    HIGH_CONTRAST = "high_contrast"
    READ_ALOUD = "read_aloud"
    LANGUAGE = "language"


class Answered(Enum):
    RIGHT = "right"
    WRONG = "wrong"
    IGNORED = "ignored"  # not a question, or not one of its answers


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
        self.in_session = False  # a patient left Welcome and has not been reset since
        self.seen: set[str] = set()  # ids of the slides shown this session (Topics' marks)
        self.whole_course = True  # "Start from the beginning" runs on; a topic returns to Topics
        self.return_to: tuple[Screen, int] | None = None  # where "Take it home" was tapped
        self.marks: list[str] = []  # slides the patient wants to ask about, in the order marked

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
            and not self.marks
            and self.text_step == settings.text_step
            and self.high_contrast == settings.high_contrast
            and not self.read_aloud
        )

    def section_start(self, section_index: int) -> int:
        sections = self.language.sections
        return sum(len(s.slides) for s in sections[:section_index])

    # -- moves ------------------------------------------------------------------------------
    def set_text_step(self, step: int) -> bool:
        """One of the text-size control's steps, chosen directly; False when it is no step."""
        if not 0 <= step < len(TEXT_SCALES) or step == self.text_step:
            return False
        self.text_step = step
        return True

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

    def _go(self, screen: Screen, index: int, move: Move) -> Step:
        if (screen, index) == (self.screen, self.index):
            return Step(Move.STAYED)
        self.screen, self.index = screen, index
        if screen is Screen.SLIDE:
            self.seen.add(self.place.slide.id)
        started = ended = None
        if screen is not Screen.WELCOME and not self.in_session:
            self.in_session = started = True
        elif screen is Screen.WELCOME and self.in_session:
            self.in_session, ended = False, Ending.LEFT_EARLY
        return Step(move, bool(started), ended)

    def start(self) -> Step:
        return self._go(Screen.OVERVIEW, self.index, Move.JUMPED)

    def open_section(self, section_index: int) -> Step:
        if not 0 <= section_index < len(self.language.sections):
            return Step(Move.STAYED)
        self.whole_course = False
        return self._go(Screen.SLIDE, self.section_start(section_index), Move.JUMPED)

    def begin(self) -> Step:
        step = self.open_section(0)
        self.whole_course = True
        return step

    def next(self) -> Step:
        done = self._section_finished()
        if done is not None:
            return replace(self._go(Screen.OVERVIEW, self.index, Move.JUMPED), section_done=done)
        if self.screen is Screen.SLIDE and self.index + 1 < len(self.slides):
            return self._go(Screen.SLIDE, self.index + 1, Move.FORWARD)
        following = {Screen.SLIDE: Screen.QR, Screen.QR: Screen.THANKS}
        if self.screen is Screen.OVERVIEW:
            return self.begin()
        if self.screen in following:
            return self._go(following[self.screen], self.index, Move.FORWARD)
        return Step(Move.STAYED)

    def back(self) -> Step:
        if self.screen is Screen.SLIDE and self.index > 0:
            return self._go(Screen.SLIDE, self.index - 1, Move.BACK)
        if self.screen is Screen.SLIDE:
            return self._go(Screen.OVERVIEW, self.index, Move.BACK)
        if self.screen is Screen.QR and self.return_to is not None:
            (screen, index), self.return_to = self.return_to, None
            return self._go(screen, index, Move.BACK)
        if self.screen is Screen.QR:
            return self._go(Screen.SLIDE, len(self.slides) - 1, Move.BACK)
        if self.screen is Screen.OVERVIEW:
            return self._go(Screen.WELCOME, self.index, Move.BACK)
        return Step(Move.STAYED)

    def home(self) -> Step:
        if self.screen is Screen.WELCOME:
            return Step(Move.STAYED)
        return self._go(Screen.OVERVIEW, self.index, Move.JUMPED)

    def finish(self) -> Step:
        self.return_to = None
        return self._go(Screen.THANKS, self.index, Move.JUMPED)

    # -- take it home, and the topics already read (additive: issue 17) ----------------------
    def take_home(self) -> Step:
        """The QR screen from any screen after Welcome; Back on it returns here."""
        if self.screen in (Screen.WELCOME, Screen.QR):
            return Step(Move.STAYED)
        self.return_to = (self.screen, self.index)
        return self._go(Screen.QR, self.index, Move.JUMPED)

    def _section_finished(self) -> int | None:
        """The topic whose last slide is showing, when the patient came to it from Topics."""
        if self.screen is not Screen.SLIDE or self.whole_course:
            return None
        place = self.place
        number = self.language.sections.index(place.section)
        last = self.section_start(number) + len(place.section.slides) - 1
        return number if self.index == last else None

    def section_seen(self, section_index: int) -> bool:
        """Every slide of the topic was shown this session (in any language)."""
        sections = self.language.sections
        if not 0 <= section_index < len(sections):
            return False
        return all(slide.id in self.seen for slide in sections[section_index].slides)

    def next_unread_section(self) -> int | None:
        """The topic to offer next: the first unread one after the current place, wrapping
        round; None when every topic was read."""
        sections = self.language.sections
        here = self.language.sections.index(self.place.section) if self.seen else 0
        order = list(range(here, len(sections))) + list(range(here))
        return next((i for i in order if not self.section_seen(i)), None)

    def swipe(self, direction: Swipe, covered: bool) -> Step:
        """A one-finger swipe turns slides only, and not under an overlay or the staff screens:
        to the left is Next, to the right is Back."""
        if self.screen is not Screen.SLIDE or covered:
            return Step(Move.STAYED)
        return self.next() if direction is Swipe.LEFT else self.back()

    def answer(self, choice: int) -> Answered:
        slide = self.place.slide
        if self.screen is not Screen.SLIDE or not isinstance(slide, CheckSlide):
            return Answered.IGNORED
        if not 0 <= choice < len(slide.answers):
            return Answered.IGNORED
        self.answers[slide.id] = choice
        return Answered.RIGHT if slide.answers[choice].correct else Answered.WRONG

    def toggle_mark(self) -> Marked:
        """ "Ask about this" on the current slide: mark it, or take the mark back."""
        if self.screen is not Screen.SLIDE:
            return Marked.IGNORED
        slide_id = self.place.slide.id
        if slide_id in self.marks:
            self.marks.remove(slide_id)
            return Marked.UNMARKED
        if len(self.marks) >= MAX_MARKS:
            return Marked.IGNORED
        self.marks.append(slide_id)
        return Marked.MARKED

    def is_marked(self, slide_id: str) -> bool:
        return slide_id in self.marks

    @property
    def marked_slides(self) -> tuple[Slide, ...]:
        """The marked slides in the current language, in the order they were marked."""
        by_id = {s.id: s for s in self.slides}
        return tuple(by_id[i] for i in self.marks if i in by_id)

    @property
    def missed(self) -> tuple[str, ...]:
        """The check questions last answered wrong, in course order."""
        return tuple(
            s.id
            for s in self.slides
            if isinstance(s, CheckSlide)
            and s.id in self.answers
            and not s.answers[self.answers[s.id]].correct
        )

    def may_swap_content(self, covered: bool) -> bool:
        """New content goes live only between patients: an untouched Welcome, nothing over it."""
        return self.is_pristine and not covered

    def chosen(self, slide_id: str) -> int | None:
        return self.answers.get(slide_id)

    def replace_content(self, content: Content) -> Ending | None:
        """New content always starts a fresh session: positions in the old deck mean nothing."""
        self.content = content
        return self.reset(Reason.CONTENT_SWAP)

    def reset(self, reason: Reason) -> Ending | None:
        """Back to the start for the next patient: language, position, answers, marks, and the
        accessibility choices (the clinic's defaults again). Returns how the session ended
        (None when none was open): finished if they had reached the QR or thanks screen."""
        ending = None
        if self.in_session:
            at_end = self.screen in (Screen.QR, Screen.THANKS) or reason is Reason.FINISHED
            ending = Ending.FINISHED if at_end else Ending.IDLE_RESET
        settings = self.content.settings
        self.lang = settings.default_language
        self.screen = Screen.WELCOME
        self.index = 0
        self.answers.clear()
        self.marks.clear()
        self.text_step = settings.text_step
        self.high_contrast = settings.high_contrast
        self.read_aloud = False
        self.in_session = False
        self.seen.clear()
        self.whole_course = True
        self.return_to = None
        return ending
