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
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.i18n import _
from kiosk.reader.check import DAY_MINUTES, CheckedSchedule, PlannedDay, PlannedSession, hhmm
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
        self._moments: dict[tuple[dt.date, int],
                            tuple[dt.datetime, dt.datetime | None, bool, dt.date]] = {}

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
        """The UTC moment of a wall-clock time on ``date`` (minutes past 24.00: the next day),
        with a warning where the clocks change."""
        key = (date, minutes)
        if key not in self._moments:  # a festival repeats its times many thousands of times
            day = date + dt.timedelta(days=minutes // (24 * 60))
            wall = dt.datetime.combine(day, dt.time(minutes // 60 % 24, minutes % 60))
            moment = wall.replace(tzinfo=self.zone).astimezone(dt.timezone.utc)
            read_as = moment.astimezone(self.zone).replace(tzinfo=None)
            self._moments[key] = (moment, read_as if read_as != wall else None,
                                  self._twice(moment), day)
        moment, back, twice, day = self._moments[key]
        if twice:
            self.problems.warn(node, _("{time} happens twice on {date} in {zone} (the clocks go "
                                       "back): it is read as the first time, in summer time",
                                       time=hhmm(minutes), date=day, zone=zone_name(self.zone)))
        elif back is not None:
            self.problems.warn(node, _("{time} does not exist on {date} in {zone} (the clocks "
                                       "jump forward): it is read as {read_as:%H.%M}",
                                       time=hhmm(minutes), date=day, zone=zone_name(self.zone),
                                       read_as=back))
        return moment

    def _twice(self, moment: dt.datetime) -> bool:
        """Whether the wall-clock time of ``moment`` happens twice (a fall-back night)."""
        local = moment.astimezone(self.zone)
        other = local.replace(fold=1 - local.fold)
        return other.utcoffset() != local.utcoffset() and \
            other.astimezone(dt.timezone.utc).astimezone(self.zone).replace(tzinfo=None) == \
            local.replace(tzinfo=None)

    def day(self, day: PlannedDay) -> Day | None:
        timed: list[_Timed] = []
        ok = True
        for planned in day.sessions:
            start = self.moment(planned.start_node, day.date, planned.start)
            end = self.moment(planned.end_node, day.date, planned.end)
            if end <= start:  # a start in a spring-forward gap moves past the end
                local_start = start.astimezone(self.zone)
                self.problems.error(planned.end_node, _(
                    "the session ends ({end}) before or when it starts ({start:%H.%M}, as "
                    "{written} does not exist on {date})", end=hhmm(planned.end),
                    start=local_start, written=hhmm(planned.start), date=day.date))
                ok = False
                continue
            timed.append(_Timed(planned, start, end))
        if not ok:
            return None
        self.warn_overlaps(timed)
        self.warn_doubts(timed)
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
        spans = [self.span(day) for day in checked.days]
        for item in checked.announcements:
            starts = self.moment(item.starts[2], *item.starts[:2]) if item.starts else None
            ends = self.moment(item.ends[2], *item.ends[:2]) if item.ends else None
            if (starts or ends) and not any(
                    (starts is None or starts < last) and (ends is None or ends > first)
                    for first, last in spans):
                node = item.starts[2] if item.starts else item.ends[2]  # type: ignore[index]
                self.problems.warn(node, _(
                    "this announcement never shows: its from: and until: lie outside the days "
                    "of the event ({days})",
                    days=", ".join(str(day.date) for day in checked.days)))
            yield Announcement(text=item.text, starts=starts, ends=ends)

    def span(self, day: PlannedDay) -> tuple[dt.datetime, dt.datetime]:
        """From the day's midnight to the next one, or to the end of its night."""
        midnight = dt.datetime.combine(day.date, dt.time(), self.zone)
        last = max(session.end for session in day.sessions)
        return (midnight.astimezone(dt.timezone.utc),
                max(midnight + dt.timedelta(days=1), midnight + dt.timedelta(minutes=last))
                .astimezone(dt.timezone.utc))

    def warn_overlaps(self, timed: list[_Timed]) -> None:
        by_room: dict[str, list[_Timed]] = defaultdict(list)
        for item in timed:
            if item.scope is not None and not item.planned.cancelled:
                by_room[item.scope].append(item)
        for items in by_room.values():
            items.sort(key=lambda i: i.start)
            for earlier, later in itertools.pairwise(items):
                if later.start < earlier.end:
                    self.problems.warn(later.planned.node, _(
                        "overlaps '{title}' (line {line}) in room {room}",
                        title=earlier.planned.title, line=earlier.planned.node.line,
                        room=later.planned.room))


    def warn_doubts(self, timed: list[_Timed]) -> None:
        """Warn where a day's sessions are probably not what their writer meant: pasted
        twice, overlapping with no room to tell them apart, hours away from the rest."""
        seen: dict[tuple[dt.datetime, str, str | None], _Timed] = {}
        for item in sorted(timed, key=lambda i: i.planned.node.line):
            same = (item.start, item.planned.title.casefold(), item.scope)
            if same in seen:
                self.problems.warn(item.planned.node, _(
                    "this session is on the programme twice (the same start, title and room "
                    "as line {line}): delete one", line=seen[same].planned.node.line))
            else:
                seen[same] = item
        # Roomless sessions in start order, against those still running: grouped by their
        # times, since a block of parallel items with the same start and end is meant so.
        running: dict[tuple[dt.datetime, dt.datetime], _Timed] = {}
        for later in sorted((i for i in timed if i.scope is None and not i.planned.cancelled),
                            key=lambda i: (i.start, i.planned.node.line)):
            running = {times: item for times, item in running.items() if times[1] > later.start}
            block = (later.start, later.end)
            other = next((item for times, item in running.items() if times != block), None)
            if other is not None:
                self.problems.warn(later.planned.node, _(
                    "overlaps '{title}' (line {line}) and neither has a room: add room: to "
                    "each, so attendees can tell them apart", title=other.planned.title,
                    line=other.planned.node.line))
            running.setdefault(block, later)
        self.warn_far_away(timed)

    def warn_far_away(self, timed: list[_Timed]) -> None:
        """A time hours away from the rest of its day: 2.00 - 3.00 in a 09-17 day."""
        daytime = [i.planned for i in timed if i.planned.end <= DAY_MINUTES]
        if len(daytime) < 3:
            return
        starts = sorted(s.start for s in daytime)
        ends = sorted(s.end for s in daytime)
        for session in daytime:
            start, end = session.start, session.end
            # Sessions that come within FAR_AWAY of this one, itself among them.
            near = bisect_left(starts, end + FAR_AWAY) - bisect_right(ends, start - FAR_AWAY)
            later = start + 12 * 60
            first = starts[1] if starts[0] == start else starts[0]
            last = ends[-2] if ends[-1] == end else ends[-1]
            # Twelve hours later it would stand among the others: two start near it then.
            among = bisect_right(starts, later + BUSY) - bisect_left(starts, later - BUSY)
            # At night (a day that runs into the night says so with until: or 23.30 - 00.30),
            # 2.00 often means 14.00; 00.30 seldom means 12.30, 9.00 is a morning.
            if near <= 1 and NIGHT_HOURS[0] <= start < NIGHT_HOURS[1] and first <= later < last \
                    and among >= 2:
                self.problems.warn(session.start_node, _(
                    "{start} - {end} is hours away from the rest of the day ({first} - "
                    "{last}): did you mean {later} - {later_end}?", start=hhmm(start),
                    end=hhmm(end), first=hhmm(first), last=hhmm(last), later=hhmm(later),
                    later_end=hhmm(end + 12 * 60)))


FAR_AWAY = 5 * 60
BUSY = 3 * 60
NIGHT_HOURS = (1 * 60, 7 * 60)
"""A session FAR_AWAY minutes from every other one of its day, with two starting within BUSY
minutes of where it would be twelve hours later, was probably written on the wrong half of
the clock."""


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
