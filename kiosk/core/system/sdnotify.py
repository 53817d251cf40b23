"""The systemd notify protocol, spoken directly: one datagram to $NOTIFY_SOCKET.

READY=1 after the first painted frame, WATCHDOG=1 from the UI thread, so a frozen UI misses its
watchdog and systemd restarts the kiosk. Without $NOTIFY_SOCKET every call does nothing.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger("kiosk.systemd")


class Notifier:
    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):
            address = "\0" + address[1:]  # an abstract socket
        self.address = address
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        # Under cage the service's main process is the compositor, our parent (NotifyAccess=all).
        mine = not pid or pid in (str(os.getpid()), str(os.getppid()))
        self.watchdog_ms = int(usec) // 1000 if usec.isdigit() and mine else 0
        self._failing = False

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def send(self, message: str) -> bool:
        if not self.address:
            return False
        import socket  # only where systemd listens (and not before the first frame)

        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.connect(self.address)
                # Never wait: this runs on the UI thread, and a busy receiver must not freeze it.
                sock.send(message.encode(), socket.MSG_DONTWAIT)
        except OSError as exc:
            if not self._failing:
                log.warning("cannot notify systemd (%s)", exc)
            self._failing = True
            return False
        self._failing = False
        return True

    def ready(self) -> bool:
        return self.send("READY=1\nSTATUS=showing the welcome screen")

    def watchdog(self) -> bool:
        return self.send("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.send("STOPPING=1")
