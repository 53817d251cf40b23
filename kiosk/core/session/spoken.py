"""What read-aloud says for the screen a patient is on, in the patient's language."""

from __future__ import annotations

from kiosk.core.content import markdown
from kiosk.core.content.model import CheckSlide
from kiosk.core.content.placeholders import substitute
from kiosk.core.session.estimate import welcome_subtitle
from kiosk.core.session.journey import Journey, Screen


def screen_text(journey: Journey) -> str:
    lang = journey.language
    s = lang.strings
    phone = {"phone": journey.content.settings.clinic_phone}
    if journey.screen is Screen.WELCOME:
        parts = [s.welcome_title, welcome_subtitle(lang)]
    elif journey.screen is Screen.OVERVIEW:
        parts = [s.overview_title, *(section.title for section in lang.sections)]
    elif journey.screen is Screen.QR:
        parts = [s.qr_title, s.qr_instruction, s.qr_gives, s.qr_privacy]
        parts.append(substitute(s.qr_no_phone, phone))
    elif journey.screen is Screen.THANKS:
        parts = [s.thanks_title, s.thanks_body, substitute(s.thanks_call, phone)]
    else:
        slide = journey.place.slide
        if isinstance(slide, CheckSlide):
            parts = [slide.title or s.check_label, slide.question]
            parts += [f"{i}. {a.text}" for i, a in enumerate(slide.answers, 1)]
            chosen = journey.chosen(slide.id)
            if chosen is not None:
                answer = slide.answers[chosen]
                parts.append(
                    f"{s.right_answer if answer.correct else s.not_quite} {answer.feedback}"
                )
        else:
            parts = [slide.title, markdown.plain_text(slide.blocks)]
        if slide.illustration:
            parts.append(slide.illustration.alt)
    return "\n".join(p for p in parts if p)
