"""The clinical sign-off: `kiosk review` records it, `kiosk validate` notices later changes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.core.content import signoff
from kiosk.core.content.loader import load_content
from tests.builders import edit

ROOT = Path(__file__).resolve().parents[1]
STAFF_COMMENTS = "# Our clinic's settings: ask Maria before changing.\n"


def warnings(root: Path) -> list[str]:
    return [p.message for p in load_content(root).problems if not p.is_error]


def review(root: Path, by: str = "Dr Ana Ruiz, MD", *extra: str) -> int:
    return cli.main(["review", "--content", str(root), "--by", by, *extra])


def test_review_records_who_when_and_what(content_dir: Path) -> None:
    settings = content_dir / "kiosk.yaml"
    settings.write_text(
        STAFF_COMMENTS + settings.read_text().replace("review:", "# signed on paper too\nreview:")
    )
    assert review(content_dir, "Dr Ana Ruiz, MD", "--date", "2026-11-25") == 0
    text = settings.read_text()
    assert text.startswith(STAFF_COMMENTS)  # the staff's comments survive
    assert "# signed on paper too\nreview:\n" in text
    assert '  by: "Dr Ana Ruiz, MD"\n  date: 2026-11-25\n  fingerprint: ' in text
    assert "Dr Test" not in text
    content = load_content(content_dir).content
    assert content is not None
    s = content.settings
    assert (s.reviewed_by, s.reviewed_on) == ("Dr Ana Ruiz, MD", dt.date(2026, 11, 25))
    assert len(s.reviewed_slides) == 8  # one digest per slide, both languages
    assert warnings(content_dir) == []


def test_validate_counts_the_slides_changed_since_the_sign_off(
    content_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert review(content_dir, "Dr Ana Ruiz, MD", "--date", "2026-11-25") == 0
    edit(content_dir / "en" / "02-care.yaml", "Use sunscreen when you go out.", "Use a hat.")
    edit(content_dir / "es" / "01-basics.yaml", "title: Make-up", "title: Maquillaje")
    found = warnings(content_dir)
    assert found == [
        "the content changed since Dr Ana Ruiz, MD reviewed it on 2026-11-25: 2 slides differ"
    ]
    assert cli.main(["validate", "--content", str(content_dir)]) == 0
    assert "2 slides differ" in capsys.readouterr().out
    assert review(content_dir, "Dr Ana Ruiz, MD") == 0
    assert warnings(content_dir) == []


def test_settings_and_pictures_are_part_of_what_was_reviewed(content_dir: Path) -> None:
    assert review(content_dir) == 0
    edit(content_dir / "kiosk.yaml", '"555-0100"', '"555-0199"')
    assert warnings(content_dir) == [
        "the content changed since Dr Ana Ruiz, MD reviewed it on "
        f"{dt.date.today()}: settings, titles, sources or button words differ"
    ]
    assert review(content_dir) == 0
    picture = next((content_dir / "images").glob("*.svg"))
    picture.write_text(picture.read_text().replace("<rect", '<circle r="3"/><rect'))
    assert any("2 slides differ" in w for w in warnings(content_dir))  # shown in en and es
    edit(content_dir / "en" / "02-care.yaml", "Use sunscreen when you go out.", "Use a hat.")
    assert any("3 slides differ" in w for w in warnings(content_dir))


def test_staff_notes_need_no_new_sign_off(content_dir: Path) -> None:
    edit(
        content_dir / "en" / "01-basics.yaml",
        "title: What it is",
        "notes: x\n    title: What it is",
    )
    assert review(content_dir) == 0
    edit(content_dir / "en" / "01-basics.yaml", "notes: x", "notes: a longer note for staff")
    assert warnings(content_dir) == []


def test_review_refuses_content_with_errors(content_dir: Path) -> None:
    before = (content_dir / "kiosk.yaml").read_text()
    edit(content_dir / "en" / "02-care.yaml", "title: Sun", "titel: Sun")
    assert review(content_dir) == 1
    assert (content_dir / "kiosk.yaml").read_text() == before


def test_review_refuses_a_symlinked_settings_file(content_dir: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.yaml"
    real.write_text((content_dir / "kiosk.yaml").read_text())
    (content_dir / "kiosk.yaml").unlink()
    (content_dir / "kiosk.yaml").symlink_to(real)
    before = real.read_text()
    assert review(content_dir) == 1
    assert real.read_text() == before
    assert (content_dir / "kiosk.yaml").is_symlink()


@pytest.mark.parametrize(
    "name",
    ['Dr "Quote" O\'Neil: MD', "Dr {clinic_name} %s", "Dr Two\nLines", "  Dr   Spaces  "],
)
def test_any_name_is_stored_as_plain_text(content_dir: Path, name: str) -> None:
    assert review(content_dir, name) == 0
    content = load_content(content_dir).content
    assert content is not None
    assert content.settings.reviewed_by == " ".join(name.split())
    assert warnings(content_dir) == []


def test_example_reviewer_is_a_warning(content_dir: Path) -> None:
    assert review(content_dir, "Example reviewer, MD (replace with your clinician)") == 0
    assert any("still the example placeholder" in w for w in warnings(content_dir))


def test_a_damaged_fingerprint_is_an_error(content_dir: Path) -> None:
    assert review(content_dir) == 0
    text = (content_dir / "kiosk.yaml").read_text()
    (content_dir / "kiosk.yaml").write_text(text.replace("fingerprint: ", "fingerprint: zz"))
    result = load_content(content_dir)
    assert [p.message for p in result.errors] == ["the review fingerprint is damaged"]


def test_a_review_block_is_added_when_there_is_none(content_dir: Path) -> None:
    edit(content_dir / "kiosk.yaml", "review:\n  by: Dr Test\n  date: 2026-10-01\n", "")
    assert any("nobody is recorded" in w for w in warnings(content_dir))
    assert review(content_dir) == 0
    assert warnings(content_dir) == []


def test_replace_review_keeps_everything_around_the_block() -> None:
    text = (
        "clinic:\n  name: X\n\n# who reviewed\nreview: {by: A, date: 2026-01-01}\n"
        "# the next part\nusage:\n  retention_days: 30\n"
    )
    block = ["review:", "  by: B"]
    assert signoff.replace_review(text, block) == (
        "clinic:\n  name: X\n\n# who reviewed\nreview:\n  by: B\n"
        "# the next part\nusage:\n  retention_days: 30\n"
    )
    nested = "review:\n  by: A\n  # a staff note\n  date: 2026-01-01\n\n\nusage: {}\n"
    assert signoff.replace_review(nested, block) == (
        "review:\n  # a staff note\n  by: B\n\n\nusage: {}\n"
    )


def test_review_command_through_the_real_program(content_dir: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "main.py", "review", "--content", str(content_dir), "--by", "Dr X"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
        env={**os.environ},
    )
    assert proc.returncode == 0, proc.stderr
    assert "recorded: Dr X reviewed 8 slides on" in proc.stdout
