"""Quick start: unchanged content is shown without being read and checked again, and nothing
else changes: an edited folder, other code or a damaged record means the full check."""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk import __version__, cli, logs
from kiosk.core import bootcache, snapshot
from kiosk.core.fingerprint import fingerprint
from kiosk.core.loader import load_content
from kiosk.core.model import Content
from tests.builders import edit

DATA = "kiosk-data"


class Launches:
    """Stands in for `run_app`: records what the kiosk would show and how it would start."""

    def __init__(self) -> None:
        self.shown: list[Content] = []
        self.stamps: list[str | None] = []
        self.rechecks: list[bool] = []
        self.cards: list[dict[str, Any] | None] = []  # the first frame's Welcome card, if any

    def __call__(
        self,
        content: Content | None,
        *,
        stamp: str | None = None,
        recheck: bool = False,
        welcome: dict[str, Any] | None = None,
        load: Callable[[], Content | None] | None = None,
        **_: object,
    ) -> int:
        if content is None:  # painted from the card first; the content is read after
            assert welcome is not None
            assert load is not None
            content = load()
            assert content is not None
        self.shown.append(content)
        self.stamps.append(stamp)
        self.rechecks.append(recheck)
        self.cards.append(welcome)
        return 0


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> Launches:
    import kiosk.ui.launch

    fake = Launches()
    monkeypatch.setattr(kiosk.ui.launch, "run_app", fake)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    return fake


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every full load `kiosk run` does."""
    import kiosk.core.loader

    seen: list[Path] = []
    real = kiosk.core.loader.load_content

    def counting(root: Path, *args, **kw):  # type: ignore[no-untyped-def]
        seen.append(Path(root))
        return real(root, *args, **kw)

    monkeypatch.setattr(kiosk.core.loader, "load_content", counting)
    return seen


def start(content_dir: Path) -> int:
    args = argparse.Namespace(content=content_dir, kiosk=False, size=(1280, 800), lang=None)
    return cli.run(args)


def test_unchanged_content_is_shown_without_a_second_check(
    launches: Launches, loads: list[Path], content_dir: Path, private_data_folder: Path
) -> None:
    assert start(content_dir) == 0
    assert len(loads) == 1  # the first start reads and checks everything
    first = launches.shown[0]
    assert start(content_dir) == 0
    assert len(loads) == 1  # the second does not
    second = launches.shown[1]
    assert second == first  # the very same checked content, pictures and all
    assert second.root == first.root == snapshot.last_good(private_data_folder).resolve()
    assert launches.stamps[1] == fingerprint(content_dir)  # live reload starts from it
    versions = [p for p in (private_data_folder / snapshot.VERSIONS).iterdir() if p.is_dir()]
    assert len(versions) == 1  # no new copy at every start


def test_after_an_edit_the_last_good_copy_shows_at_once_and_the_edit_is_checked_later(
    launches: Launches, loads: list[Path], content_dir: Path
) -> None:
    start(content_dir)
    edit(content_dir / "en" / "02-care.yaml", "title: Sun", "title: Sun and heat")
    start(content_dir)
    assert len(loads) == 1  # nothing read or checked before the first frame...
    assert launches.shown[1] == launches.shown[0]  # ...the last good copy...
    assert launches.rechecks == [False, True]  # ...and the edit checked right after it
    assert launches.stamps[1] == fingerprint(content_dir)


def test_a_touched_file_with_the_same_words_is_checked_again(
    launches: Launches, loads: list[Path], content_dir: Path
) -> None:
    start(content_dir)
    path = content_dir / "kiosk.yaml"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    start(content_dir)
    assert launches.rechecks == [False, True]  # names, sizes and times decide, not the words


def test_broken_content_at_start_is_never_shown_or_remembered(
    launches: Launches, loads: list[Path], content_dir: Path, private_data_folder: Path
) -> None:
    start(content_dir)
    good = launches.shown[0]
    edit(content_dir / "kiosk.yaml", "https://", "ftp://")
    for _ in range(2):
        assert start(content_dir) == 0
    assert [c.checksum for c in launches.shown] == [good.checksum] * 3  # the last good copy
    assert launches.rechecks == [False, True, True]  # each start checks the folder again
    assert bootcache.recall(private_data_folder, content_dir, fingerprint(content_dir)) is None


def test_the_edit_replaces_the_last_good_copy_once_checked_and_is_then_quick(  # type: ignore[no-untyped-def]
    make_kiosk, qtbot, launches: Launches, content_dir: Path, private_data_folder: Path
) -> None:
    start(content_dir)
    old = launches.shown[0]
    edit(content_dir / "en" / "02-care.yaml", "title: Sun", "title: Sun and heat")
    start(content_dir)
    assert launches.rechecks[1]
    kiosk = make_kiosk(
        root=old.root,  # what run_app was given: the last good copy
        content_dir=content_dir,
        data_folder=private_data_folder,
        stamp=launches.stamps[1],
        recheck=True,
    )
    if kiosk.content.checksum == old.checksum:  # the check may already be done
        with qtbot.waitSignal(kiosk.content_swapped, timeout=10_000):
            pass
    titles = [s.title for s in kiosk.content.languages["en"].slides]
    assert any(t.startswith("Sun and heat") for t in titles)
    remembered = bootcache.recall(private_data_folder, content_dir, fingerprint(content_dir))
    assert remembered == kiosk.content  # so the next start is a quick one
    start(content_dir)
    assert launches.rechecks[2] is False
    assert launches.shown[2] == kiosk.content


def test_other_code_means_a_full_check(
    launches: Launches,
    loads: list[Path],
    content_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    start(content_dir)
    monkeypatch.setattr(bootcache, "code_key", lambda: "another version of the checker")
    start(content_dir)
    assert len(loads) == 2


def test_code_key_follows_the_checker_source(tmp_path: Path) -> None:
    core = tmp_path / "core"
    shutil.copytree(Path(bootcache.__file__).parent, core, ignore=shutil.ignore_patterns("*.pyc"))
    key = bootcache.code_key(core)
    assert key == bootcache.code_key(core)
    assert key.startswith(__version__ + "\n")
    loader = core / "loader.py"
    st = loader.stat()
    os.utime(loader, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert bootcache.code_key(core) != key  # an edited checker
    os.utime(loader, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert bootcache.code_key(core) == key
    (core / "new_rule.py").write_text("")
    assert bootcache.code_key(core) != key  # a new module


def good_version(content_dir: Path, data: Path) -> tuple[Path, Content, str]:
    stamp = fingerprint(content_dir)
    staged = snapshot.stage(content_dir, data)
    assert staged is not None
    content = load_content(staged).content
    assert content is not None
    snapshot.mark_good(staged)
    bootcache.remember(staged, content_dir, stamp, content)
    return staged, content, stamp


def test_recall_gives_back_what_was_remembered(content_dir: Path, tmp_path: Path) -> None:
    _, content, stamp = good_version(content_dir, tmp_path)
    assert bootcache.recall(tmp_path, content_dir, stamp) == content
    assert bootcache.recall(tmp_path, content_dir, stamp + "x") is None  # folder changed
    assert bootcache.recall(tmp_path, tmp_path / "elsewhere", stamp) is None  # another folder


def test_recall_refuses_a_record_that_is_not_for_the_good_version(
    content_dir: Path, tmp_path: Path
) -> None:
    staged, _, stamp = good_version(content_dir, tmp_path)
    (staged.parent / snapshot.GOOD).write_text("v0-0")  # another version is the good one now
    assert bootcache.recall(tmp_path, content_dir, stamp) is None
    snapshot.mark_good(staged)
    snapshot.discard(staged)  # the version folder is gone: so is its record
    assert not (staged.parent / (staged.name + bootcache.SUFFIX)).exists()
    assert bootcache.recall(tmp_path, content_dir, stamp) is None


@pytest.mark.parametrize("damage", ["truncated", "garbage", "wrong type"])
def test_a_damaged_record_means_a_full_check(
    content_dir: Path, tmp_path: Path, damage: str
) -> None:
    staged, _, stamp = good_version(content_dir, tmp_path)
    record = staged.parent / (staged.name + bootcache.SUFFIX)
    data = record.read_bytes()
    if damage == "truncated":
        record.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        record.write_bytes(os.urandom(200))
    else:
        record.write_bytes(pickle.dumps(["not", "a", "record"]))
    assert bootcache.recall(tmp_path, content_dir, stamp) is None


class Planted:
    """What an attacker could leave in the data folder: unpickling it would run a command."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str]]:
        return (os.system, (f"touch {self.target}",))


def test_a_planted_record_cannot_run_code(content_dir: Path, tmp_path: Path) -> None:
    staged, _, stamp = good_version(content_dir, tmp_path)
    target = tmp_path / "owned"
    record = staged.parent / (staged.name + bootcache.SUFFIX)
    header = pickle.dumps({**bootcache._header(content_dir, stamp, staged.name), "welcome": {}})
    for planted in (header + pickle.dumps(Planted(target)), pickle.dumps(Planted(target))):
        record.write_bytes(planted)  # in the content's place, and in the header's
        assert bootcache.recall(tmp_path, content_dir, stamp) is None
    assert not target.exists()


def test_prune_keeps_a_copy_being_made_and_drops_orphaned_records(tmp_path: Path) -> None:
    base = tmp_path / snapshot.VERSIONS
    (base / "v1-1.tmp").mkdir(parents=True)  # a live reload's worker is copying
    (base / "v2-2").mkdir()
    (base / "v2-2.load").write_bytes(b"x")
    (base / "v3-3.load").write_bytes(b"x")  # its version was removed long ago
    snapshot.prune(tmp_path, {base / "v2-2"})
    assert sorted(p.name for p in base.iterdir()) == ["v1-1.tmp", "v2-2", "v2-2.load"]


def test_log_lines_before_the_file_opens_are_written_to_it_in_order(tmp_path: Path) -> None:
    import logging

    folder = tmp_path / "logs"
    path = logs.setup(folder, defer_file=True)
    try:
        assert path == folder / "kiosk.log"
        assert not path.exists()  # not before the first frame
        logging.getLogger("kiosk.test").info("first, before the file")
        logging.getLogger("kiosk.test").warning("second, before the file")
        assert logs.open_file() == path
        logging.getLogger("kiosk.test").info("third, after")
        assert logs.open_file() is None  # once
        lines = path.read_text().splitlines()
        assert [line.split(": ", 1)[1] for line in lines] == [
            "first, before the file",
            "second, before the file",
            "third, after",
        ]
    finally:
        logs.setup()  # stderr only again: later tests must not write into tmp_path


def test_a_quick_start_paints_the_welcome_card_of_what_it_then_shows(
    launches: Launches, content_dir: Path
) -> None:
    start(content_dir)
    assert launches.cards == [None]  # the first start reads everything before its first frame
    start(content_dir)
    assert launches.cards[1] == bootcache.welcome_card(launches.shown[1])


def first_frame_and_kiosk(content: Content, qtbot, size=(1280, 800)):  # type: ignore[no-untyped-def]
    """The same Welcome twice: painted from the card, and built by KioskApp from the content."""
    from kiosk.ui.app import KioskApp
    from kiosk.ui.first_frame import FirstFrame

    first = FirstFrame.from_card(bootcache.welcome_card(content), False, size)
    plain = KioskApp(content, size=size)
    for window in (first.window, plain.window):
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
    return first, plain


@pytest.mark.parametrize("look", ["clinic", "high contrast, largest text, Spanish first"])
def test_the_first_frame_is_pixel_for_pixel_the_welcome_screen(
    qtbot, content_dir: Path, look: str
) -> None:  # type: ignore[no-untyped-def]
    if look != "clinic":
        edit(content_dir / "kiosk.yaml", "languages: [en, es]", "languages: [es, en]")
        with (content_dir / "kiosk.yaml").open("a") as f:
            f.write("display:\n  reduced_motion: true\n  high_contrast: true\n  text_size: 3\n")
    result = load_content(content_dir)
    assert result.content is not None, [p.format() for p in result.problems]
    first, plain = first_frame_and_kiosk(result.content, qtbot)
    painted = first.window.grab().toImage()
    built = plain.window.grab().toImage()
    assert painted.size() == built.size()
    assert painted == built
    assert first.window.windowTitle() == plain.window.windowTitle()
    for window in (first.window, plain.window):
        window.close()


def test_the_kiosk_takes_over_the_first_frame_and_answers_taps(qtbot, content_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.core.journey import Screen
    from kiosk.ui.app import KioskApp
    from kiosk.ui.first_frame import FirstFrame
    from tests.test_ui_journey import tap

    content = load_content(content_dir).content
    assert content is not None
    first = FirstFrame.from_card(bootcache.welcome_card(content), False, (1280, 800))
    qtbot.addWidget(first.window)
    first.window.show()
    qtbot.waitUntil(lambda: first.window.painted)
    kiosk = KioskApp(content, first_frame=first)
    assert kiosk.window is first.window
    assert kiosk.welcome is first.welcome
    assert kiosk.bars[Screen.WELCOME] is first.bar
    assert first.window.stack.count() == 1  # nothing built twice
    qtbot.waitUntil(lambda: kiosk.built)  # the other screens follow at once
    tap(kiosk.welcome.start)
    assert kiosk.journey.screen is Screen.OVERVIEW
    kiosk.stop()
    first.window.close()


def test_a_dotted_name_cannot_reach_beyond_the_content_classes(
    content_dir: Path, tmp_path: Path
) -> None:
    """pickle follows dotted names: kiosk.core.markdown -> re -> enum -> builtins.exec."""
    staged, _, stamp = good_version(content_dir, tmp_path)
    target = tmp_path / "owned"

    def text(value: str) -> bytes:
        data = value.encode()
        return b"\x8c" + bytes([len(data)]) + data  # SHORT_BINUNICODE

    attack = (
        b"\x80\x04"
        + text("kiosk.core.markdown")
        + text("re.enum.bltns.exec")
        + b"\x93"  # STACK_GLOBAL
        + text(f"open({str(target)!r}, 'w').write('x')")
        + b"\x85R."  # TUPLE1, REDUCE, STOP
    )
    header = pickle.dumps({**bootcache._header(content_dir, stamp, staged.name), "welcome": {}})
    record = staged.parent / (staged.name + bootcache.SUFFIX)
    for planted in (header + attack, attack):
        record.write_bytes(planted)
        assert bootcache.recall(tmp_path, content_dir, stamp) is None
    assert not target.exists()
    # the same file through a plain unpickler would have run it: the test can fail
    pickle.loads(attack)
    assert target.exists()


def test_a_recheck_that_finds_the_same_content_makes_the_next_start_quick(  # type: ignore[no-untyped-def]
    make_kiosk, qtbot, launches: Launches, content_dir: Path, private_data_folder: Path
) -> None:
    start(content_dir)
    path = content_dir / "kiosk.yaml"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a re-sync, same words
    start(content_dir)
    assert launches.rechecks[1]
    kiosk = make_kiosk(
        root=launches.shown[1].root,
        content_dir=content_dir,
        data_folder=private_data_folder,
        stamp=launches.stamps[1],
        recheck=True,
    )
    qtbot.waitUntil(
        lambda: (
            bootcache.recall(private_data_folder, content_dir, fingerprint(content_dir)) is not None
        ),
        timeout=10_000,
    )
    assert kiosk.content.checksum == launches.shown[0].checksum  # nothing to swap
    start(content_dir)
    assert launches.rechecks[2] is False


def test_options_without_a_command_mean_run() -> None:
    assert cli.with_command([]) == ["run"]
    assert cli.with_command(["--kiosk"]) == ["run", "--kiosk"]
    assert cli.with_command(["validate"]) == ["validate"]
    assert cli.with_command(["--help"]) == ["--help"]
    args = cli.build_parser().parse_args(cli.with_command(["--size", "1024x700"]))
    assert (args.command, args.size) == ("run", (1024, 700))


RUN_APP = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from kiosk import logs
from kiosk.core import bootcache
from kiosk.core.loader import load_content
from kiosk.ui.launch import run_app

logs.setup()

scenario, folder = sys.argv[1], Path(sys.argv[2])
content = load_content(folder).content
calls = []

def quit_soon():
    QTimer.singleShot(300, lambda: QCoreApplication.exit(0))
    return content

def load():
    calls.append(1)
    if scenario == "nothing":
        return None
    if scenario == "raises":
        raise OSError("the disk went away")
    return quit_soon()

card = {"from": "other code"} if scenario == "bad card" else bootcache.welcome_card(content)
code = run_app(None, size=(800, 600), welcome=card, load=load)
print("calls", len(calls))
sys.exit(code)
"""


def run_app_in_a_child(scenario: str, content_dir: Path) -> subprocess.CompletedProcess[str]:
    """The real run_app on the quick-start path, offscreen, in its own process: an exited
    QApplication leaves every later event loop in this one returning at once."""
    return subprocess.run(
        [sys.executable, "-c", RUN_APP, scenario, str(content_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_run_app_exits_1_when_no_content_can_be_read_after_the_first_frame(
    content_dir: Path,
) -> None:
    proc = run_app_in_a_child("nothing", content_dir)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "calls 1" in proc.stdout
    assert "no content that can be shown" in proc.stderr


def test_run_app_exits_70_when_starting_fails_after_the_first_frame(content_dir: Path) -> None:
    from kiosk.core.crash import EXIT_CODE

    proc = run_app_in_a_child("raises", content_dir)  # not a dead Welcome: the service restarts
    assert proc.returncode == EXIT_CODE, proc.stderr[-2000:]
    assert "the disk went away" in proc.stderr


@pytest.mark.parametrize("scenario", ["good card", "bad card"])
def test_run_app_starts_from_a_good_card_or_reads_the_content_first(
    content_dir: Path, scenario: str
) -> None:
    proc = run_app_in_a_child(scenario, content_dir)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "calls 1" in proc.stdout
    assert "interactive in" in proc.stderr
    assert ("cannot paint Welcome from the kept card" in proc.stderr) == (scenario == "bad card")
