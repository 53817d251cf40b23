"""Lifetime totals of the anonymous counts, for counters that only grow (kiosk.core.usage.metrics).

The usage database forgets sessions older than `usage.retention_days`. A Prometheus counter must
never go down, so the prune folds what it removes into the `lifetime` table in the same
transaction as the delete: a total is always `lifetime` + what the live rows count, with one
query per count used both for the live rows and for the rows being pruned.

Every count is keyed by ids from the content (section, question, language, control) or by how a
session ended; never by a day, a time or a session.
"""

from __future__ import annotations

import sqlite3
from collections import Counter

SEP = "\t"  # between label values in the `lifetime.labels` column

LIFETIME_TABLE = """CREATE TABLE lifetime (
    metric TEXT NOT NULL,  -- a name from COUNTS
    labels TEXT NOT NULL DEFAULT '',  -- its label values, tab-separated, in COUNTS' order
    value INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (metric, labels)
) WITHOUT ROWID"""

# name -> (label names, SELECT labels, count ... WHERE {where}); `s` is the session row.
COUNTS: dict[str, tuple[tuple[str, ...], str]] = {
    "sessions_started": ((), "SELECT '', COUNT(*) FROM sessions s WHERE {where}"),
    "sessions_ended": (
        ("how",),
        "SELECT s.ended, COUNT(*) FROM sessions s WHERE s.ended IS NOT NULL AND {where} "
        "GROUP BY s.ended",
    ),
    "slides_viewed": (
        ("section",),
        "SELECT e.section, COUNT(*) FROM events e JOIN sessions s ON s.id = e.session "
        "WHERE e.kind = 'slide' AND {where} GROUP BY e.section",
    ),
    "first_answers": (
        ("question", "language", "result"),
        "SELECT e.key || char(9) || s.language || char(9) || "
        "CASE e.value WHEN 1 THEN 'right' ELSE 'wrong' END, COUNT(*) "
        "FROM events e JOIN sessions s ON s.id = e.session "
        "WHERE e.kind = 'answer' AND {where} AND e.seq = (SELECT MIN(x.seq) FROM events x "
        "WHERE x.session = e.session AND x.kind = 'answer' AND x.key = e.key) "
        "GROUP BY 1",
    ),
    "takehome_shown": (
        (),
        "SELECT '', COUNT(DISTINCT e.session) FROM events e JOIN sessions s "
        "ON s.id = e.session WHERE e.kind = 'qr' AND {where}",
    ),
    "takehome_printed": (
        (),
        "SELECT '', COUNT(*) FROM events e JOIN sessions s "
        "ON s.id = e.session WHERE e.kind = 'printed' AND {where}",
    ),
    "accessibility_used": (
        ("option",),
        "SELECT e.key, COUNT(DISTINCT e.session) FROM events e JOIN sessions s "
        "ON s.id = e.session WHERE e.kind = 'a11y' AND {where} GROUP BY e.key",
    ),
}

Totals = dict[str, Counter[tuple[str, ...]]]


def fold_statements(cutoff: str) -> list[tuple[str, tuple[object, ...]]]:
    """Statements that add the rows of sessions before `cutoff` to `lifetime`; run them in the
    prune's transaction, before its deletes."""
    steps: list[tuple[str, tuple[object, ...]]] = []
    for name, (_labels, sql) in COUNTS.items():
        select = sql.format(where="s.day < ?")
        steps.append(
            (
                f"INSERT INTO lifetime (metric, labels, value) SELECT ?, * FROM ({select}) "
                "WHERE true ON CONFLICT (metric, labels) "
                "DO UPDATE SET value = value + excluded.value",
                (name, cutoff),
            )
        )
    return steps


def read_totals(conn: sqlite3.Connection) -> Totals:
    """Lifetime totals: what was pruned plus what the live rows count."""
    totals: Totals = {name: Counter() for name in COUNTS}
    for name, (labels, sql) in COUNTS.items():
        for key, n in conn.execute(sql.format(where="1")):
            totals[name][_split(key, len(labels))] += int(n)
    for name, key, n in conn.execute("SELECT metric, labels, value FROM lifetime"):
        if name in COUNTS:
            totals[name][_split(key, len(COUNTS[name][0]))] += int(n)
    return totals


def _split(key: str | None, width: int) -> tuple[str, ...]:
    if width == 0:
        return ()
    parts = (key or "").split(SEP)
    return tuple((parts + [""] * width)[:width])
