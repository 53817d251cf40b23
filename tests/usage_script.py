"""A scripted usage log shared by the usage tests: a wall clock moved by hand, sessions with
known counts, and fixtures that open logs (each closed after the test, its thread stopped)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.usage.log import UsageLog

DAY1 = datetime(2026, 11, 2, 9, 0, 0)
DAY2 = datetime(2026, 11, 3, 14, 0, 0)


class DateClock:
    """An injectable wall clock; tests move it by hand."""

    def __init__(self, now: datetime = DAY1) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def writers_stopped() -> Iterator[None]:
    """Every UsageLog a test makes must be closed, and closing must stop its thread."""
    yield
    alive = [t for t in threading.enumerate() if t.name == "kiosk-usage"]
    assert not alive, f"usage writer threads left running: {alive}"


@pytest.fixture
def wall() -> DateClock:
    return DateClock()


@pytest.fixture
def open_log(tmp_path: Path, wall: DateClock) -> Iterator[Callable[..., UsageLog]]:
    made: list[UsageLog] = []

    def make(path: Path | None = None, **kw: object) -> UsageLog:
        log = UsageLog(path or tmp_path / "usage.sqlite3", clock=wall, **kw)
        made.append(log)
        return log

    yield make
    for log in made:
        log.close()


def visit(
    log: UsageLog,
    wall: DateClock,
    lang: str,
    slides: list[tuple[str, str, float]],
    answers: tuple[tuple[str, bool], ...] = (),
    how: str | None = None,
    seconds: float = 0,
    qr: bool = False,
    version: str = "v1",
) -> None:
    log.session_started(lang, version)
    for slide, section, secs in slides:
        log.slide_viewed(slide, section, secs)
    for question, right in answers:
        log.answered(question, right)
    if qr:
        log.qr_shown()
    wall.advance(seconds)
    if how:
        log.session_ended(how)


def script(log: UsageLog, wall: DateClock) -> None:
    """Six sessions over two days: 2 finished (en), 1 idle reset (es), 2 left early, 1 open."""
    log.answered("check-1", False)  # before any session: ignored
    log.slide_viewed("what", "basics", 5)
    log.session_ended("finished")
    wall.now = DAY1
    both = [("what", "basics", 20), ("makeup", "basics", 30), ("sun", "care", 25)]
    visit(log, wall, "en", both, (("check-1", True), ("check-2", True)), "finished", 300, qr=True)
    log.answered("check-2", False)  # after the end: ignored
    log.session_ended("idle_reset")  # ended twice: ignored
    log.session_started("en", "v1")
    log.slide_viewed("what", "basics", 40)
    log.slide_viewed("makeup", "basics", 50)
    log.slide_viewed("sun", "care", 60)
    log.answered("check-1", False)  # the first try counts
    log.answered("check-1", True)
    log.accessibility_used("text_size")
    log.accessibility_used("text_size")  # one session, counted once
    log.qr_shown()
    log.take_home_printed()  # the patient's copy, and one staff printed on request: 2 copies
    log.take_home_printed()
    wall.advance(400)
    log.session_ended("finished")
    basics = [("what", "basics", 30), ("makeup", "basics", 45)]
    visit(log, wall, "es", basics, (("check-1", True),), "idle_reset", 200)
    wall.now = DAY2
    visit(log, wall, "en", [("what", "basics", 10)], (), "left_early", 60)
    log.session_started("en", "v1")
    log.language_changed("es")  # the session counts for the language it ended in
    log.slide_viewed("what", "basics", 15)
    log.slide_viewed("makeup", "basics", 20)
    wall.advance(100)
    log.session_ended("left_early")
    log.session_started("en", "v1")  # still open when the summary is read
