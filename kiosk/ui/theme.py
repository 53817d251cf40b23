"""Fonts, sizes and the style sheet. Sizes follow the window so every screen size works."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

from kiosk.core.content.colors import contrast
from kiosk.core.content.model import Theme

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_FAMILY = "Atkinson Hyperlegible"
_loaded: list[str] = []


def load_fonts() -> str:
    """Register the bundled typeface once; fall back to the system sans-serif if it is missing."""
    if not _loaded:
        for path in sorted(FONT_DIR.glob("*.ttf")):
            if QFontDatabase.addApplicationFont(str(path)) >= 0:
                _loaded.append(path.name)
    return FONT_FAMILY if _loaded else QFont().defaultFamily()


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes (logical) for one window size. 1.0 = a 1080-pixel shorter side."""

    scale: float
    portrait: bool
    text: float = 1.0  # the patient's text-size choice: fonts grow, spacing does not

    @classmethod
    def for_size(cls, width: int, height: int, text_scale: float = 1.0) -> Metrics:
        return cls(max(min(width, height) / 1080, 0.55), height > width, text_scale)

    def px(self, value: float) -> int:
        return round(value * self.scale)

    def fpx(self, value: float) -> int:
        """Body text: grows with the text-size choice in full (200% at the largest step)."""
        return round(value * self.scale * self.text)

    def hpx(self, value: float) -> int:
        """Headings, buttons and captions: already large, they grow 60% as much as the body
        text, so the largest step still leaves room for the words they label."""
        return round(value * self.scale * (1 + (self.text - 1) * 0.6))

    @property
    def body(self) -> int:
        return self.fpx(38)

    @property
    def small(self) -> int:
        return self.hpx(30)

    @property
    def title(self) -> int:
        return self.hpx(54)

    @property
    def hero(self) -> int:
        return self.hpx(72)

    @property
    def button_text(self) -> int:
        return self.hpx(34)

    @property
    def target(self) -> int:
        """Height of every touch target: well above the 72 px (9 mm) minimum at 1080p."""
        return self.px(104)

    @property
    def margin(self) -> int:
        return self.px(48)

    @property
    def gap(self) -> int:
        return self.px(24)

    @property
    def radius(self) -> int:
        return self.px(20)


def tint(hex_colour: str, alpha: float) -> str:
    """A see-through version of a colour; labels keep their own dark text on top of it."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {round(alpha * 255)})"


def mix(a: str, b: str, share_of_a: float) -> str:
    """`share_of_a` of colour a over colour b, as #RRGGBB."""
    pa = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    pb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(
        f"{round(x * share_of_a + y * (1 - share_of_a)):02X}" for x, y in zip(pa, pb, strict=True)
    )


OVERLAY_DIM = 150 / 255  # how much black lies over the screen behind an overlay's card


def track_colour(theme: Theme) -> str:
    """The progress bar's empty track: the text colour mixed into the background until it
    stands out at 3:1 (WCAG 1.4.11), yet stays lighter than the filled part."""
    share = 0.3
    while contrast(mix(theme.text, theme.background, share), theme.background) < 3.2:
        share += 0.05
    return mix(theme.text, theme.background, min(share, 1.0))


def edge_colour(theme: Theme) -> str:
    """An overlay card's border: the theme colour that stands out most against the dimmed
    screen around the card (in high contrast the card is black on black without it)."""
    dimmed = mix("#000000", theme.background, OVERLAY_DIM)
    return max((theme.accent, theme.text, theme.surface), key=lambda c: contrast(c, dimmed))


URGENT = "#A4160C"  # the urgent card's band (NHS care cards: red for urgent), 7:1 with white
EMERGENCY_BODY = "#1C1B1F"  # the emergency card: white words on near-black, as NHS does


def style_sheet(theme: Theme, m: Metrics, family: str) -> str:
    t = theme
    return f"""
    QWidget {{ font-family: "{family}"; color: {t.text}; font-size: {m.body}px; }}
    #screen {{ background: {t.background}; }}
    QLabel {{ background: transparent; }}
    QLabel#hero {{ font-size: {m.hero}px; font-weight: bold; }}
    QLabel#title {{ font-size: {m.title}px; font-weight: bold; }}
    QLabel#subtitle {{ font-size: {m.hpx(40)}px; color: {t.muted_text}; }}
    QLabel#body {{ font-size: {m.body}px; }}
    QLabel#instruction {{ font-size: {m.hpx(40)}px; font-weight: bold; color: {t.accent}; }}
    QLabel#small {{ font-size: {m.small}px; color: {t.muted_text}; }}
    QLabel#progress {{ font-size: {m.small}px; color: {t.muted_text}; font-weight: bold; }}
    QLabel#feedback {{ font-size: {m.body}px; font-weight: bold; }}
    QLabel#feedback[verdict="right"] {{ color: {t.right}; }}
    QLabel#feedback[verdict="wrong"] {{ color: {t.wrong}; }}
    QLabel#link {{ font-size: {m.hpx(34)}px; font-weight: bold; }}
    QLabel#mark {{ font-size: {m.button_text}px; font-weight: bold; color: {t.accent}; }}
    QLabel#mark[verdict="right"] {{ color: {t.right}; }}
    QLabel#mark[verdict="wrong"] {{ color: {t.wrong}; }}
    QLabel#more {{
        font-size: {m.small}px; font-weight: bold; color: {t.accent_text};
        background: {t.accent}; border-radius: {m.px(18)}px; padding: {m.px(6)}px {m.px(20)}px;
    }}
    QFrame#card {{
        background: {t.surface}; border-radius: {m.radius}px;
        border: {m.px(4)}px solid {edge_colour(t)};
    }}
    QFrame#urgent, QFrame#emergency {{
        border: {m.px(4)}px solid {URGENT if t.background != "#000000" else t.wrong};
        border-radius: {m.radius}px;
    }}
    QFrame#emergency {{ background: {EMERGENCY_BODY}; }}
    QFrame#emergency QLabel {{ color: #FFFFFF; }}
    QLabel#band {{
        background: {URGENT}; color: #FFFFFF; font-size: {m.button_text}px; font-weight: bold;
        padding: {m.px(10)}px {m.px(24)}px;
        border-top-left-radius: {m.radius}px; border-top-right-radius: {m.radius}px;
    }}
    QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
    QPushButton {{
        min-height: {m.target}px; min-width: {m.target}px;
        padding: 0 {m.px(36)}px; border-radius: {m.radius}px;
        font-size: {m.button_text}px; font-weight: bold;
        background: {t.surface}; color: {t.accent};
        border: {m.px(4)}px solid {t.accent};
    }}
    QPushButton[role="primary"] {{ background: {t.accent}; color: {t.accent_text}; }}
    QPushButton[role="tile"] {{
        text-align: left; padding: 0; color: {t.text};
        border: {m.px(4)}px solid {t.accent};
    }}
    QPushButton[role="answer"] {{
        text-align: left; color: {t.text}; padding: 0;
    }}
    QPushButton[verdict="right"] {{ border-color: {t.right}; }}
    QPushButton[verdict="wrong"] {{ border-color: {t.wrong}; }}
    QPushButton[next="true"] {{ border-width: {m.px(4)}px; background: {tint(t.accent, 0.12)}; }}
    QPushButton[role="language"][current="true"] {{
        background: {t.accent}; color: {t.accent_text};
    }}
    QLabel#tileTitle {{ font-size: {m.button_text}px; font-weight: bold; }}
    QPushButton[verdict="right"] QLabel#tileTitle {{ color: {t.right}; }}
    QPushButton[verdict="wrong"] QLabel#tileTitle {{ color: {t.wrong}; }}
    QPushButton:pressed {{ background: {t.accent}; color: {t.accent_text}; }}
    QPushButton:disabled {{
        background: transparent; color: {t.text}; border-color: transparent; padding: 0;
    }}
    QPushButton[role="tile"]:pressed, QPushButton[role="answer"]:pressed {{
        background: {tint(t.accent, 0.16)};
    }}
    QProgressBar {{
        background: {track_colour(t)}; border: none; border-radius: {m.px(6)}px;
        max-height: {m.px(12)}px; min-height: {m.px(12)}px;
    }}
    QProgressBar::chunk {{ background: {t.accent}; border-radius: {m.px(6)}px; }}
    #overlay {{ background: rgba(0, 0, 0, 150); }}
    QToolButton[role="a11y"] {{
        min-width: {m.px(128)}px; min-height: {m.target}px; max-height: {m.target}px;
        padding: 0 {m.px(12)}px; font-size: {m.hpx(24)}px; font-weight: bold; color: {t.accent};
        background: {t.surface}; border: {m.px(4)}px solid {t.accent};
        border-radius: {m.radius}px;
    }}
    QToolButton[role="step"] {{
        min-width: {m.px(84)}px; min-height: {m.target}px; max-height: {m.target}px;
        padding: 0 {m.px(8)}px; font-weight: bold; color: {t.accent}; background: {t.surface};
        border: {m.px(4)}px solid {t.accent}; border-radius: {m.radius}px;
    }}
    QToolButton[role="step"][size="0"] {{ font-size: {m.px(28)}px; }}
    QToolButton[role="step"][size="1"] {{ font-size: {m.px(36)}px; }}
    QToolButton[role="step"][size="2"] {{ font-size: {m.px(44)}px; }}
    QToolButton[role="step"]:checked {{
        background: {tint(t.accent, 0.18)};
        text-decoration: underline;
    }}
    QScrollBar:vertical {{
        background: {track_colour(t)}; width: {m.px(20)}px; border-radius: {m.px(10)}px;
        margin: 0;
    }}
    QScrollBar::handle:vertical {{
        background: {t.accent}; min-height: {m.px(60)}px; border-radius: {m.px(10)}px;
    }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
    QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
    QToolButton[role="a11y"]:pressed {{ background: {tint(t.accent, 0.16)}; }}
    """
