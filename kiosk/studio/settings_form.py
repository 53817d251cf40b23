"""Clinic settings in plain forms: name, phones, take-home link, values, idle times, colours."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content.colors import HEX, contrast
from kiosk.core.content.loader import THEME_PAIRS
from kiosk.core.content.model import Theme
from kiosk.core.content.urls import check_handout_url
from kiosk.studio.fields import LineField, NumberField

CLINIC_LABELS = {
    "name": "Clinic name",
    "phone": "Clinic phone",
    "after_hours_phone": "After-hours phone",
    "emergency_number": "Emergency number",
}
CLINIC_HINTS = {
    "after_hours_phone": "Leave empty if the clinic has no after-hours line.",
    "emergency_number": 'Slides tell patients to call it in an emergency (e.g. "911").',
}
IDLE = (
    ("timeout_seconds", "Ask 'Still there?' after (s)", 10, 3600, 90),
    ("countdown_seconds", "Then start over after (s)", 3, 300, 15),
    ("thanks_seconds", "Thank-you screen stays (s)", 3, 600, 20),
)


class SettingsForm(QScrollArea):
    edited = Signal(tuple, object)  # keys in kiosk.yaml, new value
    review_requested = Signal()

    def __init__(self, languages: dict[str, str] | None = None) -> None:
        super().__init__()
        self.languages = dict(languages or {})  # code -> name, for the after-hours lines
        self.setWidgetResizable(True)
        self.fields: dict[tuple[str, ...], QWidget] = {}
        self.notes: dict[str, QLabel] = {}
        self._built = False
        self.inner = QWidget()
        self.column = QVBoxLayout(self.inner)
        self.setWidget(self.inner)
        self.review = QLabel("")
        self.review.setObjectName("reviewStatus")
        self.review.setWordWrap(True)
        self.review_button = QPushButton("Mark as reviewed by…")
        self.review_button.clicked.connect(self.review_requested)

    def show_settings(self, data: dict[str, Any], uses: dict[str, list[str]]) -> None:
        """Build the forms the first time; afterwards only update what changed."""
        if not self._built:
            self._build(data, uses)
            self._built = True
        for keys, widget in self.fields.items():
            value = _get(data, keys)
            if isinstance(widget, QSpinBox):
                widget.blockSignals(True)
                widget.setValue(int(value) if isinstance(value, int | float) else widget.value())
                widget.blockSignals(False)
            elif isinstance(widget, LineField):
                widget.set_text("" if value is None else str(value))
        self._notes(data)

    def _build(self, data: dict[str, Any], uses: dict[str, list[str]]) -> None:
        clinic = self._group("Clinic")
        names = dict(CLINIC_LABELS)
        for key, value in (data.get("clinic") or {}).items():
            if isinstance(value, str) and key not in names:
                names[key] = key.replace("_", " ").capitalize()
        for key, text in names.items():
            self._line(clinic, ("clinic", key), text, CLINIC_HINTS.get(key, ""))
        closed = self._group("When the clinic is closed (one line per language)")
        closed.addRow(_hint("What patients should do; {after_hours_phone} becomes the number."))
        for code, name in self.languages.items():
            self._line(closed, ("after_hours", code), name)
        hours = self._group("Clinic hours (printed on the take-home checklist)")
        hours.addRow(_hint("One line per language, or leave all empty for a line to write on."))
        for code, name in self.languages.items():
            self._line(hours, ("clinic_hours", code), name)
        link = self._group("Take-home link (inside the QR code; {lang} becomes en, es…)")
        self._line(link, ("handout", "url"), "Link")
        self.notes["url"] = QLabel("")
        self.notes["url"].setWordWrap(True)
        link.addRow(self.notes["url"])
        values = self._group("Clinic values (slides write them as {name})")
        for key in data.get("values") or {}:
            where = uses.get(key, [])
            used = "Used in: " + ("; ".join(where) if where else "no slide")
            self._line(values, ("values", key), key, used).setToolTip(used)
        idle = self._group("Idle times")
        for key, text, low, high, default in IDLE:
            spin = NumberField(text, low, high)
            spin.setValue(default)
            spin.valueChanged.connect(lambda v, k=key: self.edited.emit(("idle", k), v))
            idle.addRow(text, spin)
            self.fields[("idle", key)] = spin
        theme = self._group("Theme colours (#RRGGBB; patients need 7:1 contrast)")
        for key in Theme.field_names():
            self._line(theme, ("theme", key), key.replace("_", " "))
        self.notes["contrast"] = QLabel("")
        theme.addRow(self.notes["contrast"])
        review = self._group("Medical review")
        review.addRow(self.review)
        review.addRow(self.review_button)
        self.column.addStretch(1)

    def _group(self, title: str) -> QFormLayout:
        box = QGroupBox(title)
        form = QFormLayout(box)
        self.column.addWidget(box)
        return form

    def _line(
        self, form: QFormLayout, keys: tuple[str, ...], label: str, note: str = ""
    ) -> LineField:
        """A labelled field, with its note under it in the same cell (a note in a row of its
        own gets a tall, mostly empty row from QFormLayout)."""
        field = LineField(label)
        field.edited.connect(lambda text, k=keys: self.edited.emit(k, text))
        self.fields[keys] = field
        if not note:
            form.addRow(label, field)
            return field
        cell = QWidget()
        stack = QVBoxLayout(cell)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(field)
        words = QLabel(note)
        words.setWordWrap(True)
        stack.addWidget(words)
        form.addRow(label, cell)
        return field

    def _notes(self, data: dict[str, Any]) -> None:
        url = str(_get(data, ("handout", "url")) or "")
        said = [f"{kind}: {message}" for kind, message, _ in check_handout_url(url)] if url else []
        self.notes["url"].setText("\n".join(said) or "The link looks right.")
        colours = {**Theme().__dict__, **(data.get("theme") or {})}
        lines = []
        for fg, bg in THEME_PAIRS:
            a, b = str(colours.get(fg, "")), str(colours.get(bg, ""))
            if HEX.match(a) and HEX.match(b):
                ratio = contrast(a, b)
                verdict = "good" if ratio >= 7 else ("too low" if ratio < 4.5 else "low")
                lines.append(f"{fg} on {bg}: {ratio:.1f}:1 ({verdict})")
            else:
                lines.append(f"{fg} on {bg}: not a colour yet")
        self.notes["contrast"].setText("\n".join(lines))


def _hint(text: str) -> QLabel:
    return QLabel(text)  # one short line: a wrapped label gets a taller row in a form


def _get(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    node: Any = data
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node
