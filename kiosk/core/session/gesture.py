"""The staff gesture: a long hold in the top-left corner opens the PIN pad.

Apart from the PIN code (kiosk.core.system.pin): the input filter needs only this rule. The clock
is injected, like the idle rules', so tests move time instead of waiting for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

HOLD_SECONDS = 3.0
CORNER_FRACTION = 0.03  # inside the screen margin (about 0.033): clear of the Topics button


def in_staff_corner(x: float, y: float, width: int, height: int) -> bool:
    """The top-left corner: out of the way of every patient control."""
    side = max(min(width, height) * CORNER_FRACTION, 24)
    return 0 <= x <= side and 0 <= y <= side


class CornerHold:
    """A finger pressed in the corner and kept there for HOLD_SECONDS."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.since: float | None = None

    def press(self, x: float, y: float, width: int, height: int) -> bool:
        """A finger went down; True if in the corner (the hold starts counting)."""
        self.since = self.clock() if in_staff_corner(x, y, width, height) else None
        return self.since is not None

    def move(self, x: float, y: float, width: int, height: int) -> None:
        if not in_staff_corner(x, y, width, height):
            self.since = None

    def release(self) -> None:
        self.since = None

    @property
    def holding(self) -> bool:
        return self.since is not None

    def due(self) -> bool:
        """Held long enough: True once per hold."""
        if self.since is None or self.clock() - self.since < HOLD_SECONDS:
            return False
        self.since = None
        return True
