"""Programmes from other systems: frab/pentabarf XML, frab/pretalx JSON, iCalendar, CSV.

Each format is read into one positioned node tree shaped like a schedule.yaml document
(see canonical-tree.md) and checked and built by :func:`kiosk.reader.parse_tree`, so a
session means the same whatever file it came from. :func:`import_programme` gives the
tree with what an overlay needs (the sessions' other identifiers, the people's ids);
:func:`read_imported` gives the schedule, as :func:`kiosk.reader.parse_schedule` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kiosk.formats.assemble import assemble
from kiosk.formats.detect import detect
from kiosk.formats.model import (
    MAX_IMPORT_BYTES,
    Format,
    Imported,
    ImportedSession,
    ImportedSpeaker,
)
from kiosk.i18n import Message
from kiosk.reader import Problem, ReadResult, ScheduleError, parse_tree
from kiosk.schedule import Kind

__all__ = [
    "MAX_IMPORT_BYTES",
    "Format",
    "Imported",
    "ImportedSession",
    "ImportedSpeaker",
    "detect",
    "import_programme",
    "read_imported",
]


def import_programme(
    data: bytes | str,
    source: str,
    *,
    kinds: Mapping[str, Kind] | None = None,
    language: str | None = None,
    timezone: str | None = None,
    format: Format | None = None,
) -> Imported:
    """Read an export (the bytes of a file or URL named ``source``) into the tree.

    ``kinds`` maps the source's own types to kiosk's kinds, before the built-in table;
    ``language`` picks among names given per language (else English, else the first);
    ``timezone`` is the zone for a source that names none (a spreadsheet, floating
    calendar times), else Europe/Amsterdam. Never raises: every problem is in the result,
    and ``root`` is None when nothing could be read.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    found = format or detect(raw, source)
    if len(raw) > MAX_IMPORT_BYTES:
        problem = Problem(1, 1, Message(f"the file is larger than {MAX_IMPORT_BYTES // 2**20} "
                                        "MiB: not a programme export"))
        return Imported(found, source, None, (problem,))
    if found is Format.XML:
        from kiosk.formats import frabxml

        programme = frabxml.read(raw, source, timezone)
    elif found is Format.JSON:
        from kiosk.formats import frabjson

        programme = frabjson.read(raw, source, timezone, language)
    elif found is Format.ICAL:
        from kiosk.formats import ical

        programme = ical.read(raw, source, timezone, language)
    elif found is Format.CSV:
        from kiosk.formats import spreadsheet

        programme = spreadsheet.read(raw, source, timezone)
    else:
        raise ValueError("schedule.yaml is read by kiosk.reader, not imported")
    if any(not p.warning for p in programme.problems) and not programme.entries:
        return Imported(found, source, None, tuple(programme.problems))
    return assemble(programme, source, kinds)


def read_imported(
    data: bytes | str,
    source: str,
    folder: Path | None = None,
    format: Format | None = None,
) -> ReadResult:
    """The schedule of an export, checked like schedule.yaml; raises ScheduleError."""
    imported = import_programme(data, source, format=format)
    if imported.root is None:
        raise ScheduleError(source, imported.problems)
    return parse_tree(imported.root, source, folder, imported.problems)
