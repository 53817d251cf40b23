"""The staff gesture: a long hold in the top-left corner opens the PIN pad.

Apart from the PIN code (kiosk.core.staff) because the input filter needs it before the first
frame, and the PIN code's hashing and file handling can wait until someone holds the corner.
"""

from __future__ import annotations

HOLD_SECONDS = 3.0
CORNER_FRACTION = 0.03  # inside the screen margin (about 0.033): clear of the Topics button


def in_staff_corner(x: float, y: float, width: int, height: int) -> bool:
    """The top-left corner: out of the way of every patient control."""
    side = max(min(width, height) * CORNER_FRACTION, 24)
    return 0 <= x <= side and 0 <= y <= side
