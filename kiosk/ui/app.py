"""Wiring in one place: builds the journey, the idle rules, the screens, timers and connections.

One way in and out: `KioskApp.create(...)` builds, shows and starts the kiosk; `close()` stops
and deletes it; `with KioskApp.create(...) as kiosk:` does both. Launch, render, the tests and
the benchmarks all use it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.core.content.fleet import Fleet, refusal_line
from kiosk.core.content.model import HIGH_CONTRAST, CheckSlide, Content, Theme
from kiosk.core.handout import fragment
from kiosk.core.handout.fragment import TakeHome
from kiosk.core.session.estimate import welcome_subtitle
from kiosk.core.session.idle import IdleRules, Phase
from kiosk.core.session.journey import (
    Answered,
    Control,
    Journey,
    Marked,
    Move,
    Reason,
    Screen,
    Step,
)
from kiosk.core.session.spoken import screen_text
from kiosk.core.session.swipe import Swipe
from kiosk.core.system.paths import data_dir
from kiosk.core.usage.log import UsageLog
from kiosk.core.usage.metrics import MetricsWriter, metrics_folder
from kiosk.core.usage.recorder import UsageRecorder
from kiosk.core.usage.report import last_days_brief
from kiosk.ui.a11y_bar import A11yBar, Footer
from kiosk.ui.input import InputWatcher
from kiosk.ui.overview import OverviewScreen
from kiosk.ui.qr_screen import QrScreen
from kiosk.ui.reload import ContentReloader
from kiosk.ui.slide import SlideScreen
from kiosk.ui.speech import Speaker
from kiosk.ui.staff_flow import StaffFlow
from kiosk.ui.still_there import StillThereOverlay
from kiosk.ui.thanks import ThanksScreen
from kiosk.ui.theme import Metrics
from kiosk.ui.welcome import WelcomeScreen
from kiosk.ui.window import KioskWindow

log = logging.getLogger("kiosk.app")
IDLE_TICK_MS = 250
USAGE_DAYS = 7  # the staff panel's summary
PatientScreen = WelcomeScreen | OverviewScreen | SlideScreen | QrScreen | ThanksScreen


def default_printer() -> str:
    """The system's default printer (CUPS), "" for none. Asked only on the QR screen and in the
    staff panel, so Qt's print support and the take-home's page layout (kiosk.ui.handout_pdf,
    ~15 ms of CPU) are imported there, never before the first frame."""
    from kiosk.ui.handout_pdf import default_printer as system_default

    return system_default()


class KioskApp(QObject):
    """The running kiosk. Signals are events others (tests, the usage log) may listen to.
    Made by `create()`, which also shows and starts it."""

    screen_changed = Signal(object)  # Screen
    slide_shown = Signal(str)
    answer_given = Signal(str, bool)
    language_changed = Signal(str)
    session_started = Signal(str)  # the language it starts in
    session_ended = Signal(object)  # Ending
    session_reset = Signal(object)  # Reason: back to Welcome for the next patient
    idle_warned = Signal()
    content_swapped = Signal(str)
    accessibility_used = Signal(object)  # Control
    take_home_printed = Signal(bool)  # a printed copy was sent to the printer (or failed)

    def __init__(
        self,
        content: Content,
        *,
        kiosk_mode: bool = False,
        size: tuple[int, int] | None = None,
        clock: Callable[[], float] = time.monotonic,
        content_dir: Path | None = None,
        data_folder: Path | None = None,
        stamp: str | None = None,
        speaker: Speaker | None = None,
        motion: bool = True,
        printer: Callable[[], str] = default_printer,
    ) -> None:
        super().__init__()
        self.printer = printer  # the default printer's name, "" for none (CUPS, via Qt)
        settings = content.settings
        self.content = content
        self.pending: Content | None = None
        self.clock = clock
        self.motion = motion  # False: no animation at all (render, tests), whatever the content
        self.journey = Journey(content)
        self.idle = IdleRules(settings.idle, clock)
        self.speaker = speaker or Speaker(None)
        self.data_folder = data_folder or data_dir()
        self.loaded_at = dt.datetime.now()
        self.usage: UsageLog | None = None
        self.recorder: UsageRecorder | None = None
        self.metrics: MetricsWriter | None = None
        self._look: tuple[Theme, float] | None = None
        self.stopped = False
        self.window = KioskWindow(settings.theme, locked=kiosk_mode, size=size)
        self.welcome = WelcomeScreen(settings.clinic_title, settings.theme.accent, not motion)
        self.overview, self.slides = OverviewScreen(), SlideScreen(not motion)
        self.qr, self.thanks = QrScreen(), ThanksScreen()
        self.screens: dict[Screen, PatientScreen] = {
            Screen.WELCOME: self.welcome,
            Screen.OVERVIEW: self.overview,
            Screen.SLIDE: self.slides,
            Screen.QR: self.qr,
            Screen.THANKS: self.thanks,
        }
        self.footers: dict[Screen, Footer] = {kind: s.footer for kind, s in self.screens.items()}
        self.bars: dict[Screen, A11yBar] = {}
        for kind, screen in self.screens.items():
            self.window.add_screen(screen)
            self._add_bar(kind)
        self.overlay = StillThereOverlay(self.window)
        self.staff = StaffFlow(self.window, self.data_folder)
        self.watcher = InputWatcher(self.window, clock)
        self.reloader: ContentReloader | None = None
        if content_dir is not None:
            self.reloader = ContentReloader(
                content_dir, content, self.data_folder, parent=self, stamp=stamp
            )
            self.reloader.content_loaded.connect(self.offer_content)
            self.reloader.content_rejected.connect(lambda _: self._refresh_open_panel())
        self._connect()
        self.ticker = QTimer(self)
        self.ticker.setInterval(IDLE_TICK_MS)
        self.ticker.timeout.connect(self.check_idle)
        self._use_settings()
        self._prepare_for(content)
        self.apply_look()
        self.refresh()

    def _prepare_for(self, content: Content) -> None:
        """Every answer button the course needs, made now: a session never adds widgets."""
        answers = [
            len(slide.answers)
            for lang in content.languages.values()
            for slide in lang.slides
            if isinstance(slide, CheckSlide)
        ]
        self.slides.check.ensure_answers(max(answers, default=0))

    # -- the one way in and out -----------------------------------------------------------------
    @classmethod
    def create(
        cls,
        content: Content,
        size: tuple[int, int] = (1280, 800),
        kiosk_mode: bool = False,
        clock: Callable[[], float] = time.monotonic,
        content_dir: Path | None = None,
        data_folder: Path | None = None,
        stamp: str | None = None,
        speaker: Speaker | None = None,
        motion: bool = True,
        printer: Callable[[], str] = default_printer,
    ) -> KioskApp:
        """Build, show and start the kiosk: full screen in kiosk mode, else a `size` window.
        `stamp` is the content folder's fingerprint when `content` was read (live reload
        starts from it); `motion=False` stills every animation (render, tests)."""
        app = QApplication.instance()
        assert isinstance(app, QApplication), "create the QApplication first"
        screen = app.primaryScreen()
        if kiosk_mode and screen is not None:  # styled for its real size from the start
            size = (screen.geometry().width(), screen.geometry().height())
        kiosk = cls(
            content,
            kiosk_mode=kiosk_mode,
            size=size,
            clock=clock,
            content_dir=content_dir,
            data_folder=data_folder,
            stamp=stamp,
            speaker=speaker,
            motion=motion,
            printer=printer,
        )
        if kiosk_mode:
            kiosk.window.cover_screen()
        else:
            kiosk.window.show()
        kiosk.watcher.attach(app)
        kiosk.start()
        return kiosk

    def close(self) -> None:
        """Stop timers and threads, remove the input filter, close and delete the window.
        Deleted now, on this thread: left to the garbage collector they could go later on a
        worker thread (a reload, a PIN check), which Qt cannot take."""
        self.stop()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.watcher.detach(app)  # before the QApplication goes: a late filter crashes
        self.window.locked = False
        self.window.close()
        self.window.deleteLater()
        self.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def __enter__(self) -> KioskApp:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        self.ticker.start()
        if self.reloader is not None:
            self.reloader.prune({self.content.root})  # versions left from earlier starts
            self.reloader.start()
        self.welcome.set_motion(self.journey.screen is Screen.WELCOME)

    def stop(self) -> None:
        """Stop timers, watches and worker threads, for good (again: nothing to do)."""
        if self.stopped:
            return
        self.stopped = True
        self.ticker.stop()
        self.staff.shutdown()
        if self.reloader is not None:
            self.reloader.stop()
        if self.metrics is not None:
            self.metrics.close()  # a last write, before the usage log closes
        self.welcome.set_motion(False)

    def attach_usage(self, usage: UsageLog) -> None:
        """Count sessions (anonymously) in `usage`; it may open after the first frame."""
        self.usage = usage
        r = UsageRecorder(usage, self.content, clock=self.clock)
        self.recorder = r  # kept on self: PySide holds plain objects' methods weakly
        self.session_started.connect(r.session_started)
        self.session_ended.connect(r.session_ended)
        self.screen_changed.connect(r.screen_shown)
        self.slide_shown.connect(r.slide_shown)
        self.answer_given.connect(r.answered)
        self.language_changed.connect(r.language_changed)
        self.accessibility_used.connect(r.accessibility_used)
        self.take_home_printed.connect(lambda ok: r.take_home_printed() if ok else None)
        self.content_swapped.connect(lambda _: r.use_content(self.content))
        if self.journey.in_session:
            r.session_started(self.journey.lang)

    def attach_metrics(self) -> MetricsWriter | None:
        """Counts and health for Prometheus (docs/fleet.md), read from the usage database: the
        writer's own thread writes the file every minute; here it is poked at each reset."""
        if self.usage is None or self.metrics is not None:
            return self.metrics
        fleet, data = Fleet(self.data_folder), self.data_folder
        w = MetricsWriter(
            metrics_folder(data),
            self.usage.path,
            self.usage.flush,
            update_refused=lambda: bool(refusal_line(data)),
            load_ok=lambda: (
                not any(p.is_error for p in (self.reloader.problems if self.reloader else []))
            ),
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

    # -- content ------------------------------------------------------------------------------
    def offer_content(self, content: Content) -> None:
        """New, checked content: swap it in now if nobody is using the kiosk, else at reset."""
        self.pending = content
        if self.journey.may_swap_content(covered=self._covered()):
            self._swap_pending()

    def _swap_pending(self) -> None:
        content, self.pending = self.pending, None
        if content is None:
            return
        self.content = content
        self._prepare_for(content)
        ending = self.journey.replace_content(content)
        if ending is not None:
            self.session_ended.emit(ending)
        self._use_settings()
        self.apply_look()  # restyles the window only if the theme or text size changed
        self.loaded_at = dt.datetime.now()
        if self.reloader is not None:  # older versions are no longer shown or waited for
            self.reloader.prune({content.root})
        self.refresh()
        self._refresh_open_panel()
        self.content_swapped.emit(content.checksum)

    def _use_settings(self) -> None:
        settings = self.content.settings
        self.idle.settings = settings.idle
        still = settings.reduced_motion or not self.motion
        self.welcome.motion = not still
        self.slides.animate = not still

    def _connect(self) -> None:
        j = self.journey
        self.welcome.start_requested.connect(lambda: self.move(j.start))
        self.welcome.language_chosen.connect(self.choose_language)
        self.overview.section_chosen.connect(lambda i: self.move(lambda: j.open_section(i)))
        self.overview.begin_requested.connect(lambda: self.move(j.begin))
        self.overview.back_requested.connect(lambda: self.move(j.back))
        self.overview.take_home_requested.connect(lambda: self.move(j.take_home))
        self.slides.take_home_requested.connect(lambda: self.move(j.take_home))
        self.thanks.code_requested.connect(lambda: self.move(j.take_home))
        self.slides.next_requested.connect(lambda: self.move(j.next))
        self.slides.back_requested.connect(lambda: self.move(j.back))
        self.slides.home_requested.connect(lambda: self.move(j.home))
        self.slides.answer_chosen.connect(self.choose_answer)
        self.slides.ask_toggled.connect(self.toggle_mark)
        self.qr.extras.print_requested.connect(self.print_take_home)
        self.staff.panel.print_requested.connect(self.print_take_home)
        self.qr.back_requested.connect(lambda: self.move(j.back))
        self.qr.done_requested.connect(lambda: self.move(j.finish))
        self.thanks.dismissed.connect(lambda: self.reset(Reason.FINISHED))
        self.overlay.continue_requested.connect(self.keep_going)
        self.watcher.activity_seen.connect(self.idle.activity)
        self.watcher.swiped.connect(self.on_swipe)
        self.watcher.staff_gesture_held.connect(self.staff.gesture_held)
        self.window.resized.connect(self.on_resized)
        self.staff.unlocked.connect(self.show_staff_status)
        self.staff.exit_requested.connect(self.exit_kiosk)
        self.staff.studio_requested.connect(self.open_studio)
        self.staff.cleaning_started.connect(lambda: setattr(self.watcher, "blocking", True))
        self.staff.cleaning_finished.connect(self.end_cleaning)
        if self.reloader is not None:
            self.staff.reload_requested.connect(self.reloader.reload_now)

    def _add_bar(self, kind: Screen) -> None:
        bar = A11yBar()
        self.footers[kind].set_bar(bar)
        self.bars[kind] = bar
        bar.text_step_chosen.connect(
            lambda n: self.adjust(lambda: self.journey.set_text_step(n), Control.TEXT_SIZE)
        )
        bar.contrast_requested.connect(
            lambda: self.adjust(self.journey.toggle_contrast, Control.HIGH_CONTRAST)
        )
        bar.read_aloud_requested.connect(self.toggle_read_aloud)
        bar.language_requested.connect(self.next_language)

    # -- moves ----------------------------------------------------------------------------
    def move(self, step: Callable[[], Step]) -> Step:
        """Make a journey move and show what it did."""
        done = step()
        if done.started:
            self.session_started.emit(self.journey.lang)
        if done.move is not Move.STAYED:
            self.refresh(done.direction)
        if done.ended is not None:
            self.session_ended.emit(done.ended)
        return done

    def choose_language(self, code: str) -> None:
        if self.journey.set_language(code):
            self.refresh()
            self.language_changed.emit(code)

    def choose_answer(self, choice: int) -> None:
        answered = self.journey.answer(choice)
        if answered is Answered.IGNORED:
            return
        j = self.journey
        self.slides.show_verdict(j.place, j.language.strings, choice)
        self.answer_given.emit(j.place.slide.id, answered is Answered.RIGHT)
        if j.read_aloud:
            self.speaker.say(screen_text(j), j.lang)

    def toggle_mark(self) -> Marked:
        """ "Ask about this": the journey keeps the mark; the slide shows it."""
        marked = self.journey.toggle_mark()
        j = self.journey
        if j.screen is Screen.SLIDE:
            self.slides.show_mark(j.is_marked(j.place.slide.id), j.language.strings)
        return marked

    def take_home(self) -> TakeHome:
        """This patient's personal parts, as ids, for the link and the printed copy."""
        j = self.journey
        return TakeHome(j.lang, j.place.slide.id, j.missed, tuple(j.marks))

    def take_home_link(self) -> str:
        return fragment.link(
            self.content.settings.handout_url_for(self.journey.lang), self.take_home()
        )

    def print_take_home(self) -> bool:
        """ "Print a copy": the take-home in the patient's language with their personal parts,
        on the default printer. Only that it was printed reaches the usage log."""
        from kiosk.ui.handout_pdf import print_copy  # see default_printer()

        ok = print_copy(self.content, self.take_home())
        if not ok:
            log.warning("the take-home copy could not be printed (no default printer?)")
        self.take_home_printed.emit(ok)
        return ok

    def on_swipe(self, direction: Swipe) -> None:
        self.move(lambda: self.journey.swipe(direction, covered=self._covered()))

    def _covered(self) -> bool:
        """Something lies over the patient's screen: the idle question or a staff screen."""
        return self.overlay.isVisible() or self.staff.is_open

    # -- accessibility ---------------------------------------------------------------------------
    def adjust(self, change: Callable[[], object], control: Control) -> None:
        """An accessibility choice; a change that did nothing (the current step) is no use."""
        if change() is False:
            return
        self.apply_look()
        self.refresh()
        self.accessibility_used.emit(control)

    def toggle_read_aloud(self) -> None:
        self.journey.toggle_read_aloud()
        if not self.journey.read_aloud:
            self.speaker.stop()
        self.refresh()
        self.accessibility_used.emit(Control.READ_ALOUD)

    def next_language(self) -> None:
        self.choose_language(self.journey.next_language())
        self.accessibility_used.emit(Control.LANGUAGE)

    def apply_look(self) -> None:
        """Theme and text size follow the patient's choices; restyle only when they change."""
        settings = self.content.settings
        theme = HIGH_CONTRAST if self.journey.high_contrast else settings.theme
        look = (theme, self.journey.text_scale)
        self.welcome.set_clinic(settings.clinic_title, theme.accent)
        if look == self._look:
            return  # a style sheet change re-polishes every widget: skip it when nothing changed
        self._look = look
        self.window.theme = theme
        self.window.text_scale = self.journey.text_scale
        backing = "#F2F2F2" if self.journey.high_contrast else None  # outlines stay visible
        self.slides.set_picture_backing(backing)
        self.overview.set_picture_backing(backing)
        self.window.apply_metrics()

    # -- staff --------------------------------------------------------------------------------
    def _refresh_open_panel(self) -> None:
        """Only a panel someone is looking at: the usage summary waits on the usage writer.
        A closed panel is refreshed when staff open it."""
        if self.staff.panel.isVisible():
            self.show_staff_status()

    def show_staff_status(self) -> None:
        problems = self.reloader.problems if self.reloader else []
        refused = refusal_line(self.data_folder)  # "content update refused: ..." (kiosk pull)
        self.staff.panel.show_status(
            version=self.content.checksum,
            loaded_at=self.loaded_at,
            waiting=self.pending.checksum if self.pending else None,
            problems=([refused] if refused else []) + [p.format() for p in problems if p.is_error],
            usage=self.usage_brief(),
            printer=self.printer(),
        )

    def usage_brief(self) -> list[str]:
        if self.usage is None:
            return []
        return last_days_brief(self.usage.recent(USAGE_DAYS, timeout=3.0), USAGE_DAYS)

    def exit_kiosk(self) -> None:
        """The staff exit: the one way out of a locked kiosk."""
        self.window.locked = False  # Qt 6 lets a window that refuses to close cancel a quit
        self.window.quit_requested.emit()

    def open_studio(self) -> int | None:
        """Staff panel "Edit slides": back to Welcome, which keeps running under the studio."""
        self.reset(Reason.STAFF)
        return self.staff.open_studio(self.reloader.root if self.reloader else None)

    def end_cleaning(self) -> None:
        self.watcher.blocking = False
        self.idle.activity()

    # -- idle -----------------------------------------------------------------------------
    def reset(self, reason: Reason) -> None:
        """Forget the patient: language, place, answers, any overlay."""
        self.overlay.hide()
        self.staff.close()
        self.speaker.stop()
        ending = self.journey.reset(reason)
        self.apply_look()
        self.idle.activity()
        self.refresh()
        if ending is not None:
            self.session_ended.emit(ending)
        self.session_reset.emit(reason)
        self._swap_pending()

    def keep_going(self) -> None:
        self.idle.activity()
        self.overlay.hide()

    def check_idle(self) -> None:
        if self.staff.cleaning.active:
            return
        if self.journey.screen is Screen.THANKS:
            self.thanks.show_seconds(self.idle.thanks_seconds_left())
        pristine = self.journey.is_pristine and not self.staff.is_open
        state = self.idle.state(self.journey.screen, pristine)
        if state.phase is Phase.EXPIRED:
            self.reset(Reason.IDLE)
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
        screen = self.screens[j.screen]
        if j.screen is Screen.WELCOME:
            choices = [(c, self.content.languages[c].name) for c in self.content.languages]
            self.welcome.show_language(lang.code, lang.strings, choices, welcome_subtitle(lang))
        elif j.screen is Screen.OVERVIEW:
            seen = {i for i in range(len(lang.sections)) if j.section_seen(i)}
            self.overview.show_language(lang, seen, j.next_unread_section())
        elif j.screen is Screen.SLIDE:
            place = j.place
            indent = self.window.metrics.px(8)
            self.slides.show_place(place, lang.strings, j.chosen(place.slide.id), direction, indent)
            self.slides.show_mark(j.is_marked(place.slide.id), lang.strings)
            self.slide_shown.emit(place.slide.id)
        elif j.screen is Screen.QR:
            settings = self.content.settings
            self.qr.show_link(self.take_home_link(), lang.strings, settings.clinic_phone)
            titles = [s.title or getattr(s, "question", "") for s in j.marked_slides]
            printer = bool(self.printer())
            self.qr.extras.show_extras(titles, lang.strings, printer=printer)
            self.qr.no_phone.setVisible(not printer)  # "ask at the desk": only with no printer
        else:
            phone = self.content.settings.clinic_phone
            self.thanks.show_language(lang, phone, self.idle.thanks_seconds_left())
        if self.window.windowTitle() != lang.strings.welcome_title:
            self.window.setWindowTitle(lang.strings.welcome_title)
        self._show_bar()
        if self.window.stack.currentWidget() is not screen:
            self.window.show_screen(screen)
            self.screen_changed.emit(j.screen)
        self._chain_focus(screen)
        self.welcome.set_motion(j.screen is Screen.WELCOME and self.ticker.isActive())
        if j.read_aloud:
            self.speaker.say(screen_text(j), j.lang)

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
        for footer in self.footers.values():
            footer.arrange(self.window.width() - 2 * m.margin, m.gap)
        picture = m.px(112 if m.text < 1.2 else 72)  # large text: the words get the room
        self.overview.set_orientation(m.portrait, m.gap, m.text > 1.2, picture)
        self.slides.set_orientation(m.portrait, m.gap, m.px(1400), m.text)
        shorter = min(self.window.width(), self.window.height())
        self.qr.set_orientation(m.portrait, m.gap, shorter)
        self.watcher.swipes_enabled = True
        if self.overlay.isVisible():
            self.overlay.setGeometry(self.window.rect())
        self.refresh()
