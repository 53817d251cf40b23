"""Fleet numbers for docs/fleet.md: `git push --tags` to the new content on a kiosk's screen,
and the size of the metrics file for the shipped course.

    python -m benchmarks.fleet [--runs 5]

Real git (a bare repository, SSH-signed tags), the real `kiosk pull`, the real KioskApp
offscreen with its live reload on the `current` link. The timer's period and random delay are
not waited for: they are added as arithmetic (see the printout and docs/fleet.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks.common import CONTENT, median

TIMER_PERIOD_S = 15 * 60  # deploy/skin-kiosk-pull.timer OnUnitActiveSec
TIMER_RANDOM_S = 5 * 60  # RandomizedDelaySec
ENV = {**os.environ, "LC_ALL": "C", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"}


def git(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=B",
            "-c",
            "user.email=b@example.org",
            "-c",
            "gpg.format=ssh",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
        env=ENV,
    )


def metrics_file_size(tmp: Path) -> int:
    """Every series the shipped course can produce: each section viewed, each question answered
    right and wrong first in each language, every accessibility option used."""
    from kiosk.core.content.loader import load_content
    from kiosk.core.usage.log import UsageLog
    from kiosk.core.usage.metrics import MetricsWriter

    content = load_content(CONTENT).content
    assert content is not None
    log = UsageLog(tmp / "usage.sqlite3", clock=lambda: datetime(2026, 11, 2, 9).astimezone())
    for code, lang in content.languages.items():
        for right in (True, False):
            log.session_started(code, content.checksum)
            for section in lang.sections:
                for slide in section.slides:
                    log.slide_viewed(slide.id, section.id, 5)
                    if hasattr(slide, "answers"):
                        log.answered(slide.id, right)
            for option in ("text_size", "high_contrast", "read_aloud", "language"):
                log.accessibility_used(option)
            log.qr_shown()
            log.session_ended("finished" if right else "idle_reset")
    writer = MetricsWriter(tmp / "textfiles", log.path, log.flush, interval=3600, name="front-desk")
    writer.content_loaded(content.checksum, "v2026.11.30")
    writer.write_now()
    writer.close()
    log.close()
    size = writer.path.stat().st_size
    series = sum(1 for line in writer.path.read_text().splitlines() if not line.startswith("#"))
    print(
        f"metrics file for the shipped course: {size} bytes, {series} series ({writer.path.name})"
    )
    return size


def push_to_screen(tmp: Path, runs: int) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from kiosk.core.content.fleet import Fleet
    from kiosk.core.content.loader import load_content
    from kiosk.ui.app import KioskApp

    key = tmp / "team"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    data = tmp / "data"
    data.mkdir()
    kind, blob = key.with_suffix(".pub").read_text().split()[:2]
    (data / "allowed_signers").write_text(f"team {kind} {blob}\n")
    bare, work = tmp / "content.git", tmp / "work"
    git("init", "-q", "--bare", str(bare))
    shutil.copytree(CONTENT, work)
    git("init", "-q", "-b", "main", str(work))
    git("add", "-A", cwd=work)
    git("commit", "-qm", "v0", cwd=work)
    git("-c", f"user.signingkey={key}", "tag", "-s", "v0", "-m", "v0", cwd=work)
    git("push", "-q", str(bare), "main", "--tags", cwd=work)
    fleet = Fleet(data)
    assert fleet.pull(str(bare)).ok
    app = QApplication.instance() or QApplication(sys.argv[:1])
    content = load_content(fleet.current).content
    assert content is not None
    kiosk = KioskApp(content, content_dir=fleet.current, data_folder=data, size=(1280, 800))
    kiosk.window.show()
    kiosk.build_rest()
    kiosk.start()
    pulls, reloads, totals = [], [], []
    settings = work / "kiosk.yaml"
    for n in range(1, runs + 1):
        name = f"Maple Street Skin Clinic {n}"
        text = settings.read_text().split("\n")
        settings.write_text(
            "\n".join(f"  name: {name}" if line.startswith("  name: ") else line for line in text)
        )
        git("commit", "-qam", f"v{n}", cwd=work)
        git("-c", f"user.signingkey={key}", "tag", "-s", f"v{n}", "-m", f"v{n}", cwd=work)
        start = time.perf_counter()
        git("push", "-q", str(bare), "main", "--tags", cwd=work)
        pulled_at = time.perf_counter()
        result = fleet.pull(str(bare))
        assert result.ok, result.line()
        switched = time.perf_counter()
        deadline = switched + 60
        while kiosk.welcome.clinic.text() != name:
            app.processEvents()
            time.sleep(0.005)
            assert time.perf_counter() < deadline, "the kiosk did not pick the switch up"
        shown = time.perf_counter()
        pulls.append(switched - pulled_at)
        reloads.append(shown - switched)
        totals.append(shown - start)
    kiosk.stop()
    kiosk.window.close()
    p, r = median(pulls), median(reloads)
    print(f"kiosk pull (fetch, verify, extract, check, switch): median {p:.2f} s of {runs}")
    print(f"switch to new content on screen (watch, debounce, copy, check, swap): median {r:.2f} s")
    print(f"push + pull + reload measured end to end: median {median(totals):.2f} s")
    worst = TIMER_PERIOD_S + TIMER_RANDOM_S + p + r
    mean = TIMER_PERIOD_S / 2 + TIMER_RANDOM_S / 2 + p + r
    print(
        f"with the timer (every {TIMER_PERIOD_S // 60} min + up to {TIMER_RANDOM_S // 60} min "
        f"random delay): on average {mean / 60:.1f} min, at worst {worst / 60:.1f} min "
        "(plus the rest of a patient's session: content swaps only between patients)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        (tmp / "m").mkdir()
        metrics_file_size(tmp / "m")
        (tmp / "p").mkdir()
        push_to_screen(tmp / "p", args.runs)


if __name__ == "__main__":
    main()
