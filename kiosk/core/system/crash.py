"""What to do when something unexpected fails: carry on from Welcome, unless it keeps happening.

A single bug should not leave a patient staring at a dead screen; a bug that repeats should end
the process with a non-zero code so the service manager starts a clean one.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW_SECONDS = 600.0
EXIT_CODE = 70  # EX_SOFTWARE


class CrashPolicy:
    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window_seconds: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self.clock = clock
        self.failures: deque[float] = deque()

    def failed(self) -> bool:
        """Record a failure; True when it is time to give up and let the service restart us."""
        now = self.clock()
        self.failures.append(now)
        while self.failures and now - self.failures[0] > self.window_seconds:
            self.failures.popleft()
        return len(self.failures) >= self.max_failures
