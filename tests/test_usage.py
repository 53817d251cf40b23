"""The anonymous usage log: exact counts, privacy, damaged files, migration, retention, CLI."""

from __future__ import annotations

import csv
import logging
import os
import sqlite3
import subprocess
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core import usage
from kiosk.core.journey import Reason
from kiosk.core.usage import UsageLog
from kiosk.core.usage_report import last_days_brief, print_summary
from tests.drive import run_cli

ROOT = Path(__file__).resolve().parents[1]
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


@pytest.fixture(autouse=True)
def _no_writer_left_running() -> Iterator[None]:
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


def test_scripted_sessions_come_out_exactly(
    open_log: Callable[..., UsageLog], wall: DateClock
) -> None:
    log = open_log()
    script(log, wall)
    s = log.summary()
    assert list(s.by_language) == ["all", "en", "es"]
    assert s.sessions_per_day == {date(2026, 11, 2): 3, date(2026, 11, 3): 3}
    assert s.by_language["en"].per_day == {date(2026, 11, 2): 2, date(2026, 11, 3): 2}
    assert s.by_language["es"].per_day == {date(2026, 11, 2): 1, date(2026, 11, 3): 1}
    assert dict(s.total.ended) == {"finished": 2, "idle_reset": 1, "left_early": 2, "open": 1}
    assert s.funnel == {
        "all": {"basics": 5, "care": 2},
        "en": {"basics": 3, "care": 2},
        "es": {"basics": 2},
    }
    assert s.median_seconds == {"all": 200, "en": 300, "es": 150}
    assert s.top_stop == {"all": ("makeup", 2), "en": ("what", 1), "es": ("makeup", 2)}
    assert s.right_rates == {
        "all": {"check-1": 2 / 3, "check-2": 1.0},
        "en": {"check-1": 0.5, "check-2": 1.0},
        "es": {"check-1": 1.0},
    }
    assert (s.total.qr_shown, s.by_language["es"].qr_shown) == (1, 0)
    assert dict(s.total.accessibility) == {"text_size": 1}
    assert dict(s.total.content_versions) == {"v1": 6}

    since = log.summary(since=date(2026, 11, 3))
    assert since.sessions_per_day == {date(2026, 11, 3): 3}
    assert since.top_stop["all"] == ("makeup", 1)  # tie with "what": alphabetical


def test_csv_rows_are_tidy_and_exact(
    open_log: Callable[..., UsageLog], wall: DateClock, tmp_path: Path
) -> None:
    log = open_log()
    script(log, wall)
    out = tmp_path / "stats.txt"
    with out.open("w") as stream:
        code = print_summary(log.summary(), log.path, csv_path=tmp_path / "x.csv", out=stream)
    assert code == 0
    with (tmp_path / "x.csv").open(newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["metric", "language", "key", "value"]
    assert [r for r in rows if r[1] == "es"] == [
        ["sessions", "es", "", "2"],
        ["sessions_per_day", "es", "2026-11-02", "1"],
        ["sessions_per_day", "es", "2026-11-03", "1"],
        ["ended", "es", "finished", "0"],
        ["ended", "es", "idle_reset", "1"],
        ["ended", "es", "left_early", "1"],
        ["ended", "es", "open", "0"],
        ["section_reached", "es", "basics", "2"],
        ["median_session_seconds", "es", "", "150"],
        ["session_minutes", "es", "1", "1"],
        ["session_minutes", "es", "3", "1"],
        ["stopped_at", "es", "makeup", "2"],
        ["answered", "es", "check-1", "1"],
        ["answered_right", "es", "check-1", "1"],
        ["right_rate", "es", "check-1", "1.000"],
        ["qr_shown", "es", "", "0"],
        ["content_version", "es", "v1", "2"],
    ]
    for row in (
        ["sessions_per_day", "all", "2026-11-02", "3"],
        ["section_reached", "en", "care", "2"],
        ["median_session_seconds", "all", "", "200"],
        ["stopped_at", "all", "makeup", "2"],
        ["stopped_at", "all", "what", "1"],
        ["answered", "all", "check-1", "3"],
        ["answered_right", "all", "check-1", "2"],
        ["right_rate", "all", "check-1", "0.667"],
        ["accessibility", "en", "text_size", "1"],
    ):
        assert row in rows
    text = out.read_text()
    assert "  2026-11-02           3     2     1\n" in text
    assert "Language es: 2 sessions (1 idle reset, 1 left early)" in text
    assert (
        "All languages: 6 sessions (2 finished, 1 idle reset, 2 left early, 1 still open)" in text
    )
    assert "most stop at          makeup (2 of 3 that did not finish)" in text
    assert "check-1 2/3 (67%)" in text
    assert f"wrote {len(rows) - 1} rows to" in text


def test_staff_brief_covers_the_last_days(
    open_log: Callable[..., UsageLog], wall: DateClock
) -> None:
    log = open_log()
    script(log, wall)
    wall.now = DAY2
    assert last_days_brief(log.recent(1, timeout=5), 1) == [
        "Last 1 day: 3 sessions, 0 finished (0%)",
        "Median time: 1 min 20 s",
        "Most stop at: makeup (1)",
        "Languages: en 2, es 1",
    ]
    wall.now = DAY2 + timedelta(days=30)
    assert last_days_brief(log.recent(7, timeout=5), 7) == ["No sessions in the last 7 days."]


def test_only_ids_and_codes_are_stored(
    open_log: Callable[..., UsageLog],
    wall: DateClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = open_log()
    log.session_started("English please", "v1")  # not a code: no session at all
    log.answered("check-1", True)
    log.session_started("en", "abc123")
    log.answered("Maria Lopez, born 1980", True)
    log.accessibility_used("make it bigger please")
    log.language_changed("Español (México)")
    log.slide_viewed("what", "basics", 12.6)
    log.session_ended("because she was called in")  # not an ending: the session stays open
    log.session_ended("finished")
    log.close()
    assert not log.running

    assert not (tmp_path / "usage.sqlite3-wal").exists()  # closed: everything is in the file
    raw = (tmp_path / "usage.sqlite3").read_bytes()
    assert b"Maria" not in raw
    assert b"please" not in raw
    db = sqlite3.connect(tmp_path / "usage.sqlite3")
    columns = {row[1] for row in db.execute("PRAGMA table_info(sessions)")}
    assert columns == {"id", "day", "language", "ended", "seconds", "content_version"}
    assert db.execute("SELECT day, language, ended, seconds FROM sessions").fetchall() == [
        ("2026-11-02", "en", "finished", 0)  # the day only: no time of day
    ]
    events = db.execute("SELECT kind, key, section, value FROM events ORDER BY seq").fetchall()
    assert events == [("slide", "what", "basics", 13)]
    for table in ("sessions", "events"):
        for row in db.execute(f"SELECT * FROM {table}"):
            for value in row:
                assert isinstance(value, int) or usage.TOKEN.fullmatch(value) or value == ""
    db.close()
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 4
    assert all("Maria" not in r.getMessage() for r in caplog.records)


def test_unusable_folder_drops_events_with_one_warning(
    open_log: Callable[..., UsageLog],
    wall: DateClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    log = open_log(blocker / "usage.sqlite3")
    caplog.set_level(logging.WARNING, logger="kiosk.usage")
    for _ in range(3):
        visit(log, wall, "en", [("what", "basics", 5)], (("check-1", True),), "finished", 30)
    log.flush()
    warnings = [r for r in caplog.records if r.name == "kiosk.usage"]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "usage events are dropped" in warnings[0].getMessage()
    assert log.summary().total.sessions == 0
    log.close()
    assert not log.running
    assert blocker.read_text() == "a file where the data folder should be"


def test_locked_database_is_logged_and_recovers(
    open_log: Callable[..., UsageLog],
    wall: DateClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "usage.sqlite3"
    first = open_log(path)
    visit(first, wall, "en", [], (), "finished", 10)
    first.close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    log = open_log(path, busy_timeout=0.01)
    visit(log, wall, "en", [("what", "basics", 5)], (), "finished", 10)
    log.flush()
    locked = [r for r in caplog.records if "locked" in r.getMessage()]
    assert len(locked) == 1
    assert locked[0].levelno == logging.WARNING
    other.execute("ROLLBACK")
    other.close()
    visit(log, wall, "es", [("what", "basics", 5)], (), "finished", 10)
    assert dict(log.summary().total.content_versions) == {"v1": 2}
    assert list(log.summary().by_language) == ["all", "en", "es"]


def test_corrupt_database_is_set_aside_and_a_fresh_one_works(
    open_log: Callable[..., UsageLog],
    wall: DateClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "usage.sqlite3"
    junk = os.urandom(8192)
    path.write_bytes(junk)
    log = open_log(path)
    visit(log, wall, "en", [("what", "basics", 5)], (("check-1", False),), "finished", 42)
    summary = log.summary()
    assert summary.total.sessions == 1
    assert summary.total.right_rates == {"check-1": 0.0}
    (aside,) = tmp_path.glob("usage.sqlite3.corrupt-2026110[23]-*")
    assert aside.read_bytes() == junk
    assert [r.levelno for r in caplog.records if "damaged" in r.getMessage()] == [logging.WARNING]
    log.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (usage.SCHEMA_VERSION,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.close()


def test_version_1_database_is_migrated(
    open_log: Callable[..., UsageLog], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.usage")
    path = tmp_path / "usage.sqlite3"
    db = sqlite3.connect(path)
    for sql in usage.MIGRATIONS[0]:
        db.execute(sql)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO sessions VALUES (7, '2026-10-30', 'en', 'idle_reset', 120)")
    db.execute("INSERT INTO events VALUES (7, 1, 'slide', 'what', 'basics', 30)")
    db.commit()
    db.close()
    log = open_log(path)
    log.session_started("es", "abc123")
    log.session_ended("finished")
    s = log.summary()
    assert s.total.sessions == 2
    assert dict(s.total.content_versions) == {"unknown": 1, "abc123": 1}
    assert s.top_stop["en"] == ("what", 1)
    assert "updated from schema v1 to v2" in caplog.text
    log.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (2,)
    indexes = {row[1] for row in db.execute("PRAGMA index_list(sessions)")}
    assert "sessions_by_day" in indexes
    db.close()


def test_newer_schema_is_left_alone(
    open_log: Callable[..., UsageLog],
    wall: DateClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "usage.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {usage.SCHEMA_VERSION + 1}")
    db.close()
    log = open_log(path)
    visit(log, wall, "en", [], (), "finished", 10)
    assert "newer kiosk" in log.summary().error
    assert any("newer kiosk" in r.getMessage() for r in caplog.records)
    log.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (3,)


def test_old_sessions_are_pruned_when_writing_not_when_reading(
    open_log: Callable[..., UsageLog], wall: DateClock, tmp_path: Path
) -> None:
    path = tmp_path / "usage.sqlite3"
    first = open_log(path)
    for day in (datetime(2025, 1, 1, 10), datetime(2025, 6, 1, 10)):
        wall.now = day
        visit(first, wall, "en", [("what", "basics", 5)], (), "finished", 10)
    first.close()

    wall.now = datetime(2026, 1, 10, 10)
    reader = open_log(path, retention_days=365)
    assert reader.summary().total.sessions == 2  # `kiosk stats` never deletes
    reader.close()

    log = open_log(path, retention_days=365)
    visit(log, wall, "en", [("sun", "care", 5)], (), "finished", 10)
    days = {d.isoformat() for d in log.summary().sessions_per_day}
    assert days == {"2025-06-01", "2026-01-10"}
    log.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT COUNT(*) FROM events").fetchone() == (2,)
    db.close()


def test_recording_returns_while_the_writer_is_busy(
    open_log: Callable[..., UsageLog], wall: DateClock
) -> None:
    log = open_log()
    gate = threading.Event()
    log._submit(gate.wait)  # the writer is stuck, as on a slow disk

    def patient() -> None:
        log.session_started("en", "v1")
        for i in range(500):
            log.slide_viewed("what", "basics", i)
        log.session_ended("finished")

    caller = threading.Thread(target=patient)
    caller.start()
    caller.join(timeout=30)
    finished_while_stuck = not caller.is_alive()
    gate.set()
    assert finished_while_stuck
    assert log.summary().total.reached == {"basics": 1}


def test_close_stops_the_thread_and_later_calls_are_ignored(
    open_log: Callable[..., UsageLog],
) -> None:
    log = open_log()
    assert log.running
    log.session_started("en", "v1")
    log.close()
    assert not log.running
    log.answered("check-1", True)
    log.flush()
    log.close()
    assert log.summary().error == "the usage log is closed"


def test_retention_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        UsageLog(tmp_path / "usage.sqlite3", retention_days=0)


# -- the command line ---------------------------------------------------------------------------
def run_stats(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("stats", *args, data=data)


def test_cli_stats_prints_and_writes_csv(
    open_log: Callable[..., UsageLog], wall: DateClock, tmp_path: Path
) -> None:
    log = open_log(tmp_path / "usage.sqlite3")
    script(log, wall)
    log.close()
    out = run_stats(tmp_path, "--csv", str(tmp_path / "x.csv"))
    assert out.returncode == 0, out.stderr
    assert "Kiosk usage, all kept days" in out.stdout
    assert "All languages: 6 sessions" in out.stdout
    assert "median session time   3 min 20 s" in out.stdout
    with (tmp_path / "x.csv").open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {"metric": "section_reached", "language": "en", "key": "care", "value": "2"} in rows

    since = run_stats(tmp_path, "--since", "2026-11-03")
    assert since.returncode == 0, since.stderr
    assert "Kiosk usage, since 2026-11-03" in since.stdout
    assert "2026-11-02" not in since.stdout


def test_cli_stats_without_data_is_friendly(tmp_path: Path) -> None:
    out = run_stats(tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "no sessions recorded yet (all kept days)"
    assert not (tmp_path / "usage.sqlite3").exists()  # reading creates nothing
    sqlite3.connect(tmp_path / "usage.sqlite3").close()  # an empty file
    out = run_stats(tmp_path, "--csv", str(tmp_path / "x.csv"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("no sessions recorded yet")
    assert (tmp_path / "x.csv").read_text().strip() == "metric,language,key,value"


# -- from the real app's signals ------------------------------------------------------------------
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
