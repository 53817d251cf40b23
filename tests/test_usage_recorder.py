"""From the kiosk's session events to anonymous counts (kiosk.core.usage.recorder)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.core.content.loader import load_content
from kiosk.core.content.model import Content
from kiosk.core.session.journey import Control, Ending, Reason, Screen
from kiosk.core.usage.log import UsageLog
from kiosk.core.usage.recorder import UsageRecorder
from kiosk.core.usage.report import last_days_brief
from tests.conftest import FakeClock

pytestmark = pytest.mark.usefixtures("writers_stopped")


@pytest.fixture
def content(content_dir: Path) -> Content:
    loaded = load_content(content_dir).content
    assert loaded is not None
    return loaded


# -- the mapping, without Qt ----------------------------------------------------------------------
def test_events_map_to_counts_only_inside_a_session(
    open_log: Callable[..., UsageLog], content: Content
) -> None:
    log = open_log()
    clock = FakeClock()
    r = UsageRecorder(log, content, clock=clock)
    r.language_changed("es")  # nobody is in a session yet: not counted
    r.accessibility_used(Control.TEXT_SIZE)
    r.slide_shown("what")
    r.session_started("es")
    r.slide_shown("what")
    clock.now += 12
    r.slide_shown("what")  # drawn again (a resize): the same viewing
    clock.now += 3
    r.slide_shown("sun")
    clock.now += 7
    r.answered("check-sun", True)
    r.screen_shown(Screen.QR)
    r.session_ended(Ending.FINISHED)
    r.answered("check-sun", False)  # after the end: not counted
    r.session_ended(Ending.IDLE_RESET)  # nothing open: nothing ended
    s = log.summary().by_language["es"]
    assert dict(s.ended) == {"finished": 1}
    assert s.funnel == {"basics": 1, "care": 1}  # sections from the content
    assert s.right_rates == {"check-sun": 1.0}
    assert s.qr_shown == 1
    assert dict(s.content_versions) == {content.checksum: 1}
    assert list(log.summary().by_language) == ["all", "es"]


# -- from the real app's events -------------------------------------------------------------------
@pytest.fixture
def recorded(make_kiosk, clock, open_log):
    """The real KioskApp with a usage log, wired by the app itself."""
    log = open_log()
    kiosk = make_kiosk()
    kiosk.attach_usage(log)
    return kiosk, log


def test_recorder_follows_a_finished_journey(recorded, clock) -> None:
    kiosk, log = recorded
    j = kiosk.journey
    kiosk.choose_language("es")
    kiosk.move(j.start)
    kiosk.move(j.begin)
    for _ in range(3):
        clock.now += 10
        kiosk.move(j.next)
    kiosk.choose_answer(1)
    clock.now += 10
    kiosk.move(j.next)  # to the QR screen
    kiosk.move(j.finish)
    kiosk.thanks.dismissed.emit()
    s = log.summary().by_language["es"]
    assert dict(s.ended) == {"finished": 1}
    assert s.funnel == {"basics": 1, "care": 1}
    assert s.right_rates == {"check-sun": 0.0}
    assert s.qr_shown == 1
    assert list(log.summary().by_language) == ["all", "es"]
    kiosk.move(j.start)  # the next patient, back in the default language
    kiosk.move(j.back)  # and gone again from the overview
    assert dict(log.summary().by_language["en"].ended) == {"left_early": 1}


def test_recorder_counts_an_idle_reset_and_where_it_stopped(recorded, clock, qtbot) -> None:
    kiosk, log = recorded
    j = kiosk.journey
    kiosk.move(j.start)
    kiosk.move(lambda: j.open_section(1))
    clock.now += 90
    with qtbot.waitSignal(kiosk.idle_warned, timeout=2000):
        pass
    clock.now += 16
    with qtbot.waitSignal(kiosk.session_reset, timeout=2000):
        pass
    s = log.summary().total
    assert dict(s.ended) == {"idle_reset": 1}
    assert s.stops == {"sun": 1}
    assert s.funnel == {"care": 1}


def test_recorder_counts_a_reset_without_warning_as_idle(recorded, clock, qtbot) -> None:
    """After a suspend the clock can jump past the whole countdown: still an idle reset."""
    kiosk, log = recorded
    kiosk.move(kiosk.journey.start)
    kiosk.move(kiosk.journey.begin)
    warned: list[bool] = []
    kiosk.idle_warned.connect(lambda: warned.append(True))
    clock.now += 500
    with qtbot.waitSignal(kiosk.session_reset, timeout=2000):
        pass
    assert warned == []
    s = log.summary().total
    assert dict(s.ended) == {"idle_reset": 1}
    assert s.stops == {"what": 1}
    assert dict(s.content_versions) == {kiosk.content.checksum: 1}


def test_staff_panel_shows_the_last_seven_days(recorded) -> None:
    kiosk, log = recorded
    kiosk.move(kiosk.journey.start)
    kiosk.move(kiosk.journey.begin)
    kiosk.reset(Reason.IDLE)
    kiosk.show_staff_status()
    shown = kiosk.staff.panel.usage.text()
    assert shown == "\n".join(last_days_brief(log.recent(7, timeout=3), 7))
    assert "1 session" in shown
