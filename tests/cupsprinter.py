"""A private CUPS server with a cups-pdf queue as its default printer, for the print test.

`cupsd` runs in the foreground on 127.0.0.1 with its configuration, spool, cache, state and logs
in a temporary folder; Qt and the CUPS tools reach it through `CUPS_SERVER`. cups-pdf reads its
settings only from /etc/cups (compiled in), so the queue gets a name of its own and its own
`/etc/cups/cups-pdf-<queue>.conf` pointing every path (output, spool, log) into the temporary
folder (the device URI `cups-pdf:/<queue>` selects that file); it is removed again when the
server stops.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CUPSD = Path("/usr/sbin/cupsd")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_CONF_DIR = Path("/etc/cups")


@dataclass(frozen=True)
class Printer:
    server: str  # host:port, for CUPS_SERVER
    queue: str
    out: Path  # where cups-pdf writes the printed PDFs


def missing() -> str:
    """Why a private CUPS with cups-pdf cannot run here ("" when it can)."""
    for path, package in (
        (CUPSD, "cups"),
        (CUPS_PDF_BACKEND, "printer-driver-cups-pdf"),
        (CUPS_PDF_PPD, "printer-driver-cups-pdf"),
    ):
        if not path.exists():
            return f"{path} is missing (apt-get install {package})"
    if not shutil.which("lpadmin"):
        return "lpadmin is missing (apt-get install cups-client)"
    if not os.access(CUPS_PDF_CONF_DIR, os.W_OK):
        return f"cups-pdf reads its settings only from {CUPS_PDF_CONF_DIR}, which is not writable"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _write_config(root: Path, port: int) -> tuple[Path, Path]:
    for name in ("etc", "spool", "cache", "state", "log", "tmp", "out", "pdf-spool"):
        (root / name).mkdir(mode=0o755)
    for name in ("tmp", "out", "pdf-spool"):
        (root / name).chmod(0o1777)
    conf = root / "etc" / "cupsd.conf"
    conf.write_text(
        f"Listen 127.0.0.1:{port}\nLogLevel info\nWebInterface No\nBrowsing No\n"
        "DefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow 127.0.0.1\n"
        "</Location>\n<Location /admin>\n  Order allow,deny\n  Allow 127.0.0.1\n</Location>\n"
    )
    files = root / "etc" / "cups-files.conf"
    files.write_text(
        f"ServerRoot {root / 'etc'}\nRequestRoot {root / 'spool'}\nCacheDir {root / 'cache'}\n"
        f"StateDir {root / 'state'}\nTempDir {root / 'tmp'}\n"
        f"AccessLog {root / 'log' / 'access_log'}\nErrorLog {root / 'log' / 'error_log'}\n"
        f"PageLog {root / 'log' / 'page_log'}\nSystemGroup root\nSandboxing Relaxed\n"
    )
    return conf, files


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"cupsd exited: {log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)  # a real process: poll for the condition
    raise RuntimeError("cupsd did not start listening in 30 s")


@contextmanager
def private_cups() -> Iterator[Printer]:
    """Start cupsd with a cups-pdf default queue; stop it and remove its traces afterwards.

    Its folder is a fresh one of its own under the system's temporary folder, open for
    reading: CUPS runs its filters as the unprivileged `lp` user, which could not enter
    pytest's private (0700) temporary folders."""
    root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
    root.chmod(0o755)
    port = _free_port()
    conf, files = _write_config(root, port)
    queue = f"kiosk-test-{secrets.token_hex(4)}"
    queue_conf = CUPS_PDF_CONF_DIR / f"cups-pdf-{queue}.conf"
    queue_conf.write_text(
        f"Out {root / 'out'}\nAnonDirName {root / 'out'}\nSpool {root / 'pdf-spool'}\n"
        f"Log {root / 'log'}\nLabel 0\nTitlePref 0\n"
    )
    server = f"127.0.0.1:{port}"
    env = {**os.environ, "CUPS_SERVER": server}
    proc = subprocess.Popen(
        [str(CUPSD), "-f", "-c", str(conf), "-s", str(files)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_for_port(port, proc, root / "log" / "error_log")
        for args in (
            ["-p", queue, "-v", f"cups-pdf:/{queue}", "-E", "-P", str(CUPS_PDF_PPD)],
            # cups-pdf wants PostScript; poppler's default pdftops turns the job's embedded
            # fonts into Type 3 glyphs without their letters, cairo keeps the text readable.
            ["-p", queue, "-o", "pdftops-renderer-default=pdftocairo"],
            ["-d", queue],
        ):
            subprocess.run(["lpadmin", *args], env=env, check=True, capture_output=True, timeout=30)
        yield Printer(server, queue, root / "out")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        queue_conf.unlink(missing_ok=True)
        shutil.rmtree(root, ignore_errors=True)
