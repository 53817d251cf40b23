"""Live reload: edits reach the kiosk, broken edits never do, and swaps wait for a safe moment."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from kiosk.core.content.loader import load_content
from kiosk.core.content.model import Content
from kiosk.core.session.journey import Reason, Screen
from kiosk.ui.reload import ContentReloader
from tests.builders import edit


@pytest.fixture
def reloader(qtbot, content_dir: Path, tmp_path: Path) -> Iterator[ContentReloader]:
    content = load_content(content_dir).content
    assert content is not None
    watcher = ContentReloader(content_dir, content, tmp_path / "data", poll_ms=200)
    watcher.start()
    yield watcher
    watcher.stop()
    dispose(watcher)


def dispose(obj: ContentReloader) -> None:
    """Delete on the main thread now rather than whenever (and wherever) the GC runs."""
    obj.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def title_of(content: Content, slide_id: str, lang: str = "en") -> str:
    slide = next(s for s in content.languages[lang].slides if s.id == slide_id)
    return slide.title


def replace_file(path: Path, text: str) -> None:
    """Like an editor or a sync tool: write a new file beside it, then rename over it."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    tmp.replace(path)


def test_two_replacements_in_a_row_are_both_picked_up(qtbot, reloader, content_dir: Path) -> None:
    path = content_dir / "en" / "02-care.yaml"
    original = path.read_text()
    with qtbot.waitSignal(reloader.content_loaded, timeout=10_000) as first:
        replace_file(path, original.replace("title: Sun", "title: Sun one"))
    assert title_of(first.args[0], "sun") == "Sun one"
    with qtbot.waitSignal(reloader.content_loaded, timeout=10_000) as second:
        replace_file(path, original.replace("title: Sun", "title: Sun two"))
    assert title_of(second.args[0], "sun") == "Sun two"


def test_half_written_file_keeps_the_old_content(qtbot, reloader, content_dir: Path) -> None:
    path = content_dir / "en" / "02-care.yaml"
    text = path.read_text()
    loaded: list[Content] = []
    reloader.content_loaded.connect(loaded.append)
    with qtbot.waitSignal(reloader.content_rejected, timeout=10_000) as rejected:
        path.write_text(text[: text.index("answers:") + 12])  # cut off mid-list
    assert any("02-care.yaml" in str(p.path) for p in rejected.args[0])
    assert loaded == []
    with qtbot.waitSignal(reloader.content_loaded, timeout=10_000):
        path.write_text(text.replace("title: Sun", "title: Sun again"))


def test_deleted_and_recreated_folder_is_picked_up(
    qtbot, reloader, content_dir: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "es-backup"
    shutil.copytree(content_dir / "es", backup)
    with qtbot.waitSignal(reloader.content_rejected, timeout=10_000):
        shutil.rmtree(content_dir / "es")
    edit(backup / "02-care.yaml", "title: Sun", "title: Sol")
    with qtbot.waitSignal(reloader.content_loaded, timeout=10_000) as loaded:
        shutil.copytree(backup, content_dir / "es")
    assert title_of(loaded.args[0], "sun", "es") == "Sol"
    with qtbot.waitSignal(reloader.content_loaded, timeout=10_000) as again:
        replace_file(
            content_dir / "es" / "02-care.yaml",
            (content_dir / "es" / "02-care.yaml").read_text().replace("Sol", "Sol 2"),
        )
    assert title_of(again.args[0], "sun", "es") == "Sol 2"


def test_picture_that_cannot_be_drawn_is_rejected(qtbot, reloader, content_dir: Path) -> None:
    with qtbot.waitSignal(reloader.content_rejected, timeout=10_000) as rejected:
        (content_dir / "images" / "skin.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg"><path d="M 0 0 L"/><rect width="x"/></svg>'
            "<unclosed"
        )
    assert rejected.args[0]


def test_swap_waits_for_the_next_patient(make_kiosk, qtbot, content_dir: Path) -> None:
    kiosk = make_kiosk()
    kiosk.move(kiosk.journey.start)
    kiosk.move(kiosk.journey.begin)
    edit(content_dir / "en" / "01-basics.yaml", "title: What it is", "title: What it really is")
    new = load_content(content_dir).content
    kiosk.offer_content(new)
    assert kiosk.journey.screen is Screen.SLIDE  # the patient reading now is not disturbed
    assert kiosk.slides.info.title.text() == "What it is"
    with qtbot.waitSignal(kiosk.content_swapped, timeout=2000):
        kiosk.reset(Reason.IDLE)
    kiosk.move(kiosk.journey.start)
    kiosk.move(kiosk.journey.begin)
    assert kiosk.slides.info.title.text() == "What it really is"


def test_swap_is_immediate_on_an_untouched_welcome_screen(make_kiosk, content_dir: Path) -> None:
    kiosk = make_kiosk()
    edit(content_dir / "kiosk.yaml", "name: Test Clinic", "name: Renamed Clinic")
    kiosk.offer_content(load_content(content_dir).content)
    assert kiosk.welcome.clinic.text() == "Renamed Clinic"


@pytest.mark.parametrize("how", ["rename-over", "in-place"])
def test_folder_watch_alone_notices_edits(
    qtbot, content_dir: Path, tmp_path: Path, how: str
) -> None:
    content = load_content(content_dir).content
    assert content is not None
    watcher = ContentReloader(
        content_dir, content, tmp_path / "data", poll_ms=3_600_000
    )  # no polling help
    watcher.start()
    try:
        path = content_dir / "en" / "02-care.yaml"
        new = path.read_text().replace("title: Sun", "title: Sun watched")
        with qtbot.waitSignal(watcher.content_loaded, timeout=10_000) as loaded:
            replace_file(path, new) if how == "rename-over" else path.write_text(new)
        assert title_of(loaded.args[0], "sun") == "Sun watched"
    finally:
        watcher.stop()
        dispose(watcher)


def test_a_stopped_reloader_stays_quiet(qtbot, content_dir: Path, tmp_path: Path) -> None:
    content = load_content(content_dir).content
    assert content is not None
    watcher = ContentReloader(content_dir, content, tmp_path / "data", poll_ms=100)
    watcher.start()
    watcher.stop()
    seen: list[object] = []
    watcher.content_loaded.connect(seen.append)
    watcher.content_rejected.connect(seen.append)
    (content_dir / "en" / "02-care.yaml").write_text("broken: [")
    watcher.reload_now()  # e.g. a late staff tap: ignored, not an error
    qtbot.wait(1000)
    assert seen == []
    assert watcher.watcher.files() == []
    dispose(watcher)


def test_each_good_version_is_a_checked_copy(qtbot, content_dir: Path, tmp_path: Path) -> None:
    from kiosk.core.content import versions

    data = tmp_path / "data"
    content = load_content(content_dir).content
    assert content is not None
    watcher = ContentReloader(content_dir, content, data, poll_ms=200)
    watcher.start()
    try:
        path = content_dir / "en" / "02-care.yaml"
        with qtbot.waitSignal(watcher.content_loaded, timeout=10_000) as loaded:
            replace_file(path, path.read_text().replace("title: Sun", "title: Sun kept"))
        live: Content = loaded.args[0]
        good = versions.last_good(data)
        assert good is not None
        assert live.root == good.resolve()  # the kiosk shows the copy that was checked...
        picture = live.languages["en"].slides[0].illustration
        assert picture is not None
        assert picture.path.is_relative_to(good.resolve())  # ...pictures included
        (content_dir / "images" / "skin.svg").write_text("<svg")  # a half-saved picture
        assert picture.path.read_text().startswith("<svg xmlns")  # does not reach the screen
        with qtbot.waitSignal(watcher.content_rejected, timeout=10_000) as rejected:
            path.write_text("titel: [")
        assert versions.last_good(data) == good  # a broken version is never kept
        assert all(not p.path.is_relative_to(data) for p in rejected.args[0])  # staff's files
        assert any(p.path == content_dir / "en" / "02-care.yaml" for p in rejected.args[0])
    finally:
        watcher.stop()
        dispose(watcher)


def test_new_theme_colours_are_applied_at_the_swap(make_kiosk, content_dir: Path) -> None:
    kiosk = make_kiosk()
    with (content_dir / "kiosk.yaml").open("a") as f:
        f.write('theme:\n  background: "#FFFFFF"\n')
    kiosk.offer_content(load_content(content_dir).content)
    assert kiosk.window.theme.background == "#FFFFFF"
    assert "#FFFFFF" in kiosk.window.styleSheet()


def test_prune_keeps_a_copy_being_made(tmp_path: Path) -> None:
    from kiosk.core.content import versions

    base = tmp_path / versions.VERSIONS
    (base / "v1-1.tmp").mkdir(parents=True)  # a live reload's worker is copying
    (base / "v2-2").mkdir()
    (base / "v3-3").mkdir()
    (base / "v2-2.pickle").write_bytes(b"")  # left by an earlier release's start-up cache
    (base / versions.GOOD).write_text("v2-2")
    versions.prune(tmp_path, {base / "v2-2"})
    assert sorted(p.name for p in base.iterdir()) == ["GOOD", "v1-1.tmp", "v2-2"]


def test_a_fifo_dropped_into_the_folder_is_rejected_not_waited_on(
    qtbot, content_dir: Path, tmp_path: Path
) -> None:
    """Issue 15: a FIFO used to hang the reload worker, and with it the staff exit."""
    content = load_content(content_dir).content
    assert content is not None
    watcher = ContentReloader(content_dir, content, tmp_path / "data", poll_ms=200)
    watcher.start()
    try:
        with qtbot.waitSignal(watcher.content_rejected, timeout=10_000) as rejected:
            os.mkfifo(content_dir / "en" / "09-extra.yaml")
        messages = [p.format(content_dir) for p in rejected.args[0]]
        assert any("09-extra.yaml: error: 'en/09-extra.yaml' is a pipe" in m for m in messages)
    finally:
        watcher.stop()  # returns: no worker is stuck
        dispose(watcher)


def test_a_fault_while_checking_is_a_problem_not_a_valid_verdict(
    qtbot, reloader: ContentReloader, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the checker used to reach the staff panel as "None: the content is valid"."""
    import kiosk.core.content.loader as loader

    def broken(root: Path, **options: bool) -> object:
        raise RecursionError("a checker bug")

    monkeypatch.setattr(loader, "load_content", broken)
    with qtbot.waitSignal(reloader.content_rejected, timeout=10_000) as rejected:
        reloader.reload_now()
    assert [p.message for p in rejected.args[0]] == [
        "the content could not be checked (a fault in the kiosk, see its log)"
    ]
