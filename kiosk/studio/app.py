"""Wiring in one place: the session, the checker and the studio's widgets, and their signals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLineEdit, QWidget

from kiosk.core.content.images import ImageProblem
from kiosk.core.content.loader import LANGUAGE_FILE, LANGUAGE_NAMES, load_content
from kiosk.core.content.model import Content
from kiosk.core.content.signoff import is_example_reviewer
from kiosk.core.editing import edits
from kiosk.core.editing.document import DocumentError
from kiosk.core.editing.edits import Change
from kiosk.core.editing.fields import FieldRef, value_uses
from kiosk.core.editing.picture_import import import_picture
from kiosk.core.editing.review import review_status
from kiosk.studio.checker import Checker, CheckResult
from kiosk.studio.outline import Outline
from kiosk.studio.outline_actions import run_action
from kiosk.studio.preview import Preview
from kiosk.studio.problems_list import ProblemsList
from kiosk.studio.session import Session
from kiosk.studio.settings_form import SettingsForm
from kiosk.studio.slide_editor import SlideEditor
from kiosk.studio.window import StudioWindow

CHECK_DELAY_MS = 250  # after the last keystroke: typing never waits for a check


class Studio(QObject):
    def __init__(self, root: Path, check_delay_ms: int = CHECK_DELAY_MS) -> None:
        super().__init__()
        self.session = Session(root)
        doc = self.session.doc
        names = {code: self._language_name(code) for code in doc.languages}
        self.outline = Outline()
        self.outline.set_languages(names)
        self.editor = SlideEditor(names)
        self.settings = SettingsForm(names)
        self.preview = Preview()
        self.preview.set_languages(names)
        self.problems = ProblemsList()
        self.checker = Checker(self)
        self.window = StudioWindow(
            self.outline, self.editor, self.settings, self.preview, self.problems
        )
        stack = self.session.undo_stack
        self.window.add_undo(
            stack.createUndoAction(self, "Undo"), stack.createRedoAction(self, "Redo")
        )
        self.window.is_dirty = lambda: self.session.dirty
        self.window.setProperty("author", names[doc.languages[0]] if doc.languages else "")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(check_delay_ms)
        self.section: str = (doc.section_ids() or [""])[0]
        self.slide: str | None = None
        self.last: CheckResult | None = None
        self.good: Content | None = None
        self.sign_off_waiting = False  # Mark as reviewed waits for the check of the last edit
        self._connect()
        first = doc.sections(doc.languages[0]) if doc.languages else []
        slides = first[0].get("slides") if first else None
        self.slide = str(slides[0].get("id")) if slides else None
        self.refresh()
        self.checker.request(doc)

    def _language_name(self, code: str) -> str:
        found = self.session.doc.files.get(f"{code}/{LANGUAGE_FILE}")
        name = (
            found.data.get("name") if found is not None and isinstance(found.data, dict) else None
        )
        return str(name or LANGUAGE_NAMES.get(code, code))

    def _connect(self) -> None:
        s = self.session
        s.changed.connect(self.on_changed)
        s.refused.connect(self.window.say)
        s.undo_stack.cleanChanged.connect(lambda _: self._title())
        self.outline.selected.connect(self.select)
        self.outline.action_requested.connect(lambda name: run_action(self, name))
        self.outline.tree.slide_dropped.connect(
            lambda sec, sl, to, i: s.apply(lambda d: edits.move_slide(d, sec, sl, to, i))
        )
        self.outline.tree.section_dropped.connect(
            lambda sec, i: s.apply(lambda d: edits.move_section(d, sec, i))
        )
        self.editor.edited.connect(self.on_edited)
        self.editor.right_chosen.connect(self.on_right_chosen)
        self.editor.left.connect(s.end_typing)
        self.editor.answer_added.connect(self.on_answer_added)
        self.editor.answer_removed.connect(self.on_answer_removed)
        self.editor.pictures.chosen.connect(self.on_picture)
        self.editor.pictures.import_requested.connect(self.on_import)
        self.settings.edited.connect(
            lambda keys, value: s.apply(lambda d: edits.set_setting(d, keys, value), ("set", keys))
        )
        self.preview.options_changed.connect(self.draw_preview)
        self.problems.field_requested.connect(self.focus_field)
        self.checker.checked.connect(self.on_checked)
        self.timer.timeout.connect(lambda: self.checker.request(self.session.doc))
        self.window.save_requested.connect(self.save)
        self.window.review_action.triggered.connect(self.sign_off)
        self.settings.review_requested.connect(self.sign_off)
        self.window.close_approved.connect(self.shutdown)

    # -- showing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        doc = self.session.doc
        if self.section not in doc.section_ids():
            self.section, self.slide = (doc.section_ids() or [""])[0], None
        if self.slide is not None and self.slide not in doc.slide_ids():
            self.slide = None
        self.outline.show_document(doc, self.section, self.slide)
        if self.section:
            self.editor.show_item(doc, self.section, self.slide)
        first = doc.languages[0] if doc.languages else ""
        self.settings.show_settings(doc.settings, value_uses(doc.sections(first)))
        self._title()

    def _title(self) -> None:
        mark = " *" if self.session.dirty else ""
        self.window.setWindowTitle(f"Kiosk Studio - {self.session.root.name}{mark}")

    def select(self, section: str, slide: str | None) -> None:
        self.session.end_typing()
        self.section, self.slide = section, slide
        self.outline.set_current(section, slide)
        self.editor.show_item(self.session.doc, section, slide)
        self.window.tabs.setCurrentIndex(0)
        self.draw_preview()

    def on_changed(self, change: Change) -> None:
        if change.section is not None:
            self.section = change.section
            self.slide = change.slide
        self.refresh()
        self.timer.start()  # check and preview once typing pauses

    def on_checked(self, result: CheckResult) -> None:
        self.last = result
        self.problems.show_result(result)
        if result.content is not None:
            self.good = result.content
        status = review_status(result.content, result.fingerprint)
        self.settings.review.setText(status.text)
        self.window.show_review(status.short, status.text, status.current)
        self.draw_preview()
        if self.sign_off_waiting and result.is_of(self.session.doc):
            self.sign_off_waiting = False
            self.sign_off()

    def draw_preview(self) -> None:
        if self.good is None:
            self.preview.note.setText("No preview yet: the content has errors (listed below).")
            return
        paused = ""
        if self.last is not None and self.last.errors:
            paused = "The preview shows the last version without errors; fix the errors below."
        slide = self.slide or self._first_slide(self.section)
        if slide is None or not self.preview.show_slide(self.good, slide, paused):
            self.preview.note.setText(
                "This slide appears in the preview once the errors are fixed."
            )

    def _first_slide(self, section: str) -> str | None:
        try:
            slides = self.session.doc.section(self.session.doc.languages[0], section)["slides"]
        except (DocumentError, LookupError):
            return None
        return str(slides[0].get("id")) if slides else None

    # -- editing ---------------------------------------------------------------------------------
    def on_edited(self, lang: str, key: str, answer: int | None, text: str) -> None:
        section, slide = self.section, self.slide
        merge = (lang, section, slide, key, answer)
        if slide is None:
            self.session.apply(lambda d: edits.set_section_text(d, lang, section, key, text), merge)
        elif answer is not None:
            self.session.apply(
                lambda d: edits.set_answer(d, lang, section, slide, answer, key, text), merge
            )
        else:
            self.session.apply(
                lambda d: edits.set_slide_text(d, lang, section, slide, key, text), merge
            )

    def on_right_chosen(self, index: int) -> None:
        section, slide = self.section, self.slide
        if slide is not None:
            self.session.apply(lambda d: edits.set_right_answer(d, section, slide, index))

    def on_answer_added(self) -> None:
        section, slide = self.section, self.slide
        author = self.session.doc.languages[0]
        if slide is not None:
            self.session.apply(lambda d: edits.add_answer(d, section, slide, author))

    def on_answer_removed(self) -> None:
        section, slide = self.section, self.slide
        if slide is None:
            return
        first = self.session.doc.languages[0]
        count = len(self.session.doc.slide(first, section, slide).get("answers") or [])
        self.session.apply(lambda d: edits.remove_answer(d, section, slide, count - 1))

    def on_picture(self, image: str) -> None:
        section, slide = self.section, self.slide
        if slide is None:
            return
        if self.session.apply(lambda d: edits.set_picture(d, section, slide, image)) and image:
            first = next(iter(self.editor.columns.values()))
            first.alt.setFocus()
            first.alt.selectAll()
            self.window.say("Picture changed: describe the new picture in every language.")

    def on_import(self, path: Path) -> None:
        try:
            name = import_picture(self.session.root, path)
        except ImageProblem as exc:
            self.window.say(f"Picture not imported: {exc.message}. {exc.hint}".strip())
            return
        self.window.say(f"Picture imported as {name}.")
        self.on_picture(name)

    def focus_field(self, ref: FieldRef) -> None:
        if ref.lang is None:
            self.window.tabs.setCurrentWidget(self.settings)
            widget: QWidget | None = self.settings.fields.get(tuple(ref.key.split(".")))
        else:
            if ref.section is not None:
                self.section, self.slide = ref.section, ref.slide
                self.refresh()
                self.draw_preview()
            self.window.tabs.setCurrentIndex(0)
            widget = self.editor.widget_for(ref)
        if widget is not None:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    # -- saving and signing off -----------------------------------------------------------------
    def save(self) -> None:
        self.session.end_typing()
        written = self.session.save()
        self._title()
        if not written:
            self.window.say("Nothing to save: the files already hold these words.")
            return
        result = load_content(self.session.root)
        files = f"Saved {len(written)} file(s)"
        if result.errors:
            self.window.say(
                f"{files}, but the content has {len(result.errors)} error(s): patients keep "
                "seeing the last good version until they are fixed (see Problems)."
            )
        else:
            self.window.say(f"{files}. The kiosk shows the new version on its next Welcome screen.")

    def sign_off(self) -> None:
        """Record the sign-off of the content as the checker last loaded it, as `kiosk review`
        would; content with errors is refused, as `kiosk review` refuses it."""
        self.session.end_typing()
        doc, last = self.session.doc, self.last
        if last is None or not last.is_of(doc) or self.timer.isActive():
            self.sign_off_waiting = True  # the check of the last edit comes first
            self.timer.stop()
            self.checker.request(doc)
            self.window.say("Checking the latest edits before the sign-off…")
            return
        if last.content is None or last.fingerprint is None:
            self.window.say(
                f"Not marked as reviewed: the content has {last.errors} error(s). A clinician "
                "can sign off only content without errors: fix them (see Problems) first."
            )
            return
        reviewed = last.fingerprint
        before = last.content.settings.reviewed_by
        current = "" if is_example_reviewer(before) else before
        name = self.window.ask_reviewer(self.window, current)
        self.window.activateWindow()  # back to the studio's keys, even with no window manager
        if name is None:
            return
        if not last.is_of(self.session.doc):  # cannot happen while the dialog is modal
            self.window.say("The content changed while asking; mark it as reviewed again.")
            return
        today = dt.date.today()
        change = self.session.apply(lambda d: edits.mark_reviewed(d, name, today, reviewed))
        if change is None:
            return
        who = " ".join(name.split())
        slides = len(reviewed.slides)
        said = f"Marked as reviewed by {who} on {today} ({slides} slides). Save to record it."
        if is_example_reviewer(name):
            said += " The name still looks like the example reviewer; validate will say so."
        self.window.say(said)

    def shutdown(self) -> None:
        """The window is closing: stop checking, and let nothing reach the window any more."""
        self.session.blockSignals(True)
        self.session.undo_stack.blockSignals(True)
        self.timer.stop()
        self.preview.close_stage()  # before its pictures' folder goes away
        self.checker.shutdown()
