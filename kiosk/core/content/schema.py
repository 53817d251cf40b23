"""The shape of every content file, in one place: the loader checks against these key lists,
and `kiosk schema` turns them into JSON Schemas so an editor (VS Code with the YAML extension)
offers completion and underlines typos while staff type.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.core.content.model import Strings, Theme

# (allowed keys, required keys) per block, with a description for each key
Block = dict[str, str]

SETTINGS: Block = {
    "clinic": "The clinic's name and phone number.",
    "handout": "The take-home page that the QR code opens.",
    "languages": "Language codes; the first is the one the kiosk starts in.",
    "idle": "How long the kiosk waits before asking 'Still there?' and starting over.",
    "theme": "Colours as #RRGGBB. Text must stay readable: 7:1 contrast or more.",
    "values": "Clinic-specific numbers; slides use them as {name}.",
    "after_hours": "What to do when the clinic is closed: one line per language (en:, es:).",
    "clinic_hours": "The clinic's opening hours for the printed checklist, one line per language.",
    "review": "Who checked the medical content, when, and which content (kiosk review writes it).",
    "display": "Display options.",
    "usage": "Anonymous usage counts kept on this kiosk.",
}
SETTINGS_REQUIRED = ["clinic", "handout", "languages"]
CLINIC: Block = {
    "name": "The clinic's name, shown on the welcome screen.",
    "phone": "The number patients call, shown on the slides as {clinic_phone}.",
    "emergency_number": 'The emergency number, e.g. "911"; slides say "Call {emergency_number}".',
    "after_hours_phone": "A number to call when the clinic is closed, if there is one.",
    "example": "true while these are made-up example settings (marks the clinic as an example).",
}
HANDOUT: Block = {"url": "https:// link for the QR code; {lang} becomes en, es, ..."}
IDLE: Block = {
    "timeout_seconds": "Seconds without a touch before 'Still there?' (default 90).",
    "countdown_seconds": "Seconds the 'Still there?' countdown lasts (default 15).",
    "thanks_seconds": "Seconds the thank-you screen stays (default 20).",
}
REVIEW: Block = {
    "by": "Name of the clinician who reviewed the content.",
    "date": "Date of the review, like 2026-11-01.",
    "fingerprint": "What was reviewed; written by kiosk review, do not edit.",
    "slides": "One short code per reviewed slide; written by kiosk review, do not edit.",
}
DISPLAY: Block = {
    "reduced_motion": "true turns off all animation.",
    "text_size": "Starting text size: 1 (normal), 2 (larger) or 3 (largest).",
    "high_contrast": "true starts every session with light text on a dark screen.",
}
USAGE: Block = {"retention_days": "Days to keep anonymous usage counts (default 365)."}
LANGUAGE: Block = {
    "name": "The language's own name, e.g. Español.",
    "strings": "Words on buttons and fixed screens.",
    "page": "Words of the take-home page and printout; every one is needed.",
}
PAGE: Block = {
    "heading": "The page's main heading.",
    "intro": "One or two sentences under the heading.",
    "call_prompt": "Above the call button when there is no urgent card.",
    "call": "The clinic's call button; {number} is the phone number.",
    "after_hours": "The after-hours call button; {number}.",
    "emergency": "The emergency call button; {number}.",
    "next_session": "Heading of the part about the next session.",
    "next_session_intro": "Uses {sessions} and {session_spacing_weeks}.",
    "next_session_plain": "The same without the numbers.",
    "sources": "Heading of the sources.",
    "reviewed_by_on": "Uses {by} and {date}.",
    "reviewed_on": "Uses {date}.",
    "reviewed_by": "Uses {by}.",
    "example": "The warning on an example clinic's page.",
    "choose_language": "Heading of the language choice page.",
    "other_languages": "Name of the language links.",
    "contents": "Heading of the short contents list.",
    "print_pdf": "The link to the printable PDF.",
    "stopped_at": "Before the topic where the patient stopped at the kiosk.",
    "missed_points": "Heading of the points the patient answered wrong.",
    "your_questions": "Heading of the slides the patient marked.",
    "your_questions_intro": "One line under it.",
    "right_answer": "Under a missed point; {answer} is the right answer.",
    "date": "How a date is written; {day}, {month} and {year}.",
    "months": "The twelve month names, as a list.",
    "checklist": "Heading of the printed day-by-day checklist.",
    "checklist_intro": "One line under it.",
    "treatment_date": "Label of the line where the treatment date is written.",
    "clinic_hours": "Label of the line where the clinic's hours are written.",
    "days": "The checklist's rows: each has when: and do: (a list of short steps; values "
    "like {makeup_hours} are filled in).",
}
CHECKLIST_DAY: Block = {"when": "The day, e.g. Day 1 (treatment day).", "do": "The steps."}
SECTION: Block = {
    "id": "A short name: lower-case letters, digits and -. The same in every language.",
    "title": "The section's title, on its tile and above its slides.",
    "summary": "One short line under the title on the topics screen.",
    "sources": "Where the facts in this section come from (shown on the take-home page).",
    "slides": "The slides, in order.",
    "needs_translation": "true until translated from the first language (the studio sets it).",
}
SECTION_REQUIRED = ["id", "title", "slides"]
SLIDE: Block = {
    "id": "A short name: lower-case letters, digits and -. The same in every language.",
    "title": "The slide's heading.",
    "body": "About 40 words. Blank line = new paragraph; '- ' = bullet; **bold**.",
    "image": "A picture inside the content folder, e.g. images/skin-layers.svg.",
    "alt": "One sentence describing the picture, for people who cannot see it.",
    "notes": "Notes for staff; never shown to patients.",
    "needs_translation": "true until translated from the first language (the studio sets it).",
}
SLIDE_REQUIRED = ["id", "title", "body"]
CHECK: Block = {
    "id": SLIDE["id"],
    "title": "Optional small heading above the question.",
    "question": "The question a patient answers.",
    "answers": "2 to 4 answers; exactly one has right: true.",
    "teaches": "The id of the slide that teaches the answer; the take-home shows it to "
    "patients who answered wrong.",
    "image": SLIDE["image"],
    "alt": SLIDE["alt"],
    "notes": SLIDE["notes"],
    "needs_translation": SLIDE["needs_translation"],
}
CHECK_REQUIRED = ["id", "question", "answers"]
ANSWER: Block = {
    "text": "The answer as shown on its button.",
    "right": "true for the one right answer.",
    "feedback": "One kind line explaining the right answer.",
}
ANSWER_REQUIRED = ["text", "feedback"]

SCHEMA_FOLDER = "schema"
SCHEMA_FILES = {
    "settings": "settings.schema.json",
    "language": "language.schema.json",
    "section": "section.schema.json",
}


def _object(block: Block, required: list[str] | None = None, **props: Any) -> dict[str, Any]:
    properties = {key: {"description": text, **props.get(key, {})} for key, text in block.items()}
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


TEXT = {"type": ["string", "number"]}
NUMBER = {"type": "number"}
BOOL = {"type": "boolean"}


def settings_schema() -> dict[str, Any]:
    colour = {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"}
    return _object(
        SETTINGS,
        SETTINGS_REQUIRED,
        clinic=_object(
            CLINIC,
            ["name"],
            name=TEXT,
            phone=TEXT,
            emergency_number=TEXT,
            after_hours_phone=TEXT,
            example=BOOL,
        ),
        handout=_object(HANDOUT, ["url"], url={"type": "string", "pattern": "^https://"}),
        languages={
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z]{2,4})?$"},
        },
        idle=_object(IDLE, None, **{k: NUMBER for k in IDLE}),
        theme=_object(
            {k: f"Colour for {k.replace('_', ' ')}." for k in Theme.field_names()},
            None,
            **{k: colour for k in Theme.field_names()},
        ),
        values={
            "type": "object",
            "propertyNames": {"pattern": "^[a-z_][a-z0-9_]*$"},
            "additionalProperties": TEXT,
        },
        after_hours={
            "type": "object",
            "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z]{2,4})?$"},
            "additionalProperties": {"type": "string"},
        },
        clinic_hours={
            "type": "object",
            "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z]{2,4})?$"},
            "additionalProperties": {"type": "string"},
        },
        review=_object(
            REVIEW,
            ["by", "date"],
            by=TEXT,
            date={"type": "string"},
            fingerprint={"type": "string", "pattern": "^[0-9a-f]{12}$"},
            slides={"type": "string"},
        ),
        display=_object(
            DISPLAY,
            None,
            reduced_motion=BOOL,
            high_contrast=BOOL,
            text_size={"type": "integer", "minimum": 1, "maximum": 3},
        ),
        usage=_object(USAGE, None, retention_days={"type": "integer", "minimum": 1}),
    )


def language_schema() -> dict[str, Any]:
    strings = {k: f"Default: {getattr(Strings(), k)}" for k in Strings.field_names()}
    months = {"type": "array", "minItems": 12, "maxItems": 12, "items": TEXT}
    day = _object(
        CHECKLIST_DAY, list(CHECKLIST_DAY), when=TEXT, do={"type": "array", "items": TEXT}
    )
    lists = {"months": months, "days": {"type": "array", "minItems": 1, "items": day}}
    page = _object(PAGE, list(PAGE), **{k: lists.get(k, TEXT) for k in PAGE})
    return _object(
        LANGUAGE,
        ["name", "page"],
        name=TEXT,
        strings=_object(strings, None, **{k: TEXT for k in strings}),
        page=page,
    )


def section_schema() -> dict[str, Any]:
    ident = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
    info = _object(
        SLIDE,
        SLIDE_REQUIRED,
        id=ident,
        title=TEXT,
        body=TEXT,
        image=TEXT,
        alt=TEXT,
        notes=TEXT,
        needs_translation=BOOL,
    )
    answer = _object(ANSWER, ANSWER_REQUIRED, text=TEXT, right=BOOL, feedback=TEXT)
    check = _object(
        CHECK,
        CHECK_REQUIRED,
        id=ident,
        title=TEXT,
        question=TEXT,
        answers={"type": "array", "minItems": 2, "maxItems": 4, "items": answer},
        teaches=ident,
        image=TEXT,
        alt=TEXT,
        notes=TEXT,
        needs_translation=BOOL,
    )
    slide = {
        "if": {"anyOf": [{"required": ["question"]}, {"required": ["answers"]}]},
        "then": check,
        "else": info,
    }
    return _object(
        SECTION,
        SECTION_REQUIRED,
        id=ident,
        title=TEXT,
        summary=TEXT,
        sources={"type": "array", "items": TEXT},
        slides={"type": "array", "minItems": 1, "items": slide},
        needs_translation=BOOL,
    )


def all_schemas() -> dict[str, dict[str, Any]]:
    made = {
        "settings": settings_schema(),
        "language": language_schema(),
        "section": section_schema(),
    }
    for kind, schema in made.items():
        schema["$schema"] = "http://json-schema.org/draft-07/schema#"
        schema["title"] = f"Kiosk {kind} file"
    return made


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, schema in all_schemas().items():
        path = folder / SCHEMA_FILES[kind]
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
        written.append(path)
    return written
