"""Anonymous counts and health as a Prometheus text file, for node_exporter's textfile collector.

The file is built with `prometheus_client` (its own registry, `write_to_textfile`, which writes
a temporary file and renames it, so the collector never reads half a file), every minute and
whenever the app asks (at each reset). Counters are lifetime totals from the usage database
(kiosk.core.usage.totals), so they continue across restarts and never go down when old sessions
are pruned. Labels are ids from the content (section, question, language, accessibility
option), how a session ended, the content's version, and the kiosk's name: nothing about a
patient and nothing about a time of day. Every metric is described in docs/fleet.md.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.usage.totals import COUNTS, Totals, read_totals

if TYPE_CHECKING:  # imported on the writer's thread: prometheus_client (it brings http.server,
    # email and ssl) costs ~33 ms of CPU, too much before the first frame
    from prometheus_client import CollectorRegistry, Counter, Gauge

log = logging.getLogger("kiosk.metrics")

INTERVAL_S = 60.0
CRASHES = "crashes-recovered"  # a one-number file beside the usage database


def kiosk_name() -> str:
    """`KIOSK_NAME` (set per kiosk by deploy/skin-kiosk.service), else the machine's name.
    Two kiosks on one machine share a textfile folder and are told apart by this label."""
    name = os.environ.get("KIOSK_NAME") or os.uname().nodename or "kiosk"  # the host name
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:64]


def metrics_folder(data_folder: Path) -> Path:
    """`KIOSK_METRICS_DIR` (node_exporter's --collector.textfile.directory), else
    `<data>/metrics`."""
    override = os.environ.get("KIOSK_METRICS_DIR")
    return Path(override) if override else data_folder / "metrics"


@dataclass
class Health:
    """What the app says about itself; everything else comes from the database and the disk."""

    version: str = "unknown"  # checksum of the content on screen
    tag: str = ""  # the git tag `kiosk pull` switched to, if the kiosk follows a repository
    load_ok: bool = True  # the last load of the content folder had no errors
    loaded_at: float = field(default_factory=time.time)  # when that load finished
    update_refused: bool = False  # the last `kiosk pull` refused an update


def build_registry(
    totals: Totals,
    health: Health,
    kiosk: str,
    started_at: float,
    crashes: int,
    now: float,
) -> CollectorRegistry:
    """All metrics of one kiosk, in a registry of their own (never the global one)."""
    from prometheus_client import CollectorRegistry, Counter, Gauge, disable_created_metrics

    disable_created_metrics()  # no `*_created` series: a timestamp per counter says nothing
    reg = CollectorRegistry(auto_describe=True)
    k = ("kiosk",)

    def counter(name: str, doc: str, labels: tuple[str, ...] = ()) -> Counter:
        return Counter(name, doc, (*k, *labels), registry=reg)

    def gauge(name: str, doc: str, labels: tuple[str, ...] = ()) -> Gauge:
        return Gauge(name, doc, (*k, *labels), registry=reg)

    started = counter("kiosk_sessions_started", "Sessions started (a patient left Welcome).")
    started.labels(kiosk).inc(sum(totals["sessions_started"].values()))
    ended = totals["sessions_ended"]
    for how, doc in (
        ("finished", "Sessions that reached the take-home or thanks screen."),
        ("idle_reset", "Sessions that ended because nobody touched the screen."),
        ("left_early", "Sessions the patient left by going back to Welcome."),
    ):
        counter(f"kiosk_sessions_{how}", doc).labels(kiosk).inc(ended[(how,)])
    slides = counter("kiosk_slides_viewed", "Slides viewed, by section id.", ("section",))
    for (section,), n in sorted(totals["slides_viewed"].items()):
        slides.labels(kiosk, section).inc(n)
    answers = counter(
        "kiosk_check_answers_first_try",
        "First answers to a check question, by question id, language and right/wrong.",
        ("question", "language", "result"),
    )
    for (question, language, result), n in sorted(totals["first_answers"].items()):
        answers.labels(kiosk, question, language, result).inc(n)
    counter("kiosk_takehome_shown", "Sessions in which the take-home QR code was shown.").labels(
        kiosk
    ).inc(sum(totals["takehome_shown"].values()))
    counter(
        "kiosk_takehome_printed", "Printed copies of the take-home sent to the printer."
    ).labels(kiosk).inc(sum(totals["takehome_printed"].values()))
    a11y = counter(
        "kiosk_accessibility_used", "Sessions that used an accessibility option.", ("option",)
    )
    for (option,), n in sorted(totals["accessibility_used"].items()):
        a11y.labels(kiosk, option).inc(n)
    counter("kiosk_crashes_recovered", "Unexpected errors the kiosk recovered from.").labels(
        kiosk
    ).inc(crashes)

    gauge(
        "kiosk_content_info", "Always 1; the content on screen and its git tag.", ("version", "tag")
    ).labels(kiosk, health.version, health.tag).set(1)
    gauge("kiosk_content_load_ok", "1 when the last load of the content had no errors.").labels(
        kiosk
    ).set(int(health.load_ok))
    gauge(
        "kiosk_content_load_timestamp_seconds", "When the content was last loaded (Unix time)."
    ).labels(kiosk).set(health.loaded_at)
    gauge("kiosk_content_update_refused", "1 when the last kiosk pull refused an update.").labels(
        kiosk
    ).set(int(health.update_refused))
    gauge("kiosk_start_time_seconds", "When the kiosk process started (Unix time).").labels(
        kiosk
    ).set(started_at)
    gauge("kiosk_uptime_seconds", "Seconds since the kiosk process started.").labels(kiosk).set(
        max(0.0, now - started_at)
    )
    gauge(
        "kiosk_heartbeat_timestamp_seconds", "When the kiosk last wrote this file (Unix time)."
    ).labels(kiosk).set(now)
    return reg


def read_usage_totals(database: Path) -> Totals:
    """Lifetime totals, read-only, beside the usage log's writer (SQLite WAL allows it)."""
    empty: Totals = {name: collections.Counter() for name in COUNTS}
    if not database.is_file():
        return empty
    conn = sqlite3.connect(database.as_uri() + "?mode=ro", uri=True, timeout=5.0)
    try:
        has_lifetime = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lifetime'"
        ).fetchone()
        return read_totals(conn) if has_lifetime else empty
    finally:
        conn.close()


class CrashCount:
    """Recovered crashes, kept in a one-number file so the counter survives restarts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def read(self) -> int:
        try:
            return max(0, int(self.path.read_text(encoding="ascii").strip() or 0))
        except (OSError, ValueError):
            return 0

    def add(self) -> None:
        with self._lock:
            tmp = self.path.with_name(f".{self.path.name}.tmp")
            try:
                tmp.write_text(str(self.read() + 1), encoding="ascii")
                os.replace(tmp, self.path)
            except OSError as exc:
                log.warning("could not count a recovered crash (%s)", exc)


class MetricsWriter:
    """Writes `<folder>/kiosk-<name>.prom` every `interval` seconds and when poked, on a
    thread of its own: reading the usage database never blocks the screen."""

    def __init__(
        self,
        folder: Path,
        database: Path,
        flush: Callable[[], None] | None = None,
        interval: float = INTERVAL_S,
        name: str | None = None,
        update_refused: Callable[[], bool] = lambda: False,
        load_ok: Callable[[], bool] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name = name or kiosk_name()
        self.path = Path(folder) / f"kiosk-{self.name}.prom"
        self.database = database
        self.crashes = CrashCount(database.with_name(CRASHES))
        self.flush = flush  # writes the usage log's queue first, so a reset is counted
        self.interval = interval
        self.update_refused = update_refused
        self.load_ok = load_ok  # asked at each write: a fixed edit clears a failed load
        self.clock = clock
        self.started_at = clock()
        self.health = Health()
        self.writes = 0
        self._wake = threading.Event()
        self._stop = False
        self._thread = threading.Thread(target=self._loop, name="kiosk-metrics", daemon=True)
        self._thread.start()

    def content_loaded(self, version: str, tag: str, ok: bool = True) -> None:
        self.health = Health(version, tag, ok, self.clock(), self.health.update_refused)
        self.poke()

    def content_rejected(self) -> None:
        h = self.health
        self.health = Health(h.version, h.tag, False, self.clock(), h.update_refused)
        self.poke()

    def crash_recovered(self) -> None:
        self.crashes.add()
        self.poke()

    def poke(self) -> None:
        """Write the file soon (at a reset, after a content swap)."""
        self._wake.set()

    def close(self, timeout: float = 10.0) -> None:
        """One last write, then stop the thread."""
        self._stop = True
        self._wake.set()
        self._thread.join(timeout)

    def write_now(self) -> None:
        from prometheus_client import write_to_textfile

        if self.flush is not None:
            self.flush()
        totals = read_usage_totals(self.database)
        health = dataclasses.replace(self.health, update_refused=self.update_refused())
        if self.load_ok is not None:
            health.load_ok = self.load_ok()
        registry = build_registry(
            totals, health, self.name, self.started_at, self.crashes.read(), self.clock()
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_to_textfile(str(self.path), registry)
        self.writes += 1

    def _loop(self) -> None:
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            try:
                self.write_now()
            except (OSError, sqlite3.Error) as exc:
                log.warning("could not write the metrics file %s (%s)", self.path, exc)
            except Exception:  # the counts must never take the kiosk down
                log.exception("could not build the metrics")
            if self._stop:
                return


def describe(path: Path) -> dict[str, str]:
    """Name -> help text of every metric in a written file (for docs and tests)."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# HELP "):
            name, _, text = line[7:].partition(" ")
            found[name] = text
    return found
