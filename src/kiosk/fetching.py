"""Fetching for the command line (``kiosk import``, ``kiosk check``, ``now`` and
``snapshot`` on a URL or on a schedule that imports one): bounded in size and in time, whatever the
server does.

A socket timeout bounds each wait, not the whole: a server that sends one byte a second
never lets one wait run out, and a name that takes long to look up is not bounded by it at
all. So the request runs in a thread of its own and the command waits for it at most
DEADLINE seconds; a server that stops before the end of what it announced (a closed
connection, a dropped link) is an error, never a programme cut short; and a redirect is
followed only to another http(s) address.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from typing import IO
from urllib.parse import urljoin

from kiosk.files import FileTooLarge, file_reason, read_regular_file
from kiosk.i18n import Message, _
from kiosk.reader import MAX_IMPORT_BYTES, ReadResult, ScheduleFileError, parse_schedule
from kiosk.reader.decode import too_large
from kiosk.reader.imports import is_url

TIMEOUT = 30.0
"""Seconds to wait for any one step of a request (connecting, the next bytes)."""
DEADLINE = 45.0
"""Seconds a whole request may take, however the server trickles; a conference system
sends even a 20 MiB export in far less."""
_CHUNK = 64 * 1024


class _Refused(Exception):
    """The request went somewhere it must not (a redirect to another scheme)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) addresses only (urllib's own also follows ftp://)."""

    def http_error_302(self, req: urllib.request.Request, fp: IO[bytes], code: int,
                       msg: str, headers: http.client.HTTPMessage) -> IO[bytes] | None:
        location = headers.get("location") or headers.get("uri")
        if location is not None:
            target = urljoin(req.full_url, location.strip())
            if not is_url(target):
                fp.close()
                raise _Refused(_("the server redirects to {url}, which is not an http(s) "
                                 "address", url=_short(target)))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def fetch(source: str) -> bytes:
    """The bytes of a file or http(s) URL, at most MAX_IMPORT_BYTES + 1 of them (one more
    than the readers take, so they can say it is too large); raises ScheduleFileError with
    one line when there are none to give."""
    if is_url(source):
        return fetch_url(source)
    try:
        return read_regular_file(source, MAX_IMPORT_BYTES)
    except FileTooLarge:
        raise too_large(source, MAX_IMPORT_BYTES) from None
    except OSError as error:
        raise ScheduleFileError(_("{source}: cannot read the file: {reason}", source=source,
                                  reason=file_reason(error))) from None


def read_url(url: str) -> ReadResult:
    """The schedule (or programme export) at an http(s) URL, read once for ``kiosk check``,
    ``now`` and ``snapshot`` as the screen reads it (photos are not looked up)."""
    return parse_schedule(fetch_url(url), source=url)


def fetch_programme(target: str) -> bytes:
    """The bytes of the programme a schedule.yaml imports (as :func:`fetch`), refused when
    they are no export at all: a schedule.yaml, or any other text (what an importer would
    take for one)."""
    data = fetch(target)
    reason = not_an_export(data, target)
    if reason is not None:
        raise ScheduleFileError(reason)
    return data


def not_an_export(data: bytes, target: str) -> Message | None:
    """Why ``data`` (the bytes at ``target``) cannot be imported, or None when it is in
    one of the formats kiosk imports."""
    from kiosk.formats.detect import Format, detect

    if detect(data, target) is not Format.YAML:
        return None
    return _("{target}: not an export kiosk imports (frab/pentabarf XML, frab/pretalx JSON, "
             "iCalendar or CSV); a schedule.yaml cannot import another one", target=target)


def fetch_url(url: str, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The body at ``url`` (at most ``limit`` + 1 bytes), within DEADLINE seconds."""
    outcome: list[bytes | BaseException] = []

    def work() -> None:
        try:
            outcome.append(_get(url, limit, time.monotonic() + DEADLINE))
        except BaseException as error:  # handed to the waiting thread, which says it
            outcome.append(error)

    # A daemon: one that is given up on goes on (holding at most limit bytes) until the
    # server or the command ends, and never keeps the command from ending.
    worker = threading.Thread(target=work, name="kiosk-fetch", daemon=True)
    worker.start()
    worker.join(DEADLINE + 1)
    if not outcome:
        raise ScheduleFileError(_("{source}: cannot fetch it: {reason}", source=url,
                                  reason=_("no complete answer within {seconds:g} s",
                                           seconds=DEADLINE)))
    found = outcome[0]
    if isinstance(found, bytes):
        return found
    raise _failure(url, found)


def _get(url: str, limit: int, deadline: float) -> bytes:
    opener = urllib.request.build_opener(_Redirects)
    request = urllib.request.Request(url, headers={"User-Agent": "kiosk-import"})
    with opener.open(request, timeout=TIMEOUT) as answer:
        announced = answer.length  # what Content-Length says is left, None without one
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            if time.monotonic() > deadline:
                raise TimeoutError
            chunk = answer.read(min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size <= limit and announced is not None and size < announced:
            raise _Refused(_("the server closed the connection after {got} of the {size} "
                             "bytes it announced", got=size, size=announced))
        return b"".join(chunks)


def _failure(url: str, error: BaseException) -> ScheduleFileError:
    if isinstance(error, _Refused):
        reason: Message | str = error.message
    elif isinstance(error, urllib.error.HTTPError):
        error.close()  # it holds the answer's connection
        if error.code in (301, 302, 303, 307, 308):  # urllib stops so at a loop, or one
            # without an address
            return ScheduleFileError(_("{source}: cannot fetch it: {reason}", source=url,
                                       reason=_("the server answered {status}, a redirect "
                                                "that leads nowhere or in a loop",
                                                status=error.code)))
        return ScheduleFileError(_("{source}: the server answered {status}", source=url,
                                   status=error.code))
    elif isinstance(error, urllib.error.URLError | OSError | ValueError
                    | http.client.HTTPException):
        reason = _reason(error)
    else:
        raise error  # a mistake of ours: not to be passed off as the server's
    return ScheduleFileError(_("{source}: cannot fetch it: {reason}", source=url,
                               reason=reason))


def _reason(error: Exception) -> Message | str:
    """Why a URL could not be fetched, in one line: the organiser's words for the usual
    reasons, else the system's own."""
    reason = getattr(error, "reason", None) or error
    if isinstance(reason, _Refused):
        return reason.message
    if isinstance(reason, TimeoutError | socket.timeout):
        return _("no answer within {seconds:g} s", seconds=TIMEOUT)
    if isinstance(reason, socket.gaierror):
        return _("no server has that name (or this computer is offline)")
    if isinstance(reason, ConnectionRefusedError):
        return _("the server refuses the connection")
    if isinstance(reason, ssl.SSLCertVerificationError):
        return _("the server's certificate cannot be trusted ({detail})",
                 detail=_short(str(reason.verify_message or reason)))
    if isinstance(reason, http.client.IncompleteRead):
        return _("the server closed the connection before the end")
    if isinstance(reason, http.client.HTTPException):
        return _("the server's answer is not HTTP ({detail})",
                 detail=_short(f"{type(reason).__name__}: {reason}"))
    return _short(str(reason)) or type(reason).__name__
