"""What the ``kiosk`` command was asked to do, as small frozen objects, and what it answers.

The command line (kiosk.cli) reads the arguments into :class:`RunOptions` or
:class:`SnapshotOptions`; the screen (kiosk.screen.app) receives those, never the
parser's namespace. The exit statuses, the one :class:`UsageError` and the bounds of the
options are defined here, once, for both. No Qt: ``kiosk check`` imports this too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.i18n import NOTHING, Message, _

if TYPE_CHECKING:
    from kiosk.schedule import Schedule

EXIT_OK = 0
EXIT_INVALID = 1
"""The schedule is not valid (every problem was printed)."""
EXIT_UNUSABLE = 2
"""A file, URL or argument that cannot be read or used."""
EXIT_INTERRUPTED = 130
"""Ctrl+C in a terminal, as shells count it (128 + SIGINT)."""

DEFAULT_FILE = "schedule.yaml"

DEFAULT_POLL_SECONDS = 30.0
MIN_POLL_SECONDS = 1.0
"""Never ask faster than this, whatever ``--poll`` says: one web server serves every screen."""
MAX_POLL_SECONDS = 24 * 3600.0
"""Ask at least daily (and stay within what a QTimer can count)."""

MIN_SPEED, MAX_SPEED = 0.01, 3600.0
"""``--speed``: a hundredth of real speed at least, an hour a second at most."""

DEFAULT_SIZE = (1920, 1080)
"""``kiosk snapshot --size``: a full-HD landscape screen."""
MIN_SIDE, MAX_SIDE = 320, 8192
"""The sides a snapshot may have, in pixels."""

WINDOWED_SIZE = (1280, 720)
"""``kiosk run --windowed``: the window's size."""


class UsageError(Exception):
    """An argument that cannot be understood or used (exit status 2)."""


_CLOCK = r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?"
_MOMENT = r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
"""Patterns, compiled when ``--at`` is first read (kiosk check never reads one)."""


@dataclass(frozen=True)
class When:
    """A moment as typed after ``--at``: a full date and time, or a time on the first day."""

    text: str
    moment: dt.datetime | None = None
    """Date and time; naive when no UTC offset was typed (then in the event's zone)."""
    time: dt.time | None = None

    @classmethod
    def parse(cls, text: str) -> When:
        """Read ``2024-04-15T11:20``, ``2024-04-15 11:20:30``, ``11:20`` or ``11.20``."""
        stripped = text.strip()
        clock = re.fullmatch(_CLOCK, stripped)
        try:
            if clock:
                hours, minutes, seconds = (int(g or 0) for g in clock.groups())
                return cls(text, time=dt.time(hours, minutes, seconds))
            if re.fullmatch(_MOMENT, stripped):
                moment = dt.datetime.fromisoformat(stripped.replace("Z", "+00:00"))
                if not dt.MINYEAR < moment.year < dt.MAXYEAR:  # no room for time zones
                    raise ValueError(text)
                return cls(text, moment=moment)
        except ValueError:
            pass
        raise UsageError(_("--at: cannot read '{text}': use a time like 11:20 or a date and "
                           "time like 2024-04-15T11:20", text=text))

    def resolve(self, schedule: Schedule) -> dt.datetime:
        """The moment this names, in the event's time zone."""
        zone = schedule.event.timezone
        if self.time is not None:
            return dt.datetime.combine(schedule.first_date, self.time, tzinfo=zone)
        assert self.moment is not None
        if self.moment.tzinfo is None:
            return self.moment.replace(tzinfo=zone)
        return self.moment.astimezone(zone)


def room_problem(schedule: Schedule, room: str | None) -> Message | None:
    """What is wrong with ``--room`` for this schedule: a room none of its sessions is in
    (a typing mistake would leave a door showing only the sessions without a room)."""
    if room is None:
        return None
    rooms = sorted({s.room for s in schedule.sessions if s.room}, key=str.casefold)
    if room.casefold() in {name.casefold() for name in rooms}:
        return None
    if not rooms:
        return _("--room: there is no room '{room}': no session of this schedule has a "
                 "room", room=room)
    close = difflib.get_close_matches(room.casefold(), [n.casefold() for n in rooms], n=1,
                                      cutoff=0.6) if len(room) <= 100 else []
    meant = next((n for n in rooms if close and n.casefold() == close[0]), None)
    shown = rooms if len(rooms) <= 12 else [*rooms[:12], "..."]
    return _("--room: there is no room '{room}'{hint}: the rooms are {rooms}", room=room,
             hint=_(" (did you mean '{word}'?)", word=meant) if meant else NOTHING,
             rooms=", ".join(shown))


@dataclass(frozen=True)
class RunOptions:
    """``kiosk run``: the screen, following a schedule file or URL."""

    source: str = DEFAULT_FILE
    """The schedule: a file's path, or an http(s) URL."""
    windowed: bool = False
    """A window of WINDOWED_SIZE instead of fullscreen."""
    at: When | None = None
    """Start the clock at this moment (a preview or rehearsal) instead of now."""
    speed: float = 1.0
    """The clock's speed: above 1 a rehearsal."""
    room: str | None = None
    """Room-door mode: only this room's sessions (and those without a room)."""
    screen: str | None = None
    """The monitor by number (from 0) or name; None for the primary one."""
    poll_seconds: float = DEFAULT_POLL_SECONDS
    """For a URL: how often to ask for a new version."""

    @property
    def rehearsal(self) -> bool:
        """Whether the screen does not follow the real clock."""
        return self.at is not None or self.speed != 1


@dataclass(frozen=True)
class SnapshotOptions:
    """``kiosk snapshot``: one moment of the screen, rendered into a PNG file."""

    file: str
    at: When
    output: str
    """The PNG file to write."""
    size: tuple[int, int] = DEFAULT_SIZE
    """Width and height in pixels."""
    room: str | None = None
    layout: str | None = None
    """Also write what was drawn where into this JSON file (``--layout``)."""
