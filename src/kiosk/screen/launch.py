"""What ``kiosk run`` checks and holds before and while the screen runs: a display to draw
on, one screen per monitor, and a clean stop when the system asks for one."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import socket
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

from PySide6.QtCore import QObject, QSocketNotifier

from kiosk.copies import default_cache_dir
from kiosk.i18n import NOTHING, _

log = logging.getLogger("kiosk")

_NEEDS = {"xcb": ("DISPLAY",), "wayland": ("WAYLAND_DISPLAY", "WAYLAND_SOCKET"),
          "wayland-egl": ("WAYLAND_DISPLAY", "WAYLAND_SOCKET")}
"""The Qt platforms that draw on a display server, and what tells them where it is.
Every other platform (offscreen, eglfs, linuxfb, vnc, ...) needs none."""


def display_problem(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why Qt will find no display to open the screen on, in one line; None when it will.

    Without this, Qt aborts (exit status 134) with a message about libxcb-cursor0.
    """
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None  # Windows and macOS always have their own display
    asked = environ.get("QT_QPA_PLATFORM", "").strip()
    names = [part.split(":", 1)[0].strip().lower() for part in asked.split(";") if part.strip()]
    for name in names or ["xcb", "wayland"]:
        needs = _NEEDS.get(name)
        if needs is None or any(environ.get(variable) for variable in needs):
            return None
    wanted = " / ".join(sorted({v for n in names or ["xcb", "wayland"] for v in _NEEDS[n]}
                               - {"WAYLAND_SOCKET"}))
    return _("no display found ({variables} not set): start kiosk on the screen's own desktop "
             "(the autostart entry does, see the venue setup guide), or over SSH with "
             "DISPLAY=:0 kiosk run", variables=wanted)


class AlreadyRunning(Exception):
    """Another ``kiosk run`` holds the screen (exit status 2)."""


class InstanceLock:
    """Held while a fullscreen ``kiosk run`` shows a monitor, so a second one refuses.

    An advisory lock on a file in the runtime folder (``$XDG_RUNTIME_DIR``, else the cache
    folder): the system drops it when the process ends however it ends, so a crashed
    screen never leaves a stale lock behind. One lock per display and ``--screen``.
    """

    def __init__(self, display: str, screen: str | None, folder: Path | None = None) -> None:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        if folder is None:
            folder = Path(runtime) if runtime and Path(runtime).is_dir() else default_cache_dir()
        name = re.sub(r"[^A-Za-z0-9._-]", "_", f"{display or 'display'}-{screen or 'primary'}")
        self.path = folder / f"kiosk-run-{name}.lock"
        self._stream: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise AlreadyRunning (naming the process that holds it)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        stream = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 (held for the run)
        try:
            _lock(stream)
        except OSError:
            stream.seek(0)
            holder = stream.read(32).strip()
            stream.close()
            process = _(" (process {pid})", pid=holder) if holder.isdigit() else NOTHING
            raise AlreadyRunning(_(
                "the screen is already running on this monitor{process}: stop it first "
                "(systemctl --user stop kiosk), or add --windowed for a second look in a "
                "window", process=process)) from None
        stream.seek(0)
        stream.truncate()
        stream.write(f"{os.getpid()}\n")
        stream.flush()
        self._stream = stream

    def release(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None


def _lock(stream: IO[str]) -> None:
    if os.name == "nt":
        import msvcrt

        msvcrt.locking(stream.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


class SignalStop(QObject):
    """Stops the screen cleanly on SIGTERM (``systemctl stop``, a shutdown), once.

    Python runs its signal handlers only between its own statements, never while Qt's
    event loop waits: the signal's number goes through a socket that Qt watches.
    """

    def __init__(self, stop: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = stop
        self._done = False
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = signal.signal(signal.SIGTERM, lambda *_: None)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        with contextlib.suppress(OSError):
            numbers = self._reader.recv(64)
            if signal.SIGTERM in numbers and not self._done:
                self._done = True
                self._stop("SIGTERM")

    def close(self) -> None:
        """Give the signals back as they were."""
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        signal.signal(signal.SIGTERM, self._previous)
        self._reader.close()
        self._writer.close()
