"""The importers' problems in the organiser's language: exact Dutch lines, values from the
source quoted on one short line, and the parsers' complaints in plain words."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import i18n
from kiosk.formats.importing import convert
from kiosk.formats.text import MAX_QUOTED, excerpt
from kiosk.reader import ScheduleError, parse_schedule


def xml(date: str = "2024-12-27T11:00:00+01:00", duration: str = "00:30") -> str:
    return ("<?xml version='1.0'?>\n<schedule>\n  <conference><title>C</title>"
            "<time_zone_name>Europe/Amsterdam</time_zone_name></conference>\n"
            '  <day index="1" date="2024-12-27">\n    <room name="Saal 1">\n'
            f'      <event id="1">\n        <date>{date}</date>\n'
            f"        <duration>{duration}</duration>\n        <title>Talk</title>\n"
            "      </event>\n    </room>\n  </day>\n</schedule>\n")


ICS_EVENT = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:x\r\n"
             "DTSTART:20250918T090000\r\nDTEND:20250918T100000\r\n{line}\r\nEND:VEVENT\r\n"
             "END:VCALENDAR\r\n")


def lines(data: str | bytes, source: str, language: str = "nl") -> list[str]:
    translations = i18n.translations(language)
    try:
        return parse_schedule(data, source).warning_lines(translations)
    except ScheduleError as error:
        return error.lines(translations)


DUTCH = [
    ("datum;begin;eind\n18-09-2025;09.30;10.00\n", "p.csv",
     ["p.csv:1:1: de kopregel heeft geen kolom 'titel' (of 'title')"]),
    (xml(duration="0:75"), "s.xml",
     ["s.xml:8:9: duur '0:75' is geen duur zoals 00:30, 1:30 of 1:02:30 (dagen:uren:minuten)"]),
    ('{\n  "schedule": {"conference": {"title": "C",}}\n}', "s.json",
     ["s.json:2:44: een komma voor '}' zonder iets erna: haal de laatste komma weg"]),
    ('{"schedule": {\n  "a": 1\n  "b": 2}}', "s.json",
     ["s.json:3:3: hier ontbreekt een komma, voor het volgende item (of een haakje om te "
      "sluiten wat open is)"]),
    ("<schedule>\n  <day>\n</schedule>\n", "s.xml",
     ["s.xml:3:12: hier staat </schedule>, maar <day> (regel 2) is nog open: sluit die eerst "
      "met </day>"]),
    ("<schedule><title>Q & A</title></schedule>", "s.xml",
     ["s.xml:1:21: een losse '&': schrijf in een tekst &amp; voor &"]),
    (xml("2024-10-27T02:10:00+01:00", "01:40"), "s.xml",
     ["s.xml:7:9: waarschuwing: deze sessie begint om de tweede 02.10 op 2024-10-27 in "
      "Europe/Amsterdam (de klok gaat terug), maar kiosk leest die tijd als de eerste: ze "
      "begint op het scherm een uur te vroeg"]),
    ("datum;begin;eind;titel\n18-09-2025;09.30;10.75;X\n18-09-2025;11.00;;Y\n", "p.csv",
     ["p.csv:2:18: eindtijd '10.75' is geen tijd zoals 09:30 of 09.30",
      "p.csv:3:18: eindtijd is leeg"]),
    (ICS_EVENT.format(line="RRULE:FREQ=DAILY;BYDAY=XX;COUNT=3"), "s.ics",
     ["s.ics:8:1: RRULE: 'XX' is niet te lezen in de herhaalregel "
      "'FREQ=DAILY;BYDAY=XX;COUNT=3' (een regel is zoals FREQ=WEEKLY;COUNT=4)"]),
]


@pytest.mark.parametrize(("data", "source", "dutch"), DUTCH)
def test_importer_problems_in_dutch(data: str, source: str, dutch: list[str]) -> None:
    assert lines(data, source) == dutch
    # In English the same problems stand at the same places, in other words.
    english = lines(data, source, "en")
    assert [line.split(": ", 1)[0] for line in english] == \
        [line.split(": ", 1)[0] for line in dutch]
    assert english != dutch


def test_kiosk_import_says_its_own_problems_in_dutch_too() -> None:
    with pytest.raises(ValueError, match="already") as caught:
        convert(b"event: {title: T}\n", "schedule.yaml")
    message = caught.value.args[0]
    assert isinstance(message, i18n.Message)
    assert message.say(i18n.translations("nl")) == \
        "schedule.yaml is al een schedule.yaml: er is niets te importeren"


def test_the_written_file_comments_in_the_language_asked() -> None:
    now = dt.datetime(2024, 12, 1, 9, 30)
    text = convert(xml().encode(), "s.xml", now=now,
                   translations=i18n.translations("nl")).text
    assert text.startswith("# Geïmporteerd door 'kiosk import' uit s.xml\n"
                           "# (frab/pentabarf XML) op 2024-12-01 om 09.30.\n")
    assert convert(xml().encode(), "s.xml", now=now).text.startswith(
        "# Imported by 'kiosk import' from s.xml\n# (frab/pentabarf XML) on 2024-12-01 at 09.30.\n")


def test_a_quoted_value_is_one_short_line() -> None:
    assert excerpt("  Opening\n of the\tday ") == "Opening of the day"
    long = excerpt("word " * 100_000)
    assert len(long) == MAX_QUOTED
    assert long.endswith("…")
    assert excerpt("x" * MAX_QUOTED) == "x" * MAX_QUOTED
    assert excerpt("a\ud800b") == "a\ufffdb"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_huge_value_in_a_message_is_cut(language: str) -> None:
    header = "datum;begin;eind;titel;" + "Notitie  " * 200_000
    found = lines(header + "\n18-09-2025;09.30;10.00;X;y\n", "p.csv", language)
    assert len(found) == 1
    assert len(found[0]) < 400
    assert "…" in found[0]
    duration = "1:\n" + "9" * 1_000_000
    problem = lines(xml(duration=duration), "s.xml", language)
    assert len(problem) == 1
    assert len(problem[0]) < 200
