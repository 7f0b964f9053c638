"""Staff notices: short lines in a corner of the screen for the people who run it.

A rejected save of schedule.yaml, a schedule that cannot be read, a system clock far
from the event: attendees keep seeing the last good programme, staff see why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.i18n import say, translations
from kiosk.reader import ScheduleError, ScheduleFileError
from kiosk.schedule import Schedule
from kiosk.words import Words

FAR_FROM_EVENT = dt.timedelta(days=180)
"""A real clock this far before the first day or after the last is probably wrong
(a player without a real-time clock, before it has the network time)."""


@dataclass(frozen=True)
class Rejection:
    """Why the newest version of the schedule was not taken.

    The notice speaks the event's language (the screen's words), the log English, with the
    place of the first problem as ``FILE:LINE:COL`` so staff can find it in the journal.
    """

    source: str
    """The file's name (or the URL) as staff know it."""
    message: str
    """The first error: a kiosk.i18n.Message, said in the screen's language."""
    line: int | None = None
    column: int | None = None
    more: int = 0
    """How many errors there are besides the first."""
    gone: bool = False
    """The schedule could not be read at all (deleted, unreachable)."""

    @classmethod
    def of(cls, error: ScheduleError | ScheduleFileError, name: str) -> Rejection:
        if isinstance(error, ScheduleFileError):
            return cls(name, str(error), gone=True)
        first = error.errors[0] if error.errors else error.problems[0]
        return cls(name, first.message, line=first.line, column=first.column,
                   more=max(0, len(error.errors) - 1))

    def notice(self, words: Words) -> str:
        """The one line for staff on the screen, in the screen's language."""
        if self.gone:
            return words.file_gone.format(file=self.source)
        said = say(self.message, translations(words.language))
        message = f"{said} (+{self.more})" if self.more else said
        if self.line is not None:
            return words.kept_at_line.format(file=self.source, line=self.line, message=message)
        return words.kept.format(file=self.source, message=message)

    def log_line(self, source: str | None = None) -> str:
        """The rejection as the log keeps it: English, with FILE:LINE:COL when it has one
        (``source``: the file's full path, where staff know it only by its name)."""
        where = source or self.source
        more = f" (and {self.more} more)" if self.more else ""
        if self.line is None:
            if str(self.message).startswith(f"{where}:"):  # it names its file already
                return f"{self.message}{more}"
            return f"{where}: {self.message}{more}"
        return f"{where}:{self.line}:{self.column or 1}: {self.message}{more}"


def clock_notice(schedule: Schedule, moment: dt.datetime, words: Words) -> str | None:
    """A notice when a real clock says a date far from the event, else None."""
    if not schedule.days:
        return None
    today = schedule.local(moment).date()
    first, last = schedule.days[0].date, schedule.days[-1].date
    if first - FAR_FROM_EVENT <= today <= last + FAR_FROM_EVENT:
        return None
    return words.check_clock.format(today=words.date(today), event=words.date(first))
