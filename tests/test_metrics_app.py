"""The app's side of the metrics file: written at a reset, the content's health kept true."""

from __future__ import annotations

from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.core.session.journey import Reason
from kiosk.core.usage.log import UsageLog


def value(path: Path, name: str) -> float | None:
    if not path.is_file():
        return None
    for family in text_string_to_metric_families(path.read_text()):
        for s in family.samples:
            if s.name == name:
                return float(s.value)
    return None


@pytest.fixture
def wired(make_kiosk, content_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("KIOSK_METRICS_DIR", str(tmp_path / "textfiles"))
    monkeypatch.setenv("KIOSK_NAME", "lobby")
    data = tmp_path / "data"
    data.mkdir()
    log = UsageLog(data / "usage.sqlite3")
    kiosk = make_kiosk(data_folder=data, content_dir=content_dir)
    kiosk.attach_usage(log)
    writer = kiosk.attach_metrics()
    assert writer is not None
    yield kiosk, writer
    writer.close()
    log.close()


def test_a_reset_writes_the_file_with_the_session_counted(wired, qtbot) -> None:
    kiosk, writer = wired
    assert writer.path.name == "kiosk-lobby.prom"
    kiosk.move(kiosk.journey.start)
    kiosk.move(kiosk.journey.begin)
    kiosk.reset(Reason.IDLE)  # an idle reset: no waiting for the minute's write
    qtbot.waitUntil(
        lambda: value(writer.path, "kiosk_sessions_idle_reset_total") == 1, timeout=10_000
    )
    assert value(writer.path, "kiosk_sessions_started_total") == 1


def test_a_fixed_edit_clears_a_failed_load(wired, qtbot, content_dir: Path) -> None:
    kiosk, writer = wired
    path = content_dir / "en" / "02-care.yaml"
    good = path.read_text()
    path.write_text("broken: [")
    with qtbot.waitSignal(kiosk.reloader.content_rejected, timeout=10_000):
        kiosk.reloader.reload_now()
    qtbot.waitUntil(lambda: value(writer.path, "kiosk_content_load_ok") == 0, timeout=10_000)
    path.write_text(good)  # the same content as on screen again: no swap, but a good load
    kiosk.reloader.reload_now()
    qtbot.waitUntil(lambda: not kiosk.reloader.problems, timeout=10_000)
    writer.poke()  # the minute's write, brought forward
    qtbot.waitUntil(lambda: value(writer.path, "kiosk_content_load_ok") == 1, timeout=10_000)
