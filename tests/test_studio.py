"""Kiosk Studio offscreen: typing reaches the kiosk's own slide screen, edits, undo, problems."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from kiosk import cli
from kiosk.core.content import signoff
from kiosk.core.content.loader import load_content
from kiosk.core.editing import edits
from kiosk.studio.app import Studio
from kiosk.studio.picture_picker import PicturePicker
from kiosk.studio.window import StudioWindow, Unsaved
from kiosk.ui.slide import SlideScreen
from tests.conftest import SHIPPED


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.y*ml"))}


def open_studio(qtbot, root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Studio]:
    monkeypatch.setattr(StudioWindow, "ask_title", classmethod(lambda cls, p, what: f"New {what}"))
    made = Studio(root, check_delay_ms=20)
    made.window.resize(1280, 800)
    made.window.show()
    qtbot.waitExposed(made.window)
    made.window.activateWindow()
    qtbot.waitUntil(lambda: made.last is not None and not made.checker.busy)
    yield made
    monkeypatch.setattr(StudioWindow, "ask_unsaved", classmethod(lambda cls, p: Unsaved.DISCARD))
    made.window.close()
    made.window.deleteLater()


@pytest.fixture
def studio(qtbot, content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Studio]:
    yield from open_studio(qtbot, content_dir, monkeypatch)


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SHIPPED, tmp_path / "shipped"))


@pytest.fixture
def shipped_studio(qtbot, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Studio]:
    """The shipped course: its sign-off records a fingerprint (by the example reviewer)."""
    yield from open_studio(qtbot, shipped, monkeypatch)


def settle(qtbot, studio: Studio) -> None:
    qtbot.waitUntil(lambda: not studio.timer.isActive() and not studio.checker.busy)


def test_the_preview_is_the_kiosks_own_slide_screen(studio: Studio) -> None:
    assert isinstance(studio.preview.slide_screen, SlideScreen)
    assert studio.preview.slide_screen.info.title.text() == "What it is"


def test_typing_a_title_reaches_the_preview(qtbot, studio: Studio) -> None:
    field = studio.editor.columns["en"].title
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "What happens")
    assert studio.session.doc.slide("en", "basics", "what")["title"] == "What happens"
    title = studio.preview.slide_screen.info.title
    qtbot.waitUntil(lambda: title.text() == "What happens")
    assert studio.window.windowTitle().endswith("*")
    studio.preview.lang_choice.setCurrentIndex(1)  # Spanish: still its own title
    assert title.text() == "What it is"


def test_typing_spaces_and_new_lines_at_the_end_of_the_text_keeps_the_cursor(
    qtbot, studio: Studio
) -> None:
    """A | block drops spaces at line ends: the cursor must not jump back to the start."""
    body = studio.editor.columns["en"].body.text
    body.setFocus()
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(body, " Keep it clear.")
    for _ in "clear.":  # back to a space at the line's end: the fix of a last word
        qtbot.keyClick(body, Qt.Key.Key_Backspace)
    qtbot.keyClicks(body, "clean.")
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClicks(body, "Ask us.")
    settle(qtbot, studio)
    stored = str(studio.session.doc.slide("en", "basics", "what")["body"])
    assert stored.endswith("- It makes **new** collagen. Keep it clean.\n\nAsk us.\n")
    assert body.toPlainText() == stored.rstrip("\n")
    assert body.textCursor().atEnd()


def test_add_slide_marks_spanish_and_the_problems_say_so(qtbot, studio: Studio) -> None:
    qtbot.mouseClick(studio.outline.buttons["add-slide"], Qt.MouseButton.LeftButton)
    assert studio.slide == "new-slide"
    studio.outline.lang_choice.setCurrentIndex(1)
    assert "⚠ translate: New slide" in studio.outline.labels()
    assert studio.editor.columns["es"].badge.isVisibleTo(studio.window)
    assert not studio.editor.columns["en"].badge.isVisibleTo(studio.window)
    settle(qtbot, studio)
    assert studio.session.doc.slide("es", "basics", "new-slide")["id"] == "new-slide"
    texts = [f.text for f in studio.problems.findings()]
    assert any("es/01-basics.yaml" in t and "needs translating" in t for t in texts), texts
    assert any("'new-slide' still has the new-slide text" in t for t in texts), texts
    # The preview follows the new slide.
    qtbot.waitUntil(lambda: studio.preview.slide_screen.info.title.text() == "New slide")


def test_undo_restores_the_files_exactly(qtbot, studio: Studio, content_dir: Path) -> None:
    before = files(content_dir)
    qtbot.mouseClick(studio.outline.buttons["add-section"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(studio.outline.buttons["add-slide"], Qt.MouseButton.LeftButton)
    field = studio.editor.columns["es"].title
    field.setFocus()
    qtbot.keyClicks(field, "Hola")
    studio.save()
    assert files(content_dir) != before
    while studio.session.undo_stack.canUndo():
        studio.session.undo_stack.undo()
    studio.save()
    assert files(content_dir) == before
    assert not studio.window.windowTitle().endswith("*")


def test_typing_in_one_field_is_one_undo_step(qtbot, studio: Studio) -> None:
    field = studio.editor.columns["en"].title
    field.setFocus()
    qtbot.keyClicks(field, " now")
    assert studio.session.undo_stack.count() == 1
    studio.session.undo_stack.undo()
    assert field.text() == "What it is"


def test_a_problem_click_focuses_its_field(qtbot, studio: Studio) -> None:
    studio.outline.lang_choice.setCurrentIndex(0)
    long_text = " ".join(["Your skin heals."] * 20)
    studio.session.apply(lambda d: edits.set_slide_text(d, "es", "care", "sun", "body", long_text))
    settle(qtbot, studio)
    studio.select("basics", "what")
    items = studio.problems.list
    row = next(
        i
        for i in range(items.count())
        if "long" in items.item(i).text() and "es/" in items.item(i).text()
    )
    rect = items.visualItemRect(items.item(row))
    qtbot.mouseClick(items.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert (studio.section, studio.slide) == ("care", "sun")
    assert studio.window.focusWidget() is studio.editor.columns["es"].body.text


def test_a_settings_problem_click_goes_to_the_clinic_settings(qtbot, studio: Studio) -> None:
    form = studio.settings
    field = form.fields[("theme", "accent")]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "#EEEEEE")
    settle(qtbot, studio)
    finding = next(f for f in studio.problems.findings() if "accent" in f.text and f.is_error)
    studio.focus_field(finding.field)
    assert studio.window.tabs.currentWidget() is form
    assert studio.window.focusWidget() is field
    assert "accent_text on accent" in form.notes["contrast"].text()


def test_phone_number_saved_and_only_that_line_changes(
    qtbot, studio: Studio, content_dir: Path
) -> None:
    before = (content_dir / "kiosk.yaml").read_text().splitlines()
    field = studio.settings.fields[("clinic", "phone")]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "555-0199")
    qtbot.keyClick(studio.window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    after = (content_dir / "kiosk.yaml").read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [('  phone: "555-0100"', '  phone: "555-0199"')]
    assert load_content(content_dir).content.settings.clinic_phone == "555-0199"
    assert "Saved 1 file" in studio.window.banner.text()


def test_phones_and_after_hours_lines_have_plain_labels_and_one_line_diffs(
    qtbot, shipped_studio: Studio, shipped: Path
) -> None:
    studio, form = shipped_studio, shipped_studio.settings
    labels = {
        form.fields[keys].accessibleName(): form.fields[keys].text()
        for keys in form.fields
        if keys[0] in ("clinic", "after_hours")
    }
    assert labels == {
        "Clinic name": "Maple Street Skin Clinic",
        "Clinic phone": "(555) 010-0142",
        "After-hours phone": "(555) 010-0199",
        "Emergency number": "911",
        "English": "Call our after-hours line at {after_hours_phone}.",
        "Español": "Llame a nuestra línea fuera de horario al {after_hours_phone}.",
    }
    before = (shipped / "kiosk.yaml").read_text().splitlines()
    for keys, text in [
        (("clinic", "after_hours_phone"), "(555) 010-0777"),
        (("after_hours", "es"), "Vaya a urgencias."),
    ]:
        field = form.fields[keys]
        field.setFocus()
        field.selectAll()
        qtbot.keyClicks(field, text)
    studio.save()
    after = (shipped / "kiosk.yaml").read_text().splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        (
            '  after_hours_phone: "(555) 010-0199"  # leave out if there is no after-hours line',
            '  after_hours_phone: "(555) 010-0777"  # leave out if there is no after-hours line',
        ),
        (
            '  es: "Llame a nuestra línea fuera de horario al {after_hours_phone}."',
            '  es: "Vaya a urgencias."',
        ),
    ]
    s = load_content(shipped).content.settings
    assert s.after_hours_phone == "(555) 010-0777"
    assert s.after_hours["es"] == "Vaya a urgencias."


def test_clinic_hours_are_one_line_per_language_in_the_studio(
    qtbot, shipped_studio: Studio, shipped: Path
) -> None:
    studio, form = shipped_studio, shipped_studio.settings
    field = form.fields[("clinic_hours", "es")]
    assert field.text() == "De lunes a viernes, de 8 a. m. a 5 p. m."
    before = (shipped / "kiosk.yaml").read_text().splitlines()
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Lunes a viernes, de 9 a 13 h")
    studio.save()
    after = (shipped / "kiosk.yaml").read_text().splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        (
            '  es: "De lunes a viernes, de 8 a. m. a 5 p. m."',
            '  es: "Lunes a viernes, de 9 a 13 h"',
        )
    ]
    assert (
        load_content(shipped).content.settings.clinic_hours["es"] == "Lunes a viernes, de 9 a 13 h"
    )


def test_saving_errors_says_patients_keep_the_last_good_version(qtbot, studio: Studio) -> None:
    field = studio.editor.columns["en"].title
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    studio.save()
    assert "patients keep seeing the last good version" in studio.window.banner.text()


def test_right_answer_and_picture_swap(
    qtbot, studio: Studio, content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    studio.select("care", "check-sun")
    rows = studio.editor.columns["es"].answers
    qtbot.mouseClick(rows[1].right, Qt.MouseButton.LeftButton)
    assert studio.editor.columns["en"].answers[1].right.isChecked()
    studio.select("care", "sun")
    picture = tmp_path / "Sun hat.svg"
    picture.write_text((content_dir / "images" / "skin.svg").read_text().replace("40", "44"))
    monkeypatch.setattr(PicturePicker, "ask_file", classmethod(lambda cls, p: picture))
    qtbot.mouseClick(studio.editor.pictures.import_button, Qt.MouseButton.LeftButton)
    assert studio.session.doc.slide("es", "care", "sun")["image"] == "images/sun-hat.svg"
    assert studio.window.focusWidget() is studio.editor.columns["en"].alt  # describe it next
    assert "describe the new picture" in studio.window.banner.text()
    studio.save()
    result = load_content(content_dir)
    assert result.content is not None
    sun = result.content.language("es").sections[1].slides[0]
    assert sun.illustration is not None
    assert sun.illustration.path.name == "sun-hat.svg"


def test_a_hostile_picture_is_refused_in_plain_words(
    qtbot, studio: Studio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "x.svg"
    bad.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    monkeypatch.setattr(PicturePicker, "ask_file", classmethod(lambda cls, p: bad))
    qtbot.mouseClick(studio.editor.pictures.import_button, Qt.MouseButton.LeftButton)
    assert "Picture not imported" in studio.window.banner.text()
    assert "could run code" in studio.window.banner.text()


def test_closing_with_unsaved_changes_asks(
    qtbot, studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = []

    def keep(cls, parent):
        asked.append(parent)
        return Unsaved.CANCEL

    monkeypatch.setattr(StudioWindow, "ask_unsaved", classmethod(keep))
    qtbot.keyClicks(studio.editor.columns["en"].title, "!")
    studio.window.close()
    assert asked == [studio.window]
    assert studio.window.isVisible()
    studio.session.undo_stack.undo()  # back to what is on disk: nothing to lose
    studio.window.close()
    assert asked == [studio.window]
    assert not studio.window.isVisible()


def test_sign_off_is_what_kiosk_review_records_and_follows_edits(
    qtbot, shipped_studio: Studio, shipped: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    studio = shipped_studio
    asked: list[str] = []
    monkeypatch.setattr(
        StudioWindow,
        "ask_reviewer",
        classmethod(lambda cls, p, c: asked.append(c) or "Dr Ana Ruiz"),
    )
    assert studio.window.review_label.text() == "Not reviewed yet (example reviewer)"
    assert "example placeholder" in studio.settings.review.text()
    said = [f.text for f in studio.last.findings]
    assert any("then use Mark as reviewed by… (toolbar)" in text for text in said)
    assert not any("kiosk review" in text for text in said)  # no terminal for staff
    type_title(qtbot, studio, "What microneedling is")  # an edit just before signing off
    studio.window.review_action.trigger()  # waits for the check of that edit
    qtbot.waitUntil(lambda: "Marked as reviewed by Dr Ana Ruiz" in studio.window.banner.text())
    assert asked == [""]  # the example name is not offered as the reviewer
    settle(qtbot, studio)
    today = dt.date.today()
    assert studio.window.review_label.text() == f"Reviewed by Dr Ana Ruiz on {today}"
    assert "nothing patients see has changed" in studio.settings.review.text()
    studio.save()
    capsys.readouterr()
    assert cli.main(["validate", "--content", str(shipped)]) == 0
    said = capsys.readouterr()
    assert "changed since" not in said.out + said.err
    assert "review" not in said.out + said.err  # nor the example reviewer any more
    content = load_content(shipped).content
    s = content.settings
    assert (s.reviewed_by, s.reviewed_on) == ("Dr Ana Ruiz", today)
    recorded = signoff.Fingerprint(s.reviewed_fingerprint, s.reviewed_slides)
    assert recorded == signoff.fingerprint(content)
    # Staff change a title: the studio says the content is no longer the reviewed one.
    type_title(qtbot, studio, "What it is, in short")
    qtbot.waitUntil(lambda: studio.window.review_label.text().startswith("Changed since"))
    assert studio.window.review_label.text() == (
        f"Changed since Dr Ana Ruiz reviewed it on {today}: 1 slide differs"
    )
    assert studio.settings.review.text().startswith(studio.window.review_label.text())
    # Undo puts the reviewed words back: reviewed again.
    studio.session.undo_stack.undo()
    qtbot.waitUntil(lambda: studio.window.review_label.text().startswith("Reviewed by"))


def test_sign_off_refuses_content_with_errors(
    qtbot, studio: Studio, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        StudioWindow, "ask_reviewer", classmethod(lambda cls, p, c: asked.append(c) or "Dr X")
    )
    settings = studio.session.doc.text("kiosk.yaml")
    type_title(qtbot, studio, "")
    settle(qtbot, studio)
    assert studio.window.review_label.text() == "Has errors: cannot be signed off"
    studio.settings.review_button.click()
    assert asked == []
    assert studio.window.banner.text().startswith("Not marked as reviewed: the content has 1 error")
    assert studio.session.doc.text("kiosk.yaml") == settings


def type_title(qtbot, studio: Studio, text: str) -> None:
    field = studio.editor.columns["en"].title
    field.setFocus()
    field.selectAll()
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)


def test_opens_the_shipped_content_and_saves_nothing(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(shutil.copytree(SHIPPED, tmp_path / "content"))
    before = files(root)
    made = Studio(root, check_delay_ms=20)
    made.window.show()
    qtbot.waitUntil(lambda: made.last is not None and not made.checker.busy)
    assert made.last is not None
    assert made.last.errors == 0
    made.save()
    made.window.close()
    made.window.deleteLater()
    assert files(root) == before


def test_ctrl_z_in_a_field_undoes_the_studios_history(qtbot, studio: Studio) -> None:
    en, es = studio.editor.columns["en"].title, studio.editor.columns["es"].title
    en.setFocus()
    en.end(False)
    qtbot.keyClicks(en, " A")
    es.setFocus()
    es.end(False)
    qtbot.keyClicks(es, " B")
    qtbot.keyClick(es, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(es, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (en.text(), es.text()) == ("What it is", "What it is")  # both fields, in order
    assert not studio.session.dirty
    qtbot.keyClick(es, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert en.text() == "What it is A"


def test_a_fifo_and_a_linked_file_are_listed_not_edited(
    qtbot, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(content_dir / "es" / "09-pipe.yaml")
    (content_dir / "en" / "09-link.yaml").symlink_to(content_dir / "en" / "02-care.yaml")
    made = Studio(content_dir, check_delay_ms=20)
    made.window.show()
    try:
        qtbot.waitUntil(lambda: made.last is not None and not made.checker.busy)
        texts = [f.text for f in made.problems.findings()]
        assert any("09-pipe.yaml" in t and "not an ordinary file" in t for t in texts), texts
        assert any("09-link.yaml" in t and "link" in t for t in texts), texts
    finally:
        made.window.close()
        made.window.deleteLater()


def test_scrolling_the_settings_never_changes_a_number(qtbot, studio: Studio) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    studio.window.tabs.setCurrentWidget(studio.settings)
    spin = studio.settings.fields[("idle", "countdown_seconds")]
    studio.settings.ensureWidgetVisible(spin)
    before = spin.value()
    centre = QPointF(spin.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(spin.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(spin, event)
    assert spin.value() == before
    assert not studio.session.dirty


def test_preview_sizes_contrast_and_text_size(qtbot, studio: Studio) -> None:
    from kiosk.core.content.model import HIGH_CONTRAST, TEXT_SCALES

    preview = studio.preview
    preview.size_choice.setCurrentIndex(1)  # 1080 x 1920, upright
    preview.contrast.setChecked(True)
    preview.text_choice.setCurrentIndex(2)
    assert (preview.stage.width(), preview.stage.height()) == (1080, 1920)
    assert preview.stage.theme == HIGH_CONTRAST
    assert preview.stage.text_scale == TEXT_SCALES[2]
    assert preview.stage.metrics.portrait
    assert preview.picture.pixmap().height() > preview.picture.pixmap().width()


def test_a_broken_settings_file_is_named_plainly(content_dir: Path, capsys) -> None:
    from kiosk.studio.launch import run_studio

    (content_dir / "kiosk.yaml").write_text("clinic: [unclosed\n")
    assert run_studio(content_dir) == 2
    err = capsys.readouterr().err
    assert "kiosk.yaml cannot be read: YAML syntax" in err
    assert "kiosk validate" in err


def test_answer_buttons_and_a_refused_edit_is_said(qtbot, studio: Studio) -> None:
    studio.select("care", "check-sun")
    assert studio.outline.tree.ids(studio.outline.tree.currentItem()) == ("care", "check-sun")
    editor = studio.editor
    assert editor.answer_buttons.isVisibleTo(studio.window)
    qtbot.mouseClick(editor.add_answer, Qt.MouseButton.LeftButton)
    assert editor.columns["es"].answers[2].isVisibleTo(studio.window)
    qtbot.mouseClick(editor.remove_answer, Qt.MouseButton.LeftButton)
    assert not editor.columns["es"].answers[2].isVisibleTo(studio.window)
    qtbot.mouseClick(editor.remove_answer, Qt.MouseButton.LeftButton)
    assert "at least 2 answers" in studio.window.banner.text()
    studio.select("care", "sun")
    assert not editor.answer_buttons.isVisibleTo(studio.window)
