"""The QR matrix for the take-home link, from the `qrcode` library; drawing is the UI's job."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import qrcode
import qrcode.constants
import qrcode.exceptions

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
MAX_VERSION = 10  # 57 modules: beyond that, phones struggle to read a code off a screen


@dataclass(frozen=True)
class QrMatrix:
    modules: tuple[tuple[bool, ...], ...]  # True = dark, quiet zone included

    @property
    def size(self) -> int:
        return len(self.modules)


@lru_cache(maxsize=16)
def make_matrix(data: str) -> QrMatrix:
    """Error correction M: survives a smudge on the screen glass while staying coarse."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE, box_size=1
    )
    code.add_data(data)
    code.make(fit=True)
    return QrMatrix(tuple(tuple(bool(c) for c in row) for row in code.get_matrix()))


def short_link(url: str) -> str:
    """The link as a person would type it: no scheme, no trailing slash."""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    return url.rstrip("/")


def version_for(data: str) -> int | None:
    """The QR version (size) `data` needs at our error correction; None if it cannot fit."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    try:
        code.add_data(data)
        return int(code.best_fit())  # the size alone: no matrix, no mask scoring (~0.1 ms)
    except (ValueError, qrcode.exceptions.DataOverflowError):
        return None
