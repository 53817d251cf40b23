"""Wiring in one place: builds the journey, the idle rules, the screens, timers and connections."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.core.idle import IdleRules, Phase
from kiosk.core.journey import Journey, Screen
from kiosk.core.model import HIGH_CONTRAST, Content, Theme
from kiosk.core.paths import data_dir
from kiosk.core.spoken import screen_text
from kiosk.core.swipe import Swipe
from kiosk.ui.a11y_bar import A11yBar, Footer
from kiosk.ui.input import InputWatcher
from kiosk.ui.speech import Speaker
from kiosk.ui.still_there import StillThereOverlay
from kiosk.ui.theme import Metrics
from kiosk.ui.welcome import WelcomeScreen
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:  # built after the first frame; imported then too (see build_rest)
    from kiosk.core.metrics import MetricsWriter
    from kiosk.core.usage import UsageLog
    from kiosk.core.usage_recorder import UsageRecorder
    from kiosk.ui.first_frame import FirstFrame
    from kiosk.ui.overview import OverviewScreen
    from kiosk.ui.qr_screen import QrScreen
    from kiosk.ui.reload import ContentReloader
    from kiosk.ui.slide import SlideScreen
    from kiosk.ui.staff_flow import StaffFlow
    from kiosk.ui.thanks import ThanksScreen

log = logging.getLogger("kiosk.app")
IDLE_TICK_MS = 250


class KioskApp(QObject):
    """The running kiosk. Signals are events others (tests, usage log) may listen to."""

    screen_changed = Signal(str)
    slide_shown = Signal(str)
    answer_given = Signal(str, bool)
    language_changed = Signal(str)
    session_reset = Signal()
    idle_warned = Signal()
    content_swapped = Signal(str)
    accessibility_used = Signal(str)  # "text_size", "high_contrast", "read_aloud", "language"

    def __init__(
        self,
        content: Content,
        kiosk_mode: bool = False,
        clock: Callable[[], float] = time.monotonic,
        content_dir: Path | None = None,
        data_folder: Path | None = None,
        usage: UsageLog | None = None,
        speaker: Speaker | None = None,
        stamp: str | None = None,
        size: tuple[int, int] | None = None,
        recheck: bool = False,
        first_frame: FirstFrame | None = None,
    ) -> None:
        super().__init__()
        settings = content.settings
        self.content = content
        self.pending: Content | None = None
        self.clock = clock
        self.journey = Journey(content)
        self.idle = IdleRules(settings.idle, clock)
        # The first frame needs only the welcome screen: everything else is built right
        # after it is painted (build_rest), or at once if something needs it sooner. At
        # start-up that frame may already be on screen (kiosk.ui.first_frame): take it over.
        if first_frame is not None:
            self.window, self.welcome = first_frame.window, first_frame.welcome
        else:
            self.window = KioskWindow(settings.theme, locked=kiosk_mode, size=size)
            self.welcome = WelcomeScreen(
                settings.clinic_title, settings.theme.accent, settings.reduced_motion
            )
            self.window.add_screen(self.welcome)
        self.screens: dict[Screen, QWidget] = {Screen.WELCOME: self.welcome}
        self.footers: dict[Screen, Footer] = {Screen.WELCOME: self.welcome.footer}
        self.bars: dict[Screen, A11yBar] = {}
        self.speaker = speaker or Speaker(None)
        self._look: tuple[Theme, float] | None = None
        self.overlay = StillThereOverlay(self.window)
        self.watcher = InputWatcher(self.window)
        self.data_folder = data_folder or data_dir()
        self.content_dir = content_dir
        self._stamp = stamp  # the folder's fingerprint when `content` was read, if known
        self._recheck = recheck  # `content` is the last good copy of a folder edited since
        self._reloader: ContentReloader | None = None  # made after the first frame
        self._running = False
        self.loaded_at = dt.datetime.now()
        self.usage: UsageLog | None = None
        self.recorder: UsageRecorder | None = None
        self.metrics: MetricsWriter | None = None
        self._rest: dict[str, QObject] | None = None
        self._add_bar(Screen.WELCOME, first_frame.bar if first_frame else None)
        self._connect()
        self.ticker = QTimer(self)
        self.ticker.setInterval(IDLE_TICK_MS)
        self.ticker.timeout.connect(self.check_idle)
        if self.window.painted:
            QTimer.singleShot(0, self.build_rest)
        else:
            self.window.first_painted.connect(lambda: QTimer.singleShot(0, self.build_rest))
        if usage is not None:
            self.attach_usage(usage)
        self.apply_look()
        self.refresh()

    # -- parts built after the first frame ------------------------------------------------------
    def build_rest(self) -> None:
        """Build the other screens and the staff screens (imports included), once."""
        if self._rest is not None:
            return
        from kiosk.ui.overview import OverviewScreen
        from kiosk.ui.qr_screen import QrScreen
        from kiosk.ui.slide import SlideScreen
        from kiosk.ui.staff_flow import StaffFlow
        from kiosk.ui.thanks import ThanksScreen

        reduced = self.content.settings.reduced_motion
        overview, slides = OverviewScreen(), SlideScreen(reduced)
        qr, thanks = QrScreen(), ThanksScreen()
        staff = StaffFlow(self.window, self.data_folder)
        self._rest = {
            "overview": overview,
            "slides": slides,
            "qr": qr,
            "thanks": thanks,
            "staff": staff,
        }
        m = self.window.metrics
        for kind, screen in (
            (Screen.OVERVIEW, overview),
            (Screen.SLIDE, slides),
            (Screen.QR, qr),
            (Screen.THANKS, thanks),
        ):
            self.window.add_screen(screen)
            box = screen.layout()
            if box is not None:
                box.setContentsMargins(m.margin, m.margin, m.margin, m.margin)
            self.screens[kind] = screen
            self.footers[kind] = screen.footer
            self._add_bar(kind)
        self._connect_rest()
        self.on_resized(m)
        _ = self.reloader  # live reload starts watching now (it imports the whole loader)

    @property
    def overview(self) -> OverviewScreen:
        return self._part("overview")  # type: ignore[return-value]

    @property
    def slides(self) -> SlideScreen:
        return self._part("slides")  # type: ignore[return-value]

    @property
    def qr(self) -> QrScreen:
        return self._part("qr")  # type: ignore[return-value]

    @property
    def thanks(self) -> ThanksScreen:
        return self._part("thanks")  # type: ignore[return-value]

    @property
    def staff(self) -> StaffFlow:
        return self._part("staff")  # type: ignore[return-value]

    @property
    def reloader(self) -> ContentReloader | None:
        """Live reload of `content_dir` (None without one); made on first use."""
        if self.content_dir is None:
            return None
        if self._reloader is None:
            from kiosk.ui.reload import ContentReloader

            r = ContentReloader(
                self.content_dir,
                self.content,
                keep_in=self.data_folder,
                parent=self,
                stamp=self._stamp,
            )
            self._reloader = r
            r.content_loaded.connect(self.offer_content)
            r.content_rejected.connect(lambda _: self._refresh_open_panel())
            r.prune({self.content.root})  # versions left from earlier starts and edits
            if self._running:
                r.start()
            if self._recheck:
                r.reload_now()
        return self._reloader

    @property
    def built(self) -> bool:
        return self._rest is not None

    def _part(self, name: str) -> QObject:
        self.build_rest()
        assert self._rest is not None
        return self._rest[name]

    def _add_bar(self, kind: Screen, bar: A11yBar | None = None) -> None:
        if bar is None:
            bar = A11yBar()
            self.footers[kind].set_bar(bar)
        self.bars[kind] = bar
        bar.text_size_requested.connect(lambda: self.adjust(self.journey.bigger_text, "text_size"))
        bar.contrast_requested.connect(
            lambda: self.adjust(self.journey.toggle_contrast, "high_contrast")
        )
        bar.read_aloud_requested.connect(self.toggle_read_aloud)
        bar.language_requested.connect(self.next_language)

    def attach_usage(self, usage: UsageLog) -> None:
        """Start counting (anonymously). Separate, so the log can open after the first frame."""
        from kiosk.core.usage_recorder import UsageRecorder

        self.usage = usage
        r = UsageRecorder(usage, self.content, self.journey.lang, clock=self.clock)
        self.recorder = r  # kept on self: PySide holds plain objects' methods weakly
        self.screen_changed.connect(r.screen_changed)
        self.slide_shown.connect(r.slide_shown)
        self.answer_given.connect(r.answer_given)
        self.language_changed.connect(r.language_changed)
        self.idle_warned.connect(r.idle_warned)
        self.session_reset.connect(r.session_reset)
        self.content_swapped.connect(lambda _: r.use_content(self.content))
        self.accessibility_used.connect(r.accessibility_used)

    def attach_metrics(self) -> MetricsWriter | None:
        """Counts and health for Prometheus (docs/fleet.md), read from the usage database: the
        writer's own thread writes the file every minute; here it is poked at each reset."""
        from kiosk.core.fleet import Fleet, refusal_line
        from kiosk.core.metrics import MetricsWriter, metrics_folder

        if self.usage is None or self.metrics is not None:
            return self.metrics
        fleet, data = Fleet(self.data_folder), self.data_folder
        w = MetricsWriter(
            metrics_folder(data),
            self.usage.path,
            self.usage.flush,
            update_refused=lambda: bool(refusal_line(data)),
            load_ok=lambda: not any(p.is_error for p in getattr(self._reloader, "problems", [])),
        )
        self.metrics = w
        w.content_loaded(self.content.checksum, fleet.current_tag())
        self.session_reset.connect(w.poke)  # after the recorder: the session's end is queued
        self.content_swapped.connect(lambda version: w.content_loaded(version, fleet.current_tag()))
        if self.reloader is not None:
            self.reloader.content_rejected.connect(lambda _: w.content_rejected())
        return w

    def attach_speaker(self, speaker: Speaker) -> None:
        self.speaker = speaker
        self.refresh()

    def offer_content(self, content: Content) -> None:
        """New, checked content: swap it in now if nobody is using the kiosk, else at reset."""
        self.pending = content
        if self.journey.is_pristine and not self.overlay.isVisible():
            self._swap_pending()

    def _swap_pending(self) -> None:
        content, self.pending = self.pending, None
        if content is None:
            return
        settings = content.settings
        self.content = content
        self.journey.replace_content(content)
        self.apply_look()  # restyles the window only if the theme or text size changed
        self.idle.settings = settings.idle
        self.welcome.set_clinic(settings.clinic_title, self.window.theme.accent)
        self.welcome.motion = not settings.reduced_motion
        if self.built:
            self.slides.animate = not settings.reduced_motion
        self.loaded_at = dt.datetime.now()
        if self.reloader is not None:  # older versions are no longer shown or waited for
            self.reloader.prune({content.root} | ({self.pending.root} if self.pending else set()))
        self.refresh()
        self._refresh_open_panel()
        self.content_swapped.emit(content.checksum)

    def _connect(self) -> None:
        j = self.journey
        self.welcome.start_requested.connect(lambda: self.move(j.start))
        self.welcome.language_chosen.connect(self.choose_language)
        self.overlay.continue_requested.connect(self.keep_going)
        self.watcher.activity_seen.connect(self.on_activity)
        self.watcher.swiped.connect(self.on_swipe)
        self.watcher.staff_gesture_held.connect(lambda: self.staff.gesture_held())
        self.window.resized.connect(self.on_resized)

    def _connect_rest(self) -> None:
        j = self.journey
        self.overview.section_chosen.connect(lambda i: self.move(lambda: j.open_section(i)))
        self.overview.begin_requested.connect(lambda: self.move(j.begin))
        self.overview.back_requested.connect(lambda: self.move(j.back, -1))
        self.slides.next_requested.connect(lambda: self.move(j.next, 1))
        self.slides.back_requested.connect(lambda: self.move(j.back, -1))
        self.slides.home_requested.connect(lambda: self.move(j.home))
        self.slides.answer_chosen.connect(self.choose_answer)
        self.qr.back_requested.connect(lambda: self.move(j.back, -1))
        self.qr.done_requested.connect(lambda: self.move(j.finish))
        self.thanks.dismissed.connect(self.reset)
        self.staff.unlocked.connect(self.show_staff_status)
        self.staff.exit_requested.connect(self.exit_kiosk)
        self.staff.cleaning_started.connect(lambda: setattr(self.watcher, "blocking", True))
        self.staff.cleaning_finished.connect(self.end_cleaning)
        if self.reloader is not None:
            self.staff.reload_requested.connect(self.reloader.reload_now)

    # -- moves ----------------------------------------------------------------------------
    def move(self, step: Callable[[], None], direction: int = 0) -> None:
        before = (self.journey.screen, self.journey.index)
        step()
        if (self.journey.screen, self.journey.index) != before:
            self.refresh(direction)

    def choose_language(self, code: str) -> None:
        if self.journey.set_language(code):
            self.refresh()
            self.language_changed.emit(code)

    # -- accessibility ---------------------------------------------------------------------------
    def adjust(self, change: Callable[[], None], control: str) -> None:
        change()
        self.apply_look()
        self.refresh()
        self.accessibility_used.emit(control)

    def toggle_read_aloud(self) -> None:
        self.journey.toggle_read_aloud()
        if not self.journey.read_aloud:
            self.speaker.stop()
        self.refresh()
        self.accessibility_used.emit("read_aloud")

    def next_language(self) -> None:
        self.choose_language(self.journey.next_language())
        self.accessibility_used.emit("language")

    def apply_look(self) -> None:
        """Theme and text size follow the patient's choices; restyle only when they change."""
        settings = self.content.settings
        theme = HIGH_CONTRAST if self.journey.high_contrast else settings.theme
        look = (theme, self.journey.text_scale)
        if look == self._look:
            return  # a style sheet change re-polishes every widget: skip it when nothing changed
        self._look = look
        self.window.theme = theme
        self.window.text_scale = self.journey.text_scale
        self.welcome.set_clinic(settings.clinic_title, theme.accent)
        self.window.apply_metrics()

    def _arrange_footers(self) -> None:
        m = self.window.metrics
        for footer in self.footers.values():
            footer.arrange(self.window.width() - 2 * m.margin, m.gap)

    def _show_bar(self) -> None:
        j = self.journey
        bar = self.bars[j.screen]
        other = j.next_language() if len(self.content.languages) > 1 else None
        show_language = other is not None and j.screen is not Screen.WELCOME  # it has its own
        bar.show_state(
            j.language.strings,
            text_step=j.text_step,
            high_contrast=j.high_contrast,
            reading=j.read_aloud,
            speech=self.speaker.available,
            other_language=self.content.languages[other].name if show_language and other else None,
        )
        self.window.present_footer(self.footers[j.screen], bar)

    def choose_answer(self, choice: int) -> None:
        answer = self.journey.answer(choice)
        if answer is not None:
            lang = self.journey.language
            self.slides.show_verdict(self.journey.place, lang.strings, choice)
            self.answer_given.emit(self.journey.place.slide.id, answer.correct)
            if self.journey.read_aloud:
                self.speaker.say(screen_text(self.journey), self.journey.lang)

    def on_swipe(self, direction: Swipe) -> None:
        staff_open = self.built and self.staff.is_open
        if self.journey.screen is Screen.SLIDE and not self.overlay.isVisible() and not staff_open:
            if direction is Swipe.LEFT:
                self.move(self.journey.next, 1)
            else:
                self.move(self.journey.back, -1)

    def _refresh_open_panel(self) -> None:
        """Only a panel someone is looking at: the usage summary waits on the usage writer.
        A closed panel is refreshed when staff open it."""
        if self.built and self.staff.panel.isVisible():
            self.show_staff_status()

    def show_staff_status(self) -> None:
        if not self.built:
            return  # nothing shows it yet
        live = (
            f"Live content: version {self.content.checksum}, loaded {self.loaded_at:%Y-%m-%d %H:%M}"
        )
        if self.pending is not None:
            live += f"\nNew version {self.pending.checksum} waits for the next patient."
        from kiosk.core.fleet import refusal_line

        refused = refusal_line(self.data_folder)  # "content update refused: ..." (kiosk pull)
        problems = ([refused] if refused else []) + (
            [p.format() for p in self.reloader.problems if p.is_error] if self.reloader else []
        )
        self.staff.panel.show_status(live, problems, self.usage_brief())

    def usage_brief(self) -> list[str]:
        if self.usage is None:
            return []
        from kiosk.core.usage_report import last_days_brief

        return last_days_brief(self.usage)

    def exit_kiosk(self) -> None:
        """The staff exit: the one way out of a locked kiosk."""
        self.window.locked = False  # Qt 6 lets a window that refuses to close cancel a quit
        self.window.quit_requested.emit()

    def end_cleaning(self) -> None:
        self.watcher.blocking = False
        self.idle.activity()

    def reset(self) -> None:
        """Forget the patient: language, place, answers, any overlay."""
        self.overlay.hide()
        if self.built:
            self.staff.close()
        self.speaker.stop()
        self.journey.reset()
        self.apply_look()
        self.idle.activity()
        self.refresh()
        self.session_reset.emit()
        self._swap_pending()

    # -- idle -----------------------------------------------------------------------------
    def on_activity(self) -> None:
        self.idle.activity()

    def keep_going(self) -> None:
        self.idle.activity()
        self.overlay.hide()

    def check_idle(self) -> None:
        if self.built and self.staff.cleaning.active:
            return
        pristine = self.journey.is_pristine and not (self.built and self.staff.is_open)
        state = self.idle.state(self.journey.screen, pristine)
        if state.phase is Phase.EXPIRED:
            self.reset()
        elif state.phase is Phase.ASKING:
            if not self.overlay.isVisible():
                self.idle_warned.emit()
            self.overlay.show_countdown(state.seconds_left, self.journey.language.strings)
        elif self.overlay.isVisible():
            self.overlay.hide()

    # -- views ----------------------------------------------------------------------------
    def refresh(self, direction: int = 0) -> None:
        """Show the journey's current state on the matching screen."""
        j = self.journey
        lang = j.language
        if j.screen is not Screen.WELCOME:
            self.build_rest()
        screen = self.screens[j.screen]
        if j.screen is Screen.WELCOME:
            choices = [(c, self.content.languages[c].name) for c in self.content.languages]
            self.welcome.show_language(lang.code, lang.strings, choices)
        elif j.screen is Screen.OVERVIEW:
            self.overview.show_language(lang)
        elif j.screen is Screen.SLIDE:
            place = j.place
            indent = self.window.metrics.px(8)
            self.slides.show_place(place, lang.strings, j.chosen(place.slide.id), direction, indent)
            self.slide_shown.emit(place.slide.id)
        elif j.screen is Screen.QR:
            self.qr.show_link(self.content.settings.handout_url_for(lang.code), lang.strings)
        else:
            self.thanks.show_language(lang)
        if self.window.windowTitle() != lang.strings.welcome_title:
            self.window.setWindowTitle(lang.strings.welcome_title)
        self._show_bar()
        if self.window.stack.currentWidget() is not screen:
            self.window.show_screen(screen)
            self.screen_changed.emit(j.screen.value)
        self._chain_focus(screen)
        self.welcome.set_motion(j.screen is Screen.WELCOME and self.ticker.isActive())
        if j.read_aloud:
            self.speaker.say(screen_text(j), j.lang)

    def _chain_focus(self, screen: QWidget) -> None:
        """Tab moves in reading order (rows top to bottom, left to right in a row), whatever
        order the widgets were made in: sensible for a keyboard or switch user."""
        row = max(self.window.metrics.px(40), 1)

        def place(w: QWidget) -> tuple[int, int]:
            p = w.mapTo(screen, w.rect().topLeft())
            return p.y() // row, p.x()

        focusable = [
            w
            for w in screen.findChildren(QAbstractButton)
            if w.isVisibleTo(screen) and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        ordered = sorted(focusable, key=place)
        for first, second in itertools.pairwise(ordered):
            QWidget.setTabOrder(first, second)

    def on_resized(self, m: Metrics) -> None:
        self._arrange_footers()
        if self.built:
            self.overview.set_orientation(m.portrait, m.gap, large_text=m.text > 1.2)
            self.slides.set_orientation(m.portrait, m.gap)
            shorter = min(self.window.width(), self.window.height())
            self.qr.set_orientation(m.portrait, m.gap, shorter)
        self.watcher.swipes_enabled = True
        if self.overlay.isVisible():
            self.overlay.setGeometry(self.window.rect())
        self.refresh()

    def start(self) -> None:
        self._running = True
        self.ticker.start()
        if self._reloader is not None:
            self._reloader.start()
        self.welcome.set_motion(self.journey.screen is Screen.WELCOME)

    def stop(self) -> None:
        self.ticker.stop()
        self._running = False
        if self.built:
            self.staff.shutdown()
        if self._reloader is not None:
            self._reloader.stop()
        if self.metrics is not None:
            self.metrics.close()  # a last write, before the usage log closes
        self.welcome.set_motion(False)
