"""Where the schedule comes from, followed live: a file on disk (or a URL, see remote.py).

A source emits every valid version it reads (``loaded``) and every version it had to
refuse (``rejected``); the screen keeps showing the last good one. Editors save in many
ways (in place, truncate-and-write, write-temp-and-rename, delete-and-create), and
QFileSystemWatcher stops watching a file that was replaced, so the file *and* its folder
are watched, the file is added again after every change, events are debounced, and the
file is read only once its size and modification time have settled. A slow check of the
modification time backs this up on network shares, which send no change events.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from kiosk.notices import Rejection
from kiosk.reader import ReadResult, ScheduleError, ScheduleFileError, read_schedule
from kiosk.screen.photos import FolderPhotos, PhotoSource
from kiosk.screen.timers import make_timer

log = logging.getLogger("kiosk")

DEBOUNCE_MS = 80
"""Wait this long after a change event for more (editors write in several steps)."""
SETTLE_MS = 60
"""A file is read once two looks this far apart see the same size and time."""
POLL_MS = 2000
"""The backup check of the modification time, for folders that send no events."""

Stamp = tuple[int, int, int] | None
"""(size, mtime in ns, inode) of the file, or None when there is no file."""


def _stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


class ScheduleSource(QObject):
    """A schedule followed live.

    Signals: ``loaded(ReadResult)`` for each valid version read, ``rejected(Rejection)``
    for each version that is not valid or cannot be read. ``photos`` gives the speakers'
    photos, relative to the schedule.
    """

    loaded = Signal(object)
    rejected = Signal(object)
    photos: PhotoSource
    name: str

    def start(self, first: ReadResult | None = None) -> None:
        """Begin following; ``first`` is the version already read at start, if any."""
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        """Read the newest version now (F5)."""
        raise NotImplementedError


class FileSource(ScheduleSource):
    """Follows one schedule file on disk."""

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.name = path.name
        self.photos = FolderPhotos(path.parent)
        self._seen: Stamp = None
        self._candidate: Stamp = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._debounce = make_timer(self, DEBOUNCE_MS, self._settle, single_shot=True)
        self._settling = make_timer(self, SETTLE_MS, self._settled, single_shot=True)
        self._poll = make_timer(self, POLL_MS, self._check)

    def start(self, first: ReadResult | None = None) -> None:
        """Begin following the file; ``first`` is the version already read at start."""
        self._seen = _stamp(self.path)
        folder = str(self.path.parent.resolve())
        if folder not in self._watcher.directories():
            self._watcher.addPath(folder)
        self._watch_file()
        self._poll.start()
        if first is None:
            self.reload()

    def stop(self) -> None:
        for timer in (self._debounce, self._settling, self._poll):
            timer.stop()

    def reload(self) -> None:
        """Read the file now, whatever its stamp says (F5)."""
        self._seen = _stamp(self.path)
        self._read()

    def _watch_file(self) -> None:
        if self.path.exists() and str(self.path) not in self._watcher.files():
            self._watcher.addPath(str(self.path))

    def _changed(self, _path: str) -> None:
        self._watch_file()
        self._debounce.start()

    def _check(self) -> None:
        if _stamp(self.path) != self._seen and not self._debounce.isActive() \
                and not self._settling.isActive():
            self._settle()

    def _settle(self) -> None:
        self._candidate = _stamp(self.path)
        self._settling.start()

    def _settled(self) -> None:
        self._watch_file()
        stamp = _stamp(self.path)
        if stamp != self._candidate:  # still being written
            self._settle()
            return
        if stamp == self._seen:
            return
        self._seen = stamp
        self._read()

    def _read(self) -> None:
        try:
            result = read_schedule(self.path)
        except (ScheduleError, ScheduleFileError) as error:
            rejection = Rejection.of(error, self.name)
            log.warning("rejected %s: %s", self.path, rejection.message)
            self.rejected.emit(rejection)
            return
        log.info("reloaded %s: %d sessions", self.path, len(result.schedule.sessions))
        self.loaded.emit(result)
