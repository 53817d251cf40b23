"""Which slides are safety advice, and how urgent: they look different on the kiosk, as the
NHS care-card pattern sets apart non-urgent, urgent and emergency advice.

The when-to-call topic is urgent (call the clinic); its emergency slide is an emergency (call
the emergency number). Everything else is ordinary teaching. The take-home page uses the same
two ids for its urgent card (kiosk.core.handout.site)."""

from __future__ import annotations

from enum import Enum

from kiosk.core.session.journey import Place

URGENT_SECTION = "when-to-call"
EMERGENCY_SLIDE = "emergency"


class Urgency(Enum):
    NONE = ""  # ordinary teaching
    URGENT = "urgent"  # call the clinic
    EMERGENCY = "emergency"  # call the emergency number now


def urgency(place: Place) -> Urgency:
    if place.slide.id == EMERGENCY_SLIDE:
        return Urgency.EMERGENCY
    if place.section.id == URGENT_SECTION:
        return Urgency.URGENT
    return Urgency.NONE
