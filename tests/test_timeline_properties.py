"""Property-based tests: the indexed timeline agrees with a naive look at every session.

Schedules are generated two ways: as :class:`Schedule` objects directly (any
overlaps, ties, breaks, cancellations, days across DST switches and zones with
odd offsets), and as YAML text in every time notation the reader accepts, read
by the real reader. For random moments (and moments right at, just before and
just after every start and end), :meth:`Timeline.status` must equal the answer
of an O(n) scan, and :meth:`Timeline.next_change` must be the first start or
end after the moment.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.reader import ScheduleError, parse_schedule
from kiosk.schedule import Day, Event, Kind, Schedule, Session
from kiosk.timeline import Phase, Timeline
from support import delays

UTC = dt.timezone.utc
MICRO = dt.timedelta(microseconds=1)

SETTINGS = settings(max_examples=150, deadline=None, database=None)

ZONES = ["Europe/Amsterdam", "America/New_York", "UTC", "Australia/Lord_Howe", "Asia/Kathmandu"]
DATES = [
    dt.date(2024, 3, 30),  # the day before spring forward in Europe
    dt.date(2024, 4, 5),  # Lord Howe falls back half an hour on 7 April
    dt.date(2024, 4, 15),  # the real event
    dt.date(2024, 10, 26),  # the day before fall back in Europe
    dt.date(2024, 11, 2),  # the day before fall back in New York
]

WRITTEN_DAYS = [
    ("Europe/Amsterdam", dt.date(2024, 3, 31)),  # spring forward at 02.00
    ("Europe/Amsterdam", dt.date(2024, 10, 27)),  # fall back at 03.00
    ("Europe/Amsterdam", dt.date(2024, 4, 15)),
    ("America/New_York", dt.date(2024, 3, 10)),  # spring forward at 02.00
    ("America/New_York", dt.date(2024, 11, 3)),  # fall back at 02.00
    ("Asia/Kathmandu", dt.date(2024, 4, 15)),  # +05:45
]


# -- the naive answer -------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    phase: Phase
    current: tuple[Session, ...]
    next: tuple[Session, ...]


def naive_status(schedule: Schedule, moment: dt.datetime) -> Expected:
    """What is on, by looking at every session (the definition, not the fast way)."""
    live = sorted((s for s in schedule.sessions if not s.cancelled), key=lambda s: s.start)
    current = tuple(s for s in live if s.start <= moment < s.end)
    later = [s for s in live if s.start > moment]
    upcoming = tuple(s for s in later if s.start == later[0].start) if later else ()
    day = naive_day(schedule, moment)

    def on_today(session: Session) -> bool:
        return day is not None and schedule.session_day(session) == day.date

    if any(not s.is_break for s in current):
        phase = Phase.SESSION
    elif current:
        phase = Phase.BREAK
    elif not upcoming:
        phase = Phase.AFTER
    elif any(s.start <= moment and on_today(s) for s in live) and any(
        s.start > moment and on_today(s) for s in live
    ):
        phase = Phase.BREAK
    else:
        phase = Phase.BEFORE
    return Expected(phase, current, upcoming)


def naive_day(schedule: Schedule, moment: dt.datetime) -> Day | None:
    """The calendar day of the moment, unless the day before still runs into this night."""
    date = schedule.local(moment).date()
    for day in schedule.days:
        if day.date == date - dt.timedelta(days=1) and any(
                not s.cancelled and s.end > moment for s in day.sessions):
            return day
    return schedule.day_of(date)


def naive_next_change(schedule: Schedule, moment: dt.datetime) -> dt.datetime | None:
    live = [s for s in schedule.sessions if not s.cancelled]
    changes = [s.start for s in live if s.start > moment] + [
        s.end for s in live if s.start <= moment < s.end
    ]
    return min(changes, default=None)


def check_moment(timeline: Timeline, moment: dt.datetime) -> None:
    schedule = timeline.schedule
    status = timeline.status(moment)
    expected = naive_status(schedule, moment)

    # Consistent on its own terms ...
    assert status.at == moment
    assert all(s.start <= moment < s.end for s in status.current)
    assert all(s.start > moment for s in status.next)
    assert len({s.start for s in status.next}) <= 1
    assert not any(s.cancelled for s in status.current + status.next)
    assert status.day == naive_day(schedule, moment)
    # ... and the same as looking at every session: none missed, none extra, same order.
    assert status.current == expected.current
    assert status.next == expected.next
    assert status.phase == expected.phase

    change = timeline.next_change(moment)
    assert change == naive_next_change(schedule, moment)
    if change is not None:
        assert change > moment
        # Nothing changes before the next change, and something changes at it.
        if change - MICRO > moment:
            just_before = timeline.status(change - MICRO)
            assert (just_before.current, just_before.next) == (status.current, status.next)
        at_change = timeline.status(change)
        assert (at_change.current, at_change.next) != (status.current, status.next)


# -- schedules built directly ---------------------------------------------------------------


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    base = dt.datetime.combine(draw(st.sampled_from(DATES)), dt.time(), tzinfo=zone)
    # A coarse grid makes ties, back-to-back sessions and exact boundaries common.
    step = draw(st.sampled_from([1, 5, 15, 60]))
    count = draw(st.integers(1, 25))
    sessions = []
    for index in range(count):
        start = base.astimezone(UTC) + dt.timedelta(
            minutes=step * draw(st.integers(0, 3 * 24 * 60 // step))
        )
        duration = dt.timedelta(minutes=step * draw(st.integers(1, max(1, 300 // step))))
        sessions.append(
            Session(
                title=f"s{index}",
                kind=draw(st.sampled_from(list(Kind))),
                start=start,
                end=start + duration,
                scheduled_start=start,
                scheduled_end=start + duration,
                cancelled=draw(st.integers(0, 3)) == 0,
            )
        )
    by_date: dict[dt.date, list[Session]] = {}
    for session in sessions:
        by_date.setdefault(session.start.astimezone(zone).date(), []).append(session)
    days = tuple(
        Day(date, tuple(sorted(items, key=lambda s: s.start)))
        for date, items in sorted(by_date.items())
    )
    return Schedule(event=Event(title="Property", timezone=zone), days=days)


def moments(draw: st.DrawFn, schedule: Schedule, count: int) -> list[dt.datetime]:
    sessions = schedule.sessions
    first = min(s.start for s in sessions)
    last = max(s.end for s in sessions)
    boundaries = sorted({t for s in sessions for t in (s.start, s.end)})
    random_moment = st.integers(-36 * 3600, int((last - first).total_seconds()) + 36 * 3600).map(
        lambda seconds: first + dt.timedelta(seconds=seconds)
    )
    at_boundary = st.tuples(
        st.sampled_from(boundaries), st.sampled_from([-MICRO, dt.timedelta(), MICRO])
    ).map(lambda pair: pair[0] + pair[1])
    return draw(st.lists(st.one_of(random_moment, at_boundary), min_size=1, max_size=count))


@SETTINGS
@given(st.data())
def test_status_agrees_with_a_naive_scan(data: st.DataObject) -> None:
    schedule = data.draw(schedules())
    timeline = Timeline(schedule)
    for moment in moments(data.draw, schedule, 12):
        check_moment(timeline, moment)


@settings(max_examples=100, deadline=None, database=None)
@given(st.data())
def test_status_does_not_depend_on_the_zone_of_the_moment(data: st.DataObject) -> None:
    schedule = data.draw(schedules())
    timeline = Timeline(schedule)
    (moment,) = moments(data.draw, schedule, 1)
    zone = ZoneInfo(data.draw(st.sampled_from(ZONES)))
    assert timeline.status(moment.astimezone(zone)) == timeline.status(moment)


# -- schedules written as YAML and read by the reader ------------------------------------------


@dataclass(frozen=True)
class Written:
    """One generated session, as the organiser would type it."""

    title: str
    start: int
    end: int
    kind: str
    delay: int | None
    cancelled: bool
    notation: str


def clock_text(minutes: int, style: str) -> str:
    hours, rest = divmod(minutes, 60)
    return {
        "dot": f"{hours:02d}.{rest:02d}",
        "colon": f"{hours:02d}:{rest:02d}",
        "short": f"{hours}.{rest:02d}",
    }[style]


def session_yaml(session: Written, style: str) -> str:
    start, end = clock_text(session.start, style), clock_text(session.end, style)
    lines = {
        "spaced": [f"time: {start} - {end}"],
        "tight": [f"time: {start}-{end}"],
        "en-dash": [f"time: {start} – {end}"],
        "quoted": [f'time: "{start} - {end}"'],
        "keys": [f"start: {start}", f"end: '{end}'"],
    }[session.notation]
    lines.append(f"title: {json.dumps(session.title, ensure_ascii=False)}")
    lines.append(f"kind: {session.kind}")
    if session.delay is not None:
        lines.append(f"delay: {session.delay}")
    if session.cancelled:
        lines.append("cancelled: true")
    return "      - " + "\n        ".join(lines) + "\n"


TITLE = st.text(
    alphabet=st.sampled_from("abcXYZ 019:#-&'\"\\‘’é–NOyes"), min_size=1, max_size=20
).filter(lambda text: text.strip() != "")


@st.composite
def written_day(draw: st.DrawFn, day: int) -> list[Written]:
    result = []
    for index in range(draw(st.integers(1, 8))):
        # Often around 02.00-03.00, where the clocks jump on DST days.
        start = 5 * draw(st.one_of(st.integers(0, 24 * 12 - 1), st.integers(18, 42)))
        longest = (24 * 60 - start) // 5
        end = start + 5 * draw(st.one_of(st.integers(1, min(12, longest)), st.integers(1, longest)))
        result.append(
            Written(
                title=f"[{day}.{index}] {draw(TITLE)}",
                start=start,
                end=end,
                kind=draw(st.sampled_from([k.value for k in Kind])),
                delay=draw(st.one_of(st.none(), st.integers(-30, 90))),
                cancelled=draw(st.integers(0, 4)) == 0,
                notation=draw(st.sampled_from(["spaced", "tight", "en-dash", "quoted", "keys"])),
            )
        )
    return result


def shown(title: str) -> str:
    """A title as the reader gives it: every run of white space one space."""
    return " ".join(title.split())


def epoch_minutes(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // 60


def wall_clock(date: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=minutes)


def real_moment(date: dt.date, minutes: int, zone: ZoneInfo) -> dt.datetime:
    """The moment a wall-clock time names (the earlier one when it happens twice)."""
    return wall_clock(date, minutes).replace(tzinfo=zone).astimezone(UTC)


def wall_clock_exists(date: dt.date, minutes: int, zone: ZoneInfo) -> bool:
    wall = wall_clock(date, minutes)
    return wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


@SETTINGS
@given(st.data())
def test_written_schedules_read_and_agree_with_a_naive_scan(data: st.DataObject) -> None:
    zone, switch_day = data.draw(st.sampled_from(WRITTEN_DAYS))
    # The switch day itself, often with the day before or after it.
    offsets = data.draw(st.lists(st.integers(-1, 1), min_size=1, max_size=3, unique=True))
    style = data.draw(st.sampled_from(["dot", "colon", "short"]))
    days = {
        switch_day + dt.timedelta(days=offset): data.draw(written_day(offset))
        for offset in offsets
    }
    text = f"event:\n  title: Property\n  timezone: {zone}\ndays:\n" + "".join(
        f"  - date: {date}\n    sessions:\n" + "".join(session_yaml(s, style) for s in sessions)
        for date, sessions in days.items()
    )

    tz = ZoneInfo(zone)
    impossible = [
        item
        for date, written in days.items()
        for item in written
        if real_moment(date, item.end, tz) <= real_moment(date, item.start, tz)
    ]
    if impossible:  # a start in a spring-forward gap, moved past the session's end
        with pytest.raises(ScheduleError) as raised:
            parse_schedule(text, source="p.yaml")
        assert len(raised.value.errors) == len(impossible)
        assert all(
            p.message.startswith("the session ends") and "does not exist on" in p.message
            for p in raised.value.errors
        )
        return

    result = parse_schedule(text, source="p.yaml")
    schedule = result.schedule
    missing = [
        (date, minutes)
        for date, written in days.items()
        for item in written
        for minutes in (item.start, item.end)
        if not wall_clock_exists(date, minutes, tz)
    ]
    # Besides these, the generated days may draw doubts (overlaps without a room, ...).
    gaps = [w for w in result.warnings if "(the clocks jump forward)" in w.message]
    assert len(gaps) == len(missing)
    assert [day.date for day in schedule.days] == sorted(days)

    # Every session read as written: title, kind, cancelled, wall-clock times, delays.
    by_title = {s.title: s for s in schedule.sessions}
    for date, written in days.items():
        day = schedule.day_of(date)
        assert day is not None
        assert sorted(s.title for s in day.sessions) == sorted(shown(w.title) for w in written)
        sessions = [by_title[shown(item.title)] for item in written]
        for item, session in zip(written, sessions, strict=True):
            assert (session.kind.value, session.cancelled) == (item.kind, item.cancelled)
            for moment, minutes in ((session.scheduled_start, item.start),
                                    (session.scheduled_end, item.end)):
                if wall_clock_exists(date, minutes, tz):
                    local = schedule.local(moment)
                    assert local.replace(tzinfo=None) == wall_clock(date, minutes)
            assert session.scheduled_end > session.scheduled_start
        # The delays as the README states them, in whole minutes since the epoch.
        planned = [delays.Planned(epoch_minutes(s.scheduled_start), epoch_minutes(s.scheduled_end),
                                  delay=item.delay, cancelled=item.cancelled)
                   for item, s in zip(written, sessions, strict=True)]
        assert [(epoch_minutes(s.start), epoch_minutes(s.end)) for s in sessions] == \
            delays.expected_times(planned)

    timeline = Timeline(schedule)
    for moment in moments(data.draw, schedule, 8):
        check_moment(timeline, moment)
