"""Reports from the anonymous usage counts: the numbers `kiosk stats`, its CSV and the staff
panel show. Reads only; the writing side is `kiosk.core.usage.log`."""

from __future__ import annotations

import sqlite3
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

ENDINGS = ("finished", "idle_reset", "left_early")
OPEN = "open"  # a session with no end yet: still going, or the kiosk stopped during it
ALL = "all"  # the pseudo-language that sums every language


@dataclass
class LanguageStats:
    """The counts for one language, or for all of them (`ALL`)."""

    sessions: int = 0
    per_day: Counter[date] = field(default_factory=Counter)
    ended: Counter[str] = field(default_factory=Counter)  # finished, idle_reset, left_early, open
    reached: Counter[str] = field(default_factory=Counter)  # section id -> sessions
    seconds: list[int] = field(default_factory=list)  # one per ended session
    stops: Counter[str] = field(default_factory=Counter)  # last slide of unfinished sessions
    answered: Counter[str] = field(default_factory=Counter)  # question -> first tries
    right: Counter[str] = field(default_factory=Counter)  # question -> right on first try
    qr_shown: int = 0
    printed: int = 0  # copies of the take-home sent to the printer (never what they held)
    accessibility: Counter[str] = field(default_factory=Counter)  # control -> sessions
    content_versions: Counter[str] = field(default_factory=Counter)

    @property
    def funnel(self) -> dict[str, int]:
        """Sessions that reached each section, most first (the course order for a linear read)."""
        return dict(sorted(self.reached.items(), key=lambda kv: (-kv[1], kv[0])))

    @property
    def median_seconds(self) -> float | None:
        import statistics  # only for the staff's summary: not on the kiosk's start-up

        return statistics.median(self.seconds) if self.seconds else None

    @property
    def top_stop(self) -> tuple[str, int] | None:
        ranked = sorted(self.stops.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[0] if ranked else None

    @property
    def right_rates(self) -> dict[str, float]:
        return {q: self.right[q] / n for q, n in sorted(self.answered.items())}

    @property
    def minutes(self) -> Counter[int]:
        """Ended sessions by whole minutes: lets several kiosks' medians be combined."""
        return Counter(s // 60 for s in self.seconds)


@dataclass
class Summary:
    since: date | None
    by_language: dict[str, LanguageStats] = field(default_factory=dict)  # ALL first, then codes
    error: str = ""

    @property
    def total(self) -> LanguageStats:
        return self.by_language.get(ALL) or LanguageStats()

    @property
    def sessions_per_day(self) -> dict[date, int]:
        return dict(sorted(self.total.per_day.items()))

    @property
    def funnel(self) -> dict[str, dict[str, int]]:
        return {lang: s.funnel for lang, s in self.by_language.items()}

    @property
    def median_seconds(self) -> dict[str, float | None]:
        return {lang: s.median_seconds for lang, s in self.by_language.items()}

    @property
    def top_stop(self) -> dict[str, tuple[str, int] | None]:
        return {lang: s.top_stop for lang, s in self.by_language.items()}

    @property
    def right_rates(self) -> dict[str, dict[str, float]]:
        return {lang: s.right_rates for lang, s in self.by_language.items()}

    def rows(self) -> list[tuple[str, str, str, str]]:
        """The tidy long format of the CSV: (metric, language, key, value)."""
        out: list[tuple[str, str, str, str]] = []
        for lang, s in self.by_language.items():

            def add(metric: str, key: object, value: object, lang: str = lang) -> None:
                out.append((metric, lang, str(key), str(value)))

            add("sessions", "", s.sessions)
            for day, n in sorted(s.per_day.items()):
                add("sessions_per_day", day.isoformat(), n)
            for how in (*ENDINGS, OPEN):
                add("ended", how, s.ended[how])
            for section, n in s.funnel.items():
                add("section_reached", section, n)
            median = s.median_seconds
            add("median_session_seconds", "", "" if median is None else _number(median))
            for minute, n in sorted(s.minutes.items()):
                add("session_minutes", minute, n)
            for slide, n in sorted(s.stops.items(), key=lambda kv: (-kv[1], kv[0])):
                add("stopped_at", slide, n)
            for question, n in sorted(s.answered.items()):
                add("answered", question, n)
                add("answered_right", question, s.right[question])
                add("right_rate", question, f"{s.right[question] / n:.3f}")
            add("qr_shown", "", s.qr_shown)
            add("printed", "", s.printed)
            for control, n in sorted(s.accessibility.items()):
                add("accessibility", control, n)
            for version, n in sorted(s.content_versions.items()):
                add("content_version", version, n)
        return out


def _number(value: float) -> str:
    """150.0 -> "150", 150.5 -> "150.5": plain numbers for spreadsheets."""
    return f"{value:.1f}".removesuffix(".0")


def _read(conn: sqlite3.Connection, since: date | None) -> Summary:
    cutoff = since.isoformat() if since else ""
    sessions = conn.execute(
        "SELECT id, day, language, ended, seconds, content_version FROM sessions WHERE day >= ?",
        (cutoff,),
    ).fetchall()
    if not sessions:
        return Summary(since)
    codes = sorted({row[2] for row in sessions})
    stats = {lang: LanguageStats() for lang in (ALL, *codes)}
    lang_of: dict[int, str] = {}

    def both(session: int) -> tuple[LanguageStats, LanguageStats]:
        return stats[ALL], stats[lang_of[session]]

    for sid, day, lang, ended, seconds, version in sessions:
        lang_of[sid] = lang
        for s in both(sid):
            s.sessions += 1
            s.per_day[date.fromisoformat(day)] += 1
            s.ended[ended or OPEN] += 1
            s.content_versions[version] += 1
            if ended is not None and seconds is not None:
                s.seconds.append(seconds)

    def events(sql: str) -> list[tuple[int, str, int]]:
        where = "FROM events e JOIN sessions s ON s.id = e.session WHERE s.day >= ?"
        return conn.execute(sql.format(where=where), (cutoff,)).fetchall()

    for sid, section, _ in events(
        "SELECT DISTINCT e.session, e.section, 0 {where} AND kind = 'slide'"
    ):
        for s in both(sid):
            s.reached[section] += 1
    last_slide = (
        "SELECT e.session, e.key, 0 {where} AND e.kind = 'slide' "
        "AND s.ended IN ('idle_reset', 'left_early') AND e.seq = "
        "(SELECT MAX(x.seq) FROM events x WHERE x.session = e.session AND x.kind = 'slide')"
    )
    for sid, slide, _ in events(last_slide):
        for s in both(sid):
            s.stops[slide] += 1
    first_answer = (
        "SELECT e.session, e.key, e.value {where} AND e.kind = 'answer' AND e.seq = "
        "(SELECT MIN(x.seq) FROM events x "
        "WHERE x.session = e.session AND x.kind = 'answer' AND x.key = e.key)"
    )
    for sid, question, right in events(first_answer):
        for s in both(sid):
            s.answered[question] += 1
            s.right[question] += right
    for sid, _, _ in events("SELECT DISTINCT e.session, '', 0 {where} AND e.kind = 'qr'"):
        for s in both(sid):
            s.qr_shown += 1
    for sid, _, _ in events("SELECT e.session, '', 0 {where} AND e.kind = 'printed'"):
        for s in both(sid):
            s.printed += 1  # every copy: a patient may print one, staff another
    for sid, control, _ in events("SELECT DISTINCT e.session, e.key, 0 {where} AND kind = 'a11y'"):
        for s in both(sid):
            s.accessibility[control] += 1
    return Summary(since, stats)


# -- reports ------------------------------------------------------------------------------------
def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _describe(name: str, s: LanguageStats) -> list[str]:
    ends = ", ".join(
        f"{s.ended[how]} {label}"
        for how, label in (
            ("finished", "finished"),
            ("idle_reset", "idle reset"),
            ("left_early", "left early"),
            (OPEN, "still open"),
        )
        if s.ended[how]
    )
    unfinished = s.ended["idle_reset"] + s.ended["left_early"]
    stop = s.top_stop
    rates = ", ".join(
        f"{q} {s.right[q]}/{n} ({s.right[q] / n:.0%})" for q, n in sorted(s.answered.items())
    )
    lines = [
        f"{name}: {_plural(s.sessions, 'session')} ({ends})",
        f"  median session time   {_duration(s.median_seconds)}",
        "  sections reached      " + (", ".join(f"{k} {n}" for k, n in s.funnel.items()) or "-"),
        "  most stop at          "
        + (f"{stop[0]} ({stop[1]} of {unfinished} that did not finish)" if stop else "-"),
        f"  right on first try    {rates or '-'}",
        f"  take-home QR shown    {_plural(s.qr_shown, 'session')}",
        f"  printed copies        {s.printed}",
    ]
    if s.accessibility:
        used = ", ".join(f"{k} {n}" for k, n in sorted(s.accessibility.items()))
        lines.append(f"  accessibility used    {used}")
    return lines


def format_summary(summary: Summary) -> list[str]:
    """The `kiosk stats` text, one line per item."""
    when = f"since {summary.since.isoformat()}" if summary.since else "all kept days"
    total = summary.total
    if not total.sessions:
        return [f"no sessions recorded yet ({when})"]
    codes = [lang for lang in summary.by_language if lang != ALL]
    lines = [
        f"Kiosk usage, {when}",
        "",
        "Sessions per day  " + "".join(f"{c:>6}" for c in (ALL, *codes)),
    ]
    for day in sorted(total.per_day):
        counts = [summary.by_language[c].per_day[day] for c in (ALL, *codes)]
        lines.append(f"  {day.isoformat()}      " + "".join(f"{n:>6}" for n in counts))
    for lang, stats in summary.by_language.items():
        lines += ["", *_describe("All languages" if lang == ALL else f"Language {lang}", stats)]
    return lines


def write_csv(summary: Summary, path: Path) -> int:
    """Write the tidy CSV (metric, language, key, value); returns the number of rows."""
    rows = summary.rows()
    with path.open("w", newline="", encoding="utf-8") as stream:
        import csv

        writer = csv.writer(stream)
        writer.writerow(("metric", "language", "key", "value"))
        writer.writerows(rows)
    return len(rows)


def print_summary(
    summary: Summary, source: Path, csv_path: Path | None = None, out: TextIO = sys.stdout
) -> int:
    """`kiosk stats`: the summary (read from `source`) as text, and as CSV when asked.
    Returns the exit code."""
    if summary.error:
        print(f"kiosk stats: {summary.error} ({source})", file=sys.stderr)
    for line in format_summary(summary):
        print(line, file=out)
    if csv_path is not None:
        try:
            count = write_csv(summary, csv_path)
        except OSError as error:
            print(
                f"kiosk stats: cannot write {csv_path}: {error.strerror or error}", file=sys.stderr
            )
            return 1
        print(f"wrote {count} rows to {csv_path}", file=out)
    return 1 if summary.error else 0


def last_days_brief(summary: Summary, days: int) -> list[str]:
    """A few short lines for the staff panel, from the last `days` days' summary."""
    if summary.error:
        return [f"Usage log unavailable: {summary.error}"]
    s = summary.total
    if not s.sessions:
        return [f"No sessions in the last {_plural(days, 'day')}."]
    finished = s.ended["finished"]
    lines = [
        f"Last {_plural(days, 'day')}: {_plural(s.sessions, 'session')}, "
        f"{finished} finished ({finished / s.sessions:.0%})",
        f"Median time: {_duration(s.median_seconds)}",
    ]
    if stop := s.top_stop:
        lines.append(f"Most stop at: {stop[0]} ({stop[1]})")
    if s.answered:
        question = min(s.answered, key=lambda q: (s.right[q] / s.answered[q], q))
        lines.append(
            f"Hardest question: {question}, {s.right[question] / s.answered[question]:.0%} right "
            f"(of {s.answered[question]})"
        )
    langs = [(lang, st.sessions) for lang, st in summary.by_language.items() if lang != ALL]
    lines.append("Languages: " + ", ".join(f"{lang} {n}" for lang, n in langs))
    return lines
