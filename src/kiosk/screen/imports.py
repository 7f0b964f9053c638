"""The programmes a schedule imports (``import: from:``), followed live for the screen.

The reader asks for a source's bytes each time it reads schedule.yaml (an ImportReader,
kiosk.reader.imports). On the screen that never waits on a server: it gets the last good
version of the source, which is followed on its own (a file watched, a URL asked every
``--poll`` seconds with conditional requests and a deadline) and kept on disk, so a screen
restarted during an outage still has it. A new version is taken only when it reads as a
programme on its own; otherwise the last good one stays and staff see why, as for a
schedule at a URL. Each new good version makes the schedule be read again (``changed``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.copies import Copies, Validators
from kiosk.files import file_reason, read_regular_file
from kiosk.i18n import _
from kiosk.notices import Rejection
from kiosk.reader import MAX_IMPORT_BYTES, Problem, ScheduleError, ScheduleFileError
from kiosk.reader.imports import URL_SCHEMES
from kiosk.screen.reading import NotFollowed, Outcome, Reading
from kiosk.screen.timers import make_timer

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkAccessManager

    from kiosk.screen.remote import Download

log = logging.getLogger("kiosk")

DEBOUNCE_MS = 150
"""A file is read this long after its last change event (editors write in steps)."""
FILE_POLL_MS = 2000
"""The backup look at a file, for folders that send no change events (network shares)."""


class FollowedImports(QObject):
    """The imported programmes of the schedule on screen, as its ImportReader.

    Signals: ``changed()`` when a source has a new good version; ``trouble(object)`` with
    a Rejection when a source cannot be read or its newest version is not a programme, and
    None once every source is fine again.
    """

    changed = Signal()
    trouble = Signal(object)

    def __init__(self, cache_dir: Path | None, poll_seconds: float,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.poll_seconds = poll_seconds
        self._copies = Copies(cache_dir) if cache_dir is not None else None
        self._followers: dict[str, _Follower] = {}
        self._manager: QNetworkAccessManager | None = None
        self._reader = Reading(self)

    def read(self, target: str) -> bytes:
        follower = self._followers.get(target)
        if follower is None:
            follower = _UrlFollower(self, target) if target.startswith(URL_SCHEMES) \
                else _FileFollower(self, target)
            self._followers[target] = follower
            follower.first()
        if follower.good is None:
            raise ScheduleFileError(_no_version(follower))
        return follower.good

    def follow(self, target: str) -> None:
        """Start following ``target`` without waiting for it (the screen is running):
        its first version is fetched and judged like every later one, off the UI thread,
        and ``changed`` asks for the schedule to be read again once it is in. (``read``
        waits, at start: judging a 20 MiB export there held the UI thread for 4 s.)"""
        if target in self._followers:
            return  # followed already: its first answer is on its way
        follower = _UrlFollower(self, target) if target.startswith(URL_SCHEMES) \
            else _FileFollower(self, target)
        follower.awaited = True
        self._followers[target] = follower
        follower.begin()

    def stop(self) -> None:
        self._reader.stop()
        for follower in self._followers.values():
            follower.stop()

    def view(self) -> ImportsView:
        """What the followed programmes are now, as plain values, for a reading in the
        worker thread (which must not touch this object)."""
        # A source followed but without a version yet (its first answer still awaited, or
        # none good) is not NotFollowed: that would have the UI thread follow it again and
        # the worker read the schedule again, in a loop, for as long as the answer takes.
        return ImportsView({t: f.good for t, f in self._followers.items() if f.good is not None},
                           {t: _no_version(f) for t, f in self._followers.items()
                            if f.good is None and not f.awaited})

    def trouble_now(self) -> Rejection | None:
        """What is wrong with a source now (the first such), or None."""
        return next((f.rejection for f in self._followers.values() if f.rejection), None)

    def manager(self) -> QNetworkAccessManager:
        if self._manager is None:
            # imported here, like the downloads: a day that imports only files never
            # loads Qt's network module
            from PySide6.QtNetwork import QNetworkAccessManager

            self._manager = QNetworkAccessManager(self)
        return self._manager

    # -- what followers find ------------------------------------------------

    def offer(self, follower: _Follower, data: bytes, etag: str | None = None,
              last_modified: str | None = None, wait: bool = False) -> bool:
        """A version of a source: taken when it reads as a programme on its own. That is
        found in the reading worker, unless ``wait`` (the first version, at start): then
        the answer is returned (True: taken)."""
        if data == follower.good:
            self._fine(follower)
            return True
        if wait:  # the first version: what the schedule is read with, not a change of it
            return self._judged(follower, data, etag, last_modified,
                                Outcome(_refusal(data, follower.target)), announce=False)
        target = follower.target  # the job holds plain values only
        self._reader.submit(
            lambda: _refusal(data, target),
            lambda outcome: self._judged(follower, data, etag, last_modified, outcome))
        return False

    def _judged(self, follower: _Follower, data: bytes, etag: str | None,
                last_modified: str | None, outcome: Outcome[ScheduleError | None],
                announce: bool = True) -> bool:
        refusal = outcome.error if outcome.error is not None else outcome.value
        if isinstance(refusal, ScheduleError):
            rejection = Rejection.of(refusal, follower.target)
            log.warning("the imported programme %s is not used: %s", follower.target,
                        rejection.log_line())
            self._bad(follower, rejection)
            self._answered_first(follower)
            return False
        follower.good = data
        follower.validators = Validators(etag, last_modified)
        if self._copies is not None:
            self._copies.write(f"import:{follower.target}", data, etag, last_modified)
        self._fine(follower)
        if follower.awaited:
            self._answered_first(follower)
        elif announce:
            log.info("the imported programme %s changed", follower.target)
            self.changed.emit()
        return True

    def unreachable(self, follower: _Follower, message: str) -> None:
        """No version of a source came (the file is gone, the server does not answer)."""
        if follower.rejection is None or not follower.rejection.gone:
            log.warning("cannot read the imported programme %s: %s; the last good copy stays",
                        follower.target, message)
        self._bad(follower, Rejection(follower.target, message, gone=True))
        self._answered_first(follower)

    def _answered_first(self, follower: _Follower) -> None:
        """The first answer of a source followed while the screen runs is in (good or
        not): without a good version it starts from its copy on disk, if there is one;
        either way the schedule is read again with the source as it is now."""
        if not follower.awaited:
            return
        follower.awaited = False
        if follower.good is None and self.kept(follower):
            log.warning("starting from the copy kept of the imported programme %s",
                        follower.target)
        self.changed.emit()

    def kept(self, follower: _Follower) -> bool:
        """Start a source from its copy on disk; False when there is none."""
        if self._copies is None:
            return False
        copy = self._copies.read(f"import:{follower.target}", MAX_IMPORT_BYTES)
        if copy is None:
            return False
        follower.good = copy.body
        follower.validators = Validators(copy.etag, copy.last_modified)
        return True

    def _bad(self, follower: _Follower, rejection: Rejection) -> None:
        if rejection != follower.rejection:
            follower.rejection = rejection
            self.trouble.emit(rejection)

    def _fine(self, follower: _Follower) -> None:
        if follower.rejection is not None:
            follower.rejection = None
            if follower.target in self._followers:
                log.info("the imported programme %s can be read again", follower.target)
            self.trouble.emit(self.trouble_now())


def _no_version(follower: _Follower) -> str:
    """Why a followed source gives no version, in one line."""
    return follower.why or _("{target}: cannot read the imported programme",
                             target=follower.target)


class ImportsView:
    """The followed programmes' last good versions at one moment (an ImportReader for a
    reading in the worker thread): a programme not followed yet is NotFollowed."""

    def __init__(self, goods: dict[str, bytes], why: dict[str, str]) -> None:
        self._goods = goods
        self._why = why

    def read(self, target: str) -> bytes:
        if target in self._goods:
            return self._goods[target]
        if target in self._why:
            raise ScheduleFileError(self._why[target])
        raise NotFollowed(target)


def _refusal(data: bytes, target: str) -> ScheduleError | None:
    """Why ``data`` is not a programme on its own, or None when it is one."""
    from kiosk.fetching import not_an_export
    from kiosk.formats import read_imported  # the importers load when first needed

    reason = not_an_export(data, target)
    if reason is not None:
        return ScheduleError(target, [Problem(1, 1, reason)])
    try:
        read_imported(data, target)
    except ScheduleError as error:
        return error
    except Exception as error:  # a mistake of kiosk's: the source is refused, not taken
        log.error("reading %s failed: %s: %s", target, type(error).__name__, error)
        log.debug("what failed reading %s", target, exc_info=error)
        what = f"{type(error).__name__}: {error}"[:200]
        return ScheduleError(target, [Problem(1, 1, _(
            "kiosk cannot read this version ({error}); the log says more", error=what))])
    return None


class _Follower(QObject):
    """One imported source, followed."""

    def __init__(self, owner: FollowedImports, target: str) -> None:
        super().__init__(owner)
        self.owner = owner
        self.target = target
        self.good: bytes | None = None
        self.why: str | None = None
        """Why there is no good version at all (for the first read)."""
        self.rejection: Rejection | None = None
        self.validators = Validators()
        self.awaited = False
        """Followed while the screen runs, its first answer not judged yet."""

    def first(self) -> None:
        """Start following, with the first version read and judged before returning."""
        raise NotImplementedError

    def begin(self) -> None:
        """Start following; the first version is judged off the UI thread."""
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class _FileFollower(_Follower):
    """A source that is a file: watched, with a slow look for folders without events."""

    def __init__(self, owner: FollowedImports, target: str) -> None:
        super().__init__(owner, target)
        self.path = Path(target)
        self._stamp: tuple[int, int, int] | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._debounce = make_timer(self, DEBOUNCE_MS, self._read, single_shot=True)
        self._poll = make_timer(self, FILE_POLL_MS, self._look)

    def first(self) -> None:
        data = self._bytes()
        if (data is None or not self.owner.offer(self, data, wait=True)) and self.owner.kept(self):
            log.warning("starting from the copy kept of the imported programme %s", self.target)
        self._watch()

    def begin(self) -> None:
        self._watch()
        data = self._bytes()
        if data is not None:
            self.owner.offer(self, data)

    def _watch(self) -> None:
        for path in (str(self.path), str(self.path.parent)):
            if Path(path).exists():
                self._watcher.addPath(path)
        self._stamp = self._stat()
        self._poll.start()

    def stop(self) -> None:
        self._poll.stop()
        self._debounce.stop()

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_size, info.st_mtime_ns, info.st_ino

    def _changed(self, _path: str) -> None:
        if str(self.path) not in self._watcher.files() and self.path.exists():
            self._watcher.addPath(str(self.path))  # replaced by an atomic save
        self._debounce.start()

    def _look(self) -> None:
        if self._stat() != self._stamp and not self._debounce.isActive():
            self._read()

    def _read(self) -> None:
        self._stamp = self._stat()
        data = self._bytes()
        if data is not None:
            self.owner.offer(self, data)

    def _bytes(self) -> bytes | None:
        try:
            return read_regular_file(self.path, MAX_IMPORT_BYTES)
        except OSError as error:
            message = file_reason(error)
            self.why = _("{target}: cannot read the imported programme: {reason}",
                         target=self.target, reason=message)
            self.owner.unreachable(self, message)
            return None


class _UrlFollower(_Follower):
    """A source at a URL: asked every poll_seconds, with conditional requests. Its
    downloads are imported when it first asks (kiosk.screen.remote loads Qt's network
    module, which a day without URLs never needs)."""

    def __init__(self, owner: FollowedImports, target: str) -> None:
        super().__init__(owner, target)
        self._download: Download | None = None
        self._poll = make_timer(self, round(owner.poll_seconds * 1000), self._fetch)

    def first(self) -> None:
        """Wait for one answer (at most the deadline); else start from the copy on disk."""
        from kiosk.screen.remote import DEADLINE_MS, Download

        loop = QEventLoop()
        download = Download(self.owner.manager(), self.target, {}, MAX_IMPORT_BYTES,
                            lambda _download: loop.quit())
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(DEADLINE_MS + 1000)
        if not download.finished:
            loop.exec()
        guard.stop()
        download.give_up(_("no answer within {seconds:g} s", seconds=DEADLINE_MS / 1000))
        self._answered(download, wait=True)
        if self.good is None and self.owner.kept(self):
            log.warning("starting from the copy kept of the imported programme %s",
                        self.target)
        self._poll.start()

    def begin(self) -> None:
        self._poll.start()
        self._fetch()

    def stop(self) -> None:
        self._poll.stop()
        if self._download is not None:
            self._download.cancel()
            self._download = None

    def _fetch(self) -> None:
        from kiosk.screen.remote import Download

        if self._download is None:
            headers = self.validators.headers() if self.good is not None else {}
            self._download = Download(self.owner.manager(), self.target, headers,
                                      MAX_IMPORT_BYTES, self._done)

    def _done(self, download: Download) -> None:
        self._download = None
        self._answered(download)

    def _answered(self, download: Download, wait: bool = False) -> None:
        if download.failure is not None:
            self.why = _("{target}: cannot fetch the imported programme ({reason})",
                         target=self.target, reason=download.failure)
            self.owner.unreachable(self, download.failure)
            return
        if download.status == 304 and self.good is not None:
            self.owner.offer(self, self.good)
            return
        self.owner.offer(self, bytes(download.body), download.validators.etag,
                         download.validators.last_modified, wait=wait)
