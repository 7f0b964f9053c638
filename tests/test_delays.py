"""Running late, as it happens in a venue: a delay stays in its room, a talk runs over.

The rules are the README's "Running late"; tests/support/delays.py states them naively and
the properties hold the reader to that statement for generated multi-room days.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from textwrap import dedent
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REAL_SCHEDULE
from kiosk.cli import status_json
from kiosk.reader import ScheduleError, parse_schedule
from kiosk.schedule import Schedule
from kiosk.timeline import Phase, Timeline
from support import delays

AMS = ZoneInfo("Europe/Amsterdam")


def local(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 4, 15, hour, minute, tzinfo=AMS)


def read(text: str) -> Schedule:
    return parse_schedule(dedent(text), "s.yaml").schedule


def times(schedule: Schedule) -> dict[str, tuple[str, str]]:
    return {s.title: (f"{schedule.local(s.start):%H.%M}", f"{schedule.local(s.end):%H.%M}")
            for s in schedule.sessions}


MULTI_ROOM = """\
    event: {title: Test, date: 2024-04-15}
    sessions:
      - {time: 09.00 - 10.00, title: Opening}
      - {time: 10.00 - 11.00, title: Zaal 1 a, room: Zaal 1}
      - {time: 10.00 - 11.00, title: Zaal 2 a, room: Zaal 2, delay: 15}
      - {time: 11.00 - 12.00, title: Zaal 1 b, room: Zaal 1}
      - {time: 11.00 - 12.00, title: Zaal 2 b, room: Zaal 2}
      - {time: 12.00 - 13.00, title: Lunch, kind: lunch}
      - {time: 13.00 - 14.00, title: Zaal 2 c, room: Zaal 2}
    """


def test_a_delay_stays_in_its_room() -> None:
    assert times(read(MULTI_ROOM)) == {
        "Opening": ("09.00", "10.00"),
        "Zaal 1 a": ("10.00", "11.00"),
        "Zaal 2 a": ("10.15", "11.15"),
        "Zaal 1 b": ("11.00", "12.00"),
        "Zaal 2 b": ("11.15", "12.15"),
        "Lunch": ("12.00", "13.00"),  # a plenary: Zaal 2's delay does not move it
        "Zaal 2 c": ("13.15", "14.15"),  # still Zaal 2's delay: none was given since
    }


def test_a_plenary_delay_moves_every_later_session_until_a_room_says_otherwise() -> None:
    schedule = read("""\
        event: {title: Test, date: 2024-04-15}
        sessions:
          - {time: 09.00 - 10.00, title: Opening, delay: 10}
          - {time: 10.00 - 11.00, title: Zaal 1 a, room: Zaal 1}
          - {time: 10.00 - 11.00, title: Zaal 2 a, room: Zaal 2, delay: 0}
          - {time: 11.00 - 12.00, title: Zaal 2 b, room: Zaal 2}
          - {time: 12.00 - 13.00, title: Plenair, delay: 5}
          - {time: 13.00 - 14.00, title: Zaal 2 c, room: Zaal 2}
        """)
    assert times(schedule) == {
        "Opening": ("09.10", "10.10"),
        "Zaal 1 a": ("10.10", "11.10"),
        "Zaal 2 a": ("10.00", "11.00"),  # its own delay replaces the plenary one
        "Zaal 2 b": ("11.00", "12.05"),  # runs over: the plenary after it starts late
        "Plenair": ("12.05", "13.05"),  # a later plenary delay replaces it for every room
        "Zaal 2 c": ("13.05", "14.05"),
    }


def test_a_talk_runs_over_when_the_next_one_starts_late() -> None:
    """The README's example: delay: 10 on Dennis Martens' talk, at 11.20."""
    text = REAL_SCHEDULE.read_text(encoding="utf-8").replace(
        "    title: Lezing Dennis Martens\n",
        "    title: Lezing Dennis Martens\n    delay: 10\n")
    assert "delay: 10" in text
    schedule = parse_schedule(text, "schedule.yaml").schedule
    status = Timeline(schedule).status(local(11, 20))
    assert status.phase is Phase.SESSION
    out = status_json(schedule, status)
    (current,) = out["current"]
    assert (current["title"], current["start"], current["end"], current["scheduled_end"]) == (
        "Lezing Ron Meyer", "2024-04-15T11:00:00+02:00", "2024-04-15T11:25:00+02:00",
        "2024-04-15T11:15:00+02:00")
    (upcoming,) = out["next"]
    assert (upcoming["title"], upcoming["start"], upcoming["scheduled_start"]) == (
        "Lezing Dennis Martens", "2024-04-15T11:25:00+02:00", "2024-04-15T11:15:00+02:00")
    json.dumps(out)  # the stable interface stays JSON


def test_runs_over_only_in_the_scope_of_the_delay() -> None:
    assert times(read("""\
        event: {title: Test, date: 2024-04-15}
        sessions:
          - {time: 10.00 - 11.00, title: Zaal 1 a, room: Zaal 1}
          - {time: 10.00 - 11.00, title: Zaal 2 a, room: Zaal 2}
          - {time: 10.30 - 11.00, title: Zaal 2 kort, room: Zaal 3}
          - {time: 11.00 - 12.00, title: Zaal 2 b, room: Zaal 2, delay: 10}
          - {time: 12.00 - 12.30, title: Afsluiting, delay: 20}
          - {time: 12.30 - 13.00, title: Borrel, kind: drinks}
        """)) == {
        "Zaal 1 a": ("10.00", "11.00"),  # another room: not moved, does not run over
        "Zaal 2 a": ("10.00", "11.10"),  # runs over into Zaal 2 b's new start
        "Zaal 2 kort": ("10.30", "11.00"),
        "Zaal 2 b": ("11.10", "12.20"),  # runs over into the plenary's new start
        "Afsluiting": ("12.20", "12.50"),
        "Borrel": ("12.50", "13.20"),
    }


def test_a_delay_back_to_time_does_not_shorten_anything() -> None:
    assert times(read("""\
        event: {title: Test, date: 2024-04-15}
        sessions:
          - {time: 10.00 - 11.00, title: a, delay: 15}
          - {time: 11.00 - 12.00, title: b, delay: 0}
        """)) == {"a": ("10.15", "11.15"), "b": ("11.00", "12.00")}


def test_cancelled_sessions_do_not_run_over_nor_make_others() -> None:
    assert times(read("""\
        event: {title: Test, date: 2024-04-15}
        sessions:
          - {time: 10.00 - 11.00, title: a, cancelled: true}
          - {time: 11.00 - 12.00, title: b, delay: 10}
          - {time: 12.00 - 13.00, title: c, delay: 20, cancelled: true}
          - {time: 13.00 - 14.00, title: d}
        """)) == {"a": ("10.00", "11.00"), "b": ("11.10", "12.10"),
                  "c": ("12.20", "13.20"), "d": ("13.20", "14.20")}


# -- properties --------------------------------------------------------------------------

ROOMS = [None, "Zaal 1", "Zaal 2", "zaal 2", "Foyer"]
"""None is a plenary; 'zaal 2' is Zaal 2 written differently (rooms match without case)."""


@st.composite
def days(draw: st.DrawFn) -> list[delays.Planned]:
    sessions = []
    for _ in range(draw(st.integers(1, 14))):
        start = 15 * draw(st.integers(32, 70))  # 08.00 to 17.30, on a quarter-hour grid
        length = 15 * draw(st.integers(1, 8))
        sessions.append(delays.Planned(
            start=start,
            end=min(start + length, 24 * 60),
            room=draw(st.sampled_from(ROOMS)),
            delay=draw(st.one_of(st.none(), st.none(), st.integers(-20, 60))),
            cancelled=draw(st.integers(0, 6)) == 0,
        ))
    return sessions


def day_yaml(day: list[delays.Planned]) -> str:
    lines = ["event: {title: Test, date: 2024-04-15}", "sessions:"]
    for index, s in enumerate(day):
        fields = [f"time: {s.start // 60:02d}.{s.start % 60:02d} - "
                  f"{s.end // 60:02d}.{s.end % 60:02d}", f"title: s{index}"]
        if s.room is not None:
            fields.append(f"room: {s.room}")
        if s.delay is not None:
            fields.append(f"delay: {s.delay}")
        if s.cancelled:
            fields.append("cancelled: true")
        lines.append("  - {" + ", ".join(fields) + "}")
    return "\n".join(lines) + "\n"


def minutes_of(schedule: Schedule) -> dict[str, tuple[int, int]]:
    def minutes(moment: dt.datetime) -> int:
        wall = schedule.local(moment)
        return wall.hour * 60 + wall.minute + 24 * 60 * (wall.date() - dt.date(2024, 4, 15)).days

    return {s.title: (minutes(s.start), minutes(s.end)) for s in schedule.sessions}


PROPERTY = settings(max_examples=300, deadline=None)


@PROPERTY
@given(day=days())
def test_the_reader_moves_sessions_as_the_rules_say(day: list[delays.Planned]) -> None:
    got = minutes_of(parse_schedule(day_yaml(day), "s.yaml").schedule)
    assert [got[f"s{i}"] for i in range(len(day))] == delays.expected_times(day)


@PROPERTY
@given(day=days(), seed=st.integers(0, 2**32 - 1))
def test_the_order_sessions_are_written_in_never_matters(
    day: list[delays.Planned], seed: int
) -> None:
    order = list(range(len(day)))
    random.Random(seed).shuffle(order)
    shuffled = [day[i] for i in order]
    first = minutes_of(parse_schedule(day_yaml(day), "s.yaml").schedule)
    second = minutes_of(parse_schedule(day_yaml(shuffled), "s.yaml").schedule)
    assert [first[f"s{i}"] for i in range(len(day))] == \
        [second[f"s{order.index(i)}"] for i in range(len(day))]


@PROPERTY
@given(day=days(), room=st.sampled_from(["Zaal 1", "Zaal 2", "Foyer"]),
       delay=st.integers(-20, 60), which=st.integers(0, 13))
def test_a_rooms_delay_never_moves_another_room(
    day: list[delays.Planned], room: str, delay: int, which: int
) -> None:
    """Give one session of ``room`` a new delay: nothing outside that room moves, except
    the sessions of ``room`` itself (and, in it, one that now runs over)."""
    in_room = [i for i, s in enumerate(day) if s.room is not None
               and s.room.casefold() == room.casefold()]
    if not in_room:
        return
    index = in_room[which % len(in_room)]
    changed = [*day]
    changed[index] = delays.Planned(day[index].start, day[index].end, day[index].room, delay,
                                    day[index].cancelled)
    before = minutes_of(parse_schedule(day_yaml(day), "s.yaml").schedule)
    after = minutes_of(parse_schedule(day_yaml(changed), "s.yaml").schedule)
    for i, session in enumerate(day):
        if session.room is None or session.room.casefold() != room.casefold():
            assert after[f"s{i}"] == before[f"s{i}"], (i, session)


@pytest.mark.parametrize("reverse", [False, True])
def test_ties_at_one_start_do_not_depend_on_the_order(reverse: bool) -> None:
    sessions = ["  - {time: 10.00 - 11.00, title: a, delay: 5}",
                "  - {time: 10.00 - 11.00, title: b, delay: 15}",
                "  - {time: 10.00 - 11.00, title: c}"]
    text = "event: {title: Test, date: 2024-04-15}\nsessions:\n" + "\n".join(
        reversed(sessions) if reverse else sessions) + \
        "\n  - {time: 11.00 - 12.00, title: d}\n"
    assert times(read(text)) == {
        "a": ("10.05", "11.15"), "b": ("10.15", "11.15"), "c": ("10.00", "11.15"),
        "d": ("11.15", "12.15"),
    }


# -- the night and the clock changes ------------------------------------------------------

NIGHT_DATES = ["2024-10-26", "2024-03-30", "2024-06-15"]
"""The evening before the clocks go back, the evening before they go forward, a summer day."""


@st.composite
def nights(draw: st.DrawFn) -> list[dict[str, object]]:
    """Sessions anywhere in the day and the night after it, some by start: and end:."""
    sessions: list[dict[str, object]] = []
    for _ in range(draw(st.integers(1, 10))):
        start = 15 * draw(st.integers(0, 95))
        sessions.append({
            "start": start, "end": min(start + 15 * draw(st.integers(1, 12)), 24 * 60),
            "room": draw(st.sampled_from(ROOMS)),
            "delay": draw(st.one_of(st.none(), st.none(), st.integers(-20, 90))),
            "cancelled": draw(st.integers(0, 6)) == 0, "keys": draw(st.booleans()),
        })
    return sessions


def night_yaml(day: list[dict[str, object]], date: str, until: str | None) -> str:
    def clock(minutes: object) -> str:
        assert isinstance(minutes, int)
        return "24.00" if minutes == 24 * 60 else f"{minutes // 60:02d}.{minutes % 60:02d}"

    lines = [f"event: {{title: T, date: {date}" + (f", until: {until}}}" if until else "}"),
             "sessions:"]
    for index, s in enumerate(day):
        fields = ([f"start: {clock(s['start'])}", f"end: {clock(s['end'])}"] if s["keys"]
                  else [f"time: {clock(s['start'])} - {clock(s['end'])}"])
        fields.append(f"title: s{index}")
        if s["room"] is not None:
            fields.append(f"room: {s['room']}")
        if s["delay"] is not None:
            fields.append(f"delay: {s['delay']}")
        if s["cancelled"]:
            fields.append("cancelled: true")
        lines.append("  - {" + ", ".join(fields) + "}")
    return "\n".join(lines) + "\n"


def read_or_problems(text: str) -> Schedule | list[str]:
    try:
        return parse_schedule(text, "s.yaml").schedule
    except ScheduleError as error:
        return sorted(str(problem.message) for problem in error.problems)


@PROPERTY
@given(day=nights(), seed=st.integers(0, 2**32 - 1), date=st.sampled_from(NIGHT_DATES),
       until=st.sampled_from([None, "04.00", "06.00"]),
       probes=st.lists(st.integers(0, 36 * 60), max_size=6))
def test_nights_and_clock_changes_do_not_depend_on_the_order_either(
    day: list[dict[str, object]], seed: int, date: str, until: str | None, probes: list[int]
) -> None:
    """For every order of the sessions, the same moments, and the same kiosk now --json at
    every moment of the day and the night after it, across the clock changes."""
    order = list(range(len(day)))
    random.Random(seed).shuffle(order)
    first = read_or_problems(night_yaml(day, date, until))
    second = read_or_problems(night_yaml([day[i] for i in order], date, until))
    if isinstance(first, list) or isinstance(second, list):
        assert first == second  # the same problems, whatever the order
        return
    name = {f"s{order.index(i)}": f"s{i}" for i in range(len(day))}  # second's titles

    def moments(schedule: Schedule, rename: dict[str, str]) -> dict[str, tuple[dt.datetime, ...]]:
        return {rename.get(s.title, s.title): (s.start, s.end, s.scheduled_start,
                                                s.scheduled_end) for s in schedule.sessions}

    assert moments(first, {}) == moments(second, name)
    midnight = dt.datetime.fromisoformat(date).replace(tzinfo=AMS)
    for minutes in probes:
        moment = midnight.astimezone(dt.timezone.utc) + dt.timedelta(minutes=minutes)
        one = status_json(first, Timeline(first).status(moment))
        other = status_json(second, Timeline(second).status(moment))
        for item in other["current"] + other["next"]:
            item["title"] = name[item["title"]]
        assert one["phase"] == other["phase"]
        for part in ("current", "next"):
            assert sorted(one[part], key=lambda i: i["title"]) == \
                sorted(other[part], key=lambda i: i["title"])
        at = dt.datetime.fromisoformat(one["at"])
        assert at.utcoffset() == moment.astimezone(AMS).utcoffset()  # the offset of then
        for item in one["current"]:
            assert dt.datetime.fromisoformat(item["start"]) <= at < \
                dt.datetime.fromisoformat(item["end"])
        starts = {dt.datetime.fromisoformat(item["start"]) for item in one["next"]}
        assert len(starts) <= 1
        assert all(start > at for start in starts)
