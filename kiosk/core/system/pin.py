"""Staff access rules: the hidden corner gesture and the PIN with its slow-down and lockout.

The PIN is stored only as a salted scrypt hash in the kiosk's data folder, never in content/.
The failure counter is kept on disk, so restarting the kiosk does not reset it. Anything
unreadable fails closed; nothing can lock staff out for good: a lockout ends after a while,
and `kiosk set-pin` at the machine always starts afresh.

A patient who keeps typing wrong PINs could keep renewing the lockout. So `kiosk set-pin` also
prints a 12-digit recovery code once (kept only as a hash, like the PIN): typed on the same
keypad it opens staff mode even during a PIN lockout and clears it. Recovery codes have their
own, short slow-down (at most a minute), so wrong PINs cannot block them; 10^12 codes at one
try a minute cannot be guessed.
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

MIN_PIN, MAX_PIN = 6, 8  # new PINs; PINs set before (4 or 5 digits) still open the panel
RECOVERY_DIGITS = 12
# scrypt cost: n=2**15, r=8 needs 32 MiB, more than hashlib's default maxmem allows.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
SCRYPT_MAXMEM = 64 * 1024 * 1024
# Seconds to wait after the Nth wrong PIN in a row (index = failures - 1); beyond: lockout.
DELAYS = (0, 0, 5, 15, 60)
LOCKOUT_SECONDS = 15 * 60
RECOVERY_DELAYS = (0, 5, 15, 60)  # after the Nth wrong recovery code; then 60 s each
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
    short_pin: bool = False  # right, but shorter than new PINs may be: nudge staff to renew
    recovered: bool = False  # opened with the recovery code (the PIN lockout is cleared)
    no_recovery: bool = False  # the PIN was set before recovery codes: renew it to get one


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

    def set_pin(self, pin: str) -> str:
        """Store a new PIN and return a new recovery code, to be shown once and written down."""
        if not valid_pin(pin):
            raise ValueError(f"a PIN is {MIN_PIN} to {MAX_PIN} digits")
        code = "".join(secrets.choice("0123456789") for _ in range(RECOVERY_DIGITS))
        self._write_record(pin, code)
        self._save_failures(0, 0.0)
        return code

    def _write_record(self, pin: str, recovery: str | None) -> None:
        salt = secrets.token_bytes(16)
        digest = hashlib.scrypt(pin.encode(), salt=salt, maxmem=SCRYPT_MAXMEM, **SCRYPT)
        record: dict[str, object] = {
            "scheme": "scrypt",
            **SCRYPT,
            "salt": salt.hex(),
            "hash": digest.hex(),
        }
        if recovery is not None:
            rsalt = secrets.token_bytes(16)
            rdigest = hashlib.scrypt(recovery.encode(), salt=rsalt, maxmem=SCRYPT_MAXMEM, **SCRYPT)
            record.update(recovery_salt=rsalt.hex(), recovery_hash=rdigest.hex())
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_private(self.pin_path, json.dumps(record))

    def check(self, pin: str) -> Attempt:
        """Compare a PIN (or the recovery code); counts failures on disk and refuses while a
        wait is running."""
        if not self.pin_path.exists():
            return Attempt(Verdict.NO_PIN)
        try:
            record = json.loads(self.pin_path.read_text())
            salt = bytes.fromhex(record["salt"])
            expected = bytes.fromhex(record["hash"])
            params = {k: int(record[k]) for k in ("n", "r", "p")}
            recovery = (
                (bytes.fromhex(record["recovery_salt"]), bytes.fromhex(record["recovery_hash"]))
                if "recovery_hash" in record
                else None
            )
        except (OSError, ValueError, KeyError, TypeError):
            log.error(
                "the staff PIN file %s cannot be read; staff mode stays locked. "
                "Set a new PIN with: kiosk set-pin",
                self.pin_path,
            )
            return Attempt(Verdict.UNREADABLE)
        if len(pin) == RECOVERY_DIGITS:
            return self._recover(pin, recovery, params)
        failures, not_before = self._load_failures()
        now = self.clock()
        if now < not_before:
            return Attempt(Verdict.WAIT, not_before - now)
        digest = hashlib.scrypt(pin.encode(), salt=salt, maxmem=SCRYPT_MAXMEM, **params)
        if hmac.compare_digest(digest, expected):
            self._save_failures(0, 0.0)
            return Attempt(Verdict.OK, short_pin=len(pin) < MIN_PIN, no_recovery=not recovery)
        failures += 1
        wait = DELAYS[failures - 1] if failures <= len(DELAYS) else LOCKOUT_SECONDS
        self._save_failures(failures, now + wait)
        log.warning("wrong staff PIN (%d in a row)", failures)
        return Attempt(Verdict.WRONG, float(wait))

    def _recover(
        self, code: str, recovery: tuple[bytes, bytes] | None, params: dict[str, int]
    ) -> Attempt:
        """The recovery code: its own slow-down, untouched by the PIN's lockout."""
        state = self._load_state()
        failures = int(state.get("recovery_failures", 0))
        not_before = min(float(state.get("recovery_not_before", 0.0)), self.clock() + 60)
        now = self.clock()
        if now < not_before:
            return Attempt(Verdict.WAIT, not_before - now)
        if recovery is not None:
            rsalt, rhash = recovery
            digest = hashlib.scrypt(code.encode(), salt=rsalt, maxmem=SCRYPT_MAXMEM, **params)
            if hmac.compare_digest(digest, rhash):
                log.warning("staff mode opened with the recovery code; the PIN lockout is cleared")
                self._save_failures(0, 0.0)
                return Attempt(Verdict.OK, recovered=True)
        failures += 1
        wait = RECOVERY_DELAYS[min(failures, len(RECOVERY_DELAYS)) - 1]
        log.warning("wrong staff recovery code (%d in a row)", failures)
        self._save_state(
            {**state, "recovery_failures": failures, "recovery_not_before": now + wait}
        )
        return Attempt(Verdict.WRONG, float(wait))

    def _load_state(self) -> dict[str, float]:
        try:
            data = json.loads(self.lock_path.read_text())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: float(v) for k, v in data.items() if isinstance(v, int | float)}

    def _save_state(self, state: dict[str, float]) -> None:
        try:
            _write_private(self.lock_path, json.dumps(state))
        except OSError:
            log.exception("cannot record staff PIN attempts in %s", self.lock_path)

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
        """The PIN's counter; a wrong PIN keeps the recovery code's counter as it was."""
        kept = self._load_state() if failures else {}
        state = {k: v for k, v in kept.items() if k.startswith("recovery_")}
        self._save_state({**state, "failures": failures, "not_before": not_before})


def _write_private(path: Path, text: str) -> None:
    """Write atomically, readable by the kiosk's user only."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)
