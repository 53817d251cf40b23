"""Reading-level measures, so `kiosk validate` can warn staff when an edit gets hard to read.

English: Flesch-Kincaid grade level. Spanish: Fernández-Huerta ease (the corrected form, on the
Flesch 0-100 scale: 80-90 is about 5th grade, 70-80 about 6th, 60-70 about 7th-8th).
Syllables are counted by rule, which is close enough for a warning, not a verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:[’'\-–][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?¿¡:;]+(?=\s|$)|\n+")


@dataclass(frozen=True)
class TextStats:
    words: int
    sentences: int
    syllables: int
    longest_sentence: int  # in words

    @property
    def words_per_sentence(self) -> float:
        return self.words / max(self.sentences, 1)

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / max(self.words, 1)


def sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if _WORD.search(p)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def stats(text: str, lang: str) -> TextStats:
    counter = syllables_es if lang.startswith("es") else syllables_en
    sents = sentences(text)
    all_words = words(text)
    return TextStats(
        words=len(all_words),
        sentences=max(len(sents), 1) if all_words else 0,
        syllables=sum(counter(w) for w in all_words),
        longest_sentence=max((len(words(s)) for s in sents), default=0),
    )


def fk_grade(st: TextStats) -> float:
    """Flesch-Kincaid grade level (English)."""
    if st.words == 0:
        return 0.0
    return 0.39 * st.words_per_sentence + 11.8 * st.syllables_per_word - 15.59


def fernandez_huerta(st: TextStats) -> float:
    """Fernández-Huerta reading ease (Spanish); higher is easier."""
    if st.words == 0:
        return 100.0
    return 206.84 - 60.0 * st.syllables_per_word - 1.02 * st.words_per_sentence


_NOT_LETTER = re.compile(r"[^a-z]")
_SILENT_END = re.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$")
_VOWELS = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=16384)  # words repeat: the same few hundred across a whole course
def syllables_en(word: str) -> int:
    w = word.lower().strip("’'")
    if any(ch.isdigit() for ch in w):
        return 2
    w = _NOT_LETTER.sub("", w)
    if len(w) <= 3:
        return 1
    w = _SILENT_END.sub(lambda m: m.group(0)[0], w)
    w = w[1:] if w.startswith("y") else w
    return max(1, len(_VOWELS.findall(w)))


_STRONG = set("aeoáéóíú")
_WEAK = set("iuüy")


@lru_cache(maxsize=16384)
def syllables_es(word: str) -> int:
    w = word.lower()
    if any(ch.isdigit() for ch in w):
        return 2
    count = 0
    group = ""
    for i, ch in enumerate(w + " "):
        is_vowel = ch in _STRONG or ch in "iuü" or (ch == "y" and i == len(w) - 1)
        if is_vowel:
            group += ch
            continue
        if group:
            strong = sum(1 for c in group if c in _STRONG)
            count += max(strong, 1)
            group = ""
    return max(count, 1)
