"""`kiosk run` at start-up: it shows a checked copy of the content folder, or the last good
copy when the folder is broken, and the real `run_app` starts, answers and stops cleanly."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.core.content import versions
from kiosk.core.content.fingerprint import fingerprint
from kiosk.core.content.model import Content
from tests.builders import edit


class Launches:
    """Stands in for the Qt application: records what `kiosk run` would show and how."""

    def __init__(self, fails: bool = False) -> None:
        self.shown: list[tuple[Content, object]] = []
        self.collecting: list[bool] = []  # was the cyclic garbage collector on at launch?
        self.fails = fails

    def __call__(self, content: Content, options: object) -> int:
        self.shown.append((content, options))
        self.collecting.append(gc.isenabled())
        if self.fails:
            raise RuntimeError("the window could not be made")
        return 0


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> Launches:
    import kiosk.ui.launch

    fake = Launches()
    monkeypatch.setattr(kiosk.ui.launch, "run_app", fake)
    return fake


def start(content_dir: Path) -> int:
    args = argparse.Namespace(content=content_dir, kiosk=False, size=(1280, 800), lang=None)
    return cli.run(args)


def test_a_start_shows_the_checked_copy_and_watches_the_folder(
    launches: Launches, content_dir: Path, private_data_folder: Path
) -> None:
    from kiosk.ui.launch import RunOptions

    assert start(content_dir) == 0
    content, options = launches.shown[0]
    good = versions.last_good(private_data_folder)
    assert good is not None
    assert content.root == good.resolve()  # the copy that was checked, not the folder
    assert options == RunOptions(content_dir, fingerprint(content_dir), False, (1280, 800))


def test_the_collector_waits_during_start_up_and_is_always_back_on_after(
    launches: Launches,
    content_dir: Path,
    private_data_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`kiosk run` pauses the cyclic garbage collector while it reads the content and builds
    the kiosk (run_app turns it back on once the kiosk answers taps); whatever happens, it is
    on again when `run` returns or raises."""
    assert gc.isenabled()
    assert start(content_dir) == 0
    assert launches.collecting == [False]
    assert gc.isenabled()
    import kiosk.ui.launch

    monkeypatch.setattr(kiosk.ui.launch, "run_app", Launches(fails=True))
    with pytest.raises(RuntimeError):
        start(content_dir)
    assert gc.isenabled()


def test_a_start_on_a_broken_folder_shows_the_last_good_version(
    launches: Launches,
    content_dir: Path,
    private_data_folder: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    start(content_dir)
    good = launches.shown[0][0]
    edit(content_dir / "kiosk.yaml", "https://", "ftp://")
    assert start(content_dir) == 0
    shown = launches.shown[1][0]
    assert shown.checksum == good.checksum
    assert shown.root == good.root
    assert "must start with https://" in caplog.text  # in the log, with file and line
    assert "showing the last good copy" in caplog.text
    kept = [p for p in (private_data_folder / versions.VERSIONS).iterdir() if p.is_dir()]
    assert len(kept) == 1  # the broken copy is not kept


RUN_APP = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kiosk import logs
from kiosk.core.content.loader import load_content
from kiosk.ui.launch import RunOptions, run_app

logs.setup()
folder = Path(sys.argv[1])
content = load_content(folder).content
app = QApplication([])

def look_then_quit():
    window = next(w for w in app.topLevelWidgets() if w.isVisible())
    print("title", window.windowTitle())
    app.exit(0)

QTimer.singleShot(500, look_then_quit)
sys.exit(run_app(content, RunOptions(folder, size=(800, 600))))
"""


def test_run_app_starts_and_stops_cleanly(content_dir: Path) -> None:
    """The real run_app, offscreen, in its own process: an exited QApplication leaves every
    later event loop in this one returning at once."""
    proc = subprocess.run(
        [sys.executable, "-c", RUN_APP, str(content_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "ready in" in proc.stderr
    assert "interactive in" in proc.stderr  # the usage log and speech came after the frame
    assert "title Learn about" in proc.stdout
