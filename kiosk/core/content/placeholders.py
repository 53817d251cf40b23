"""`{name}` placeholders in slide text, filled from the clinic's settings.

Each clinic-specific number is written once in kiosk.yaml and reused by every language.
Write `{{` or `}}` for a literal brace.

Nothing here is Python's `str.format`: a placeholder is a plain name, only the names a string
may use are replaced, and anything else (`{n.__class__}`, `{n:>50000000}`, a stray brace)
stays as it was written. The validator reports such fields (`format_fields`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")


def names(text: str) -> list[tuple[str, int]]:
    """Every placeholder name with its character offset in the text."""
    return [(m.group(1), m.start()) for m in PLACEHOLDER.finditer(text)]


def fill(text: str, values: dict[str, str]) -> str:
    """Replace known placeholders; unknown ones are left for the validator to report."""
    filled = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    return filled.replace("{{", "{").replace("}}", "}")


FIELD = re.compile(r"(?<!\{)\{([^{}\n]{1,80})\}(?!\})")

# The run-time placeholders each language string may use (the kiosk fills them in).
STRING_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "progress": frozenset({"n", "total"}),
    "still_there_body": frozenset({"seconds"}),
    "welcome_subtitle": frozenset({"minutes"}),
    "qr_no_phone": frozenset({"phone"}),
    "thanks_call": frozenset({"phone"}),
    "thanks_countdown": frozenset({"seconds"}),
    "section_length": frozenset({"screens", "minutes"}),
    "section_length_one_minute": frozenset({"screens"}),
}


def substitute(template: str, values: Mapping[str, object]) -> str:
    """Replace `{name}` for the names in `values` only; everything else stays literal.

    Used for every text filled in at run time (slide counter, countdown, handout words)."""
    return PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template
    )


def format_fields(text: str) -> list[str]:
    """`{...}` fields that are not plain placeholder names (`{n:>9}`, `{n.__class__}`)."""
    return [m.group(0) for m in FIELD.finditer(text) if not PLACEHOLDER.fullmatch(m.group(0))]
