"""``kiosk import``: a programme from a file or URL, written out as schedule.yaml."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.formats import Format, check_imported, detect, import_programme
from kiosk.formats.detect import HEAD
from kiosk.formats.emit import emit, programme_of
from kiosk.i18n import ENGLISH, Message, Translations, _
from kiosk.reader import ReadResult, parse_schedule


@dataclass(frozen=True)
class Conversion:
    """The schedule.yaml text of a source, and what checking the source said."""

    text: str
    result: ReadResult


def convert(data: bytes, source: str, timezone: str | None = None,
            now: dt.datetime | None = None,
            translations: Translations = ENGLISH) -> Conversion:
    """The commented schedule.yaml of an export, its comments in the language of
    ``translations``; raises ScheduleError when the source is not a valid programme,
    ValueError (with a Message) when it is a schedule.yaml already."""
    if detect(data, source) is Format.YAML:
        raise ValueError(_not_an_export(data, source))
    imported = import_programme(data, source, timezone=timezone)
    result = check_imported(imported)
    text = emit(imported, now or dt.datetime.now().astimezone(), translations)
    written = parse_schedule(text, source="schedule.yaml")
    if programme_of(written.schedule) != programme_of(result.schedule):
        raise AssertionError("the written schedule.yaml does not read back as the source")
    return Conversion(text, result)


_WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
"""How a zipped workbook (.xlsx, .ods) and an old Excel file (.xls) start."""
_YAML_KEY = re.compile(r"^(?:event|sessions|days|import|speakers|announcements|display)\s*:",
                       re.MULTILINE)


def _not_an_export(data: bytes, source: str) -> Message:
    """Why a source that is in none of the formats kiosk imports is not imported."""
    if data.startswith(_WORKBOOKS):
        return _("{source} is a spreadsheet workbook (.xlsx, .ods or .xls), which kiosk does "
                 "not read: save it as CSV (in Excel: CSV UTF-8) and import that", source=source)
    try:
        text = data[:HEAD].decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\0"
    if "\0" not in text and (_YAML_KEY.search(text) or text.lstrip().startswith("{")):
        return _("{source} is a schedule.yaml already: there is nothing to import",
                 source=source)
    return _("{source} is in none of the formats kiosk imports: frab XML, frab/pretalx JSON, "
             "iCalendar, or CSV with a header row like date;start;end;title", source=source)


def write(text: str, output: Path, force: bool) -> None:
    """Write ``text`` to ``output`` in one step (a reader never sees half a file); an
    existing file is only replaced with ``force``: it may hold the day's changes."""
    if output.exists() and not force:
        raise FileExistsError(_("{output} exists: add --force to replace it (it may hold "
                                "changes made since the last import)", output=output))
    folder = output.parent if str(output.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
