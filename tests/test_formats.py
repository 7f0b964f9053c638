"""Programmes exported by frab, pretalx, calendars and spreadsheets, read as schedule.yaml is.

The samples in tests/data/formats/ are made for these tests from the public schemas (the
voc/schedule XSD and JSON schema, RFC 5545) with the pitfalls real exports have.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import ROOT
from kiosk.formats import Format, detect, import_programme
from kiosk.formats.frab import duration
from kiosk.formats.kinds import choose
from kiosk.formats.text import one_line, pick_language, plain_text
from kiosk.reader import read_schedule
from kiosk.schedule import Kind
from kiosk.timeline import Phase, Timeline

DATA = ROOT / "tests" / "data" / "formats"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(schedule_zone: dt.tzinfo, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=schedule_zone)  # type: ignore[misc]


def field(node: Any, key: str) -> Any:
    """The value under ``key`` in a tree's mapping."""
    return next(value for name, value in node.items if name.value == key)


def rows(path: Path) -> list[tuple[object, ...]]:
    schedule = read_schedule(path).schedule
    zone = schedule.event.timezone
    return [(s.id, f"{s.start.astimezone(zone):%m-%d %H.%M}", f"{s.end.astimezone(zone):%H.%M}",
             s.title, s.kind.value, s.room, tuple(p.id for p in s.speakers),
             schedule.session_day(s).day, s.cancelled) for s in schedule.sessions]


# -- frab XML ----------------------------------------------------------------------


def test_the_frab_xml_sample_is_the_programme_it_says() -> None:
    assert rows(DATA / "havenstad.xml") == [
        ("6571", "12-27 11.00", "11.30", "Opening of the Hackdagen", "talk", "Zaal Kraan",
         ("42", "43"), 27, False),
        ("6572", "12-27 11.30", "13.00", "Containers & cranes: a history of the port", "talk",
         "Zaal Kraan", ("42",), 27, False),
        ("6573", "12-27 13.00", "13.45", "Lunch", "lunch", "Zaal Kraan", (), 27, False),
        ("hhd-ws-1", "12-27 14.00", "16.00", "Solder your own buoy", "workshop", "Werkplaats",
         ("45",), 27, False),
        ("6574", "12-27 23.30", "00.30", "Night owls podium", "panel", "Zaal Kraan",
         ("44", "43"), 27, False),
        ("6577", "12-28 00.00", "02.30", "Midnight meeting", "panel", "Werkplaats", (), 27, False),
        ("6575", "12-28 00.30", "01.30", "Lightning talks after midnight", "talk", "Zaal Kraan",
         (), 27, False),
        ("6580", "12-28 10.00", "10.45", "Keynote: the tide", "talk", "Zaal Kraan", ("46",), 28,
         False),
        ("6581", "12-28 11.00", "12.00", "Sea shanty concert", "talk", "Zaal Kraan", ("42",), 28,
         False),
        ("6582", "12-28 17.00", "17.30", "Closing", "talk", "Zaal Kraan", (), 28, False),
    ]


def test_frab_xml_people_descriptions_and_warnings() -> None:
    result = read_schedule(DATA / "havenstad.xml")
    schedule = result.schedule
    assert schedule.event.title == "Havenstad Hackdagen 2024"
    assert schedule.event.timezone == AMSTERDAM
    # The same person in several sessions is one speaker, without a role.
    assert [(s.id, s.name, s.role) for s in schedule.speakers] == [
        ("42", "Mira de Zwaan", None), ("43", "Teun Bakker", None), ("44", "Sanne Oost", None),
        ("45", "Joost van Dijk", None), ("46", "Ilse Maas", None)]
    by_id = {s.id: s for s in schedule.sessions}
    assert by_id["6572"].description == "How the port learned to count.\n• boxes\n• cranes"
    assert by_id["6574"].description == "Markdown in an abstract, with a link."
    assert by_id["6571"].description == "Welkom aan de kade."
    assert result.warning_lines() == [
        f"{DATA / 'havenstad.xml'}:122:9: warning: type 'Concert' is not one of kiosk's kinds: "
        "shown as a talk (give it a kind in kinds:)"]


@pytest.mark.parametrize(
    ("moment", "phase", "now", "day"),
    [
        ((2024, 12, 27, 23, 45), Phase.SESSION, ["Night owls podium"], 27),
        ((2024, 12, 28, 0, 10), Phase.SESSION, ["Midnight meeting", "Night owls podium"], 27),
        ((2024, 12, 28, 3, 0), Phase.BEFORE, [], 28),
        ((2024, 12, 28, 10, 30), Phase.SESSION, ["Keynote: the tide"], 28),
    ],
)
def test_a_congress_night_belongs_to_the_day_before(
    moment: tuple[int, ...], phase: Phase, now: list[str], day: int
) -> None:
    schedule = read_schedule(DATA / "havenstad.xml").schedule
    status = Timeline(schedule).status(local(AMSTERDAM, *moment))
    assert status.phase is phase
    assert sorted(s.title for s in status.current) == now
    assert status.day is not None
    assert status.day.date == dt.date(2024, 12, day)


# -- pretalx JSON -------------------------------------------------------------------


def test_the_pretalx_json_sample_is_the_programme_it_says() -> None:
    assert rows(DATA / "harbourcamp.json") == [
        ("101", "08-14 10.00", "10.30", "Welcome to Harbour Camp", "ceremony", "Quay Stage",
         ("26", "27"), 14, False),
        ("102", "08-14 10.30", "12.00", "Ropes and knots", "talk", "Quay Stage", ("27",), 14,
         False),
        ("105", "08-14 11.00", "13.00", "Mend a net", "workshop", "Net Loft", ("29",), 14, False),
        ("101", "08-14 14.00", "14.30", "Welcome to Harbour Camp (repeat)", "ceremony",
         "Net Loft", ("26",), 14, False),
        ("103", "08-14 23.00", "00.30", "Harbour lights — a night walk", "talk", "Quay Stage",
         ("28",), 14, False),
        ("104", "08-15 01.00", "01.45", "After-midnight jam", "talk", "Quay Stage", (), 14, False),
        ("110", "08-15 09.00", "23.00", "Hackcenter open", "talk", "Quay Stage", (), 15, False),
        ("111", "08-15 12.00", "12.45", "Panel: who owns the harbour?", "panel", "Quay Stage",
         ("26", "30"), 15, False),
    ]


def test_pretalx_json_offsets_hold_without_a_zone_name_and_names_per_language() -> None:
    result = read_schedule(DATA / "harbourcamp.json")
    schedule = result.schedule
    assert schedule.event.title == "Harbour Camp 2025"  # {"en": ..., "de": ...}: English
    assert schedule.event.timezone.utcoffset(None) == dt.timedelta(hours=2)
    assert schedule.sessions[0].start == dt.datetime(2025, 8, 14, 8, tzinfo=dt.timezone.utc)
    assert [s.name for s in schedule.speakers] == [
        "Brian Robinson", "Jordan Parks", "Ana Öztürk", "Kees Visser", "Dana Li"]
    assert schedule.sessions[0].description == "Hello everyone.\nSee the map."
    assert schedule.sessions[1].description == "Tying things together & apart."
    path = DATA / "harbourcamp.json"
    assert result.warning_lines() == [
        f"{path}:127:17: warning: type 'Walk' is not one of kiosk's kinds: shown as a talk "
        "(give it a kind in kinds:)",
        f"{path}:160:17: warning: type 'Jam session' is not one of kiosk's kinds: shown as a "
        "talk (give it a kind in kinds:)",
        f"{path}:207:15: warning: session id '101' is used again (first on line 35): to change one "
        "of them in schedule.yaml, name it by its guid or code",
        f"{path}:274:8: warning: overlaps 'Hackcenter open' (line 249) in room Quay Stage",
    ]


def test_the_language_picks_among_names_per_language() -> None:
    data = (DATA / "harbourcamp.json").read_bytes()
    german = import_programme(data, "hc.json", language="de")
    assert german.root is not None
    assert field(field(german.root, "event"), "title").value == "Hafencamp 2025"
    assert pick_language({"de": "Vortrag", "fr": "Conférence"}, "nl") == "Vortrag"
    assert pick_language({"de": "", "fr": "Conférence"}, None) == "Conférence"
    assert pick_language({}, "en") is None


def test_aliases_and_person_ids_for_an_overlay() -> None:
    imported = import_programme((DATA / "harbourcamp.json").read_bytes(), "hc.json")
    assert imported.format is Format.JSON
    # guid, code and slug name a session by its primary id; the two slots of '101' keep
    # their own guids in imported.sessions.
    assert imported.aliases["8079583e-8321-506c-95af-fd2903a5f075"] == "101"
    assert imported.aliases["3NEFSQ"] == "102"
    assert imported.aliases["democon-102"] == "102"
    assert [s.aliases for s in imported.sessions if s.id == "101"] == [
        ("8079583e-8321-506c-95af-fd2903a5f075", "G9JGWY", "democon-101"),
        ("d179c8ac-e6eb-5b25-8ed0-c5828ef7b6d9", "G9JGWY", "democon-101")]
    assert [(s.id, s.aliases) for s in imported.speakers][:2] == [
        ("26", ("Brian Robinson", "NQTF8Y")), ("27", ("Jordan Parks", "XHSHNG"))]
    assert imported.speaker_aliases["NQTF8Y"] == "26"
    assert imported.speaker_aliases["Kees Visser"] == "29"
    notes = {s.node.line: s.kind_note for s in imported.sessions}
    assert notes[imported.sessions[0].node.line] == "type 'Opening'"
    assert [s.kind_note for s in imported.sessions if s.id == "104"] == [
        "type 'Jam session' is unknown: a talk"]


def test_a_caller_table_maps_the_source_types_first() -> None:
    imported = import_programme((DATA / "harbourcamp.json").read_bytes(), "hc.json",
                                kinds={"walk": Kind.WALK_IN, "Opening": Kind.TALK})
    kinds = {s.id: (s.kind, s.kind_note) for s in imported.sessions}
    assert kinds["103"] == (Kind.WALK_IN, "type 'Walk'")
    assert kinds["101"] == (Kind.TALK, "type 'Opening'")
    assert not any("Walk" in p.message for p in imported.problems)


# -- iCalendar ----------------------------------------------------------------------


def test_the_calendar_sample_is_the_programme_it_says() -> None:
    assert rows(DATA / "symposium.ics") == [
        ("inloop-2025@symposium.example", "09-18 09.00", "09.30", "Inloop met koffie",
         "walk-in", "Foyer", (), 18, False),
        ("opening-2025@symposium.example", "09-18 09.30", "10.00", "Opening door de wethouder",
         "ceremony", "Grote zaal", (), 18, False),
        ("lunch@symposium.example/20250918T1230", "09-18 12.30", "13.30", "Lunch", "lunch",
         "Foyer", (), 18, False),
        ("workshop-a@symposium.example", "09-18 14.00", "15.30", "Workshop buurtbudget",
         "workshop", "Zaal 2", (), 18, True),
        ("borrel@symposium.example", "09-18 22.00", "00.30", "Borrel aan de haven", "drinks",
         None, (), 18, False),
        ("dag2@symposium.example", "09-19 10.00", "11.00", "Dag twee: de wijk aan het woord",
         "panel", "Grote zaal", (), 19, False),
        ("lunch@symposium.example/20250919T1230", "09-19 12.30", "13.30", "Lunch", "lunch",
         "Foyer", (), 19, False),
    ]
    result = read_schedule(DATA / "symposium.ics")
    assert result.schedule.event.title == "Symposium Zorg & Wijk"
    assert result.schedule.sessions[1].description == (
        "De wethouder opent het symposium, met een korte terugblik op vorig jaar.\n"
        "Daarna de eerste spreker.")
    assert result.warning_lines() == [
        f"{DATA / 'symposium.ics'}:83:1: warning: an all-day event is not a session: left out"]


# -- CSV ----------------------------------------------------------------------------


def test_the_dutch_excel_sample_is_the_programme_it_says() -> None:
    assert rows(DATA / "wijkdag.csv") == [
        (None, "09-18 09.00", "09.30", "Inloop", "walk-in", "Foyer", (), 18, False),
        (None, "09-18 09.30", "10.15", "Opening: welkom in de wijk", "ceremony", "Grote zaal",
         ("roel-wever", "nicole-ummelen"), 18, False),
        (None, "09-18 10.15", "11.00", "Lezing bestaanszekerheid", "talk", "Grote zaal",
         ("dennis-martens",), 18, False),
        (None, "09-18 11.00", "11.15", "Pauze", "break", "Foyer", (), 18, False),
        (None, "09-18 11.15", "12.30", "Workshop A", "workshop", "Zaal 2",
         ("anna-de-vries", "roel-wever"), 18, False),
        (None, "09-18 12.30", "13.30", "Lunch", "lunch", "Foyer", (), 18, False),
        (None, "09-18 23.30", "00.30", "Nachtprogramma", "drinks", "Kelder", (), 18, False),
        (None, "09-19 10.00", "11.00", "Dag twee", "panel", "Grote zaal", ("dennis-martens",),
         19, False),
    ]
    result = read_schedule(DATA / "wijkdag.csv")
    assert result.schedule.event.title == "wijkdag"
    assert result.schedule.sessions[1].description == "Twee korte woorden;\ndaarna het programma."
    assert result.schedule.sessions[2].description == 'Over "vaste lasten" en meer'
    assert [s.name for s in result.schedule.speakers] == [
        "Roel Wever", "Nicole Ummelen", "Dennis Martens", "Anna de Vries"]


def test_csv_with_commas_english_names_iso_dates_and_an_id(tmp_path: Path) -> None:
    path = tmp_path / "programme.csv"
    path.write_text("title,date,start,end,room,kind,speakers,id\n"
                    "Keynote,2025-09-18,09:30,10:15,Main hall,talk,Ada Lovelace,k1\n"
                    '"Panel, with a comma",2025-09-18,10:30,11:30,Main hall,panel,'
                    '"Ada Lovelace | Grace Hopper",p1\n', encoding="utf-8")
    schedule = read_schedule(path).schedule
    assert [(s.id, s.title, s.kind, tuple(p.name for p in s.speakers))
            for s in schedule.sessions] == [
        ("k1", "Keynote", Kind.TALK, ("Ada Lovelace",)),
        ("p1", "Panel, with a comma", Kind.PANEL, ("Ada Lovelace", "Grace Hopper"))]


def test_csv_from_excel_in_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "programma.csv"
    path.write_bytes("datum;begin;eind;titel\n18-09-2025;09.30;10.00;Café-overleg\n"
                     .encode("cp1252"))
    result = read_schedule(path)
    assert result.schedule.sessions[0].title == "Café-overleg"
    assert result.warning_lines() == [
        f"{path}:1:1: warning: the file is not UTF-8: read as Windows-1252, as Excel's 'CSV' "
        "saves it (choose 'CSV UTF-8' to be sure of every letter)"]


def test_an_early_morning_row_belongs_to_the_evening_before(tmp_path: Path) -> None:
    path = tmp_path / "nacht.csv"
    path.write_text("datum;begin;eind;titel\n18-09-2025;20.00;23.00;Concert\n"
                    "19-09-2025;00.00;02.00;Nachtfilm\n19-09-2025;10.00;11.00;Ontbijtlezing\n",
                    encoding="utf-8")
    schedule = read_schedule(path).schedule
    assert [(s.title, schedule.session_day(s).day) for s in schedule.sessions] == [
        ("Concert", 18), ("Nachtfilm", 18), ("Ontbijtlezing", 19)]
    assert schedule.sessions[1].start == local(AMSTERDAM, 2025, 9, 19, 0, 0)


# -- pitfalls ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("00:30", 30), ("1:30", 90), ("01:30", 90), ("0:14:00", 14 * 60), ("1:02:30", 26 * 60 + 30),
     ("120:00", 7200), ("00:60", None), ("1:24:00", None), ("30", None), ("1:30 h", None),
     ("", None)],
)
def test_durations(text: str, minutes: int | None) -> None:
    assert duration(text) == minutes


@pytest.mark.parametrize(
    ("source", "kind", "how"),
    [
        ("lecture", Kind.TALK, "built-in"), ("workshop", Kind.WORKSHOP, "built-in"),
        ("podium", Kind.PANEL, "built-in"), ("lightning_talk", Kind.TALK, "built-in"),
        ("meeting", Kind.PANEL, "built-in"), ("other", Kind.TALK, "built-in"),
        ("Talk 30 min + 10min Q&A", Kind.TALK, "built-in"), ("Keynote", Kind.TALK, "built-in"),
        ("Coffee-Break", Kind.BREAK, "built-in"), ("Lunch break", Kind.LUNCH, "built-in"),
        ("Registration", Kind.WALK_IN, "built-in"), ("Workshop (2 h)", Kind.WORKSHOP, "built-in"),
        ("Concert", Kind.TALK, "default"), ("", Kind.TALK, "default"),
    ],
)
def test_the_built_in_kinds_table(source: str, kind: Kind, how: str) -> None:
    assert choose(source) == (choice := choose(source))
    assert (choice.kind, choice.how) == (kind, how)


def test_titles_with_stray_spaces_and_markup_free_descriptions() -> None:
    assert one_line("  Opening \n of\tthe \u00a0 day ") == "Opening of the day"
    assert plain_text("<script>alert(1)</script><p>Hi <b>there</b></p>") == "Hi there"
    assert plain_text("# Title\n\nSome *emphasis* and `code`.\n\n- a\n- b") == (
        "Title\nSome emphasis and code.\n• a\n• b")
    assert plain_text("<ol><li>first</li><li>second</li></ol>") == "1. first\n2. second"
    assert plain_text("    indented <i>prose</i>") == "indented prose"
    assert plain_text("Tom &amp; Jerry &lt;3") == "Tom & Jerry <3"
    assert plain_text("") == ""


@pytest.mark.parametrize(
    ("head", "name", "format"),
    [
        (b'<?xml version="1.0"?><schedule/>', "x.txt", Format.XML),
        (b"\xef\xbb\xbf  <schedule>", "", Format.XML),
        (b"BEGIN:VCALENDAR\r\n", "feed", Format.ICAL),
        (b'{"$schema": "x", "schedule": {}}', "export", Format.JSON),
        (b'[{"conference": 1}]', "", Format.JSON),
        (b'{"event": {"title": "T"}}', "schedule.yaml", Format.YAML),
        (b'{"event": {"title": "T"}}', "wrong.json", Format.JSON),
        (b"Datum;Begin;Eind;Titel\n", "", Format.CSV),
        (b"title,date,start,end\n", "", Format.CSV),
        (b"a;b\n", "sheet.csv", Format.CSV),
        (b"event:\n  title: x\n", "schedule.csv", Format.YAML),
        (b"event: {title: T}\n", "export.xml", Format.YAML),
        (b"", "", Format.YAML),
    ],
)
def test_the_format_is_found_by_content(head: bytes, name: str, format: Format) -> None:
    assert detect(head, name) is format


# -- a day known by its start alone ----------------------------------------------------

DAY_BY_START_XML = """<?xml version='1.0'?>
<schedule>
  <conference><title>C</title><time_zone_name>Europe/Amsterdam</time_zone_name></conference>
  <day index="1" start="2024-12-27T10:00:00+01:00" end="2024-12-28T03:00:00+01:00">
    <room name="Saal 1">
      <event id="1" guid="5d1f0a8e-3c2b-4f1e-9a6d-7b8c9d0e1f21">
        <start>11:00</start><duration>00:30</duration><title>Talk</title>
      </event>
      <event id="2" guid="5d1f0a8e-3c2b-4f1e-9a6d-7b8c9d0e1f22">
        <start>01:00</start><duration>00:30</duration><title>Late</title>
      </event>
    </room>
  </day>
</schedule>
"""


def _day_by_start_json() -> str:
    def event(number: int, start: str, title: str) -> dict[str, object]:
        return {"id": number, "guid": f"5d1f0a8e-3c2b-4f1e-9a6d-7b8c9d0e1f2{number}",
                "start": start, "duration": "00:30", "title": title, "room": "Saal 1"}

    return json.dumps({"schedule": {"conference": {
        "title": "C", "time_zone_name": "Europe/Amsterdam", "days": [{
            "index": 1, "day_start": "2024-12-27T10:00:00+01:00",
            "day_end": "2024-12-28T03:00:00+01:00",
            "rooms": {"Saal 1": [event(1, "11:00", "Talk"), event(2, "01:00", "Late")]}}]}}})


@pytest.mark.parametrize(("name", "text"), [("day.xml", DAY_BY_START_XML),
                                            ("day.json", _day_by_start_json())])
def test_a_day_without_a_date_is_the_day_its_start_falls_on(
    tmp_path: Path, name: str, text: str
) -> None:
    """A frab day may give its start and end only; its sessions' clock times are on it (and
    after midnight on the night that follows)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    schedule = read_schedule(path).schedule
    zone = schedule.event.timezone
    assert [(s.title, f"{s.start.astimezone(zone):%Y-%m-%d %H.%M}") for s in schedule.sessions] \
        == [("Talk", "2024-12-27 11.00"), ("Late", "2024-12-28 01.00")]
    assert [day.date for day in schedule.days] == [dt.date(2024, 12, 27)]
