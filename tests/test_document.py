"""The studio's document model, without Qt: round trips, one-line diffs, edits in every language."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.core.content import signoff
from kiosk.core.content.images import ImageProblem
from kiosk.core.content.loader import load_content
from kiosk.core.editing import edits
from kiosk.core.editing.document import Document, DocumentError
from kiosk.core.editing.fields import FieldRef, locate, slide_reading
from kiosk.core.editing.picture_import import import_picture
from kiosk.core.editing.review import review_status
from tests.builders import SVG
from tests.conftest import SHIPPED


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def diff(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    lines = []
    for rel in sorted(before.keys() | after.keys()):
        a = before.get(rel, b"").decode().splitlines()
        b = after.get(rel, b"").decode().splitlines()
        lines += [
            f"{rel}: {line}"
            for line in difflib.unified_diff(a, b, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
    return lines


@pytest.fixture(params=["fixture", "shipped"])
def folder(request: pytest.FixtureRequest, content_dir: Path, tmp_path: Path) -> Path:
    if request.param == "fixture":
        return content_dir
    return Path(shutil.copytree(SHIPPED, tmp_path / "shipped"))


def test_open_and_save_without_edits_writes_nothing_and_changes_no_byte(folder: Path) -> None:
    before = snapshot(folder)
    stamps = {p: p.stat().st_mtime_ns for p in folder.rglob("*.yaml")}
    doc = Document.open(folder)
    assert not doc.unreadable
    assert doc.changed_files() == []
    assert doc.save() == []
    assert snapshot(folder) == before
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*.yaml")} == stamps


def test_every_file_dumps_back_byte_for_byte(folder: Path) -> None:
    """The stronger promise: an edited file keeps everything nobody touched."""
    doc = Document.open(folder)
    for rel, f in doc.files.items():
        assert f.exact, rel
        assert f.dump() == (folder / rel).read_text(), rel


def test_one_title_change_is_a_one_line_diff_in_one_file(folder: Path) -> None:
    doc = Document.open(folder)
    lang = doc.languages[0]
    section = doc.section_ids()[0]
    slide = next(
        str(s["id"]) for s in doc.section(lang, section)["slides"] if "title" in s and "body" in s
    )
    before = snapshot(folder)
    change = edits.set_slide_text(doc, lang, section, slide, "title", "A clearer title")
    doc.touched(change.touched)
    written = doc.save()
    assert written == [doc.section_file(lang, section)]
    lines = diff(before, snapshot(folder))
    assert len(lines) == 2, lines
    assert lines[1].endswith("title: A clearer title")
    result = load_content(folder)
    assert result.ok, [p.format() for p in result.errors]
    shown = result.content.language(lang).sections[0]
    assert any(getattr(s, "title", "") == "A clearer title" for s in shown.slides)


def test_a_quoted_value_stays_quoted(content_dir: Path) -> None:
    doc = Document.open(content_dir)
    doc.touched(edits.set_setting(doc, ("clinic", "phone"), "555-0199").touched)
    doc.save()
    assert 'phone: "555-0199"' in (content_dir / "kiosk.yaml").read_text()


def test_add_slide_appears_in_every_language_marked_for_translation(content_dir: Path) -> None:
    doc = Document.open(content_dir)
    change = edits.add_slide(doc, "basics", "After your visit: ¿Qué?", author="en", index=1)
    doc.touched(change.touched)
    assert change.slide == "after-your-visit-que"
    assert doc.slide("en", "basics", change.slide).get("needs_translation") is None
    assert doc.slide("es", "basics", change.slide)["needs_translation"] is True
    doc.save()
    result = load_content(content_dir)
    assert result.ok
    warnings = [p.format(content_dir) for p in result.warnings]
    assert any("es/" in w and "needs translating" in w for w in warnings), warnings
    assert not any("en/" in w and "needs translating" in w for w in warnings)
    assert [s.id for s in result.content.language("es").sections[0].slides][1] == change.slide

    # Editing the Spanish removes the mark; the id stays what it was.
    doc.touched(edits.set_slide_text(doc, "es", "basics", change.slide, "title", "Después").touched)
    doc.touched(edits.set_slide_text(doc, "en", "basics", change.slide, "title", "Later").touched)
    assert "needs_translation" not in doc.slide("es", "basics", change.slide)
    assert doc.slide("en", "basics", change.slide)["id"] == change.slide


def test_new_ids_are_unique(content_dir: Path) -> None:
    doc = Document.open(content_dir)
    a = edits.add_slide(doc, "care", "Sun", author="en").slide
    b = edits.duplicate_slide(doc, "care", "sun").slide
    assert len({"sun", a, b}) == 3


def test_duplicate_delete_move_slide_in_every_language(content_dir: Path) -> None:
    doc = Document.open(content_dir)
    twin = edits.duplicate_slide(doc, "basics", "what").slide
    assert twin
    doc.touched(edits.move_slide(doc, "basics", twin, "care", 0).touched)
    doc.touched(edits.delete_slide(doc, "basics", "makeup").touched)
    for lang in ("en", "es"):
        assert next(s["id"] for s in doc.section(lang, "care")["slides"]) == twin
        assert [s["id"] for s in doc.section(lang, "basics")["slides"]] == ["what"]
    with pytest.raises(DocumentError, match="at least one slide"):
        edits.delete_slide(doc, "basics", "what")
    doc.save()
    assert load_content(content_dir).ok


def test_sections_add_move_delete_rename_files_only_as_needed(content_dir: Path) -> None:
    doc = Document.open(content_dir)
    doc.touched(edits.add_section(doc, "Questions", author="en", index=1).touched)
    assert doc.section_files("es") == [
        "es/01-basics.yaml",
        "es/02-questions.yaml",
        "es/03-care.yaml",
    ]
    doc.touched(edits.move_section(doc, "basics", 2).touched)
    assert doc.section_ids() == ["questions", "care", "basics"]
    doc.save()
    result = load_content(content_dir)
    assert result.ok, [p.format() for p in result.errors]
    assert [s.id for s in result.content.language("es").sections] == ["questions", "care", "basics"]
    assert sorted(p.name for p in (content_dir / "en").glob("0*.yaml")) == [
        "01-questions.yaml",
        "02-care.yaml",
        "03-basics.yaml",
    ]
    doc.touched(edits.delete_section(doc, "questions").touched)
    doc.save()
    assert sorted(p.name for p in (content_dir / "es").glob("0*.yaml")) == [
        "02-care.yaml",
        "03-basics.yaml",
    ]


def test_right_answer_and_answer_text(content_dir: Path) -> None:
    doc = Document.open(content_dir)
    doc.touched(edits.set_right_answer(doc, "care", "check-sun", 1).touched)
    doc.touched(edits.set_answer(doc, "en", "care", "check-sun", 1, "text", "Shade").touched)
    answers = doc.slide("es", "care", "check-sun")["answers"]
    assert [a.get("right", False) for a in answers] == [False, True]
    doc.save()
    result = load_content(content_dir)
    assert result.ok
    check = result.content.language("en").sections[1].slides[1]
    assert check.answers[1].text == "Shade"
    assert check.right_index == 1


def test_settings_and_sign_off(content_dir: Path) -> None:
    doc = Document.open(content_dir)
    for keys, value in [
        (("clinic", "phone"), "555-0123"),
        (("idle", "timeout_seconds"), 120),
        (("theme", "accent"), "#123456"),
        (("values", "makeup_hours"), "48"),
    ]:
        doc.touched(edits.set_setting(doc, keys, value).touched)
    reviewed = signoff.fingerprint(load_content(content_dir).content)
    on = dt.date(2026, 11, 30)
    doc.touched(edits.mark_reviewed(doc, "Dr Ana Ruiz", on, reviewed).touched)
    assert doc.save() == ["kiosk.yaml"]
    result = load_content(content_dir)
    assert result.ok
    s = result.content.settings
    assert (s.clinic_phone, s.idle.timeout_seconds, s.theme.accent) == ("555-0123", 120, "#123456")
    assert (s.reviewed_by, s.reviewed_on) == ("Dr Ana Ruiz", dt.date(2026, 11, 30))
    assert s.values["makeup_hours"] == "48"


@pytest.mark.parametrize("name", ["Dr  Ana Ruiz, MD", 'Dr "Ana": {by}\n%s # x'])
def test_mark_reviewed_writes_what_kiosk_review_writes(
    folder: Path, tmp_path: Path, name: str
) -> None:
    """The studio's sign-off and `kiosk review` leave the same bytes, and validate is quiet."""
    on = dt.date.today()
    reviewed = signoff.fingerprint(load_content(folder).content)
    doc = Document.open(folder)
    doc.touched(edits.set_setting(doc, ("clinic", "name"), "Cedar Skin Care").touched)
    # The same edit, unsaved, as the studio's checker loads it: a copy of the folder.
    by_cli = Path(shutil.copytree(folder, tmp_path / "by-cli"))
    (by_cli / "kiosk.yaml").write_text(doc.text("kiosk.yaml"))
    now = signoff.fingerprint(load_content(by_cli).content)
    assert now != reviewed  # the clinic name is part of what patients see
    doc.touched(edits.mark_reviewed(doc, name, on, now).touched)
    assert doc.save() == ["kiosk.yaml"]
    edited = load_content(folder)
    assert not any("changed since" in p.message for p in edited.problems)
    assert edited.content.settings.reviewed_by == " ".join(name.split())
    assert review_status(edited.content, signoff.fingerprint(edited.content)).current
    # Byte for byte what kiosk review writes for the same content on the same day.
    assert cli.main(["review", "--content", str(by_cli), "--by", name]) == 0
    assert (folder / "kiosk.yaml").read_bytes() == (by_cli / "kiosk.yaml").read_bytes()


def test_mark_reviewed_needs_a_name(content_dir: Path) -> None:
    doc = Document.open(content_dir)
    reviewed = signoff.fingerprint(load_content(content_dir).content)
    with pytest.raises(DocumentError, match="reviewer's name"):
        edits.mark_reviewed(doc, " \n ", dt.date.today(), reviewed)


def test_review_status_says_what_changed_since_the_sign_off(content_dir: Path) -> None:
    def status(root: Path) -> str:
        content = load_content(root).content
        return review_status(content, signoff.fingerprint(content) if content else None).text

    assert status(content_dir).startswith("Reviewed by Dr Test on 2026-10-01, but what was")
    doc = Document.open(content_dir)
    reviewed = signoff.fingerprint(load_content(content_dir).content)
    doc.touched(edits.mark_reviewed(doc, "Dr Ana Ruiz", dt.date(2026, 11, 30), reviewed).touched)
    doc.save()
    assert status(content_dir) == (
        "Reviewed by Dr Ana Ruiz on 2026-11-30: nothing patients see has changed since."
    )
    doc.touched(edits.set_slide_text(doc, "es", "basics", "what", "title", "Qué es").touched)
    doc.touched(edits.set_slide_text(doc, "en", "care", "sun", "title", "Sunlight").touched)
    doc.save()
    assert status(content_dir).startswith(
        "Changed since Dr Ana Ruiz reviewed it on 2026-11-30: 2 slides differ."
    )
    doc.touched(edits.set_slide_text(doc, "en", "care", "sun", "notes", "staff only").touched)
    doc.save()
    assert "2 slides differ" in status(content_dir)  # notes never reach patients
    doc.touched(edits.mark_reviewed(doc, "Example reviewer, MD", dt.date.today(), reviewed).touched)
    doc.save()
    assert status(content_dir).startswith("Not reviewed yet: the sign-off is the example")
    doc.touched(edits.set_slide_text(doc, "en", "care", "sun", "title", "").touched)
    doc.save()
    assert status(content_dir).startswith("The content has errors")


def test_restore_goes_back_to_the_exact_files(content_dir: Path) -> None:
    before = snapshot(content_dir)
    doc = Document.open(content_dir)
    start = doc.texts()
    doc.touched(edits.add_section(doc, "Extra", author="en", index=0).touched)
    doc.touched(edits.set_slide_text(doc, "en", "basics", "what", "body", "New\n\ntext").touched)
    assert doc.dirty
    doc.restore(start)
    assert not doc.dirty
    doc.save()
    assert snapshot(content_dir) == before


def test_save_is_atomic_and_keeps_the_file_mode(content_dir: Path) -> None:
    path = content_dir / "kiosk.yaml"
    path.chmod(0o640)
    doc = Document.open(content_dir)
    doc.touched(edits.set_setting(doc, ("clinic", "name"), "New").touched)
    doc.save()
    assert path.stat().st_mode & 0o777 == 0o640
    assert not [p for p in content_dir.iterdir() if p.name.endswith(".tmp")]


def test_an_unreadable_file_is_kept_read_only(content_dir: Path) -> None:
    (content_dir / "en" / "02-care.yaml").write_text("id: a\nid: b\n")
    doc = Document.open(content_dir)
    assert "appears twice" in doc.unreadable["en/02-care.yaml"]
    assert doc.save() == []


def test_locate_maps_lines_to_fields(content_dir: Path) -> None:
    text = (content_dir / "en" / "01-basics.yaml").read_text()
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "Your skin heals" in t)
    assert locate("en/01-basics.yaml", text, line) == FieldRef("body", "en", "basics", "what")
    settings = (content_dir / "kiosk.yaml").read_text()
    assert locate("kiosk.yaml", settings, 3) == FieldRef("clinic.phone")


def test_reading_level_flags_hard_text() -> None:
    easy = slide_reading({"title": "Sun", "body": "Use sunscreen. It helps."}, "en")
    hard = slide_reading(
        {"title": "x", "body": "Postinflammatory hyperpigmentation necessitates photoprotection."},
        "en",
    )
    assert easy is not None
    assert not easy.too_hard
    assert hard is not None
    assert hard.too_hard
    assert hard.label.startswith("grade")
    es = slide_reading({"title": "Sol", "body": "Use protector solar."}, "es")
    assert es is not None
    assert es.label.startswith("reading ease")


# -- importing pictures ---------------------------------------------------------------------
def test_import_picture_copies_and_checks(content_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "My Drawing.svg"
    source.write_text(SVG)
    assert import_picture(content_dir, source) == "images/skin.svg"  # the same bytes: reused
    source.write_text(SVG.replace("40", "41"))
    assert import_picture(content_dir, source) == "images/my-drawing.svg"
    assert (content_dir / "images" / "my-drawing.svg").read_text() == source.read_text()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.symlink_to("/etc/hostname"), "link"),
        (lambda p: os.mkfifo(p), "not an ordinary file"),
        (lambda p: p.write_bytes(b"<svg" + b" " * (6 * 1024 * 1024) + b"/>"), "too large"),
        (
            lambda p: p.write_text(
                '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
            ),
            "could run code",
        ),
        (
            lambda p: p.write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>'),
            "script",
        ),
        (
            lambda p: p.write_text(
                '<svg xmlns="http://www.w3.org/2000/svg" '
                'xmlns:x="http://www.w3.org/1999/xlink"><image x:href="http://evil.test/a"/></svg>'
            ),
            "links to something",
        ),
        (
            lambda p: p.write_text('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>'),
            "DOCTYPE",
        ),
        (lambda p: p.write_text("not xml at all"), "not a valid SVG"),
    ],
)
def test_import_picture_refuses_hostile_files(
    content_dir: Path, tmp_path: Path, make: object, message: str
) -> None:
    source = tmp_path / "bad.svg"
    make(source)
    before = sorted(p.name for p in (content_dir / "images").iterdir())
    with pytest.raises(ImageProblem, match=message):
        import_picture(content_dir, source)
    assert sorted(p.name for p in (content_dir / "images").iterdir()) == before


def test_import_refuses_a_png_that_is_not_one(content_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "photo.png"
    source.write_bytes(b"GIF89a not a png")
    with pytest.raises(ImageProblem, match="damaged"):
        import_picture(content_dir, source)
    assert not (content_dir / "images" / "photo.png").exists()


def test_a_slide_added_between_two_keeps_the_blank_lines(tmp_path: Path) -> None:
    root = Path(shutil.copytree(SHIPPED, tmp_path / "content"))
    doc = Document.open(root)
    section = doc.section_ids()[0]
    doc.touched(edits.add_slide(doc, section, "Between", author="en", index=1).touched)
    doc.touched(edits.add_slide(doc, section, "At the end", author="en").touched)
    text = doc.text(doc.section_file("en", section))
    assert "    title: Between\n    body: Write what patients should know here.\n\n  - id:" in text
    assert text.endswith("    title: At the end\n    body: Write what patients should know here.\n")
    assert "\n\n  - id: at-the-end\n" in text


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda p: os.mkfifo(p), "not an ordinary file"),
        (lambda p: p.symlink_to(p.parent / "01-basics.yaml"), "link"),
        (lambda p: p.write_text("id: x\nbody: '" + "a" * (300 * 1024) + "'\n"), "too large"),
        (lambda p: p.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n"), ""),
        (lambda p: p.write_text("a: &x [1]\nb: *x\n"), "aliases"),
    ],
)
def test_hostile_content_files_are_kept_read_only(
    content_dir: Path, make: object, why: str
) -> None:
    path = content_dir / "en" / "03-extra.yaml"
    make(path)
    doc = Document.open(content_dir)  # does not hang, does not crash
    assert "en/03-extra.yaml" in doc.unreadable
    assert why in doc.unreadable["en/03-extra.yaml"]
    assert "en/03-extra.yaml" not in doc.texts()
    assert doc.save() == []


def test_answers_added_and_removed_in_every_language(content_dir: Path) -> None:
    doc = Document.open(content_dir)
    doc.touched(edits.add_answer(doc, "care", "check-sun", author="en").touched)
    assert len(doc.slide("es", "care", "check-sun")["answers"]) == 3
    assert doc.slide("es", "care", "check-sun")["needs_translation"] is True
    assert "needs_translation" not in doc.slide("en", "care", "check-sun")
    with pytest.raises(DocumentError, match="right answer"):
        edits.remove_answer(doc, "care", "check-sun", 0)
    doc.touched(edits.remove_answer(doc, "care", "check-sun", 2).touched)
    with pytest.raises(DocumentError, match="at least 2"):
        edits.remove_answer(doc, "care", "check-sun", 1)
    doc.touched(edits.add_answer(doc, "care", "check-sun", author="en").touched)
    doc.touched(edits.add_answer(doc, "care", "check-sun", author="en").touched)
    with pytest.raises(DocumentError, match="4 already"):
        edits.add_answer(doc, "care", "check-sun", author="en")
    doc.save()
    result = load_content(content_dir)
    assert result.ok
    assert len(result.content.language("es").sections[1].slides[1].answers) == 4
