"""The one `kiosk` program: run, validate, render, handout, schema, set-pin and stats."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # the loader (and PyYAML) is imported only by the commands that read YAML
    import datetime as dt

    from kiosk.core.content.loader import LoadResult, Reading
    from kiosk.core.content.model import Content
    from kiosk.core.content.problems import Problem

DEFAULT_CONTENT = Path(__file__).resolve().parent.parent / "content"
log = logging.getLogger("kiosk")
PICTURE_CHECK_TIMEOUT_S = 60


def size_arg(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1920x1080") from None
    if not (320 <= w <= 8000 and 320 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"'{text}' is outside 320..8000 pixels")
    return w, h


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description=__doc__)
    sub = parser.add_subparsers(dest="command")

    def content_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--content",
            type=Path,
            default=DEFAULT_CONTENT,
            help="content folder (default: the bundled content)",
        )

    run = sub.add_parser("run", help="run the kiosk (windowed unless --kiosk)")
    content_opt(run)
    run.add_argument("--kiosk", action="store_true", help="locked full-screen mode")
    run.add_argument("--size", type=size_arg, default=None, help="window size, e.g. 1280x800")
    run.add_argument("--lang", default=None, help="start in this language")

    val = sub.add_parser("validate", help="check the content; exit 1 when it is not usable")
    content_opt(val)
    val.add_argument("--strict", action="store_true", help="treat warnings as errors")

    ren = sub.add_parser("render", help="draw every screen of the journey to PNG files")
    content_opt(ren)
    ren.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    ren.add_argument("--size", type=size_arg, default=(1920, 1080), help="e.g. 1080x1920")
    ren.add_argument("--lang", default=None, help="language code (default: the first)")
    ren.add_argument(
        "--text-size",
        type=int,
        choices=(1, 2, 3),
        default=None,
        help="text size as a patient would pick it (default: the clinic's)",
    )
    ren.add_argument("--high-contrast", action="store_true", help="the high-contrast theme")

    han = sub.add_parser("handout", help="write the take-home web pages and a PDF per language")
    content_opt(han)
    han.add_argument("--out", type=Path, required=True, help="folder for the site and PDF")

    rev = sub.add_parser(
        "review", help="record that a clinician signed off the current content (in kiosk.yaml)"
    )
    content_opt(rev)
    rev.add_argument("--by", required=True, help='the reviewer, e.g. "Dr Ana Ruiz, MD"')
    rev.add_argument(
        "--date", type=_date_arg, default=None, help="the day of the review (default: today)"
    )

    sch = sub.add_parser("schema", help="write JSON Schemas for editor completion and checks")
    sch.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_CONTENT / "schema",
        help="folder for the schema files (default: content/schema)",
    )

    sub.add_parser("set-pin", help="set the staff PIN (asked twice; stored only as a hash)")

    sta = sub.add_parser("stats", help="anonymous usage summary from the kiosk's data folder")
    sta.add_argument("--since", type=_date_arg, default=None, help="first day, e.g. 2026-11-01")
    sta.add_argument("--csv", type=Path, default=None, help="also write the summary as CSV")

    pul = sub.add_parser("pull", help="take new content from the signed git repository")
    pul.add_argument("--repo", default=None, help="the content repository (a git URL or path)")
    pul.add_argument("--ref", default="v*", help="tag pattern (default: v*)")
    pul.add_argument("--rollback", action="store_true", help="go back to the previous version")
    pul.add_argument("--status", action="store_true", help="say which version is current")
    # -- kiosk studio (issue 19) --
    stu = sub.add_parser("studio", help="edit the course in a window with a live preview")
    content_opt(stu)
    stu.add_argument("--on-top", action="store_true", help=argparse.SUPPRESS)  # from the kiosk
    return parser


def _date_arg(text: str) -> dt.date:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-01") from None


def with_command(argv: list[str]) -> list[str]:
    """Plain `kiosk` (or `kiosk --kiosk`, `kiosk --size ...`) means `kiosk run`."""
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        return ["run", *argv]
    return argv


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(with_command(sys.argv[1:] if argv is None else argv))
    command = args.command
    from kiosk import logs

    if command in ("run", "set-pin", "stats"):  # the commands that write to the data folder
        from kiosk.core.system.paths import private_files

        private_files()
    if command == "run":
        from kiosk.core.system.paths import data_dir

        logs.setup(data_dir() / "logs", defer_file=True)  # opened after the first frame
    else:
        logs.setup()
    if command == "validate":
        return validate(args.content, args.strict)
    if command == "render":
        return render(args)
    if command == "handout":
        return handout(args)
    if command == "review":
        return review(args)
    if command == "stats":
        return stats(args)
    if command == "set-pin":
        return set_pin()
    if command == "pull":
        return pull(args)
    if command == "studio":
        return studio(args)
    if command == "schema":
        from kiosk.core.content.schema import write_schemas

        for path in write_schemas(args.out):
            print(f"wrote {path}")
        return 0
    return run(args)


def pull(args: argparse.Namespace) -> int:
    """`kiosk pull`: one line (logged by kiosk.core.content.fleet to stderr, the journal under
    systemd); exit 1 when refused."""
    from kiosk.core.content.fleet import Fleet
    from kiosk.core.system.paths import data_dir

    fleet = Fleet(data_dir())
    if args.status:
        last = fleet.last_result()
        print(f"current: {fleet.current_tag() or 'none'}; last: {last.line() if last else 'none'}")
        return 0
    if args.rollback:
        result = fleet.rollback()
    elif args.repo:
        result = fleet.pull(args.repo, args.ref)
    else:
        print("kiosk pull: give --repo URL, --rollback or --status", file=sys.stderr)
        return 2
    return 0 if result.ok else 1


def studio(args: argparse.Namespace) -> int:
    """`kiosk studio`: the staff's editor (Qt is imported only here)."""
    if not has_display():
        print("kiosk studio: no display found (DISPLAY is not set)", file=sys.stderr)
        return 2
    from kiosk.studio.launch import run_studio

    return run_studio(Path(args.content), on_top=args.on_top)


def report(result: LoadResult, stream: TextIO | None = None) -> None:
    for problem in result.problems:
        print(problem.format(), file=stream or sys.stdout)


def draw_pictures(content: Content) -> list[Problem]:
    """Draw every picture once, offscreen, in a child process (kiosk.ui.pictures), so this
    process imports no Qt and a picture that crashes the renderer is named, not fatal."""
    import subprocess

    from kiosk.core.content.problems import Problem, Severity

    paths = [str(path) for path in content.pictures()]
    if not paths:
        return []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "kiosk.ui.pictures", *paths],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            timeout=PICTURE_CHECK_TIMEOUT_S,
        )
        out, code = proc.stdout, proc.returncode
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        code = -1
    problems: list[Problem] = []
    last = ""
    for line in out.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "checking":
            last = rest
        elif kind == "refused":
            name, _, why = rest.partition("\t")
            problems.append(Problem(Path(name), 0, 0, Severity.ERROR, why, "export it again"))
            last = ""
    if code != 0 and last:
        problems.append(
            Problem(
                Path(last),
                0,
                0,
                Severity.ERROR,
                "drawing this picture stopped the renderer",
                "export it again as a plain SVG or PNG",
            )
        )
    elif code != 0:
        problems.append(
            Problem(
                content.root,
                0,
                0,
                Severity.WARNING,
                "the pictures could not be test-drawn (is Qt installed?)",
                "run 'kiosk render' to look at them",
            )
        )
    return problems


def validate(content: Path, strict: bool) -> int:
    from kiosk.core.content.loader import LoadResult, load_content

    result = load_content(content)
    if result.content is not None:
        drawn = draw_pictures(result.content)
        if drawn:
            result = LoadResult(None, result.problems + drawn)
    report(result)
    errors, warnings = len(result.errors), len(result.warnings)
    for reading in result.reading:
        print(reading_line(reading))
    if result.content is not None:
        c = result.content
        slides = sum(len(lang.slides) for lang in c.languages.values())
        print(
            f"content OK: {len(c.languages)} language(s), {slides} slides, "
            f"{warnings} warning(s), version {c.checksum}"
        )
    else:
        print(
            f"{errors} error(s), {warnings} warning(s): the kiosk would not use this content "
            "and keeps showing the last good version"
        )
    if result.content is None or (strict and warnings):
        return 1
    return 0


def reading_line(reading: Reading) -> str:
    """One line per language: the average and the hardest slides, so staff know where to look."""
    worst = ", ".join(f"{sid} {score:.1f}" for sid, score in reading.worst)
    if reading.measure == "grade":
        return (
            f"reading level ({reading.code}): average grade {reading.average:.1f} "
            f"(Flesch-Kincaid; aim for 6 or below, 7 at most per slide); hardest: {worst}"
        )
    return (
        f"reading ease ({reading.code}): average {reading.average:.0f} "
        f"(Fernández-Huerta; 70 or more on every slide); hardest: {worst}"
    )


def review(args: argparse.Namespace) -> int:
    """Record a sign-off of exactly the content that is there now; refuse content with errors."""
    import datetime as dt

    from kiosk.core.content import signoff
    from kiosk.core.content.loader import SETTINGS_FILE

    by = " ".join(str(args.by).split())
    if not by:
        print("kiosk: give the reviewer's name with --by", file=sys.stderr)
        return 2
    result = _load_or_explain(args.content)
    if result.content is None:
        print("kiosk: nothing recorded: fix the errors, then review again", file=sys.stderr)
        return 1
    fp = signoff.fingerprint(result.content)
    on = args.date or dt.date.today()
    try:
        signoff.write_review(Path(args.content) / SETTINGS_FILE, by, on, fp)
    except (signoff.SignOffRefused, OSError) as exc:
        print(f"kiosk: nothing recorded: {exc}", file=sys.stderr)
        return 1
    slides = len(fp.slides)
    print(f"recorded: {by} reviewed {slides} slides on {on} (fingerprint {fp.overall})")
    if signoff.is_example_reviewer(by):
        print("note: this still looks like the example reviewer; validate will say so")
    return 0


def _load_or_explain(content: Path) -> LoadResult:
    from kiosk.core.content.loader import load_content

    result = load_content(content)
    if result.content is None:
        report(result, sys.stderr)
        print("the content has errors; run 'kiosk validate' for details", file=sys.stderr)
    return result


def has_display() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True  # offscreen, eglfs, windows, cocoa...: Qt decides
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    """Start the kiosk. The cyclic garbage collector waits until the kiosk answers taps (see
    kiosk.ui.launch.run_app): what a start makes lives as long as the kiosk, and walking it
    again and again (~80 collections, 11-13 ms of CPU) only delayed the first tap."""
    gc.disable()
    try:
        return _run(args)
    finally:
        gc.enable()  # never left off: an early return, an error, or the kiosk stopped


def _run(args: argparse.Namespace) -> int:
    if not has_display():
        print(
            "kiosk: no display found (DISPLAY is not set); to see the screens without one, "
            "run 'make render' and open the PNG files in out/screens/",
            file=sys.stderr,
        )
        return 2
    from kiosk import xcb

    if xcb.wants_xcb() and (missing := xcb.problem()):
        print(missing, file=sys.stderr)  # one line, instead of Qt's abort and core dump
        return 2
    from kiosk.core.content import versions
    from kiosk.core.content.fingerprint import fingerprint
    from kiosk.core.system.paths import data_dir
    from kiosk.ui.launch import RunOptions, run_app  # Qt is imported only when a window is needed

    folder = Path(args.content)
    stamp = fingerprint(folder) if folder.is_dir() else ""  # before any copy is made
    loaded = versions.load_version(folder, data_dir())
    for problem in loaded.errors:
        log.error("%s", problem.format())
    if loaded.content is None:
        print(
            "kiosk: the content has errors and there is no earlier good copy; "
            "run 'kiosk validate' for details",
            file=sys.stderr,
        )
        return 1
    if loaded.outcome is versions.Outcome.KEPT_LAST_GOOD:
        log.warning(
            "the content folder has errors: showing the last good copy until they "
            "are fixed (run 'kiosk validate')"
        )
    return run_app(loaded.content, RunOptions(folder, stamp, args.kiosk, args.size, args.lang))


def render(args: argparse.Namespace) -> int:
    result = _load_or_explain(args.content)
    if result.content is None:
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.render import contact_sheet, render_journey

    lang = args.lang or result.content.settings.default_language
    if lang not in result.content.languages:
        print(f"kiosk: no language '{lang}' in the content", file=sys.stderr)
        return 2
    files = render_journey(
        result.content,
        args.out,
        args.size,
        lang,
        text_size=args.text_size,
        high_contrast=args.high_contrast,
    )
    w, h = args.size
    sheet = contact_sheet(files, args.out / f"contact-sheet-{lang}-{w}x{h}.png")
    print(f"wrote {len(files)} screens and {sheet.name} to {args.out}")
    return 0


def handout(args: argparse.Namespace) -> int:
    result = _load_or_explain(args.content)
    if result.content is None:
        return 1
    from kiosk.core.handout.pdf import write_pdf
    from kiosk.core.handout.site import PDF_NAME, write_site

    pages = write_site(result.content, args.out)

    codes = result.content.settings.languages
    for code in codes:
        write_pdf(result.content, args.out / code / PDF_NAME, code)
    print(f"wrote {len(pages)} page(s) and {len(codes)} PDF(s) ({{lang}}/{PDF_NAME}) to {args.out}")
    return 0


def stats(args: argparse.Namespace) -> int:
    from kiosk.core.system.paths import data_dir
    from kiosk.core.usage.log import UsageLog
    from kiosk.core.usage.report import print_summary

    log_db = UsageLog(data_dir() / "usage.sqlite3")
    try:
        return print_summary(log_db.summary(args.since), log_db.path, csv_path=args.csv)
    finally:
        log_db.close()


def set_pin() -> int:
    """Ask twice, store a salted hash in the data folder, and clear any lockout."""
    import getpass

    from kiosk.core.system.paths import data_dir
    from kiosk.core.system.pin import MAX_PIN, MIN_PIN, PinStore, valid_pin

    def ask(prompt: str) -> str:
        if sys.stdin.isatty():
            return getpass.getpass(prompt)
        print(prompt, end="", file=sys.stderr)
        return sys.stdin.readline().strip()

    first = ask(f"New staff PIN ({MIN_PIN}-{MAX_PIN} digits): ")
    if not valid_pin(first):
        print(
            f"kiosk: a PIN is {MIN_PIN} to {MAX_PIN} digits (0-9); nothing changed", file=sys.stderr
        )
        return 1
    if ask("The same PIN again: ") != first:
        print("kiosk: the two PINs differ; nothing changed", file=sys.stderr)
        return 1
    store = PinStore(data_dir())
    code = store.set_pin(first)
    print(f"staff PIN saved (as a salted hash) in {store.pin_path}")
    grouped = " ".join(code[i : i + 4] for i in range(0, len(code), 4))
    print(
        f"recovery code: {grouped}\n"
        "Write it down and keep it away from the kiosk; it is shown only this once. Typed on "
        "the PIN pad, it opens staff mode even when too many wrong PINs have locked it."
    )
    return 0
