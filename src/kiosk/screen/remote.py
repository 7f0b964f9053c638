"""A schedule followed over HTTP(S): one schedule.yaml on a web server, many screens.

A venue with screens in the lobby, at every room door and in the foyer edits one file on
one web server; every screen asks for it every ``--poll`` seconds with a conditional
request (ETag / If-Modified-Since), so an unchanged schedule costs a 304 and nothing else.
Each version goes through the same reader and the same staff notices as a file on disk.
The last good version is kept on disk, so a screen restarted during a network outage
still shows the programme; speakers' photos are fetched relative to the schedule's URL
and kept on disk as well. Qt's own network stack does the HTTP: no new dependency.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urljoin

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from kiosk.copies import Copies, Validators, default_cache_dir
from kiosk.i18n import _
from kiosk.notices import Rejection
from kiosk.options import DEFAULT_POLL_SECONDS, MAX_POLL_SECONDS, MIN_POLL_SECONDS
from kiosk.reader import (
    MAX_IMPORT_BYTES,
    ReadResult,
    ScheduleError,
    ScheduleFileError,
    parse_schedule,
)
from kiosk.reader.imports import ImportReader
from kiosk.screen.photos import MAX_PHOTO_BYTES, decode_photo
from kiosk.screen.reading import NotFollowed, Outcome, Reading, failed
from kiosk.screen.source import ScheduleSource
from kiosk.screen.timers import make_timer

log = logging.getLogger("kiosk")

TRANSFER_TIMEOUT_MS = 10_000
"""A request that sees no data for this long is given up (the next poll tries again)."""
DEADLINE_MS = 20_000
"""A request not finished this long after it was sent is given up, however it trickles
(Qt's transfer timeout starts again with every byte: a server sending one byte a second
would hold a request for ever)."""
PHOTO_RETRY_SECONDS = 60.0
"""After a photo could not be fetched, ask again no sooner than this."""


def photo_url(schedule_url: str, relative: PurePosixPath) -> str | None:
    """The URL of a photo named relative to the schedule, or None if it leaves its folder.

    The reader already refuses absolute paths and ``..``; this guards again, and also
    against anything a URL would read differently from a path (``?``, ``#``, ``//``).
    """
    if not relative.parts or relative.is_absolute() or ".." in relative.parts:
        return None
    joined = urljoin(schedule_url, quote(relative.as_posix(), safe="/"))
    folder = urljoin(schedule_url, ".")
    return joined if joined.startswith(folder) and joined != folder else None


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class CachedSchedule:
    """The last good version of a schedule as kept on disk, and when it was fetched."""

    body: bytes
    validators: Validators
    fetched: float
    """Seconds since the epoch (the cache file's modification time)."""


class DiskCache:
    """Copies of fetched schedules and photos, one verified file per URL (kiosk.copies).

    A copy that does not verify (cut short, changed) is not used: the schedule is then
    fetched afresh, and a photo shows initials until it has been fetched again.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.copies = Copies(folder)

    def path(self, url: str) -> Path:
        return self.copies.path(url)

    def read_schedule(self, url: str) -> CachedSchedule | None:
        copy = self.copies.read(url, MAX_IMPORT_BYTES)  # an imported export may be 20 MiB
        if copy is None:
            return None
        return CachedSchedule(copy.body, Validators(copy.etag, copy.last_modified), copy.kept)

    def write_schedule(self, url: str, body: bytes, validators: Validators) -> None:
        self.copies.write(url, body, validators.etag, validators.last_modified)

    def read_photo(self, url: str) -> QImage | None:
        copy = self.copies.read(url, MAX_PHOTO_BYTES)
        if copy is None:
            return None
        image, why = decode_photo(copy.body)
        if image is None:
            log.warning("the copy kept of %s is not used: the photo %s", url, why)
        return image

    def write_photo(self, url: str, body: bytes) -> None:
        self.copies.write(url, body)


class Download:
    """One GET in flight: its body read as it comes, up to a limit, then one callback.

    A body over the limit is cut off (``too_large``) rather than held in memory: for a
    schedule, the reader then says the file is too large, with the first bytes to prove it.
    Everything about the answer is copied out of the reply when it finishes, because Qt
    deletes the reply soon after.
    """

    def __init__(
        self,
        manager: QNetworkAccessManager,
        url: str,
        headers: dict[str, str],
        limit: int,
        done: Callable[[Download], None],
    ) -> None:
        request = QNetworkRequest(QUrl(url))
        request.setTransferTimeout(TRANSFER_TIMEOUT_MS)
        for name, value in headers.items():
            request.setRawHeader(name.encode("latin-1"), value.encode("latin-1"))
        self.url = url
        self.limit = limit
        self.body = bytearray()
        self.too_large = False
        self.finished = False
        self.status: int | None = None
        """The HTTP status code, or None when no answer came."""
        self.validators = Validators()
        self.failure: str | None = None
        """Why no usable answer came, in one line; None for a 2xx or a 304."""
        self._done: Callable[[Download], None] | None = done
        self._given_up: str | None = None
        self.reply = manager.get(request)
        self.reply.readyRead.connect(self._read)
        self.reply.finished.connect(self._finish)
        deadline = DEADLINE_MS
        self._deadline = QTimer()
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(
            lambda: self.give_up(_("no complete answer within {seconds:g} s",
                                   seconds=deadline / 1000)))
        self._deadline.start(deadline)

    def give_up(self, reason: str) -> None:
        """Abort, and report ``reason`` as the failure (the callback still runs)."""
        if not self.finished:
            self._given_up = reason
            self._abort()

    def cancel(self) -> None:
        """Abort, and forget: the callback does not run."""
        self._done = None
        if not self.finished:
            self._abort()

    def _abort(self) -> None:
        self.reply.abort()
        self._finish()  # in case Qt did not finish it at once

    def _read(self) -> None:
        # Reading a reply that failed before it opened makes Qt warn: only read open ones.
        if self.too_large or self.finished or not self.reply.isOpen():
            return
        self.body += self.reply.readAll().data()
        if len(self.body) > self.limit:
            del self.body[self.limit + 1:]
            self.too_large = True
            self._abort()

    def _finish(self) -> None:
        if self.finished:
            return
        self._deadline.stop()
        self._read()
        self.finished = True
        reply = self.reply
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        self.status = status if isinstance(status, int) else None
        self.validators = Validators(_header(reply, "ETag"), _header(reply, "Last-Modified"))
        self.failure = self._judge(reply)
        reply.deleteLater()
        done, self._done = self._done, None
        if done is not None:
            done(self)

    def _judge(self, reply: QNetworkReply) -> str | None:
        if self._given_up is not None:
            return self._given_up
        if self.too_large:
            return None  # an answer all the same: the reader says what is wrong with it
        status = self.status
        if status is not None and status >= 400:
            reason = reply.attribute(QNetworkRequest.Attribute.HttpReasonPhraseAttribute)
            said = _one_line(str(reason or ""))
            if not said:
                return _("the server answered {status}", status=status)
            return _("the server answered {status} {reason}", status=status, reason=said)
        error = reply.error()
        if error in (QNetworkReply.NetworkError.OperationCanceledError,
                     QNetworkReply.NetworkError.TimeoutError):
            # Qt aborts a reply whose transfer timeout ran out; our own aborts say why.
            return _("no answer within {seconds:g} s", seconds=TRANSFER_TIMEOUT_MS / 1000)
        if error != QNetworkReply.NetworkError.NoError:
            known = _network_reasons().get(error)
            return known if known is not None else _one_line(reply.errorString())
        if status is None or not (200 <= status < 300 or status == 304):
            return _("the server answered {status}, not the schedule", status=status)
        return None


@functools.cache
def _network_reasons() -> dict[QNetworkReply.NetworkError, str]:
    """Qt's network errors that staff meet, in kiosk's words (Qt's own are English only)."""
    errors = QNetworkReply.NetworkError
    redirect = _("the server redirects to an address that is not http(s), or from https "
                 "to http")
    return {
        errors.ConnectionRefusedError: _("the server refuses the connection"),
        errors.HostNotFoundError: _("no server has that name (or this computer is offline)"),
        errors.RemoteHostClosedError: _("the server closed the connection before the end"),
        errors.TooManyRedirectsError: _("the server redirects in a loop"),
        errors.InsecureRedirectError: redirect,
        errors.ProtocolUnknownError: redirect,  # the URL itself is http(s): a redirect's
    }


def _header(reply: QNetworkReply, name: str) -> str | None:
    value = bytes(reply.rawHeader(name).data()).decode("latin-1").strip()
    return value or None


class UrlPhotos(QObject):
    """Speakers' photos fetched relative to the schedule's URL, kept in memory and on disk.

    ``photo()`` never waits: the first call starts a fetch and returns the copy on disk
    (or None); once the photo has arrived, ``arrived(PurePosixPath)`` is emitted and later
    calls return it. Each photo is fetched once per run; a failed fetch is retried no
    sooner than PHOTO_RETRY_SECONDS, when the photo is asked for again.
    """

    arrived = Signal(object)

    def __init__(self, schedule_url: str, manager: QNetworkAccessManager, cache: DiskCache,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.schedule_url = schedule_url
        self._manager = manager
        self._cache = cache
        self._images: dict[PurePosixPath, QImage] = {}
        self._fresh: set[PurePosixPath] = set()
        """Fetched in this run: not fetched again."""
        self._failed: dict[PurePosixPath, float] = {}
        """When (time.monotonic) each photo last failed to arrive."""
        self._fetching: dict[PurePosixPath, Download] = {}
        self._refused: set[PurePosixPath] = set()

    def photo(self, relative: PurePosixPath) -> QImage | None:
        url = photo_url(self.schedule_url, relative)
        if url is None:
            if relative not in self._refused:
                self._refused.add(relative)
                log.warning("photo '%s' leads outside the folder of %s: not fetched",
                            relative, self.schedule_url)
            return None
        if relative not in self._images:
            cached = self._cache.read_photo(url)
            if cached is not None:
                self._images[relative] = cached
        if relative not in self._fresh and relative not in self._fetching:
            failed = self._failed.get(relative)
            if failed is None or time.monotonic() - failed >= PHOTO_RETRY_SECONDS:
                self._fetching[relative] = Download(
                    self._manager, url, {}, MAX_PHOTO_BYTES,
                    lambda download: self._arrived(relative, download))
        return self._images.get(relative)

    def stop(self) -> None:
        """Abort every fetch in flight."""
        for download in self._fetching.values():
            download.cancel()
        self._fetching.clear()

    def _arrived(self, relative: PurePosixPath, download: Download) -> None:
        self._fetching.pop(relative, None)
        failure = download.failure
        body = bytes(download.body)
        image: QImage | None = None
        if download.too_large:
            failure = f"larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MiB"
        elif failure is None:
            image, why = decode_photo(body)
            if image is None:
                failure = f"the photo {why}"
        if failure is not None or image is None:
            if relative not in self._failed:  # once per photo, not once per retry
                log.warning("photo %s: %s; %s", download.url, failure,
                            "the copy kept stays" if relative in self._images
                            else "the screen shows initials")
            self._failed[relative] = time.monotonic()
            return
        self._failed.pop(relative, None)
        self._fresh.add(relative)
        self._images[relative] = image
        self._cache.write_photo(download.url, body)
        self.arrived.emit(relative)


@dataclass(frozen=True)
class _Failure:
    """No version came: the network, the server or the HTTP status said no."""

    message: str


_Version = tuple[bytes, ReadResult | ScheduleError]
"""A version the server served: its bytes, and what the reader made of them."""
_Outcome = _Version | _Failure
"""What one request amounts to."""


def read_body(body: bytes, url: str, imports: ImportReader | None
              ) -> ReadResult | ScheduleError:
    """What the reader makes of a version served at ``url`` (pure: it runs in the reading
    worker, where ``imports`` is a snapshot); raises ScheduleFileError when a programme it
    imports cannot be had."""
    try:
        return parse_schedule(body, source=url, imports=imports)
    except ScheduleError as error:
        return error


class UrlSource(ScheduleSource):
    """Follows one schedule served over HTTP(S), with a copy of the last good one on disk.

    Signals are emitted only when what the screen should show changes (a new valid
    version, another problem, the server gone or back), so a poll that finds nothing new
    emits nothing; ``reload()`` (F5) always emits what it finds.
    """

    def __init__(
        self,
        url: str,
        poll_seconds: float = DEFAULT_POLL_SECONDS,
        cache_dir: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.url = url
        self.name = url
        if math.isnan(poll_seconds):  # argparse's float() takes "nan"
            poll_seconds = DEFAULT_POLL_SECONDS
        self.poll_seconds = min(max(poll_seconds, MIN_POLL_SECONDS), MAX_POLL_SECONDS)
        self.cache = DiskCache(cache_dir if cache_dir is not None else default_cache_dir())
        self._manager = QNetworkAccessManager(self)
        self.photos: UrlPhotos = UrlPhotos(url, self._manager, self.cache, self)
        self._validators = Validators()
        self._current: _Version | None = None
        """The version the server served last (valid or not), to answer a 304 with."""
        self._kept: tuple[bytes, Validators] | None = None
        """The good version on disk, so an unchanged one is not written again."""
        self._shown: bytes | Rejection | None = None
        """What the screen was last told: a valid version's bytes, or a rejection."""
        self._unread: bytes | None = None
        """A version served last that waits for the first answer of a programme it
        imports (then read, by ``reread``)."""
        self._pending: _Outcome | None = None
        """A problem found by load_first, told to the screen once it has started."""
        self._failing = False
        self._download: Download | None = None
        self._force = False
        self._cached_at = 0.0
        self._poll = make_timer(self, round(self.poll_seconds * 1000), self.poll)
        self._reader = Reading(self)

    @property
    def fetching(self) -> bool:
        """A request is in flight."""
        return self._download is not None

    def load_first(self, timeout_ms: int = TRANSFER_TIMEOUT_MS) -> ReadResult:
        """The version to start with: fetched now, else the copy on disk.

        Waits for one request (at most ``timeout_ms``). When it brings no valid
        version but a copy is kept, the copy is returned and the problem is told to
        the screen once started. Raises ScheduleFileError when the server cannot be
        reached and no copy is kept, ScheduleError when it serves an invalid schedule
        and no copy is kept. Needs a QCoreApplication (the screen's QApplication).
        """
        if QCoreApplication.instance() is None:
            raise RuntimeError("UrlSource.load_first needs the QApplication: create it first")
        cached = self._read_cache()
        loop = QEventLoop()
        download = self._get(lambda _download: loop.quit())
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(timeout_ms)
        if not download.finished:
            loop.exec()
        guard.stop()
        download.give_up(_("no answer within {seconds:g} s", seconds=timeout_ms / 1000))
        outcome = self._judge(download, now=True)
        assert not isinstance(outcome, bytes)
        if isinstance(outcome, _Failure):
            if cached is None:
                raise ScheduleFileError(_("{url}: cannot fetch the schedule ({reason}) and no "
                                          "copy is cached", url=self.url,
                                          reason=outcome.message))
        else:
            body, parsed = outcome
            if isinstance(parsed, ReadResult):
                self._shown = body
                return parsed
            if cached is None:
                raise parsed
        body, result = cached
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self._cached_at))
        log.warning("%s: showing the copy kept from %s until the server serves a valid one",
                    self.url, when)
        self._pending = outcome
        self._shown = body
        return result

    def start(self, first: ReadResult | None = None) -> None:
        """Poll every ``poll_seconds``; without ``first``, fetch now as well."""
        self._poll.start()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._show(pending, force=True)
        if first is None:
            self.reload()

    def stop(self) -> None:
        """Stop polling and abort every request in flight."""
        self._poll.stop()
        if self._download is not None:
            self._download.cancel()
            self._download = None
        self.photos.stop()
        self._reader.stop()
        if self.imports is not None:
            self.imports.stop()

    def reread(self) -> None:
        """Read the version the server served last again (an imported programme changed)."""
        if self._unread is not None:  # it waited for a programme it imports
            body, self._unread = self._unread, None
            self._read_later(body, force=True)
            return
        if self._current is None:
            self.reload()
            return
        self._read_later(self._current[0], force=True)

    def reload(self) -> None:
        """Fetch now and tell the screen what came, even if nothing changed (F5)."""
        self._fetch(force=True)

    def poll(self) -> None:
        """Ask whether the schedule changed; tell the screen only if something did."""
        self._fetch(force=False)

    def _fetch(self, force: bool) -> None:
        if self._download is not None:  # one request at a time; it answers this call too
            self._force = self._force or force
            return
        self._force = force
        self._download = self._get(self._answered)

    def _get(self, done: Callable[[Download], None]) -> Download:
        return Download(self._manager, self.url, self._validators.headers(), MAX_IMPORT_BYTES,
                        done)  # an export (XML, JSON, ...) may be 20 MiB; YAML is cut at 1 MiB

    def _answered(self, download: Download) -> None:
        if download is not self._download:
            return
        self._download = None
        outcome = self._judge(download)
        if isinstance(outcome, bytes):  # a new version: read in the worker thread
            self._read_later(outcome, self._force)
        else:
            self._show(outcome, force=self._force)

    def _read_later(self, body: bytes, force: bool) -> None:
        imports = self.imports.view() if self.imports is not None else None
        self._reader.submit(functools.partial(read_body, body, self.url, imports),
                            lambda outcome: self._read_done(body, outcome, force))

    def _read_done(self, body: bytes, outcome: Outcome[ReadResult | ScheduleError],
                   force: bool) -> None:
        try:
            parsed = outcome.get()
        except NotFollowed as new:  # a programme it now imports: follow it here; once its
            # first version is in, `changed` has the schedule read again
            assert self.imports is not None
            self._unread = body
            self.imports.follow(new.target)
            return
        except ScheduleFileError as error:  # the programme it imports cannot be had
            self._show(_Failure(str(error)), force=force)
            return
        except Exception as error:  # a mistake of kiosk's: the screen goes on regardless
            rejection = failed(error, self.url, self.url)
            if force or rejection != self._shown:
                self._shown = rejection
                self.rejected.emit(rejection)
            return
        self._show(self._settle(body, parsed), force=force)

    def _read_cache(self) -> tuple[bytes, ReadResult] | None:
        """The copy on disk, if there is one and it is still valid (a newer kiosk may
        refuse what an older one accepted); its validators are used from now on."""
        cached = self.cache.read_schedule(self.url)
        if cached is None:
            return None
        try:
            result = parse_schedule(cached.body, source=self.url, imports=self.imports)
        except ScheduleError as error:
            log.warning("%s: the copy kept is not valid any more (%s): ignored", self.url, error)
            return None
        self._current = (cached.body, result)
        self._kept = (cached.body, cached.validators)
        self._validators = cached.validators
        self._cached_at = cached.fetched
        return cached.body, result

    def _judge(self, download: Download, now: bool = False) -> _Outcome | bytes:
        """What one finished request amounts to; keeps a new good version on disk. A new
        version is read ``now``, else it is returned to be read in the worker thread."""
        failure = download.failure
        if failure is None and download.status == 304 and self._current is None:
            failure = _("the server answered 304 Not Modified to a plain request")
        if failure is not None:
            if not self._failing:  # log the change, not every poll of an outage
                log.warning("%s: cannot fetch the schedule: %s", self.url, failure)
                self._failing = True
            return _Failure(failure)
        if self._failing:
            log.info("%s: the server answers again", self.url)
            self._failing = False
        if download.status == 304 and self._current is not None:
            return self._current
        body = bytes(download.body)
        self._validators = download.validators
        if self._current is not None and self._current[0] == body:
            parsed = self._current[1]  # a server without validators: same bytes, same verdict
        elif not now:
            return body
        else:
            try:
                parsed = read_body(body, self.url, self.imports)
            except ScheduleFileError as error:  # the programme it imports cannot be had
                return _Failure(str(error))
        return self._settle(body, parsed)

    def _settle(self, body: bytes, parsed: ReadResult | ScheduleError) -> _Version:
        """Take a version the server served as the latest; keep it on disk if it is good."""
        self._current = (body, parsed)
        if isinstance(parsed, ReadResult) and self._kept != (body, self._validators):
            self.cache.write_schedule(self.url, body, self._validators)
            self._kept = (body, self._validators)
        return self._current

    def _show(self, outcome: _Outcome, force: bool) -> None:
        """Tell the screen, if this is news (or if asked to anyway)."""
        if isinstance(outcome, _Failure):
            rejection = Rejection(self.url, outcome.message, gone=True)
            if force or rejection != self._shown:
                self._shown = rejection
                self.rejected.emit(rejection)
            return
        body, parsed = outcome
        if isinstance(parsed, ReadResult):
            if force or body != self._shown:
                self._shown = body
                log.info("reloaded %s: %d sessions", self.url, len(parsed.schedule.sessions))
                self._loaded(parsed)
            return
        rejection = Rejection.of(parsed, self.url)
        if force or rejection != self._shown:
            self._shown = rejection
            log.warning("rejected %s", rejection.log_line())
            self.rejected.emit(rejection)
