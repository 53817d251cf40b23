"""Line-break typography for a patient's screen: numbers, ranges, phone numbers and "SPF 30"
never break across lines, and a title never ends in one lonely word.

Pure functions on text (no Qt): the screens pass every text they show through `tie()` and
titles through `balance()`. A no-break space (U+00A0) holds two words together; a word joiner
(U+2060) after a dash holds a range ("30–45") or a phone number ("010-0142") together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NBSP = "\u00a0"
JOIN = "\u2060"  # word joiner: no line break here, and nothing drawn

# (555) 010-0142, 555-010-0142, 555.010.0142, +1 555 010 0142
PHONE = re.compile(r"(?:\+\d{1,3}[ .-])?(?:\(\d{2,4}\)|\d{2,4})(?:[ .-]\d{2,4}){1,3}(?!\d)")
RANGE = re.compile(r"(\d)([ \t]*)([–—-])([ \t]*)(?=\d)")  # 30–45, 1 - 3
NUMBER_WORD = re.compile(r"(?<=\d)[ \t]+(?=[^\W\d_])")  # 30 minutes, 911 ahora
# SPF 30, FPS 30, day 1, día 2: a label and its number (not every word before a number)
WORD_NUMBER = re.compile(r"\b(SPF|FPS|[Dd]ay|[Dd]ías?)[ \t]+(?=\d)")
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
    return WORD_NUMBER.sub(lambda m: m[1] + NBSP, text)


def balance(title: str, fits: Callable[[str], bool] | None = None) -> str:
    """A title that does not end in one lonely word: when the last line would hold a single
    word, the last two words are held together (if they fit on a line), so the break moves
    one word earlier. `fits(line)` says whether a line fits the width (the screen measures
    it); without it, the last two words are held together when they are short."""
    title = tie(title)
    words = title.split(" ")
    if len(words) < 3:
        return title
    pair = f"{words[-2]} {words[-1]}"
    if fits is None:
        lonely = len(pair) <= SHORT_TAIL
    else:
        lines = [words[0]]
        for word in words[1:]:
            if fits(f"{lines[-1]} {word}"):
                lines[-1] += f" {word}"
            else:
                lines.append(word)
        lonely = len(lines) > 1 and " " not in lines[-1] and fits(pair)
    return " ".join(words[:-2]) + f" {words[-2]}{NBSP}{words[-1]}" if lonely else title


def tie_html(html: str) -> str:
    """`tie()` on the text between the tags of our own rich text, never inside a tag (a
    style attribute's "12px 0" must stay as it is)."""
    return re.sub(r"(^|>)([^<]+)", lambda m: m[1] + tie(m[2]), html)
