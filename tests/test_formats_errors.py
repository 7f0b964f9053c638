"""Every problem of an imported file at its FILE:LINE:COL, in words, all at once; and hostile
files (external entities, entity bombs, huge files) refused cleanly."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from kiosk.formats import frabxml
from kiosk.formats.frabjson import parse
from kiosk.formats.model import LineIndex
from kiosk.reader import MAX_IMPORT_BYTES, ScheduleError, parse_schedule, read_schedule


def problems(data: str | bytes, source: str) -> list[str]:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(data, source)
    return caught.value.lines()


XML_EVENT = """\
      <event id="{id}" guid="5d1f0a8e-3c2b-4f1e-9a6d-7b8c9d0e1f2{n}">
        <date>{date}</date>
        <duration>{duration}</duration>
        <title>{title}</title>
      </event>
"""


def xml(*events: str, zone: str = "Europe/Amsterdam") -> str:
    return ("<?xml version='1.0'?>\n<schedule>\n  <conference><title>C</title>"
            f"<time_zone_name>{zone}</time_zone_name></conference>\n"
            '  <day index="1" date="2024-12-27">\n    <room name="Saal 1">\n'
            + "".join(events) + "    </room>\n  </day>\n</schedule>\n")


def event(n: int = 1, date: str = "2024-12-27T11:00:00+01:00", duration: str = "00:30",
          title: str = "Talk", id: str | None = None) -> str:
    return XML_EVENT.format(id=id or str(n), n=n, date=date, duration=duration, title=title)


def test_xml_problems_are_at_their_elements_all_at_once() -> None:
    text = xml(event(1, duration="0:75"), event(2, date="27.12.2024 11:00"),
               event(3, title="Fine"), zone="Europe/Amsterdan")
    assert problems(text, "s.xml") == [
        "s.xml:3:31: unknown time zone 'Europe/Amsterdan' (did you mean 'Europe/Amsterdam'?)",
        "s.xml:8:9: duration '0:75' is not a duration like 00:30, 1:30 or 1:02:30 "
        "(days:hours:minutes)",
        "s.xml:12:9: date '27.12.2024 11:00' is not a date and time like "
        "2024-12-27T11:00:00+01:00",
    ]


def test_xml_syntax_errors_have_their_line_and_column() -> None:
    assert problems("<schedule>\n  <day>\n</schedule>\n", "s.xml") == [
        "s.xml:3:12: XML syntax error: Opening and ending tag mismatch: day line 2 and schedule"]
    assert problems("<programme/>", "s.xml") == [
        "s.xml:1:1: not a frab schedule: the XML starts with <programme>, not <schedule>"]
    assert problems("<schedule><conference><title>C</title></conference></schedule>",
                    "s.xml") == ["s.xml:1:1: no sessions found in this frab/pentabarf XML file"]


def test_xml_repeated_ids_are_said_where() -> None:
    result = parse_schedule(xml(event(1, id="77"), event(2, id="77",
                                                          date="2024-12-27T12:00:00+01:00")),
                            "s.xml")
    assert result.warning_lines() == [
        "s.xml:11:14: warning: session id '77' is used again (first on line 6): changes by "
        "this id apply to the first"]


def test_xml_an_external_entity_never_reaches_the_schedule(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("PASSWORD-123", encoding="utf-8")
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE schedule [\n<!ENTITY e SYSTEM "file://{secret}">'
            "\n]>\n" + xml(event(1, title="&e;")).split("\n", 1)[1])
    lines = problems(text, "s.xml")
    assert lines == ["s.xml:3:1: the file declares an XML entity (<!ENTITY ...>), which "
                     "schedule exports never do: refused, nothing of it is read"]
    assert "PASSWORD" not in "".join(lines)


def test_xml_an_entity_in_utf16_is_not_resolved_either(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("PASSWORD-123", encoding="utf-8")
    text = (f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE schedule [\n'
            f'<!ENTITY e SYSTEM "file://{secret}">\n]>\n'
            + xml(event(1, title="&e;")).split("\n", 1)[1])
    lines = problems(text.encode("utf-16"), "s.xml")
    assert "PASSWORD" not in "".join(lines)
    assert lines[0].startswith("s.xml:")


def test_xml_an_entity_bomb_is_refused_at_once() -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">'
                       for i in range(10))
    text = f"<?xml version='1.0'?>\n<!DOCTYPE s [{entities}]>\n<schedule>&l9;</schedule>"
    started = time.process_time()
    assert problems(text, "s.xml") == [
        "s.xml:2:1: the file declares an XML entity (<!ENTITY ...>), which schedule exports "
        "never do: refused, nothing of it is read"]
    # Also without the check before parsing, the parser's bounds refuse it.
    with pytest.raises(etree.XMLSyntaxError, match="amplification"):
        etree.fromstring(text.encode(), frabxml._parser())
    assert time.process_time() - started < 5  # bounded: a real bomb would take minutes


def test_a_file_over_20_mib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    base = xml(event())
    comment = "<!-- " + "x" * 1000 + " -->\n"  # as many small parts as a congress has
    count, rest = divmod(MAX_IMPORT_BYTES - len(base), len(comment))
    filler = comment * count + " " * rest
    path.write_text(base.replace("<schedule>", "<schedule>" + filler), encoding="utf-8")
    assert path.stat().st_size == MAX_IMPORT_BYTES
    assert len(read_schedule(path).schedule.sessions) == 1
    with path.open("a", encoding="utf-8") as stream:
        stream.write(" " * (1024 * 1024 + 200))
    with pytest.raises(ScheduleError) as caught:
        read_schedule(path)
    assert caught.value.lines() == [
        f"{path}:1:1: the file is larger than 20480 KiB: not a schedule"]
    # Data over the limit from elsewhere (a URL) is refused by the importer itself.
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(path.read_bytes(), "https://example.org/huge.xml")
    assert caught.value.lines() == [
        "https://example.org/huge.xml:1:1: the file is larger than 20 MiB: not a programme "
        "export"]


def test_a_yaml_file_stays_limited_to_1_mib(tmp_path: Path) -> None:
    path = tmp_path / "schedule.yaml"
    path.write_text("# " + "x" * (1024 * 1024) + "\nevent: {title: T}\n", encoding="utf-8")
    with pytest.raises(ScheduleError, match="larger than 1024 KiB"):
        read_schedule(path)


JSON = """\
{
\t"schedule": {
\t\t"conference": {
\t\t\t"title": "C", "time_zone_name": "Europe/Berlin",
\t\t\t"days": [{"date": "2024-12-27", "rooms": {"Saal 1": [
\t\t\t\t{"id": 1, "guid": "g1", "date": "2024-12-27T11:00:00+01:00",
\t\t\t\t "duration": "1:75", "title": "A"},
\t\t\t\t{"id": 2, "date": "2024-12-27T12:00:00+01:00", "duration": "00:30",
\t\t\t\t "title": "B \\u00e9\\ud83d\\ude00", "type": {"en": "Workshop"}},
\t\t\t\t{"id": 3, "date": "2024-12-27T13:00:00", "duration": "00:30", "title": "C"},
\t\t\t\t{"id": 4, "date": 20241227, "duration": "00:30", "title": "D"}
\t\t\t]}}]
\t\t}
\t}
}
"""


def test_json_problems_are_at_their_values_with_tabs_and_escapes() -> None:
    assert problems(JSON, "s.json") == [
        "s.json:7:18: duration '1:75' is not a duration like 00:30, 1:30 or 1:02:30 "
        "(days:hours:minutes)",
        "s.json:11:23: date '20241227' is not a date and time like 2024-12-27T11:00:00+01:00",
    ]
    fixed = JSON.replace('"1:75"', '"1:15"').replace("20241227", '"2024-12-27T14:00:00+01:00"')
    schedule = parse_schedule(fixed, "s.json").schedule
    assert [s.title for s in schedule.sessions] == ["A", "B é😀", "C", "D"]
    assert schedule.sessions[1].kind.value == "workshop"
    # Without an offset, a date is in the conference's named zone.
    assert f"{schedule.local(schedule.sessions[2].start):%H.%M}" == "13.00"


def test_json_syntax_errors_and_wrong_shapes() -> None:
    assert problems('{\n  "schedule": {"conference": {"title": "C",}}\n}', "s.json") == [
        "s.json:2:44: JSON syntax error: Expecting property name enclosed in double quotes"]
    assert problems('{"schedule": []}', "s.json") == [
        "s.json:1:14: schedule must be an object ({...})"]
    assert problems('{"conference": {}}', "s.json") == [
        's.json:1:1: not a frab or pretalx schedule: it has no "schedule" at the top (use the '
        "export schedule.json)"]
    deep = '{"schedule": ' + "[" * 100 + "]" * 100 + "}"
    assert problems(deep, "s.json") == ["s.json:1:77: nested more than 64 levels deep"]
    assert problems(b'{"schedule": "\xff"}', "s.json") == [
        "s.json:1:15: the file is not UTF-8 text, as JSON must be"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


def plain(value: object) -> object:
    from kiosk.formats.frabjson import J

    assert isinstance(value, J)
    inner = value.value
    if isinstance(inner, list):
        return [plain(v) for v in inner]
    if isinstance(inner, dict):
        return {k: plain(v) for k, v in inner.items()}
    return inner


@settings(max_examples=200, deadline=None)
@given(json_values, st.sampled_from([None, 1, "\t", 2]), st.booleans())
def test_the_positioned_json_reader_agrees_with_json_loads(
    value: object, indent: int | str | None, ascii_only: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    parsed, _ = parse(text)
    expected = json.loads(text, parse_int=str, parse_float=str)
    assert plain(parsed) == expected
    # Every value's position is where its text starts.
    lines = LineIndex(text)
    start = lines.at(parsed.offset)
    assert (start.line, start.column) == (1, 1)


def test_json_values_know_their_line_and_column() -> None:
    text = '{\n\t"a": [1,\n\t  "x\\"y",\t{"b": null}]}'
    root, _ = parse(text)
    lines = LineIndex(text)
    assert isinstance(root.value, dict)
    items = root.value["a"].value
    assert isinstance(items, list)
    assert [(lines.at(v.offset).line, lines.at(v.offset).column) for v in items] == [
        (2, 8), (3, 4), (3, 12)]


def test_ics_problems_are_at_their_content_lines() -> None:
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\n"
            "DTSTART;TZID=Europe/Amsterdam:20250918T090000\r\nDTEND:2025091\r\n SUMMARY:x\r\n"
            "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nSUMMARY:no start\r\nEND:VEVENT\r\n"
            "END:VCALENDAR\r\n")
    assert problems(text, "s.ics") == ["s.ics:6:1: DTEND: Wrong datetime format: 2025091SUMMARY:x"]
    assert problems("BEGIN:VCALENDAR\nBROKEN LINE\nEND:VCALENDAR\n", "s.ics") == [
        "s.ics:2:1: not an iCalendar line (NAME:value): 'BROKEN LINE'"]
    no_start = text.replace("DTEND:2025091\r\n SUMMARY:x\r\n", "DTEND;TZID=Europe/Amsterdam:"
                            "20250918T100000\r\n")
    assert problems(no_start, "s.ics") == ["s.ics:3:1: title is empty",
                                           "s.ics:8:1: the event has no DTSTART"]


def test_ics_floating_and_utc_times() -> None:
    text = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20250918T073000Z\r\n"
            "DTEND:20250918T080000Z\r\nSUMMARY:UTC\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\n"
            "DTSTART:20250918T100000\r\nDTEND:20250918T110000\r\nSUMMARY:Floating\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")
    result = parse_schedule(text, "s.ics")
    schedule = result.schedule
    assert [(s.title, f"{schedule.local(s.start):%H.%M}") for s in schedule.sessions] == [
        ("UTC", "09.30"), ("Floating", "10.00")]
    assert result.warning_lines() == [
        "s.ics:4:1: warning: the calendar gives its times in UTC and names no time zone: they "
        "are shown in Europe/Amsterdam"]


def test_ics_a_repeat_without_end_runs_as_far_as_the_programme() -> None:
    text = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:d\r\nDTSTART:20250918T090000\r\n"
            "DTEND:20250918T100000\r\nSUMMARY:Day\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:d2\r\n"
            "DTSTART:20250920T090000\r\nDTEND:20250920T100000\r\nSUMMARY:Last\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20250918T103000\r\nDTEND:20250918T104500\r\n"
            "RRULE:FREQ=DAILY\r\nSUMMARY:Koffie\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    result = parse_schedule(text, "s.ics")
    assert [s.id for s in result.schedule.sessions if s.title == "Koffie"] == [
        "c/20250918T1030", "c/20250919T1030"]
    assert result.warning_lines() == [
        "s.ics:18:1: warning: repeats without end: shown until 2025-09-20 10.00 (2 times)"]


def test_csv_problems_are_at_their_cells() -> None:
    text = ("datum;begin;eind;titel;soort\n"
            "18-09-2025;09.30;09.15;Omgedraaid;lezing\n"
            "31-02-2025;9.30;10.00;Geen datum;lezing\n"
            "18-09-2025;10.00;10.75;Te laat;lezen\n"
            "18-09-2025;11.00;12.00;;pauze\n")
    assert problems(text, "p.csv") == [
        "p.csv:2:18: the session ends (09.15) before or when it starts (09.30)",
        "p.csv:3:1: date '31-02-2025' is not a date like 2025-09-18 or 18-09-2025",
        "p.csv:4:18: end time '10.75' is not a time like 09:30 or 09.30",
        "p.csv:5:24: title is empty",
    ]
    assert problems("datum;titel\n18-09-2025;X\n", "p.csv") == [
        "p.csv:1:1: the header row has no 'start' column (or 'begin')",
        "p.csv:1:1: the header row has no 'end' column (or 'eind')",
    ]
    assert problems("datum;begin;eind;titel;soort\n18-09-2025;09.30;10.00;X;lezen\n",
                    "p.csv") == [
        "p.csv:2:26: unknown kind 'lezen': use one of talk, workshop, panel, ceremony, break, "
        "lunch, walk-in, drinks, lezing, paneel, ceremonie, pauze, inloop, borrel"]


def test_what_the_tree_cannot_say_is_shown_as_near_as_it_can_with_a_warning() -> None:
    text = xml(event(1, date="2024-12-27T17:00:00+01:00", duration="10:00", title="Long"),
               event(2, date="2024-12-27T22:00:00+01:00", duration="9:00", title="Night"),
               event(3, date="2024-12-27T09:00:00+01:00", duration="00:00", title="Nothing"),
               event(4, date="2024-10-27T02:30:00+01:00", duration="00:30", title="Twice"))
    result = parse_schedule(text, "s.xml")
    assert result.warning_lines() == [
        "s.xml:7:9: warning: 'Long' runs until 2024-12-28 03.00: shown until 24.00 (a session "
        "across midnight must start at 18.00 or later and end by 06.00)",
        "s.xml:11:7: warning: overlaps 'Long' (line 6) in room Saal 1",
        "s.xml:12:9: warning: 'Night' runs until 2024-12-28 07.00: shown until 06.00 (kiosk "
        "shows a session on one day and its night)",
        "s.xml:17:9: warning: 'Nothing' takes no time (it ends when it starts): left out",
        "s.xml:22:9: warning: starts at 02.30 the second time the clock shows it (the clocks go "
        "back): shown an hour earlier",
        "s.xml:22:9: warning: 02.30 happens twice on 2024-10-27 in Europe/Amsterdam (the clocks "
        "go back): it is read as the first time, in summer time",
    ]
    assert [s.title for s in result.schedule.sessions] == ["Twice", "Long", "Night"]


def test_dates_at_other_offsets_without_a_zone_name() -> None:
    text = xml(event(1, date="2024-12-27T11:00:00+01:00", title="One"),
               event(2, date="2024-12-27T12:00:00+02:00", title="Two")).replace(
        "<time_zone_name>Europe/Amsterdam</time_zone_name>", "")
    result = parse_schedule(text, "s.xml")
    assert result.warning_lines() == [
        "s.xml:11:7: warning: overlaps 'One' (line 6) in room Saal 1",
        "s.xml:12:9: warning: this date is at UTC+02:00, the first one at UTC+01:00 and the file "
        "names no time zone: times are shown at UTC+01:00"]
    assert [f"{result.schedule.local(s.start):%H.%M}" for s in result.schedule.sessions] == [
        "11.00", "11.00"]


def test_a_night_session_before_a_day_session_of_the_same_morning_is_an_error() -> None:
    text = xml(event(1, date="2024-12-27T01:00:00+01:00", title="Early"),
               event(2, date="2024-12-28T02:00:00+01:00", title="Night"),
               event(3, date="2024-12-27T11:00:00+01:00", title="Day"))
    assert problems(text, "s.xml") == [
        "s.xml:7:9: starts at 01.00 on 2024-12-27, while this day's night runs until 02.00 on "
        "2024-12-28: kiosk cannot tell the two apart; put it on the day before"]
