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
    assert {r.fds for r in settled} == {settled[0].fds}, rows
    widgets = [r.widgets for r in settled]
    assert max(widgets) - min(widgets) <= 2, rows  # a transition snapshot may be in flight
    assert settled[-1].rss_mb - settled[0].rss_mb < 15, rows
