"""``kiosk import``: a programme from a file or URL, written out as schedule.yaml."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kiosk.files import FileTooLarge, file_reason, read_regular_file
from kiosk.formats import Format, detect, import_programme
from kiosk.formats.emit import emit, programme_of
from kiosk.reader import (
    MAX_IMPORT_BYTES,
    ReadResult,
    ScheduleError,
    ScheduleFileError,
    parse_schedule,
    parse_tree,
)
from kiosk.reader.decode import too_large

TIMEOUT = 30.0
"""Seconds to wait for a server; a conference system answers in far less."""


@dataclass(frozen=True)
class Conversion:
    """The schedule.yaml text of a source, and what checking the source said."""

    text: str
    result: ReadResult


def fetch(source: str) -> bytes:
    """The bytes of a file or http(s) URL, at most MAX_IMPORT_BYTES + 1 of them."""
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"User-Agent": "kiosk-import"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                data: bytes = answer.read(MAX_IMPORT_BYTES + 1)
                return data
        except urllib.error.HTTPError as error:
            raise ScheduleFileError(f"{source}: the server answered {error.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", None) or error
            raise ScheduleFileError(f"{source}: cannot fetch it: {reason}") from None
    try:
        return read_regular_file(source, MAX_IMPORT_BYTES)
    except FileTooLarge:
        raise too_large(source, MAX_IMPORT_BYTES) from None
    except OSError as error:
        raise ScheduleFileError(f"{source}: cannot read the file: {file_reason(error)}") from None


def convert(data: bytes, source: str, timezone: str | None = None,
            now: dt.datetime | None = None) -> Conversion:
    """The commented schedule.yaml of an export; raises ScheduleError when the source is
    not a valid programme, ValueError when it is a schedule.yaml already."""
    if detect(data, source) is Format.YAML:
        raise ValueError(f"{source} is a schedule.yaml already: there is nothing to import")
    imported = import_programme(data, source, timezone=timezone)
    if imported.root is None:
        raise ScheduleError(source, imported.problems)
    result = parse_tree(imported.root, source, None, imported.problems)
    text = emit(imported, now or dt.datetime.now().astimezone())
    written = parse_schedule(text, source="schedule.yaml")
    if programme_of(written.schedule) != programme_of(result.schedule):
        raise AssertionError("the written schedule.yaml does not read back as the source")
    return Conversion(text, result)


def write(text: str, output: Path, force: bool) -> None:
    """Write ``text`` to ``output`` in one step (a reader never sees half a file); an
    existing file is only replaced with ``force``: it may hold the day's changes."""
    if output.exists() and not force:
        raise FileExistsError(f"{output} exists: add --force to replace it (it may hold "
                              "changes made since the last import)")
    folder = output.parent if str(output.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
