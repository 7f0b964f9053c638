"""What a format reads from its source, before it becomes the schedule.yaml-shaped tree.

Every format fills a :class:`Programme` of :class:`Entry` records (one per session, with
its wall-clock times in the event's zone and the positions of its values in the source);
:mod:`kiosk.formats.assemble` turns that into the tree :func:`kiosk.reader.parse_tree`
checks, the same for every format.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from kiosk.formats.detect import Format as Format
from kiosk.i18n import Message
from kiosk.reader import MAX_IMPORT_BYTES as MAX_IMPORT_BYTES
from kiosk.reader import Problem
from kiosk.schedule import Kind
from kiosk.yamltree import Mapping


@dataclass(frozen=True, slots=True)
class At:
    """A 1-based position in the source file."""

    line: int
    column: int


@dataclass(slots=True)
class Value:
    """A text of the source at its position."""

    text: str
    at: At


@dataclass(slots=True)
class Person:
    """A person named at a session, with the source's id for them if it has one."""

    name: str
    at: At
    id: str | None = None
    aliases: tuple[str, ...] = ()
    """Other identifiers of the person in the source (a pretalx code, a guid)."""


@dataclass(slots=True)
class Entry:
    """One session as the source gives it, its times on the event's wall clock (naive)."""

    at: At
    start: dt.datetime
    end: dt.datetime
    time_at: At
    """Where the start is written (the times' problems are reported here)."""
    title: Value | None
    id: Value | None = None
    aliases: tuple[str, ...] = ()
    """Other identifiers of the session (frab guid, pretalx code)."""
    day: dt.date | None = None
    """The day it belongs to, when the source says (frab's <day>); else found from the times."""
    type: Value | None = None
    spreadsheet_kind: bool = False
    """The type is a kiosk kind in English or Dutch, typed by hand: nothing is guessed."""
    speakers: list[Person] = field(default_factory=list)
    description: Value | None = None
    room: Value | None = None
    cancelled: At | None = None
    second_time: bool = False
    """The start is the second time the clock shows that time (the clocks went back)."""
    end_second_time: bool = False
    """The end is the second time the clock shows that time."""
    moments: bool = False
    """The source gives both times as moments (with their offset from UTC), so a time the
    clock shows twice is known to be the first or the second; else it is read as the first."""


@dataclass(slots=True)
class Programme:
    """Everything a format read from its source."""

    format: Format
    at: At
    title: Value | None = None
    subtitle: Value | None = None
    venue: Value | None = None
    url: Value | None = None
    timezone: Value | None = None
    language: Value | None = None
    entries: list[Entry] = field(default_factory=list)
    day_ends: dict[dt.date, dt.datetime] = field(default_factory=dict)
    """Where the source says a day ends (frab's day end), on the wall clock."""
    day_positions: dict[dt.date, At] = field(default_factory=dict)
    """Where the source declares a day (frab's <day>)."""
    problems: list[Problem] = field(default_factory=list)

    def declare_day(self, at: At, date: dt.date | None, start: dt.datetime | None,
                    end: dt.datetime | None) -> dt.date | None:
        """A day the source declares at ``at`` (frab's <day>): by its date, or else by the
        date its start falls on (returned); its end, when given, is where that day ends."""
        if date is None and start is not None:
            date = start.date()
        if date is None:
            return None
        self.day_positions.setdefault(date, at)
        if end is not None:
            self.day_ends[date] = end
        return date

    def error(self, at: At, message: Message) -> None:
        self.problems.append(Problem(at.line, at.column, message))

    def warn(self, at: At, message: Message) -> None:
        self.problems.append(Problem(at.line, at.column, message, True))


@dataclass(frozen=True)
class ImportedSession:
    """A session of the tree with every identifier the source gives it."""

    id: str | None
    """The primary id (the source's id, as in the tree), or None when the source has none."""
    aliases: tuple[str, ...]
    """The other identifiers (frab guid, pretalx code), each also a key of Imported.aliases."""
    node: Mapping
    """The session's mapping in the tree."""
    day: dt.date
    kind: Kind
    kind_note: Message | None
    """How the kind was found, for a comment: "type 'lecture'", "type 'Concert' is unknown"."""


@dataclass(frozen=True)
class ImportedSpeaker:
    """A person of the source as a speaker of the tree."""

    id: str
    """The key under speakers: (the source's person id or code, else a slug of the name)."""
    name: str
    aliases: tuple[str, ...]
    """Other identifiers (code, guid) and the exact name."""
    node: Mapping


@dataclass(frozen=True)
class Imported:
    """A source read as a schedule.yaml-shaped tree, with what an overlay needs to name
    its sessions and people; ``root`` is None when the source could not be read at all."""

    format: Format
    source: str
    root: Mapping | None
    problems: tuple[Problem, ...]
    sessions: tuple[ImportedSession, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    """Every other identifier of a session (guid, code) -> its primary id; only identifiers
    that name one session."""
    speakers: tuple[ImportedSpeaker, ...] = ()
    speaker_aliases: dict[str, str] = field(default_factory=dict)
    """A person's other identifiers and exact name -> their speaker id (unambiguous only)."""


def zone(name: str) -> dt.tzinfo | None:
    """The time zone of an IANA name, or None when there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        return None


def offset_name(offset: dt.timedelta) -> str:
    """A fixed offset as the tree's timezone: '+01:00'."""
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """A speaker id made of a name: 'Anna-Lena Öztürk' -> 'anna-lena-ozturk'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", ascii_name.lower()).strip("-")[:60] or "speaker"


class LineIndex:
    """Line and column (1-based, in characters) of offsets into a text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer(r"\r\n|\r|\n", text))

    def at(self, offset: int) -> At:
        line = bisect.bisect_right(self.starts, offset) - 1
        return At(line + 1, offset - self.starts[line] + 1)
