"""The Welcome screen painted from the last good content's Welcome card, before the rest.

At start-up the kiosk shows this first: the window, the Welcome screen and its accessibility
bar, built by the same classes and styled by the same style sheet as always, from the plain
values kiosk.core.bootcache keeps (`welcome_card`). The content model, the journey, the input
filter and the other screens are imported and built right after the first frame, and
`KioskApp` then takes these widgets over (`KioskApp(..., first_frame=...)`) and refreshes
them from the content itself. Nothing here imports the model.
"""

from __future__ import annotations

from typing import Any

from kiosk.core.look import HIGH_CONTRAST, TEXT_SCALES, Strings, Theme
from kiosk.ui.a11y_bar import A11yBar
from kiosk.ui.welcome import WelcomeScreen
from kiosk.ui.window import KioskWindow


class FirstFrame:
    """The window, Welcome screen and its bar, ready to be shown and then taken over."""

    def __init__(self, window: KioskWindow, welcome: WelcomeScreen, bar: A11yBar) -> None:
        self.window = window
        self.welcome = welcome
        self.bar = bar

    @classmethod
    def from_card(cls, card: dict[str, Any], kiosk_mode: bool, size: tuple[int, int]) -> FirstFrame:
        """Raises KeyError or TypeError for a card this code did not write."""
        theme = HIGH_CONTRAST if card["high_contrast"] else Theme(**card["theme"])
        strings = Strings(**card["strings"])
        window = KioskWindow(theme, locked=kiosk_mode, size=size)
        window.text_scale = TEXT_SCALES[card["text_step"]]
        welcome = WelcomeScreen(card["clinic_name"], theme.accent, card["reduced_motion"])
        window.add_screen(welcome)
        bar = A11yBar()
        welcome.footer.set_bar(bar)
        window.apply_metrics()
        choices = [(str(code), str(name)) for code, name in card["choices"]]
        welcome.show_language(card["lang"], strings, choices)
        bar.show_state(  # as KioskApp shows it on Welcome before speech is known
            strings,
            text_step=card["text_step"],
            high_contrast=card["high_contrast"],
            reading=False,
            speech=False,
            other_language=None,
        )
        window.present_footer(welcome.footer, bar)
        window.setWindowTitle(strings.welcome_title)
        return cls(window, welcome, bar)
