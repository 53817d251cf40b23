"""Content folders built to hurt: links out, FIFOs, endless devices, deep nesting, long names.

Each one must end as a `file:line` error from `kiosk validate`, quickly, and the running kiosk
must refuse it the same way (it checks a copy, and never falls back to the live folder)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.content import versions
from kiosk.core.content.fingerprint import fingerprint
from kiosk.core.content.loader import load_content
from kiosk.core.content.versions import Outcome, load_version
from tests.builders import PAGE_BLOCK, edit

ROOT = Path(__file__).resolve().parents[1]


def validate(content: Path) -> subprocess.CompletedProcess[str]:
    """`kiosk validate` in its own process: a hang fails the test instead of the whole run."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "validate", "--content", str(content)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=60,
    )


def refused(proc: subprocess.CompletedProcess[str], text: str) -> None:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert text in proc.stdout, proc.stdout


def test_fifo_yaml_file_is_an_error_not_a_hang(content_dir: Path, tmp_path: Path) -> None:
    os.mkfifo(content_dir / "en" / "09-extra.yaml")
    refused(validate(content_dir), "09-extra.yaml: error: 'en/09-extra.yaml' is a pipe (FIFO)")
    with pytest.raises(versions.StagingRefused) as caught:
        versions.stage(content_dir, tmp_path / "data")
    assert "pipe (FIFO)" in caught.value.problems[0].message


def test_link_to_dev_zero_is_refused_before_anything_is_read(
    content_dir: Path, tmp_path: Path
) -> None:
    (content_dir / "images" / "notes.txt").symlink_to("/dev/zero")
    (content_dir / "en" / "09-zero.yaml").symlink_to("/dev/zero")
    proc = validate(content_dir)
    refused(proc, "notes.txt' is a link to a file outside the content folder")
    assert "09-zero.yaml' is a link to a file outside the content folder" in proc.stdout
    with pytest.raises(versions.StagingRefused):
        versions.stage(content_dir, tmp_path / "data")
    assert not list((tmp_path / "data" / versions.VERSIONS).glob("v*"))  # nothing left behind


def test_device_inside_the_folder_is_refused(content_dir: Path) -> None:
    """A device node cannot be made without root; a socket is the same kind of non-file."""
    import socket

    path = content_dir / "images" / "s.svg"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        refused(validate(content_dir), "'images/s.svg' is a socket, not a file")
    finally:
        server.close()


def test_running_kiosk_refuses_a_picture_linked_outside(content_dir: Path, tmp_path: Path) -> None:
    """The check used to run on the copy, where the link had become a plain file."""
    outside = tmp_path / "secret.svg"
    outside.write_text((content_dir / "images" / "skin.svg").read_text())
    (content_dir / "images" / "skin.svg").unlink()
    (content_dir / "images" / "skin.svg").symlink_to(outside)
    data = tmp_path / "data"
    loaded = load_version(content_dir, data)
    assert loaded.outcome is Outcome.REFUSED
    assert loaded.content is None
    assert any("outside the content folder" in p.message for p in loaded.errors)
    assert versions.last_good(data) is None


def test_links_that_stay_inside_are_fine(content_dir: Path, tmp_path: Path) -> None:
    (content_dir / "images" / "alias.svg").symlink_to("skin.svg")
    edit(content_dir / "en" / "01-basics.yaml", "images/skin.svg", "images/alias.svg")
    assert load_content(content_dir).ok
    version = versions.stage(content_dir, tmp_path / "data")
    copied = version / "images" / "alias.svg"
    assert copied.is_file()
    assert not copied.is_symlink()
    assert load_content(version).ok


def test_a_folder_linked_into_itself_ends(content_dir: Path) -> None:
    (content_dir / "images" / "loop").symlink_to("..")
    refused(validate(content_dir), "links back into itself")


def test_no_fallback_to_the_live_folder_when_the_copy_is_refused(
    content_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    assert load_version(content_dir, data).outcome is Outcome.LOADED  # a good version is kept
    good = versions.last_good(data)
    os.mkfifo(content_dir / "en" / "09-extra.yaml")
    edit(content_dir / "en" / "02-care.yaml", "title: Sun", "title: Sunshine")
    loaded = load_version(content_dir, data)
    assert loaded.outcome is Outcome.KEPT_LAST_GOOD
    assert "pipe (FIFO)" in loaded.errors[0].message
    content = loaded.content
    assert content is not None
    assert content.root == good  # the last good copy, not the live folder
    assert "Sunshine" not in str([s.title for s in content.language("en").slides])


def test_a_file_changed_while_it_is_copied_is_copied_again(
    content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saving half-way through the copy: the copy is made again from the new file."""
    real_copy = versions._copy
    calls: list[Path] = []

    def copy_while_saving(root: Path, staging: Path, files: list[str]) -> None:
        real_copy(root, staging, files)
        calls.append(staging)
        if len(calls) == 1:  # the staff's editor writes the file again, now longer
            edit(root / "en" / "02-care.yaml", "title: Sun", "title: Sun and heat")

    monkeypatch.setattr(versions, "_copy", copy_while_saving)
    version = versions.stage(content_dir, tmp_path / "data")
    assert len(calls) == 2
    assert "Sun and heat" in (version / "en" / "02-care.yaml").read_text()
    assert not calls[0].exists()


def test_copy_has_a_total_size_cap(content_dir: Path, tmp_path: Path) -> None:
    from kiosk.core.content import files as contentfiles

    for i in range(10):  # sparse files: big to the file system, nothing on disk
        with open(content_dir / "images" / f"big{i}.png", "wb") as out:
            out.truncate(contentfiles.MAX_FILE_BYTES - 1)
    with pytest.raises(versions.StagingRefused) as caught:
        versions.stage(content_dir, tmp_path / "data")
    assert "the folder holds more than" in caught.value.problems[-1].message


def test_hidden_files_are_ignored_by_loader_and_fingerprint(content_dir: Path) -> None:
    before = fingerprint(content_dir)
    (content_dir / "en" / "._01-basics.yaml").write_bytes(b"\x00\x05\x16\x07garbage")
    (content_dir / "en" / ".hidden.yaml").write_text("id: [broken")
    (content_dir / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    assert fingerprint(content_dir) == before
    result = load_content(content_dir)
    assert result.ok, [p.format() for p in result.problems]


def test_deep_nesting_is_a_file_line_error(content_dir: Path) -> None:
    (content_dir / "en" / "09-deep.yaml").write_text("a: " + "[" * 500 + "]" * 500 + "\n")
    refused(validate(content_dir), "09-deep.yaml:1:")
    assert "nested" in validate(content_dir).stdout


def test_picture_name_too_long_is_a_file_line_error(content_dir: Path) -> None:
    edit(content_dir / "en" / "01-basics.yaml", "images/skin.svg", "images/" + "x" * 300 + ".svg")
    refused(validate(content_dir), "01-basics.yaml:14:12: error: picture name")


def test_tags_on_lists_and_blocks_are_refused(content_dir: Path) -> None:
    edit(
        content_dir / "en" / "01-basics.yaml",
        "sources:\n",
        "sources: !!python/object/apply:os.system\n",
    )
    refused(validate(content_dir), "unsupported tag 'tag:yaml.org,2002:python/object/apply")


def test_control_characters_are_escaped_in_messages(content_dir: Path) -> None:
    edit(content_dir / "en" / "02-care.yaml", "    title: Sun", '    "\\e[2Jti\\x07tle": Sun')
    proc = validate(content_dir)
    assert "\x1b" not in proc.stdout
    assert "\x07" not in proc.stdout
    refused(proc, "unknown key '\\x1b[2Jti\\x07tle'")


def test_odd_but_valid_content_validates_renders_and_runs_a_whole_journey(
    content_dir: Path, tmp_path: Path
) -> None:
    """What validates must draw: links inside the folder, macOS leftovers, labelled SVGs,
    literal braces, a long take-home link close to the QR limit; `kiosk render` walks the
    whole journey through the real app and must not hit a single error."""
    (content_dir / "images" / "labelled.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" viewBox="0 0 40 30">'
        '<rect width="40" height="30" fill="#eee"/><text x="2" y="20">A <tspan>label</tspan>'
        "</text></svg>"
    )
    (content_dir / "images" / "alias.svg").symlink_to("labelled.svg")
    for code in ("en", "es"):
        edit(content_dir / code / "01-basics.yaml", "images/skin.svg", "images/alias.svg")
        (content_dir / code / "._01-basics.yaml").write_bytes(b"\x00\x05\x16\x07Mac OS X")
        (content_dir / code / "language.yaml").write_text(
            f"name: {'English' if code == 'en' else 'Español'}\nstrings:\n"
            '  progress: "{n} / {total} {{n.__class__}}"\n'
            '  still_there_body: "{seconds} s {{:>9}}"\n' + PAGE_BLOCK[code]
        )
    edit(content_dir / "kiosk.yaml", "/mn/{lang}/", "/" + "m" * 120 + "/{lang}/")
    proc = validate(content_dir)
    assert proc.returncode == 0, proc.stdout
    render = subprocess.run(
        [
            *(sys.executable, str(ROOT / "main.py"), "render", "--content", str(content_dir)),
            *("--out", str(tmp_path / "shots"), "--size", "1280x800"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert render.returncode == 0, render.stderr
    assert "Traceback" not in render.stderr
    assert "ERROR" not in render.stderr
    shots = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    assert len(shots) >= 10, shots


def test_a_checker_fault_at_start_up_falls_back_and_leaks_no_copy(
    content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first start used to exit (and leave its staged copy behind at every restart)."""
    import kiosk.core.content.loader as loader

    data = tmp_path / "data"
    assert load_version(content_dir, data).content is not None
    good = versions.last_good(data)
    real = loader.load_content
    calls: list[Path] = []

    def faulty_once(root: Path, **options: bool) -> object:
        calls.append(root)
        if len(calls) == 1:
            raise RecursionError("a checker bug")
        return real(root, **options)

    monkeypatch.setattr(loader, "load_content", faulty_once)
    loaded = load_version(content_dir, data)
    assert loaded.outcome is Outcome.KEPT_LAST_GOOD
    assert [p.message for p in loaded.problems] == [
        "the content could not be checked (a fault in the kiosk, see its log)"
    ]
    content = loaded.content
    assert content is not None
    assert content.root == good
    kept = [p for p in (data / versions.VERSIONS).iterdir() if p.is_dir()]
    assert kept == [good]


def test_file_names_that_are_not_text_or_carry_escapes_print_safely(content_dir: Path) -> None:
    os.close(os.open(os.path.join(bytes(content_dir / "en"), b"\xff\x1b[2J.yaml"), os.O_CREAT))
    proc = validate(content_dir)
    assert "\x1b" not in proc.stdout
    refused(proc, "\\udcff\\x1b[2J.yaml")


def test_picture_names_with_escapes_are_errors(content_dir: Path) -> None:
    name = "images/a\\x1b[2J.svg"
    edit(content_dir / "en" / "01-basics.yaml", "image: images/skin.svg", f'image: "{name}"')
    refused(validate(content_dir), "contains control characters - retype the name")
