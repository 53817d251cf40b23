"""`make bench`: the kiosk's performance against its budgets (issue #10).

    python -m benchmarks.run [--quick] [--json build/bench.json] [--markdown]

Measures on the offscreen platform and, when Xvfb is installed, in a real X window: start-up
beside a bare PySide6 window, tap-to-slide latency, frame pacing of the slide transition, memory,
validate time, how long a live reload blocks the UI thread, and QR code cost. Prints a table,
writes everything as JSON. Budgets are reported, not asserted. Methods: docs/performance.md.
This process stays Qt-free; everything with a window runs in child processes, one per platform.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import deck, startup
from benchmarks.common import CONTENT, FRAME_MS, ROOT, have_xvfb, machine, platform_env, xvfb

OFFSCREEN, REAL = "offscreen", "xvfb"


def attempt(label: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run one benchmark; a failure becomes an "error" entry so the rest still runs."""
    started = time.perf_counter()
    print(f"- {label} ...", file=sys.stderr, flush=True)
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - reported in the table and the JSON
        traceback.print_exc()
        result = {"error": f"{type(exc).__name__}: {exc}"}
    print(f"  {label}: {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)
    return result


def validate(quick: bool) -> dict[str, Any]:
    runs = 2 if quick else 5
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-deck-") as tmp:
        folder = Path(tmp) / "content"
        per_language = deck.make_deck(folder)
        big = deck.time_load(folder, 1 if quick else 3)
    return {
        "shipped": deck.time_load(CONTENT, runs),
        "deck": {**big, "slides_per_language": per_language},
    }


def ui(platform_name: str, display: str | None, quick: bool, sessions: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-ui-") as tmp:
        out = Path(tmp) / "ui.json"
        env = platform_env(platform_name, display, Path(tmp) / "data")
        cmd = [sys.executable, "-m", "benchmarks.ui_bench", "--out", str(out)]
        cmd += ["--sessions", str(sessions)] + (["--quick"] if quick else [])
        proc = subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False
        )
        for line in proc.stderr.splitlines():
            if line.startswith("  ") or "Error" in line or "Traceback" in line:
                print(f"  {line.strip()}", file=sys.stderr)
        if not out.is_file():
            tail = "\n".join(proc.stderr.splitlines()[-8:])
            raise RuntimeError(f"ui_bench exited {proc.returncode} without results:\n{tail}")
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def commit() -> str:
    """The code measured: HEAD, plus "+changes" when the work tree differs (read-only git)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "kiosk"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "?"
    return f"{head}{'+changes' if dirty else ''}" if head else "?"


def collect(quick: bool, real_window: bool) -> dict[str, Any]:
    runs = 3 if quick else 9
    sessions = 200 if quick else 2000
    results: dict[str, Any] = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "quick": quick,
        "machine": machine(),
        "commit": commit(),
        "python": platform.python_version(),
        "platforms": [OFFSCREEN],
        "validate": attempt("validate", lambda: validate(quick)),
        "startup": {
            OFFSCREEN: attempt("start-up offscreen", lambda: startup.measure(OFFSCREEN, None, runs))
        },
        "ui": {OFFSCREEN: attempt("ui offscreen", lambda: ui(OFFSCREEN, None, quick, sessions))},
    }
    if real_window:
        results["platforms"].append(REAL)
        with xvfb() as display:
            results["startup"][REAL] = attempt(
                "start-up xvfb", lambda: startup.measure("xcb", display, runs)
            )
            results["ui"][REAL] = attempt("ui xvfb", lambda: ui("xcb", display, quick, 0))
    if commit() != results["commit"]:
        results["commit"] += f" then {commit()} (the code changed during the run)"
    results["budgets"] = budgets(results)
    return results


# -- the table --------------------------------------------------------------------------------
def dig(data: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


@dataclass
class Row:
    measure: str
    values: dict[str, Any]  # platform -> number (or None)
    unit: str = "ms"
    budget: str = ""
    met: bool | None = None  # None: no budget, or not judged


def fmt(value: Any, unit: str) -> str:
    if value is None:
        return "-"  # not measured there (Qt-free, or offscreen only)
    if isinstance(value, float):
        text = f"{value:.2f}" if unit == "x" else f"{value:.1f}"
    else:
        text = str(value)
    return f"{text} {unit}".strip() if unit not in ("", "x") else f"{text}{unit}"


def rows(r: dict[str, Any]) -> list[Row]:
    plats = r.get("platforms", [OFFSCREEN])

    def per(*path: str) -> dict[str, Any]:
        return {p: dig(r, path[0], p, *path[1:]) for p in plats}

    def at_most(values: dict[str, Any], limit: float, only: str | None = None) -> bool | None:
        judged = [v for p, v in values.items() if v is not None and (only is None or p == only)]
        if not judged:
            return None
        return all(v <= limit for v in judged)

    quick = bool(r.get("quick"))
    out: list[Row] = []
    ratio = per("startup", "ratio")
    taps = per("startup", "interactive_ratio")
    out.append(Row("Bare PySide6 window (QLabel), same method", per("startup", "bare_ms")))
    out.append(Row("Start-up to first painted Welcome frame", per("startup", "kiosk_ms")))
    out.append(Row("First frame / bare window", ratio, "x"))
    out.append(Row("Start-up until the kiosk answers taps", per("startup", "interactive_ms")))
    out.append(Row("Answers taps / bare window", taps, "x", "<= 2.0x", at_most(taps, 2.0)))
    out.append(
        Row("CPU until it answers taps / bare window's CPU", per("startup", "cpu_ratio"), "x")
    )
    out.append(Row("First Welcome frame: paint pass", per("ui", "window", "first_frame_paint_ms")))
    nav50 = per("ui", "navigation", "latency_ms", "p50")
    nav95 = per("ui", "navigation", "latency_ms", "p95")
    out.append(Row("Tap Next -> slide painted, p50", nav50))
    out.append(Row("Tap Next -> slide painted, p95", nav95, "ms", "<= 16 ms", at_most(nav95, 16)))
    over = per("ui", "transitions", "frames_over_budget")
    frames = per("ui", "transitions", "frames")
    out.append(
        Row(
            f"Transition frames over {FRAME_MS:.1f} ms (tick to flushed)",
            {p: None if over[p] is None else f"{over[p]} of {frames[p]}" for p in plats},
            "",
            "0 (offscreen)",
            None if over.get(OFFSCREEN) is None else over[OFFSCREEN] == 0,
        )
    )
    out.append(Row("Transition frame time, p95", per("ui", "transitions", "frame_time_ms", "p95")))
    out.append(Row("Transition frame time, max", per("ui", "transitions", "frame_time_ms", "max")))
    late = per("ui", "transitions", "intervals_over_frame")
    gaps = per("ui", "transitions", "intervals")
    out.append(
        Row(
            f"Transition frames more than {FRAME_MS:.1f} ms apart",
            {p: None if late[p] is None else f"{late[p]} of {gaps[p]}" for p in plats},
            "",
        )
    )
    out.append(
        Row("Tap -> first transition frame, p50", per("ui", "transitions", "first_frame_ms", "p50"))
    )
    peak = per("ui", "journey", "peak_rss_mb")
    out.append(Row("Peak RSS after a full journey", peak, "MB", "<= 150 MB", at_most(peak, 150)))
    growth = per("ui", "sessions", "growth_mb")
    count = dig(r, "ui", OFFSCREEN, "sessions", "sessions")
    out.append(
        Row(
            f"RSS growth over {count or '?'} sessions",
            growth,
            "MB",
            "< 5 MB / 2,000",
            None if quick or growth.get(OFFSCREEN) is None else growth[OFFSCREEN] < 5,
        )
    )
    brief = per("ui", "sessions", "staff_summary_ms")
    out.append(Row(f"Staff usage summary after {count or '?'} sessions (UI thread)", brief))
    shipped = dig(r, "validate", "shipped", "median_ms")
    big = dig(r, "validate", "deck", "median_ms")
    per_lang = dig(r, "validate", "deck", "slides_per_language")
    out.append(Row("Validate shipped content (Qt-free)", {OFFSCREEN: shipped}))
    out.append(
        Row(
            f"Validate {per_lang or '?'} slides x 2 languages (Qt-free)",
            {OFFSCREEN: big},
            "ms",
            "< 1000 ms",
            None if big is None else big < 1000,
        )
    )
    blocked = per("ui", "reload", "blocked_ms")
    out.append(
        Row("Live reload: UI thread blocked", blocked, "ms", "< 50 ms", at_most(blocked, 49.999))
    )
    out.append(Row("QR matrix (cache cleared), p50", per("ui", "qr", "matrix_ms", "p50")))
    out.append(Row("QR widget render to QImage, p50", per("ui", "qr", "draw_ms", "p50")))
    return out


def errors(r: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if "error" in node and isinstance(node["error"], str):
                found.append(f"{path}: {node['error'].splitlines()[0]}")
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)

    walk(r, "")
    return found


def budgets(r: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"measure": row.measure, "budget": row.budget, "met": row.met, "values": row.values}
        for row in rows(r)
        if row.budget
    ]


def met_text(met: bool | None, budget: str) -> str:
    if not budget:
        return ""
    return {True: "yes", False: "NO", None: "not judged"}[met]


def table(r: dict[str, Any], markdown: bool = False) -> str:
    plats = r.get("platforms", [OFFSCREEN])
    names = {OFFSCREEN: "offscreen", REAL: "real window (Xvfb)"}
    head = ["Measure", *(names[p] for p in plats), "Budget", "Met?"]
    body = [
        [
            row.measure,
            *(fmt(row.values.get(p), row.unit) for p in plats),
            row.budget,
            met_text(row.met, row.budget),
        ]
        for row in rows(r)
    ]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(str(c[i])) for c in [head, *body]) for i in range(len(head))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) for cells in body]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (under a minute)")
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "bench.json")
    parser.add_argument("--no-xvfb", action="store_true", help="offscreen only")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--from-json", type=Path, default=None, help="only print a saved run")
    args = parser.parse_args(argv)
    if args.from_json:
        results = json.loads(args.from_json.read_text())
    else:
        results = collect(args.quick, have_xvfb() and not args.no_xvfb)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    m = results.get("machine", {})
    print(
        f"\n{m.get('cpus', '?')} CPUs ({m.get('cpu', '?')}), {results.get('when', '')}, "
        f"commit {results.get('commit', '?')}{' (quick)' if results.get('quick') else ''}"
    )
    print(table(results, args.markdown))
    for problem in errors(results):
        print(f"error: {problem}")
    for name, start in results.get("startup", {}).items():
        if isinstance(start, dict) and start.get("noisy"):
            print(f"note: start-up on {name} is noisy (the bare window's runs varied by >25%)")
    if not args.from_json:
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
