"""The one loader: the app, `validate`, `render` and `handout` all read content through here.

It reads every file, collects every problem with file:line:col, and returns Content only when
there is no error, so broken content never reaches patients.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.content import files as contentfiles
from kiosk.core.content import markdown, placeholders, qr, readability, schema, signoff
from kiosk.core.content.colors import HEX, contrast
from kiosk.core.content.images import ImageProblem, resolve_image
from kiosk.core.content.model import (
    TEXT_SCALES,
    Answer,
    ChecklistDay,
    CheckSlide,
    Content,
    IdleSettings,
    Illustration,
    InfoSlide,
    Language,
    PageWords,
    Section,
    Settings,
    Slide,
    Strings,
    Theme,
)
from kiosk.core.content.problems import Problem, Problems
from kiosk.core.content.reader import Reader
from kiosk.core.content.urls import check_handout_url
from kiosk.core.content.yamlsrc import Node, YamlError, load_bytes, read_file

SETTINGS_FILE = "kiosk.yaml"
LANGUAGE_FILE = "language.yaml"
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
MAX_HOURS_CHARS = 120  # one line in the printed checklist's cell
MAX_BODY_WORDS = 50
MAX_SENTENCE_WORDS = 20
MAX_EN_GRADE = 7.0
MIN_ES_EASE = 70.0  # Fernández-Huerta 70-80 is about 6th grade
REVIEW_MAX_AGE_DAYS = 365
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
THEME_PAIRS = (  # text colour on background colour: each pair needs 7:1 contrast
    ("text", "background"),
    ("text", "surface"),
    ("muted_text", "surface"),
    ("accent_text", "accent"),
    ("right", "surface"),
    ("wrong", "surface"),
)
# Placeholders from the clinic's settings rather than values:, with where to set them.
CLINIC_PLACEHOLDERS = {
    "clinic_name": "set clinic: name: in kiosk.yaml",
    "clinic_phone": "set clinic: phone: in kiosk.yaml",
    "emergency_number": 'set clinic: emergency_number: in kiosk.yaml, e.g. "911"',
    "after_hours_phone": "set clinic: after_hours_phone: in kiosk.yaml",
    "after_hours": "add after_hours: to kiosk.yaml with one line per language (en: ..., es: ...)",
}
WORST_SLIDES = 3  # validate names this many of the hardest slides per language


@dataclass(frozen=True)
class Reading:
    """One language's reading scores: `worst` are (slide id, score), hardest first."""

    code: str
    measure: str  # "grade" (Flesch-Kincaid, lower is easier) or "ease" (higher is easier)
    average: float
    worst: tuple[tuple[str, float], ...]


@dataclass
class LoadResult:
    content: Content | None
    problems: list[Problem] = field(default_factory=list)
    reading: tuple[Reading, ...] = ()

    @property
    def ok(self) -> bool:
        return self.content is not None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load_content(root: Path, today: dt.date | None = None, *, advice: bool = True) -> LoadResult:
    """Read and check a whole content folder.

    `advice=False` leaves out the two reports for the people who write and sign off the course
    that take a pass over every slide: reading levels (their warnings and `reading`) and the
    comparison with the clinician's sign-off. The kiosk's own loads (start, live reload,
    `kiosk pull`) pass it: nobody sees a warning there (the staff panel lists errors), and
    neither report can stop content. Every error, and every other warning, is checked alike."""
    loader = _Loader(Path(root), today or dt.date.today(), advice)
    content = loader.run()
    problems = loader.problems
    ok = content if not problems.errors else None
    return LoadResult(ok, problems.sorted(), tuple(loader.reading))


class _Loader:
    def __init__(self, root: Path, today: dt.date, advice: bool = True) -> None:
        self.root = root
        self.today = today
        self.advice = advice  # reading levels and the sign-off comparison (load_content)
        self.problems = Problems()
        self.digest = hashlib.sha256()
        self.values: dict[str, str] = {}
        self.unreadable = 0  # files that could not be parsed: their ids are unknown
        self.pictures: dict[str, Path | ImageProblem] = {}
        self.reading: list[Reading] = []
        self.review_node: Node | None = None
        self.after_hours_nodes: dict[str, Node] = {}
        self.after_hours_node: Node | None = None
        self.listed: set[str] = set()  # the files that count (contentfiles.scan)
        self.refused: set[str] = set()  # links out, FIFOs, devices: reported once, never read
        self.taught: list[tuple[Reader, Node, str]] = []  # check questions' teaches:, per language

    # -- files ---------------------------------------------------------------------------
    def read(self, path: Path) -> Node | None:
        rel = str(path.relative_to(self.root))
        if rel in self.refused:
            self.unreadable += 1  # already reported by the scan
            return None
        try:
            data = read_file(path, self.root)
            node = load_bytes(data)
        except YamlError as exc:
            self.problems.error(path, exc.line, exc.col, exc.message, exc.hint)
            self.unreadable += 1
            return None
        self.digest.update(os.fsencode(rel) + b"\0")
        self.digest.update(data)
        return node

    def run(self) -> Content | None:
        if not self.root.is_dir():
            self.problems.error(self.root, 0, 0, "content folder not found", "check --content")
            return None
        listing = contentfiles.scan(self.root)
        for path, message, hint in listing.refused:
            self.problems.error(path, 0, 0, message, hint)
            with contextlib.suppress(ValueError):
                self.refused.add(str(path.relative_to(self.root)))
        self.listed = set(listing.files)
        settings_path = self.root / SETTINGS_FILE
        if SETTINGS_FILE in self.refused:
            return None
        if SETTINGS_FILE not in self.listed:
            self.problems.error(
                settings_path, 0, 0, "settings file is missing", f"create {SETTINGS_FILE}"
            )
            return None
        node = self.read(settings_path)
        settings = self.settings(Reader(settings_path, self.problems), node) if node else None
        if settings is None:
            return None
        languages: dict[str, Language] = {}
        origins: dict[str, dict[str, tuple[Path, int]]] = {}
        for code in settings.languages:
            lang, where = self.language(code, settings)
            if lang is not None:
                languages[code] = lang
                origins[code] = where
        self.compare_languages(settings.languages, origins)
        if self.problems.errors or len(languages) != len(settings.languages):
            return None
        content = Content(self.root.resolve(), settings, languages, self.digest.hexdigest()[:12])
        if self.advice:
            self.check_sign_off(settings_path, content)
        return content

    def check_sign_off(self, path: Path, content: Content) -> None:
        """Warn when what patients see is not what the named clinician signed off."""
        s = content.settings
        node = self.review_node
        line, col = (node.line, node.col) if node is not None else (0, 0)
        if s.reviewed_by and signoff.is_example_reviewer(s.reviewed_by):
            self.problems.warning(
                path,
                line,
                col,
                f"the reviewer is still the example placeholder ('{s.reviewed_by}')",
                'ask your clinician to check the course, then run kiosk review --by "NAME"',
            )
        if not s.reviewed_fingerprint:
            return
        reviewed = signoff.Fingerprint(s.reviewed_fingerprint, s.reviewed_slides)
        change = signoff.compare(reviewed, signoff.fingerprint(content))
        if change is None:
            return
        who = s.reviewed_by or "the reviewer"
        when = f" on {s.reviewed_on}" if s.reviewed_on else ""
        what = []
        if change.slides_differ:
            n = change.slides_differ
            what.append(f"{n} slide{'s' if n != 1 else ''} differ{'s' if n == 1 else ''}")
        if change.other_parts_differ:
            what.append("settings, titles, sources or button words differ")
        self.problems.warning(
            path,
            line,
            col,
            f"the content changed since {who} reviewed it{when}: {' and '.join(what)}",
            'have it checked again, then run kiosk review --by "NAME"',
        )

    # -- kiosk.yaml ------------------------------------------------------------------------
    def settings(self, r: Reader, node: Node) -> Settings | None:
        top = r.mapping(node, SETTINGS_FILE, schema.SETTINGS, schema.SETTINGS_REQUIRED)
        if top is None:
            return None
        clinic = r.mapping(top.get("clinic"), "clinic", schema.CLINIC, ["name"])
        clinic = clinic or {}
        name = r.text(clinic.get("name"), "clinic name") or ""
        phone = r.text(clinic.get("phone"), "clinic phone", required=False) or ""
        example = r.boolean(clinic.get("example"), "clinic example", False)
        if re.search(r"\((example|ejemplo)\)", name, re.IGNORECASE):
            r.warning(
                clinic.get("name"),
                "the clinic name contains an example mark; it would appear inside sentences",
                "write only the name, and keep 'example: true' while the settings are made up",
            )
        emergency = r.text(clinic.get("emergency_number"), "emergency number", False) or ""
        if emergency and not re.search(r"\d", emergency):
            r.error(
                clinic.get("emergency_number"),
                f"emergency number '{emergency}' has no digits",
                'write the number patients dial, like "911"',
            )
        after_phone = r.text(clinic.get("after_hours_phone"), "after-hours phone", False) or ""

        handout = r.mapping(top.get("handout"), "handout", schema.HANDOUT, ["url"]) or {}
        url_node = handout.get("url")
        url = r.text(url_node, "handout url") or ""
        if url:
            for severity, message, hint in check_handout_url(url):
                (r.error if severity == "error" else r.warning)(url_node, message, hint)

        codes: list[str] = []
        lang_node = top.get("languages")
        for item in r.items(lang_node, "languages"):
            code = r.text(item, "language code")
            if code and not LANG_CODE.match(code):
                r.error(item, f"'{code}' is not a language code", "use codes like en or es")
            elif code and code in codes:
                r.error(item, f"language '{code}' is listed twice")
            elif code:
                codes.append(code)
        if lang_node is not None and not codes:
            r.error(lang_node, "no languages listed", "add at least '- en'")

        if url and codes:
            self.check_qr_size(r, url_node, url, codes)
        idle = self.idle(r, top.get("idle"))
        theme = self.theme(r, top.get("theme"))
        self.values = self.read_values(r, top.get("values"))
        clinic_values = {"clinic_name": name, "clinic_phone": phone}
        clinic_values |= {"emergency_number": emergency, "after_hours_phone": after_phone}
        self.values.update({k: v for k, v in clinic_values.items() if v})
        after_hours = self.after_hours(r, top.get("after_hours"))
        clinic_hours = self.clinic_hours(r, top.get("clinic_hours"), codes)
        by, on, reviewed, reviewed_slides = self.review(r, top.get("review"))
        display: dict[str, Node] = {}
        if top.get("display") is not None:
            display = r.mapping(top.get("display"), "display", schema.DISPLAY) or {}
        reduced = r.boolean(display.get("reduced_motion"), "reduced_motion", False)
        text_size = r.number(display.get("text_size"), "text_size", 1, len(TEXT_SCALES), 1)
        high_contrast = r.boolean(display.get("high_contrast"), "high_contrast", False)
        usage: dict[str, Node] = {}
        if top.get("usage") is not None:
            usage = r.mapping(top.get("usage"), "usage", schema.USAGE) or {}
        retention = r.number(usage.get("retention_days"), "retention_days", 1, 3650, 365)
        if not codes:
            return None
        return Settings(
            clinic_name=name,
            clinic_phone=phone,
            handout_url=url,
            languages=tuple(codes),
            idle=idle,
            theme=theme,
            values=dict(self.values),
            reviewed_by=by,
            reviewed_on=on,
            reviewed_fingerprint=reviewed,
            reviewed_slides=reviewed_slides,
            emergency_number=emergency,
            after_hours_phone=after_phone,
            after_hours=after_hours,
            clinic_hours=clinic_hours,
            reduced_motion=reduced,
            example=example,
            usage_retention_days=round(retention),
            text_step=round(text_size) - 1,
            high_contrast=high_contrast,
        )

    def check_qr_size(self, r: Reader, node: Node | None, url: str, codes: list[str]) -> None:
        """The longest link the kiosk will show must still make a QR code phones can read."""
        longest = max((url.replace("{lang}", c) for c in codes), key=len)
        version = qr.version_for(longest)
        if version is None or version > qr.MAX_VERSION:
            r.error(
                node,
                f"the take-home link is too long for a QR code a phone can read from the "
                f"screen ({len(longest)} characters)",
                "use a shorter link (under about 150 characters)",
            )

    def idle(self, r: Reader, node: Node | None) -> IdleSettings:
        if node is None:
            return IdleSettings()
        keys = list(schema.IDLE)
        m = r.mapping(node, "idle", keys) or {}
        d = IdleSettings()
        return IdleSettings(
            timeout_seconds=r.number(m.get(keys[0]), keys[0], 10, 3600, d.timeout_seconds),
            countdown_seconds=r.number(m.get(keys[1]), keys[1], 3, 300, d.countdown_seconds),
            thanks_seconds=r.number(m.get(keys[2]), keys[2], 3, 600, d.thanks_seconds),
        )

    def theme(self, r: Reader, node: Node | None) -> Theme:
        if node is None:
            return Theme()
        m = r.mapping(node, "theme", Theme.field_names()) or {}
        colours: dict[str, str] = {}
        for key, value in m.items():
            text = r.text(value, f"theme colour '{key}'")
            if text is None or key not in Theme.field_names():
                continue
            if not HEX.match(text):
                r.error(value, f"'{text}' is not a colour", 'write colours like "#0B4F5C"')
            else:
                colours[key] = text.upper()
        theme = Theme(**colours)
        for fg, bg in THEME_PAIRS:
            ratio = contrast(getattr(theme, fg), getattr(theme, bg))
            if ratio < 7.0:
                where = m.get(fg) or node
                message = f"theme '{fg}' on '{bg}' has contrast {ratio:.1f}:1; patients need 7:1"
                (r.error if ratio < 4.5 else r.warning)(
                    where, message, "pick a darker or lighter colour"
                )
        return theme

    def read_values(self, r: Reader, node: Node | None) -> dict[str, str]:
        if node is None:
            return {}
        if not isinstance(node.value, dict):
            r.mapping(node, "values", [])
            return {}
        values: dict[str, str] = {}
        for key, value in node.value.items():
            if not re.match(r"^[a-z_][a-z0-9_]*$", key):
                line, col = node.key_pos[key]
                self.problems.error(
                    r.path,
                    line,
                    col,
                    f"value name '{key}' is not allowed",
                    "use lower-case letters, digits and _ only",
                )
                continue
            text = r.text(value, f"value '{key}'")
            if text is not None:
                values[key] = text
        return values

    def after_hours(self, r: Reader, node: Node | None) -> dict[str, str]:
        """What to do when the clinic is closed, one text per language (checked per language,
        when that language's slides are read, so {after_hours} is filled in the right one)."""
        self.after_hours_node = node
        if node is None:
            return {}
        m = r.mapping(node, "after_hours", [c for c in (node.value or {})]) or {}
        texts: dict[str, str] = {}
        for code, value in m.items():
            text = r.text(value, f"after-hours text for '{code}'")
            if text is not None:
                texts[code] = self.fill(r, value, text)
                self.after_hours_nodes[code] = value
        return texts

    def clinic_hours(self, r: Reader, node: Node | None, codes: list[str]) -> dict[str, str]:
        """The clinic's opening hours for the printed checklist, one text per language: all of
        the kiosk's languages or none, so no patient gets a blank where another gets the hours."""
        if node is None or not node.value:  # left out, or emptied in the studio
            return {}
        m = r.mapping(node, "clinic_hours", [c for c in (node.value or {})]) or {}
        hours: dict[str, str] = {}
        for code, value in m.items():
            text = r.text(value, f"clinic hours for '{code}'")
            if text is None:
                continue
            if len(text) > MAX_HOURS_CHARS or "\n" in text.strip():
                r.error(
                    value,
                    f"clinic hours for '{code}' must be one short line (at most "
                    f"{MAX_HOURS_CHARS} characters)",
                    'for example "Monday to Friday, 8 a.m. to 5 p.m."',
                )
                continue
            if code not in codes:
                r.warning(
                    value,
                    f"clinic hours for '{code}', which is not in languages:",
                    "remove the line or add the language",
                )
            hours[code] = self.fill(r, value, text)
        for code in codes:
            if code not in m:
                r.error(
                    node,
                    f"clinic_hours has no text for '{code}'",
                    f"add a line '{code}: ...' under clinic_hours:",
                )
        return hours

    def review(
        self, r: Reader, node: Node | None
    ) -> tuple[str, dt.date | None, str, frozenset[str]]:
        self.review_node = node
        if node is None:
            r.warning(
                None,
                "nobody is recorded as having reviewed the content",
                "add review: with by: and date: once a clinician has checked it",
            )
            return "", None, "", frozenset()
        m = r.mapping(node, "review", schema.REVIEW, ["by", "date"]) or {}
        by = r.text(m.get("by"), "review by") or ""
        fp = r.text(m.get("fingerprint"), "review fingerprint", required=False) or ""
        slides_text = r.text(m.get("slides"), "review slides", required=False) or ""
        digests = frozenset(slides_text.split())
        if (fp and not re.fullmatch(r"[0-9a-f]{12}", fp)) or any(
            not re.fullmatch(r"[0-9a-f]{6}", d) for d in digests
        ):
            r.error(
                m.get("fingerprint") or m.get("slides"),
                "the review fingerprint is damaged",
                'run kiosk review --by "NAME" to record it again',
            )
            fp, digests = "", frozenset()
        date_node = m.get("date")
        on = date_node.value if date_node is not None else None
        if date_node is not None and not isinstance(on, dt.date):
            r.error(date_node, "review date should be a date like 2026-11-01")
            on = None
        if isinstance(on, dt.date) and (self.today - on).days > REVIEW_MAX_AGE_DAYS:
            r.warning(
                date_node,
                f"the content was last reviewed on {on}, over a year ago",
                "ask a clinician to review it and update the date",
            )
        return by, on, fp, digests

    # -- one language folder ------------------------------------------------------------------
    def language(
        self, code: str, settings: Settings
    ) -> tuple[Language | None, dict[str, tuple[Path, int]]]:
        folder = self.root / code
        where: dict[str, tuple[Path, int]] = {}
        if code in self.refused or not folder.is_dir():
            self.problems.error(
                folder,
                0,
                0,
                f"folder for language '{code}' is missing",
                f"create {code}/ beside {SETTINGS_FILE} or remove '{code}' from languages",
            )
            return None, where
        name, strings, page = self.language_file(folder / LANGUAGE_FILE, code)
        self.values.pop("after_hours", None)
        if code in settings.after_hours:
            self.values["after_hours"] = settings.after_hours[code]
        elif settings.after_hours:
            ah = self.after_hours_node
            self.problems.error(
                self.root / SETTINGS_FILE,
                ah.line if ah else 0,
                ah.col if ah else 0,
                f"after_hours has no text for '{code}'",
                f"add a line '{code}: ...' under after_hours:",
            )
        names = sorted(
            Path(rel).name
            for rel in self.listed | self.refused
            if str(Path(rel).parent) == code and rel.endswith((".yaml", ".yml"))
        )
        files = [folder / n for n in names if n.endswith(".yaml") and n != LANGUAGE_FILE]
        files += [folder / n for n in names if n.endswith(".yml")]
        sections: list[Section] = []
        seen_sections: dict[str, tuple[Path, int]] = {}
        for path in files:
            node = self.read(path)
            if node is None:
                continue
            section = self.section(Reader(path, self.problems), node, code, where, seen_sections)
            if section is not None:
                sections.append(section)
        if not files:
            self.problems.error(
                folder,
                0,
                0,
                f"language '{code}' has no slides",
                "add section files such as 01-how-it-works.yaml",
            )
        if self.advice:
            self.check_reading_level(code, sections, where)
        self.check_taught(sections)
        return Language(code, name, strings, tuple(sections), page), where

    def check_taught(self, sections: list[Section]) -> None:
        """Every `teaches:` names an information slide of the same language."""
        info = {s.id for sec in sections for s in sec.slides if isinstance(s, InfoSlide)}
        for r, node, target in self.taught:
            if target not in info:
                close = difflib.get_close_matches(target, sorted(info), n=1, cutoff=0.6)
                r.error(
                    node,
                    f"teaches: '{target}' is not the id of an information slide",
                    f"did you mean '{close[0]}'?"
                    if close
                    else "use the id of the slide that teaches the answer",
                )
        self.taught.clear()

    def language_file(self, path: Path, code: str) -> tuple[str, Strings, PageWords]:
        default_name = LANGUAGE_NAMES.get(code, code)
        rel = str(path.relative_to(self.root))
        if rel in self.refused:
            return default_name, Strings(), PageWords()
        if rel not in self.listed:
            self.problems.error(
                path,
                0,
                0,
                "language file is missing",
                f"create {LANGUAGE_FILE} with 'name:', 'strings:' and 'page:'",
            )
            return default_name, Strings(), PageWords()
        node = self.read(path)
        if node is None:
            return default_name, Strings(), PageWords()
        r = Reader(path, self.problems)
        top = r.mapping(node, LANGUAGE_FILE, schema.LANGUAGE, ["name"]) or {}
        name = r.text(top.get("name"), "language name") or default_name
        found: dict[str, str] = {}
        strings_node = top.get("strings")
        if strings_node is not None:
            m = r.mapping(strings_node, "strings", Strings.field_names()) or {}
            for key, value in m.items():
                text = r.text(value, f"string '{key}'")
                if text is not None and key in Strings.field_names():
                    allowed = placeholders.STRING_PLACEHOLDERS.get(key, frozenset())
                    found[key] = self.fill(r, value, text, set(allowed), runtime=True)
        return name, Strings(**found), self.page_words(r, node, top.get("page"))

    def page_words(self, r: Reader, top: Node, node: Node | None) -> PageWords:
        """The take-home page's words: all of them, in every language (a new language gets a
        complete page or an error here, never English words in the middle of its page)."""
        if node is None:
            r.error(
                top,
                f"{LANGUAGE_FILE} has no 'page:' block (the take-home page's words)",
                "copy the page: block from en/language.yaml and translate every line",
            )
            return PageWords()
        names = PageWords.field_names()
        m = r.mapping(node, "page", names, names) or {}
        words: dict[str, Any] = {}
        for key, value in m.items():
            if key == "months":
                items = r.items(value, "months")
                months = [r.text(item, "month") for item in items]
                if len(items) != 12:
                    r.error(value, f"months should list 12 names, not {len(items)}")
                words[key] = tuple(t or "" for t in months)
            elif key == "days":
                words[key] = tuple(self.checklist_days(r, value))
            elif key in names:
                words[key] = r.text(value, f"page word '{key}'") or ""
        return PageWords(**words)

    def checklist_days(self, r: Reader, node: Node) -> list[ChecklistDay]:
        """The printed checklist's rows; the clinic's values are filled in like slide text."""
        days = []
        for item in r.items(node, "days"):
            m = r.mapping(item, "checklist day", schema.CHECKLIST_DAY, list(schema.CHECKLIST_DAY))
            if m is None:
                continue
            when = self.filled(r, m.get("when"), "checklist day")
            steps = [self.filled(r, step, "checklist step") for step in r.items(m.get("do"), "do")]
            if when is not None:
                days.append(ChecklistDay(when, tuple(s for s in steps if s)))
        if not days and isinstance(node.value, list):
            r.error(node, "days should list at least one day", "copy days: from en/language.yaml")
        return days

    def section(
        self,
        r: Reader,
        node: Node,
        code: str,
        where: dict[str, tuple[Path, int]],
        seen: dict[str, tuple[Path, int]],
    ) -> Section | None:
        m = r.mapping(node, "section", schema.SECTION, schema.SECTION_REQUIRED)
        if m is None:
            return None
        sid = self.ident(r, m.get("id"), "section id", seen)
        title = self.filled(r, m.get("title"), "section title")
        summary = self.filled(r, m.get("summary"), "section summary", required=False)
        sources = tuple(
            s for s in (r.text(n, "source") for n in r.items(m.get("sources"), "sources")) if s
        )
        slides: list[Slide] = []
        slide_nodes = r.items(m.get("slides"), "slides")
        if m.get("slides") is not None and not slide_nodes:
            r.error(m.get("slides"), "this section has no slides", "add at least one slide")
        for item in slide_nodes:
            slide = self.slide(r, item, where)
            if slide is not None:
                slides.append(slide)
        _needs_translation(r, m, f"section '{sid}'")
        if sid is not None:
            where[f"section:{sid}"] = (r.path, node.line)
        if sid is None or title is None:
            return None
        return Section(sid, title, summary or "", tuple(slides), sources)

    def slide(self, r: Reader, node: Node, where: dict[str, tuple[Path, int]]) -> Slide | None:
        is_check = isinstance(node.value, dict) and (
            "question" in node.value or "answers" in node.value
        )
        if is_check:
            m = r.mapping(node, "check question", schema.CHECK, schema.CHECK_REQUIRED)
        else:
            m = r.mapping(node, "slide", schema.SLIDE, schema.SLIDE_REQUIRED)
        if m is None:
            return None
        sid = self.ident(r, m.get("id"), "slide id", where)
        illustration = self.illustration(r, m.get("image"), m.get("alt"), node)
        notes = r.text(m.get("notes"), "notes", required=False) or ""
        _needs_translation(r, m, f"slide '{sid}'")
        if is_check:
            slide: Slide | None = self.check(r, m, node, sid or "", illustration, notes)
        else:
            title = self.filled(r, m.get("title"), "slide title")
            body = self.filled(r, m.get("body"), "slide body")
            slide = None
            if title is not None and body is not None:
                slide = InfoSlide(sid or "", title, body, markdown.parse(body), illustration, notes)
                self.check_length(r, m.get("body"), body)
        return slide if sid else None

    def check(
        self,
        r: Reader,
        m: dict[str, Node],
        node: Node,
        sid: str,
        illustration: Illustration | None,
        notes: str,
    ) -> CheckSlide | None:
        title = self.filled(r, m.get("title"), "check title", required=False) or ""
        question = self.filled(r, m.get("question"), "question")
        answers: list[Answer] = []
        answer_nodes = r.items(m.get("answers"), "answers")
        for item in answer_nodes:
            a = r.mapping(item, "answer", schema.ANSWER, schema.ANSWER_REQUIRED)
            if a is None:
                continue
            text = self.filled(r, a.get("text"), "answer text")
            feedback = self.filled(r, a.get("feedback"), "answer feedback")
            right = r.boolean(a.get("right"), "right", False)
            if text is not None and feedback is not None:
                answers.append(Answer(text, right, feedback))
        where = m.get("answers") or node
        if m.get("answers") is not None and not 2 <= len(answer_nodes) <= 4:
            r.error(where, f"a check question needs 2 to 4 answers, not {len(answer_nodes)}")
        right_count = sum(1 for a in answers if a.correct)
        if answers and len(answers) == len(answer_nodes) and right_count != 1:
            r.error(
                where,
                f"a check question needs exactly one right answer, not {right_count}",
                "mark the right one with 'right: true' and no other",
            )
        if question is None or len(answers) != len(answer_nodes) or right_count != 1:
            return None
        teaches_node = m.get("teaches")
        teaches = r.text(teaches_node, "teaches", required=False) or ""
        if teaches_node is not None and teaches:
            self.taught.append((r, teaches_node, teaches))
        return CheckSlide(sid, title, question, tuple(answers), illustration, notes, teaches)

    # -- fields ---------------------------------------------------------------------------------
    def ident(
        self, r: Reader, node: Node | None, what: str, seen: dict[str, tuple[Path, int]]
    ) -> str | None:
        value = r.text(node, what) if node is not None else None
        if value is None:
            return None
        if not ID.match(value):
            example = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-slide"
            r.error(
                node,
                f"{what} '{value}' may use only lower-case letters, digits and -",
                f"for example '{example}'",
            )
            return None
        if value in seen and node is not None:
            path, line = seen[value]
            r.error(
                node,
                f"{what} '{value}' is used twice (also at {path.name} line {line})",
                "every id must be different",
            )
            return None
        if node is not None:
            seen[value] = (r.path, node.line)
        return value

    def filled(self, r: Reader, node: Node | None, what: str, required: bool = True) -> str | None:
        if node is None:
            return None
        text = r.text(node, what, required)
        return None if text is None else self.fill(r, node, text)

    def fill(
        self,
        r: Reader,
        node: Node,
        text: str,
        allowed: set[str] | None = None,
        runtime: bool = False,
    ) -> str:
        raw = str(node.value)

        def where(needle: str) -> tuple[int, int]:
            line = node.line + raw[: raw.find(needle)].count("\n") + (1 if node.block else 0)
            return line, node.col if line == node.line else 1

        for field_text in placeholders.format_fields(text):
            line, col = where(field_text)
            self.problems.error(
                r.path,
                line,
                col,
                f"'{field_text}' is not a placeholder; a placeholder is a plain name in braces",
                "write it like {n}, or {{ and }} for braces that should show",
            )
        for name, _offset in placeholders.names(text):
            if name in self.values or (allowed and name in allowed):
                continue
            line, col = where("{" + name)
            if runtime:
                usable = sorted(allowed or ())
                message = f"placeholder '{{{name}}}' cannot be used in this text"
                hint = "it may use " + (
                    ", ".join("{" + n + "}" for n in usable) if usable else "no placeholders"
                )
                hint += " and the values in " + SETTINGS_FILE
                self.problems.error(r.path, line, col, message, hint)
                continue
            known = sorted(self.values)
            close = [k for k in known if k.startswith(name[:4])] or known
            hint = "defined: " + ", ".join(close[:6])
            if name in CLINIC_PLACEHOLDERS:
                hint = CLINIC_PLACEHOLDERS[name]
            self.problems.error(
                r.path,
                line,
                col,
                f"placeholder '{{{name}}}' is not defined in {SETTINGS_FILE} values",
                hint,
            )
        return placeholders.fill(text, self.values)

    def illustration(
        self, r: Reader, image: Node | None, alt: Node | None, slide: Node
    ) -> Illustration | None:
        if image is None:
            if alt is not None:
                r.warning(alt, "alt text given but no picture", "add 'image:' or remove 'alt:'")
            return None
        name = r.text(image, "image")
        alt_text = self.filled(r, alt, "alt text") if alt is not None else None
        if alt is None:
            r.error(
                slide,
                "a slide with a picture needs 'alt:' text describing it",
                "describe the picture in one sentence for people who cannot see it",
            )
        if name is None:
            return None
        if name in self.refused:
            return None  # a link out or a special file: the scan has reported it
        if name not in self.pictures:  # each picture is checked and read once per load
            try:
                path, data = resolve_image(self.root, name)
            except ImageProblem as exc:
                self.pictures[name] = exc
            else:
                self.pictures[name] = path
                self.digest.update(name.encode(errors="surrogatepass") + b"\0" + data)
        found = self.pictures[name]
        if isinstance(found, ImageProblem):
            r.error(image, found.message, found.hint)
            return None
        return Illustration(found, alt_text or "")

    def check_length(self, r: Reader, node: Node | None, body: str) -> None:
        count = len(readability.words(body))
        if count > MAX_BODY_WORDS:
            r.warning(
                node,
                f"slide text is long ({count} words) and may not fit on the screen",
                "aim for about 40 words; split it into two slides",
            )

    # -- reading level and languages ------------------------------------------------------------
    def check_reading_level(
        self, code: str, sections: list[Section], where: dict[str, tuple[Path, int]]
    ) -> None:
        scores: list[float] = []
        scored: list[tuple[str, float]] = []
        for slide in (s for sec in sections for s in sec.slides):
            path, line = where.get(slide.id, (self.root / code, 0))
            text = _slide_text(slide)
            st = readability.stats(text, code)
            if st.longest_sentence > MAX_SENTENCE_WORDS:
                self.problems.warning(
                    path,
                    line,
                    0,
                    f"slide '{slide.id}' has a sentence of {st.longest_sentence} words",
                    "keep sentences under 20 words",
                )
            if code.startswith("en"):
                grade = readability.fk_grade(st)
                scores.append(grade)
                scored.append((slide.id, grade))
                if grade > MAX_EN_GRADE:
                    self.problems.warning(
                        path,
                        line,
                        0,
                        f"slide '{slide.id}' reads at grade "
                        f"{grade:.1f} (Flesch-Kincaid); keep it at 7 or below",
                        "use shorter words and sentences",
                    )
            elif code.startswith("es"):
                ease = readability.fernandez_huerta(st)
                scores.append(ease)
                scored.append((slide.id, ease))
                if ease < MIN_ES_EASE:
                    self.problems.warning(
                        path,
                        line,
                        0,
                        f"slide '{slide.id}' has reading ease "
                        f"{ease:.0f} (Fernández-Huerta); keep it at {MIN_ES_EASE:.0f} or above",
                        "use palabras y frases más cortas",
                    )
        if scored:
            english = code.startswith("en")
            worst = sorted(scored, key=lambda item: -item[1] if english else item[1])
            self.reading.append(
                Reading(
                    code,
                    "grade" if english else "ease",
                    sum(scores) / len(scores),
                    tuple(worst[:WORST_SLIDES]),
                )
            )
        if scores and code.startswith("en") and sum(scores) / len(scores) > 6.0:
            self.problems.warning(
                self.root / code,
                0,
                0,
                f"average reading grade is {sum(scores) / len(scores):.1f}; aim for 6 or below",
            )

    def compare_languages(
        self, codes: tuple[str, ...], origins: dict[str, dict[str, tuple[Path, int]]]
    ) -> None:
        if len(codes) < 2 or codes[0] not in origins or self.unreadable:
            return  # with a file unreadable, every comparison would be noise
        first = codes[0]
        for other in codes[1:]:
            if other not in origins:
                continue
            a, b = origins[first], origins[other]
            missing = [
                (a, key, f"has no '{other}' version", f"add it to {other}/ with the same id")
                for key in a.keys() - b.keys()
            ]
            missing += [
                (b, key, f"is not in '{first}'", f"add it to {first}/ too, or fix the id")
                for key in b.keys() - a.keys()
            ]
            for where, key, message, hint in missing:
                path, line = where[key]
                kind, _, ident = key.rpartition(":")
                self.problems.error(path, line, 0, f"{kind or 'slide'} '{ident}' {message}", hint)


def _needs_translation(r: Reader, m: dict[str, Node], what: str) -> None:
    """The studio marks what it added in one language only; patients would read the wrong one."""
    node = m.get("needs_translation")
    if node is not None and r.boolean(node, "needs_translation", False):
        r.warning(
            node,
            f"{what} still needs translating into this language",
            "translate it, then remove 'needs_translation: true' (the studio does this for you)",
        )


def _slide_text(slide: Slide) -> str:
    if isinstance(slide, InfoSlide):
        return slide.title + ".\n" + markdown.plain_text(slide.blocks)
    parts: list[Any] = [slide.question]
    parts += [a.text + "." for a in slide.answers]
    parts += [a.feedback for a in slide.answers]
    return "\n".join(parts)
