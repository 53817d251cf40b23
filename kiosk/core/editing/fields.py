"""Where a problem is, as the studio's fields see it; how hard a slide is to read as it is typed.

The loader reports `file:line`. The studio turns that into "slide X, Spanish, body" by reading
the same file with the loader's own YAML reader (`yamlsrc`) and finding the key at that line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core.content import markdown, placeholders, readability
from kiosk.core.content.loader import MAX_EN_GRADE, MIN_ES_EASE, SETTINGS_FILE
from kiosk.core.content.yamlsrc import Node, YamlError, load_text


@dataclass(frozen=True)
class FieldRef:
    """One editable field: a setting ('clinic.phone') or a slide's key in one language."""

    key: str
    lang: str | None = None
    section: str | None = None
    slide: str | None = None
    answer: int | None = None


def locate(rel: str, text: str, line: int) -> FieldRef | None:
    """The field that line `line` of file `rel` (relative to the content folder) belongs to."""
    try:
        root = load_text(text)
    except YamlError:
        return None
    spots: list[tuple[int, FieldRef]] = []
    if rel == SETTINGS_FILE:
        _settings_spots(root, "", spots)
    elif "/" in rel:
        _section_spots(root, rel.split("/", 1)[0], spots)
    before = [s for s in spots if s[0] <= line]
    return max(before, key=lambda s: s[0])[1] if before and line > 0 else None


def _settings_spots(node: Node, prefix: str, spots: list[tuple[int, FieldRef]]) -> None:
    if not isinstance(node.value, dict):
        return
    for key, child in node.value.items():
        name = f"{prefix}{key}"
        spots.append((node.key_pos[key][0], FieldRef(name)))
        _settings_spots(child, name + ".", spots)


def _section_spots(root: Node, lang: str, spots: list[tuple[int, FieldRef]]) -> None:
    if not isinstance(root.value, dict):
        return
    sid = _text(root.get("id"))
    for key in root.value:
        if key != "slides":
            spots.append((root.key_pos[key][0], FieldRef(key, lang, sid)))
    slides = root.get("slides")
    for slide in slides.value if slides is not None and isinstance(slides.value, list) else []:
        if not isinstance(slide.value, dict):
            continue
        slide_id = _text(slide.get("id"))
        spots.append((slide.line, FieldRef("title", lang, sid, slide_id)))
        for key in slide.value:
            if key != "answers":
                spots.append((slide.key_pos[key][0], FieldRef(key, lang, sid, slide_id)))
        answers = slide.get("answers")
        if answers is None:
            continue
        spots.append((slide.key_pos["answers"][0], FieldRef("answers", lang, sid, slide_id)))
        items = answers.value if isinstance(answers.value, list) else []
        for i, answer in enumerate(items):
            if isinstance(answer.value, dict):
                for key in answer.value:
                    ref = FieldRef(key, lang, sid, slide_id, i)
                    spots.append((answer.key_pos[key][0], ref))


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node.value)


@dataclass(frozen=True)
class Reading:
    """A slide's reading level: the number, how it reads to staff, and whether it is too hard."""

    score: float
    label: str
    too_hard: bool


def slide_reading(slide: dict[str, Any], lang: str) -> Reading | None:
    """The loader's measure (Flesch-Kincaid grade; Fernández-Huerta for Spanish) of one slide."""
    if "question" in slide:
        answers = [a for a in slide.get("answers") or [] if isinstance(a, dict)]
        parts = [str(slide.get("question") or "")]
        parts += [f"{a.get('text', '')}." for a in answers]
        parts += [str(a.get("feedback") or "") for a in answers]
        text = "\n".join(parts)
    else:
        body = markdown.plain_text(markdown.parse(str(slide.get("body") or "")))
        text = f"{slide.get('title') or ''}.\n{body}"
    st = readability.stats(text, lang)
    if st.words == 0:
        return None
    if lang.startswith("es"):
        ease = readability.fernandez_huerta(st)
        return Reading(ease, f"reading ease {min(ease, 100):.0f}", ease < MIN_ES_EASE)
    grade = readability.fk_grade(st)
    return Reading(grade, f"grade {max(grade, 0):.1f}", grade > MAX_EN_GRADE)


def value_uses(sections: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """For each {placeholder}, the titles of the slides whose words use it, in course order."""
    uses: dict[str, list[str]] = {}
    for section in sections:
        for slide in section.get("slides") or []:
            texts = [str(slide.get(k) or "") for k in ("title", "body", "question", "alt")]
            texts += [
                str(a.get(k) or "")
                for a in slide.get("answers") or []
                for k in ("text", "feedback")
            ]
            for text in texts:
                for name, _ in placeholders.names(text):
                    where = uses.setdefault(name, [])
                    title = str(slide.get("title") or slide.get("question") or slide.get("id"))
                    if title not in where:
                        where.append(title)
    return uses


def relative(root: Path, path: Path) -> str | None:
    """`path` relative to `root` as the document names files (posix), or None if outside."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return None
