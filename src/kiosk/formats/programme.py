"""Reading an export into the tree, and checking the tree like schedule.yaml."""


from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from kiosk.formats.detect import Format, detect, wide_codec
from kiosk.formats.model import MAX_IMPORT_BYTES, Imported
from kiosk.i18n import _
from kiosk.reader import Problem, ReadResult, ScheduleError, parse_tree
from kiosk.reader.check import ID_AGAIN
from kiosk.schedule import Kind


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
        problem = Problem(1, 1, _("the file is larger than {size} MiB: not a programme export",
                                  size=MAX_IMPORT_BYTES // 2**20))
        return Imported(found, source, None, (problem,))
    codec = wide_codec(raw)
    if codec is not None and found is not Format.XML:  # XML names its encoding: lxml reads it
        try:  # every reader counts positions in characters, so UTF-8 of the text is the same
            raw = raw.decode(codec).removeprefix("\ufeff").encode("utf-8", "surrogatepass")
        except UnicodeDecodeError as error:
            problem = Problem(1, 1, _("the file starts as {encoding} text but is not {encoding} "
                                      "throughout (at byte {offset}): save it as UTF-8",
                                      encoding=codec.upper().removesuffix("-LE")
                                      .removesuffix("-BE"), offset=error.start))
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
    from kiosk.formats.assemble import assemble  # only when a file is imported

    return assemble(programme, source, kinds)


def read_imported(
    data: bytes | str,
    source: str,
    folder: Path | None = None,
    format: Format | None = None,
) -> ReadResult:
    """The schedule of an export, checked like schedule.yaml; raises ScheduleError."""
    return check_imported(import_programme(data, source, format=format), folder)


_READ_AS_FIRST = ("{time} happens twice on {date} in {zone} (the clocks go back): it is read as "
                  "the first time, in summer time")
"""kiosk.reader's warning for a time the clock shows twice (its template)."""


def check_imported(imported: Imported, folder: Path | None = None) -> ReadResult:
    """The schedule of an imported programme, checked and built like schedule.yaml; raises
    ScheduleError.

    The reader warns at every time the clock shows twice that it reads it as the first;
    for an imported session the importer knows which one the source means and has said
    what that does to the session (see assemble), so the reader's warnings about those
    times are left out: one warning at the place, not two that disagree.
    """
    if imported.root is None:
        raise ScheduleError(imported.source, imported.problems)
    try:
        result = parse_tree(imported.root, imported.source, folder, imported.problems)
    except ScheduleError as error:
        raise ScheduleError(error.source, without_doubles(error.problems, imported)) from None
    return dataclasses.replace(result, warnings=without_doubles(result.warnings, imported))


def without_doubles(problems: tuple[Problem, ...], imported: Imported,
                    origin: str | None = None) -> tuple[Problem, ...]:
    """``problems`` without the reader's warnings about a time the clock shows twice, and
    about a session id used again (the importer says what that means for changes), at
    the imported nodes (``origin``: the file they are said to be in, None when it is the
    file being read): the importer said what the source means there."""
    own = {id(problem) for problem in imported.problems}
    return tuple(p for p in problems if id(p) in own or p.source != origin or not (
        p.warning and p.message.template in (_READ_AS_FIRST, ID_AGAIN)))
