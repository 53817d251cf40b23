"""Shared helpers for the benchmarks: statistics, memory, a private X server. No Qt here."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
FRAME_MS = 1000 / 60  # 16.7 ms: one frame at 60 Hz


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100): a value that was actually measured."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100), at least 1
    return float(ordered[int(rank) - 1])


def summary(values: Sequence[float]) -> dict[str, float | int]:
    """p50, p95, max and count, rounded for the JSON."""
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 3),
        "p95": round(percentile(values, 95), 3),
        "max": round(max(values), 3) if values else float("nan"),
    }


def proc_status_mb(field: str) -> float:
    """A memory line of /proc/self/status in MB (VmRSS: now, VmHWM: the peak so far)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> dict[str, str | int]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count() or 0, "cpu": model, "kernel": os.uname().release}


def have_xvfb() -> bool:
    return shutil.which("Xvfb") is not None


@contextmanager
def xvfb(size: str = "1280x800x24") -> Iterator[str]:
    """A private X server for as long as the block runs; yields its DISPLAY (":N")."""
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as reader:
            number = reader.readline().strip()  # written once the server accepts clients
        if not number:
            raise RuntimeError("Xvfb did not start")
        time.sleep(0.2)
        yield f":{number}"
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[Any]) -> None:
    """Terminate a child and wait for it; kill it if it does not go within 10 s."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def platform_env(platform: str, display: str | None, data_dir: Path) -> dict[str, str]:
    """The environment for a child process on one Qt platform, with its own kiosk data folder.

    Bytecode is cached (in data_dir, not beside the sources) as on an installed kiosk, even
    where PYTHONDONTWRITEBYTECODE is set: otherwise every start would compile the app again."""
    drop = ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["QT_QPA_PLATFORM"] = platform
    env["KIOSK_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONPYCACHEPREFIX"] = str(data_dir / "pycache")
    if display:
        env["DISPLAY"] = display
    return env
