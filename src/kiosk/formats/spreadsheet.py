"""A programme kept in a spreadsheet and saved as CSV.

One header row names the columns, in English or Dutch (see :data:`COLUMNS`), then one row
per session. Excel in a Dutch locale separates with ';', elsewhere with ','; both work, as
does a tab. Dates are 2025-09-18 or 18-09-2025 (18-9-2025 too), times 09:30 or 09.30,
speakers are separated by '|', and the kind is one of kiosk's kinds in English or Dutch.
The dates and times are those of the calendar: a session at 00.30 after the evening of
18 September is on the 19th (it still belongs to the 18th's programme).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator

from kiosk.formats.model import At, Entry, Format, LineIndex, Person, Programme, Value
from kiosk.formats.text import clean, excerpt, one_line
from kiosk.i18n import Message, _
from kiosk.reader.check import EVENING, MORNING
from kiosk.schedule import DEFAULT_TIMEZONE

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "datum", "day", "dag"),
    "start": ("start", "begin", "starttijd", "begintijd", "start time", "from", "van"),
    "end": ("end", "eind", "einde", "eindtijd", "end time", "to", "tot"),
    "time": ("time", "tijd"),
    "title": ("title", "titel", "session", "sessie", "onderwerp", "subject"),
    "room": ("room", "zaal", "ruimte", "location", "locatie"),
    "speakers": ("speakers", "sprekers", "speaker", "spreker"),
    "kind": ("kind", "soort", "type"),
    "description": ("description", "omschrijving", "beschrijving"),
    "id": ("id",),
}
"""Each column kiosk reads, by the names a header may give it (compared without case)."""

_NAMES = {name: column for column, names in COLUMNS.items() for name in names}
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})(?::00)?")
_RANGE = re.compile(r"\s*(\S+?)\s*[-–—]\s*(\S+)\s*")


_KNOWN = ", ".join(names[0] for names in COLUMNS.values())
_DUTCH = ", ".join(names[1] for names in COLUMNS.values() if len(names) > 1)


def column_name(header: str) -> str | None:
    """The column kiosk reads under a header cell, or None."""
    name = header.strip().strip('"').strip("\ufeff").strip().rstrip(":*").strip().casefold()
    return _NAMES.get(name)


def read(data: bytes, source: str, fallback_zone: str | None = None) -> Programme:
    """The programme of a CSV file; problems at their line and column."""
    programme = Programme(Format.CSV, At(1, 1))
    text = _decode(data, programme)
    if text is None:
        return programme
    programme.timezone = Value(fallback_zone or DEFAULT_TIMEZONE, At(1, 1))
    header_line = text.split("\n", 1)[0].split("\r", 1)[0]
    separator = max((";", ",", "\t"), key=lambda s: sum(
        column_name(cell) is not None for cell in header_line.split(s)))
    rows = _records(text, separator, programme)
    header = next(rows, None)
    if header is None:
        programme.error(At(1, 1), _("the file is empty: a spreadsheet needs a header row"))
        return programme
    columns = _columns(header, programme)
    if columns is None:
        return programme
    for row in rows:
        if all(not value.text.strip() for value in row):
            continue
        entry = _entry(row, columns, programme)
        if entry is not None:
            programme.entries.append(entry)
    return programme


def _decode(data: bytes, programme: Programme) -> str | None:
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\0" in data:
        programme.error(At(1, 1), _("the file holds binary data (a NUL byte): save it as CSV"))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        programme.warn(At(1, 1), _("the file is not UTF-8: read as Windows-1252, as Excel's "
                                   "'CSV' saves it (choose 'CSV UTF-8' to be sure of every "
                                   "letter)"))
        return data.decode("cp1252", "replace")


def _records(text: str, separator: str, programme: Programme) -> Iterator[list[Value]]:
    """The rows of a CSV text (RFC 4180: quotes around cells, doubled quotes inside,
    line breaks in quoted cells), each cell with the position where it starts; a quote
    that is never closed is an error (it would take the rest of the file into one cell),
    text after a closing quote a warning."""
    lines = LineIndex(text)
    length = len(text)
    index = 0
    while index < length:
        row: list[Value] = []
        while True:
            at = lines.at(index)
            if index < length and text[index] == '"':
                parts: list[str] = []
                index += 1
                while index < length:
                    quote = text.find('"', index)
                    if quote < 0:
                        programme.error(at, _(
                            "the quote {quote} that starts this cell is never closed, so the "
                            "rest of the file would be this one cell: put a {quote} at the "
                            "end of the cell (a quote inside a cell is written {twice})",
                            quote='"', twice='""'))
                        parts.append(text[index:])
                        index = length
                        break
                    parts.append(text[index:quote])
                    if text.startswith('""', quote):
                        parts.append('"')
                        index = quote + 2
                    else:
                        index = quote + 1
                        break
                end = _cell_end(text, index, separator)
                if text[index:end].strip():
                    programme.warn(lines.at(index), _(
                        "text after the closing quote of a cell: read as part of the cell "
                        "(a quote inside a quoted cell is written {twice})", twice='""'))
                parts.append(text[index:end])  # text after the closing quote, as Excel keeps it
                index = end
                value = "".join(parts)
            else:
                end = _cell_end(text, index, separator)
                value = text[index:end]
                index = end
            row.append(Value(clean(value), at))
            if index < length and text[index] == separator:
                index += 1
                continue
            break
        if index < length and text[index] == "\r":
            index += 1
        if index < length and text[index] == "\n":
            index += 1
        yield row


def _cell_end(text: str, start: int, separator: str) -> int:
    ends = [i for i in (text.find(separator, start), text.find("\n", start),
                        text.find("\r", start)) if i >= 0]
    return min(ends) if ends else len(text)


def _columns(header: list[Value], programme: Programme) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        if not cell.text.strip():
            continue
        name = column_name(cell.text)
        if name is None:
            programme.warn(cell.at, _("column '{header}' is not read (kiosk reads {known}, or in "
                                      "Dutch {dutch})", header=excerpt(cell.text),
                                      known=_KNOWN, dutch=_DUTCH))
        elif name in columns:
            first = columns[name]
            programme.error(cell.at, _("column '{header}' is a second '{first}' column (column "
                                       "{number}): keep one of the two",
                                       header=excerpt(cell.text), first=excerpt(header[first].text),
                                       number=first + 1))
        else:
            columns[name] = index
    missing = [name for name in ("date", "title") if name not in columns]
    if "time" not in columns:
        missing += [name for name in ("start", "end") if name not in columns]
    for name in missing:
        dutch = COLUMNS[name][1] if len(COLUMNS[name]) > 1 else name
        programme.error(header[0].at, _("the header row has no '{name}' column (or '{dutch}')",
                                        name=name, dutch=dutch))
    return None if missing or (programme.problems and any(
        not p.warning for p in programme.problems)) else columns


def _entry(row: list[Value], columns: dict[str, int], programme: Programme) -> Entry | None:
    def cell(name: str) -> Value | None:
        index = columns.get(name)
        if index is None:
            return None
        if index < len(row):
            return row[index]
        return Value("", row[-1].at)

    ok = True
    date_cell = cell("date")
    assert date_cell is not None
    date = _date(date_cell.text)
    if date is None:
        programme.error(date_cell.at, _("date '{value}' is not a date like 2025-09-18 or "
                                        "18-09-2025", value=excerpt(date_cell.text)))
        ok = False
    times = _times(cell, programme)
    title = cell("title")
    assert title is not None
    if not one_line(title.text):
        programme.error(title.at, _("{what} is empty", what="title"))
        ok = False
    if not ok or times is None or date is None:
        return None
    (start, start_at), (end, _end_at) = times
    midnight = dt.datetime.combine(date, dt.time())
    speakers = cell("speakers")
    people = [Person(one_line(name), speakers.at) for name in speakers.text.split("|")
              if one_line(name)] if speakers is not None else []
    kind = cell("kind")
    description = cell("description")
    room = cell("room")
    identifier = cell("id")
    return Entry(
        at=row[0].at,
        start=midnight + dt.timedelta(minutes=start),
        end=midnight + dt.timedelta(minutes=end),
        time_at=start_at,
        title=Value(one_line(title.text), title.at),
        id=(Value(one_line(identifier.text), identifier.at)
            if identifier is not None and identifier.text.strip() else None),
        type=Value(kind.text.strip(), kind.at) if kind is not None and kind.text.strip() else None,
        spreadsheet_kind=True,
        speakers=people,
        description=(Value(_paragraphs(description.text), description.at)
                     if description is not None and description.text.strip() else None),
        room=(Value(one_line(room.text), room.at)
              if room is not None and room.text.strip() else None),
    )


def _paragraphs(text: str) -> str:
    return "\n".join(line for line in (one_line(part) for part in text.split("\n")) if line)


def _date(text: str) -> dt.date | None:
    text = text.strip()
    iso = _DATE_ISO.fullmatch(text)
    day_first = _DATE_DAY_FIRST.fullmatch(text)
    try:
        if iso is not None:
            value = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        elif day_first is not None:
            value = dt.date(int(day_first.group(3)), int(day_first.group(2)),
                            int(day_first.group(1)))
        else:
            return None
    except ValueError:
        return None
    return value if dt.MINYEAR < value.year < dt.MAXYEAR else None


def _times(cell: object, programme: Programme) -> tuple[tuple[int, At], tuple[int, At]] | None:
    assert callable(cell)
    time_cell: Value | None = cell("time")
    start_cell: Value | None = cell("start")
    end_cell: Value | None = cell("end")
    if start_cell is not None and end_cell is not None and (
            start_cell.text.strip() or time_cell is None or not time_cell.text.strip()):
        start_text, start_at = start_cell.text.strip(), start_cell.at
        end_text, end_at = end_cell.text.strip(), end_cell.at
    elif time_cell is not None:
        match = _RANGE.fullmatch(time_cell.text)
        if match is None:
            programme.error(time_cell.at, _("time '{value}' is not a range like 09.30 - 10.15",
                                            value=excerpt(time_cell.text)))
            return None
        start_text, end_text = match.groups()
        start_at = end_at = time_cell.at
    else:
        return None
    start = _clock(start_text, start_at, _("start time"), programme, midnight=False)
    end = _clock(end_text, end_at, _("end time"), programme, midnight=True)
    if start is None or end is None:
        return None
    if end < start and start >= EVENING and end <= MORNING:
        end += 24 * 60  # 23.30 - 00.30: the night after
    elif end <= start:
        programme.error(end_at, _("the session ends ({end}) before or when it starts ({start})",
                                  end=excerpt(end_text), start=excerpt(start_text)))
        return None
    return (start, start_at), (end, end_at)


def _clock(text: str, at: At, what: Message, programme: Programme,
           midnight: bool) -> int | None:
    match = _CLOCK.fullmatch(text)
    if match is not None:
        hours, minutes = int(match.group(1)), int(match.group(2))
        if minutes < 60 and (hours < 24 or (midnight and hours == 24 and minutes == 0)):
            return hours * 60 + minutes
    if not text:
        programme.error(at, _("{what} is empty", what=what))
    else:
        programme.error(at, _("{what} '{value}' is not a time like 09:30 or 09.30", what=what,
                              value=excerpt(text)))
    return None
