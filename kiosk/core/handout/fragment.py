"""The personal part of the take-home link: what rides after `#`.

A phone's browser never sends the fragment to any server, so the page can show "You stopped
at", the points the patient missed and their questions without anything being stored or sent.
The fragment carries only ids from the content (a language code, slide and question ids), never
free text:

    #l=es&at=protect-from-sun&miss=check-sun,check-makeup&ask=wash-gently

`decode` is the Python twin of assets/handout/take-home.js, for the printed copy and the tests:
anything it does not know (unknown keys or ids, bad characters, too long) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kiosk.core.content import qr
from kiosk.core.content.model import CheckSlide, Content

ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
MAX_IDS = 12  # per list: more than any course has check questions, more than a patient marks
# The personal link may make the code one size finer than the bare link (`qr.MAX_VERSION`):
# version 11 is 61 modules + the quiet zone, 5 px a module in the 360 px code at 1280x800.
MAX_LINK_VERSION = qr.MAX_VERSION + 1
MAX_FRAGMENT = 600  # characters the page reads at most; longer fragments are ignored whole


@dataclass(frozen=True)
class TakeHome:
    """One patient's personal parts, as ids."""

    lang: str
    stopped: str = ""  # the slide they were on
    missed: tuple[str, ...] = ()  # check questions answered wrong
    asked: tuple[str, ...] = ()  # slides marked "Ask about this"

    @property
    def is_personal(self) -> bool:
        return bool(self.stopped or self.missed or self.asked)


def encode(take_home: TakeHome) -> str:
    """The fragment without `#`; ids that are not plain ids are left out."""
    parts = [f"l={take_home.lang}"] if LANG.match(take_home.lang) else []
    if ID.match(take_home.stopped):
        parts.append(f"at={take_home.stopped}")
    for key, ids in (("miss", take_home.missed), ("ask", take_home.asked)):
        kept = [i for i in dict.fromkeys(ids) if ID.match(i)][:MAX_IDS]
        if kept:
            parts.append(f"{key}={','.join(kept)}")
    return "&".join(parts)


def link(url: str, take_home: TakeHome) -> str:
    """The take-home link for the QR code: the page's address with the personal fragment.

    Should a course's ids ever make the code too fine to scan (`MAX_LINK_VERSION`), the
    questions, then the missed points, then the place are left out: the page still works."""
    base = url.split("#", 1)[0]
    for trimmed in (
        take_home,
        replace(take_home, asked=()),
        replace(take_home, asked=(), missed=()),
        TakeHome(take_home.lang),
    ):
        fragment = encode(trimmed)
        full = f"{base}#{fragment}" if trimmed.is_personal and fragment else base
        version = qr.version_for(full)
        if version is not None and version <= MAX_LINK_VERSION:
            return full
    return base


def worst_case(content: Content, max_marks: int) -> str:
    """The longest link a patient can make: the longest language code and place, every check
    question missed, the longest slide ids marked (for the QR size in docs and tests)."""
    s = content.settings
    lang = max(s.languages, key=len)
    slides = [sl for code in s.languages for sl in content.language(code).slides]
    longest = sorted({sl.id for sl in slides}, key=len, reverse=True)
    questions = {sl.id for sl in slides if isinstance(sl, CheckSlide)}
    take_home = TakeHome(lang, longest[0], tuple(questions), tuple(longest[:max_marks]))
    return f"{s.handout_url_for(lang).split('#', 1)[0]}#{encode(take_home)}"


def decode(fragment: str, known: frozenset[str] | set[str] | None = None) -> TakeHome:
    """The fragment (with or without `#`) as ids; `known` (when given) filters out the rest."""
    fragment = fragment.removeprefix("#")
    values: dict[str, str] = {}
    if len(fragment) <= MAX_FRAGMENT:
        for pair in fragment.split("&"):
            key, _, value = pair.partition("=")
            if key in ("l", "at", "miss", "ask") and key not in values:
                values[key] = value

    def ok(i: str) -> bool:
        return bool(ID.match(i)) and (known is None or i in known)

    def ids(key: str) -> tuple[str, ...]:
        return tuple(i for i in dict.fromkeys(values.get(key, "").split(",")) if ok(i))[:MAX_IDS]

    lang = values.get("l", "")
    stopped = values.get("at", "")
    return TakeHome(
        lang if LANG.match(lang) else "", stopped if ok(stopped) else "", ids("miss"), ids("ask")
    )
