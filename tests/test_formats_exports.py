"""Exports as the systems organisers use really write them: Outlook's zone names, Google's
repeats in UTC, Excel's 'Unicode Text', an XML export declared UTF-16, a hand-edited CSV."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.formats import Format, detect
from kiosk.formats.detect import wide_codec
from kiosk.reader import ScheduleError, parse_schedule


def problems(data: str | bytes, source: str) -> list[str]:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(data, source)
    return caught.value.lines()


def times(data: str | bytes, source: str) -> list[tuple[str, str, str]]:
    """Each session's title and start and end on the event's clock."""
    schedule = parse_schedule(data, source).schedule
    return [(s.title, f"{schedule.local(s.start):%Y-%m-%d %H.%M}",
             f"{schedule.local(s.end):%H.%M}") for s in schedule.sessions]


def calendar(*lines: str) -> str:
    return "\r\n".join(("BEGIN:VCALENDAR", "VERSION:2.0", *lines, "END:VCALENDAR", ""))


OUTLOOK_ZONE = (
    "BEGIN:VTIMEZONE", "TZID:Eastern Standard Time", "BEGIN:STANDARD",
    "DTSTART:16011104T020000", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "TZOFFSETFROM:-0400",
    "TZOFFSETTO:-0500", "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:16010311T020000",
    "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400",
    "END:DAYLIGHT", "END:VTIMEZONE")


# -- iCalendar -----------------------------------------------------------------------


def test_an_outlook_calendar_keeps_its_windows_zone() -> None:
    text = calendar(*OUTLOOK_ZONE, "BEGIN:VEVENT", "UID:a", "SUMMARY:Opening",
                    'DTSTART;TZID="Eastern Standard Time":20250918T093000',
                    'DTEND;TZID="Eastern Standard Time":20250918T101500', "END:VEVENT")
    result = parse_schedule(text, "s.ics")
    assert str(result.schedule.event.timezone) == "America/New_York"
    assert times(text, "s.ics") == [("Opening", "2025-09-18 09.30", "10.15")]
    assert result.warning_lines() == []


@pytest.mark.parametrize("tzid", ["/freeassociation.sourceforge.net/Tzfile/America/New_York",
                                  "My Zone"])
def test_a_zone_by_path_or_by_x_lic_location(tzid: str) -> None:
    zone = [line.replace("Eastern Standard Time", tzid) for line in OUTLOOK_ZONE]
    zone.insert(2, "X-LIC-LOCATION:America/New_York")
    text = calendar(*zone, "BEGIN:VEVENT", "UID:a", "SUMMARY:Opening",
                    f"DTSTART;TZID={tzid}:20250918T093000",
                    f"DTEND;TZID={tzid}:20250918T101500", "END:VEVENT")
    assert str(parse_schedule(text, "s.ics").schedule.event.timezone) == "America/New_York"
    assert times(text, "s.ics") == [("Opening", "2025-09-18 09.30", "10.15")]


def test_a_zone_kiosk_does_not_know_is_said_and_the_moments_hold() -> None:
    zone = [line.replace("Eastern Standard Time", "Head Office") for line in OUTLOOK_ZONE]
    text = calendar(*zone, "BEGIN:VEVENT", "UID:a", "SUMMARY:Opening",
                    "DTSTART;TZID=Head Office:20250918T093000",
                    "DTEND;TZID=Head Office:20250918T101500", "END:VEVENT")
    result = parse_schedule(text, "s.ics")
    assert times(text, "s.ics") == [("Opening", "2025-09-18 15.30", "16.15")]  # in Amsterdam
    assert result.warning_lines() == [
        "s.ics:21:1: warning: time zone 'Head Office' is not one kiosk knows: the times are "
        "shown in Europe/Amsterdam (kiosk import --timezone, or event.timezone in an "
        "importing schedule.yaml, names another)"]


def test_a_weekly_repeat_in_utc_keeps_its_first_time() -> None:
    text = calendar("X-WR-TIMEZONE:Europe/Amsterdam", "BEGIN:VEVENT", "UID:w",
                    "SUMMARY:Weekly", "DTSTART:20251020T160000Z", "DTEND:20251020T170000Z",
                    "RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE:20251027T160000Z", "END:VEVENT")
    # In UTC, as the rule says: an hour earlier on the clock once summer time ends.
    assert times(text, "s.ics") == [("Weekly", "2025-10-20 18.00", "19.00"),
                                    ("Weekly", "2025-11-03 17.00", "18.00"),
                                    ("Weekly", "2025-11-10 17.00", "18.00")]


# -- UTF-16 and UTF-32 -----------------------------------------------------------------


XML = """<?xml version="1.0" encoding="UTF-16"?>
<schedule>
  <conference><title>Havencon</title><time_zone_name>Europe/Amsterdam</time_zone_name>
  </conference>
  <day index="1" date="2025-09-18">
    <room name="Zaal 1">
      <event id="1" guid="g1">
        <date>2025-09-18T11:00:00+02:00</date>
        <duration>00:30</duration>
        <title>Café</title>
      </event>
    </room>
  </day>
</schedule>
"""


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_an_xml_export_in_utf16_or_utf32_is_read(encoding: str) -> None:
    data = XML.replace("UTF-16", encoding.upper()).encode(encoding)
    assert detect(data, "export") is Format.XML
    assert times(data, "s.xml") == [("Café", "2025-09-18 11.00", "11.30")]


def test_excel_unicode_text_is_read_as_a_spreadsheet(tmp_path: Path) -> None:
    text = "Datum\tTijd\tTitel\tZaal\r\n18-9-2025\t09.30 - 10.15\tOpening\tGrote zaal\r\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    assert (wide_codec(data), detect(data, "programma.txt")) == ("utf-16", Format.CSV)
    assert times(data, "programma.txt") == [("Opening", "2025-09-18 09.30", "10.15")]
    path = tmp_path / "programma.txt"
    path.write_bytes(data)
    assert main(["check", str(path)]) == 0


def test_a_json_export_in_utf16_is_read_and_a_bad_half_is_said() -> None:
    text = ('{"schedule": {"conference": {"title": "C", "time_zone_name": "Europe/Amsterdam", '
            '"days": [{"date": "2025-09-18", "rooms": {"A": [{"id": 1, "title": "Talk", '
            '"date": "2025-09-18T11:00:00+02:00", "duration": "00:30"}]}}]}}}')
    assert times(text.encode("utf-16"), "s.json") == [("Talk", "2025-09-18 11.00", "11.30")]
    broken = text.encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate at the end
    assert problems(broken, "s.json") == [
        "s.json:1:1: the file starts as UTF-16 text but is not UTF-16 throughout (at byte "
        f"{len(broken) - 2}): save it as UTF-8"]


def test_an_entity_declared_in_utf16_is_refused_like_one_in_utf8() -> None:
    text = XML.replace("<schedule>", '<!DOCTYPE schedule [\n<!ENTITY e SYSTEM '
                       '"file:///etc/passwd">\n]>\n<schedule>').replace("Café", "&e;")
    for encoding in ("utf-16", "utf-16-be"):
        assert problems(text.encode(encoding), "s.xml") == [
            "s.xml:3:1: the file declares an XML entity (<!ENTITY ...>), which schedule "
            "exports never do: refused, nothing of it is read"]


def test_a_schedule_yaml_in_utf16_is_still_told_to_be_saved_as_utf8() -> None:
    data = "event:\n  title: T\nsessions: []\n".encode("utf-16")
    assert detect(data, "schedule.yaml") is Format.YAML
    assert problems(data, "s.yaml") == [
        "s.yaml:1:1: the file is saved as UTF-16 (Notepad calls it 'Unicode'): save it as UTF-8"]


# -- CSV by hand ---------------------------------------------------------------------


def test_a_quote_never_closed_does_not_swallow_the_rows_after_it() -> None:
    text = ("datum;tijd;titel\n18-09-2025;09.30-10.00;\"Open quote\n"
            "18-09-2025;10.30-11.00;Second\n18-09-2025;11.30-12.00;Third\n")
    assert problems(text, "s.csv") == [
        "s.csv:2:24: the quote \" that starts this cell is never closed, so the rest of the "
        "file would be this one cell: put a \" at the end of the cell (a quote inside a cell "
        "is written \"\")"]


def test_text_after_a_closing_quote_is_kept_with_a_warning() -> None:
    text = 'datum;tijd;titel\n18-09-2025;09.30-10.00;"Say "hi" now"\n'
    result = parse_schedule(text, "s.csv")
    assert result.schedule.sessions[0].title == 'Say hi" now"'
    assert result.warning_lines() == [
        "s.csv:2:30: warning: text after the closing quote of a cell: read as part of the cell "
        "(a quote inside a quoted cell is written \"\")"]


# -- what kiosk import says of what it cannot import -------------------------------------


@pytest.mark.parametrize(
    ("data", "said"),
    [(b"PK\x03\x04\x14\x00\x06\x00binary", "is a spreadsheet workbook (.xlsx, .ods or .xls), "
      "which kiosk does not read: save it as CSV (in Excel: CSV UTF-8) and import that"),
     (b"Naam;Wanneer\nx;y\n", "is in none of the formats kiosk imports: frab XML, frab/pretalx "
      "JSON, iCalendar, or CSV with a header row like date;start;end;title"),
     (b"# mine\nevent:\n  title: T\n", "is a schedule.yaml already: there is nothing to import")],
)
def test_import_says_what_a_file_that_is_no_export_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, said: str
) -> None:
    path = tmp_path / "programma"
    path.write_bytes(data)
    assert main(["import", str(path)]) == 2
    assert capsys.readouterr().err == f"kiosk: {path} {said}\n"


# -- voc's schedule 2 ------------------------------------------------------------------


def test_a_schedule2_export_with_its_events_in_one_list() -> None:
    text = """{"schedule": {"version": "1", "conference": {"title": "38C3",
  "time_zone_name": "Europe/Berlin", "days": [
    {"index": 1, "date": "2024-12-27", "start": "2024-12-27T09:30:00+01:00",
     "end": "2024-12-28T06:00:00+01:00"}]},
  "events": [
    {"type": "TALK", "guid": "b17", "code": "TPGRNN", "title": "Night talk",
     "start": "2024-12-28T00:15:00+01:00", "end": "2024-12-28T00:55:00+01:00",
     "room": {"name": "Saal ZIGZAG", "guid": "r2"},
     "participants": [{"guid": "p1", "name": "Ada", "role": "SPEAKER"}]},
    {"type": "OTHER", "guid": "270", "code": "HQCCYH", "title": "Opening",
     "start": "2024-12-27T10:30:00+01:00", "end": "2024-12-27T11:00:00+01:00",
     "room": {"name": "Saal 1"}, "participants": []},
    {"type": "TALK", "guid": "271", "title": "Broken", "start": "2024-12-27T12:00:00+01:00",
     "end": "noon", "room": {"name": "Saal 1"}, "participants": []}]}}"""
    assert problems(text, "s.json") == [
        "s.json:14:13: end 'noon' is not a date and time like 2024-12-27T12:00:00+01:00"]
    text = text.replace('"noon"', '"2024-12-27T12:45:00+01:00"')
    schedule = parse_schedule(text, "s.json").schedule
    assert [(s.id, s.title, s.room, tuple(p.name for p in s.speakers),
             schedule.session_day(s).day) for s in schedule.sessions] == [
        ("HQCCYH", "Opening", "Saal 1", (), 27), ("271", "Broken", "Saal 1", (), 27),
        ("TPGRNN", "Night talk", "Saal ZIGZAG", ("Ada",), 27)]
    assert times(text, "s.json")[2] == ("Night talk", "2024-12-28 00.15", "00.55")


def test_a_calendar_event_without_a_title_names_summary() -> None:
    text = calendar("BEGIN:VEVENT", "UID:a", "DTSTART:20250918T090000",
                    "DTEND:20250918T100000", "END:VEVENT", "BEGIN:VEVENT", "UID:b", "SUMMARY: ",
                    "DTSTART:20250918T110000", "DTEND:20250918T120000", "END:VEVENT")
    assert problems(text, "s.ics") == [
        "s.ics:3:1: the event has no title: give it a SUMMARY (the title in the calendar)",
        "s.ics:10:1: the event has no title: give it a SUMMARY (the title in the calendar)"]
