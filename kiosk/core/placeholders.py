"""`{name}` placeholders in slide text, filled from the clinic's settings.

Each clinic-specific number is written once in kiosk.yaml and reused by every language.
Write `{{` or `}}` for a literal brace.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")


def names(text: str) -> list[tuple[str, int]]:
    """Every placeholder name with its character offset in the text."""
    return [(m.group(1), m.start()) for m in PLACEHOLDER.finditer(text)]


def fill(text: str, values: dict[str, str]) -> str:
    """Replace known placeholders; unknown ones are left for the validator to report."""
    filled = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    return filled.replace("{{", "{").replace("}}", "}")
