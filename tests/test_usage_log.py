"""The anonymous usage log: exact counts, privacy, damaged files, migration, retention."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.core.usage import log as usage
from kiosk.core.usage.log import UsageLog
from tests.usage_script import DateClock, script, visit

pytestmark = pytest.mark.usefixtures("writers_stopped")


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
    assert (s.total.qr_shown, s.by_language["es"].qr_shown) == (2, 0)
    assert (s.total.printed, s.by_language["en"].printed, s.by_language["es"].printed) == (2, 2, 0)
    assert dict(s.total.accessibility) == {"text_size": 1}
    assert dict(s.total.content_versions) == {"v1": 6}

    since = log.summary(since=date(2026, 11, 3))
    assert since.sessions_per_day == {date(2026, 11, 3): 3}
    assert since.top_stop["all"] == ("makeup", 1)  # tie with "what": alphabetical


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
    assert f"updated from schema v1 to v{usage.SCHEMA_VERSION}" in caplog.text
    log.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (usage.SCHEMA_VERSION,)
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
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()
    assert version == (usage.SCHEMA_VERSION + 1,)


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
