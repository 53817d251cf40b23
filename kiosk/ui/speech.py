"""Read-aloud through Qt's text-to-speech. Without a working engine the control is hidden."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger("kiosk.speech")


def default_engine() -> str:
    """On Linux Qt speaks through speech-dispatcher (with espeak-ng); elsewhere the OS's own."""
    return "speechd" if sys.platform.startswith("linux") else ""


class Speaker(QObject):
    said = Signal(str)  # the text handed to the engine

    def __init__(self, engine: str | None = None) -> None:
        """engine: a Qt engine name, "" for the platform default, None for no speech at all."""
        super().__init__()
        self.tts: QTextToSpeech | None = None
        if engine is None:
            return
        # Imported only when wanted: it loads Qt Multimedia, which is slow and chatty.
        from PySide6.QtTextToSpeech import QTextToSpeech

        if engine and engine not in QTextToSpeech.availableEngines():
            log.info(
                "read aloud is off: no '%s' speech engine (install speech-dispatcher "
                "and espeak-ng)",
                engine,
            )
            return
        tts = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        if tts.state() == QTextToSpeech.State.Error:
            log.info("read aloud is off: %s", tts.errorString() or "the speech engine failed")
            return
        self.tts = tts

    @property
    def available(self) -> bool:
        return self.tts is not None

    def say(self, text: str, language: str) -> None:
        tts = self.tts
        if tts is None or not text:
            return
        want = QLocale(language).language()
        match = next((loc for loc in tts.availableLocales() if loc.language() == want), None)
        if match is not None:
            tts.setLocale(match)
        tts.stop()
        tts.say(text)
        self.said.emit(text)

    def stop(self) -> None:
        if self.tts is not None:
            self.tts.stop()
