"""Days that run past midnight: a festival night, a congress day from 11.00 to 04.00.

A session whose end is before its start ends the next morning when it starts at 18.00 or
later and ends at 06.00 or earlier; a day's ``until:`` says how far into the next morning
it runs, and sessions that start before that time belong to the night after the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.reader import ScheduleError, parse_schedule, parse_tree, read_schedule
from kiosk.schedule import zone_name
from kiosk.timeline import Phase, Timeline
from kiosk.yamltree import compose

ZONE = ZoneInfo("Europe/Amsterdam")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 12, day, hour, minute, tzinfo=ZONE)


CONGRESS = """\
    event: {title: Congres}
    days:
      - date: 2024-12-27
        until: 04.00
        sessions:
          - {time: 11.00 - 12.00, title: Opening}
          - {time: 23.00 - 00.00, title: Late talk}
          - {time: 00.30 - 01.30, title: Night talk}
          - {time: 02.00 - 03.30, title: Concert}
      - date: 2024-12-28
        sessions:
          - {time: 11.00 - 12.00, title: Day two}
    """


def test_sessions_before_until_start_the_next_morning(write_schedule: Callable[..., Path]) -> None:
    schedule = read_schedule(write_schedule(CONGRESS)).schedule
    first, second = schedule.days
    assert [(s.title, s.start, s.end) for s in first.sessions] == [
        ("Opening", at(27, 11), at(27, 12)),
        ("Late talk", at(27, 23), at(28, 0)),
        ("Night talk", at(28, 0, 30), at(28, 1, 30)),
        ("Concert", at(28, 2), at(28, 3, 30)),
    ]
    assert [schedule.session_day(s) for s in first.sessions] == [dt.date(2024, 12, 27)] * 4
    # Only the sessions that start on the next morning need to say whose night they are.
    assert [s.day for s in first.sessions] == [None, None, dt.date(2024, 12, 27),
                                               dt.date(2024, 12, 27)]
    assert [schedule.session_day(s) for s in second.sessions] == [dt.date(2024, 12, 28)]


@pytest.mark.parametrize(
    ("moment", "phase", "day"),
    [
        (at(27, 23, 30), Phase.SESSION, 27),
        (at(28, 0, 15), Phase.BREAK, 27),  # between two items of the night: a break
        (at(28, 1, 45), Phase.BREAK, 27),
        (at(28, 3, 0), Phase.SESSION, 27),
        (at(28, 3, 45), Phase.BEFORE, 28),  # the night is over: day two comes next
        (at(28, 10, 0), Phase.BEFORE, 28),
        (at(28, 11, 30), Phase.SESSION, 28),
    ],
)
def test_the_night_belongs_to_the_day_before(
    write_schedule: Callable[..., Path], moment: dt.datetime, phase: Phase, day: int
) -> None:
    schedule = read_schedule(write_schedule(CONGRESS)).schedule
    status = Timeline(schedule).status(moment)
    assert status.phase is phase
    assert status.day is not None
    assert status.day.date == dt.date(2024, 12, day)


def test_a_session_across_midnight_ends_the_next_morning(
    write_schedule: Callable[..., Path],
) -> None:
    schedule = read_schedule(write_schedule("""\
        event: {title: Festival, date: 2024-12-27}
        sessions:
          - {time: 21.00 - 23.30, title: Band}
          - {time: 23.30 - 00.30, title: Night set}
          - {time: 18.00 - 06.00, title: Hele nacht open}
        """)).schedule
    night = {s.title: s for s in schedule.sessions}
    assert (night["Night set"].start, night["Night set"].end) == (at(27, 23, 30), at(28, 0, 30))
    assert night["Hele nacht open"].end == at(28, 6)
    status = Timeline(schedule).status(at(28, 0, 10))
    assert [s.title for s in status.current] == ["Hele nacht open", "Night set"]
    assert status.day is not None
    assert status.day.date == dt.date(2024, 12, 27)


NIGHT = ("the session ends ({end}) before it starts ({start}): a session that ends after "
         "midnight starts at 18.00 or later and ends by 06.00; for a later night give the day "
         "until:")


@pytest.mark.parametrize(
    ("time", "message"),
    [
        ("10.45 - 10.30", "the session ends (10.30) before it starts (10.45): check which of "
                          "the two is wrong"),
        ("17.59 - 00.30", NIGHT.format(end="00.30", start="17.59")),
        ("23.00 - 06.01", NIGHT.format(end="06.01", start="23.00")),
    ],
)
def test_other_ends_before_starts_stay_errors(time: str, message: str) -> None:
    text = f"event: {{title: T, date: 2024-12-27}}\nsessions:\n  - time: {time}\n    title: X\n"
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text, "s.yaml")
    assert caught.value.lines() == [f"s.yaml:3:19: {message}"]


@pytest.mark.parametrize("until", ["00.00", "12.01", "13.00"])
def test_until_is_a_morning_time(until: str) -> None:
    text = (f"event: {{title: T, date: 2024-12-27, until: {until}}}\n"
            "sessions:\n  - {time: 10.00 - 11.00, title: X}\n")
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text, "s.yaml")
    assert caught.value.lines() == [
        f"s.yaml:1:44: event.until: the day runs on past midnight until this time the "
        f"next morning: use 00.01 to 12.00, found '{until}'"]


def test_a_one_day_event_runs_into_the_night_with_event_until() -> None:
    result = parse_schedule("event: {title: Gala, date: 2024-12-27, until: 02.00}\n"
                            "sessions:\n  - {time: 20.00 - 23.00, title: Diner}\n"
                            "  - {time: 00.15 - 01.45, title: Dansen}\n", "s.yaml")
    dance = result.schedule.sessions[-1]
    assert (dance.start, dance.end, dance.day) == (at(28, 0, 15), at(28, 1, 45),
                                                   dt.date(2024, 12, 27))


def test_a_session_id_is_kept_as_text() -> None:
    result = parse_schedule("event: {title: T, date: 2024-12-27}\nsessions:\n"
                            "  - {time: 10.00 - 11.00, title: X, id: 6571}\n"
                            "  - {time: 11.00 - 12.00, title: Y}\n", "s.yaml")
    assert [s.id for s in result.schedule.sessions] == ["6571", None]


@pytest.mark.parametrize(
    ("written", "offset", "name"),
    [("+01:00", 60, "UTC+01:00"), ("UTC-05:30", -330, "UTC-05:30"), ("+0200", 120, "UTC+02:00")],
)
def test_a_fixed_offset_is_a_time_zone(written: str, offset: int, name: str) -> None:
    result = parse_schedule(f"event: {{title: T, date: 2024-12-27, timezone: '{written}'}}\n"
                            "sessions:\n  - {time: 10.00 - 11.00, title: X}\n", "s.yaml")
    zone = result.schedule.event.timezone
    assert zone.utcoffset(None) == dt.timedelta(minutes=offset)
    assert zone_name(zone) == name
    assert result.schedule.sessions[0].start == dt.datetime(
        2024, 12, 27, 10, tzinfo=dt.timezone(dt.timedelta(minutes=offset)))


def test_an_offset_beyond_fourteen_hours_is_refused() -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule("event: {title: T, date: 2024-12-27, timezone: '+15:00'}\n"
                       "sessions:\n  - {time: 10.00 - 11.00, title: X}\n", "s.yaml")
    assert caught.value.lines() == [
        "s.yaml:1:47: time zone '+15:00': an offset from UTC is at most 14.00 hours"]


def test_parse_tree_checks_a_tree_made_elsewhere_like_yaml() -> None:
    text = "event: {title: T, date: 2024-12-27}\nsessions:\n  - {time: 10.00 - 11.00, title: X}\n"
    root, problems = compose(text)
    assert problems == []
    assert parse_tree(root, "export.xml") == parse_schedule(text, "export.xml")
    with pytest.raises(ScheduleError) as caught:
        parse_tree(None, "export.xml")
    assert caught.value.lines() == ["export.xml:1:1: the file holds no schedule (only comments?)"]


def test_a_night_session_at_the_autumn_change_is_warned_on_its_calendar_date() -> None:
    result = parse_schedule("event: {title: Nacht, date: 2024-10-26, until: 04.00}\n"
                            "sessions:\n  - {time: 22.00 - 23.30, title: Band, room: Zaal}\n"
                            "  - {time: 02.30 - 03.30, title: Nachtset, room: Zaal}\n", "s.yaml")
    assert result.warning_lines() == [
        "s.yaml:4:12: warning: 02.30 happens twice on 2024-10-27 in Europe/Amsterdam (the "
        "clocks go back): it is read as the first time, in summer time"]


def test_a_night_session_without_until_is_doubted_where_the_evening_runs_past_midnight() -> None:
    """The DJ at 01.00 after a set that ends then: without until: it is the morning before
    the day, and at 01.30 that night the screen would say the programme is over."""
    text = ("event: {title: Festival, date: 2024-06-15}\nsessions:\n"
            "  - {time: 22.00 - 23.30, title: Band}\n"
            "  - {time: 23.30 - 01.00, title: DJ 1}\n"
            "  - {time: 01.00 - 02.00, title: DJ 2}\n")
    result = parse_schedule(text, "s.yaml")
    assert result.warning_lines() == [
        "s.yaml:5:12: warning: 01.00 - 02.00 is read as the morning of 2024-06-15, before the "
        "day's programme, while 'DJ 1' runs on to 01.00 that night: if it belongs to that "
        "night, add until: 02.00 to event:"]
    # The suggestion is right: with it, DJ 2 plays that night, and no doubt is left.
    fixed = parse_schedule(text.replace("2024-06-15}", "2024-06-15, until: 02.00}"), "s.yaml")
    assert fixed.warnings == ()
    dj = fixed.schedule.sessions[-1]
    assert (dj.start, dj.end) == (dt.datetime(2024, 6, 16, 1, tzinfo=ZONE),
                                  dt.datetime(2024, 6, 16, 2, tzinfo=ZONE))


def test_the_doubted_night_of_a_multi_day_event_names_its_day() -> None:
    text = ("event: {title: Festival}\ndays:\n  - date: 2024-06-15\n    sessions:\n"
            "      - {time: 09.00 - 10.00, title: Ontbijt}\n"
            "      - {time: 23.00 - 24.00, title: Band}\n"
            "      - {time: 00.00 - 02.00, title: Nachtfilm}\n")
    assert parse_schedule(text, "s.yaml").warning_lines() == [
        "s.yaml:7:16: warning: 00.00 - 02.00 is read as the morning of 2024-06-15, before the "
        "day's programme, while 'Band' runs on to 24.00 that night: if it belongs to that "
        "night, add until: 02.00 to this day, beside its date:"]


def test_an_early_morning_without_a_late_evening_is_no_doubt() -> None:
    text = ("event: {title: Festival, date: 2024-06-15}\nsessions:\n"
            "  - {time: 05.30 - 06.30, title: Zonsopgang}\n"
            "  - {time: 20.00 - 23.30, title: Band}\n")
    assert parse_schedule(text, "s.yaml").warnings == ()


def test_a_session_after_a_too_early_until_is_doubted() -> None:
    text = ("event: {title: Festival, date: 2024-06-15, until: 02.00}\nsessions:\n"
            "  - {time: 22.00 - 01.00, title: A}\n"
            "  - {time: 01.00 - 03.00, title: B}\n"
            "  - {time: 03.00 - 04.00, title: C}\n")
    assert parse_schedule(text, "s.yaml").warning_lines() == [
        "s.yaml:5:12: warning: 03.00 - 04.00 starts after until: 02.00, so it is read as the "
        "morning of 2024-06-15, before the day's programme: if it belongs to the night, make "
        "it until: 04.00"]
    assert parse_schedule(text.replace("until: 02.00", "until: 04.00"), "s.yaml").warnings == ()
