"""Line-break typography for a patient's screen: numbers, ranges, phone numbers and "SPF 30"
never break across lines, and a title never ends in one lonely word.

Pure functions on text (no Qt): the screens pass every text they show through `tie()` and
titles through `balance()`. A no-break space (U+00A0) holds two words together; a word joiner
(U+2060) after a dash holds a range ("30–45") or a phone number ("010-0142") together.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
JOIN = "\u2060"  # word joiner: no line break here, and nothing drawn

# (555) 010-0142, 555-010-0142, 555.010.0142, +1 555 010 0142
PHONE = re.compile(r"(?:\+\d{1,3}[ .-])?(?:\(\d{2,4}\)|\d{2,4})(?:[ .-]\d{2,4}){1,3}(?!\d)")
RANGE = re.compile(r"(\d)([ \t]*)([–—-])([ \t]*)(?=\d)")  # 30–45, 1 - 3
NUMBER_WORD = re.compile(r"(?<=\d)[ \t]+(?=[^\W\d_])")  # 30 minutes, 911 ahora
WORD_NUMBER = re.compile(r"(?<=[^\W\d_])[ \t]+(?=\d)")  # SPF 30, day 1, Call 911
THOUSANDS = re.compile(r"(?<=\d)[ ,.](?=\d{3}(?!\d))")  # 1 000 stays one number
SHORT_TAIL = 16  # characters: a longer pair of last words is left to break as it likes


def _phone(match: re.Match[str]) -> str:
    return re.sub(r"[ .-]", lambda m: NBSP if m.group(0) == " " else m.group(0) + JOIN, match[0])


def tie(text: str) -> str:
    """The same words with no line break allowed inside a number, range or phone number, or
    between a number and the word it belongs to."""
    text = PHONE.sub(_phone, text)
    text = THOUSANDS.sub(lambda m: NBSP if m.group(0) == " " else m.group(0) + JOIN, text)
    text = RANGE.sub(lambda m: m[1] + NBSP * bool(m[2]) + m[3] + (NBSP if m[4] else JOIN), text)
    text = NUMBER_WORD.sub(NBSP, text)
    return WORD_NUMBER.sub(NBSP, text)


def balance(title: str) -> str:
    """A title whose last two words stay on one line, so it never ends in an orphan: the
    last break moves one word earlier (unless those words together are long, or it is
    only two words)."""
    title = tie(title)
    head, space, last = title.rstrip().rpartition(" ")
    if not space or " " not in head.strip():
        return title
    before = head.rpartition(" ")[2]
    if len(before) + 1 + len(last) > SHORT_TAIL:
        return title
    return f"{head}{NBSP}{last}"


def tie_html(html: str) -> str:
    """`tie()` on the text between the tags of our own rich text, never inside a tag (a
    style attribute's "12px 0" must stay as it is)."""
    return re.sub(r"(^|>)([^<]+)", lambda m: m[1] + tie(m[2]), html)
