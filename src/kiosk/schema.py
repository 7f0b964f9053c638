"""The keys of schedule.yaml, declared once: what each holds, its bounds and its default.

Every format kiosk reads (schedule.yaml, and the conference exports it imports, which are
turned into the same tree) is checked against this table by :mod:`kiosk.reader.check`.
The README's tables of keys are checked against it as well, so a key cannot be added in
one place and forgotten in another.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from kiosk.i18n import _
from kiosk.schedule import DEFAULT_CARD_SECONDS, DEFAULT_LANGUAGE, DEFAULT_TIMEZONE, Kind


class Value(str, Enum):
    """What sort of value a key holds; each has one reading in kiosk.reader.values."""

    TEXT = "text"
    """One line of text: line breaks and runs of spaces become one space."""
    PARAGRAPH = "paragraph"
    """Text that may keep its line breaks (a description)."""
    IDENTIFIER = "identifier"
    """An id from a conference system, kept exactly (without surrounding spaces)."""
    DATE = "date"
    CLOCK = "clock"
    """A wall-clock time like 10.15 or 10:15."""
    TIME_RANGE = "time range"
    """10.15 - 10.45."""
    MOMENT = "moment"
    """A time (on the only day) or a date and a time."""
    WHOLE = "whole number"
    NUMBER = "number"
    BOOLEAN = "true or false"
    KIND = "kind"
    LANGUAGE = "language"
    TIMEZONE = "time zone"
    URL = "web address"
    COLOUR = "colour"
    PHOTO = "photo"
    SPEAKER_IDS = "speaker ids"
    """One speaker id, or a list of them."""
    SECTION = "section"
    """A mapping whose keys are declared by a section of this table."""
    LIST = "list"
    """A list of mappings of one section (or, for announcements, plain texts)."""
    BY_ID = "by id"
    """A mapping from ids of the organiser's choosing to mappings of one section."""
    KIND_TABLE = "kind table"
    """A mapping from a conference system's own types to kiosk's kinds."""


@dataclass(frozen=True)
class Key:
    """One key of a section: what it holds and what a value may be."""

    name: str
    value: Value
    doc: str
    """One line for organisers (the README's tables say the same, at more length)."""
    required: bool = False
    default: object = None
    bounds: tuple[float, float] | None = None
    """The smallest and largest number allowed (numbers and whole numbers)."""
    max_length: int | None = None
    """The most characters a text may have: what a screen can show, and a bound on work."""
    section: str | None = None
    """The section that declares the keys of the value (SECTION, LIST, BY_ID)."""
    label: str | None = None
    """How messages name the value, when not by the section's own rule (see Section.label)."""


@dataclass(frozen=True)
class Section:
    """A mapping of schedule.yaml: the keys it may hold."""

    name: str
    what: str
    """How messages name the mapping: "event" (the key, the same in every language),
    "a session" (a Message, said in the reader's language)."""
    prefix: str
    """What messages put before a key's name: "event." gives "event.title"."""
    keys: tuple[Key, ...]

    @cached_property
    def _by_name(self) -> dict[str, Key]:
        return {key.name: key for key in self.keys}

    def key(self, name: str) -> Key | None:
        return self._by_name.get(name)

    def __getitem__(self, name: str) -> Key:
        return self._by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys if key.required)

    def label(self, name: str) -> str:
        """How messages name the value of key ``name`` of this section."""
        key = self.key(name)
        if key is not None and key.label is not None:
            return key.label
        return f"{self.prefix}{name}"


TITLE_LENGTH = 300
"""A session's title: two lines on a lobby screen are about 80 characters; 300 leaves room for
the longest real titles (the screen wraps and ends them in "..."), not for a pasted text."""
NAME_LENGTH = 120
ROLE_LENGTH = 300
ROOM_LENGTH = 100
NOTE_LENGTH = 300
DESCRIPTION_LENGTH = 3000
ANNOUNCEMENT_LENGTH = 300
ID_LENGTH = 200
URL_LENGTH = 500
"""The QR code of event.url must stay scannable from the lobby: a QR code of any size holds
at most 2,331 bytes (level M, as the screen draws it), and 500 characters are at most 2,000
bytes in UTF-8."""

EVENT = Section("event", "event", "event.", (
    Key("title", Value.TEXT, "The event's name, at the top of the screen.", required=True,
        max_length=TITLE_LENGTH),
    Key("subtitle", Value.TEXT, "A second line under the title.", max_length=TITLE_LENGTH),
    Key("venue", Value.TEXT, "Where it is, beside the subtitle.", max_length=TITLE_LENGTH),
    Key("date", Value.DATE, "The day of a one-day event (with sessions: at the top)."),
    Key("until", Value.CLOCK, "A one-day event that runs on past midnight: until when the "
        "next morning."),
    Key("timezone", Value.TIMEZONE, "The time zone all times are in.",
        default=DEFAULT_TIMEZONE),
    Key("language", Value.LANGUAGE, "The language of the screen's own words.",
        default=DEFAULT_LANGUAGE),
    Key("url", Value.URL, "A web address, shown as a QR code.", max_length=URL_LENGTH),
    Key("accent", Value.COLOUR, "The event's own colour for highlights."),
))

SPEAKER = Section("speaker", _("a speaker"), "", (
    Key("name", Value.TEXT, "The speaker's name as the screen shows it.", required=True,
        max_length=NAME_LENGTH),
    Key("role", Value.TEXT, "What they do, under the name.", max_length=ROLE_LENGTH),
    Key("photo", Value.PHOTO, "A photo file, relative to the schedule's folder."),
))

SESSION = Section("session", _("a session"), "", (
    Key("time", Value.TIME_RANGE, "Start and end, like 10.15 - 10.45."),
    Key("start", Value.CLOCK, "The start, when not given with time:."),
    Key("end", Value.CLOCK, "The end, when not given with time:."),
    Key("title", Value.TEXT, "What the session is called.", required=True,
        max_length=TITLE_LENGTH),
    Key("kind", Value.KIND, "What sort of item it is.", default=Kind.TALK.value),
    Key("speakers", Value.SPEAKER_IDS, "Who speaks, by their ids under speakers:."),
    Key("description", Value.PARAGRAPH, "A longer text, shown when there is room.",
        max_length=DESCRIPTION_LENGTH),
    Key("room", Value.TEXT, "Where it takes place.", max_length=ROOM_LENGTH),
    Key("delay", Value.WHOLE, "Running late by this many minutes (see the README).",
        bounds=(-180, 720), label=_("delay (minutes)")),
    Key("cancelled", Value.BOOLEAN, "true: the session does not take place.", default="false"),
    Key("note", Value.TEXT, "A short line shown with the session.", max_length=NOTE_LENGTH),
    Key("id", Value.IDENTIFIER, "The session's id in a conference system's export.",
        max_length=ID_LENGTH),
))

DAY = Section("day", _("a day"), "", (
    Key("date", Value.DATE, "The day's date.", required=True),
    Key("until", Value.CLOCK, "A day that runs on past midnight: until when the next morning."),
    Key("sessions", Value.LIST, "The day's sessions.", required=True, section="session"),
))

ANNOUNCEMENT = Section("announcement", _("an announcement"), "", (
    Key("text", Value.TEXT, "The message.", required=True, max_length=ANNOUNCEMENT_LENGTH),
    Key("from", Value.MOMENT, "From when it shows."),
    Key("until", Value.MOMENT, "Until when it shows."),
))

DISPLAY = Section("display", "display", "display.", (
    Key("card_seconds", Value.NUMBER, "How long each speaker card stays, in seconds.",
        bounds=(3, 600), default=DEFAULT_CARD_SECONDS),
))

SOURCE_LENGTH = 2000
"""A path or URL of an imported programme (a pretalx export URL is some 80 characters)."""

IMPORT = Section("import", "import", "import.", (
    Key("from", Value.TEXT, "The programme to import: a path (from this file's folder) or a "
        "URL of a frab XML, pretalx/frab JSON, iCalendar or CSV export.", required=True,
        max_length=SOURCE_LENGTH),
    Key("kinds", Value.KIND_TABLE, "The source's own types as kiosk's kinds."),
))

SCHEDULE = Section("schedule", _("the schedule"), "", (
    Key("event", Value.SECTION, "What the event is.", required=True, section="event"),
    Key("speakers", Value.BY_ID, "The speakers, each by an id of your choosing.",
        section="speaker"),
    Key("sessions", Value.LIST, "The programme of a one-day event.", section="session"),
    Key("days", Value.LIST, "The days of a longer event, each with its sessions.",
        section="day"),
    Key("announcements", Value.LIST, "Messages for attendees.", section="announcement"),
    Key("display", Value.SECTION, "How the screen behaves.", section="display"),
    Key("import", Value.SECTION, "A programme from a conference system, with this file's "
        "changes on top of it.", section="import"),
))

SECTIONS: dict[str, Section] = {
    section.name: section
    for section in (SCHEDULE, EVENT, SPEAKER, SESSION, DAY, ANNOUNCEMENT, DISPLAY, IMPORT)
}
"""Every section of schedule.yaml by name; SCHEDULE is the top of the file."""
