"""Usage summaries: `kiosk stats` (text and CSV) and the staff panel's brief."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.core.usage.log import UsageLog
from kiosk.core.usage.report import last_days_brief, print_summary
from tests.drive import run_cli
from tests.usage_script import DAY2, DateClock, script

pytestmark = pytest.mark.usefixtures("writers_stopped")


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
        ["printed", "es", "", "0"],
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
        ["qr_shown", "en", "", "2"],
        ["printed", "en", "", "2"],
        ["printed", "all", "", "2"],
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
    assert "  take-home QR shown    2 sessions\n  printed copies        2\n" in text
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
