"""Every command the staff guide shows works as the guide says."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from kiosk.cli import build_parser
from tests.conftest import ROOT, SHIPPED
from tests.drive import run_cli

GUIDE = ROOT / "docs" / "staff-guide.md"


def guide_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE.read_text(), re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_guide_shows_the_commands_staff_need() -> None:
    commands = guide_commands()
    assert "make validate" in commands
    assert "kiosk set-pin" in commands
    assert any(c.startswith("kiosk render") for c in commands)
    assert any(c.startswith("kiosk review --by ") for c in commands)


@pytest.mark.parametrize("command", guide_commands())
def test_every_guide_command_runs(command: str, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SHIPPED, content)
    words = shlex.split(command)
    if words[:2] == ["make", "validate"]:
        words = ["kiosk", "validate"]
    assert words[0] == "kiosk", f"the guide shows a command the test does not know: {command}"
    args = words[1:]
    build_parser().parse_args(args)  # the guide's spelling is what the program accepts
    extra = ["--content", str(content)] if args[0] in ("validate", "render", "review") else []
    proc = run_cli(
        *args, *extra, data=tmp_path / "d", stdin="246813\n246813\n", cwd=tmp_path, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    if args[0] == "validate":
        assert "content OK" in proc.stdout
    if args[0] == "review":
        assert "recorded: " in proc.stdout
        assert "fingerprint: " in (content / "kiosk.yaml").read_text()
    if args[0] == "render":
        out = tmp_path / args[args.index("--out") + 1]
        assert list(out.glob("contact-sheet-*.png"))


def test_guide_example_error_is_what_validate_prints(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SHIPPED, content)
    path = content / "en" / "06-aftercare.yaml"
    lines = path.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("title:") and i > 8)
    lines[index] = lines[index].replace("title:", "titel:")
    path.write_text("\n".join(lines) + "\n")
    proc = run_cli("validate", "--content", str(content), cwd=tmp_path)
    assert proc.returncode == 1
    assert re.search(
        r"en/06-aftercare\.yaml:\d+:5: error: unknown key 'titel' in slide - "
        r"did you mean 'title'\?",
        proc.stdout,
    ), proc.stdout
