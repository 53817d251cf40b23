"""The `kiosk` command as staff use it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk import cli
from tests.builders import edit
from tests.drive import run_cli


def test_validate_good_content_exits_0(
    content_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["validate", "--content", str(content_dir)]) == 0
    out = capsys.readouterr().out
    assert "content OK: 2 language(s), 8 slides, 0 warning(s)" in out


def test_validate_bad_content_exits_1_with_staff_messages(content_dir: Path) -> None:
    edit(content_dir / "en" / "02-care.yaml", "title: Sun", "titel: Sun")
    proc = run_cli("validate", "--content", str(content_dir))
    assert proc.returncode == 1
    assert (
        "02-care.yaml:5:5: error: unknown key 'titel' in slide - did you mean 'title'?"
        in proc.stdout
    )
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "keeps showing the last good version" in proc.stdout


def test_validate_strict_turns_warnings_into_failure(content_dir: Path) -> None:
    edit(content_dir / "kiosk.yaml", "care.testclinic.org", "care.example.org")
    assert cli.main(["validate", "--content", str(content_dir)]) == 0
    assert cli.main(["validate", "--content", str(content_dir), "--strict"]) == 1


def test_garbage_file_is_not_a_traceback(content_dir: Path) -> None:
    (content_dir / "en" / "02-care.yaml").write_bytes(os.urandom(2000))
    proc = run_cli("validate", "--content", str(content_dir))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout


def test_run_without_display_says_so_in_one_line() -> None:
    proc = run_cli("run", env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no display" in lines[0]
    assert "make render" in lines[0]


def test_render_writes_every_screen_in_order(content_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    proc = run_cli(
        "render",
        "--content",
        str(content_dir),
        "--out",
        str(out),
        "--size",
        "1080x1920",
        "--lang",
        "es",
    )
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.glob("[0-9]*.png"))
    assert (out / "contact-sheet-es-1080x1920.png").is_file()
    assert names == [
        "01-welcome.png",
        "02-overview.png",
        "03-slide-what.png",
        "04-slide-makeup.png",
        "05-slide-sun.png",
        "06-slide-check-sun.png",
        "07-slide-check-sun-answered.png",
        "08-qr.png",
        "09-thanks.png",
        "10-still-there.png",
    ]
    from PySide6.QtGui import QImage

    image = QImage(str(out / "08-qr.png"))
    assert (image.width(), image.height()) == (1080, 1920)


def test_render_refuses_bad_content_and_unknown_language(content_dir: Path, tmp_path: Path) -> None:
    proc = run_cli(
        "render",
        "--content",
        str(content_dir),
        "--out",
        str(tmp_path),
        "--lang",
        "fr",
    )
    assert proc.returncode == 2
    assert "no language 'fr'" in proc.stderr
    edit(content_dir / "kiosk.yaml", "https://", "ftp://")
    proc = run_cli("render", "--content", str(content_dir), "--out", str(tmp_path))
    assert proc.returncode == 1
    assert "must start with https://" in proc.stderr


def test_bad_size_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["render", "--out", "x", "--size", "big"])
    assert "not a size like 1920x1080" in capsys.readouterr().err


def test_run_with_broken_content_and_no_good_copy_refuses_clearly(
    content_dir: Path, tmp_path: Path
) -> None:
    edit(content_dir / "kiosk.yaml", "https://", "ftp://")
    proc = run_cli(
        "run",
        "--content",
        str(content_dir),
        data=tmp_path / "d",
    )
    assert proc.returncode == 1
    assert "must start with https://" in proc.stderr
    assert "no earlier good copy" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_validate_names_the_hardest_slides(content_dir: Path) -> None:
    proc = run_cli("validate", "--content", str(content_dir))
    assert proc.returncode == 0
    lines = [line for line in proc.stdout.splitlines() if line.startswith("reading ")]
    assert len(lines) == 2
    assert lines[0].startswith("reading level (en): average grade ")
    assert "hardest: " in lines[0]
    assert lines[1].startswith("reading ease (es): average ")
    for slide in ("what", "makeup", "sun", "check-sun"):
        assert slide in lines[0] + lines[1]


def test_options_without_a_command_mean_run() -> None:
    assert cli.with_command([]) == ["run"]
    assert cli.with_command(["--kiosk"]) == ["run", "--kiosk"]
    assert cli.with_command(["validate"]) == ["validate"]
    assert cli.with_command(["--help"]) == ["--help"]
    args = cli.build_parser().parse_args(cli.with_command(["--size", "1024x700"]))
    assert (args.command, args.size) == ("run", (1024, 700))
