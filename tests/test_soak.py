"""A short soak through the real app: memory, file descriptors and widgets level off."""

from __future__ import annotations

import pytest

from benchmarks.soak import run_soak

pytestmark = [pytest.mark.soak, pytest.mark.usefixtures("qapp")]


def test_resources_level_off_over_many_sessions() -> None:
    rows = run_soak(actions=800, every=100, seed=11)
    assert rows[-1].sessions >= 20  # the run really went through many patients...
    assert rows[-1].reloads >= 5  # ...and many content reloads
    settled = rows[1:]
    fds = [r.fds for r in settled]
    # A reload's worker may be copying the good-content snapshot at a checkpoint: one or two
    # files open for a moment. A leak would climb with every session instead.
    assert max(fds) - min(fds) <= 2, rows
    assert fds[-1] <= fds[0] + 1, rows
    widgets = [r.widgets for r in settled]
    assert max(widgets) - min(widgets) <= 2, rows  # a transition snapshot may be in flight
    assert settled[-1].rss_mb - settled[0].rss_mb < 15, rows
