"""Counts and health as a Prometheus text file (kiosk.core.usage.metrics), without Qt."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.core.usage.log import UsageLog
from kiosk.core.usage.metrics import MetricsWriter, describe

ROOT = Path(__file__).resolve().parents[1]
ALLOWED_LABELS = {"kiosk", "section", "question", "language", "result", "option", "version", "tag"}


class Wall:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def samples(path: Path) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a written file, parsed by prometheus_client's own parser."""
    found = {}
    for family in text_string_to_metric_families(path.read_text()):
        for s in family.samples:
            if s.name.endswith("_created"):
                continue
            labels = tuple(sorted((k, v) for k, v in s.labels.items() if k != "kiosk"))
            found[(s.name, labels)] = s.value
    return found


def patient(log: UsageLog, wall: Wall, how: str, lang: str = "en") -> None:
    log.session_started(lang, "abc123")
    log.slide_viewed("what", "basics", 12)
    log.slide_viewed("sun", "care", 4)
    log.answered("check-sun", how == "finished")
    log.answered("check-sun", True)  # a second try is not a first try
    log.accessibility_used("text_size")
    if how == "finished":
        log.qr_shown()
        if lang == "es":
            log.take_home_printed()  # only that a copy was printed
    log.session_ended(how)


@pytest.fixture
def writer(tmp_path: Path):
    made: list[MetricsWriter] = []

    def make(log: UsageLog) -> MetricsWriter:
        w = MetricsWriter(tmp_path / "textfiles", log.path, log.flush, interval=3600, name="t1")
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()


def test_the_file_holds_lifetime_counts_with_prometheus_names(tmp_path: Path, writer) -> None:
    wall = Wall(datetime(2026, 11, 2, 9))
    log = UsageLog(tmp_path / "usage.sqlite3", clock=wall)
    patient(log, wall, "finished")
    patient(log, wall, "idle_reset", "es")
    patient(log, wall, "finished", "es")
    w = writer(log)
    w.write_now()
    log.close()
    got = samples(w.path)
    assert got[("kiosk_sessions_started_total", ())] == 3
    assert got[("kiosk_sessions_finished_total", ())] == 2
    assert got[("kiosk_sessions_idle_reset_total", ())] == 1
    assert got[("kiosk_sessions_left_early_total", ())] == 0
    assert got[("kiosk_slides_viewed_total", (("section", "basics"),))] == 3
    assert got[("kiosk_takehome_shown_total", ())] == 2
    assert got[("kiosk_takehome_printed_total", ())] == 1
    assert got[("kiosk_accessibility_used_total", (("option", "text_size"),))] == 3
    first = "kiosk_check_answers_first_try_total"
    q = ("question", "check-sun")
    assert got[(first, (("language", "en"), q, ("result", "right")))] == 1
    assert got[(first, (("language", "es"), q, ("result", "right")))] == 1
    assert got[(first, (("language", "es"), q, ("result", "wrong")))] == 1
    assert w.path.name == "kiosk-t1.prom"


def test_counters_never_go_down_when_old_sessions_are_pruned(tmp_path: Path, writer) -> None:
    wall = Wall(datetime(2025, 1, 1, 10))
    path = tmp_path / "usage.sqlite3"
    log = UsageLog(path, retention_days=30, clock=wall)
    patient(log, wall, "finished")
    patient(log, wall, "idle_reset")
    w = writer(log)
    w.write_now()
    before = samples(w.path)
    log.close()
    wall.now = datetime(2026, 1, 1, 10)  # a year later: both sessions are past retention
    log = UsageLog(path, retention_days=30, clock=wall)
    patient(log, wall, "finished")  # starting a session prunes the old ones
    w.database = log.path
    w.flush = log.flush
    w.write_now()
    log.close()
    after = samples(w.path)
    import sqlite3

    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM sessions").fetchone() == (1,)
    for key, value in before.items():
        if key[0].endswith("_total"):
            assert after[key] >= value, key
    assert after[("kiosk_sessions_started_total", ())] == 3
    assert after[("kiosk_sessions_finished_total", ())] == 2
    assert after[("kiosk_slides_viewed_total", (("section", "care"),))] == 3


def test_health_metrics_and_no_label_about_a_patient_or_a_time(tmp_path: Path, writer) -> None:
    wall = Wall(datetime(2026, 11, 2, 9))
    log = UsageLog(tmp_path / "usage.sqlite3", clock=wall)
    patient(log, wall, "finished")
    w = writer(log)
    w.content_loaded("abc123", "v12")
    w.crash_recovered()
    w.crash_recovered()
    w.write_now()
    log.close()
    got = samples(w.path)
    info = ("kiosk_content_info", (("tag", "v12"), ("version", "abc123")))
    assert got[info] == 1
    assert got[("kiosk_content_load_ok", ())] == 1
    assert got[("kiosk_crashes_recovered_total", ())] == 2
    assert abs(got[("kiosk_heartbeat_timestamp_seconds", ())] - time.time()) < 3600
    assert got[("kiosk_uptime_seconds", ())] >= 0
    text = w.path.read_text()
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            assert set(s.labels) <= ALLOWED_LABELS, s
            for value in s.labels.values():
                assert not re.search(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}", value), s
    # A restart counts on from the file beside the usage database.
    log = UsageLog(tmp_path / "usage.sqlite3", clock=wall)
    again = writer(log)
    again.write_now()
    log.close()
    assert samples(again.path)[("kiosk_crashes_recovered_total", ())] == 2


def test_every_metric_is_documented(tmp_path: Path, writer) -> None:
    log = UsageLog(tmp_path / "usage.sqlite3")
    w = writer(log)
    w.write_now()
    log.close()
    docs = (ROOT / "docs" / "fleet.md").read_text()
    names = describe(w.path)
    assert len(names) >= 16
    for name, help_text in names.items():
        assert help_text, name
        assert f"`{name.removesuffix('_total')}" in docs, f"{name} is not in docs/fleet.md"


def test_the_file_is_replaced_whole_while_a_collector_reads_it(tmp_path: Path, writer) -> None:
    wall = Wall(datetime(2026, 11, 2, 9))
    log = UsageLog(tmp_path / "usage.sqlite3", clock=wall)
    patient(log, wall, "finished")
    w = writer(log)
    w.write_now()
    stop = threading.Event()
    bad: list[str] = []

    def collector() -> None:
        while not stop.is_set():
            text = w.path.read_text()
            if not text.endswith("\n") or "kiosk_heartbeat_timestamp_seconds{" not in text:
                bad.append(text[-80:])

    reader = threading.Thread(target=collector)
    reader.start()
    deadline = time.monotonic() + 30
    for _ in range(50):
        w.write_now()
        assert time.monotonic() < deadline
    stop.set()
    reader.join(timeout=10)
    log.close()
    assert bad == []
    assert [p.name for p in w.path.parent.iterdir()] == ["kiosk-t1.prom"]


def test_a_poke_writes_the_file_from_the_writer_thread(tmp_path: Path, writer) -> None:
    log = UsageLog(tmp_path / "usage.sqlite3")
    w = writer(log)
    w.poke()
    deadline = time.monotonic() + 10
    while w.writes == 0:
        assert time.monotonic() < deadline, "no write after a poke"
        time.sleep(0.02)
    log.close()
    assert w.path.is_file()


@pytest.fixture(autouse=True)
def _no_thread_left_running() -> Iterator[None]:
    """Every usage log and metrics writer a test makes is closed, and its thread ends."""
    yield
    alive = [t for t in threading.enumerate() if t.name in ("kiosk-usage", "kiosk-metrics")]
    assert not alive, f"threads left running: {alive}"
