"""In-process UI benchmarks through the real KioskApp on one Qt platform (run once per platform).

    QT_QPA_PLATFORM=offscreen python -m benchmarks.ui_bench --out result.json [--quick]

The app is built as `run_app` builds it (content folder with live reload, a usage log, the idle
ticker running), 1280x800. How each number is taken is written beside the code that takes it and
in docs/performance.md. One failing part is reported as an error; the others still run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QImage, QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.common import CONTENT, FRAME_MS, median, proc_status_mb, summary
from kiosk.core.content.loader import load_content
from kiosk.core.content.model import CheckSlide
from kiosk.core.content.qr import make_matrix
from kiosk.core.session.journey import Reason, Screen
from kiosk.core.usage.log import UsageLog
from kiosk.ui.app import KioskApp
from kiosk.ui.qr_screen import QrCode
from kiosk.ui.render import ensure_app, tour
from kiosk.ui.slide import TRANSITION_MS

SIZE = (1280, 800)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def run_loop(milliseconds: int) -> None:
    """Let Qt's own event loop run for a while (timers, animations, repaints as in real use)."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(loop.quit)
    timer.start(milliseconds)
    loop.exec()


def wait_for(condition: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    return True


@dataclass
class Pass:
    """One repaint pass of the window: from its UpdateRequest to the end of the flush."""

    start: float
    end: float
    page: bool  # the slide page (or a child of it) was painted
    ghost: bool  # the transition's sliding snapshot was painted


class PassTimer(QObject):
    """Brackets each repaint pass of the top-level window.

    Qt repaints a window when it handles the window's UpdateRequest: every paintEvent of every
    dirty widget, then the flush to the screen. This filter handles that event itself (by handing
    it to the window's own event()) so that it can read the clock before and after. Paint events
    reaching the watched page or a ghost mark the pass; a ghost's Move event is an animation
    tick (the animation moves it)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.pages: QWidget | None = None
        self.ghosts: set[QWidget] = set()
        self.passes: list[Pass] = []
        self.ticks: list[float] = []
        self._page = self._ghost = False
        window.installEventFilter(self)

    def watch_page(self, widget: QWidget) -> None:
        self.pages = widget
        widget.installEventFilter(self)

    def watch_ghost(self, widget: QWidget) -> None:
        self.ghosts.add(widget)
        widget.installEventFilter(self)

    def forget_ghosts(self) -> None:
        self.ghosts.clear()  # deleted by now (deleteLater): never touch them again

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.UpdateRequest and obj is self.window:
            self._page = self._ghost = False
            start = time.perf_counter()
            self.window.event(event)
            self.passes.append(Pass(start, time.perf_counter(), self._page, self._ghost))
            return True
        if kind == QEvent.Type.Paint:
            if obj is self.pages:
                self._page = True
            elif obj in self.ghosts:
                self._ghost = self._page = True
        elif kind == QEvent.Type.Move and obj in self.ghosts:
            self.ticks.append(time.perf_counter())
        return False

    def remove(self) -> None:
        self.window.removeEventFilter(self)
        if self.pages is not None:
            self.pages.removeEventFilter(self)
            self.pages = None


class GhostSpotter(QObject):
    """The slide transition paints a snapshot ("ghost") added to the page stack as a new child:
    watch every new child there once it is polished (fully built; ChildAdded comes too early)."""

    def __init__(self, pages: QWidget, timer: PassTimer) -> None:
        super().__init__()
        self.pages = pages
        self.timer = timer
        self.known = set(pages.findChildren(QWidget))
        pages.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildPolished and obj is self.pages:
            child = event.child()
            if isinstance(child, QWidget) and child not in self.known:
                self.timer.watch_ghost(child)
        return False

    def remove(self) -> None:
        self.pages.removeEventFilter(self)


class Bench:
    """One KioskApp on a copy of the shipped content, shown at 1280x800, driven part by part."""

    def __init__(self, work: Path) -> None:
        self.app = ensure_app()
        self.content_dir = work / "content"
        shutil.copytree(CONTENT, self.content_dir)
        loaded = load_content(self.content_dir)
        assert loaded.content is not None, "the shipped content does not load"
        self.content = loaded.content
        data = work / "data"
        data.mkdir()
        self.usage = UsageLog(data / "usage.sqlite3", self.content.settings.usage_retention_days)
        self.kiosk = KioskApp.create(
            self.content, SIZE, content_dir=self.content_dir, data_folder=data
        )  # as run_app builds it; painted once the event loop runs
        self.kiosk.attach_usage(self.usage)
        self.window = self.kiosk.window
        self.timer = PassTimer(self.window)
        self.device: QPointingDevice = QTest.createTouchDevice()
        self.swaps = 0
        self.kiosk.content_swapped.connect(self._swapped)
        self.swapped_at = 0.0

    def _swapped(self, _checksum: str) -> None:
        self.swaps += 1
        self.swapped_at = time.perf_counter()

    def swapped(self, count: int) -> bool:
        return self.swaps >= count

    # -- set-up and tear-down ---------------------------------------------------------------
    def show(self) -> dict[str, Any]:
        """Let the window appear (KioskApp.create showed it). The longest repaint pass while it
        appears is the first Welcome frame: run_app's "ready in" fires as that pass starts (the
        window's own paintEvent comes before its children's)."""
        wait_for(lambda: bool(self.timer.passes))
        run_loop(200)
        longest = max(p.end - p.start for p in self.timer.passes)
        return {"first_frame_paint_ms": ms(longest)}

    def close(self) -> None:
        self.timer.remove()
        self.kiosk.close()
        self.usage.close()

    # -- helpers ----------------------------------------------------------------------------
    def tap(self, widget: QWidget) -> None:
        """A real touch tap (press and release) on the middle of a widget, through the window."""
        point: QPoint = widget.mapTo(self.window, widget.rect().center())
        QTest.touchEvent(self.window, self.device).press(0, point).commit()
        QTest.touchEvent(self.window, self.device).release(0, point).commit()

    def first_slide(self, lang: str | None = None) -> None:
        k = self.kiosk
        k.reset(Reason.IDLE)
        if lang:
            k.choose_language(lang)
        k.move(k.journey.start)
        k.move(k.journey.begin)
        run_loop(30)

    def at_last_slide(self) -> bool:
        j = self.kiosk.journey
        return j.screen is not Screen.SLIDE or j.index + 1 >= len(j.slides)

    def languages(self) -> list[str]:
        return list(self.content.languages)

    # -- the benchmarks ---------------------------------------------------------------------
    def full_journey(self) -> dict[str, Any]:
        """Every screen of the tour (kiosk.ui.render.tour) in each language, painted; then the
        peak RSS."""
        k = self.kiosk
        k.slides.animate = False
        for lang in self.languages():
            k.reset(Reason.IDLE)
            k.choose_language(lang)
            for _ in tour(k):
                run_loop(5)
        run_loop(50)
        return {
            "peak_rss_mb": round(proc_status_mb("VmHWM"), 1),
            "rss_mb": round(proc_status_mb("VmRSS"), 1),
        }

    def navigation(self, taps: int) -> dict[str, Any]:
        """Tap Next (touch) with the animation off; time from just before the touch press to the
        end of the first repaint pass that paints the slide page (paint events and flush)."""
        k = self.kiosk
        k.slides.animate = False
        self.timer.watch_page(k.slides.pages)
        langs = self.languages()
        latencies: list[float] = []
        work: list[float] = []
        missed = 0
        self.first_slide(langs[0])
        for i in range(taps):
            if self.at_last_slide():
                self.first_slide(langs[(i // 7) % len(langs)])
            self.timer.passes.clear()
            start = time.perf_counter()
            self.tap(k.slides.next)
            if not wait_for(lambda: any(p.page for p in self.timer.passes), 2.0):
                missed += 1
                continue
            done = next(p for p in self.timer.passes if p.page)
            latencies.append(ms(done.end - start))
            work.append(ms(done.end - done.start))
            run_loop(15)  # let follow-up layout passes finish before the next tap
        return {
            "taps": taps,
            "latency_ms": summary(latencies),
            "paint_pass_ms": summary(work),
            "no_paint": missed,
        }

    def transitions(self, count: int) -> dict[str, Any]:
        """Tap Next with the animation on. Each repaint pass that paints the sliding snapshot is
        one animation frame; each move of the snapshot is an animation tick. A frame's time runs
        from its tick to the end of its flush; the interval is from one frame's end to the next.
        The first frame (and a layout pass that follows it at once) is timed from the tap."""
        k = self.kiosk
        k.slides.animate = True
        self.timer.watch_page(k.slides.pages)
        spotter = GhostSpotter(k.slides.pages, self.timer)
        langs = self.languages()
        intervals: list[float] = []
        tick_gaps: list[float] = []
        frame_times: list[float] = []
        costs: list[float] = []
        firsts: list[float] = []
        frames_per: list[int] = []
        self.first_slide(langs[0])
        for i in range(count):
            if self.at_last_slide():
                self.first_slide(langs[i % len(langs)])
            self.timer.passes.clear()
            self.timer.ticks.clear()
            start = time.perf_counter()
            self.tap(k.slides.next)
            run_loop(TRANSITION_MS + 80)
            self.timer.forget_ghosts()
            frames = [p for p in self.timer.passes if p.ghost]
            ticks = list(self.timer.ticks)
            if not frames:
                continue
            firsts.append(ms(frames[0].end - start))
            frames_per.append(len(frames))
            costs += [ms(f.end - f.start) for f in frames]
            intervals += [ms(b.end - a.end) for a, b in itertools.pairwise(frames)]
            tick_gaps += [ms(b - a) for a, b in itertools.pairwise(ticks)]
            for frame in frames[1:]:
                # passes before the first tick after the first frame finish that frame (a
                # layout follow-up): they belong to "tap to first frame", not to the animation
                before = [t for t in ticks if frames[0].end <= t <= frame.start]
                if before:
                    frame_times.append(ms(frame.end - before[-1]))
        spotter.remove()
        k.slides.animate = False
        return {
            "transitions": len(frames_per),
            "transition_ms": TRANSITION_MS,
            "frames_per_transition": median(frames_per),
            "frames": len(frame_times),
            "frame_time_ms": summary(frame_times),
            "frames_over_budget": sum(1 for v in frame_times if v > FRAME_MS),
            "frame_paint_ms": summary(costs),
            "frame_interval_ms": summary(intervals),
            "intervals_over_frame": sum(1 for v in intervals if v > FRAME_MS),
            "intervals": len(intervals),
            "tick_interval_ms": summary(tick_gaps),
            "first_frame_ms": summary(firsts),
        }

    def qr(self, runs: int) -> dict[str, Any]:
        """make_matrix() with its cache cleared, and the QrCode widget rendered into a QImage at
        the side the QR screen uses at 1280x800 (45% of the shorter side)."""
        urls = [self.content.settings.handout_url_for(code) for code in self.languages()]
        matrix: list[float] = []
        for _ in range(runs):
            for url in urls:
                make_matrix.cache_clear()
                start = time.perf_counter()
                make_matrix(url)
                matrix.append(ms(time.perf_counter() - start))
        side = round(min(SIZE) * 0.45)
        code = QrCode()
        code.set_side(side)
        draw: list[float] = []
        for i in range(runs):
            code.set_data(urls[i % len(urls)])
            image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
            start = time.perf_counter()
            code.render(image)
            draw.append(ms(time.perf_counter() - start))
        code.deleteLater()
        return {
            "modules": make_matrix(urls[0]).size,
            "side_px": side,
            "matrix_ms": summary(matrix),
            "draw_ms": summary(draw),
        }

    def reload_block(self, rounds: int) -> dict[str, Any]:
        """A 1 ms timer ticks on the UI thread; we edit a section file and call reload_now() on
        the app's real ContentReloader, then keep ticking until the new content is swapped in and
        repainted (+150 ms). The longest gap between ticks, minus the longest gap in the same
        length of time without a reload (timer jitter), is how long the UI thread was blocked.
        The longest gap is put down to the swap if it spans the content_swapped signal, to
        reload_now() itself if it spans that call, else to the worker (the GIL) or a repaint."""
        k = self.kiosk
        reloader = k.reloader
        assert reloader is not None
        k.reset(Reason.IDLE)
        run_loop(100)
        ticks: list[float] = []
        ticker = QTimer()
        ticker.setTimerType(Qt.TimerType.PreciseTimer)
        ticker.setInterval(1)
        ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))

        def gaps(since: float, until: float) -> list[tuple[float, float, float]]:
            inside = [t for t in ticks if since <= t <= until]
            return [(b - a, a, b) for a, b in itertools.pairwise(inside)]

        section = self.content_dir / "en" / "06-aftercare.yaml"
        original = section.read_text()
        blocked: list[float] = []
        baseline: list[float] = []
        raw: list[float] = []
        phases: list[str] = []
        windows: list[float] = []
        calls: list[float] = []
        ticker.start()
        try:
            for n in range(rounds):
                run_loop(50)
                quiet_start = time.perf_counter()
                run_loop(400)
                quiet = max(g for g, _, _ in gaps(quiet_start, time.perf_counter()))
                title = "title: Caring for your skin at home"
                section.write_text(original.replace(title, f"{title} ({n + 1})", 1))
                target = self.swaps + 1
                start = time.perf_counter()
                reloader.reload_now()
                called = time.perf_counter()
                if not wait_for(partial(self.swapped, target), 15):
                    raise RuntimeError("the edited content was never swapped in")
                run_loop(150)
                worst, a, b = max(gaps(start - 0.01, time.perf_counter()))
                if a <= self.swapped_at <= b:
                    phases.append("swap")
                elif a <= called <= b:
                    phases.append("reload_now")
                else:
                    phases.append("other")
                raw.append(ms(worst))
                baseline.append(ms(quiet))
                blocked.append(ms(max(0.0, worst - quiet)))
                windows.append(ms(self.swapped_at - start))
                calls.append(ms(called - start))
                wait_for(lambda: not reloader.debounce.isActive() and not reloader._busy, 15)
        finally:
            ticker.stop()
            section.write_text(original)
        return {
            "rounds": rounds,
            "blocked_ms": round(median(blocked), 1),
            "blocked_max_ms": round(max(blocked), 1),
            "longest_gap_ms": summary(raw),
            "baseline_gap_ms": summary(baseline),
            "worst_gap_during": max(set(phases), key=phases.count),
            "phases": phases,
            "reload_now_call_ms": summary(calls),
            "reload_to_swap_ms": summary(windows),
        }

    def sessions(self, count: int, every: int) -> dict[str, Any]:
        """Simulated patients through KioskApp.move()/reset() (no touch, animation off).

        Each session picks a language, taps Start, opens one section (in turn, so every slide
        comes up), reads it to its end answering the questions, and leaves (reset, as the idle
        timeout does); every 8th session reads the whole course instead and ends on QR and Thanks.
        Events (repaints, deleteLater) are processed after each session. Growth is counted from
        the RSS after a warm-up of `every` sessions, both read after gc.collect(). Then, with
        the usage log flushed, we time KioskApp.usage_brief(): the staff panel's summary, which
        the UI thread waits for."""
        k = self.kiosk
        j = k.journey
        k.slides.animate = False
        langs = self.languages()
        self.timer.remove()  # measure the app, not our own bookkeeping
        self.timer.passes.clear()
        self.timer.ticks.clear()

        def read_on(stop_at: int) -> None:
            guard = 0
            while j.screen is Screen.SLIDE and j.index < stop_at and guard < 10_000:
                guard += 1
                if isinstance(j.place.slide, CheckSlide):
                    k.choose_answer(guard % 2)
                k.move(j.next)

        def one(n: int) -> None:
            k.slides.animate = False  # a content swap turns it back on from the settings
            k.idle.activity()
            k.choose_language(langs[n % len(langs)])
            k.move(j.start)
            sections = j.language.sections
            if n % 8 == 0:
                k.move(j.begin)
                read_on(len(j.slides))
                k.move(j.finish)
            else:
                pick = n % len(sections)
                k.move(lambda: j.open_section(pick))
                read_on(j.section_start(pick) + len(sections[pick].slides))
            k.reset(Reason.IDLE)
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

        for n in range(every):
            one(n)
        gc.collect()
        start_rss = proc_status_mb("VmRSS")
        started = time.perf_counter()
        checkpoints: list[dict[str, float]] = []
        for n in range(1, count + 1):
            one(n)
            if n % every == 0 or n == count:
                checkpoints.append(
                    {
                        "sessions": n,
                        "rss_mb": round(proc_status_mb("VmRSS"), 1),
                        "seconds": round(time.perf_counter() - started, 1),
                    }
                )
        gc.collect()
        end_rss = proc_status_mb("VmRSS")
        self.usage.flush(timeout=120)
        briefs: list[float] = []
        for _ in range(5):
            begun = time.perf_counter()
            k.usage_brief()
            briefs.append(ms(time.perf_counter() - begun))
        return {
            "sessions": count,
            "staff_summary_ms": round(median(briefs), 1),
            "rss_start_mb": round(start_rss, 1),
            "rss_end_mb": round(end_rss, 1),
            "growth_mb": round(end_rss - start_rss, 1),
            "seconds": round(time.perf_counter() - started, 1),
            "widgets": len(QApplication.allWidgets()),
            "checkpoints": checkpoints,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sessions", type=int, default=None, help="0 skips the session run")
    args = parser.parse_args()
    quick = args.quick
    sessions = args.sessions if args.sessions is not None else (200 if quick else 2000)
    results: dict[str, Any] = {"platform": QApplication.platformName() or "?"}
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-ui-") as tmp:
        bench = Bench(Path(tmp))
        results["platform"] = QApplication.platformName()
        parts: list[tuple[str, Callable[[], dict[str, Any]]]] = [
            ("window", bench.show),
            ("journey", bench.full_journey),
            ("navigation", lambda: bench.navigation(100 if quick else 300)),
            ("transitions", lambda: bench.transitions(12 if quick else 40)),
            ("qr", lambda: bench.qr(20 if quick else 50)),
            ("reload", lambda: bench.reload_block(3 if quick else 7)),
        ]
        if sessions:  # last: it fills the usage log, which slows what reads it
            parts.append(("sessions", lambda: bench.sessions(sessions, max(sessions // 8, 25))))
        for name, part in parts:
            started = time.perf_counter()
            try:
                results[name] = part()
            except Exception as exc:  # noqa: BLE001 - one broken part must not hide the others
                traceback.print_exc()
                results[name] = {"error": f"{type(exc).__name__}: {exc}"}
            print(
                f"  {results['platform']}: {name} {time.perf_counter() - started:.1f}s",
                file=sys.stderr,
                flush=True,
            )
        bench.close()
    args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
