"""The clock logic: what runs at a moment, what comes next, and the phase of the day."""

from __future__ import annotations

import datetime as dt
from textwrap import dedent
from zoneinfo import ZoneInfo

import pytest

from conftest import REAL_SCHEDULE
from kiosk.clock import FixedClock, RunningClock, SystemClock
from kiosk.reader import parse_schedule, read_schedule
from kiosk.schedule import Schedule
from kiosk.timeline import Phase, Status, Timeline, status_at

UTC = dt.timezone.utc
AMS = ZoneInfo("Europe/Amsterdam")

WORKSHOPS = [
    "Interactieve sessie Martin de Beer & Open Universiteit",
    "Interactieve sessie Casper Gelderblom",
    "Interactieve sessie huisarts Micha Lutgens & Pharos",
]


def schedule_of(text: str) -> Schedule:
    return parse_schedule(dedent(text), source="s.yaml").schedule


def ams(text: str) -> dt.datetime:
    """A wall-clock moment in Amsterdam, like '2024-04-15 10:15' (fold 0 when ambiguous)."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=AMS)


def z(text: str) -> dt.datetime:
    """A UTC moment, like '2024-10-27 00:15'."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def titles(status: Status) -> tuple[str, list[str], list[str]]:
    return (
        status.phase.value,
        [s.title for s in status.current],
        [s.title for s in status.next],
    )


@pytest.fixture(scope="module")
def real() -> Timeline:
    return Timeline(read_schedule(REAL_SCHEDULE).schedule)


# -- the real day, at every boundary ----------------------------------------------


@pytest.mark.parametrize(
    ("moment", "phase", "current", "upcoming"),
    [
        ("2024-04-14 12:00", "before", [], ["Inloop"]),
        ("2024-04-15 00:00", "before", [], ["Inloop"]),
        ("2024-04-15 10:14", "before", [], ["Inloop"]),
        ("2024-04-15 10:14:59.999999", "before", [], ["Inloop"]),
        ("2024-04-15 10:15", "break", ["Inloop"], ["Welkomstwoord"]),
        ("2024-04-15 10:44:59", "break", ["Inloop"], ["Welkomstwoord"]),
        ("2024-04-15 10:45", "session", ["Welkomstwoord"], ["Lezing Ron Meyer"]),
        ("2024-04-15 11:00", "session", ["Lezing Ron Meyer"], ["Lezing Dennis Martens"]),
        ("2024-04-15 11:15", "session", ["Lezing Dennis Martens"], ["Lezing Lodewijk Asscher"]),
        ("2024-04-15 12:00", "session", ["Lezing Lodewijk Asscher"], ["Lunch"]),
        ("2024-04-15 13:00", "break", ["Lunch"], ["Lezing Hugo de Jonge"]),
        ("2024-04-15 14:00", "session", ["Lezing Hugo de Jonge"], WORKSHOPS),
        ("2024-04-15 14:59:59", "session", ["Lezing Hugo de Jonge"], WORKSHOPS),
        ("2024-04-15 15:00", "break", [], WORKSHOPS),
        ("2024-04-15 15:14", "break", [], WORKSHOPS),
        ("2024-04-15 15:15", "session", WORKSHOPS, ["Afronding"]),
        ("2024-04-15 15:59", "session", WORKSHOPS, ["Afronding"]),
        ("2024-04-15 16:00", "break", [], ["Afronding"]),
        ("2024-04-15 16:15", "session", ["Afronding"], ["Afsluitende borrel"]),
        ("2024-04-15 16:30", "break", ["Afsluitende borrel"], []),
        ("2024-04-15 16:59", "break", ["Afsluitende borrel"], []),
        ("2024-04-15 17:00", "after", [], []),
        ("2024-04-15 23:59", "after", [], []),
        ("2024-04-16 12:00", "after", [], []),
    ],
)
def test_real_day(
    real: Timeline, moment: str, phase: str, current: list[str], upcoming: list[str]
) -> None:
    status = real.status(ams(moment))
    assert titles(status) == (phase, current, upcoming)
    assert status.at == ams(moment).astimezone(UTC)
    assert status.at.tzinfo is UTC


def test_status_names_the_day_of_the_moment(real: Timeline) -> None:
    day = real.schedule.days[0]
    assert real.status(ams("2024-04-15 00:00")).day is day
    assert real.status(ams("2024-04-15 23:59")).day is day
    assert real.status(ams("2024-04-14 23:59")).day is None
    assert real.status(ams("2024-04-16 00:00")).day is None
    # 22:00 UTC on the 14th is already midnight of the 15th in Amsterdam.
    assert real.status(z("2024-04-14 22:00")).day is day
    assert real.status(z("2024-04-14 21:59")).day is None


def test_any_zone_of_the_moment_gives_the_same_status(real: Timeline) -> None:
    moments = [
        ams("2024-04-15 15:20"),
        z("2024-04-15 13:20"),
        dt.datetime(2024, 4, 15, 9, 20, tzinfo=ZoneInfo("America/New_York")),
    ]
    statuses = [real.status(moment) for moment in moments]
    assert statuses[0] == statuses[1] == statuses[2]
    assert titles(statuses[0]) == ("session", WORKSHOPS, ["Afronding"])


def test_naive_moment_is_refused(real: Timeline) -> None:
    with pytest.raises(ValueError, match="the moment needs a time zone"):
        real.status(dt.datetime(2024, 4, 15, 11, 20))


def test_status_at_is_the_timeline_status(real: Timeline) -> None:
    moment = ams("2024-04-15 11:20")
    assert status_at(real.schedule, moment) == real.status(moment)


@pytest.mark.parametrize(
    ("moment", "change"),
    [
        ("2024-04-14 12:00", "2024-04-15 10:15"),
        ("2024-04-15 10:14", "2024-04-15 10:15"),
        ("2024-04-15 10:15", "2024-04-15 10:45"),
        ("2024-04-15 10:44:59", "2024-04-15 10:45"),
        ("2024-04-15 14:30", "2024-04-15 15:00"),
        ("2024-04-15 15:00", "2024-04-15 15:15"),
        ("2024-04-15 15:15", "2024-04-15 16:00"),
        ("2024-04-15 16:00", "2024-04-15 16:15"),
        ("2024-04-15 16:30", "2024-04-15 17:00"),
    ],
)
def test_next_change(real: Timeline, moment: str, change: str) -> None:
    assert real.next_change(ams(moment)) == ams(change)


def test_no_change_after_the_last_session(real: Timeline) -> None:
    assert real.next_change(ams("2024-04-15 17:00")) is None
    assert real.next_change(ams("2025-01-01 00:00")) is None


# -- phases -------------------------------------------------------------------------


OVERLAPPING = """\
event:
  title: Test
  date: 2024-04-15
sessions:
  - time: 10.00 - 12.00
    title: Koffie
    kind: break
  - time: 10.30 - 11.00
    title: Lezing
  - time: 10.45 - 11.30
    title: Lunch
    kind: lunch
"""


@pytest.mark.parametrize(
    ("moment", "phase", "current"),
    [
        ("10:15", "break", ["Koffie"]),
        ("10:30", "session", ["Koffie", "Lezing"]),
        ("10:50", "session", ["Koffie", "Lezing", "Lunch"]),
        ("11:00", "break", ["Koffie", "Lunch"]),
        ("11:30", "break", ["Koffie"]),
        ("12:00", "after", []),
    ],
)
def test_a_session_among_breaks_makes_the_phase_session(
    moment: str, phase: str, current: list[str]
) -> None:
    status = Timeline(schedule_of(OVERLAPPING)).status(ams(f"2024-04-15 {moment}"))
    assert (status.phase.value, [s.title for s in status.current]) == (phase, current)


def test_cancelled_sessions_are_never_current_or_next() -> None:
    timeline = Timeline(
        schedule_of(
            """\
            event:
              title: Test
              date: 2024-04-15
            sessions:
              - time: 09.00 - 09.30
                title: Vervallen ochtend
                cancelled: true
              - time: 10.00 - 11.00
                title: a
              - time: 11.00 - 12.00
                title: Vervallen
                cancelled: yes
              - time: 11.00 - 12.00
                title: b
                kind: workshop
              - time: 12.00 - 13.00
                title: Ook vervallen
                cancelled: true
              - time: 13.00 - 14.00
                title: c
              - time: 14.00 - 15.00
                title: Laatste, vervallen
                cancelled: true
            """
        )
    )
    assert titles(timeline.status(ams("2024-04-15 09:10"))) == ("before", [], ["a"])
    assert titles(timeline.status(ams("2024-04-15 10:30"))) == ("session", ["a"], ["b"])
    assert titles(timeline.status(ams("2024-04-15 11:30"))) == ("session", ["b"], ["c"])
    # The cancelled session leaves a gap between two items of the day: a break.
    assert titles(timeline.status(ams("2024-04-15 12:30"))) == ("break", [], ["c"])
    assert titles(timeline.status(ams("2024-04-15 14:30"))) == ("after", [], [])
    assert timeline.next_change(ams("2024-04-15 12:30")) == ams("2024-04-15 13:00")
    assert timeline.next_change(ams("2024-04-15 14:00")) is None
    assert len(timeline.schedule.sessions) == 7


def test_everything_cancelled_is_after() -> None:
    timeline = Timeline(
        schedule_of(
            """\
            event:
              title: Test
              date: 2024-04-15
            sessions:
              - time: 10.00 - 11.00
                title: a
                cancelled: true
            """
        )
    )
    assert titles(timeline.status(ams("2024-04-15 09:00"))) == ("after", [], [])
    assert timeline.next_change(ams("2024-04-15 09:00")) is None


def test_delays_move_what_is_current_and_next() -> None:
    timeline = Timeline(
        schedule_of(
            """\
            event:
              title: Test
              date: 2024-04-15
            sessions:
              - time: 10.00 - 11.00
                title: a
              - time: 11.00 - 12.00
                title: b
                delay: 15
              - time: 12.00 - 13.00
                title: c
              - time: 13.00 - 14.00
                title: d
                delay: 0
            """
        )
    )
    # a was planned to end when b starts, and b starts late: a runs over until 11.15.
    assert titles(timeline.status(ams("2024-04-15 11:05"))) == ("session", ["a"], ["b"])
    assert titles(timeline.status(ams("2024-04-15 11:15"))) == ("session", ["b"], ["c"])
    assert titles(timeline.status(ams("2024-04-15 12:10"))) == ("session", ["b"], ["c"])
    # c runs 12.15-13.15 and d still starts at 13.00: both run.
    assert titles(timeline.status(ams("2024-04-15 13:05"))) == ("session", ["c", "d"], [])
    assert timeline.next_change(ams("2024-04-15 11:00")) == ams("2024-04-15 11:15")


MULTI_DAY = """\
event:
  title: Festival
days:
  - date: 2024-04-15
    sessions:
      - time: 10.00 - 11.00
        title: Opening
      - time: 11.30 - 12.00
        title: Koffie
        kind: break
      - time: 23.00 - 24.00
        title: Nachtprogramma
  - date: 2024-04-16
    sessions:
      - time: 00.30 - 01.00
        title: Na middernacht
      - time: 09.00 - 10.00
        title: Dag twee
  - date: 2024-04-18
    sessions:
      - time: 09.00 - 10.00
        title: Dag vier
"""


@pytest.mark.parametrize(
    ("moment", "phase", "current", "upcoming", "day"),
    [
        ("2024-04-14 20:00", "before", [], ["Opening"], None),
        ("2024-04-15 09:59", "before", [], ["Opening"], "2024-04-15"),
        ("2024-04-15 11:00", "break", [], ["Koffie"], "2024-04-15"),
        ("2024-04-15 11:45", "break", ["Koffie"], ["Nachtprogramma"], "2024-04-15"),
        ("2024-04-15 18:00", "break", [], ["Nachtprogramma"], "2024-04-15"),
        ("2024-04-15 23:59", "session", ["Nachtprogramma"], ["Na middernacht"], "2024-04-15"),
        # Midnight: a new calendar day, nothing of it started yet.
        ("2024-04-16 00:00", "before", [], ["Na middernacht"], "2024-04-16"),
        ("2024-04-16 00:45", "session", ["Na middernacht"], ["Dag twee"], "2024-04-16"),
        ("2024-04-16 05:00", "break", [], ["Dag twee"], "2024-04-16"),
        ("2024-04-16 10:00", "before", [], ["Dag vier"], "2024-04-16"),
        ("2024-04-17 12:00", "before", [], ["Dag vier"], None),
        ("2024-04-18 08:59", "before", [], ["Dag vier"], "2024-04-18"),
        ("2024-04-18 09:00", "session", ["Dag vier"], [], "2024-04-18"),
        ("2024-04-18 10:00", "after", [], [], "2024-04-18"),
        ("2024-04-19 10:00", "after", [], [], None),
    ],
)
def test_multi_day_event(
    moment: str, phase: str, current: list[str], upcoming: list[str], day: str | None
) -> None:
    status = Timeline(schedule_of(MULTI_DAY)).status(ams(moment))
    assert titles(status) == (phase, current, upcoming)
    assert (str(status.day.date) if status.day else None) == day


def test_next_change_crosses_to_the_next_day() -> None:
    timeline = Timeline(schedule_of(MULTI_DAY))
    assert timeline.next_change(ams("2024-04-16 10:00")) == ams("2024-04-18 09:00")


def test_phase_follows_the_event_zone_not_utc() -> None:
    # 23.00-23.30 and 00.30-01.00 in New York are both on 16 April in UTC, but on two
    # calendar days for the event: between them it is not a break but before the next day.
    timeline = Timeline(
        schedule_of(
            """\
            event:
              title: Test
              timezone: America/New_York
            days:
              - date: 2024-04-15
                sessions:
                  - time: 23.00 - 23.30
                    title: late
              - date: 2024-04-16
                sessions:
                  - time: 00.30 - 01.00
                    title: early
            """
        )
    )
    assert [s.start for s in timeline.schedule.sessions] == [
        z("2024-04-16 03:00"), z("2024-04-16 04:30"),
    ]
    status = timeline.status(z("2024-04-16 03:45"))
    assert titles(status) == ("before", [], ["early"])
    assert status.day is not None
    assert status.day.date == dt.date(2024, 4, 15)


# -- daylight saving time, in UTC ---------------------------------------------------------


FALL_BACK = """\
event:
  title: Nachtwake
  date: 2024-10-27
sessions:
  - time: 00.30 - 01.00
    title: Voor
  - time: 01.00 - 04.00
    title: De lange nacht
  - time: 02.30 - 03.30
    title: Het dubbele uur
    kind: workshop
  - time: 04.00 - 05.00
    title: Ontbijt
    kind: break
"""


@pytest.mark.parametrize(
    ("moment", "phase", "current", "upcoming"),
    [
        ("2024-10-26 22:59", "session", ["Voor"], ["De lange nacht"]),  # 00.59 CEST
        ("2024-10-26 23:00", "session", ["De lange nacht"], ["Het dubbele uur"]),  # 01.00 CEST
        ("2024-10-27 00:15", "session", ["De lange nacht"], ["Het dubbele uur"]),  # 02.15 CEST
        ("2024-10-27 00:30", "session", ["De lange nacht", "Het dubbele uur"], ["Ontbijt"]),
        ("2024-10-27 01:15", "session", ["De lange nacht", "Het dubbele uur"], ["Ontbijt"]),
        ("2024-10-27 02:29", "session", ["De lange nacht", "Het dubbele uur"], ["Ontbijt"]),
        ("2024-10-27 02:30", "session", ["De lange nacht"], ["Ontbijt"]),  # 03.30 CET
        ("2024-10-27 02:59", "session", ["De lange nacht"], ["Ontbijt"]),
        ("2024-10-27 03:00", "break", ["Ontbijt"], []),  # 04.00 CET
        ("2024-10-27 04:00", "after", [], []),
    ],
)
def test_fall_back_night_in_utc(
    moment: str, phase: str, current: list[str], upcoming: list[str]
) -> None:
    timeline = Timeline(schedule_of(FALL_BACK))
    assert titles(timeline.status(z(moment))) == (phase, current, upcoming)


def test_fall_back_night_lasts_four_real_hours() -> None:
    schedule = schedule_of(FALL_BACK)
    night = schedule.sessions[1]
    assert night.end - night.start == dt.timedelta(hours=4)
    assert schedule.local(night.start).isoformat() == "2024-10-27T01:00:00+02:00"
    assert schedule.local(night.end).isoformat() == "2024-10-27T04:00:00+01:00"
    # 02.15 happens twice: at 00:15 UTC (CEST) and at 01:15 UTC (CET); both in the night.
    timeline = Timeline(schedule)
    first = dt.datetime(2024, 10, 27, 2, 15, tzinfo=AMS, fold=0)
    second = dt.datetime(2024, 10, 27, 2, 15, tzinfo=AMS, fold=1)
    assert second - first == dt.timedelta(0)  # wall-clock arithmetic: the reason for UTC
    assert second.astimezone(UTC) - first.astimezone(UTC) == dt.timedelta(hours=1)
    assert titles(timeline.status(first))[1] == ["De lange nacht"]
    assert titles(timeline.status(second))[1] == ["De lange nacht", "Het dubbele uur"]
    assert timeline.next_change(z("2024-10-27 00:15")) == z("2024-10-27 00:30")
    assert timeline.next_change(z("2024-10-27 01:15")) == z("2024-10-27 02:30")


SPRING_FORWARD = """\
event:
  title: Zomertijd
  date: 2024-03-31
sessions:
  - time: 01.00 - 03.00
    title: Het korte uur
  - time: 03.00 - 04.00
    title: Daarna
"""


@pytest.mark.parametrize(
    ("moment", "phase", "current", "upcoming"),
    [
        ("2024-03-30 23:59", "before", [], ["Het korte uur"]),  # 00.59 CET
        ("2024-03-31 00:00", "session", ["Het korte uur"], ["Daarna"]),  # 01.00 CET
        ("2024-03-31 00:59:59", "session", ["Het korte uur"], ["Daarna"]),  # 01.59.59 CET
        ("2024-03-31 01:00", "session", ["Daarna"], []),  # 03.00 CEST
        ("2024-03-31 02:00", "after", [], []),  # 04.00 CEST
    ],
)
def test_spring_forward_day_in_utc(
    moment: str, phase: str, current: list[str], upcoming: list[str]
) -> None:
    timeline = Timeline(schedule_of(SPRING_FORWARD))
    assert titles(timeline.status(z(moment))) == (phase, current, upcoming)


def test_spring_forward_hour_is_one_real_hour() -> None:
    schedule = schedule_of(SPRING_FORWARD)
    short = schedule.sessions[0]
    assert short.end - short.start == dt.timedelta(hours=1)
    assert schedule.local(short.end).isoformat() == "2024-03-31T03:00:00+02:00"


# -- the model's own small rules -----------------------------------------------------


def test_a_session_runs_from_start_up_to_but_not_including_end(real: Timeline) -> None:
    inloop = real.schedule.sessions[0]
    assert not inloop.runs_at(ams("2024-04-15 10:14:59.999999"))
    assert inloop.runs_at(ams("2024-04-15 10:15"))
    assert inloop.runs_at(ams("2024-04-15 10:44:59.999999"))
    assert not inloop.runs_at(ams("2024-04-15 10:45"))


def test_phase_values_are_the_json_words() -> None:
    assert [phase.value for phase in Phase] == ["before", "session", "break", "after"]


# -- clocks -----------------------------------------------------------------------------


def test_fixed_clock_stands_still_until_moved() -> None:
    clock = FixedClock(ams("2024-04-15 11:20"))
    assert (clock.is_real, clock.speed) == (False, 1.0)
    assert clock.now() == ams("2024-04-15 11:20")
    assert clock.now() == ams("2024-04-15 11:20")
    clock.advance(minutes=10, seconds=30)
    assert clock.now() == ams("2024-04-15 11:30:30")
    clock.set(z("2024-04-15 12:00"))
    assert clock.now() == z("2024-04-15 12:00")


def test_clocks_refuse_naive_moments() -> None:
    naive = dt.datetime(2024, 4, 15, 11, 20)
    with pytest.raises(ValueError, match="timezone-aware"):
        FixedClock(naive)
    clock = FixedClock(ams("2024-04-15 11:20"))
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        RunningClock(naive)


def test_running_clock_runs_at_its_speed_on_a_monotonic_clock() -> None:
    ticks = [100.0]
    clock = RunningClock(ams("2024-04-15 10:00"), speed=60, monotonic=lambda: ticks[0])
    assert (clock.is_real, clock.speed) == (False, 60)
    assert clock.now() == ams("2024-04-15 10:00")
    ticks[0] = 101.5
    assert clock.now() == ams("2024-04-15 10:01:30")
    ticks[0] = 160.0
    assert clock.now() == ams("2024-04-15 11:00")


def test_running_clock_at_real_speed() -> None:
    ticks = [0.0]
    clock = RunningClock(ams("2024-04-15 10:00"), monotonic=lambda: ticks[0])
    ticks[0] = 2.25
    assert clock.now() == ams("2024-04-15 10:00:02.250000")


@pytest.mark.parametrize("speed", [0, -1])
def test_running_clock_needs_a_positive_speed(speed: float) -> None:
    with pytest.raises(ValueError, match="speed must be positive"):
        RunningClock(ams("2024-04-15 10:00"), speed=speed)


def test_system_clock_is_the_wall_clock_in_utc() -> None:
    clock = SystemClock()
    before = dt.datetime.now(UTC)
    now = clock.now()
    after = dt.datetime.now(UTC)
    assert (clock.is_real, clock.speed) == (True, 1.0)
    assert now.tzinfo is UTC
    assert before <= now <= after
