"""What the first frame needs: the words on buttons and fixed screens, and the colours.

Apart from kiosk.core.model (which re-exports them) so the kiosk can paint its Welcome screen
from the last checked content's few settings before it imports the whole model.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Strings:
    """Words on buttons and fixed screens. Every language file can translate each one."""

    welcome_title: str = "Learn about your microneedling visit"
    welcome_subtitle: str = "About 5 minutes. Tap the button to begin."
    start: str = "Start"
    overview_title: str = "What would you like to learn about?"
    start_from_beginning: str = "Start from the beginning"
    next: str = "Next"
    back: str = "Back"
    home: str = "Topics"
    progress: str = "{n} of {total}"
    check_label: str = "Quick question"
    right_answer: str = "That's right!"
    not_quite: str = "Not quite."
    qr_title: str = "Take the instructions home"
    qr_instruction: str = "Open your phone's camera and point it here."
    qr_done: str = "I'm done"
    thanks_title: str = "Thank you!"
    thanks_body: str = "Your care team will see you soon. Please ask them any questions."
    still_there_title: str = "Still there?"
    still_there_body: str = "This screen will start over in {seconds} seconds."
    still_there_continue: str = "Yes, continue"
    choose_language: str = "Language"
    text_size: str = "Text size"
    text_size_help: str = "Make the words bigger"
    contrast: str = "Contrast"
    contrast_help: str = "Light text on a dark screen"
    read_aloud: str = "Read aloud"
    read_aloud_help: str = "Hear this screen spoken"
    stop_reading: str = "Stop reading"
    language_help: str = "Show this in another language"

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


@dataclass(frozen=True)
class Theme:
    background: str = "#F6F3EE"
    surface: str = "#FFFFFF"
    text: str = "#1C1B1F"
    muted_text: str = "#3D3A40"
    accent: str = "#0B4F5C"
    accent_text: str = "#FFFFFF"
    right: str = "#1E5631"
    wrong: str = "#7A3E00"

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


# For patients who ask for it: at least 7:1 for every text colour (tests/test_accessibility.py).
HIGH_CONTRAST = Theme(
    background="#000000",
    surface="#000000",
    text="#FFFFFF",
    muted_text="#E6E6E6",
    accent="#FFD23F",
    accent_text="#000000",
    right="#7CF08A",
    wrong="#FFB46B",
)
TEXT_SCALES = (1.0, 1.25, 1.5)  # the text-size button's steps
