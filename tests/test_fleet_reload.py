"""The kiosk's live reload follows a `kiosk pull` switch of the `current` link."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.content.fleet import Fleet, Outcome
from kiosk.core.content.loader import load_content
from kiosk.ui.reload import ContentReloader
from tests.gitrepo import ContentRepo
from tests.test_reload import dispose


@pytest.mark.parametrize("notice", ["watch", "poll"])
def test_a_switch_of_the_current_link_is_loaded_whole(qtbot, tmp_path: Path, notice: str) -> None:
    """By the folder watch alone (no polling), or by the fingerprint poll alone (a switch the
    notifications missed); either way the version loaded is the new tag's, complete."""
    repo = ContentRepo(tmp_path / "repo")
    data = tmp_path / "data"
    repo.trust(data)
    fleet = Fleet(data)
    repo.commit("Clinic one")
    repo.tag("v1")
    repo.push()
    assert fleet.pull(str(repo.bare)).outcome is Outcome.SWITCHED
    content = load_content(fleet.current).content
    assert content is not None
    watcher = ContentReloader(
        fleet.current, content, data, poll_ms=3_600_000 if notice == "watch" else 200
    )
    if notice == "poll":
        watcher.watcher.removePaths(watcher.watcher.directories() + watcher.watcher.files())
    watcher.start()
    try:
        repo.commit("Clinic two")
        repo.tag("v2")
        repo.push()
        with qtbot.waitSignal(watcher.content_loaded, timeout=15_000) as loaded:
            assert fleet.pull(str(repo.bare)).outcome is Outcome.SWITCHED
        new = loaded.args[0]
        assert new.settings.clinic_name == "Clinic two"
        assert new.language("es").sections[0].title == "Clinic two"
        # What the kiosk shows is its own checked copy, not the kept version itself.
        assert data / "content-versions" in new.root.parents
    finally:
        watcher.stop()
        dispose(watcher)
