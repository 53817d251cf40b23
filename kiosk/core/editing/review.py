"""Whether the content being edited is the content a clinician signed off, in words for staff.

The studio shows this line as staff edit. It compares the sign-off recorded in kiosk.yaml with
the fingerprint of the content as the one loader read it (signoff.py makes both), so it says
the same as `kiosk validate`'s "changed since" warning, without any digest of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.content import signoff
from kiosk.core.content.model import Content


@dataclass(frozen=True)
class ReviewStatus:
    short: str  # for the toolbar
    text: str  # the whole story, for the settings tab
    current: bool  # True only when a real clinician signed off exactly this content


def review_status(content: Content | None, now: signoff.Fingerprint | None) -> ReviewStatus:
    """What to tell staff about the sign-off of `content`, whose fingerprint is `now`."""
    if content is None or now is None:
        return ReviewStatus(
            "Has errors: cannot be signed off",
            "The content has errors: fix them (see Problems) before a clinician signs it off.",
            False,
        )
    s = content.settings
    if not s.reviewed_by:
        return ReviewStatus("Not reviewed yet", "Not reviewed yet.", False)
    when = f" on {s.reviewed_on}" if s.reviewed_on else ""
    if signoff.is_example_reviewer(s.reviewed_by):
        return ReviewStatus(
            "Not reviewed yet (example reviewer)",
            f"Not reviewed yet: the sign-off is the example placeholder ('{s.reviewed_by}'). "
            "Ask your clinician to check the course, then use Mark as reviewed.",
            False,
        )
    if not s.reviewed_fingerprint:
        return ReviewStatus(
            f"Reviewed by {s.reviewed_by}{when}?",
            f"Reviewed by {s.reviewed_by}{when}, but what was reviewed is not recorded, so "
            "changes since cannot be told. Mark it as reviewed again to record it.",
            False,
        )
    change = signoff.compare(signoff.Fingerprint(s.reviewed_fingerprint, s.reviewed_slides), now)
    if change is None:
        said = f"Reviewed by {s.reviewed_by}{when}"
        return ReviewStatus(said, f"{said}: nothing patients see has changed since.", True)
    what = []
    if change.slides_differ:
        n = change.slides_differ
        what.append(f"{n} slide{'s' if n != 1 else ''} differ{'s' if n == 1 else ''}")
    if change.other_parts_differ:
        what.append("settings, titles, sources or button words differ")
    said = f"Changed since {s.reviewed_by} reviewed it{when}: {' and '.join(what)}"
    return ReviewStatus(said, f"{said}. Have it checked again, then mark it as reviewed.", False)
