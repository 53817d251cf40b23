"""The clinical sign-off: which content a clinician reviewed, and whether it has changed since.

A sign-off records two things in kiosk.yaml's `review:` block besides `by` and `date`:

- `fingerprint`: one short digest of everything a patient sees: every slide (title, text,
  questions, answers, feedback, alt text and the picture's bytes), every section's title,
  summary and sources, the words on buttons, and the clinic settings that reach patients
  (name, phone numbers, emergency number, after-hours words, take-home link, clinic values).
- `slides`: one 6-character digest per slide, as a space-separated list. A digest covers the
  slide's language, id and what it shows, so comparing the two lists tells how many slides
  were added, changed or removed since the sign-off, without storing any of the words.

Staff notes are left out: they never reach patients, so editing them needs no new sign-off.
Everything here is Qt-free and reads only what the loader already checked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.content.model import CheckSlide, Content, InfoSlide, Slide

SLIDE_DIGEST_CHARS = 6
FINGERPRINT_CHARS = 12
EXAMPLE_REVIEWER = re.compile(r"\b(example|replace|placeholder)\b", re.IGNORECASE)
_REVIEW_LINE = re.compile(r"^review\s*:(.*)$")


@dataclass(frozen=True)
class Fingerprint:
    overall: str
    slides: frozenset[str]


@dataclass(frozen=True)
class Change:
    """How the current content differs from what was signed off."""

    slides_differ: int
    other_parts_differ: bool


def _digest(*parts: str | bytes) -> hashlib._Hash:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h


def _picture(slide: Slide, cache: dict[Path, str]) -> str:
    pic = slide.illustration
    if pic is None:
        return ""
    if pic.path not in cache:
        cache[pic.path] = hashlib.sha256(pic.path.read_bytes()).hexdigest()
    return pic.alt + "\0" + cache[pic.path]


def _slide_parts(slide: Slide) -> list[str]:
    if isinstance(slide, InfoSlide):
        return ["info", slide.title, slide.body]
    assert isinstance(slide, CheckSlide)
    parts = ["check", slide.title, slide.question]
    for answer in slide.answers:
        parts += [answer.text, str(answer.correct), answer.feedback]
    return parts


def fingerprint(content: Content) -> Fingerprint:
    """The digests of what patients see in `content` (see the module docstring)."""
    s = content.settings
    pictures: dict[Path, str] = {}
    slides: set[str] = set()
    overall = _digest(
        "settings",
        s.clinic_name,
        s.clinic_phone,
        s.emergency_number,
        s.after_hours_phone,
        json.dumps(s.after_hours, sort_keys=True),
        s.handout_url,
        json.dumps(s.values, sort_keys=True),
        " ".join(s.languages),
    )
    for code in s.languages:
        lang = content.languages[code]
        overall.update(
            _digest("strings", code, lang.name, repr(lang.strings), repr(lang.page)).digest()
        )
        for section in lang.sections:
            overall.update(
                _digest(
                    "section", code, section.id, section.title, section.summary, *section.sources
                ).digest()
            )
            for slide in section.slides:
                one = _digest(code, slide.id, *_slide_parts(slide), _picture(slide, pictures))
                short = one.hexdigest()[:SLIDE_DIGEST_CHARS]
                slides.add(short)
                overall.update(one.digest())
    return Fingerprint(overall.hexdigest()[:FINGERPRINT_CHARS], frozenset(slides))


def compare(reviewed: Fingerprint, current: Fingerprint) -> Change | None:
    """None when the content is what was reviewed; else how much differs."""
    if reviewed.overall == current.overall:
        return None
    if not reviewed.slides:  # only the overall digest was recorded
        return Change(len(current.slides), True)
    added = len(current.slides - reviewed.slides)
    removed = len(reviewed.slides - current.slides)
    slides_differ = max(added, removed)
    return Change(slides_differ, slides_differ == 0)


def is_example_reviewer(name: str) -> bool:
    return bool(EXAMPLE_REVIEWER.search(name))


# -- writing the sign-off back -----------------------------------------------------------------
def review_block(by: str, on: dt.date, fp: Fingerprint, width: int = 88) -> list[str]:
    """The `review:` lines for kiosk.yaml. The name is written as a JSON string, which is a
    valid YAML double-quoted scalar, so quotes, colons or newlines in it stay plain text."""
    lines = [
        "review:",
        f"  by: {json.dumps(by, ensure_ascii=False)}",
        f"  date: {on.isoformat()}",
        f"  fingerprint: {fp.overall}  # what was reviewed: kiosk review writes it",
        "  slides: >-",
    ]
    row = "   "
    for digest in sorted(fp.slides):
        if len(row) + 1 + len(digest) > width:
            lines.append(row)
            row = "   "
        row += " " + digest
    lines.append(row)
    return lines


def replace_review(text: str, block: list[str]) -> str:
    """`text` with its top-level `review:` block swapped for `block`; all else kept as it was.

    The block runs from the `review:` line over the indented and blank lines after it;
    comment lines inside it are kept (at its top), comments before the next key stay where
    they are. Without a review block, the new one is appended at the end.
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _REVIEW_LINE.match(line)), None)
    if start is None:
        tail = [] if not lines or not lines[-1].strip() else [""]
        return "\n".join([*lines, *tail, *block]) + "\n"
    rest = _REVIEW_LINE.match(lines[start])
    inline = rest.group(1).split("#", 1)[0].strip() if rest else ""
    end = start + 1
    if not inline:  # a flow mapping on the same line (review: {by: ...}) is one line long
        while end < len(lines) and (lines[end][:1] in (" ", "\t") or not lines[end].strip()):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1  # blank lines before the next key stay outside the block
    kept = [line for line in lines[start + 1 : end] if line.strip().startswith("#")]
    new = [block[0], *kept, *block[1:]]
    return "\n".join([*lines[:start], *new, *lines[end:]]) + "\n"


class SignOffRefused(Exception):
    """The settings file cannot be written safely; the message says why."""


def write_review(settings_file: Path, by: str, on: dt.date, fp: Fingerprint) -> None:
    """Record the sign-off in kiosk.yaml with a small line edit, keeping the staff's comments.

    Written to a temporary file beside it and moved into place, so a crash never leaves half a
    settings file. A symlink or anything but a plain file is refused rather than replaced."""
    if settings_file.is_symlink() or not settings_file.is_file():
        raise SignOffRefused(f"{settings_file} is not a plain file; edit review: by hand")
    text = settings_file.read_text(encoding="utf-8")
    new = replace_review(text, review_block(by, on, fp))
    fd, tmp = tempfile.mkstemp(prefix=".kiosk-", suffix=".yaml", dir=settings_file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(new)
        os.chmod(tmp, settings_file.stat().st_mode & 0o777)
        os.replace(tmp, settings_file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
