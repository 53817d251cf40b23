"""Fonts, sizes and the style sheet. Sizes follow the window so every screen size works."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

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
        return round(value * self.scale * self.text)

    @property
    def body(self) -> int:
        return self.fpx(32)

    @property
    def small(self) -> int:
        return self.fpx(26)

    @property
    def title(self) -> int:
        return self.fpx(52)

    @property
    def hero(self) -> int:
        return self.fpx(72)

    @property
    def button_text(self) -> int:
        return self.fpx(34)

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


def style_sheet(theme: Theme, m: Metrics, family: str) -> str:
    t = theme
    return f"""
    QWidget {{ font-family: "{family}"; color: {t.text}; font-size: {m.body}px; }}
    #screen {{ background: {t.background}; }}
    QLabel {{ background: transparent; }}
    QLabel#hero {{ font-size: {m.hero}px; font-weight: bold; }}
    QLabel#title {{ font-size: {m.title}px; font-weight: bold; }}
    QLabel#subtitle {{ font-size: {m.fpx(40)}px; color: {t.muted_text}; }}
    QLabel#body {{ font-size: {m.body}px; }}
    QLabel#small {{ font-size: {m.small}px; color: {t.muted_text}; }}
    QLabel#progress {{ font-size: {m.small}px; color: {t.muted_text}; font-weight: bold; }}
    QLabel#feedback {{ font-size: {m.body}px; font-weight: bold; }}
    QLabel#feedback[verdict="right"] {{ color: {t.right}; }}
    QLabel#feedback[verdict="wrong"] {{ color: {t.wrong}; }}
    QLabel#link {{ font-size: {m.fpx(34)}px; font-weight: bold; }}
    QFrame#card {{ background: {t.surface}; border-radius: {m.radius}px; }}
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
        border: {m.px(3)}px solid {t.accent};
    }}
    QPushButton[role="answer"] {{
        text-align: left; color: {t.text}; padding: 0;
    }}
    QPushButton[verdict="right"] {{ border: {m.px(6)}px solid {t.right}; color: {t.right}; }}
    QPushButton[verdict="wrong"] {{ border: {m.px(6)}px solid {t.wrong}; color: {t.wrong}; }}
    QPushButton[role="language"][current="true"] {{
        background: {t.accent}; color: {t.accent_text};
    }}
    QLabel#tileTitle {{ font-size: {m.button_text}px; font-weight: bold; }}
    QPushButton[verdict="right"] QLabel#tileTitle {{ color: {t.right}; }}
    QPushButton[verdict="wrong"] QLabel#tileTitle {{ color: {t.wrong}; }}
    QPushButton:pressed {{ background: {t.accent}; color: {t.accent_text}; }}
    QPushButton[role="tile"]:pressed, QPushButton[role="answer"]:pressed {{
        background: {tint(t.accent, 0.16)};
    }}
    QProgressBar {{
        background: {t.surface}; border: none; border-radius: {m.px(6)}px;
        max-height: {m.px(12)}px; min-height: {m.px(12)}px;
    }}
    QProgressBar::chunk {{ background: {t.accent}; border-radius: {m.px(6)}px; }}
    #overlay {{ background: rgba(0, 0, 0, 150); }}
    QToolButton[role="a11y"] {{
        min-width: {m.px(128)}px; min-height: {m.target}px; padding: {m.px(6)}px {m.px(12)}px;
        font-size: {m.px(24)}px; font-weight: bold; color: {t.accent}; background: {t.surface};
        border: {m.px(3)}px solid {t.accent}; border-radius: {m.radius}px;
    }}
    QScrollBar:vertical {{
        background: {t.surface}; width: {m.px(14)}px; border-radius: {m.px(7)}px; margin: 0;
    }}
    QScrollBar::handle:vertical {{
        background: {t.accent}; min-height: {m.px(60)}px; border-radius: {m.px(7)}px;
    }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
    QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
    QToolButton[role="a11y"]:pressed {{ background: {tint(t.accent, 0.16)}; }}
    """
