"""`kiosk pull` against a real git repository with real SSH-signed tags (core.content.fleet)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.core.content.fleet import Fleet, Outcome, refusal_line
from kiosk.core.content.loader import load_content
from tests.builders import edit
from tests.gitrepo import ContentRepo


@pytest.fixture
def repo(tmp_path: Path) -> ContentRepo:
    return ContentRepo(tmp_path / "repo")


def shown(fleet: Fleet) -> str:
    """The clinic name of the content `current` points at, through the one loader."""
    result = load_content(fleet.current.resolve())
    assert result.content is not None
    return result.content.settings.clinic_name


def release(repo: ContentRepo, marker: str, tag: str, **how: object) -> None:
    repo.commit(marker)
    repo.tag(tag, **how)
    repo.push()


def test_only_good_signed_tags_are_taken_and_each_bad_one_is_refused_in_one_line(
    repo: ContentRepo, tmp_path: Path
) -> None:
    data = tmp_path / "kiosk-data"
    repo.trust(data)
    fleet = Fleet(data)
    url = str(repo.bare)

    release(repo, "Clinic one", "v1")
    assert fleet.pull(url).outcome is Outcome.SWITCHED
    assert shown(fleet) == "Clinic one"
    assert fleet.current_tag() == "v1"
    assert fleet.pull(url).message == "already on tag v1"

    release(repo, "Clinic two", "v2")
    result = fleet.pull(url)
    assert result.outcome is Outcome.SWITCHED, result.message
    assert shown(fleet) == "Clinic two"
    assert refusal_line(data) == ""

    release(repo, "Clinic three", "v3", signed=False)
    result = fleet.pull(url)
    assert result.line() == "content update refused: tag v3 is not signed"
    assert re.fullmatch(
        r"content update refused: tag v3 is not signed \(at \d{4}-\d\d-\d\d \d\d:\d\d\)",
        refusal_line(data),
    )
    assert shown(fleet) == "Clinic two"

    release(repo, "Clinic four", "v4", key=repo.stranger)
    assert fleet.pull(url).message == "tag v4 is signed by an unknown key"
    assert shown(fleet) == "Clinic two"

    repo.commit("Clinic five")
    edit(repo.work / "es" / "02-care.yaml", "title: Sun", "titel: Sun")
    repo.git("commit", "--quiet", "-am", "a typo")
    repo.tag("v5")
    repo.push()
    result = fleet.pull(url)
    assert result.outcome is Outcome.REFUSED
    assert result.message.startswith("tag v5 has content errors: es/02-care.yaml:")
    assert "slide is missing 'title'" in result.message
    assert shown(fleet) == "Clinic two"
    assert fleet.current_tag() == "v2"
    # Only the two good tags were ever kept; nothing half-written is left behind.
    assert sorted(p.name.split("-")[0] for p in fleet.versions.iterdir()) == ["v1", "v2"]


def test_the_command_line_says_one_line_and_exits_1_when_refused(
    repo: ContentRepo, tmp_path: Path
) -> None:
    data = tmp_path / "kiosk-data"
    repo.trust(data)
    release(repo, "Clinic one", "v1", key=repo.stranger)
    env = {**os.environ, "KIOSK_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "pull", "--repo", str(repo.bare)],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "WARNING kiosk.fleet: content update refused: tag v1 is signed by an unknown key"
    ]
    status = subprocess.run(
        [sys.executable, "-m", "kiosk", "pull", "--status"],
        capture_output=True, text=True, env=env, check=True, timeout=60,
    )  # fmt: skip
    assert "current: none" in status.stdout


def test_an_unreachable_repository_or_no_trusted_keys_leave_the_content_alone(
    repo: ContentRepo, tmp_path: Path
) -> None:
    data = tmp_path / "kiosk-data"
    fleet = Fleet(data)
    release(repo, "Clinic one", "v1")
    assert fleet.pull(str(repo.bare)).message.startswith("no allowed_signers file in ")
    (data / "allowed_signers").mkdir()  # not a file: refused, not read
    assert "is not a plain text file of keys" in fleet.pull(str(repo.bare)).message
    (data / "allowed_signers").rmdir()
    os.mkfifo(data / "allowed_signers")  # would block a reader for ever: never opened
    assert "is not a plain text file of keys" in fleet.pull(str(repo.bare)).message
    (data / "allowed_signers").unlink()
    repo.trust(data)
    assert fleet.pull(str(repo.bare)).outcome is Outcome.SWITCHED
    gone = fleet.pull(str(tmp_path / "nowhere.git"))
    assert gone.message == (
        f"cannot reach the content repository {tmp_path}/nowhere.git: "
        f"'{tmp_path}/nowhere.git' does not appear to be a git repository"
    )
    option = fleet.pull(f"--upload-pack=touch {tmp_path}/pwned")  # an option, not a URL
    assert option.message.startswith("cannot reach the content repository --upload-pack=")
    assert not (tmp_path / "pwned").exists()
    secret = fleet.pull("https://kiosk:s3cret-token@127.0.0.1:9/content.git")
    assert "s3cret" not in secret.message
    assert "https://kiosk@127.0.0.1:9/content.git" in secret.message
    assert shown(fleet) == "Clinic one"


def test_an_old_signed_tag_published_again_under_a_newer_name_is_refused(
    repo: ContentRepo, tmp_path: Path
) -> None:
    data = tmp_path / "kiosk-data"
    repo.trust(data)
    fleet = Fleet(data)
    release(repo, "Clinic one", "v1")
    release(repo, "Clinic two", "v2")
    assert fleet.pull(str(repo.bare)).message.startswith("switched to tag v2")
    repo.git("tag", "v3", "v1")  # v1's signed tag object, under a newer name
    repo.push()
    assert fleet.pull(str(repo.bare)).message == (
        "tag v3 is the signed tag v1 under another name; renamed tags are refused"
    )
    assert shown(fleet) == "Clinic two"


def test_what_a_killed_pull_left_behind_is_tidied(repo: ContentRepo, tmp_path: Path) -> None:
    data = tmp_path / "kiosk-data"
    repo.trust(data)
    fleet = Fleet(data)
    release(repo, "Clinic one", "v1")
    fleet.pull(str(repo.bare))
    (fleet.versions / ".v2-abc.999.tmp" / "en").mkdir(parents=True)
    (fleet.root / ".current.999.tmp").symlink_to("versions/nowhere")
    release(repo, "Clinic two", "v2")
    assert fleet.pull(str(repo.bare)).outcome is Outcome.SWITCHED
    assert sorted(p.name for p in fleet.root.glob(".*")) == []
    assert sorted(p.name[:3] for p in fleet.versions.iterdir()) == ["v1-", "v2-"]


def test_a_tag_holding_a_symlink_is_refused(repo: ContentRepo, tmp_path: Path) -> None:
    data = tmp_path / "kiosk-data"
    repo.trust(data)
    (repo.work / "images" / "passwd.svg").symlink_to("/etc/passwd")
    release(repo, "Clinic one", "v1")
    result = Fleet(data).pull(str(repo.bare))
    assert result.message == (
        "tag v1 holds a link or sub-repository 'images/passwd.svg'; only plain files are used"
    )


def test_rollback_goes_back_and_the_rolled_back_tag_is_not_pulled_again(
    repo: ContentRepo, tmp_path: Path
) -> None:
    data = tmp_path / "kiosk-data"
    repo.trust(data)
    fleet = Fleet(data)
    url = str(repo.bare)
    assert fleet.rollback().message == "there is no earlier version kept to roll back to"
    release(repo, "Clinic one", "v1")
    fleet.pull(url)
    release(repo, "Clinic two", "v2")
    fleet.pull(url)
    result = fleet.rollback()
    assert (result.outcome, result.message) == (Outcome.ROLLED_BACK, "rolled back to tag v1")
    assert shown(fleet) == "Clinic one"
    again = fleet.pull(url)
    assert again.message == "tag v2 was rolled back on this kiosk; waiting for a newer tag"
    assert shown(fleet) == "Clinic one"
    release(repo, "Clinic three", "v3")
    assert fleet.pull(url).outcome is Outcome.SWITCHED
    assert shown(fleet) == "Clinic three"
    assert fleet.rollback().message == "rolled back to tag v1"  # v2 was rolled back before


def test_a_reader_never_sees_a_mixed_folder_while_versions_switch(
    repo: ContentRepo, tmp_path: Path
) -> None:
    """A reader that resolves `current` once per read (as the kiosk's reload does) sees one
    version's files, never two versions mixed, and `current` never disappears."""
    data = tmp_path / "kiosk-data"
    repo.trust(data)
    fleet = Fleet(data)
    url = str(repo.bare)
    release(repo, "Clinic 0", "v0")
    fleet.pull(url)
    done = threading.Event()
    seen: set[str] = set()
    problems: list[str] = []

    def read() -> None:
        while not done.is_set():
            try:
                folder = fleet.current.resolve(strict=True)
                settings = (folder / "kiosk.yaml").read_text()
                section = (folder / "es" / "01-basics.yaml").read_text()
            except OSError as exc:
                problems.append(f"cannot read: {exc}")
                continue
            name = settings.split("name: ", 1)[1].splitlines()[0]
            if f"title: {name}\n" not in section:
                problems.append(f"mixed: {name} with another version's section")
            seen.add(name)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(1, 6):
            release(repo, f"Clinic {n}", f"v{n}")
            assert fleet.pull(url).outcome is Outcome.SWITCHED
            assert fleet.rollback().outcome is Outcome.ROLLED_BACK
            release(repo, f"Clinic {n}b", f"v{n}b")
            assert fleet.pull(url).outcome is Outcome.SWITCHED
    finally:
        done.set()
        reader.join(timeout=30)
    assert problems == []
    assert len(seen) > 2  # the reader really ran across switches
    assert len(list(fleet.versions.iterdir())) <= 5  # old versions are pruned


def test_a_full_disk_refuses_the_update_and_keeps_the_content(
    repo: ContentRepo, tmp_path: Path
) -> None:
    """A real small file system (tmpfs) for the data folder; needs root to mount it."""
    disk = tmp_path / "small-disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)],
        capture_output=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        data = disk / "kiosk-data"
        repo.trust(data)
        fleet = Fleet(data)
        release(repo, "Clinic one", "v1")
        result = fleet.pull(str(repo.bare))
        assert result.outcome is Outcome.REFUSED
        assert result.message.startswith("the disk is full: tag v1 needs ")
        assert not fleet.current.exists()
        assert refusal_line(data).startswith("content update refused: the disk is full")
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_checker_fault_refuses_the_tag_and_keeps_the_content(
    repo: ContentRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the loader used to end `kiosk pull` with a traceback; it is a refusal now."""
    import kiosk.core.content.loader as loader

    data = tmp_path / "kiosk-data"
    repo.trust(data)
    fleet = Fleet(data)
    release(repo, "Clinic one", "v1")
    assert fleet.pull(str(repo.bare)).outcome is Outcome.SWITCHED

    def broken(root: Path, **options: bool) -> object:
        raise RecursionError("a checker bug")

    monkeypatch.setattr(loader, "load_content", broken)
    release(repo, "Clinic two", "v2")
    result = fleet.pull(str(repo.bare))
    monkeypatch.undo()
    assert result.outcome is Outcome.REFUSED
    assert result.message.startswith("tag v2 has content errors: ")
    assert "the content could not be checked (a fault in the kiosk, see its log)" in result.message
    assert shown(fleet) == "Clinic one"
