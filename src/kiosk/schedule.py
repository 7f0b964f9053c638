"""The day's programme as plain data: event, speakers, days, sessions, announcements.

Nothing here knows about YAML or Qt. Objects are immutable; a new save of
schedule.yaml produces a new :class:`Schedule`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/Amsterdam"
DEFAULT_LANGUAGE = "nl"
LANGUAGES = ("nl", "en")
DEFAULT_CARD_SECONDS = 12.0


def zone_name(zone: dt.tzinfo) -> str:
    """A time zone's name as people write it: Europe/Amsterdam, or UTC+01:00."""
    key = getattr(zone, "key", None)
    return key if isinstance(key, str) else str(zone)


class Kind(str, Enum):
    """What sort of programme item a session is."""

    TALK = "talk"
    WORKSHOP = "workshop"
    PANEL = "panel"
    CEREMONY = "ceremony"
    BREAK = "break"
    LUNCH = "lunch"
    WALK_IN = "walk-in"
    DRINKS = "drinks"

    @property
    def is_break(self) -> bool:
        """True for the kinds during which nobody is on stage."""
        return self in BREAK_KINDS


BREAK_KINDS = frozenset({Kind.BREAK, Kind.LUNCH, Kind.WALK_IN, Kind.DRINKS})


@dataclass(frozen=True)
class Speaker:
    """A person who speaks at the event."""

    id: str
    name: str
    role: str | None = None
    photo: PurePosixPath | None = None
    """Relative to the schedule file's folder (or URL); never leaves it."""


@dataclass(frozen=True)
class Session:
    """One item of the programme: a talk, a workshop, the lunch, ...

    ``start``/``end`` are the expected times (the planned ones moved by any
    running delay); ``scheduled_start``/``scheduled_end`` are the planned ones.
    A session runs from ``start`` (inclusive) to ``end`` (exclusive).
    """

    title: str
    kind: Kind
    start: dt.datetime
    end: dt.datetime
    scheduled_start: dt.datetime
    scheduled_end: dt.datetime
    speakers: tuple[Speaker, ...] = ()
    description: str | None = None
    room: str | None = None
    cancelled: bool = False
    note: str | None = None
    line: int = 0
    """The line of the item in the schedule file (1-based), for messages."""
    id: str | None = None
    """The session's id in the programme's source (a conference system's export), if any."""
    day: dt.date | None = None
    """The day of the event the session belongs to, when that is not the date it starts on
    (a session after midnight on a day that runs into the night); see Schedule.session_day."""

    @property
    def is_break(self) -> bool:
        return self.kind.is_break

    @property
    def delay(self) -> dt.timedelta:
        return self.start - self.scheduled_start

    def runs_at(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True)
class Day:
    """One calendar day of the event with its sessions, sorted by start."""

    date: dt.date
    sessions: tuple[Session, ...]


@dataclass(frozen=True)
class Announcement:
    """A message for attendees, shown while ``starts <= moment < ends``."""

    text: str
    starts: dt.datetime | None = None
    ends: dt.datetime | None = None

    def applies_at(self, moment: dt.datetime) -> bool:
        if self.starts is not None and moment < self.starts:
            return False
        return self.ends is None or moment < self.ends


@dataclass(frozen=True)
class Event:
    """What the event is, where, and how the screen speaks about it."""

    title: str
    subtitle: str | None = None
    venue: str | None = None
    timezone: dt.tzinfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    """An IANA zone (summer time included), or a fixed UTC offset for sources that give
    only offsets."""
    language: str = DEFAULT_LANGUAGE
    url: str | None = None
    accent: str | None = None
    """A ``#rrggbb`` colour for the event's own accent, or None for the default."""


@dataclass(frozen=True)
class Display:
    """How the screen behaves."""

    card_seconds: float = DEFAULT_CARD_SECONDS


@dataclass(frozen=True)
class Schedule:
    """The whole programme of an event, as read from one schedule file."""

    event: Event
    days: tuple[Day, ...]
    speakers: tuple[Speaker, ...] = ()
    announcements: tuple[Announcement, ...] = ()
    display: Display = field(default_factory=Display)

    @property
    def sessions(self) -> tuple[Session, ...]:
        """Every session of every day, sorted by start."""
        return tuple(s for day in self.days for s in day.sessions)

    @property
    def first_date(self) -> dt.date:
        return self.days[0].date

    def session_day(self, session: Session) -> dt.date:
        """The event day ``session`` belongs to (a night session belongs to the evening before)."""
        return session.day if session.day is not None else self.local(session.start).date()

    def day_of(self, date: dt.date) -> Day | None:
        for day in self.days:
            if day.date == date:
                return day
        return None

    def local(self, moment: dt.datetime) -> dt.datetime:
        """The moment on the event's wall clock."""
        return moment.astimezone(self.event.timezone)
