"""A real Prometheus and node_exporter for tests (Debian's `prometheus` and
`prometheus-node-exporter`), on free 127.0.0.1 ports, stopped by the test that started them."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "deploy" / "prometheus" / "kiosk-alerts.yml"
PROMETHEUS = shutil.which("prometheus")
NODE_EXPORTER = shutil.which("prometheus-node-exporter") or shutil.which("node_exporter")
PROMTOOL = shutil.which("promtool")


def need_engines() -> None:
    if not (PROMETHEUS and NODE_EXPORTER and PROMTOOL):
        pytest.skip(
            "needs Debian's prometheus and prometheus-node-exporter "
            "(apt-get install prometheus prometheus-node-exporter)"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Callable[[], bool], what: str, seconds: float = 60.0) -> None:
    """Poll a real process until `check` holds, up to a deadline."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.2)


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return json.loads(answer.read())


class Prometheus:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def query(self, promql: str) -> list[dict]:
        data = _get(f"{self.base}/api/v1/query?" + urllib.parse.urlencode({"query": promql}))
        assert data["status"] == "success", data
        return data["data"]["result"]

    def values(self, promql: str, by: str = "kiosk") -> dict[str, float]:
        return {r["metric"].get(by, ""): float(r["value"][1]) for r in self.query(promql)}

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base}/-/ready", timeout=2) as answer:
                return bool(answer.status == 200)
        except OSError:
            return False

    def rule_groups(self) -> list[dict]:
        return _get(f"{self.base}/api/v1/rules")["data"]["groups"]


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


@contextmanager
def prometheus_stack(textfiles: Path, work: Path) -> Iterator[Prometheus]:
    """node_exporter reading `textfiles` (textfile collector only), and Prometheus scraping it
    every second with the shipped alert rules loaded."""
    need_engines()
    assert PROMETHEUS
    assert NODE_EXPORTER
    textfiles.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    node_port, prom_port = free_port(), free_port()
    config = work / "prometheus.yml"
    config.write_text(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        f"rule_files: ['{RULES}']\n"
        "scrape_configs:\n"
        "  - job_name: kiosk-node\n"
        f"    static_configs:\n      - targets: ['127.0.0.1:{node_port}']\n"
        "        labels: {site: test-site}\n"
    )
    logs = (work / "node_exporter.log").open("wb"), (work / "prometheus.log").open("wb")
    started: list[subprocess.Popen[bytes]] = []
    try:
        started.append(
            subprocess.Popen(
                [
                    NODE_EXPORTER,
                    f"--web.listen-address=127.0.0.1:{node_port}",
                    "--collector.disable-defaults",
                    "--collector.textfile",
                    f"--collector.textfile.directory={textfiles}",
                ],
                stdout=logs[0],
                stderr=subprocess.STDOUT,
            )
        )
        started.append(
            subprocess.Popen(
                [
                    PROMETHEUS,
                    f"--config.file={config}",
                    f"--storage.tsdb.path={work / 'tsdb'}",
                    f"--web.listen-address=127.0.0.1:{prom_port}",
                ],
                stdout=logs[1],
                stderr=subprocess.STDOUT,
            )
        )
        prom = Prometheus(prom_port)

        def up() -> bool:
            for proc in started:
                assert proc.poll() is None, (work / "prometheus.log").read_text()[-2000:]
            return prom.ready() and prom.values("up", by="job") == {"kiosk-node": 1.0}

        wait_for(up, "Prometheus to scrape node_exporter")
        yield prom
    finally:
        for proc in reversed(started):
            _stop(proc)
        for log in logs:
            log.close()
