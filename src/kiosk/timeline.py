"""What is on at a moment: the pure clock logic behind Now, Next and Break."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from enum import Enum

from kiosk.schedule import Day, Schedule, Session


class Phase(str, Enum):
    """Where the day stands at a moment."""

    BEFORE = "before"
    """Before the first item of a day: the morning, an earlier day, a night between days."""
    SESSION = "session"
    """Something that is not a break is running."""
    BREAK = "break"
    """Only breaks run, or nothing runs between two items of the same day."""
    AFTER = "after"
    """Nothing runs and nothing starts later."""


@dataclass(frozen=True)
class Status:
    """What is on at ``at``: the running items, the next ones and the phase."""

    at: dt.datetime
    phase: Phase
    current: tuple[Session, ...]
    next: tuple[Session, ...]
    day: Day | None
    """The day of the event the moment falls on (in the event's zone), if any."""


class Timeline:
    """A schedule indexed for fast questions about moments.

    Build it once per schedule; :meth:`status` is then cheap enough to call at
    every tick, even for a festival of thousands of sessions.
    """

    def __init__(self, schedule: Schedule) -> None:
        self.schedule = schedule
        self._sessions = tuple(
            sorted((s for s in schedule.sessions if not s.cancelled), key=lambda s: s.start)
        )
        self._starts = [s.start for s in self._sessions]
        self._longest = max((s.end - s.start for s in self._sessions), default=dt.timedelta())
        # Days that run on past midnight, by the date of the morning their night reaches into.
        self._nights: dict[dt.date, tuple[Day, dt.datetime]] = {}
        for day in schedule.days:
            end = max((s.end for s in day.sessions if not s.cancelled), default=None)
            if end is not None and schedule.local(end).date() > day.date:
                self._nights[day.date + dt.timedelta(days=1)] = (day, end)

    def day_at(self, moment: dt.datetime) -> Day | None:
        """The day of the event ``moment`` belongs to: the calendar day, or the evening
        before while that day's programme runs on into the night."""
        date = self.schedule.local(moment).date()
        night = self._nights.get(date)
        if night is not None and moment < night[1]:
            return night[0]
        return self.schedule.day_of(date)

    def status(self, moment: dt.datetime) -> Status:
        """The status at ``moment`` (an aware datetime)."""
        if moment.tzinfo is None:
            raise ValueError("the moment needs a time zone")
        moment = moment.astimezone(dt.timezone.utc)
        started = bisect_right(self._starts, moment)
        current = self._running(moment, started)
        upcoming: tuple[Session, ...] = ()
        if started < len(self._sessions):
            first = self._sessions[started].start
            end = bisect_right(self._starts, first)
            upcoming = self._sessions[started:end]
        day = self.day_at(moment)
        return Status(
            at=moment,
            phase=self._phase(current, upcoming, started),
            current=current,
            next=upcoming,
            day=day,
        )

    def _phase(
        self,
        current: tuple[Session, ...],
        upcoming: tuple[Session, ...],
        started: int,
    ) -> Phase:
        if any(not s.is_break for s in current):
            return Phase.SESSION
        if current:
            return Phase.BREAK
        if not upcoming:
            return Phase.AFTER
        # Between two items of the same day of the event (which may run past midnight).
        same_day = started > 0 and self.schedule.session_day(
            self._sessions[started - 1]) == self.schedule.session_day(upcoming[0])
        return Phase.BREAK if same_day else Phase.BEFORE

    def _running(self, moment: dt.datetime, started: int) -> tuple[Session, ...]:
        # Only sessions that started at most the longest duration ago can still run.
        earliest = bisect_right(self._starts, moment - self._longest - dt.timedelta(microseconds=1))
        return tuple(s for s in self._sessions[earliest:started] if moment < s.end)

    def next_change(self, moment: dt.datetime) -> dt.datetime | None:
        """The first moment after ``moment`` at which a session starts or ends."""
        moment = moment.astimezone(dt.timezone.utc)
        index = bisect_right(self._starts, moment)
        candidates = [s.end for s in self._running(moment, index)]
        if index < len(self._starts):
            candidates.append(self._starts[index])
        return min(candidates, default=None)


def status_at(schedule: Schedule, moment: dt.datetime) -> Status:
    """The status of ``schedule`` at ``moment``; see :class:`Timeline` for repeated calls."""
    return Timeline(schedule).status(moment)
