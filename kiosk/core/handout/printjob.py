"""A patient's printed copy, made in a short-lived child process.

Laying out the take-home loads WeasyPrint, Pango and the fonts (~56 MB that would stay in the
kiosk for good) and runs native code; in a child the kiosk keeps its memory, and a crash in
the layout costs one printout, not the patient's screen. The child gets only what the take-home
link carries (ids, never text: `fragment.encode`), reads the same checked version of the
content the kiosk shows, and prints with `pdf.print_copy`.

    python -m kiosk.core.handout.printjob CONTENT_FOLDER FRAGMENT PRINTER
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from kiosk.core.content.model import Content
from kiosk.core.handout import fragment
from kiosk.core.handout.fragment import TakeHome

log = logging.getLogger(__name__)

TIMEOUT_S = 120.0  # layout ~1 s, CUPS's commands 20 s each at most: a stuck child is ended
# The folder that holds the `kiosk` package: the child runs there, so `-m` finds this very
# copy of the kiosk whether it is installed or run from its source folder, from any directory.
PACKAGE_PARENT = Path(__file__).resolve().parents[3]


def print_in_child(content: Content, take_home: TakeHome, printer_name: str) -> bool:
    """Print `take_home` on `printer_name` from a child process; True once CUPS took the job."""
    cmd = [
        sys.executable,
        "-m",
        __name__,
        str(content.root.resolve()),
        fragment.encode(take_home),
        printer_name,
    ]
    try:
        done = subprocess.run(
            cmd,
            cwd=PACKAGE_PARENT,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as err:
        log.warning("the print job could not run: %s", err)
        return False
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[-3:]
        log.warning("the print job failed (exit %s): %s", done.returncode, " | ".join(said))
    return done.returncode == 0


def main(argv: list[str]) -> int:
    """The child: 0 printed, 1 not printed, 2 nothing to print (bad folder or link)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if len(argv) != 3:
        print(
            "usage: python -m kiosk.core.handout.printjob FOLDER FRAGMENT PRINTER", file=sys.stderr
        )
        return 2
    folder, link, printer_name = argv
    from kiosk.core.content.loader import load_content
    from kiosk.core.handout.pdf import print_copy

    result = load_content(Path(folder))
    if result.content is None:
        errors = [p.format() for p in result.problems if p.is_error][:3]
        print(f"the content in {folder} has errors: {errors}", file=sys.stderr)
        return 2
    content = result.content
    known = {s.id for code in content.settings.languages for s in content.language(code).slides}
    take_home = fragment.decode(link, known)
    if take_home.lang not in content.settings.languages:
        print(f"no language of this content in {link[:80]!r}", file=sys.stderr)
        return 2
    return 0 if print_copy(content, take_home, printer_name) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
