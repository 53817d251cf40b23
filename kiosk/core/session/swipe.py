"""One-finger swipe recognition in physical units, so it feels the same on every screen.

Qt's own QSwipeGesture needs three fingers; patients use one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

MIN_DISTANCE_MM = 12.0
MAX_DURATION_S = 1.0
MAX_ANGLE_DEG = 30.0
MM_PER_INCH = 25.4


class Swipe(Enum):
    LEFT = "left"  # finger moves right-to-left: go forward
    RIGHT = "right"  # finger moves left-to-right: go back


@dataclass(frozen=True)
class Stroke:
    x0: float
    y0: float
    x1: float
    y1: float
    seconds: float
    dpi: float

    @property
    def distance_mm(self) -> float:
        return math.hypot(self.x1 - self.x0, self.y1 - self.y0) / self.dpi * MM_PER_INCH


def classify(stroke: Stroke) -> Swipe | None:
    """A swipe is long enough, quick enough and close enough to horizontal; else None."""
    dx, dy = stroke.x1 - stroke.x0, stroke.y1 - stroke.y0
    if stroke.dpi <= 0 or stroke.seconds > MAX_DURATION_S:
        return None
    if abs(dx) / stroke.dpi * MM_PER_INCH < MIN_DISTANCE_MM:
        return None
    if math.degrees(math.atan2(abs(dy), abs(dx))) > MAX_ANGLE_DEG:
        return None
    return Swipe.LEFT if dx < 0 else Swipe.RIGHT


def is_drag(stroke: Stroke, slop_mm: float = 4.0) -> bool:
    """Moved far enough that it is no longer a tap."""
    return stroke.distance_mm >= slop_mm
