"""Small content folders for tests: a valid one, which each test then breaks in one way."""

from __future__ import annotations

import textwrap
from pathlib import Path

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 30">'
    '<rect width="40" height="30"/></svg>'
)

SETTINGS = """\
clinic:
  name: Test Clinic
  phone: "555-0100"
handout:
  url: https://care.testclinic.org/mn/{lang}/
languages: [en, es]
idle:
  timeout_seconds: 90
  countdown_seconds: 15
  thanks_seconds: 20
values:
  makeup_hours: "24"
  # the printed checklist's steps (the page: words in language.yaml) use these
  sunscreen_day: "2"
  workout_pause_days: "2"
  product_pause_days: "7"
  no_treatments_days: "14"
  pre_pause_days: "5"
review:
  by: Dr Test
  date: 2026-10-01
"""

# The shipped language files: their page: words are required (no English fallback).
_SHIPPED = Path(__file__).resolve().parents[1] / "content"
LANGUAGE = {c: (_SHIPPED / c / "language.yaml").read_text(encoding="utf-8") for c in ("en", "es")}
# Just the page: block, for tests that write their own language.yaml.
PAGE_BLOCK = {c: "page:" + text.split("\npage:", 1)[1] for c, text in LANGUAGE.items()}
# A third language in tests: English words under its own name.
OTHER_LANGUAGE = LANGUAGE["en"].replace("name: English", "name: {code}", 1)

SECTION_1 = """\
id: basics
title: The basics
summary: What it is.
sources:
  - Test source
slides:
  - id: what
    title: What it is
    body: |
      A provider makes tiny openings.

      - Your skin heals.
      - It makes **new** collagen.
    image: images/skin.svg
    alt: A drawing of skin.
  - id: makeup
    title: Make-up
    body: Skip make-up for {makeup_hours} hours.
"""

SECTION_2 = """\
id: care
title: Care at home
slides:
  - id: sun
    title: Sun
    body: Use sunscreen when you go out.
  - id: check-sun
    question: What goes on your skin before you go out?
    answers:
      - text: Sunscreen
        right: true
        feedback: Sunscreen protects healing skin.
      - text: Nothing
        feedback: Sunscreen protects healing skin.
"""


def make_content(root: Path, languages: tuple[str, ...] = ("en", "es")) -> Path:
    """Write a small valid content folder and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "kiosk.yaml").write_text(SETTINGS.replace("[en, es]", f"[{', '.join(languages)}]"))
    (root / "images").mkdir(exist_ok=True)
    (root / "images" / "skin.svg").write_text(SVG)
    for code in languages:
        folder = root / code
        folder.mkdir(exist_ok=True)
        other = OTHER_LANGUAGE.replace("{code}", code)
        (folder / "language.yaml").write_text(LANGUAGE.get(code, other))
        (folder / "01-basics.yaml").write_text(SECTION_1)
        (folder / "02-care.yaml").write_text(SECTION_2)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
