"""The kiosk's counts in a real Prometheus: node_exporter's textfile collector reads the file a
kiosk session driven offscreen writes; Prometheus's HTTP API gives back the right numbers."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from kiosk.core.content.fleet import Fleet, Outcome
from kiosk.core.session.journey import Reason, Screen
from kiosk.core.usage.log import UsageLog
from kiosk.core.usage.metrics import MetricsWriter, describe
from tests.drive import tap
from tests.gitrepo import ContentRepo
from tests.promstack import PROMTOOL, RULES, need_engines, prometheus_stack, wait_for

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "deploy" / "grafana" / "kiosk-dashboard.json"


def finish_a_session(kiosk, wrong: bool = True) -> None:
    """A patient reads every slide, answers the check question, takes the QR code, leaves."""
    tap(kiosk.welcome.start)
    tap(kiosk.overview.begin)
    while kiosk.journey.screen is Screen.SLIDE:
        slide = kiosk.journey.place.slide
        if getattr(slide, "answers", None) and kiosk.journey.chosen(slide.id) is None:
            tap(kiosk.slides.check.answers[1 if wrong else 0])
        tap(kiosk.slides.next)
    assert kiosk.journey.screen is Screen.QR
    tap(kiosk.qr.done)
    tap(kiosk.thanks.title)  # dismissed (not on "Show the code again"): the kiosk resets
    assert kiosk.journey.screen is Screen.WELCOME


def leave_idle(kiosk) -> None:
    tap(kiosk.welcome.start)
    tap(kiosk.overview.begin)
    kiosk.reset(Reason.IDLE)  # what the idle countdown does when it runs out


@pytest.fixture
def textfiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "textfiles"
    monkeypatch.setenv("KIOSK_METRICS_DIR", str(folder))
    return folder


def kiosk_on(make_kiosk, monkeypatch, data: Path, name: str, **kw):
    """The real app as `kiosk run` wires it: usage log and metrics writer in `data`."""
    monkeypatch.setenv("KIOSK_NAME", name)
    data.mkdir(parents=True, exist_ok=True)
    log = UsageLog(data / "usage.sqlite3")
    kiosk = make_kiosk(data_folder=data, **kw)
    kiosk.attach_usage(log)
    assert kiosk.attach_metrics() is not None
    return kiosk, log


def close(kiosk, log: UsageLog) -> None:
    """What the end of `kiosk run` does to the counts (make_kiosk stops the app itself)."""
    kiosk.metrics.close()  # writes once more, then its thread stops
    log.close()


def test_alert_rules_pass_promtool() -> None:
    need_engines()
    assert PROMTOOL
    done = subprocess.run([PROMTOOL, "check", "rules", str(RULES)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS: 6 rules found" in done.stdout


def test_each_alert_fires_when_it_should_and_not_before() -> None:
    """promtool's own unit tests of the rules (deploy/prometheus/kiosk-alerts.test.yml)."""
    need_engines()
    assert PROMTOOL
    tests = RULES.with_name("kiosk-alerts.test.yml")
    done = subprocess.run([PROMTOOL, "test", "rules", str(tests)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    text = tests.read_text()
    for alert in re.findall(r"- alert: (\w+)", RULES.read_text()):
        if alert != "KioskMetricsFileUnreadable":  # node_exporter's own error flag, as is
            assert f"alertname: {alert}" in text, f"{alert} has no unit test"


def test_a_session_driven_offscreen_reaches_prometheus_and_counts_continue_after_a_restart(
    make_kiosk, monkeypatch, tmp_path: Path, textfiles: Path
) -> None:
    need_engines()
    data = tmp_path / "kiosk-data"
    with prometheus_stack(textfiles, tmp_path / "prom") as prom:
        kiosk, log = kiosk_on(make_kiosk, monkeypatch, data, "front-desk")
        finish_a_session(kiosk)
        finish_a_session(kiosk, wrong=False)
        leave_idle(kiosk)
        finished = "kiosk_sessions_finished_total"
        wait_for(lambda: prom.values(finished) == {"front-desk": 2.0}, "2 finished sessions")
        assert prom.values("kiosk_sessions_idle_reset_total") == {"front-desk": 1.0}
        wrong = 'kiosk_check_answers_first_try_total{result="wrong"}'
        assert prom.values(wrong, by="question") == {"check-sun": 1.0}
        close(kiosk, log)

        # A restart: a new process (app, usage log, writer) on the same data folder.
        kiosk, log = kiosk_on(make_kiosk, monkeypatch, data, "front-desk")
        finish_a_session(kiosk)
        wait_for(lambda: prom.values(finished) == {"front-desk": 3.0}, "3 finished sessions")
        assert prom.values("kiosk_sessions_started_total") == {"front-desk": 4.0}
        assert prom.values(wrong, by="question") == {"check-sun": 2.0}
        assert prom.values("kiosk_content_load_ok") == {"front-desk": 1.0}
        close(kiosk, log)


def test_two_kiosks_follow_one_signed_repository_and_show_up_side_by_side(
    make_kiosk, monkeypatch, qtbot, tmp_path: Path, textfiles: Path
) -> None:
    need_engines()
    repo = ContentRepo(tmp_path / "repo")
    repo.commit("Clinic one")
    repo.tag("v1")
    repo.push()
    url = str(repo.bare)
    datas = {"north": tmp_path / "north", "south": tmp_path / "south"}
    fleets = {}
    for name, data in datas.items():
        repo.trust(data)
        fleets[name] = Fleet(data)
        assert fleets[name].pull(url).outcome is Outcome.SWITCHED
    with prometheus_stack(textfiles, tmp_path / "prom") as prom:
        kiosks = {}
        for name, data in datas.items():
            current = fleets[name].current
            kiosks[name] = kiosk_on(
                make_kiosk, monkeypatch, data, name, root=current, content_dir=current
            )
            assert kiosks[name][0].welcome.clinic.text() == "Clinic one"

        # A forged tag: signed, but not by a key the kiosks trust.
        repo.commit("Forged clinic")
        repo.tag("v2", key=repo.stranger)
        repo.push()
        for name, fleet in fleets.items():
            assert fleet.pull(url).message == "tag v2 is signed by an unknown key"
            kiosk = kiosks[name][0]
            kiosk.show_staff_status()
            assert kiosk.staff.panel.problems.text().startswith(
                "content update refused: tag v2 is signed by an unknown key"
            )
            kiosk.metrics.poke()  # the writer's minute, brought forward
        wait_for(
            lambda: prom.values("kiosk_content_update_refused") == {"north": 1.0, "south": 1.0},
            "the refusal in Prometheus",
        )

        repo.commit("Clinic three")
        repo.tag("v3")
        repo.push()
        for fleet in fleets.values():
            assert fleet.pull(url).outcome is Outcome.SWITCHED
        for kiosk, _ in kiosks.values():  # live reload follows the `current` link's switch
            qtbot.waitUntil(
                lambda k=kiosk: k.welcome.clinic.text() == "Clinic three", timeout=20_000
            )

        north, south = kiosks["north"][0], kiosks["south"][0]
        finish_a_session(north)
        finish_a_session(north)
        finish_a_session(south)
        leave_idle(south)
        wait_for(
            lambda: prom.values("kiosk_sessions_finished_total") == {"north": 2.0, "south": 1.0},
            "both kiosks' finished sessions",
        )
        assert prom.values("kiosk_sessions_idle_reset_total") == {"north": 0.0, "south": 1.0}
        assert prom.values("kiosk_sessions_started_total") == {"north": 2.0, "south": 2.0}
        info = prom.query("kiosk_content_info")
        assert {r["metric"]["kiosk"]: r["metric"]["tag"] for r in info} == {
            "north": "v3",
            "south": "v3",
        }
        assert len({r["metric"]["version"] for r in info}) == 1
        assert {r["metric"]["site"] for r in info} == {"test-site"}
        wait_for(
            lambda: prom.values("kiosk_content_update_refused") == {"north": 0.0, "south": 0.0},
            "the refusal cleared",
        )
        # Every query of the shipped Grafana dashboard runs on this Prometheus.
        for expr in dashboard_queries():
            prom.query(expr.replace("$__range", "1h").replace("$site", ".*"))
        # The shipped alert rules are loaded and healthy.
        rules = [r for g in prom.rule_groups() for r in g["rules"]]
        assert len(rules) == 6
        assert all(r["health"] == "ok" for r in rules), rules
        for kiosk, log in kiosks.values():
            close(kiosk, log)


def dashboard_queries() -> list[str]:
    board = json.loads(DASHBOARD.read_text())
    return [t["expr"] for p in board["panels"] for t in p.get("targets", [])]


def test_the_dashboard_uses_only_metrics_the_kiosk_writes(tmp_path: Path) -> None:
    log = UsageLog(tmp_path / "usage.sqlite3")
    writer = MetricsWriter(tmp_path, log.path, log.flush, interval=3600, name="t")
    writer.write_now()
    writer.close()
    log.close()
    written = set(describe(writer.path))
    queries = dashboard_queries()
    assert len(queries) >= 8
    used = {name for expr in queries for name in re.findall(r"\bkiosk_[a-z_]+", expr)}
    assert used <= written, used - written
    assert "kiosk_check_answers_first_try_total" in used
