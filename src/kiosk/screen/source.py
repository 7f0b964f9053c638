"""Where the schedule comes from, followed live: a file on disk (or a URL, see remote.py).

A source emits every valid version it reads (``loaded``) and every version it had to
refuse (``rejected``); the screen keeps showing the last good one. Editors save in many
ways (in place, truncate-and-write, write-temp-and-rename, delete-and-create), and
QFileSystemWatcher stops watching a file that was replaced, so the file *and* its folder
(and the folder above, for a folder that is replaced whole) are watched, watches are
renewed whenever what a path names changes, events are debounced, and the file is read
only once its size and modification time have settled. A slow check of the modification
time backs this up on network shares, which send no change events. A valid version that
looks half written waits until the file has been quiet (kiosk.holding). The last good
version is kept on disk, so a screen started on a broken file it has shown before starts
from that copy.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from kiosk.copies import Copies
from kiosk.files import absolute, read_regular_file
from kiosk.holding import QUIET_SECONDS, Version, hold_reason
from kiosk.notices import Rejection
from kiosk.reader import (
    MAX_IMPORT_BYTES,
    ReadResult,
    ScheduleError,
    ScheduleFileError,
    parse_schedule,
    read_schedule,
)
from kiosk.reader.imports import ImportReader
from kiosk.screen.photos import FolderPhotos, PhotoSource
from kiosk.screen.reading import NotFollowed, Outcome, Reading, failed
from kiosk.screen.timers import make_timer

if TYPE_CHECKING:  # a cycle at run time: imports uses remote's downloads, remote this module
    from kiosk.screen.imports import FollowedImports

log = logging.getLogger("kiosk")

DEBOUNCE_MS = 80
"""Wait this long after a change event for more (editors write in several steps)."""
SETTLE_MS = 60
"""A file is read once two looks this far apart see the same size and time."""
POLL_MS = 2000
"""The backup check of the modification time, for folders that send no events."""

Stamp = tuple[int, int, int, int] | None
"""(size, mtime in ns, device, inode) of a file or folder, or None when there is none."""


def _stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # ValueError: a path the system cannot even look up
        return None
    return info.st_size, info.st_mtime_ns, info.st_dev, info.st_ino


def read_file(path: Path, imports: ImportReader | None) -> tuple[bytes, ReadResult]:
    """A schedule file's bytes and what the reader makes of them; raises as read_schedule.

    Pure (it runs in the reading worker): ``imports`` is a snapshot there."""
    for _ in range(3):
        try:
            data = read_regular_file(path, MAX_IMPORT_BYTES)
        except OSError:
            read_schedule(path)  # raises what is wrong, in the reader's words
            continue  # fine by now: the file was replaced meanwhile; read it again
        return data, parse_schedule(data, source=str(path), folder=path.parent, imports=imports)
    raise ScheduleFileError(_("{path}: cannot read the schedule file: it keeps changing while "
                              "it is read", path=path))


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


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
    imports: FollowedImports | None = None
    """The programmes the schedule imports, followed (see follow_imports)."""

    def follow_imports(self, imports: FollowedImports) -> None:
        """Read the schedule's ``import: from:`` through ``imports``, and read the schedule
        again whenever an imported programme changes."""
        self.imports = imports
        imports.changed.connect(self.reread)
        imports.trouble.connect(self._import_trouble)

    def reread(self) -> None:
        """Read the version there is again, with the imported programmes as they are now."""
        self.reload()

    def _import_trouble(self, rejection: Rejection | None) -> None:
        if rejection is None:
            self.reread()  # fine again: the notice goes with the next version shown
        else:
            self.rejected.emit(rejection)

    def _loaded(self, result: ReadResult) -> None:
        """Tell the screen of a new version; an imported programme's trouble stays told."""
        self.loaded.emit(result)
        trouble = self.imports.trouble_now() if self.imports is not None else None
        if trouble is not None:
            self.rejected.emit(trouble)

    def load_first(self) -> ReadResult:
        """The version to start with. Raises ScheduleError or ScheduleFileError when there
        is none (a problem found that a kept copy covers is told once started)."""
        raise NotImplementedError

    def start(self, first: ReadResult | None = None) -> None:
        """Begin following; ``first`` is the version already read at start, if any."""
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        """Read the newest version now (F5)."""
        raise NotImplementedError


class FileSource(ScheduleSource):
    """Follows one schedule file on disk.

    ``cache_dir``: where the last good version is kept (None: nowhere, as in tests).
    ``now`` gives the moment the screen shows (its clock), for the hold rule.
    """

    def __init__(self, path: Path, parent: QObject | None = None, *,
                 cache_dir: Path | None = None,
                 now: Callable[[], dt.datetime] = _utc_now,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        # Made absolute once: a relative path would go on naming the file in the folder
        # that was there at start, even after that folder is moved away and replaced.
        self.path = absolute(path)
        self.name = path.name
        self.photos = FolderPhotos(self.path.parent)
        self.now = now
        self._monotonic = monotonic
        self._copies = Copies(cache_dir) if cache_dir is not None else None
        self._key = self.path.as_uri()
        self._kept: bytes | None = None
        self._shown: Version | None = None
        """The valid version on screen (what a new one is compared with)."""
        self._pending: Rejection | None = None
        """A problem found by load_first, told once started."""
        self._held: str | None = None
        """Why the version read last waits (None: nothing waits)."""
        self._seen: Stamp = None
        self._candidate: Stamp = None
        self._observed: Stamp = None
        self._changed_at = -math.inf
        """When (monotonic) the file was last seen to change."""
        self._watched: dict[str, tuple[int, int]] = {}
        """Watched paths and the identity (device, inode) each had when added."""
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._debounce = make_timer(self, DEBOUNCE_MS, self._settle, single_shot=True)
        self._settling = make_timer(self, SETTLE_MS, self._settled, single_shot=True)
        self._poll = make_timer(self, POLL_MS, self._check)
        self._hold = make_timer(self, round(QUIET_SECONDS * 1000), self._quiet,
                                single_shot=True)
        self._reader = Reading(self)
        self._reading = False
        self._again = False

    # -- starting and stopping ------------------------------------------------------

    def load_first(self) -> ReadResult:
        """The file's version, or, when the file is broken or missing, the copy kept of
        the last good one (the problem is told to the screen once it has started)."""
        try:
            data, result = self._read_file()
        except (ScheduleError, ScheduleFileError) as error:
            copy = self._read_copy()
            if copy is None:
                raise
            data, result = copy
            self._pending = Rejection.of(error, self.name)
            log.warning("%s: %s; showing the copy kept of the last good version until the "
                        "file is right again", self.path, self._pending.message)
        self._shown = Version(data, result.schedule)
        self._keep(data)
        return result

    def start(self, first: ReadResult | None = None) -> None:
        """Begin following the file; ``first`` is the version already read at start."""
        self._seen = self._observed = _stamp(self.path)
        self._rewatch()
        self._poll.start()
        if first is None:
            self._pending = None
            self.reload()
            return
        if self._shown is None:  # read by the caller: compare later versions with it
            try:
                data = read_regular_file(self.path, MAX_IMPORT_BYTES)
            except OSError:
                data = b""
            self._shown = Version(data, first.schedule)
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.rejected.emit(pending)

    def stop(self) -> None:
        for timer in (self._debounce, self._settling, self._poll, self._hold):
            timer.stop()
        self._reader.stop()
        if self.imports is not None:
            self.imports.stop()

    def reload(self) -> None:
        """Read the file now, whatever its stamp says (F5)."""
        self._seen = self._look()
        self._read()

    # -- watching -------------------------------------------------------------------

    def _look(self) -> Stamp:
        """The file's stamp now; notes the moment when it differs from the last look."""
        stamp = _stamp(self.path)
        if stamp != self._observed:
            self._observed = stamp
            self._changed_at = self._monotonic()
        return stamp

    def _rewatch(self) -> None:
        """Watch the file, its folder and the folder above, each as it is now: a path that
        names another file or folder than when it was added is watched again."""
        folder = self.path.parent
        for path in (self.path, folder, folder.parent):
            name = str(path)
            stamp = _stamp(path)
            identity = None if stamp is None else stamp[2:]
            if name in self._watched and self._watched[name] == identity \
                    and name in self._watcher.files() + self._watcher.directories():
                continue
            if name in self._watcher.files() or name in self._watcher.directories():
                self._watcher.removePath(name)
            self._watched.pop(name, None)
            if identity is not None and os.access(name, os.R_OK):
                self._watcher.addPath(name)
                self._watched[name] = identity

    def _changed(self, _path: str) -> None:
        self._changed_at = self._monotonic()
        self._rewatch()
        self._debounce.start()

    def _check(self) -> None:
        self._rewatch()
        if self._look() != self._seen and not self._debounce.isActive() \
                and not self._settling.isActive():
            self._settle()

    def _settle(self) -> None:
        self._candidate = self._look()
        self._settling.start()

    def _settled(self) -> None:
        self._rewatch()
        stamp = self._look()
        if stamp != self._candidate:  # still being written
            self._settle()
            return
        if stamp == self._seen:
            return
        self._seen = stamp
        self._read()

    def _quiet(self) -> None:
        """The wait of a held version is over: read the file again, unless it changed
        meanwhile (then it is being written still, and is read once it settles)."""
        stamp = self._look()
        if stamp != self._seen:
            self._settle()
            return
        self._read()

    # -- reading --------------------------------------------------------------------

    def _read_file(self) -> tuple[bytes, ReadResult]:
        """The file's bytes and what the reader makes of them, now, in this thread."""
        return read_file(self.path, self.imports)

    def _read(self) -> None:
        """Read the file in the worker thread; a change meanwhile is read once it is done."""
        if self._reading:
            self._again = True
            return
        self._reading = True
        imports = self.imports.view() if self.imports is not None else None
        self._reader.submit(functools.partial(read_file, self.path, imports), self._took)

    def _took(self, outcome: Outcome[tuple[bytes, ReadResult]]) -> None:
        self._reading = False
        if self._again:  # the file changed while it was read: only the newest counts
            self._again = False
            self._read()
            return
        try:
            data, result = outcome.get()
        except NotFollowed as new:  # a programme the schedule now imports: follow it here;
            # once its first version is in, `changed` has the schedule read again
            assert self.imports is not None
            self.imports.follow(new.target)
            return
        except (ScheduleError, ScheduleFileError) as error:
            self._hold.stop()
            self._held = None
            rejection = Rejection.of(error, self.name)
            log.warning("rejected %s", rejection.log_line(str(self.path)))
            self.rejected.emit(rejection)
            return
        except Exception as error:  # a mistake of kiosk's: the screen goes on regardless
            self._hold.stop()
            self._held = None
            self.rejected.emit(failed(error, self.name, str(self.path)))
            return
        candidate = Version(data, result.schedule)
        if self._shown is not None:
            quiet = self._monotonic() - self._changed_at
            why = hold_reason(self._shown, candidate, self.now(), quiet)
            if why is not None:
                if why != self._held:
                    log.info("holding the new version of %s until the file has been quiet "
                             "for %g s: %s", self.path, QUIET_SECONDS, why)
                self._held = why
                self._hold.start(max(50, math.ceil((QUIET_SECONDS - quiet) * 1000)))
                return
        self._hold.stop()
        self._held = None
        self._shown = candidate
        self._keep(data)
        log.info("reloaded %s: %d sessions", self.path, len(result.schedule.sessions))
        self._loaded(result)

    # -- the copy of the last good version ------------------------------------------

    def _read_copy(self) -> tuple[bytes, ReadResult] | None:
        if self._copies is None:
            return None
        copy = self._copies.read(self._key, MAX_IMPORT_BYTES)
        if copy is None:
            return None
        try:
            result = parse_schedule(copy.body, source=str(self.path), folder=self.path.parent,
                                    imports=self.imports)
        except ScheduleError as error:  # a newer kiosk may refuse what an older one took
            log.warning("%s: the copy kept is not valid any more (%s): ignored",
                        self.path, error)
            return None
        self._kept = copy.body
        return copy.body, result

    def _keep(self, data: bytes) -> None:
        if self._copies is not None and data != self._kept and \
                self._copies.write(self._key, data):
            self._kept = data
