"""The reader's bounds: what a file may hold, so nothing it says can freeze or crash a screen.

Each test reproduces a finding of the adversarial venue tester (issue 12): a 30,000-character
title that took 21 s to draw, a 2,900-character event.url that crashed the QR code,
control characters smuggled in as escapes, Arabic-Indic digits read as times, 340,000
aliases that cost 8.8 s and 220 MB.
"""

from __future__ import annotations

import codecs
import tracemalloc

import pytest

from kiosk import schema
from kiosk.reader import ScheduleError, parse_schedule
from kiosk.reader.problems import MAX_PROBLEMS
from kiosk.schema import SECTIONS, Value

HEAD = "event:\n  title: T\n  date: 2024-04-15\nsessions:\n"


def problems(text: str | bytes) -> list[str]:
    try:
        return parse_schedule(text, "s.yaml").warning_lines()
    except ScheduleError as error:
        return error.lines()


def session(**fields: str) -> str:
    lines = ["  - time: 10.00 - 11.00", *(f"    {k}: {v}" for k, v in fields.items())]
    return HEAD + "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("key", "limit"),
    [("title", 300), ("room", 100), ("note", 300), ("description", 3000), ("id", 200)],
)
def test_a_session_text_longer_than_its_limit_is_refused_at_its_line(key: str, limit: int) -> None:
    fields = {"title": "Lezing"} | {key: "x" * (limit + 1)}
    assert parse_schedule(session(**(fields | {key: "x" * limit})), "s.yaml")
    column = 4 + len(key) + 3
    line = 6 + list(fields).index(key)
    assert problems(session(**fields)) == [
        f"s.yaml:{line}:{column}: {key} is {limit + 1} characters long: at most {limit} fit; "
        "shorten it"]


def test_a_title_of_thirty_thousand_characters_is_refused_quickly() -> None:
    assert problems(session(title="Ervaringsdeskundigheid " * 1400)) == [
        "s.yaml:6:12: title is 32199 characters long: at most 300 fit; shorten it"]


def test_names_roles_announcements_and_event_texts_are_bounded() -> None:
    text = (
        "event:\n  title: " + "t" * 301 + "\n  date: 2024-04-15\n"
        "speakers:\n  ann:\n    name: " + "n" * 121 + "\n  bob:\n    name: Bob\n"
        "    role: " + "r" * 301 + "\n"
        "sessions:\n  - {time: 10.00 - 11.00, title: a, speakers: [ann, bob]}\n"
        "announcements:\n  - " + "a" * 301 + "\n  - text: " + "b" * 301 + "\n"
    )
    assert problems(text) == [
        "s.yaml:2:10: event.title is 301 characters long: at most 300 fit; shorten it",
        "s.yaml:6:11: speaker 'ann': name is 121 characters long: at most 120 fit; shorten it",
        "s.yaml:9:11: speaker 'bob': role is 301 characters long: at most 300 fit; shorten it",
        "s.yaml:13:5: an announcement is 301 characters long: at most 300 fit; shorten it",
        "s.yaml:14:11: text is 301 characters long: at most 300 fit; shorten it",
    ]


def test_a_url_too_long_for_a_qr_code_is_refused_at_its_line() -> None:
    url = "https://example.org/?q=" + "a" * 2900
    text = f"event:\n  title: T\n  date: 2024-04-15\n  url: {url}\nsessions:\n" \
        "  - {time: 10.00 - 11.00, title: a}\n"
    assert problems(text) == [
        f"s.yaml:4:8: event.url is {len(url)} characters long: at most 500 fit; shorten it"]
    shorter = url[:500]
    assert parse_schedule(text.replace(url, shorter), "s.yaml").schedule.event.url == shorter


def test_every_text_key_of_the_schema_has_a_length_limit() -> None:
    for section in SECTIONS.values():
        for key in section.keys:
            if key.value in (Value.TEXT, Value.PARAGRAPH, Value.IDENTIFIER, Value.URL):
                assert key.max_length is not None, f"{section.name}.{key.name}"
    assert schema.URL_LENGTH * 4 <= 2331  # the most bytes a QR code holds at level M


@pytest.mark.parametrize(
    ("written", "code"),
    [(r'"Lezing\0 Dennis"', "0000"), (r'"Lezing\x07 Dennis"', "0007"),
     (r'"Lezing\e Dennis"', "001B"), (r'"a\u2028b"', "2028")],
)
def test_control_characters_written_as_escapes_are_refused(written: str, code: str) -> None:
    assert problems(session(title=written)) == [
        f"s.yaml:6:12: title holds a control character (U+{code}): remove it"]


def test_tabs_and_line_breaks_in_a_one_line_text_become_spaces() -> None:
    result = parse_schedule(session(title=r'"Lezing\tDennis\n  Martens"'), "s.yaml")
    assert result.schedule.sessions[0].title == "Lezing Dennis Martens"


@pytest.mark.parametrize("time", ["١٠:٠٠ - ١١:٠٠", "１０.００ - １１.００", "10.00 - 11.٠٠"])
def test_only_ascii_digits_make_a_time(time: str) -> None:
    start, end = time.split(" - ")
    expected = [f"s.yaml:5:{column}: {what} time '{text}' is not a time like 10.15 or 10:15"
                for what, text, column in (("start", start, 11),
                                           ("end", end, 11 + len(start) + 3))
                if not text.isascii()]
    assert problems(HEAD + f"  - time: {time}\n    title: a\n") == expected


def test_only_ascii_digits_make_a_date() -> None:
    assert problems("event:\n  title: T\n  date: ٢٠٢٤-٠٤-١٥\nsessions:\n"
                    "  - {time: 10.00 - 11.00, title: a}\n") == [
        "s.yaml:3:9: event.date must be a date like 2024-04-15, found '٢٠٢٤-٠٤-١٥'"]


def test_reading_stops_after_a_hundred_errors() -> None:
    text = HEAD + "".join(f"  - {{time: 10.00 - 11.00, title: a, kind: x{i}}}\n"
                          for i in range(500))
    lines = problems(text)
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1] == ("s.yaml:104:43: and more: reading stops after 100 problems; "
                         "fix these first")


def test_warnings_never_stop_a_valid_file_but_only_a_hundred_are_kept() -> None:
    speakers = "".join(f"  s{i}:\n    name: Spreker {i}\n" for i in range(300))
    text = ("event:\n  title: T\n  date: 2024-04-15\nspeakers:\n" + speakers +
            "sessions:\n  - {time: 10.00 - 11.00, title: a}\n")
    result = parse_schedule(text, "s.yaml")
    assert len(result.warnings) == MAX_PROBLEMS + 1
    assert result.warning_lines()[-1] == "s.yaml:203:3: warning: and 200 more warnings"


def test_an_alias_flood_is_refused_in_bounded_work() -> None:
    text = "event: &e {title: T}\nx: [" + ", ".join(["*e"] * 250_000) + "]\n"  # 1 MiB
    tracemalloc.start()
    try:
        lines = problems(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == "s.yaml:1:8: anchors (&e) are not supported: write the value out"
    assert lines[-1].endswith(": and more: reading stops after 100 problems; fix these first")
    assert peak < 16 * 2**20  # the first hundred aliases, not 340,000


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
     ("utf-32", "UTF-32")],
)
def test_a_file_saved_as_utf16_says_so(encoding: str, name: str) -> None:
    data = (HEAD + "  - {time: 10.00 - 11.00, title: Café}\n").encode(encoding)
    assert problems(data) == [
        f"s.yaml:1:1: the file is saved as {name} (Notepad calls it 'Unicode'): "
        "save it as UTF-8"]


def test_two_byte_order_marks_are_fine_but_one_inside_the_text_is_not() -> None:
    text = HEAD + "  - {time: 10.00 - 11.00, title: a}\n"
    assert parse_schedule(codecs.BOM_UTF8 * 2 + text.encode(), "s.yaml")
    assert problems(text.replace("title: a", "title: a\ufeffb").encode()) == [
        "s.yaml:5:35: the file holds an invisible character (U+FEFF, a byte order mark) "
        "inside the text: delete it"]
