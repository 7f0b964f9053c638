"""Staff notices: short lines in a corner of the screen for the people who run it.

A rejected save of schedule.yaml, a schedule that cannot be read, a system clock far
from the event: attendees keep seeing the last good programme, staff see why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.reader import ScheduleError, ScheduleFileError
from kiosk.schedule import Schedule
from kiosk.words import Words

FAR_FROM_EVENT = dt.timedelta(days=180)
"""A real clock this far before the first day or after the last is probably wrong
(a player without a real-time clock, before it has the network time)."""


@dataclass(frozen=True)
class Rejection:
    """Why the newest version of the schedule was not taken."""

    source: str
    """The file's name (or the URL) as staff know it."""
    message: str
    line: int | None = None
    gone: bool = False
    """The schedule could not be read at all (deleted, unreachable)."""

    @classmethod
    def of(cls, error: ScheduleError | ScheduleFileError, name: str) -> Rejection:
        if isinstance(error, ScheduleFileError):
            return cls(name, str(error), gone=True)
        first = error.errors[0] if error.errors else error.problems[0]
        more = len(error.errors) - 1
        message = first.message + (f" (+{more})" if more > 0 else "")
        return cls(name, message, line=first.line)

    def notice(self, words: Words) -> str:
        if self.gone:
            return words.file_gone.format(file=self.source)
        if self.line is not None:
            return words.kept_at_line.format(file=self.source, line=self.line,
                                             message=self.message)
        return words.kept.format(file=self.source, message=self.message)


def clock_notice(schedule: Schedule, moment: dt.datetime, words: Words) -> str | None:
    """A notice when a real clock says a date far from the event, else None."""
    if not schedule.days:
        return None
    today = schedule.local(moment).date()
    first, last = schedule.days[0].date, schedule.days[-1].date
    if first - FAR_FROM_EVENT <= today <= last + FAR_FROM_EVENT:
        return None
    return words.check_clock.format(today=words.date(today), event=words.date(first))
