"""What the outline's buttons do, as document edits on the current selection."""

from __future__ import annotations

from typing import Protocol

from kiosk.core.editing import edits
from kiosk.studio.session import Session
from kiosk.studio.window import StudioWindow


class Studio(Protocol):
    """What the outline's actions need of the studio (kiosk.studio.app), without importing it."""

    session: Session
    window: StudioWindow
    section: str
    slide: str | None


def run_action(studio: Studio, name: str) -> None:
    doc = studio.session.doc
    apply = studio.session.apply
    section, slide = studio.section, studio.slide
    if not section:
        return
    author = doc.languages[0]
    ids = [str(s.get("id")) for s in doc.section(author, section).get("slides") or []]
    after = ids.index(slide) + 1 if slide in ids else len(ids)
    sections = doc.section_ids()
    position = sections.index(section)
    adding = {"add-slide": "slide", "add-question": "check question", "add-section": "section"}
    if name in adding:
        # The id is made from this first title and never changes, so ask for a real one.
        title = studio.window.ask_title(studio.window, adding[name])
        studio.window.activateWindow()  # back to the studio's keys, even with no window manager
        if title is not None:
            add(studio, name, title, author, after, position + 1)
    elif name == "duplicate" and slide is not None:
        apply(lambda d: edits.duplicate_slide(d, section, slide))
    elif name == "delete" and slide is not None:
        apply(lambda d: edits.delete_slide(d, section, slide))
    elif name == "delete":
        apply(lambda d: edits.delete_section(d, section))
    elif name in ("up", "down"):
        step = -1 if name == "up" else 1
        if slide is None:
            apply(lambda d: edits.move_section(d, section, max(0, position + step)))
            return
        index = ids.index(slide) + step
        if 0 <= index < len(ids):
            apply(lambda d: edits.move_slide(d, section, slide, section, index))
        elif 0 <= position + step < len(sections):  # over the edge: into the next section
            other = sections[position + step]
            end = len(doc.section(author, other).get("slides") or []) if step < 0 else 0
            apply(lambda d: edits.move_slide(d, section, slide, other, end))


def add(studio: Studio, name: str, title: str, author: str, after: int, next_section: int) -> None:
    section = studio.section
    if name == "add-section":
        studio.session.apply(lambda d: edits.add_section(d, title, author, next_section))
    else:
        check = name == "add-question"
        studio.session.apply(lambda d: edits.add_slide(d, section, title, author, after, check))
