"""Staff access rules: the hidden corner gesture and the PIN with its slow-down and lockout.

The PIN is stored only as a salted scrypt hash in the kiosk's data folder, never in content/.
The failure counter is kept on disk, so restarting the kiosk does not reset it. Anything
unreadable fails closed; nothing can lock staff out for good: a lockout ends after a while,
and `kiosk set-pin` at the machine always starts afresh.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

log = logging.getLogger("kiosk.staff")

MIN_PIN, MAX_PIN = 4, 8
# scrypt cost: n=2**15, r=8 needs 32 MiB, more than hashlib's default maxmem allows.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
SCRYPT_MAXMEM = 64 * 1024 * 1024
# Seconds to wait after the Nth wrong PIN in a row (index = failures - 1); beyond: lockout.
DELAYS = (0, 0, 5, 15, 60)
LOCKOUT_SECONDS = 15 * 60
PIN_FILE = "staff-pin.json"
LOCK_FILE = "staff-lock.json"


def valid_pin(pin: str) -> bool:
    return pin.isdigit() and MIN_PIN <= len(pin) <= MAX_PIN


class Verdict(Enum):
    OK = "ok"
    WRONG = "wrong"
    WAIT = "wait"  # too many wrong PINs: try again later
    NO_PIN = "no_pin"  # staff mode is off until a PIN is set
    UNREADABLE = "unreadable"  # the PIN file is damaged: fail closed


@dataclass(frozen=True)
class Attempt:
    verdict: Verdict
    wait_seconds: float = 0.0


class PinStore:
    def __init__(self, folder: Path, clock: Callable[[], float] = time.time) -> None:
        self.folder = folder
        self.clock = clock

    @property
    def pin_path(self) -> Path:
        return self.folder / PIN_FILE

    @property
    def lock_path(self) -> Path:
        return self.folder / LOCK_FILE

    def is_set(self) -> bool:
        return self.pin_path.exists()

    def set_pin(self, pin: str) -> None:
        if not valid_pin(pin):
            raise ValueError(f"a PIN is {MIN_PIN} to {MAX_PIN} digits")
        salt = secrets.token_bytes(16)
        digest = hashlib.scrypt(pin.encode(), salt=salt, maxmem=SCRYPT_MAXMEM, **SCRYPT)
        record = {"scheme": "scrypt", **SCRYPT, "salt": salt.hex(), "hash": digest.hex()}
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_private(self.pin_path, json.dumps(record))
        self._save_failures(0, 0.0)

    def check(self, pin: str) -> Attempt:
        """Compare a PIN; counts failures on disk and refuses while a wait is running."""
        if not self.pin_path.exists():
            return Attempt(Verdict.NO_PIN)
        failures, not_before = self._load_failures()
        now = self.clock()
        if now < not_before:
            return Attempt(Verdict.WAIT, not_before - now)
        try:
            record = json.loads(self.pin_path.read_text())
            salt = bytes.fromhex(record["salt"])
            expected = bytes.fromhex(record["hash"])
            params = {k: int(record[k]) for k in ("n", "r", "p")}
        except (OSError, ValueError, KeyError, TypeError):
            log.error(
                "the staff PIN file %s cannot be read; staff mode stays locked. "
                "Set a new PIN with: kiosk set-pin",
                self.pin_path,
            )
            return Attempt(Verdict.UNREADABLE)
        digest = hashlib.scrypt(pin.encode(), salt=salt, maxmem=SCRYPT_MAXMEM, **params)
        if hmac.compare_digest(digest, expected):
            self._save_failures(0, 0.0)
            return Attempt(Verdict.OK)
        failures += 1
        wait = DELAYS[failures - 1] if failures <= len(DELAYS) else LOCKOUT_SECONDS
        self._save_failures(failures, now + wait)
        log.warning("wrong staff PIN (%d in a row)", failures)
        return Attempt(Verdict.WRONG, float(wait))

    def _load_failures(self) -> tuple[int, float]:
        if not self.lock_path.exists():
            return 0, 0.0
        try:
            data = json.loads(self.lock_path.read_text())
            # Never longer than one lockout from now, even if the clock was wrong when written.
            not_before = min(float(data["not_before"]), self.clock() + LOCKOUT_SECONDS)
            return int(data["failures"]), not_before
        except (OSError, ValueError, KeyError, TypeError):
            # Fail closed, but not for ever: a fresh lockout from now, then normal rules.
            log.error(
                "the staff lock file is damaged; staff mode waits %d minutes", LOCKOUT_SECONDS // 60
            )
            not_before = self.clock() + LOCKOUT_SECONDS
            self._save_failures(len(DELAYS), not_before)
            return len(DELAYS), not_before

    def _save_failures(self, failures: int, not_before: float) -> None:
        try:
            _write_private(
                self.lock_path, json.dumps({"failures": failures, "not_before": not_before})
            )
        except OSError:
            log.exception("cannot record staff PIN attempts in %s", self.lock_path)


def _write_private(path: Path, text: str) -> None:
    """Write atomically, readable by the kiosk's user only."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)
