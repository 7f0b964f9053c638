"""No silent mistakes: what an organiser writes that YAML or the programme reads otherwise
than they meant is a warning at its own line and column (or an error where the file
cannot mean anything sensible)."""

from __future__ import annotations

from textwrap import dedent

import pytest

from conftest import REAL_SCHEDULE
from kiosk.reader import ScheduleError, parse_schedule

HEAD = "event:\n  title: Test\n  date: 2024-04-15\nsessions:\n"


def problems(text: str) -> list[str]:
    try:
        return parse_schedule(dedent(text), "s.yaml").warning_lines()
    except ScheduleError as error:
        return error.lines()


def test_the_bundled_day_draws_no_doubts() -> None:
    assert parse_schedule(REAL_SCHEDULE.read_bytes(), "schedule.yaml").warnings == ()


# -- ' #' inside an unquoted value ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("  title: Academie voor Sociale Stedelijke Ontwikkeling #2", 56,
         "' #' starts a comment, so event.title ends at 'Academie voor Sociale Stedelijke "
         "Ontwikkeling': to keep '#2', put the whole text in quotes"),
    ],
)
def test_a_hash_in_an_event_title_is_a_comment(line: str, column: int, message: str) -> None:
    text = f"event:\n{line}\n  date: 2024-04-15\nsessions:\n  - {{time: 10.00 - 11.00, " \
        "title: a}\n"
    assert problems(text) == [f"s.yaml:2:{column}: warning: {message}"]


def test_a_hash_that_cuts_a_bracket_is_a_comment() -> None:
    assert problems(HEAD + "  - time: 10.00 - 11.00\n    title: Workshop\n"
                    "    room: Foyer (zaal #2)\n") == [
        "s.yaml:7:23: warning: ' #' starts a comment, so room ends at 'Foyer (zaal': to keep "
        "'#2)', put the whole text in quotes"]


def test_real_comments_after_values_are_fine() -> None:
    assert problems(HEAD + "  - time: 10.00 - 11.00   # a comment\n"
                    "    title: Workshop  #the big one\n    room: Foyer # downstairs\n"
                    "    note: 'Zaal #2'\n") == []


def test_a_comment_where_a_text_should_be() -> None:
    assert problems(HEAD + "  - time: 10.00 - 11.00\n    title: Workshop\n"
                    "    note: #2 gaat niet door\n") == [
        "s.yaml:7:11: warning: '#' starts a comment, so note is empty: put the whole text in "
        "quotes"]
    assert problems(HEAD + "  - time: 10.00 - 11.00\n    title: #1 Workshop\n") == [
        "s.yaml:6:12: '#' starts a comment, so title is empty: put the whole text in quotes"]


# -- sessions that are not what they seem -----------------------------------------------


def test_a_session_pasted_twice() -> None:
    assert problems(HEAD + "  - {time: 10.00 - 11.00, title: Lezing, room: Zaal 1}\n"
                    "  - {time: 11.00 - 12.00, title: Pauze, kind: break}\n"
                    "  - {time: 10.00 - 11.00, title: Lezing, room: zaal 1}\n") == [
        "s.yaml:7:5: warning: overlaps 'Lezing' (line 5) in room zaal 1",
        "s.yaml:7:5: warning: this session is on the programme twice (the same start, title "
        "and room as line 5): delete one"]


def test_a_session_indented_under_the_description_before_it() -> None:
    assert problems(HEAD + """\
  - time: 10.00 - 11.00
    title: Welkom
    description: >-
      Een warm welkom door de voorzitter.
      - time: 11.00 - 11.30
        title: Lezing Ron Meyer
  - time: 12.00 - 13.00
    title: Lunch
    kind: lunch
""") == ["s.yaml:9:7: warning: description holds a line that looks like a session "
         "('- time: 11.00 - 11.30'): a session indented under a text becomes part of it; "
         "indent it like the other sessions"]


def test_a_description_that_mentions_times_is_fine() -> None:
    assert problems(HEAD + """\
  - time: 10.00 - 11.00
    title: Welkom
    description: >-
      De lunch begint om 12.00: kom op tijd.
      Titel: de toekomst van de wijk.
""") == []


def test_overlaps_without_a_room_on_either() -> None:
    assert problems(HEAD + "  - {time: 10.00 - 11.00, title: Lezing A}\n"
                    "  - {time: 10.30 - 11.30, title: Lezing B}\n"
                    "  - {time: 10.30 - 11.30, title: Lezing C, room: Zaal 2}\n") == [
        "s.yaml:6:5: warning: overlaps 'Lezing A' (line 5) and neither has a room: add room: "
        "to each, so attendees can tell them apart"]


def test_a_block_of_parallel_sessions_is_meant_so() -> None:
    assert problems(HEAD + "  - {time: 15.15 - 16.00, title: Sessie A, kind: workshop}\n"
                    "  - {time: 15.15 - 16.00, title: Sessie B, kind: workshop}\n"
                    "  - {time: 15.15 - 16.00, title: Sessie C, kind: workshop}\n") == []


def test_a_cancelled_session_overlaps_nothing() -> None:
    assert problems(HEAD + "  - {time: 10.00 - 11.00, title: Lezing A, cancelled: true}\n"
                    "  - {time: 10.30 - 11.30, title: Lezing B}\n") == []


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        ("2.00 - 3.00", "s.yaml:8:11: warning: 02.00 - 03.00 is hours away from the rest of "
                        "the day (09.00 - 17.00): did you mean 14.00 - 15.00?"),
        ("14.00 - 15.00", None),
        ("8.00 - 8.30", None),  # a morning before a programme that starts later is no typo
    ],
)
def test_a_time_hours_away_from_the_rest_of_its_day(time: str, expected: str | None) -> None:
    text = HEAD + ("  - {time: 09.00 - 12.00, title: Ochtend}\n"
                   "  - {time: 13.00 - 14.00, title: Middag}\n"
                   "  - {time: 15.00 - 17.00, title: Middag 2}\n"
                   f"  - time: {time}\n    title: Lezing\n")
    assert problems(text) == ([expected] if expected else [])


def test_a_time_that_happens_twice_when_the_clocks_go_back() -> None:
    assert problems("event:\n  title: T\n  date: 2024-10-27\nsessions:\n"
                    "  - {time: 02.30 - 03.30, title: Nacht}\n") == [
        "s.yaml:5:12: warning: 02.30 happens twice on 2024-10-27 in Europe/Amsterdam (the "
        "clocks go back): it is read as the first time, in summer time"]


def test_an_announcement_outside_every_day_of_the_event() -> None:
    assert problems(HEAD + "  - {time: 10.00 - 11.00, title: a}\n"
                    "announcements:\n"
                    "  - {text: Morgen, from: 2024-04-16 09.00, until: 2024-04-16 12.00}\n"
                    "  - {text: Vanaf gisteren, from: 2024-04-14 09.00}\n"
                    "  - {text: Tot morgen, until: 2024-04-16 12.00}\n"
                    "  - {text: Gisteren, until: 2024-04-14 23.00}\n") == [
        "s.yaml:7:26: warning: this announcement never shows: its from: and until: lie outside "
        "the days of the event (2024-04-15)",
        "s.yaml:10:29: warning: this announcement never shows: its from: and until: lie "
        "outside the days of the event (2024-04-15)"]


def test_speaker_ids_separated_by_commas() -> None:
    text = ("event: {title: T, date: 2024-04-15}\nspeakers:\n  ron-meyer: {name: Ron Meyer}\n"
            "  dennis-martens: {name: Dennis Martens}\nsessions:\n"
            "  - time: 10.00 - 11.00\n    title: Duo\n    speakers: ron-meyer, dennis-martens\n")
    assert problems(text) == [
        "s.yaml:8:15: 'ron-meyer, dennis-martens' is one speaker id with commas in it: write a "
        "list, speakers: [ron-meyer, dennis-martens]"]


def test_a_mapping_written_without_a_space_after_the_colon() -> None:
    assert problems(HEAD + "  - time:11.00 - 11.15\n") == [
        "s.yaml:5:10: a space is needed after 'time:': write time: 11.00 - 11.15"]


def test_a_morning_session_before_an_evening_programme_is_no_typo() -> None:
    """09.00 yoga before concerts from 19.00: 21.00 would sit among them, but 9.00 is a
    morning; only a night-time start (01.00 to 07.00) is doubted."""
    assert problems(HEAD + "  - {time: 09.00 - 09.30, title: Yoga}\n"
                    "  - {time: 19.00 - 20.00, title: Band 1}\n"
                    "  - {time: 20.30 - 21.30, title: Band 2}\n"
                    "  - {time: 22.00 - 23.00, title: Band 3}\n") == []


# -- invisible characters pasted from a web page, a mail or a chat ---------------------------


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        ("  - time: 09.00 - 10.00\n    ti\u200btle: Lezing\n",
         "s.yaml:6:7: 'title' holds an invisible character (U+200B) that editors do not show: "
         "delete it"),
        ("  - time: 09.00 - 10\u2060.00\n    title: Lezing\n",
         "s.yaml:5:21: '09.00 - 10.00' holds an invisible character (U+2060) that editors do "
         "not show: delete it"),
        ('  - {time: 09.00 - 10.00, "title\u200e": Lezing}\n',
         "s.yaml:5:33: 'title' holds an invisible character (U+200E) that editors do not "
         "show: delete it"),
        ("  - time: 09.00 - 10.00\n    title: Lezing\n    kind: \u200blunch\n",
         "s.yaml:7:11: 'lunch' holds an invisible character (U+200B) that editors do not "
         "show: delete it"),
    ],
)
def test_an_invisible_character_in_a_word_kiosk_reads_is_one_error_at_it(
        session: str, expected: str) -> None:
    """One error at the character itself, not 'unknown key' nor 'a session needs title:'."""
    assert problems(HEAD + session) == [expected]


def test_an_invisible_character_in_a_speaker_id() -> None:
    text = ("event: {title: T, date: 2024-04-15}\nspeakers:\n  jan\u200b: {name: Jan}\n"
            "sessions:\n  - {time: 10.00 - 11.00, title: A, speakers: [jan]}\n")
    assert problems(text) == [
        "s.yaml:3:6: 'jan' holds an invisible character (U+200B) that editors do not show: "
        "delete it"]


def test_invisible_characters_in_a_text_are_dropped() -> None:
    """They show as nothing anyway; kept, 'Zaal 1\u200b' would be another room than
    'Zaal 1' (its delay would not reach it, its overlaps not be seen)."""
    result = parse_schedule(HEAD + "  - {time: 09.00 - 10.00, title: \u200bA\u200f, "
                            "room: Zaal 1\u200b, delay: 10}\n"
                            "  - {time: 10.00 - 11.00, title: B, room: Zaal 1}\n", "s.yaml")
    first, second = result.schedule.sessions
    assert (first.title, first.room, second.room) == ("A", "Zaal 1", "Zaal 1")
    assert second.start - second.scheduled_start == first.start - first.scheduled_start


def test_an_invisible_character_before_the_last_line_of_the_file() -> None:
    """YAML reads the line as a key of the file itself: one problem at the character, and
    the session that lost its title."""
    assert problems(HEAD + "  - time: 09.00 - 10.00\n\u200b    title: Lezing\n") == [
        "s.yaml:5:5: a session needs 'title:'",
        "s.yaml:6:1: an invisible character (U+200B) that editors do not show breaks this "
        "line: delete it"]


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        ("  - time: 09.00 - 10.00\n    title: A\n    room\u00a0: Zaal 1\n",
         "s.yaml:7:9: 'room' holds a special space (U+00A0) that looks like a space: delete it"),
        ("  - time: 09.00 - 10.00\n    title: A\n\u00a0   room: Zaal 1\n",
         "s.yaml:7:1: a non-breaking or other special space (U+00A0) where YAML needs an "
         "ordinary space: delete it and type a space"),
    ],
)
def test_a_special_space_in_a_key_is_one_error_at_it(session: str, expected: str) -> None:
    assert problems(HEAD + session) == [expected]


# -- curly quotes from a word processor ----------------------------------------------------


def test_a_text_in_curly_quotes_is_shown_with_them_and_warned() -> None:
    result = parse_schedule(HEAD + "  - time: 09.00 - 10.00\n    title: “Lezing”\n"
                            "    room: ‘Zaal 1’\n", "s.yaml")
    assert result.warning_lines() == [
        "s.yaml:6:12: warning: curly quotes (“”) are not quotes in YAML: the screen shows them "
        "around title; if they were meant as quotes, write straight ones (\") or none",
        "s.yaml:7:11: warning: curly quotes (‘’) are not quotes in YAML: the screen shows them "
        "around room; if they were meant as quotes, write straight ones (\") or none"]
    assert result.schedule.sessions[0].title == "“Lezing”"


def test_curly_quotes_inside_a_text_are_text() -> None:
    assert problems(HEAD + "  - time: 09.00 - 10.00\n    title: De „nieuwe” wijk\n"
                    "  - time: 10.00 - 11.00\n    title: '“Quoted” in straight quotes'\n") == []


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        ("  - time: “09.00 - 10.00”\n    title: a\n",
         "s.yaml:5:11: curly quotes (“”) are not quotes in YAML, so time is read with them: "
         "write 09.00 - 10.00"),
        ("  - time: 09.00 - 10.00\n    title: a\n    kind: ‘lunch’\n",
         "s.yaml:7:11: curly quotes (‘’) are not quotes in YAML, so kind is read with them: "
         "write lunch"),
    ],
)
def test_a_value_kiosk_reads_in_curly_quotes_is_one_error_at_the_quote(
        session: str, expected: str) -> None:
    """Not 'start time “09.00 is not a time' and 'end time 10.00” is not a time'."""
    assert problems(HEAD + session) == [expected]


def test_a_speaker_listed_twice_in_a_session_is_shown_once() -> None:
    result = parse_schedule("event: {title: T, date: 2024-04-15}\nspeakers:\n"
                            "  jan: {name: Jan}\nsessions:\n"
                            "  - {time: 09.00 - 10.00, title: A, speakers: [jan, jan]}\n",
                            "s.yaml")
    assert result.warning_lines() == [
        "s.yaml:5:53: warning: speaker 'jan' is listed twice in this session: the second is "
        "left out"]
    assert [s.name for s in result.schedule.sessions[0].speakers] == ["Jan"]
