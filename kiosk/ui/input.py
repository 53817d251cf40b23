"""Input the app looks at as a whole: activity for the idle rules, and one-finger swipes.

Swipes are read at the window, before any widget sees the event, so a button under the finger
cannot swallow them; a release that ends a swipe is not passed on, so it never clicks too.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QTimer, Signal
from PySide6.QtGui import QInputDevice, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.core.session.gesture import CornerHold
from kiosk.core.session.swipe import Stroke, Swipe, classify

ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}
BLOCKED = {
    QEvent.Type.ContextMenu,
    QEvent.Type.DragEnter,
    QEvent.Type.DragMove,
    QEvent.Type.Drop,
}


HOLD_POLL_MS = 100
INPUT = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.Wheel,
}


class InputWatcher(QObject):
    activity_seen = Signal()
    swiped = Signal(Swipe)
    staff_gesture_held = Signal()

    def __init__(self, window: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.swipes_enabled = False
        self._start: tuple[QPointF, float] | None = None
        self._pressed: QWidget | None = None
        self._swallow_release = False
        self._touch_active = False
        self.blocking = False  # cleaning mode: the screen ignores every touch and key
        self._held_down = False
        self.corner = CornerHold(clock)
        self.hold = QTimer(self)  # looks at the corner hold while a finger is there
        self.hold.setInterval(HOLD_POLL_MS)
        self.hold.timeout.connect(self._check_hold)

    def attach(self, app: QApplication) -> None:
        """One application-wide filter: it also sees each event sent to the QWindow, before
        any widget does, which is where swipes and the staff corner are read."""
        app.installEventFilter(self)

    def detach(self, app: QApplication) -> None:
        """Must run before the QApplication is destroyed: a Python filter called during
        interpreter shutdown crashes the process."""
        app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY:
            self.activity_seen.emit()
        if kind in BLOCKED:
            return True  # no context menus, no dropped files
        if self.blocking and kind in INPUT:
            return True
        if obj is self.window.windowHandle():
            return self._window_event(event)
        return False

    def _window_event(self, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(event, QTouchEvent):
            points = event.points()
            if kind == QEvent.Type.TouchBegin and len(points) == 1:
                self._begin(points[0].position())
                self._touch_active = True
            elif kind == QEvent.Type.TouchUpdate and len(points) > 1:
                self._start = None  # more fingers: not a swipe
                self._stop_hold()
            elif kind == QEvent.Type.TouchUpdate and points:
                self._moved(points[0].position())
            elif kind == QEvent.Type.TouchEnd and self._touch_active:
                self._touch_active = False
                self._stop_hold()
                if points and self._end(points[0].position()):
                    self._swallow_release = True
            elif kind == QEvent.Type.TouchCancel:
                self._start, self._touch_active = None, False
                self._stop_hold()
            return False
        if not isinstance(event, QMouseEvent):
            return False
        from_touch = event.device().type() == QInputDevice.DeviceType.TouchScreen
        if self._held_down and kind == QEvent.Type.MouseMove:
            return True  # the corner hold fired: nothing under the finger may press again
        if kind == QEvent.Type.MouseButtonPress and not from_touch:
            self._begin(event.position())
        elif kind == QEvent.Type.MouseMove and not from_touch and self.hold.isActive():
            self._moved(event.position())
        elif kind == QEvent.Type.MouseButtonRelease:
            self._stop_hold()
            self._held_down = False
            if from_touch or self._touch_active:
                swallow, self._swallow_release = self._swallow_release, False
                return self._cancel_press() if swallow else False
            if self._swallow_release:
                self._swallow_release = False
                return True
            if self._end(event.position()):
                return self._cancel_press()
        return False

    def _stop_hold(self) -> None:
        self.corner.release()
        self.hold.stop()

    def _begin(self, pos: QPointF) -> None:
        self._start = (pos, time.monotonic())
        self._swallow_release = False
        self._pressed = self.window.childAt(pos.toPoint())
        if self.corner.press(pos.x(), pos.y(), self.window.width(), self.window.height()):
            self.hold.start()

    def _moved(self, pos: QPointF) -> None:
        self.corner.move(pos.x(), pos.y(), self.window.width(), self.window.height())
        if not self.corner.holding:
            self.hold.stop()

    def _check_hold(self) -> None:
        if self.corner.due():
            self.hold.stop()
            self._held()

    def _held(self) -> None:
        """Held long enough: the finger is not tapping whatever lies under the corner."""
        self._start = None
        self._swallow_release = True
        self._held_down = True
        self._cancel_press()
        self.staff_gesture_held.emit()

    def _end(self, pos: QPointF) -> bool:
        if self._start is None or not self.swipes_enabled:
            return False
        start, t0 = self._start
        self._start = None
        screen = self.window.screen()
        # Event positions are logical pixels: physical dots per inch over the pixel ratio.
        dpi = screen.physicalDotsPerInch() / screen.devicePixelRatio() if screen else 0.0
        dpi = dpi if dpi > 10 else 96.0  # a screen that reports no size
        stroke = Stroke(start.x(), start.y(), pos.x(), pos.y(), time.monotonic() - t0, dpi)
        direction = classify(stroke)
        if direction is None:
            return False
        self.swiped.emit(direction)
        return True

    def _cancel_press(self) -> bool:
        """The finger was swiping, not tapping: undo the press on the button it started on."""
        widget = self._pressed
        while widget is not None and not isinstance(widget, QAbstractButton):
            widget = widget.parentWidget()
        if isinstance(widget, QAbstractButton):
            widget.setDown(False)
        self._pressed = None
        return True
