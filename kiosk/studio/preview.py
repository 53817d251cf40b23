"""The live preview: the kiosk's own slide screen in the kiosk's own window, drawn offscreen.

Nothing here draws a slide: `KioskWindow` + `SlideScreen` (with its `InfoView`/`CheckView`)
are built exactly as the kiosk builds them, kept off the desktop, and their picture is shown
scaled down. Size, language, text size and contrast are the patient's choices.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.content.model import HIGH_CONTRAST, TEXT_SCALES, Content
from kiosk.core.session.journey import Place
from kiosk.ui.a11y_bar import A11yBar
from kiosk.ui.slide import SlideScreen
from kiosk.ui.window import KioskWindow

SIZES = ((1920, 1080), (1080, 1920), (1280, 800))


class Preview(QWidget):
    options_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.size_choice = QComboBox()
        for w, h in SIZES:
            self.size_choice.addItem(f"{w} x {h}", (w, h))
        self.lang_choice = QComboBox()
        self.text_choice = QComboBox()
        for i, scale in enumerate(TEXT_SCALES):
            self.text_choice.addItem(f"Text size {i + 1} ({round(scale * 100)}%)", i)
        self.contrast = QCheckBox("High contrast")
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setObjectName("previewNote")
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(320, 200)
        self.picture.setAccessibleName("Preview of the slide as patients see it")
        for box in (self.size_choice, self.lang_choice, self.text_choice):
            box.currentIndexChanged.connect(self.options_changed)
        self.contrast.toggled.connect(self.options_changed)
        row = QHBoxLayout()
        for control in (self.size_choice, self.lang_choice, self.text_choice, self.contrast):
            row.addWidget(control)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(self.picture, 1)
        column.addWidget(self.note)
        # The kiosk's own window and slide screen, never shown on the desktop.
        self.stage = KioskWindow(HIGH_CONTRAST, locked=False, size=SIZES[0])
        self.stage.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.slide_screen = SlideScreen(reduced_motion=True)
        self.bar = A11yBar()
        self.slide_screen.footer.set_bar(self.bar)
        self.stage.add_screen(self.slide_screen)
        self._shot = QPixmap()
        self._closed = False

    def set_languages(self, names: dict[str, str]) -> None:
        current = self.lang
        self.lang_choice.blockSignals(True)
        self.lang_choice.clear()
        for code, name in names.items():
            self.lang_choice.addItem(name, code)
        index = self.lang_choice.findData(current)
        self.lang_choice.setCurrentIndex(max(index, 0))
        self.lang_choice.blockSignals(False)

    @property
    def lang(self) -> str:
        return str(self.lang_choice.currentData() or "")

    def show_slide(self, content: Content, slide_id: str, paused: str = "") -> bool:
        """Draw `slide_id` from `content` as a patient would see it; False if it is not there."""
        lang = content.language(self.lang)
        place = _place(content, self.lang, slide_id)
        if place is None or self._closed:
            return False
        settings = content.settings
        w, h = self.size_choice.currentData()
        self.stage.theme = HIGH_CONTRAST if self.contrast.isChecked() else settings.theme
        self.stage.text_scale = TEXT_SCALES[int(self.text_choice.currentData() or 0)]
        self.stage.resize(w, h)
        if not self.stage.isVisible():
            self.stage.show()  # WA_DontShowOnScreen: laid out and painted, never on screen
        self.stage.apply_metrics()
        m = self.stage.metrics
        self.slide_screen.set_orientation(m.portrait, m.gap)
        others = [c for c in content.languages if c != lang.code]
        self.bar.show_state(
            lang.strings,
            text_step=int(self.text_choice.currentData() or 0),
            high_contrast=self.contrast.isChecked(),
            reading=False,
            speech=True,
            other_language=content.languages[others[0]].name if others else None,
        )
        self.stage.present_footer(self.slide_screen.footer, self.bar)
        self.slide_screen.show_place(place, lang.strings, None, 0, m.px(8))
        for _ in range(3):  # word-wrapped labels settle their height over a few layout passes
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self._shot = self.stage.grab()
        self.note.setText(paused)
        self._fit()
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._shot.isNull():
            return
        size = self.picture.size()
        self.picture.setPixmap(
            self._shot.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def close_stage(self) -> None:
        self._closed = True
        self.stage.hide()
        self.stage.deleteLater()


def _place(content: Content, lang: str, slide_id: str) -> Place | None:
    language = content.language(lang)
    total = len(language.slides)
    index = 0
    for section in language.sections:
        for slide in section.slides:
            if slide.id == slide_id:
                return Place(slide, section, index, total)
            index += 1
    return None
