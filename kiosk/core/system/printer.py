"""The system's default printer, through CUPS's own commands (`lpstat`, `lp`).

The take-home is printed as the same tagged PDF the clinic publishes (kiosk.core.handout.pdf),
handed to CUPS as it is: Qt's print support can only paint pages, which would mean a second
layout of the handout in Qt's rich-text subset. `CUPS_SERVER` (and the user's `lpoptions`)
choose the server and the default queue as for any other program on the machine.

Only the document's title reaches CUPS's job list, never anything about the patient; the PDF
goes through a pipe, never through a file of ours.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess

log = logging.getLogger(__name__)

TIMEOUT_S = 20.0  # a CUPS server that does not answer must not hold a print job forever
# "system default destination: NAME" or "NAME/INSTANCE" (lpoptions -d Office/duplex), LC_ALL=C;
# queue and instance names are printable, without spaces, "/" or "#"
DEFAULT_LINE = re.compile(r"^system default destination: ([^\s/#]+(?:/[^\s/#]+)?)$", re.MULTILINE)


def _cups(args: list[str], data: bytes = b"") -> subprocess.CompletedProcess[bytes] | None:
    """Run one of CUPS's commands (untranslated, with a timeout); None when it could not run."""
    tool = shutil.which(args[0])
    if tool is None:
        log.warning("CUPS's %s is not installed (Debian: cups-client)", args[0])
        return None
    try:
        return subprocess.run(
            [tool, *args[1:]],
            input=data,
            capture_output=True,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as err:
        log.warning("CUPS's %s did not answer: %s", args[0], err)
        return None


def default_printer() -> str:
    """The default CUPS queue's name, or "" when there is none, no CUPS, or no answer."""
    out = _cups(["lpstat", "-d"])
    found = DEFAULT_LINE.search(out.stdout.decode("utf-8", "replace")) if out else None
    return found.group(1) if found else ""


def print_pdf(data: bytes, title: str, printer: str = "") -> bool:
    """Send a PDF to `printer` (the default when ""). True once CUPS has accepted the job."""
    printer = printer or default_printer()
    if not printer:
        log.warning("nothing printed: no default printer is set up")
        return False
    # Arguments, not a shell; the title is ours (the handout's heading), cut to a sane length.
    out = _cups(["lp", "-d", printer, "-t", title[:120], "-"], data)
    if out is None:
        return False
    if out.returncode != 0:
        why = out.stderr.decode("utf-8", "replace").strip()[:300]
        log.warning("CUPS refused the print job on %s: %s", printer, why)
        return False
    log.info("take-home sent to printer %s", printer)
    return True
