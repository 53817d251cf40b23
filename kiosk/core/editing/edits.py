"""Editing operations on a `Document`: Qt-free, each one says what it changed.

Slides and sections exist in every language: adding one adds it everywhere, and the languages
the author was not writing in get `needs_translation: true` until someone edits them there.
Ids are made from the title once and never change afterwards (other files and the usage log
refer to them).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from kiosk.core.content import signoff
from kiosk.core.content.loader import SETTINGS_FILE
from kiosk.core.editing.document import Document, DocumentError

NEEDS_TRANSLATION = "needs_translation"
SLIDE_TEXT_KEYS = ("title", "body", "alt", "notes", "question")
NEW_BODY = "Write what patients should know here."


@dataclass(frozen=True)
class Change:
    """What an edit did: words for the undo menu, the files it touched, what to select next."""

    what: str
    touched: set[str] = field(default_factory=set)
    section: str | None = None
    slide: str | None = None


def make_id(title: str, taken: set[str] | list[str], fallback: str = "slide") -> str:
    """A lower-case id from a title ('Día 1: ¿Qué?' -> 'dia-1-que'), unique among `taken`."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40].strip("-") or fallback
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def as_block(text: str) -> str:
    """Text as a | block keeps it: no spaces at line ends, no blank lines around it (YAML
    cannot write a block with spaces at a line's end). The editor compares with this, so a
    space or a new line just typed at the end stays where the person typed it."""
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


def styled(old: object, new: str) -> object:
    """The new text in the old value's style (quotes or a | block), so the diff is one value."""
    if isinstance(old, LiteralScalarString) or "\n" in new.strip():
        return LiteralScalarString(as_block(new) + "\n")
    if isinstance(old, DoubleQuotedScalarString | SingleQuotedScalarString):
        return type(old)(new)
    return new


# -- slide and section text ---------------------------------------------------------------------
def set_slide_text(
    doc: Document, lang: str, section_id: str, slide_id: str, key: str, value: str
) -> Change:
    """Set title/body/alt/notes/question of one slide in one language."""
    slide = doc.slide(lang, section_id, slide_id)
    optional = key in ("alt", "notes") or (key == "title" and "question" in slide)
    _set(slide, key, value, optional=optional)
    slide.pop(NEEDS_TRANSLATION, None)
    rel = doc.section_file(lang, section_id)
    return Change(f"Edit {key} ({lang})", {rel}, section_id, slide_id)


def set_section_text(doc: Document, lang: str, section_id: str, key: str, value: str) -> Change:
    section = doc.section(lang, section_id)
    _set(section, key, value, optional=key == "summary")
    section.pop(NEEDS_TRANSLATION, None)
    return Change(f"Edit section {key} ({lang})", {doc.section_file(lang, section_id)}, section_id)


def set_answer(
    doc: Document, lang: str, section_id: str, slide_id: str, index: int, key: str, value: str
) -> Change:
    """Set the text or feedback of one answer in one language."""
    slide = doc.slide(lang, section_id, slide_id)
    answers = slide.get("answers")
    if not isinstance(answers, list) or not 0 <= index < len(answers):
        raise DocumentError(f"slide '{slide_id}' has no answer {index + 1}")
    _set(answers[index], key, value, optional=False)
    slide.pop(NEEDS_TRANSLATION, None)
    return Change(
        f"Edit answer {index + 1} ({lang})",
        {doc.section_file(lang, section_id)},
        section_id,
        slide_id,
    )


def set_right_answer(doc: Document, section_id: str, slide_id: str, index: int) -> Change:
    """Make answer `index` the one right answer, in every language."""
    touched = set()
    for lang in doc.languages:
        answers = doc.slide(lang, section_id, slide_id).get("answers") or []
        for i, answer in enumerate(answers):
            if i == index:
                answer["right"] = True
            else:
                answer.pop("right", None)
        touched.add(doc.section_file(lang, section_id))
    return Change(f"Right answer: {index + 1}", touched, section_id, slide_id)


def add_answer(doc: Document, section_id: str, slide_id: str, author: str) -> Change:
    """One more answer (at most 4) in every language; marked for translation elsewhere."""
    touched = set()
    for lang in doc.languages:
        slide = doc.slide(lang, section_id, slide_id)
        answers = slide.get("answers")
        if not isinstance(answers, list) or len(answers) >= 4:
            raise DocumentError("a check question has 2 to 4 answers: this one has 4 already")
        answer = CommentedMap()
        answer["text"] = "Another answer"
        answer["feedback"] = "Say kindly why the right answer is right."
        answers.append(answer)
        if lang != author:
            slide[NEEDS_TRANSLATION] = True
        touched.add(doc.section_file(lang, section_id))
    return Change("Add an answer", touched, section_id, slide_id)


def remove_answer(doc: Document, section_id: str, slide_id: str, index: int) -> Change:
    """Remove answer `index` in every language; never the right one, never below 2."""
    touched = set()
    for lang in doc.languages:
        answers = doc.slide(lang, section_id, slide_id).get("answers")
        if not isinstance(answers, list) or len(answers) <= 2:
            raise DocumentError("a check question needs at least 2 answers")
        if not 0 <= index < len(answers):
            raise DocumentError(f"there is no answer {index + 1}")
        if answers[index].get("right"):
            raise DocumentError("that is the right answer: choose another right answer first")
        del answers[index]
        touched.add(doc.section_file(lang, section_id))
    return Change(f"Remove answer {index + 1}", touched, section_id, slide_id)


def set_picture(doc: Document, section_id: str, slide_id: str, image: str) -> Change:
    """Use `image` (e.g. images/x.svg) on this slide in every language; '' removes it."""
    touched = set()
    for lang in doc.languages:
        slide = doc.slide(lang, section_id, slide_id)
        if image:
            _set(slide, "image", image, optional=False, after=("body", "question", "title"))
            if "alt" not in slide:
                _set(slide, "alt", "Describe the picture here.", optional=False, after=("image",))
                slide[NEEDS_TRANSLATION] = True
        else:
            slide.pop("image", None)
            slide.pop("alt", None)
        touched.add(doc.section_file(lang, section_id))
    return Change("Change picture", touched, section_id, slide_id)


# -- adding, copying, deleting, moving ------------------------------------------------------------
def add_slide(
    doc: Document,
    section_id: str,
    title: str,
    author: str,
    index: int | None = None,
    check: bool = False,
) -> Change:
    """A new slide (or check question) in every language, at `index` (default: the end)."""
    new_id = make_id(title, doc.slide_ids(), "question" if check else "slide")
    touched = set()
    for lang in doc.languages:
        slide = CommentedMap()
        slide["id"] = new_id
        if check:
            slide["question"] = title
            answers = CommentedSeq()
            for i, text in enumerate(("The right answer", "Another answer")):
                answer = CommentedMap()
                answer["text"] = text
                if i == 0:
                    answer["right"] = True
                answer["feedback"] = "Say kindly why the right answer is right."
                answers.append(answer)
            slide["answers"] = answers
        else:
            slide["title"] = title
            slide["body"] = NEW_BODY
        if lang != author:
            slide[NEEDS_TRANSLATION] = True
        slides = doc.section(lang, section_id).get("slides")
        if not isinstance(slides, list):
            raise DocumentError(f"section '{section_id}' ({lang}) has no slide list")
        insert_spaced(slides, len(slides) if index is None else index, slide)
        touched.add(doc.section_file(lang, section_id))
    kind = "question" if check else "slide"
    return Change(f"Add {kind} '{title}'", touched, section_id, new_id)


def duplicate_slide(doc: Document, section_id: str, slide_id: str) -> Change:
    first = doc.languages[0]
    source = doc.slide(first, section_id, slide_id)
    new_id = make_id(
        str(source.get("title") or source.get("question") or slide_id), doc.slide_ids()
    )
    touched = set()
    for lang in doc.languages:
        slides = doc.section(lang, section_id)["slides"]
        original = doc.slide(lang, section_id, slide_id)
        twin = copy.deepcopy(original)
        twin["id"] = new_id
        slides.insert(slides.index(original) + 1, twin)
        touched.add(doc.section_file(lang, section_id))
    return Change(f"Duplicate slide '{slide_id}'", touched, section_id, new_id)


def delete_slide(doc: Document, section_id: str, slide_id: str) -> Change:
    touched = set()
    for lang in doc.languages:
        slides = doc.section(lang, section_id)["slides"]
        if len(slides) <= 1:
            raise DocumentError("a section needs at least one slide: delete the section instead")
        slides.remove(doc.slide(lang, section_id, slide_id))
        touched.add(doc.section_file(lang, section_id))
    return Change(f"Delete slide '{slide_id}'", touched, section_id)


def move_slide(
    doc: Document, section_id: str, slide_id: str, to_section: str, index: int
) -> Change:
    """Move a slide to position `index` of `to_section` (the same section or another)."""
    touched = set()
    for lang in doc.languages:
        source = doc.section(lang, section_id)["slides"]
        if section_id != to_section and len(source) <= 1:
            raise DocumentError("a section needs at least one slide: delete the section instead")
        slide = doc.slide(lang, section_id, slide_id)
        source.remove(slide)
        target = doc.section(lang, to_section)["slides"]
        insert_spaced(target, index, slide)
        touched |= {doc.section_file(lang, section_id), doc.section_file(lang, to_section)}
    return Change(f"Move slide '{slide_id}'", touched, to_section, slide_id)


def add_section(doc: Document, title: str, author: str, index: int | None = None) -> Change:
    """A new section file in every language, with one slide, at position `index`."""
    new_id = make_id(title, doc.section_ids(), "section")
    slide_id = make_id(title, doc.slide_ids() | {new_id})
    touched: set[str] = set()
    for lang in doc.languages:
        section = CommentedMap()
        section["id"] = new_id
        section["title"] = title
        if lang != author:
            section[NEEDS_TRANSLATION] = True
        slide = CommentedMap()
        slide["id"] = slide_id
        slide["title"] = title
        slide["body"] = NEW_BODY
        if lang != author:
            slide[NEEDS_TRANSLATION] = True
        section["slides"] = CommentedSeq([slide])
        rel = f"{lang}/zz-{new_id}.yaml"
        doc.add_file(rel, section)
        touched.add(rel)
    order = [s for s in doc.section_ids() if s != new_id]
    order.insert(len(order) if index is None else index, new_id)
    touched |= _renumber(doc, order)
    return Change(f"Add section '{title}'", touched, new_id, slide_id)


def delete_section(doc: Document, section_id: str) -> Change:
    if len(doc.section_ids()) <= 1:
        raise DocumentError("the course needs at least one section")
    touched = set()
    for lang in doc.languages:
        rel = doc.section_file(lang, section_id)
        doc.remove_file(rel)
        touched.add(rel)
    return Change(f"Delete section '{section_id}'", touched)


def move_section(doc: Document, section_id: str, index: int) -> Change:
    """Sections run in file-name order, so moving one renumbers the files' 01-, 02- prefixes."""
    order = [s for s in doc.section_ids() if s != section_id]
    order.insert(max(0, min(index, len(order))), section_id)
    return Change(f"Move section '{section_id}'", _renumber(doc, order), section_id)


def _renumber(doc: Document, order: list[str]) -> set[str]:
    touched: set[str] = set()
    width = max(2, len(str(len(order))))
    for lang in doc.languages:
        for position, sid in enumerate(order, start=1):
            try:
                rel = doc.section_file(lang, sid)
            except DocumentError:
                continue
            folder, name = rel.rsplit("/", 1)
            rest = re.sub(r"^(\d+[a-z]?-|zz-)", "", name)
            wanted = f"{folder}/{position:0{width}d}-{rest}"
            if wanted != rel:
                doc.rename_file(rel, wanted)
                touched |= {rel, wanted}
    return touched


# -- clinic settings ----------------------------------------------------------------------------
def set_setting(doc: Document, keys: tuple[str, ...], value: object) -> Change:
    """Set e.g. ('clinic', 'phone') in kiosk.yaml; '' removes an optional value."""
    node = doc.settings
    for key in keys[:-1]:
        child = node.get(key)
        if not isinstance(child, CommentedMap):
            child = CommentedMap()
            node[key] = child
        node = child
    last = keys[-1]
    if isinstance(value, str):
        _set(node, last, value, optional=True)
    else:
        node[last] = value
    return Change(f"Change {'.'.join(keys)}", {SETTINGS_FILE})


def mark_reviewed(doc: Document, by: str, on: dt.date, reviewed: signoff.Fingerprint) -> Change:
    """Record a clinician's sign-off of the content whose fingerprint is `reviewed`.

    The `review:` block is written by the same functions as `kiosk review`, so kiosk.yaml reads
    the same whichever way the sign-off was made, and every other line stays as it was. The
    caller takes the fingerprint from the one loader's result; content with errors has none,
    so it cannot be signed off.
    """
    name = " ".join(by.split())  # as kiosk review: one line, single spaces
    if not name:
        raise DocumentError("write the reviewer's name first")
    _ = doc.settings  # a settings file the studio cannot edit is refused in plain words
    texts = doc.texts()
    block = signoff.review_block(name, on, reviewed)
    doc.restore({**texts, SETTINGS_FILE: signoff.replace_review(texts[SETTINGS_FILE], block)})
    return Change(f"Mark as reviewed by {name}", {SETTINGS_FILE})


# -- helpers --------------------------------------------------------------------------------------
def insert_spaced(items: list[Any], index: int, item: CommentedMap) -> None:
    """Insert a slide keeping the file's blank lines between slides (ruamel keeps a blank line
    as a comment after the last value of the slide before it)."""
    index = max(0, min(index, len(items)))
    items.insert(index, item)
    follows = index + 1 < len(items)
    if follows:  # the new slide gets the gap its neighbour before it has
        source, target = (items[index - 1] if index > 0 else items[index + 1]), item
    elif index >= 2:  # at the end: the old last slide gets the gap the others have
        source, target = items[index - 2], items[index - 1]
    else:
        return
    gap = _gap(source)
    where = _tail(target)
    if gap is not None and where is not None and _gap(target) is None:
        where[0].ca.items[where[1]] = copy.deepcopy(gap)


def _tail(item: object) -> tuple[CommentedMap, str] | None:
    """The innermost last key of a slide: where ruamel keeps what follows it."""
    while isinstance(item, CommentedMap) and len(item):
        key = list(item)[-1]
        value = item[key]
        if isinstance(value, CommentedMap | CommentedSeq) and len(value):
            item = value if isinstance(value, CommentedMap) else value[-1]
            continue
        return item, key
    return None


def _gap(item: object) -> Any:
    where = _tail(item)
    if where is None:
        return None
    found = where[0].ca.items.get(where[1])
    token = found[2] if found and len(found) > 2 else None
    return found if token is not None and not str(token.value).strip() else None


def _set(
    node: CommentedMap, key: str, value: str, optional: bool, after: tuple[str, ...] = ()
) -> None:
    if not value.strip() and optional:
        node.pop(key, None)
        return
    if key in node:
        node[key] = styled(node[key], value)
        return
    position = len(node)
    for anchor in after:
        if anchor in node:
            position = list(node).index(anchor) + 1
            break
    node.insert(position, key, styled(None, value))
