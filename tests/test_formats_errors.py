"""Every problem of an imported file at its FILE:LINE:COL, in words, all at once; and hostile
files (external entities, entity bombs, huge files) refused cleanly."""

from __future__ import annotations

import datetime as dt
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
        "s.xml:3:12: </schedule> here, but <day> (line 2) is still open: close it first with "
        "</day>"]
    assert problems("<programme/>", "s.xml") == [
        "s.xml:1:1: not a frab schedule: the XML starts with <programme>, not <schedule>"]
    assert problems("<schedule><conference><title>C</title></conference></schedule>",
                    "s.xml") == ["s.xml:1:1: no sessions found in this frab/pentabarf XML file"]


XML_COMPLAINTS = [
    ("<schedule>\n  <day>\n", "s.xml:3:1: the file ends while <day> (line 2) is still open: it is "
     "cut off, or </day> is missing"),
    ("<schedule></schedule>\n<day/>", "s.xml:2:1: the XML document is complete before this "
     "point: remove what follows, or look above for a closing tag that comes too early"),
    ("<schedule><title>a < b</title></schedule>", "s.xml:1:21: a '<' that does not start a "
     "tag: in a text, write &lt; for <"),
    ("<schedule><title>Q & A</title></schedule>", "s.xml:1:21: a '&' on its own: in a text, "
     "write &amp; for &"),
    ("<schedule><title>Q &amp A</title></schedule>", "s.xml:1:24: a '&' whose name is not "
     "closed by ';' (like &amp;): in a text, write &amp; for &"),
    ("<schedule><title>a&nbsp;b</title></schedule>", "s.xml:1:25: XML knows no &nbsp; (only "
     "&amp; &lt; &gt; &quot; and &apos;): write the character itself"),
    ("<schedule><day date=2024-12-27/></schedule>", "s.xml:1:21: the value of an attribute "
     "must be in quotes, like date=\"2024-12-27\""),
    ("<schedule><day date='a' date='b'/></schedule>", "s.xml:1:33: attribute date is given "
     "twice in this tag"),
    ("<schedule><title>a\x01b</title></schedule>", "s.xml:1:19: a character that XML does not "
     "allow (U+0001): remove it"),
    ("<schedule><title>&#xD800;</title></schedule>", "s.xml:1:26: a character that XML does "
     "not allow (U+D800): remove it"),
    ("<schedule><!-- a note </schedule>", "s.xml:1:34: a comment (<!--) is never closed with "
     "-->"),
    ("<schedule><pentabarf:event/></schedule>", "s.xml:1:27: the prefix pentabarf: of "
     "<pentabarf:event> is not declared (with xmlns:pentabarf=\"...\")"),
    ("<schedule>" + "<a>" * 300, "s.xml:1:778: nested more than 256 levels deep"),
    ("<schedule>\n<title>x</title\n</schedule>", "s.xml:3:1: a tag is not closed with '>'"),
]


@pytest.mark.parametrize(("text", "line"), XML_COMPLAINTS)
def test_xml_syntax_errors_are_said_in_plain_words(text: str, line: str) -> None:
    assert problems(text, "s.xml") == [line]


def test_xml_repeated_ids_are_said_where() -> None:
    result = parse_schedule(xml(event(1, id="77"), event(2, id="77",
                                                          date="2024-12-27T12:00:00+01:00")),
                            "s.xml")
    assert result.warning_lines() == [
        "s.xml:11:14: warning: session id '77' is used again (first on line 6): to change one "
        "of them in schedule.yaml, name it by its guid or code"]


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
        "s.json:2:44: a comma before '}' with nothing after it: remove the last comma"]
    assert problems('{"schedule": []}', "s.json") == [
        "s.json:1:14: schedule must be an object ({...})"]
    assert problems('{"conference": {}}', "s.json") == [
        's.json:1:1: not a frab or pretalx schedule: it has no "schedule" at the top (use the '
        "export schedule.json)"]
    deep = '{"schedule": ' + "[" * 100 + "]" * 100 + "}"
    assert problems(deep, "s.json") == ["s.json:1:77: nested more than 64 levels deep"]
    assert problems(b'{"schedule": "\xff"}', "s.json") == [
        "s.json:1:15: the file is not UTF-8 text, as JSON must be"]
    assert problems('{"schedule": {"conference": []}}', "s.json") == [
        "s.json:1:29: schedule.conference must be an object ({...})"]


JSON_COMPLAINTS = [
    ('{"schedule": {\n  "a": 1\n  "b": 2}}', "s.json:3:3: a comma is missing here, before the "
     "next item (or a bracket to close what is open)"),
    ('{"schedule": [1, 2,]}', "s.json:1:20: a comma before ']' with nothing after it: remove "
     "the last comma"),
    ('{"schedule": }', "s.json:1:14: no value here: a value is a text in double quotes, a "
     "number, true, false, null, {...} or [...]"),
    ("{'schedule': 1}", "s.json:1:2: texts and keys in JSON are in double quotes (\"...\"), not "
     "single ones"),
    ('{schedule: 1}', 's.json:1:2: a key must be in double quotes here, like "title"'),
    ('{"schedule" 1}', "s.json:1:13: a ':' is missing here, after the key"),
    ('{"schedule": {"conference": {"title": "C', 's.json:1:39: the quote " opened here is '
     'never closed: put a " at the end of the text'),
    ('{"schedule": {"conference": {"title": "C\nD"}}}', 's.json:1:41: a text in double quotes '
     'runs on to the next line: close it with " on this line (a line break inside a text is '
     "written \\n)"),
    ('{"schedule": {"conference": {"title": "C\\d"}}}', "s.json:1:41: '\\d' is not an escape "
     "JSON knows: write a backslash as \\\\"),
    ('{"schedule": {"conference": {"title": "C"}}}}', "s.json:1:45: the JSON is complete "
     "before this point: remove what follows, or look above for a bracket that closes too "
     "early"),
    ('{"schedule": {"conference": {"days": [', "s.json:1:39: the file ends before every "
     "bracket opened in it is closed: it is cut off"),
]


@pytest.mark.parametrize(("text", "line"), JSON_COMPLAINTS)
def test_json_syntax_errors_are_said_in_plain_words(text: str, line: str) -> None:
    assert problems(text, "s.json") == [line]


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
    assert problems(text, "s.ics") == [
        "s.ics:6:1: DTEND: '2025091SUMMARY:x' is not a date and time like 20250918T093000"]
    assert problems("BEGIN:VCALENDAR\nBROKEN LINE\nEND:VCALENDAR\n", "s.ics") == [
        "s.ics:2:1: not an iCalendar line (NAME:value): 'BROKEN LINE'"]
    no_start = text.replace("DTEND:2025091\r\n SUMMARY:x\r\n", "DTEND;TZID=Europe/Amsterdam:"
                            "20250918T100000\r\n")
    assert problems(no_start, "s.ics") == [
        "s.ics:3:1: the event has no title: give it a SUMMARY (the title in the calendar)",
        "s.ics:8:1: the event has no DTSTART"]


ICS_EVENT = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:x\r\n"
             "DTSTART:20250918T090000\r\nDTEND:20250918T100000\r\n{line}\r\nEND:VEVENT\r\n"
             "END:VCALENDAR\r\n")


@pytest.mark.parametrize(("line", "said"), [
    ("RRULE:FREQ=DAILY;BYDAY=XX;COUNT=3", "s.ics:8:1: RRULE: 'XX' cannot be read in the repeat "
     "rule 'FREQ=DAILY;BYDAY=XX;COUNT=3' (a rule is like FREQ=WEEKLY;COUNT=4)"),
    ("RRULE:COUNT=3", "s.ics:8:1: RRULE: a repeat rule needs FREQ= (like FREQ=WEEKLY;COUNT=4)"),
    ("EXDATE:tomorrow", "s.ics:8:1: EXDATE: 'tomorrow' is not a date and time like "
     "20250918T093000"),
    ('STATUS;X="a:CANCELLED', "s.ics:8:1: this line cannot be read: after its name, each "
     ";PARAMETER=value must be complete, and a value with ':' or ';' in it in double quotes"),
])
def test_ics_values_that_cannot_be_read(line: str, said: str) -> None:
    assert problems(ICS_EVENT.format(line=line), "s.ics") == [said]


def test_ics_a_broken_property_kiosk_does_not_use_is_left_out() -> None:
    result = parse_schedule(ICS_EVENT.format(line="SEQUENCE:first"), "s.ics")
    assert result.warning_lines() == [
        "s.ics:8:1: warning: SEQUENCE: 'first' cannot be read (Expected int, got: first); kiosk "
        "does not use SEQUENCE, so it is left out"]
    assert [s.title for s in result.schedule.sessions] == ["x"]


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
    assert problems("datum;begin;eind;titel;dag\n18-09-2025;;10.00;X;1\n", "p.csv") == [
        "p.csv:1:24: column 'dag' is a second 'datum' column (column 1): keep one of the two"]
    assert problems("datum;begin;eind;titel\n18-09-2025;;10.00;X\n", "p.csv") == [
        "p.csv:2:12: start time is empty"]
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
        "s.xml:22:9: warning: this session starts at the second 02.30 on 2024-10-27 in "
        "Europe/Amsterdam (the clocks go back), but kiosk reads that time as the first: it "
        "starts an hour early on the screen",
    ]
    assert [s.title for s in result.schedule.sessions] == ["Twice", "Long", "Night"]


CLOCKS_GO_BACK = [
    ("2024-10-27T02:10:00+01:00", "00:40", "this session is at the second 02.10 - 02.50 on "
     "2024-10-27 in Europe/Amsterdam (the clocks go back), but kiosk reads those times as the "
     "first: it is an hour early on the screen"),
    ("2024-10-27T02:10:00+01:00", "01:40", "this session starts at the second 02.10 on "
     "2024-10-27 in Europe/Amsterdam (the clocks go back), but kiosk reads that time as the "
     "first: it starts an hour early on the screen"),
    ("2024-10-27T02:10:00+02:00", "01:40", "this session ends at the second 02.50 on 2024-10-27 "
     "in Europe/Amsterdam (the clocks go back), but kiosk reads that time as the first: it "
     "ends an hour early on the screen"),
    ("2024-10-27T02:30:00+02:00", "01:00", "this session ends at the second 02.30 on 2024-10-27 "
     "in Europe/Amsterdam (the clocks go back), which kiosk would read as before it starts: it "
     "is shown until 03.30, an hour late"),
    ("2024-10-27T02:10:00", "00:30", "02.10 and 02.40 happen twice on 2024-10-27 in "
     "Europe/Amsterdam (the clocks go back): both are read as the first time, in summer time"),
    ("2024-10-27T02:10:00+02:00", "00:20", None),  # the first time, as kiosk reads it
]


@pytest.mark.parametrize(("date", "duration", "warning"), CLOCKS_GO_BACK)
def test_a_session_the_night_the_clocks_go_back_gets_one_warning(
    date: str, duration: str, warning: str | None
) -> None:
    """The importer knows which of the two 02.10s the source means; the reader, which sees
    only 02.10, would warn that it reads the first: one warning, the importer's."""
    result = parse_schedule(xml(event(1, date=date, duration=duration)), "s.xml")
    assert result.warning_lines() == ([f"s.xml:7:9: warning: {warning}"] if warning else [])
    session = result.schedule.sessions[0]
    moment = dt.datetime.fromisoformat(date)
    if moment.tzinfo is not None and warning is None:
        assert session.start == moment


def test_a_spreadsheet_time_the_clock_shows_twice_is_read_as_the_first() -> None:
    result = parse_schedule("datum;begin;eind;titel;zaal\n27-10-2024;02.10;02.50;X;A\n"
                            "27-10-2024;01.10;02.50;Y;B\n", "p.csv")
    assert result.warning_lines() == [
        "p.csv:2:12: warning: 02.10 and 02.50 happen twice on 2024-10-27 in Europe/Amsterdam "
        "(the clocks go back): both are read as the first time, in summer time",
        "p.csv:3:12: warning: 02.50 happens twice on 2024-10-27 in Europe/Amsterdam (the clocks "
        "go back): it is read as the first time, in summer time"]


def test_a_calendar_in_utc_says_which_time_it_means() -> None:
    text = ("BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Europe/Amsterdam\r\nBEGIN:VEVENT\r\nUID:a\r\n"
            "SUMMARY:Late\r\nDTSTART:20241027T010000Z\r\nDURATION:PT30M\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Early\r\nDTSTART:20241027T003000Z\r\n"
            "DTEND:20241027T004500Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    result = parse_schedule(text, "s.ics")
    assert result.warning_lines() == [
        "s.ics:6:1: warning: this session is at the second 02.00 - 02.30 on 2024-10-27 in "
        "Europe/Amsterdam (the clocks go back), but kiosk reads those times as the first: it is "
        "an hour early on the screen"]
    early = next(s for s in result.schedule.sessions if s.title == "Early")
    assert early.start == dt.datetime(2024, 10, 27, 0, 30, tzinfo=dt.timezone.utc)


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
