"""Keeping the display awake while the screen runs, where the platform allows it.

Linux desktops: the freedesktop ScreenSaver ``Inhibit`` call over D-Bus (QtDBus).
Windows: ``SetThreadExecutionState``. Elsewhere (a bare X session on a player) the
README's venue setup guide says what to switch off (xset, raspi-config).
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

log = logging.getLogger("kiosk")

_ES_CONTINUOUS = 0x80000000
_ES_SYSTEM_REQUIRED = 0x00000001
_ES_DISPLAY_REQUIRED = 0x00000002


class Awake:
    """Holds the display awake until :meth:`release`; says how in ``how``."""

    def __init__(self) -> None:
        self.how = "nothing (see the venue setup guide)"
        self._inhibitor: QDBusInterface | None = None
        self._cookie: int | None = None
        self._windows = False
        if sys.platform == "win32":
            kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel.SetThreadExecutionState(
                _ES_CONTINUOUS | _ES_SYSTEM_REQUIRED | _ES_DISPLAY_REQUIRED)
            self._windows = True
            self.how = "SetThreadExecutionState"
        else:
            self._inhibit_over_dbus()
        log.info("keeping the display awake with %s", self.how)

    def _inhibit_over_dbus(self) -> None:
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return
        service = "org.freedesktop.ScreenSaver"
        inhibitor = QDBusInterface(service, "/org/freedesktop/ScreenSaver", service, bus)
        if not inhibitor.isValid():
            return
        reply = inhibitor.call("Inhibit", "kiosk", "showing the event programme")
        if reply.type() == QDBusMessage.MessageType.ReplyMessage and reply.arguments():
            self._inhibitor = inhibitor
            self._cookie = int(reply.arguments()[0])
            self.how = "the freedesktop ScreenSaver inhibit (D-Bus)"

    def release(self) -> None:
        if self._inhibitor is not None and self._cookie is not None:
            self._inhibitor.call("UnInhibit", self._cookie)
            self._inhibitor = None
        if self._windows:
            ctypes.windll.kernel32.SetThreadExecutionState(_ES_CONTINUOUS)  # type: ignore[attr-defined]
            self._windows = False
