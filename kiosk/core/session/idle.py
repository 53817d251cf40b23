"""When to ask "Still there?" and when to start over; the clock is injected for fast tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from kiosk.core.content.model import IdleSettings
from kiosk.core.session.journey import Screen


class Phase(Enum):
    ACTIVE = "active"
    ASKING = "asking"  # the "Still there?" countdown is showing
    EXPIRED = "expired"  # time to reset for the next patient


@dataclass(frozen=True)
class IdleState:
    phase: Phase
    seconds_left: float  # in the countdown; 0 outside it


class IdleRules:
    """Tracks the last input and decides, screen by screen, whether the session has gone idle.

    - On a pristine welcome screen nothing happens (nothing to forget).
    - On the thanks screen the session simply ends after `thanks_seconds`, no question asked.
    - Elsewhere: `timeout_seconds` of no input starts a `countdown_seconds` countdown.
    """

    def __init__(self, settings: IdleSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.clock = clock
        self.last_input = clock()

    def activity(self) -> None:
        self.last_input = self.clock()

    def thanks_seconds_left(self) -> float:
        """For the thanks screen's visible countdown: seconds until it starts over."""
        return max(0.0, self.settings.thanks_seconds - (self.clock() - self.last_input))

    def state(self, screen: Screen, pristine: bool) -> IdleState:
        if pristine:
            return IdleState(Phase.ACTIVE, 0.0)
        quiet = self.clock() - self.last_input
        if screen is Screen.THANKS:
            expired = quiet >= self.settings.thanks_seconds
            return IdleState(Phase.EXPIRED if expired else Phase.ACTIVE, 0.0)
        timeout, countdown = self.settings.timeout_seconds, self.settings.countdown_seconds
        if quiet < timeout:
            return IdleState(Phase.ACTIVE, 0.0)
        if quiet < timeout + countdown:
            return IdleState(Phase.ASKING, timeout + countdown - quiet)
        return IdleState(Phase.EXPIRED, 0.0)
