"""Validate time: the shipped content, and a generated deck of 1,000+ slides per language.

The big deck is the shipped one repeated: every section file of every language is copied again
and again with `-rN` added to each id (and to each `teaches:` that names one), so the languages
still match slide for slide and every slide keeps its picture (the shipped images, checked once
per slide as the loader does).
Qt-free, like `kiosk validate`.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from benchmarks.common import CONTENT, median
from kiosk.core.content.loader import LANGUAGE_FILE, SETTINGS_FILE, load_content

ID_LINE = re.compile(r"^(\s*(?:- )?id: *)([a-z0-9][a-z0-9-]*)\s*$", re.MULTILINE)
# a check question names the slide that teaches its answer: renamed with it
ID_REF_LINE = re.compile(r"^(\s*(?:- )?(?:id|teaches): *)([a-z0-9][a-z0-9-]*)\s*$", re.MULTILINE)


def _slides_in(text: str) -> int:
    return len(ID_LINE.findall(text)) - 1  # one id is the section's own


def make_deck(folder: Path, min_slides: int = 1000, source: Path = CONTENT) -> int:
    """Write a deck with at least `min_slides` slides per language; return the count."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / SETTINGS_FILE, folder / SETTINGS_FILE)
    shutil.copytree(source / "images", folder / "images", dirs_exist_ok=True)
    languages = sorted(p.name for p in source.iterdir() if (p / LANGUAGE_FILE).is_file())
    first = sorted(p for p in (source / languages[0]).glob("*.yaml") if p.name != LANGUAGE_FILE)
    per_copy = sum(_slides_in(p.read_text()) for p in first)
    copies = -(-min_slides // per_copy)
    for code in languages:
        out = folder / code
        out.mkdir(exist_ok=True)
        shutil.copy(source / code / LANGUAGE_FILE, out / LANGUAGE_FILE)
        for path in sorted(p for p in (source / code).glob("*.yaml") if p.name != LANGUAGE_FILE):
            text = path.read_text()
            for r in range(copies):
                renamed = ID_REF_LINE.sub(rf"\g<1>\g<2>-r{r}", text)
                (out / f"{r:03d}-{path.name}").write_text(renamed)
    return per_copy * copies


def time_load(folder: Path, runs: int) -> dict[str, object]:
    """One cold load (first in this process), then the median of `runs` more."""
    times: list[float] = []
    slides = warnings = 0
    for _ in range(runs + 1):
        start = time.perf_counter()
        result = load_content(folder)
        times.append((time.perf_counter() - start) * 1000)
        if result.content is None:
            first = result.errors[0].format() if result.errors else "?"
            raise RuntimeError(f"{folder} does not validate: {first}")
        slides = sum(len(lang.slides) for lang in result.content.languages.values())
        warnings = len(result.warnings)
    return {
        "runs": runs,
        "first_ms": round(times[0], 1),
        "median_ms": round(median(times[1:]), 1),
        "slides_all_languages": slides,
        "warnings": warnings,
    }
