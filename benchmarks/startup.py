"""Start-up to the first painted frame: the kiosk beside a bare PySide6 window, fresh processes.

Both programs log "ready in N ms" on stderr from their window's first paintEvent, N being the
process age (launch.py's process_age_ms(), /proc based, 10 ms ticks). We also time each from
just before spawning it until that line arrives on our end of the pipe (sub-millisecond clock).
Runs alternate bare/kiosk so that drift on the machine hits both alike; one warm-up pair is
dropped (cold file cache). For the kiosk we also wait for its "interactive in N ms" line: the
usage log and speech attached after the first frame, so a tap from then on is answered.
"""

from __future__ import annotations

import os
import re
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, median, platform_env, stop

READY = re.compile(r"ready in (\d+) ms")
INTERACTIVE = re.compile(r"interactive in (\d+) ms")
CPU = re.compile(r"\((\d+) ms CPU\)")  # the process's own CPU time: steadier on a busy machine
KIOSK_CMD = [sys.executable, "main.py", "run", "--size", "1280x800"]
BARE_CMD = [sys.executable, "benchmarks/bare_window.py"]
NOISY = 1.25  # slowest / fastest bare-window run above this: the machine was busy


def time_to_ready(
    cmd: list[str], env: dict[str, str], timeout: float = 60, interactive: bool = False
) -> tuple[float, float, float | None, float]:
    """(ms from spawn to the "ready in" line, the process's own "ready in" ms, with
    `interactive` the ms to the kiosk's "interactive in" line: the first frame's follow-up
    done, the event loop free to answer taps; and the CPU ms the process reports on the last
    of those lines)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    seen: list[str] = []
    ready: tuple[float, float] | None = None
    pending = b""  # raw reads, split into lines here: a buffered readline() can hold back
    try:  # lines that arrived together while select() waits for more
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stderr, selectors.EVENT_READ)
            while time.perf_counter() - start < timeout:
                if not sel.select(timeout=1):
                    continue
                chunk = os.read(proc.stderr.fileno(), 65536)
                if not chunk:
                    break
                *lines, pending = (pending + chunk).split(b"\n")
                for raw in lines:
                    line = raw.decode(errors="replace")
                    seen.append(line)
                    found = READY.search(line)
                    cpu = CPU.search(line)
                    if found:
                        ready = (time.perf_counter() - start) * 1000, float(found.group(1))
                        if not interactive:
                            return (*ready, None, float(cpu.group(1)) if cpu else float("nan"))
                    if ready and INTERACTIVE.search(line):
                        taps = (time.perf_counter() - start) * 1000
                        return (*ready, taps, float(cpu.group(1)) if cpu else float("nan"))
    finally:
        stop(proc)
        proc.stderr.close()
    tail = "\n".join(seen[-5:])
    raise RuntimeError(f"{cmd[1]} never said 'ready in' (exit {proc.returncode}):\n{tail}")


def measure(platform: str, display: str | None, runs: int) -> dict[str, object]:
    """Two series, alternating: the bare window and the kiosk on a copy of the shipped content
    (every start copies the folder, checks the copy and builds every screen)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-start-") as tmp:
        env = platform_env(platform, display, Path(tmp))
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        kiosk_cmd = [*KIOSK_CMD, "--content", str(content)]
        time_to_ready(BARE_CMD, env)  # warm-up: file cache, fontconfig cache, bytecode
        time_to_ready(kiosk_cmd, env, interactive=True)
        bare: list[tuple[float, float, float | None, float]] = []
        kiosk: list[tuple[float, float, float | None, float]] = []
        for _ in range(runs):
            bare.append(time_to_ready(BARE_CMD, env))
            kiosk.append(time_to_ready(kiosk_cmd, env, interactive=True))
    kiosk_ms = median([k[0] for k in kiosk])
    taps_ms = median([k[2] or float("nan") for k in kiosk])
    bare_ms = median([b[0] for b in bare])
    spread = max(b[0] for b in bare) / min(b[0] for b in bare)
    return {
        "noisy": spread > NOISY,  # the floor itself varied: something else was using the CPU
        "runs": runs,
        "bare_ms": round(bare_ms, 1),
        "kiosk_ms": round(kiosk_ms, 1),
        "ratio": round(kiosk_ms / bare_ms, 2),
        "interactive_ms": round(taps_ms, 1),
        "interactive_ratio": round(taps_ms / bare_ms, 2),
        "kiosk_self_ms": median([k[1] for k in kiosk]),
        "bare_self_ms": median([b[1] for b in bare]),
        "ratio_self": round(median([k[1] for k in kiosk]) / median([b[1] for b in bare]), 2),
        "interactive_cpu_ms": median([k[3] for k in kiosk]),
        "bare_cpu_ms": median([b[3] for b in bare]),
        "cpu_ratio": round(median([k[3] for k in kiosk]) / median([b[3] for b in bare]), 2),
        "kiosk_all_ms": [round(k[0], 1) for k in kiosk],
        "interactive_all_ms": [round(k[2] or float("nan"), 1) for k in kiosk],
        "bare_all_ms": [round(b[0], 1) for b in bare],
    }
