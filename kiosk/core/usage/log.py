"""Anonymous usage counts: what patients read, where they stop, what they misunderstand.

Counts, never people. A session is a random number, the day it happened (the kiosk's local
date), its language, the content version, how it ended and how long it took. Its events are
slide ids with whole seconds, question ids with right or wrong, "the take-home QR code was
shown", accessibility control names and language changes. Only short ids and codes (`TOKEN`)
are stored; anything else, such as free text, is refused and logged, so a name can never end up
in the file.

Time resolution: the day, not the time of day. A clinic sees a few patients an hour, so a time,
even to the hour, laid next to the appointment book would tell which patient got which question
wrong. Sessions per day is what clinics asked for, and the day is all retention needs. Durations
are kept in whole seconds because they say how long, not when. Session ids are random, not
counters, and the tables are keyed by them, so row order does not tell who came first either.

Writing never blocks the UI and never raises: the public methods only put a job on a queue. One
background thread owns the sqlite connection. A database that cannot be opened or written
(read-only, locked, disk full) is logged once and events are dropped; a corrupt one is renamed
to `usage.sqlite3.corrupt-<timestamp>` and a fresh one is started.
"""

from __future__ import annotations

import logging
import queue
import re
import secrets
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

from kiosk.core.usage.report import ENDINGS, Summary, _read
from kiosk.core.usage.totals import LIFETIME_TABLE, fold_statements

log = logging.getLogger("kiosk.usage")

TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
MAX_SECONDS = 24 * 3600
CORRUPT = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}

# Each step moves the database up one version (PRAGMA user_version); append, never edit.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # v1: sessions and what happened in them
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,  -- random, not a counter
            day TEXT NOT NULL,  -- local date, YYYY-MM-DD
            language TEXT NOT NULL,  -- the last language chosen in the session
            ended TEXT,  -- finished | idle_reset | left_early; NULL while open
            seconds INTEGER  -- start to end, whole seconds
        )""",
        """CREATE TABLE events (
            session INTEGER NOT NULL,
            seq INTEGER NOT NULL,  -- order within the session
            kind TEXT NOT NULL,  -- slide | answer | qr | a11y | language
            key TEXT NOT NULL DEFAULT '',  -- slide, question or control id; language code
            section TEXT NOT NULL DEFAULT '',  -- slides: their section id
            value INTEGER NOT NULL DEFAULT 0,  -- slides: seconds; answers: 1 right, 0 wrong
            PRIMARY KEY (session, seq)
        ) WITHOUT ROWID""",
    ),
    (  # v2: which content a session saw; an index for the per-day reports
        "ALTER TABLE sessions ADD COLUMN content_version TEXT NOT NULL DEFAULT 'unknown'",
        "CREATE INDEX sessions_by_day ON sessions (day)",
    ),
    (LIFETIME_TABLE,),  # v3: counts of pruned sessions, so lifetime totals never go down
)
SCHEMA_VERSION = len(MIGRATIONS)


def local_now() -> datetime:
    """Aware local time, so durations stay right across a daylight-saving change."""
    return datetime.now().astimezone()


class _Unusable(Exception):
    """The file is a database we must not write: from a newer kiosk, or damaged."""

    def __init__(self, message: str, corrupt: bool) -> None:
        super().__init__(message)
        self.corrupt = corrupt


def _is_corrupt(error: Exception) -> bool:
    if isinstance(error, _Unusable):
        return error.corrupt
    return getattr(error, "sqlite_errorcode", None) in CORRUPT


@dataclass
class _Open:
    id: int
    started: datetime
    seq: int = 0


Job = Callable[[], None]


class UsageLog:
    """The usage database. Every recording method returns at once; a thread does the writing."""

    def __init__(
        self,
        path: Path,
        retention_days: int = 365,
        clock: Callable[[], datetime] = local_now,
        busy_timeout: float = 5.0,
    ) -> None:
        if retention_days < 1:
            raise ValueError(f"retention_days must be at least 1, not {retention_days}")
        self.path = path
        self.retention_days = retention_days
        self.clock = clock
        self.busy_timeout = busy_timeout
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._closed = False
        # Owned by the writer thread only:
        self._conn: sqlite3.Connection | None = None
        self._session: _Open | None = None
        self._pruned_on: date | None = None
        self._warned: set[str] = set()
        self._problem = ""
        self._thread = threading.Thread(target=self._w_loop, name="kiosk-usage", daemon=True)
        self._thread.start()

    # -- recording (any thread; only enqueues) ----------------------------------------------
    def session_started(self, language: str, content_version: str) -> None:
        self._submit(partial(self._w_start, language, content_version, self.clock()))

    def language_changed(self, language: str) -> None:
        self._submit(partial(self._w_language, language))

    def slide_viewed(self, slide_id: str, section_id: str, seconds: float) -> None:
        self._submit(partial(self._w_event, "slide", slide_id, section_id, _whole(seconds)))

    def answered(self, question_id: str, correct: bool) -> None:
        self._submit(partial(self._w_event, "answer", question_id, "", int(bool(correct))))

    def qr_shown(self) -> None:
        self._submit(partial(self._w_event, "qr", "", "", 0))

    def take_home_printed(self) -> None:
        """Only that a copy was printed: never which points it held."""
        self._submit(partial(self._w_event, "printed", "", "", 0))

    def accessibility_used(self, control: str) -> None:
        self._submit(partial(self._w_event, "a11y", control, "", 0))

    def session_ended(self, how: str) -> None:
        self._submit(partial(self._w_end, how, self.clock()))

    # -- reading and lifetime ------------------------------------------------------------------
    def summary(self, since: date | None = None, timeout: float = 60.0) -> Summary:
        """Counts since a day (inclusive), after every write queued before this call."""
        if self._closed or not self._thread.is_alive():
            return Summary(since, error="the usage log is closed")
        result: Future[Summary] = Future()
        self._submit(partial(self._w_summary, since, result))
        try:
            return result.result(timeout)
        except TimeoutError:
            log.warning("usage log: no summary after %.0f s; the database is busy", timeout)
            return Summary(since, error="the usage database is busy")

    def recent(self, days: int, timeout: float) -> Summary:
        """The last `days` days, today included (the staff panel: the UI waits `timeout`)."""
        return self.summary(self.clock().date() - timedelta(days=max(1, days) - 1), timeout)

    def flush(self, timeout: float = 5.0) -> None:
        if self._closed or not self._thread.is_alive():
            return
        done = threading.Event()
        self._submit(done.set)
        done.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued, then stop the thread and close the database."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("usage log: the writer is still busy after %.0f s; left behind", timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _submit(self, job: Job) -> None:
        if not self._closed:
            self._queue.put(job)

    # -- the writer thread -----------------------------------------------------------------
    def _w_loop(self) -> None:
        while (job := self._queue.get()) is not None:
            try:
                job()
            except Exception:  # the writer must outlive any bug; the kiosk keeps working
                log.exception("usage log: unexpected error; the event is dropped")
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error as error:
                self._w_warn(error)
            self._conn = None

    def _w_start(self, language: str, version: str, at: datetime) -> None:
        if self._session is not None:
            self._w_end("left_early", at)
        if not (_token(language, "language") and _token(version, "content version")):
            return
        conn = self._w_connection(create=True)
        if conn is None:
            return
        today = at.date()
        if self._pruned_on != today and self._w_run(partial(self._w_prune, today)):
            self._pruned_on = today
        session = _Open(secrets.randbits(63), at)
        sql = "INSERT INTO sessions (id, day, language, content_version) VALUES (?, ?, ?, ?)"
        row = (session.id, today.isoformat(), language, version)
        if self._w_run(lambda c: c.execute(sql, row)):
            self._session = session
            self._warned.clear()  # it works again: say so if it breaks again

    def _w_prune(self, today: date, conn: sqlite3.Connection) -> None:
        cutoff = (today - timedelta(days=self.retention_days)).isoformat()
        old = "SELECT id FROM sessions WHERE day < ?"
        _transaction(
            conn,
            [
                *fold_statements(cutoff),  # into the lifetime totals, in the same transaction
                (f"DELETE FROM events WHERE session IN ({old})", (cutoff,)),
                ("DELETE FROM sessions WHERE day < ?", (cutoff,)),
            ],
        )

    def _w_language(self, language: str) -> None:
        session = self._session
        if session is None or not _token(language, "language"):
            return
        self._w_run(
            lambda c: c.execute(
                "UPDATE sessions SET language = ? WHERE id = ?", (language, session.id)
            )
        )
        self._w_event("language", language, "", 0)

    def _w_event(self, kind: str, key: str, section: str, value: int) -> None:
        session = self._session
        if session is None:
            return
        if kind not in ("qr", "printed") and not _token(key, f"{kind} id"):
            return
        if section and not _token(section, "section id"):
            return
        session.seq += 1
        sql = "INSERT INTO events (session, seq, kind, key, section, value) VALUES (?,?,?,?,?,?)"
        self._w_run(lambda c: c.execute(sql, (session.id, session.seq, kind, key, section, value)))

    def _w_end(self, how: str, at: datetime) -> None:
        session = self._session
        if session is None:
            return
        if how not in ENDINGS:
            log.warning("usage log: unknown session end %r; expected one of %s", how, ENDINGS)
            return
        self._session = None
        seconds = _whole((at - session.started).total_seconds())
        sql = "UPDATE sessions SET ended = ?, seconds = ? WHERE id = ?"
        self._w_run(lambda c: c.execute(sql, (how, seconds, session.id)))

    def _w_summary(self, since: date | None, result: Future[Summary]) -> None:
        summary = Summary(since)
        try:
            existed = self.path.exists()
            conn = self._w_connection(create=False)
            if conn is not None:
                summary = _read(conn, since)
            elif existed:
                summary = Summary(since, error=self._problem or "the usage database is unusable")
        except sqlite3.Error as error:
            self._w_failed(error)
            summary = Summary(since, error=str(error))
        except Exception as error:
            log.exception("usage log: could not summarise")
            summary = Summary(since, error=str(error))
        finally:
            result.set_result(summary)

    def _w_run(self, action: Callable[[sqlite3.Connection], object]) -> bool:
        """Run one database action; a failure is logged and handled, never raised."""
        conn = self._conn
        if conn is None:
            return False
        try:
            action(conn)
        except sqlite3.Error as error:
            self._w_failed(error)
            return False
        return True

    def _w_failed(self, error: sqlite3.Error) -> None:
        if _is_corrupt(error):
            self._session = None
            self._w_drop_connection()
            self._w_set_aside(error)
        else:
            self._w_warn(error)

    def _w_connection(self, create: bool) -> sqlite3.Connection | None:
        if self._conn is None and (create or self.path.exists()):
            self._conn = self._w_open()
        return self._conn

    def _w_open(self) -> sqlite3.Connection | None:
        for _attempt in range(2):
            conn: sqlite3.Connection | None = None
            try:
                conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
                _prepare(conn)
            except (sqlite3.Error, _Unusable) as error:
                if conn is not None:
                    conn.close()
                if _is_corrupt(error) and self._w_set_aside(error):
                    continue
                self._w_warn(error)
                return None
            return conn
        return None

    def _w_drop_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                log.debug("usage log: closing a damaged database failed", exc_info=True)
            self._conn = None

    def _w_set_aside(self, error: Exception) -> bool:
        """Rename a damaged database (and its -wal/-shm) so a fresh one can start."""
        stamp = self.clock().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    side.rename(aside.with_name(aside.name + suffix))
        except OSError as rename_error:
            self._w_warn(rename_error)
            return False
        log.warning(
            "usage log: %s is damaged (%s); moved it to %s and started a new one",
            self.path,
            error,
            aside.name,
        )
        self._problem = f"the old database was damaged and moved to {aside.name}"
        return True

    def _w_warn(self, error: BaseException) -> None:
        text = f"{type(error).__name__}: {error}"
        self._problem = str(error)
        if text in self._warned:
            log.debug("usage log: again: %s", text)
            return
        self._warned.add(text)
        log.warning(
            "usage log: cannot use %s (%s); usage events are dropped, the kiosk keeps working",
            self.path,
            error,
        )


def _whole(seconds: float) -> int:
    try:
        return max(0, min(MAX_SECONDS, round(seconds)))
    except (TypeError, ValueError, OverflowError):
        return 0


def _token(value: object, what: str) -> bool:
    """Only ids and codes are stored; free text is refused here, before it reaches the file."""
    if isinstance(value, str) and TOKEN.fullmatch(value):
        return True
    log.warning(
        "usage log: refused a %s that is not a short id (%d characters)", what, len(str(value))
    )
    return False


def _prepare(conn: sqlite3.Connection) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise _Unusable(
            f"schema v{version} is from a newer kiosk (this one knows v{SCHEMA_VERSION})", False
        )
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise _Unusable(f"quick_check: {check}", True)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    for step in range(version, SCHEMA_VERSION):
        statements = [(sql, ()) for sql in MIGRATIONS[step]]
        _transaction(conn, [*statements, (f"PRAGMA user_version = {step + 1}", ())])
    if 0 < version < SCHEMA_VERSION:
        log.info("usage log: database updated from schema v%d to v%d", version, SCHEMA_VERSION)


def _transaction(conn: sqlite3.Connection, steps: list[tuple[str, tuple[object, ...]]]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for sql, params in steps:
            conn.execute(sql, params)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
