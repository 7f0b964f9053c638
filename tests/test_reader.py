"""Reading schedule.yaml: every value as written, every problem at its exact line and column."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from textwrap import dedent
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REAL_SCHEDULE
from kiosk.reader import (
    MAX_BYTES,
    MAX_IMPORT_BYTES,
    Problem,
    ReadResult,
    ScheduleError,
    ScheduleFileError,
    parse_schedule,
    read_schedule,
)
from kiosk.schedule import Announcement, Display, Kind, Schedule, Session

UTC = dt.timezone.utc
AMS = ZoneInfo("Europe/Amsterdam")

HEAD = """\
event:
  title: Test
  date: 2024-04-15
sessions:
"""
"""Four lines: the first session item starts on line 5."""


def parse(text: str, folder: Path | None = None) -> ReadResult:
    return parse_schedule(dedent(text), source="s.yaml", folder=folder)


def read(text: str, folder: Path | None = None) -> Schedule:
    """The schedule of a text that must be valid and draw no warnings."""
    result = parse(text, folder)
    assert result.warnings == ()
    return result.schedule


def problems(text: str | bytes, folder: Path | None = None) -> list[str]:
    """Every line ``kiosk check`` prints on stderr for the text (errors and warnings)."""
    data = dedent(text) if isinstance(text, str) else text
    try:
        result = parse_schedule(data, source="s.yaml", folder=folder)
    except ScheduleError as error:
        return error.lines()
    return result.warning_lines()


def utc(hour: int, minute: int = 0, day: int = 15, month: int = 4) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, minute, tzinfo=UTC)


def only(schedule: Schedule) -> Session:
    (session,) = schedule.sessions
    return session


# -- the real programme -----------------------------------------------------


def test_the_real_programme_reads_without_problems() -> None:
    result = read_schedule(REAL_SCHEDULE)
    assert result.warnings == ()
    assert result.source == str(REAL_SCHEDULE)
    schedule = result.schedule
    event = schedule.event
    assert event.title == "Academie voor Sociale Stedelijke Ontwikkeling #2"
    assert event.subtitle == "Bestaanszekerheid in werk en wijk"
    assert event.venue == "De Royal, Heerlen"
    assert event.timezone == AMS
    assert event.language == "nl"
    assert (event.url, event.accent) == (None, None)
    assert schedule.display == Display(card_seconds=12.0)
    assert schedule.announcements == ()
    assert [day.date for day in schedule.days] == [dt.date(2024, 4, 15)]
    assert schedule.first_date == dt.date(2024, 4, 15)
    assert len(schedule.speakers) == 10
    assert [
        (s.title, s.kind.value, f"{s.start.astimezone(AMS):%H.%M}-{s.end.astimezone(AMS):%H.%M}")
        for s in schedule.sessions
    ] == [
        ("Inloop", "walk-in", "10.15-10.45"),
        ("Welkomstwoord", "ceremony", "10.45-11.00"),
        ("Lezing Ron Meyer", "talk", "11.00-11.15"),
        ("Lezing Dennis Martens", "talk", "11.15-12.00"),
        ("Lezing Lodewijk Asscher", "talk", "12.00-13.00"),
        ("Lunch", "lunch", "13.00-14.00"),
        ("Lezing Hugo de Jonge", "talk", "14.00-15.00"),
        ("Interactieve sessie Martin de Beer & Open Universiteit", "workshop", "15.15-16.00"),
        ("Interactieve sessie Casper Gelderblom", "workshop", "15.15-16.00"),
        ("Interactieve sessie huisarts Micha Lutgens & Pharos", "workshop", "15.15-16.00"),
        ("Afronding", "ceremony", "16.15-16.30"),
        ("Afsluitende borrel", "drinks", "16.30-17.00"),
    ]
    assert [s.line for s in schedule.sessions] == [
        48, 52, 60, 68, 77, 85, 89, 98, 113, 125, 140, 145,
    ]
    first = schedule.sessions[0]
    assert (first.start, first.end) == (utc(8, 15), utc(8, 45))
    assert first.is_break
    welcome = schedule.sessions[1]
    assert [(s.id, s.name, s.role) for s in welcome.speakers] == [
        ("roel-wever", "Roel Wever", "burgemeester en voorzitter van de Alliantie"),
        ("nicole-ummelen", "Nicole Ummelen", "voorzitter College van Bestuur Open Universiteit"),
    ]
    assert welcome.description == (
        "Roel Wever (burgemeester en voorzitter van de Alliantie) en Nicole Ummelen "
        "(voorzitter College van Bestuur Open Universiteit) heten u van harte welkom."
    )
    assert not welcome.is_break
    assert all(s.room is None and s.note is None and not s.cancelled for s in schedule.sessions)
    assert all(s.delay == dt.timedelta() for s in schedule.sessions)


# -- times, read as written ------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "10.15 - 10.45",
        "10:15 - 10:45",
        "10:15-10:45",
        "10.15-10.45",
        '"10.15 - 10.45"',
        "'10:15-10:45'",
        "10.15 – 10.45",
        "10.15–10.45",
        '"10:15 – 10:45"',
        "10.15 — 10.45",
        "  10.15   -   10.45  ",
    ],
)
def test_time_ranges_are_read_as_written(written: str) -> None:
    session = only(read(HEAD + f"  - time: {written}\n    title: a\n"))
    assert (session.start, session.end) == (utc(8, 15), utc(8, 45))
    assert (session.scheduled_start, session.scheduled_end) == (utc(8, 15), utc(8, 45))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("10.15", "10.45"),
        ("10:15", "10:45"),
        ('"10:15"', "'10.45'"),
    ],
)
def test_separate_start_and_end_keys(start: str, end: str) -> None:
    session = only(read(HEAD + f"  - start: {start}\n    end: {end}\n    title: a\n"))
    assert (session.start, session.end) == (utc(8, 15), utc(8, 45))


def test_single_digit_hours_midnight_start_and_24_00_end() -> None:
    schedule = read(
        HEAD
        + "  - time: 0.00 - 0.30\n    title: night\n"
        + "  - time: 9.05 - 9.30\n    title: morning\n"
        # (an evening from 18.00 to 24.00 would make 0.00 - 0.30 doubted: see test_nights)
        + "  - time: 17.00 - 24.00\n    title: late\n    room: Zaal 1\n"
        + "  - start: 17:30\n    end: 24:00\n    title: later\n    room: Zaal 2\n"
    )
    assert [(s.title, s.start, s.end) for s in schedule.sessions] == [
        ("night", utc(22, 0, day=14), utc(22, 30, day=14)),
        ("morning", utc(7, 5), utc(7, 30)),
        ("late", utc(15), utc(22)),
        ("later", utc(15, 30), utc(22)),
    ]
    assert schedule.sessions[2].end.astimezone(AMS).isoformat() == "2024-04-16T00:00:00+02:00"


def test_unquoted_words_stay_text() -> None:
    schedule = read(
        """\
        event:
          title: yes
          subtitle: 10:15
          venue: 1e5
          date: 2024-04-15
        sessions:
          - time: 10.00 - 11.00
            title: NO
            room: NO
            note: off
            description: 007
          - time: 11.00 - 12.00
            title: "null"
            room: 12.30
        """
    )
    assert (schedule.event.title, schedule.event.subtitle, schedule.event.venue) == (
        "yes", "10:15", "1e5",
    )
    first, second = schedule.sessions
    assert (first.title, first.room, first.note, first.description) == ("NO", "NO", "off", "007")
    assert (second.title, second.room) == ("null", "12.30")


def test_plain_null_and_empty_values_are_absent() -> None:
    schedule = read(
        """\
        event:
          title: Test
          subtitle: ~
          venue:
          date: 2024-04-15
          url: null
        speakers:
        announcements:
        sessions:
          - time: 10.00 - 11.00
            title: a
            speakers:
            description:
            room: null
            note: ""
        """
    )
    event = schedule.event
    assert (event.subtitle, event.venue, event.url) == (None, None, None)
    session = only(schedule)
    assert (session.speakers, session.description, session.room, session.note) == (
        (), None, None, None,
    )
    assert (schedule.speakers, schedule.announcements, schedule.display) == ((), (), Display())


@pytest.mark.parametrize(
    ("written", "messages"),
    [  # each at the column of the start or the end it is about (the value is at column 11)
        ("10.75 - 11.00", ["11: start time '10.75' does not exist: use 00.00 to 23.59"]),
        ("10.00 - 10.60", ["19: end time '10.60' does not exist: use 00.00 to 24.00"]),
        (
            "25:00 - 26:00",
            [
                "11: start time '25:00' does not exist: use 00.00 to 23.59",
                "19: end time '26:00' does not exist: use 00.00 to 24.00",
            ],
        ),
        ("24:00 - 24:00", ["11: start time '24:00' does not exist: use 00.00 to 23.59"]),
        ("23.00 - 24.01", ["19: end time '24.01' does not exist: use 00.00 to 24.00"]),
        ("10.5 - 11.00", ["11: start time '10.5': minutes need two digits (like 10.05 or "
                          "10.50)"]),
        ("10.00 - 11.123", ["19: end time '11.123': minutes need two digits (like 11.12)"]),
        ("11.00 - 10.00", ["19: the session ends (10.00) before it starts (11.00): "
         "check which of the two is wrong"]),
        ("11.00 - 11.00", ["19: the session ends when it starts (11.00): check the end"]),
        ("11.00–10.00", ["17: the session ends (10.00) before it starts (11.00): "
         "check which of the two is wrong"]),
        ('"11.00 - 10.00"', ["20: the session ends (10.00) before it starts (11.00): "
         "check which of the two is wrong"]),
        ("10:15", ["11: time must be a range like 10.15 - 10.45, found '10:15'"]),
        ("10.15 tot 10.45", ["11: time must be a range like 10.15 - 10.45, found '10.15 tot "
                             "10.45': write 10.15 - 10.45"]),
        ("9 to 10 uur", ["11: time must be a range like 10.15 - 10.45, found '9 to 10 uur': "
                         "write 09.00 - 10.00"]),
        ("10.15 -- 10.45", ["11: time must be a range like 10.15 - 10.45, found '10.15 -- "
                            "10.45': write 10.15 - 10.45"]),
        (
            "10 - 11",
            [
                "11: start time '10' is not a time like 10.15 or 10:15: write 10.00",
                "16: end time '11' is not a time like 10.15 or 10:15: write 11.00",
            ],
        ),
        ("10h15 - 10.45", ["11: start time '10h15' is not a time like 10.15 or 10:15: write "
                           "10.15"]),
        ("1015 - 10u45", ["11: start time '1015' is not a time like 10.15 or 10:15: write "
                          "10.15",
                          "18: end time '10u45' is not a time like 10.15 or 10:15: write "
                          "10.45"]),
        ("10,15 - 10:45:00", ["11: start time '10,15' is not a time like 10.15 or 10:15: "
                              "write 10.15",
                              "19: end time '10:45:00' is not a time like 10.15 or 10:15: "
                              "write 10.45"]),
        ("100.00 - 101.00", [
            "11: start time '100.00' is not a time like 10.15 or 10:15",
            "20: end time '101.00' is not a time like 10.15 or 10:15",
        ]),
    ],
)
def test_impossible_times_are_reported_at_the_time(written: str, messages: list[str]) -> None:
    assert problems(HEAD + f"  - time: {written}\n    title: a\n") == [
        f"s.yaml:5:{message}" for message in messages
    ]


@pytest.mark.parametrize("dash", ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014",
                                  "\u2015", "\u2212"])
def test_every_dash_separates_a_time_range(dash: str) -> None:
    """A word processor's or a web page's dash (a minus sign, a non-breaking hyphen) is
    the dash the organiser typed."""
    session = only(read(HEAD + f"  - time: 10.15 {dash} 10.45\n    title: a\n"))
    assert (session.start, session.end) == (utc(8, 15), utc(8, 45))


def test_end_before_start_with_separate_keys_is_reported_at_end() -> None:
    assert problems(
        """\
        event:
          title: Test
          date: 2024-04-15
        sessions:
          - title: a
            start: 11.00
            end: 10.59
        """
    ) == ["s.yaml:7:10: the session ends (10.59) before it starts (11.00): "
          "check which of the two is wrong"]


def test_missing_times() -> None:
    assert problems(
        """\
        event:
          title: Test
          date: 2024-04-15
        sessions:
          - title: no time at all
          - title: only a start
            start: 10.00
          - end: 11.00
            title: only an end
          - time: 10.00 - 11.00
            start: 10.00
            title: both
          - time:
            title: empty
        """
    ) == [
        "s.yaml:5:5: a session needs 'time:' (like time: 10.15 - 10.45)",
        "s.yaml:6:5: a session needs 'end:'",
        "s.yaml:8:5: a session needs 'start:'",
        "s.yaml:11:12: 'start:' and 'time:' both given: use one of them",
        "s.yaml:13:10: time must be a single value, found nothing",
    ]


# -- speakers -------------------------------------------------------------------


def test_speakers_by_id_single_or_list() -> None:
    schedule = read(
        """\
        event:
          title: Test
          date: 2024-04-15
        speakers:
          ann:
            name: Ann de Vries
            role: wethouder
          bob:
            name: Bob
        sessions:
          - time: 10.00 - 11.00
            title: a
            speakers: ann
          - time: 11.00 - 12.00
            title: b
            speakers: [bob, ann]
        """
    )
    assert [(s.id, s.name, s.role, s.photo) for s in schedule.speakers] == [
        ("ann", "Ann de Vries", "wethouder", None),
        ("bob", "Bob", None, None),
    ]
    first, second = schedule.sessions
    assert [s.name for s in first.speakers] == ["Ann de Vries"]
    assert [s.name for s in second.speakers] == ["Bob", "Ann de Vries"]


def test_unknown_speaker_with_and_without_did_you_mean() -> None:
    assert problems(
        """\
        event:
          title: Test
          date: 2024-04-15
        speakers:
          roel-wever:
            name: Roel Wever
        sessions:
          - time: 10.00 - 11.00
            title: a
            speakers: [roel-weever, roel-wever]
          - time: 11.00 - 12.00
            title: b
            speakers: hugo
        """
    ) == [
        "s.yaml:10:16: unknown speaker 'roel-weever' (did you mean 'roel-wever'?)",
        "s.yaml:13:15: unknown speaker 'hugo' (add it under speakers: at the top of the file)",
    ]


def test_speaker_problems() -> None:
    assert problems(
        """\
        event:
          title: Test
          date: 2024-04-15
        speakers:
          ann:
            role: no name
          bob: Bob
          cy:
            name: Cy
            nmae: Cy
            email: cy@example.org
          cy:
            name: Cy again
          dee:
            name:
        sessions:
          - time: 10.00 - 11.00
            title: a
            speakers: [ann, bob, cy, dee, [x]]
        """
    ) == [
        "s.yaml:6:5: speaker 'ann' needs 'name:'",
        "s.yaml:7:8: speaker 'bob' must be a mapping of keys, found a single value: write it as "
        "bob: {name: Bob}",
        "s.yaml:10:5: unknown key 'nmae' in speaker 'cy' (did you mean 'name'?)",
        "s.yaml:11:5: unknown key 'email' in speaker 'cy' (known keys: name, role, photo)",
        "s.yaml:12:3: duplicate key 'cy' (first on line 8)",
        "s.yaml:15:10: speaker 'dee': name is empty",
        "s.yaml:19:35: a speaker must be a single value, found a list",
    ]


def test_speakers_must_be_a_mapping() -> None:
    assert problems(HEAD.replace("sessions:\n", "speakers: [ann]\nsessions:\n")
                    + "  - time: 10.00 - 11.00\n    title: a\n") == [
        "s.yaml:4:11: speakers must map an id to each speaker's details "
        "(roel-wever: then name:, role:), found a list",
    ]


# -- keys, kinds, titles ------------------------------------------------------


def test_unknown_keys_with_and_without_did_you_mean() -> None:
    assert problems(
        """\
        event:
          title: Test
          date: 2024-04-15
          timezon: Europe/Amsterdam
          colour: red
        speaker: {}
        sessions:
          - time: 10.00 - 11.00
            title: a
            tilte: b
            descripton: c
            speaker: ann
            xyzzy: 1
        extra: 1
        """
    ) == [
        "s.yaml:4:3: unknown key 'timezon' in event (did you mean 'timezone'?)",
        "s.yaml:5:3: unknown key 'colour' in event "
        "(known keys: title, subtitle, venue, date, until, timezone, language, url, accent)",
        "s.yaml:6:1: unknown key 'speaker' in the schedule (did you mean 'speakers'?)",
        "s.yaml:10:5: unknown key 'tilte' in a session (did you mean 'title'?)",
        "s.yaml:11:5: unknown key 'descripton' in a session (did you mean 'description'?)",
        "s.yaml:12:5: unknown key 'speaker' in a session (did you mean 'speakers'?)",
        "s.yaml:13:5: unknown key 'xyzzy' in a session (known keys: time, start, end, title, "
        "kind, speakers, description, room, delay, cancelled, note, id)",
        "s.yaml:14:1: unknown key 'extra' in the schedule "
        "(known keys: event, speakers, sessions, days, announcements, display, import)",
    ]


def test_kinds() -> None:
    schedule = read(
        HEAD + "".join(
            f"  - time: {9 + i:02d}.00 - {9 + i:02d}.30\n    title: {kind}\n    kind: {kind}\n"
            for i, kind in enumerate(
                ["talk", "Workshop", "PANEL", "ceremony", "break", "lunch", "walk-in", "drinks"]
            )
        )
    )
    assert [s.kind for s in schedule.sessions] == list(Kind)
    assert [s.is_break for s in schedule.sessions] == [
        False, False, False, False, True, True, True, True,
    ]
    default = only(read(HEAD + "  - time: 10.00 - 11.00\n    title: a\n"))
    assert default.kind is Kind.TALK


def test_unknown_kind() -> None:
    kinds = "use one of talk, workshop, panel, ceremony, break, lunch, walk-in, drinks"
    assert problems(
        HEAD
        + "  - time: 10.00 - 11.00\n    title: a\n    kind: toespraak\n"
        + "  - time: 11.00 - 12.00\n    title: b\n    kind: Wokshop\n"
        + "  - time: 12.00 - 13.00\n    title: c\n    kind:\n"
    ) == [
        f"s.yaml:7:11: unknown kind 'toespraak': {kinds}",
        f"s.yaml:10:11: unknown kind 'Wokshop' (did you mean 'workshop'?): {kinds}",
        "s.yaml:13:10: kind must be a single value, found nothing",
    ]


def test_missing_or_empty_title() -> None:
    assert problems(
        HEAD
        + "  - time: 10.00 - 11.00\n"
        + "  - time: 11.00 - 12.00\n    title:\n"
        + "  - time: 12.00 - 13.00\n    title: null\n"
        + "  - time: 13.00 - 14.00\n    title: '  '\n"
        + "  - time: 14.00 - 15.00\n    title: [a, b]\n"
        + "  - 14.00 - 15.00 Lezing\n"
    ) == [
        "s.yaml:5:5: a session needs 'title:'",
        "s.yaml:7:11: title is empty",
        "s.yaml:9:12: title is empty",
        "s.yaml:11:12: title is empty",
        "s.yaml:13:12: title must be text, found a list",
        "s.yaml:14:5: a session must be a mapping of keys, found a single value",
    ]


def test_duplicate_keys_name_the_first_line() -> None:
    assert problems(
        """\
        event:
          title: Test
          date: 2024-04-15
          title: Again
        sessions:
          - time: 10.00 - 11.00
            title: a
            kind: talk
            time: 11.00 - 12.00
        event:
          title: Third
        """
    ) == [
        "s.yaml:4:3: duplicate key 'title' (first on line 2)",
        "s.yaml:9:5: duplicate key 'time' (first on line 6)",
        "s.yaml:10:1: duplicate key 'event' (first on line 1)",
    ]


# -- the event -----------------------------------------------------------------


def test_event_fields() -> None:
    schedule = read(
        """\
        event:
          title: Lustrum
          subtitle: Tien jaar
          venue: Zaal 1
          date: 2024-04-15
          timezone: Europe/London
          language: EN
          url: https://example.org/programma?dag=1
          accent: "#1A7F5A"
        display:
          card_seconds: 8.5
        sessions:
          - time: 10.00 - 11.00
            title: a
        """
    )
    event = schedule.event
    assert (event.title, event.subtitle, event.venue) == ("Lustrum", "Tien jaar", "Zaal 1")
    assert event.timezone == ZoneInfo("Europe/London")
    assert (event.language, event.url, event.accent) == (
        "en", "https://example.org/programma?dag=1", "#1a7f5a",
    )
    assert schedule.display == Display(card_seconds=8.5)
    assert only(schedule).start == utc(9)  # 10.00 BST


def test_short_accent_colour_and_integer_card_seconds() -> None:
    schedule = read(HEAD.replace("sessions:\n", "  accent: '#abc'\ndisplay:\n  card_seconds: 30\n"
                                 "sessions:\n") + "  - time: 10.00 - 11.00\n    title: a\n")
    assert (schedule.event.accent, schedule.display.card_seconds) == ("#abc", 30.0)


def test_event_problems() -> None:
    assert problems(
        """\
        event:
          title:
          date: 2024-04-15
          timezone: Europe/Amsterdm
          language: de
          url: www.example.org
          accent: #1a7f5a
        display:
          card_seconds: 2
        sessions:
          - time: 10.00 - 11.00
            title: a
        """
    ) == [
        "s.yaml:2:9: event.title is empty",
        "s.yaml:4:13: unknown time zone 'Europe/Amsterdm' (did you mean 'Europe/Amsterdam'?)",
        "s.yaml:5:13: unknown language 'de': use one of en, nl",
        "s.yaml:6:8: event.url must start with http:// or https://, found 'www.example.org'",
        "s.yaml:7:10: event.accent is empty; a colour starts with '#', which YAML reads as a "
        "comment: write it in quotes, accent: \"#1a7f5a\"",
        "s.yaml:9:17: display.card_seconds must be a number from 3 to 600, found '2'",
    ]


def test_more_event_problems() -> None:
    assert problems(
        """\
        event:
          title: Test
          date: 15-04-2024
          timezone: Mars/Olympus
          language: nll
          accent: "green"
        display:
          card_seconds: fast
          speed: 2
        sessions:
          - time: 10.00 - 11.00
            title: a
        """
    ) == [
        "s.yaml:3:9: event.date must be a date like 2024-04-15, found '15-04-2024': write "
        "2024-04-15",
        "s.yaml:4:13: unknown time zone 'Mars/Olympus' (like Europe/Amsterdam)",
        "s.yaml:5:13: unknown language 'nll' (did you mean 'nl'?): use one of en, nl",
        "s.yaml:6:11: event.accent must be a colour like \"#1a7f5a\", found 'green'",
        "s.yaml:8:17: display.card_seconds must be a number from 3 to 600, found 'fast'",
        "s.yaml:9:3: unknown key 'speed' in display (known keys: card_seconds)",
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-4-15", "event.date must be a date like 2024-04-15, found '2024-4-15': write "
                      "2024-04-15"),
        ("15.4.2024", "event.date must be a date like 2024-04-15, found '15.4.2024': write "
                      "2024-04-15"),
        ("05-04-2024", "event.date must be a date like 2024-04-15, found '05-04-2024': write "
                       "2024-04-05"),  # day first, as in Dutch
        ("04/15/2024", "event.date must be a date like 2024-04-15, found '04/15/2024': write "
                       "2024-04-15"),  # 15 cannot be the month
        ("2024/04/15", "event.date must be a date like 2024-04-15, found '2024/04/15': write "
                       "2024-04-15"),
        ("maandag 15 april 2024", "event.date must be a date like 2024-04-15, found "
                                  "'maandag 15 april 2024': write 2024-04-15"),
        ("April 15, 2024", "event.date must be a date like 2024-04-15, found 'April 15, "
                           "2024': write 2024-04-15"),
        ("2023-02-29", "event.date: 2023-02-29 is not a day of the calendar (that month has "
                       "no such day)"),
        ("31-02-2024", "event.date must be a date like 2024-04-15, found '31-02-2024'"),
        ("15 brumaire 2024", "event.date must be a date like 2024-04-15, found '15 brumaire "
                             "2024'"),
    ],
)
def test_a_date_written_otherwise_says_how_to_write_it(written: str, message: str) -> None:
    assert problems(f"event:\n  title: T\n  date: {written}\nsessions:\n"
                    "  - time: 10.00 - 11.00\n    title: a\n") == [f"s.yaml:3:9: {message}"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("UTC+2", "unknown time zone 'UTC+2': write the offset as +02:00 (no summer time "
                  "then), or the zone of the place, like Europe/Amsterdam"),
        ("GMT-5", "unknown time zone 'GMT-5': write the offset as -05:00 (no summer time "
                  "then), or the zone of the place, like Europe/Amsterdam"),
        ("UTC+15", "time zone 'UTC+15': an offset from UTC is at most 14.00 hours"),
    ],
)
def test_an_offset_written_loosely_is_not_taken_for_utc(written: str, message: str) -> None:
    """'UTC+2' was answered with "did you mean 'UTC'?", two hours off."""
    assert problems(f"event:\n  title: T\n  date: 2024-04-15\n  timezone: {written}\n"
                    "sessions:\n  - time: 10.00 - 11.00\n    title: a\n") == [
        f"s.yaml:4:13: {message}"]


@pytest.mark.parametrize(
    ("date", "time"),
    [("9999-12-31", "23.00 - 24.00"), ("0001-01-01", "00.00 - 01.00"),
     ("0001-01-01", "10.00 - 11.00")],
)
def test_dates_at_the_ends_of_the_calendar_are_refused_not_crashed_on(
    date: str, time: str
) -> None:
    assert problems(f"event:\n  title: T\n  date: {date}\nsessions:\n"
                    f"  - time: {time}\n    title: a\n") == [
        f"s.yaml:3:9: event.date must be a date like 2024-04-15, found '{date}'"
    ]
    assert problems(HEAD + "  - time: 10.00 - 11.00\n    title: a\nannouncements:\n"
                    f"  - text: x\n    until: {date} 24.00\n") == [
        f"s.yaml:9:12: until: '{date}' is not a date like 2024-04-15"
    ]


def test_missing_event() -> None:
    assert problems(
        """\
        # no event
        sessions:
          - time: 10.00 - 11.00
            title: a
        """
    ) == [
        "s.yaml:2:1: the schedule needs 'event:'",
        "s.yaml:3:3: sessions: needs the day in event.date (like date: 2024-04-15), "
        "or put them under days:",
    ]


def test_event_must_be_a_mapping_with_a_title() -> None:
    assert problems("event: Lustrum\n") == [
        "s.yaml:1:8: event must be a mapping of keys, found a single value",
        "s.yaml:1:1: no programme: add event.date with sessions: (one day) "
        "or days: (several days)",
    ][::-1]
    assert problems("event:\n  date: 2024-04-15\nsessions:\n  - time: 10.00 - 11.00\n"
                    "    title: a\n") == ["s.yaml:2:3: event needs 'title:'"]


# -- the programme ------------------------------------------------------------


def test_empty_or_missing_programme() -> None:
    assert problems(HEAD) == ["s.yaml:4:10: the programme is empty: add at least one session"]
    assert problems(HEAD + "  []\n") == [
        "s.yaml:5:3: the programme is empty: add at least one session"
    ]
    assert problems(HEAD.replace("sessions:\n", "")) == [
        "s.yaml:3:9: no sessions: the programme is missing"
    ]
    assert problems("event:\n  title: Test\n") == [
        "s.yaml:1:1: no programme: add event.date with sessions: (one day) "
        "or days: (several days)"
    ]
    assert problems(HEAD + "  time: 10.00 - 11.00\n") == [
        "s.yaml:5:3: sessions must be a list ('- ' items), found a mapping (key: value "
        "lines): put '- ' before the first key of each item"
    ]


def test_an_event_written_as_a_list_is_one_error_with_the_way_out() -> None:
    """Not also 'sessions: needs the day in event.date': the date is there, in the list."""
    assert problems("event:\n  - title: Test\n  - date: 2024-04-15\nsessions:\n"
                    "  - time: 10.00 - 11.00\n    title: a\n") == [
        "s.yaml:2:3: event must be a mapping of keys, found a list: write its keys without "
        "'- ' before them"]


def test_days_of_a_multi_day_event() -> None:
    schedule = read(
        """\
        event:
          title: Festival
        days:
          - date: 2024-04-16
            sessions:
              - time: 09.00 - 10.00
                title: second day
          - date: 2024-04-15
            sessions:
              - time: 10.00 - 11.00
                title: first day b
              - time: 09.00 - 10.00
                title: first day a
        """
    )
    assert [day.date for day in schedule.days] == [dt.date(2024, 4, 15), dt.date(2024, 4, 16)]
    assert [[s.title for s in day.sessions] for day in schedule.days] == [
        ["first day a", "first day b"],
        ["second day"],
    ]
    assert [s.title for s in schedule.sessions] == ["first day a", "first day b", "second day"]
    assert schedule.sessions[2].start == utc(7, day=16)
    assert schedule.day_of(dt.date(2024, 4, 16)) is schedule.days[1]
    assert schedule.day_of(dt.date(2024, 4, 17)) is None
    assert schedule.first_date == dt.date(2024, 4, 15)


def test_days_together_with_event_date_or_top_level_sessions() -> None:
    assert problems(
        """\
        event:
          title: Test
          date: 2024-04-15
        sessions:
          - time: 10.00 - 11.00
            title: a
        days:
          - date: 2024-04-16
            sessions:
              - time: 10.00 - 11.00
                title: b
        """
    ) == [
        "s.yaml:3:9: event.date and days: both given: a one-day event uses event.date with "
        "sessions:, a longer one days: alone",
        "s.yaml:5:3: sessions: and days: both given: put the sessions under their day in days:",
    ]


def test_day_problems() -> None:
    assert problems(
        """\
        event:
          title: Test
        days:
          - date: 2024-04-16
            sessions:
              - time: 10.00 - 11.00
                title: b
          - date: 2024-04-16
            sessions:
              - time: 11.00 - 12.00
                title: c
          - date: 2024-04-31
            sessions:
              - time: 10.00 - 09.00
                title: d
          - sessions:
              - time: 10.00 - 11.00
                title: e
          - date: 2024-04-18
          - date: 2024-04-19
            sessions: []
        """
    ) == [
        "s.yaml:8:11: day 2024-04-16 is listed twice (first on line 4)",
        "s.yaml:12:11: date: 2024-04-31 is not a day of the calendar (that month has no such "
        "day)",
        "s.yaml:14:23: the session ends (09.00) before it starts (10.00): "
        "check which of the two is wrong",
        "s.yaml:16:5: a day needs 'date:'",
        "s.yaml:19:5: a day needs 'sessions:'",
        "s.yaml:21:15: the programme is empty: add at least one session",
    ]
    assert problems("event:\n  title: Test\ndays: []\n") == [
        "s.yaml:3:7: days: is empty: the programme needs at least one day"
    ]


# -- delays, cancellations, notes ------------------------------------------------


def test_delay_moves_the_session_and_every_later_one_until_a_new_delay() -> None:
    schedule = read(
        """\
        event:
          title: Test
          date: 2024-04-15
        sessions:
          - time: 13.00 - 14.00
            title: d
            delay: 0
          - time: 10.00 - 11.00
            title: a
          - time: 11.00 - 12.00
            title: b
            delay: 10
            note: Begint later
          - time: 12.00 - 13.00
            title: c
          - time: 14.00 - 15.00
            title: e
            delay: -5
          - time: 15.00 - 16.00
            title: f
        """
    )
    assert [
        (s.title, s.start, s.end, s.scheduled_start, s.scheduled_end, s.delay)
        for s in schedule.sessions
    ] == [
        # a was planned to end as b starts: b starts 10 minutes late, so a runs over.
        ("a", utc(8), utc(9, 10), utc(8), utc(9), dt.timedelta()),
        ("b", utc(9, 10), utc(10, 10), utc(9), utc(10), dt.timedelta(minutes=10)),
        ("c", utc(10, 10), utc(11, 10), utc(10), utc(11), dt.timedelta(minutes=10)),
        ("d", utc(11), utc(12), utc(11), utc(12), dt.timedelta()),
        ("e", utc(11, 55), utc(12, 55), utc(12), utc(13), dt.timedelta(minutes=-5)),
        ("f", utc(12, 55), utc(13, 55), utc(13), utc(14), dt.timedelta(minutes=-5)),
    ]
    assert schedule.sessions[1].note == "Begint later"
    assert [s.line for s in schedule.sessions] == [8, 10, 14, 5, 16, 19]


def test_delay_does_not_cross_into_the_next_day() -> None:
    schedule = read(
        """\
        event:
          title: Test
        days:
          - date: 2024-04-15
            sessions:
              - time: 10.00 - 11.00
                title: a
                delay: 15
          - date: 2024-04-16
            sessions:
              - time: 10.00 - 11.00
                title: b
        """
    )
    assert [(s.title, s.start) for s in schedule.sessions] == [
        ("a", utc(8, 15)),
        ("b", utc(8, day=16)),
    ]


@pytest.mark.parametrize(("written", "cancelled"), [
    ("true", True), ("True", True), ("yes", True), ("on", True), ("ja", True),
    ("false", False), ("no", False), ("NO", False), ("off", False), ("Nee", False),
])
def test_cancelled(written: str, cancelled: bool) -> None:
    text = HEAD + f"  - time: 10.00 - 11.00\n    title: a\n    cancelled: {written}\n"
    session = only(read(text))
    assert session.cancelled is cancelled


def test_delay_and_cancelled_problems() -> None:
    assert problems(
        HEAD
        + "  - time: 10.00 - 11.00\n    title: a\n    delay: 10 minutes\n"
        + "  - time: 11.00 - 12.00\n    title: b\n    delay: 721\n    cancelled: maybe\n"
        + "  - time: 12.00 - 13.00\n    title: c\n    delay: 1.5\n    cancelled:\n"
    ) == [
        "s.yaml:7:12: delay (minutes) must be a whole number from -180 to 720, "
        "found '10 minutes': write delay: 10",
        "s.yaml:10:12: delay (minutes) must be a whole number from -180 to 720, found '721'",
        "s.yaml:11:16: cancelled must be true or false, found 'maybe'",
        "s.yaml:14:12: delay (minutes) must be a whole number from -180 to 720, found '1.5'",
        "s.yaml:15:15: cancelled must be a single value, found nothing",
    ]


@pytest.mark.parametrize(
    ("written", "meant"),
    [("10 min", "10"), ("10m", "10"), ("15 minuten", "15"), ("1 uur", "60"), ("0:15", "15"),
     ("1.30", "90"), ("-0.10", "-10"), ("11.30", None), ("tien", None)],
)
def test_a_delay_written_otherwise_says_how_to_write_it(written: str, meant: str | None) -> None:
    """11.30 is more likely the new start than a delay of 690 minutes: no suggestion."""
    hint = f": write delay: {meant}" if meant is not None else ""
    assert problems(HEAD + f"  - time: 10.00 - 11.00\n    title: a\n    delay: {written}\n") == [
        f"s.yaml:7:12: delay (minutes) must be a whole number from -180 to 720, found "
        f"'{written}'{hint}"]


# -- announcements --------------------------------------------------------------


def test_announcements() -> None:
    schedule = read(
        HEAD.replace("sessions:\n", "")
        + dedent(
            """\
            announcements:
              - Welkom! De garderobe is links.
              - text: De lunch is in de foyer
                from: 12.55
                until: 2024-04-15 14.00
              - text: Tot ziens
                from: 2024-04-15T16:30
            sessions:
              - time: 10.00 - 11.00
                title: a
            """
        )
    )
    assert schedule.announcements == (
        Announcement(text="Welkom! De garderobe is links."),
        Announcement(text="De lunch is in de foyer", starts=utc(10, 55), ends=utc(12)),
        Announcement(text="Tot ziens", starts=utc(14, 30)),
    )
    lunch = schedule.announcements[1]
    assert not lunch.applies_at(utc(10, 55) - dt.timedelta(microseconds=1))
    assert lunch.applies_at(utc(10, 55))
    assert lunch.applies_at(utc(11, 59))
    assert not lunch.applies_at(utc(12))
    assert schedule.announcements[0].applies_at(utc(0))


def test_announcement_problems() -> None:
    assert problems(
        """\
        event:
          title: Test
        days:
          - date: 2024-04-15
            sessions:
              - time: 10.00 - 11.00
                title: a
          - date: 2024-04-16
            sessions:
              - time: 10.00 - 11.00
                title: b
        announcements:
          - text: bare time on two days
            from: 12.55
          - text: backwards
            from: 2024-04-15 12.00
            until: 2024-04-15 11.00
          - text: words
            until: tomorrow
          - from: 2024-04-15 12.00
          - text: impossible
            until: 2024-04-15 12.75
          - text: x
            when: 12.00
        """
    ) == [
        "s.yaml:14:11: from: on a multi-day event give the date too, like 2024-04-15 12.55",
        "s.yaml:17:12: until: is not after from:",
        "s.yaml:19:12: until must be a time like 12.55 (or a date and time like "
        "2024-04-15 12.55), found 'tomorrow'",
        "s.yaml:20:5: an announcement needs 'text:'",
        "s.yaml:22:12: until time '12.75' does not exist: use 00.00 to 24.00",
        "s.yaml:24:5: unknown key 'when' in an announcement (known keys: text, from, until)",
    ]


# -- photos ---------------------------------------------------------------------


PHOTO_SCHEDULE = """\
event:
  title: Test
  date: 2024-04-15
speakers:
  ann:
    name: Ann
    photo: {photo}
sessions:
  - time: 10.00 - 11.00
    title: a
    speakers: [ann]
"""


def test_photo_beside_or_below_the_schedule(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "ann.jpg").write_bytes(b"\xff\xd8")
    for written in ("photos/ann.jpg", "./photos/ann.jpg", "photos/../photos/ann.jpg",
                    "photos\\ann.jpg"):
        schedule = read(PHOTO_SCHEDULE.format(photo=written), folder=tmp_path)
        assert schedule.speakers[0].photo == PurePosixPath("photos/ann.jpg")


def test_photo_without_a_folder_is_not_looked_up() -> None:
    schedule = read(PHOTO_SCHEDULE.format(photo="photos/ann.jpg"), folder=None)
    assert schedule.speakers[0].photo == PurePosixPath("photos/ann.jpg")


@pytest.mark.parametrize(
    "written",
    ["../x.jpg", "/etc/x.jpg", "..", "photos/../../x.jpg", "C:/x.jpg", "'C:\\x.jpg'",
     "..\\x.jpg"],
)
def test_photo_leaving_the_folder_is_an_error(tmp_path: Path, written: str) -> None:
    shown = written.strip("'").replace("\\\\", "\\")
    assert problems(PHOTO_SCHEDULE.format(photo=written), folder=tmp_path) == [
        f"s.yaml:7:12: photo '{shown}' is outside the schedule's folder: put the photo "
        "beside schedule.yaml or in a folder below it"
    ]


def test_photo_symlink_pointing_out_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "event"
    folder.mkdir()
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"\xff\xd8")
    (folder / "ann.jpg").symlink_to(secret)
    (folder / "up").symlink_to(tmp_path)
    assert problems(PHOTO_SCHEDULE.format(photo="ann.jpg"), folder=folder) == [
        "s.yaml:7:12: photo 'ann.jpg' leads outside the schedule's folder"
    ]
    assert problems(PHOTO_SCHEDULE.format(photo="up/secret.jpg"), folder=folder) == [
        "s.yaml:7:12: photo 'up/secret.jpg' leads outside the schedule's folder"
    ]


def test_photo_symlink_inside_the_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "real.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "ann.jpg").symlink_to(tmp_path / "real.jpg")
    schedule = read(PHOTO_SCHEDULE.format(photo="ann.jpg"), folder=tmp_path)
    assert schedule.speakers[0].photo == PurePosixPath("ann.jpg")


def test_missing_photo_is_a_warning(tmp_path: Path) -> None:
    result = parse(PHOTO_SCHEDULE.format(photo="photos/ann.jpg"), folder=tmp_path)
    assert result.warning_lines() == [
        "s.yaml:7:12: warning: photo 'photos/ann.jpg' not found: the screen shows initials "
        "instead"
    ]
    assert result.schedule.speakers[0].photo == PurePosixPath("photos/ann.jpg")


# -- warnings -----------------------------------------------------------------


def test_overlapping_sessions_in_the_same_room_are_a_warning() -> None:
    result = parse(
        """\
        event:
          title: Test
          date: 2024-04-15
        sessions:
          - time: 10.00 - 11.00
            title: Opening
            room: Zaal 1
          - time: 10.30 - 11.30
            title: Clash
            room: zaal 1
          - time: 10.30 - 11.30
            title: Elsewhere
            room: Zaal 2
          - time: 11.00 - 12.00
            title: Right after
            room: Zaal 1
            cancelled: true
          - time: 10.15 - 10.45
            title: Nowhere
          - time: 10.15 - 10.45
            title: Nowhere either
        """
    )
    assert result.warning_lines() == [
        "s.yaml:8:5: warning: overlaps 'Opening' (line 5) in room zaal 1"
    ]
    assert len(result.schedule.sessions) == 6


def test_back_to_back_sessions_in_one_room_do_not_overlap() -> None:
    read(
        HEAD
        + "  - time: 10.00 - 11.00\n    title: a\n    room: Zaal 1\n"
        + "  - time: 11.00 - 12.00\n    title: b\n    room: Zaal 1\n"
    )


def test_unused_speaker_is_a_warning() -> None:
    result = parse(
        """\
        event:
          title: Test
          date: 2024-04-15
        speakers:
          ann:
            name: Ann
          bob:
            name: Bob
        sessions:
          - time: 10.00 - 11.00
            title: a
            speakers: [ann]
        """
    )
    assert result.warning_lines() == [
        "s.yaml:7:3: warning: speaker 'bob' is listed but speaks at no session"
    ]
    assert [s.id for s in result.schedule.speakers] == ["ann", "bob"]


def test_time_in_the_spring_forward_gap_is_a_warning() -> None:
    result = parse(
        """\
        event:
          title: Test
          date: 2024-03-31
        sessions:
          - time: 01.30 - 02.30
            title: into the gap
            room: Zaal 1
          - start: 02.15
            end: 04.00
            title: out of the gap
            room: Zaal 2
        """
    )
    assert result.warning_lines() == [
        "s.yaml:5:19: warning: 02.30 does not exist on 2024-03-31 in Europe/Amsterdam "
        "(the clocks jump forward): it is read as 03.30",
        "s.yaml:8:12: warning: 02.15 does not exist on 2024-03-31 in Europe/Amsterdam "
        "(the clocks jump forward): it is read as 03.15",
    ]
    first, second = result.schedule.sessions
    assert (first.start, first.end) == (utc(0, 30, day=31, month=3), utc(1, 30, day=31, month=3))
    assert (second.start, second.end) == (utc(1, 15, day=31, month=3), utc(2, day=31, month=3))


def test_start_in_the_spring_forward_gap_that_moves_past_the_end_is_an_error() -> None:
    # 02.30 is read as 03.30: the session would end half an hour before it starts.
    assert problems(
        """\
        event:
          title: Test
          date: 2024-03-31
        sessions:
          - time: 02.30 - 03.00
            title: a
          - start: 02.45
            end: 03.15
            title: b
          - time: 02.45 - 03.45
            title: c
        """
    ) == [
        "s.yaml:5:11: warning: 02.30 does not exist on 2024-03-31 in Europe/Amsterdam "
        "(the clocks jump forward): it is read as 03.30",
        "s.yaml:5:19: the session ends (03.00) before or when it starts "
        "(03.30, as 02.30 does not exist on 2024-03-31)",
        "s.yaml:7:12: warning: 02.45 does not exist on 2024-03-31 in Europe/Amsterdam "
        "(the clocks jump forward): it is read as 03.45",
        "s.yaml:8:10: the session ends (03.15) before or when it starts "
        "(03.45, as 02.45 does not exist on 2024-03-31)",
        "s.yaml:10:11: warning: 02.45 does not exist on 2024-03-31 in Europe/Amsterdam "
        "(the clocks jump forward): it is read as 03.45",
        "s.yaml:10:19: the session ends (03.45) before or when it starts "
        "(03.45, as 02.45 does not exist on 2024-03-31)",
    ]


def test_fall_back_day_reads_the_first_of_the_twice_happening_hour() -> None:
    result = parse(
        """\
        event:
          title: Test
          date: 2024-10-27
        sessions:
          - time: 01.00 - 04.00
            title: the long night
            room: Foyer
          - time: 02.30 - 03.30
            title: ambiguous
            room: Zaal 1
        """
    )
    assert result.warning_lines() == [
        "s.yaml:8:11: warning: 02.30 happens twice on 2024-10-27 in Europe/Amsterdam (the "
        "clocks go back): it is read as the first time, in summer time"]
    night, ambiguous = result.schedule.sessions
    assert (night.start, night.end) == (utc(23, day=26, month=10), utc(3, day=27, month=10))
    assert night.end - night.start == dt.timedelta(hours=4)
    assert (ambiguous.start, ambiguous.end) == (
        utc(0, 30, day=27, month=10), utc(2, 30, day=27, month=10),
    )


def test_warnings_come_with_errors_but_do_not_count_as_errors() -> None:
    with pytest.raises(ScheduleError) as raised:
        parse(
            """\
            event:
              title: Test
              date: 2024-04-15
            speakers:
              bob:
                name: Bob
            sessions:
              - time: 10.00 - 09.00
                title: a
            """
        )
    error = raised.value
    assert error.lines() == [
        "s.yaml:5:3: warning: speaker 'bob' is listed but speaks at no session",
        "s.yaml:8:19: the session ends (09.00) before it starts (10.00): "
        "check which of the two is wrong",
    ]
    assert error.errors == (
        Problem(8, 19, "the session ends (09.00) before it starts (10.00): "
                       "check which of the two is wrong"),
    )
    assert str(error) == (
        "s.yaml:8:19: the session ends (09.00) before it starts (10.00): "
        "check which of the two is wrong")
    assert error.source == "s.yaml"


# -- many problems at once -----------------------------------------------------


def test_every_problem_of_a_file_is_reported_at_once_in_line_order() -> None:
    assert problems(
        """\
        event:
          title: Lustrum
          date: 2024-04-15
          timezone: Europe/Amsterdm
          language: fr
        speakers:
          ann:
            name: Ann
            nmae: Ann
          bob:
            name: Bob
        sessions:
          - time: 10.00 - 09.30
            title: Backwards
            speakers: [anne]
          - time: 10.75 - 11.00
            title: Impossible
            kind: toespraak
          - time: 11.00 - 12.00
          - time: 12.00 - 13.00
            title: Duplicated
            title: Twice
            romo: Zaal 1
          - time: 13.00 - 14.00
            title: Fine
            speakers: [ann]
        """
    ) == [
        "s.yaml:4:13: unknown time zone 'Europe/Amsterdm' (did you mean 'Europe/Amsterdam'?)",
        "s.yaml:5:13: unknown language 'fr': use one of en, nl",
        "s.yaml:9:5: unknown key 'nmae' in speaker 'ann' (did you mean 'name'?)",
        "s.yaml:10:3: warning: speaker 'bob' is listed but speaks at no session",
        "s.yaml:13:19: the session ends (09.30) before it starts (10.00): "
        "check which of the two is wrong",
        "s.yaml:15:16: unknown speaker 'anne' (did you mean 'ann'?)",
        "s.yaml:16:11: start time '10.75' does not exist: use 00.00 to 23.59",
        "s.yaml:18:11: unknown kind 'toespraak': use one of talk, workshop, panel, ceremony, "
        "break, lunch, walk-in, drinks",
        "s.yaml:19:5: a session needs 'title:'",
        "s.yaml:22:5: duplicate key 'title' (first on line 21)",
        "s.yaml:23:5: unknown key 'romo' in a session (did you mean 'room'?)",
    ]


# -- YAML itself -------------------------------------------------------------------


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + "  - time: 10.00 - 11.00\n\ttitle: a\n",
            "s.yaml:6:1: a tab character: indent with spaces",
        ),
        (
            "event:\n\ttitle: Test\n",
            "s.yaml:2:1: a tab character: indent with spaces",
        ),
        (
            HEAD + "  - time: 10.00 - 11.00\n    title: Lezing: x\n",
            "s.yaml:6:18: the text of title: holds ': ', which starts a new key: put the whole "
            'text in quotes, title: "Lezing: x"',
        ),
        (
            HEAD + '  - time: 10.00 - 11.00\n    title: "Lezing\n  - time: 11.00 - 12.00\n'
            "    title: b\n",
            's.yaml:6:12: the quote " opened here is never closed: put a " at the end of the text',
        ),
        (
            HEAD + "  - time: 10.00 - 11.00\n    title: 'Lezing\n",
            "s.yaml:6:12: the quote ' opened here is never closed: put a ' at the end of the text",
        ),
        (
            HEAD + "  - time: 10.00 - 11.00\n    title: @home\n",
            "s.yaml:6:12: a text cannot start with '@': put the whole text in quotes",
        ),
        (
            HEAD + "  - time: 10.00 - 11.00\n    title: `x`\n",
            "s.yaml:6:12: a text cannot start with '`': put the whole text in quotes",
        ),
        (
            HEAD + "  - time: 10.00 - 11.00\n    title: a\n---\nevent: {}\n",
            "s.yaml:7:1: a second YAML document ('---') starts here: a schedule file holds one",
        ),
        (
            "event: " + "[" * 40 + "]" * 40 + "\n",
            "s.yaml:1:39: nested more than 32 levels deep",
        ),
        (  # the parsers stop a line later, at 'kind:'
            HEAD + "  - time: 11.00 - 11.15\n    title:Lezing\n    kind: talk\n",
            "s.yaml:6:11: a space is needed after 'title:': write title: Lezing",
        ),
        (
            HEAD + "  - time:11.00 - 11.15\n    title: Lezing\n",
            "s.yaml:5:10: a space is needed after 'time:': write time: 11.00 - 11.15",
        ),
        (
            HEAD + "  -time: 11.00 - 11.15\n    title: Lezing\n",
            "s.yaml:5:3: a space is needed after '-': write - time: 11.00 - 11.15",
        ),
        (
            HEAD + "  - time: 11.00 - 11.15\n     title: Lezing\n  - time: 12.00 - 13.00\n"
            "    title: b\n",
            "s.yaml:6:6: this line is indented 5 spaces, the keys of the item above it (line 5) "
            "4: indent them alike",
        ),
        (
            HEAD + "  - time: 11.00 - 11.15\n   title: Lezing\n  - time: 12.00 - 13.00\n"
            "    title: b\n",
            "s.yaml:6:4: this line is indented 3 spaces, the keys of the item above it (line 5) "
            "4: indent them alike",
        ),
        (  # one indentation mistake under days: one message, at its line
            "event:\n  title: T\ndays:\n  - date: 2024-04-15\n  sessions:\n"
            "      - time: 10.00 - 11.00\n        title: a\n",
            "s.yaml:5:3: this line is indented 2 spaces, the keys of the item above it (line 4) "
            "4: indent them alike",
        ),
        (
            HEAD + "  - time: 11.00 - 11.15\n    title: “Lezing: Ron Meyer”\n",
            "s.yaml:6:12: curly quotes (“) are not quotes in YAML, so the ':' in this text "
            'starts a new key: put straight quotes (") around the text',
        ),
        (
            HEAD + "  - {time: 11.00 - 11.15, title: a\n  - {time: 12.00 - 13.00, title: b}\n",
            "s.yaml:5:5: the { opened here is never closed: put a } after its last item (or put "
            "text that holds ',' or ':' in quotes)",
        ),
        (  # a non-breaking space from a word processor looks like a space, and is text
            HEAD + "  - time: 11.00 - 11.15\n   \u00a0title: Lezing\n  - time: 12.00 - 13.00\n"
            "    title: b\n",
            "s.yaml:6:4: a non-breaking or other special space (U+00A0) where YAML needs an "
            "ordinary space: delete it and type a space",
        ),
        (
            HEAD + "  - time: 11.00 - 11.15\n    title:\u00a0Lezing\n    room: Zaal 1\n",
            "s.yaml:6:11: a non-breaking or other special space (U+00A0) where YAML needs an "
            "ordinary space: delete it and type a space",
        ),
        (
            HEAD + "  - time: 11.00 - 11.15\n  -\u202ftime: 12.00 - 13.00\n    title: b\n",
            "s.yaml:6:4: a non-breaking or other special space (U+202F) where YAML needs an "
            "ordinary space: delete it and type a space",
        ),
        (
            HEAD + "  - time:\u00a011.00 - 11.15\n  - {time: 12.00 - 13.00, title: b}\n",
            "s.yaml:5:10: a non-breaking or other special space (U+00A0) where YAML needs an "
            "ordinary space: delete it and type a space",
        ),
        (  # two keys on one line: the second is read as part of the first's text
            HEAD + "  - time: 10.00 - 11.00 title: A\n",
            "s.yaml:5:25: 'title:' starts a new key inside the text of time: put it on a line "
            "of its own, indented like time: (or, if it is part of the text, put the whole text "
            "in quotes)",
        ),
        (  # an item's '-' indented unlike the item above it
            HEAD + "  - time: 11.00 - 11.15\n    title: a\n   - time: 12.00 - 13.00\n"
            "    title: b\n",
            "s.yaml:7:4: this item is indented 3 spaces, the item above it (line 5) 2: indent "
            "them alike",
        ),
        (
            HEAD + "  - time: 11.00 - 11.15\n    title: a\n - time: 12.00 - 13.00\n"
            "   title: b\n",
            "s.yaml:7:2: this item is indented 1 space, the item above it (line 5) 2: indent "
            "them alike",
        ),
        (
            HEAD + "  - time: 11.00 - 11.15\n\u200b    title: Lezing\n"
            "  - time: 12.00 - 13.00\n    title: b\n",
            "s.yaml:6:1: an invisible character (U+200B) that editors do not show breaks this "
            "line: delete it",
        ),
    ],
    ids=["tab-indent", "tab-key", "colon", "unclosed-quote", "unclosed-single-quote",
         "at-sign", "backtick", "two-documents", "too-deep", "no-space-after-colon",
         "no-space-after-colon-in-an-item", "no-space-after-dash", "indented-too-far",
         "indented-too-little", "indentation-under-days", "curly-quotes", "unclosed-brace",
         "nbsp-indent", "nbsp-after-colon", "odd-space-after-dash", "nbsp-in-a-lone-key",
         "two-keys-on-a-line", "item-indented-too-far", "item-indented-too-little",
         "zero-width-indent"],
)
def test_yaml_problems_on_both_parsers(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_anchors_and_aliases_are_rejected_at_their_place() -> None:
    assert problems(
        """\
        event:
          title: Test
          date: 2024-04-15
        sessions:
          - &talk
            time: 10.00 - 11.00
            title: a
          - *talk
          - time: 12.00 - 13.00
            title: *title
        """
    ) == [
        "s.yaml:5:5: anchors (&talk) are not supported: write the value out",
        "s.yaml:8:5: aliases (*talk) are not supported: write the value out",
        "s.yaml:10:12: aliases (*title) are not supported: write the value out",
    ]


def test_billion_laughs_is_rejected_quickly(tmp_path: Path) -> None:
    lines = [HEAD + "  - time: 10.00 - 11.00\n    title: a",  # lines 1-6
             'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = tmp_path / "lol.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ScheduleError) as raised:
        read_schedule(path)
    errors = raised.value.lines()
    known = "(known keys: event, speakers, sessions, days, announcements, display, import)"
    assert errors[:6] == [
        f"{path}:7:1: unknown key 'a' in the schedule {known}",
        f"{path}:7:4: anchors (&a) are not supported: write the value out",
        f"{path}:8:1: unknown key 'b' in the schedule {known}",
        f"{path}:8:4: anchors (&b) are not supported: write the value out",
        f"{path}:8:8: aliases (*a) are not supported: write the value out",
        f"{path}:8:11: aliases (*a) are not supported: write the value out",
    ]
    assert len(errors) == 9 + 9 + 8 * 9  # unknown keys, anchors, aliases: nothing expanded
    assert sum("aliases (*" in line for line in errors) == 72


# -- the file itself --------------------------------------------------------------


def _file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "schedule.yaml"
    path.write_bytes(data)
    return path


VALID = (HEAD + "  - time: 10.00 - 11.00\n    title: a\n").encode()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "1:1: the file is empty: a schedule needs at least 'event:' and 'sessions:'"),
        (b" \n\n\t\n", "1:1: the file is empty: a schedule needs at least 'event:' and "
                       "'sessions:'"),
        (b"# only a comment\n", "1:1: the file holds no schedule (only comments?)"),
        (b"event:\n  title: Te\0st\n", "2:12: the file holds binary data (a NUL byte), not text"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
         "3:1: the file holds binary data (a NUL byte), not text"),
        ("event:\n  title: Café\n".encode("latin-1"),
         "2:13: the file is not UTF-8 text: save it as UTF-8"),
        ("event:\n  title: ‘Café’ \xe9\n".encode()[:-2] + b"\xff",
         "2:17: the file is not UTF-8 text: save it as UTF-8"),
        (b"event:\n  title: a\x07b\n", "2:11: the file holds a control character (U+0007)"),
        (b"event:\n  title: a\xc2\x85b\n", "2:11: the file holds a control character (U+0085)"),
        ("event:\n  title: a\u2028b\n".encode(),
         "2:11: the file holds a control character (U+2028)"),
        (b"- event\n", "1:1: a schedule must be a mapping with 'event:' at the top, found a list"),
        (b"Lustrum\n", "1:1: a schedule must be a mapping with 'event:' at the top, "
                       "found a single value"),
        (b"null\n", "1:1: a schedule must be a mapping with 'event:' at the top, "
                    "found nothing"),
    ],
    ids=["empty", "whitespace", "comment", "nul", "png", "latin-1",
         "bad-byte-after-curly-quotes", "bell", "c1-control", "line-separator", "list", "scalar",
         "null"],
)
def test_content_that_is_not_a_schedule(tmp_path: Path, data: bytes, expected: str) -> None:
    path = _file(tmp_path, data)
    with pytest.raises(ScheduleError) as raised:
        read_schedule(path)
    assert raised.value.lines() == [f"{path}:{expected}"]


def test_file_over_one_mebibyte_is_refused_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, VALID + b"#" * MAX_BYTES)
    monkeypatch.setattr("kiosk.yamltree.ScheduleLoader", None)  # parsing would raise
    with pytest.raises(ScheduleError) as raised:
        read_schedule(path)
    assert raised.value.lines() == [
        f"{path}:1:1: the file is larger than 1024 KiB: not a schedule"
    ]


def test_endless_file_is_read_only_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, VALID)  # small when opened, then it keeps growing while read
    asked: list[int] = []

    def endless(fd: int, size: int) -> bytes:
        asked.append(size)
        return b"#" * size

    monkeypatch.setattr(os, "read", endless)
    with pytest.raises(ScheduleError) as raised:
        read_schedule(path)
    monkeypatch.undo()
    # The largest file read is an export (kiosk.formats); schedule.yaml stays at MAX_BYTES.
    assert sum(asked) == MAX_IMPORT_BYTES + 1
    assert raised.value.lines() == [
        f"{path}:1:1: the file is larger than 20480 KiB: not a schedule"
    ]


def test_file_of_exactly_one_mebibyte_is_read(tmp_path: Path) -> None:
    padding = b"#" * (MAX_BYTES - len(VALID) - 1) + b"\n"
    path = _file(tmp_path, VALID + padding)
    assert path.stat().st_size == MAX_BYTES
    assert only(read_schedule(path).schedule).title == "a"


def test_byte_order_mark_and_windows_line_endings_are_fine(tmp_path: Path) -> None:
    path = _file(tmp_path, b"\xef\xbb\xbf" + VALID.replace(b"\n", b"\r\n"))
    assert only(read_schedule(path).schedule).title == "a"
    bad = VALID.replace(b"11.00", b"09.00").replace(b"\n", b"\r\n")
    path = _file(tmp_path, b"\xef\xbb\xbf" + bad)
    with pytest.raises(ScheduleError) as raised:
        read_schedule(path)
    assert raised.value.lines() == [
        f"{path}:5:19: the session ends (09.00) before it starts (10.00): "
        "check which of the two is wrong"
    ]


def test_text_and_bytes_give_the_same_schedule() -> None:
    from_text = parse_schedule(VALID.decode(), source="s.yaml")
    from_bytes = parse_schedule(VALID, source="s.yaml")
    assert from_text.schedule == from_bytes.schedule


def test_missing_file_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(ScheduleFileError) as raised:
        read_schedule(path)
    assert str(raised.value) == f"{path}: cannot read the schedule file: there is no such file"


def test_folder_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(ScheduleFileError) as raised:
        read_schedule(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path}: cannot read the schedule file: it is a folder, not a file")


def test_unreadable_file_is_a_file_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, VALID)

    def refuse(name: str, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(os, "open", refuse)  # as root, chmod 0 would not stop the read
    with pytest.raises(ScheduleFileError) as raised:
        read_schedule(path)
    assert str(raised.value) == f"{path}: cannot read the schedule file: permission denied"


def test_read_schedule_accepts_str_paths(write_schedule: Callable[..., Path]) -> None:
    path = write_schedule(VALID.decode())
    assert read_schedule(str(path)).source == str(path)


# -- never anything but a schedule or its problems ------------------------------------------


_REAL_LINES = REAL_SCHEDULE.read_text(encoding="utf-8").splitlines(keepends=True)
_PIECES = st.sampled_from(
    [*":-[]{}&*!|>'\"%@`#,?\t\\~.–", " ", "  ", "- ", "\n", "24:00", "null", "NO", "é",
     "---\n", "days:\n", "<<: ", "\u2028", "\x85", "\ufeff", "\0"]
)


@st.composite
def damaged_real_schedules(draw: st.DrawFn) -> str:
    """The real file after a few careless edits: lines lost, doubled, typed into."""
    lines = list(_REAL_LINES)
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "type", "copy", "erase"]))
        cut = draw(st.integers(0, len(lines[index])))
        if edit == "delete":
            del lines[index]
        elif edit == "type":
            lines[index] = lines[index][:cut] + draw(_PIECES) + lines[index][cut:]
        elif edit == "copy":
            lines.insert(index, lines[draw(st.integers(0, len(lines) - 1))])
        else:
            lines[index] = lines[index][:cut] + lines[index][cut + 1:]
    return "".join(lines)


@settings(max_examples=100, deadline=None, database=None)
@given(st.one_of(damaged_real_schedules(), st.text(max_size=200)))
def test_any_text_gives_a_schedule_or_problems_inside_the_file(text: str) -> None:
    try:
        found = parse_schedule(text, source="s.yaml").warnings
        errors: tuple[Problem, ...] = ()
    except ScheduleError as error:
        found, errors = error.problems, error.errors
    assert all(not p.warning for p in errors)
    assert all(p.warning for p in found) or errors
    lines = re.split(r"\r\n?|\n", text)  # YAML's line breaks: CR LF, a lone CR, LF
    for problem in found:
        assert 1 <= problem.line <= len(lines)
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1



@pytest.mark.parametrize(("written", "kind"), [
    ("lezing", Kind.TALK), ("paneel", Kind.PANEL), ("ceremonie", Kind.CEREMONY),
    ("Pauze", Kind.BREAK), ("inloop", Kind.WALK_IN), ("borrel", Kind.DRINKS),
    ("workshop", Kind.WORKSHOP), ("lunch", Kind.LUNCH),
])
def test_kinds_in_dutch(written: str, kind: Kind) -> None:
    assert only(read(HEAD + f"  - time: 10.00 - 11.00\n    title: a\n    kind: {written}\n")).kind \
        is kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("event:\n  title: T\n  date: 2024-04-15\n  sessions:\n    - time: 09.00 - 10.00\n"
         "      title: A\n",
         ["s.yaml:4:3: 'sessions:' does not belong in event: it belongs at the top of the file: "
          "start its line without spaces, like event:"]),
        ("event:\n  title: T\ndate: 2024-04-15\nsessions:\n  - time: 09.00 - 10.00\n"
         "    title: A\n",
         ["s.yaml:3:1: 'date:' does not belong at the top of the file: it belongs under "
          "event: indent it like the other keys of event:"]),
        ("event:\n  title: T\n  date: 2024-04-15\n  room: Zaal 1\nsessions:\n"
         "  - time: 09.00 - 10.00\n    title: A\n",
         ["s.yaml:4:3: 'room:' does not belong in event: it belongs in a session: under "
          "sessions:, indented like that session's other keys"]),
    ],
    ids=["sessions-under-event", "date-at-the-top", "room-under-event"],
)
def test_a_key_in_the_wrong_place_says_where_it_belongs(text: str, expected: list[str]) -> None:
    """One problem, where the line is; not also 'no sessions: the programme is missing' or
    'sessions: needs the day in event.date'."""
    assert problems(text) == expected


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        ("  - tijd: 09.00 - 10.00\n    titel: A\n    zaal: Zaal 1\n    soort: lunch\n",
         ["s.yaml:5:5: unknown key 'tijd' in a session (did you mean 'time'?)",
          "s.yaml:6:5: unknown key 'titel' in a session (did you mean 'title'?)",
          "s.yaml:7:5: unknown key 'zaal' in a session (did you mean 'room'?)",
          "s.yaml:8:5: unknown key 'soort' in a session (did you mean 'kind'?)"]),
        ("  - time: 09.00 - 10.00\n    title: A\n    location: Zaal 1\n    type: lunch\n",
         ["s.yaml:7:5: unknown key 'location' in a session (did you mean 'room'?)",
          "s.yaml:8:5: unknown key 'type' in a session (did you mean 'kind'?)"]),
        ("  - begin: 09.00\n    eind: 10.00\n    title: A\n",
         ["s.yaml:5:5: unknown key 'begin' in a session (did you mean 'start'?)",
          "s.yaml:6:5: unknown key 'eind' in a session (did you mean 'end'?)"]),
    ],
    ids=["dutch-keys", "other-english-words", "dutch-start-and-end"],
)
def test_keys_written_in_dutch_or_other_words_get_the_key_meant(
        session: str, expected: list[str]) -> None:
    """Once each, at the key: not also 'a session needs title:' or "needs 'time:'"."""
    assert problems(HEAD + session) == expected


def test_the_event_with_dutch_keys_is_said_at_the_keys_only() -> None:
    assert problems("event:\n  titel: T\n  datum: 2024-04-15\n  plaats: Heerlen\n"
                    "sessions:\n  - time: 09.00 - 10.00\n    title: A\n") == [
        "s.yaml:2:3: unknown key 'titel' in event (did you mean 'title'?)",
        "s.yaml:3:3: unknown key 'datum' in event (did you mean 'date'?)",
        "s.yaml:4:3: unknown key 'plaats' in event (did you mean 'venue'?)"]


@pytest.mark.parametrize(
    ("speakers", "expected"),
    [
        ("speakers:\n  - jan:\n      name: Jan\n",
         "s.yaml:3:3: speakers must map an id to each speaker's details (roel-wever: then "
         "name:, role:), found a list: write each id without '- ' before it"),
        ("speakers:\n  - id: jan\n    name: Jan\n",
         "s.yaml:3:3: speakers must map an id to each speaker's details: write jan: with name: "
         "and role: indented under it, not - id: jan"),
        ("speakers:\n  jan: Jan Jansen\n",
         "s.yaml:3:8: speaker 'jan' must be a mapping of keys, found a single value: write it "
         "as jan: {name: Jan Jansen}"),
    ],
    ids=["ids-as-items", "a-list-with-ids", "a-name-for-details"],
)
def test_speakers_written_otherwise_say_how_once(speakers: str, expected: str) -> None:
    """Once: not also "unknown speaker 'jan'" at the session, when speakers: was not read."""
    text = ("event: {title: T, date: 2024-04-15}\n" + speakers +
            "sessions:\n  - {time: 09.00 - 10.00, title: A, speakers: [jan]}\n")
    assert problems(text) == [expected]


def test_two_sessions_with_one_id_is_a_warning_at_the_second() -> None:
    from kiosk.reader import parse_schedule

    result = parse_schedule("event: {title: T, date: 2024-04-15}\nsessions:\n"
                            "  - {id: a1, time: 10.00 - 11.00, title: A}\n"
                            "  - {id: b2, time: 11.00 - 12.00, title: B}\n"
                            "  - {id: 'a1', time: 12.00 - 13.00, title: C}\n", "s.yaml")
    assert result.warning_lines() == [
        "s.yaml:5:10: warning: session id 'a1' is used again (first on line 3): give each "
        "session its own id"]


@pytest.mark.parametrize(("spec", "url"), [
    ("https://example.org/schedule.xml", True), ("HTTP://example.org/s.yaml", True),
    ("Https://example.org/s.json", True), ("schedule.yaml", False), ("http.yaml", False),
    ("ftp://example.org/s.xml", False), ("./https://x", False),
])
def test_a_url_is_told_by_its_scheme_in_any_case(spec: str, url: bool) -> None:
    from kiosk.reader.imports import is_url

    assert is_url(spec) is url
