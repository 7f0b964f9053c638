"""Building the schedule from checked records: moments, running late, and the day in order.

Every format reaches the model through here (see kiosk.reader.parse_tree), so what a key
means is decided once.

Running late, as it happens in a venue: a ``delay:`` on a session with a room moves that
session and the later sessions of that room that day; a delay on a session without a room
(a plenary, or any session of a one-room event) moves it and every later session of that
day. A later delay replaces the running one in its scope (``delay: 0`` is back on time),
and a room's own delay replaces a plenary delay for that room's later sessions. When a
delay moves a session later, the session before it in the same scope that was planned to
end exactly at its planned start runs over: it now ends at the new start. The order in
which sessions are written never matters.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.reader.check import CheckedSchedule, PlannedDay, PlannedSession, hhmm
from kiosk.reader.problems import Problems
from kiosk.schedule import Announcement, Day, Schedule, Session, zone_name
from kiosk.yamltree import Node


@dataclass
class _Timed:
    """A planned session with its planned moments, and the running delay found for it."""

    planned: PlannedSession
    start: dt.datetime
    end: dt.datetime
    delay: dt.timedelta = dt.timedelta()
    end_moved_to: dt.datetime | None = None
    """A later start of the next session in its scope, which it now runs on to."""

    @property
    def scope(self) -> str | None:
        room = self.planned.room
        return room.casefold() if room is not None else None


class Builder:
    """Makes moments of wall-clock times in the event's zone, warning inside a DST gap."""

    def __init__(self, zone: dt.tzinfo, problems: Problems) -> None:
        self.zone = zone
        self.problems = problems
        self._moments: dict[tuple[dt.date, int], tuple[dt.datetime, dt.datetime | None]] = {}

    def schedule(self, checked: CheckedSchedule) -> Schedule | None:
        days = [self.day(day) for day in checked.days]
        announcements = tuple(self.announcements(checked))
        if any(day is None for day in days):
            return None
        return Schedule(
            event=checked.event,
            days=tuple(day for day in days if day is not None),
            speakers=checked.speakers,
            announcements=announcements,
            display=checked.display,
        )

    def moment(self, node: Node, date: dt.date, minutes: int) -> dt.datetime:
        """The UTC moment of a wall-clock time on ``date`` (minutes past 24.00: the next day)."""
        key = (date, minutes)
        if key not in self._moments:  # a festival repeats its times many thousands of times
            day = date + dt.timedelta(days=minutes // (24 * 60))
            wall = dt.datetime.combine(day, dt.time(minutes // 60 % 24, minutes % 60))
            moment = wall.replace(tzinfo=self.zone).astimezone(dt.timezone.utc)
            read_as = moment.astimezone(self.zone).replace(tzinfo=None)
            self._moments[key] = (moment, read_as if read_as != wall else None)
        moment, back = self._moments[key]
        if back is not None:
            self.problems.warn(node, f"{hhmm(minutes)} does not exist on {date} in "
                               f"{zone_name(self.zone)} (the clocks jump forward): it is read "
                               f"as {back:%H.%M}")
        return moment

    def day(self, day: PlannedDay) -> Day | None:
        timed: list[_Timed] = []
        ok = True
        for planned in day.sessions:
            start = self.moment(planned.start_node, day.date, planned.start)
            end = self.moment(planned.end_node, day.date, planned.end)
            if end <= start:  # a start in a spring-forward gap moves past the end
                local_start = start.astimezone(self.zone)
                self.problems.error(
                    planned.end_node, f"the session ends ({hhmm(planned.end)}) before or when "
                    f"it starts ({local_start:%H.%M}, as {hhmm(planned.start)} does not exist "
                    f"on {day.date})")
                ok = False
                continue
            timed.append(_Timed(planned, start, end))
        if not ok:
            return None
        self.warn_overlaps(timed)
        run_late(timed)
        sessions = [self.session(item, day.date) for item in timed]
        # A delay that shrinks (delay: 0 at lunch, a negative one) can change the order.
        return Day(date=day.date, sessions=tuple(sorted(sessions, key=lambda s: s.start)))

    def session(self, item: _Timed, date: dt.date) -> Session:
        planned = item.planned
        start = item.start + item.delay
        end = item.end + item.delay
        if item.end_moved_to is not None and item.end_moved_to > end:
            end = item.end_moved_to
        return Session(
            title=planned.title,
            kind=planned.kind,
            start=start,
            end=end,
            scheduled_start=item.start,
            scheduled_end=item.end,
            speakers=planned.speakers,
            description=planned.description,
            room=planned.room,
            cancelled=planned.cancelled,
            note=planned.note,
            line=planned.node.line,
            id=planned.id,
            day=date if start.astimezone(self.zone).date() != date else None,
        )

    def announcements(self, checked: CheckedSchedule) -> Iterable[Announcement]:
        for item in checked.announcements:
            starts = self.moment(item.starts[2], *item.starts[:2]) if item.starts else None
            ends = self.moment(item.ends[2], *item.ends[:2]) if item.ends else None
            yield Announcement(text=item.text, starts=starts, ends=ends)

    def warn_overlaps(self, timed: list[_Timed]) -> None:
        by_room: dict[str, list[_Timed]] = defaultdict(list)
        for item in timed:
            if item.scope is not None and not item.planned.cancelled:
                by_room[item.scope].append(item)
        for items in by_room.values():
            items.sort(key=lambda i: i.start)
            for earlier, later in itertools.pairwise(items):
                if later.start < earlier.end:
                    self.problems.warn(
                        later.planned.node, f"overlaps '{earlier.planned.title}' (line "
                        f"{earlier.planned.node.line}) in room {later.planned.room}")


def run_late(timed: list[_Timed]) -> None:
    """Set each session's running delay, and where a delay makes the session before it in
    its scope run over, the moment that one now ends (see the module's docstring)."""
    plenary: tuple[dt.datetime, int] | None = None
    """The start of the latest roomless session with a delay, and that delay."""
    rooms: dict[str, tuple[dt.datetime, int]] = {}
    for _start, group in itertools.groupby(sorted(timed, key=lambda i: i.start),
                                           key=lambda i: i.start):
        items = list(group)
        # Each session of this start takes its own delay, else the latest running one of its
        # scope set before this start (a room's own wins over a plenary one set at the same
        # time); only then do the delays given at this start begin to run.
        for item in items:
            minutes = item.planned.delay
            if minutes is None:
                room = rooms.get(item.scope) if item.scope is not None else None
                running = room if room is not None and (plenary is None or room[0] >= plenary[0]) \
                    else plenary
                minutes = running[1] if running is not None else 0
            item.delay = dt.timedelta(minutes=minutes)
        for item in items:
            minutes = item.planned.delay
            if minutes is None:
                continue
            if item.scope is None:
                if plenary is None or plenary[0] < item.start or minutes > plenary[1]:
                    plenary = (item.start, minutes)
            else:
                given = rooms.get(item.scope)
                if given is None or given[0] < item.start or minutes > given[1]:
                    rooms[item.scope] = (item.start, minutes)
    ending: dict[dt.datetime, list[_Timed]] = defaultdict(list)
    for item in timed:
        if not item.planned.cancelled:
            ending[item.end].append(item)
    for item in timed:
        if item.planned.cancelled:
            continue
        new_start = item.start + item.delay
        for before in ending.get(item.start, ()):
            in_scope = item.scope is None or before.scope == item.scope
            if in_scope and before.delay < item.delay and (
                    before.end_moved_to is None or before.end_moved_to < new_start):
                before.end_moved_to = new_start
