"""A programme imported from a conference system, with schedule.yaml's changes on top of it.

The venue keeps in schedule.yaml only what the venue knows (a delay, a room change, a
cancellation, a break the source leaves out, a role or a photo); the rest comes from the
export, by its ids. Every problem is at its line, in whichever file it is.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import ROOT
from kiosk.cli import main
from kiosk.reader import ScheduleError, ScheduleFileError, parse_schedule, read_schedule
from kiosk.reader.imports import import_target
from kiosk.schedule import Kind, Schedule
from kiosk.timeline import Timeline

SAMPLES = ROOT / "tests" / "data" / "formats"
AMS = ZoneInfo("Europe/Amsterdam")


class Given:
    """An import reader that gives fixed bytes (and remembers what was asked)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.asked: list[str] = []

    def read(self, target: str) -> bytes:
        self.asked.append(target)
        return self.data


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SAMPLES / "havenstad.xml", tmp_path / "havenstad.xml")
    shutil.copy(SAMPLES / "wijkdag.csv", tmp_path / "wijkdag.csv")
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "mira.jpg").write_bytes(b"not looked at by the reader")
    return tmp_path


def overlay(folder: Path, text: str) -> Path:
    path = folder / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def by_title(schedule: Schedule) -> dict[str, object]:
    return {s.title: s for s in schedule.sessions}


def test_the_source_alone_through_import(folder: Path) -> None:
    direct = read_schedule(folder / "havenstad.xml").schedule
    imported = read_schedule(overlay(folder, "import:\n  from: havenstad.xml\n")).schedule
    assert imported.sessions == direct.sessions
    assert imported.event == direct.event


def test_changes_by_id_guid_and_code_change_only_the_keys_given(folder: Path) -> None:
    path = overlay(folder, """\
import:
  from: havenstad.xml
event:
  language: en
  subtitle: Aan de kade
sessions:
  - id: "6572"
    delay: 15
    note: Begint later
  - id: 5d1f0a8e-3c2b-4f1e-9a6d-7b8c9d0e1f26   # the guid of hhd-ws-1
    room: Zaal Kraan
  - id: "6581"
    cancelled: true
    note: Helaas afgezegd
""")
    result = read_schedule(path)
    schedule = result.schedule
    direct = by_title(read_schedule(folder / "havenstad.xml").schedule)
    sessions = by_title(schedule)
    talk = sessions["Containers & cranes: a history of the port"]
    assert talk.start - talk.scheduled_start == dt.timedelta(minutes=15)  # type: ignore[attr-defined]
    assert talk.note == "Begint later"  # type: ignore[attr-defined]
    assert talk.speakers == direct[talk.title].speakers  # type: ignore[attr-defined]
    assert sessions["Solder your own buoy"].room == "Zaal Kraan"  # type: ignore[attr-defined]
    concert = sessions["Sea shanty concert"]
    assert (concert.cancelled, concert.note) == (True, "Helaas afgezegd")  # type: ignore[attr-defined]
    assert schedule.event.title == "Havenstad Hackdagen 2024"
    assert (schedule.event.subtitle, schedule.event.language) == ("Aan de kade", "en")


def test_the_opening_runs_over_when_the_next_talk_in_its_room_starts_late(folder: Path) -> None:
    path = overlay(folder, 'import:\n  from: havenstad.xml\nsessions:\n'
                           '  - {id: "6572", delay: 10}\n')
    schedule = read_schedule(path).schedule
    status = Timeline(schedule).status(dt.datetime(2024, 12, 27, 11, 35, tzinfo=AMS))
    (opening,) = status.current
    assert opening.title == "Opening of the Hackdagen"
    assert opening.end == dt.datetime(2024, 12, 27, 11, 40, tzinfo=AMS)


def test_speakers_by_id_or_exact_name_get_a_role_and_a_photo(folder: Path) -> None:
    path = overlay(folder, """\
import:
  from: havenstad.xml
speakers:
  "42": {role: havenmeester, photo: photos/mira.jpg}
  Teun Bakker: {role: kraanmachinist}
  gast: {name: Gast Spreker}
days:
  - date: 2024-12-28
    sessions:
      - time: 12.00 - 12.45
        title: Lunch op de kade
        kind: lunch
      - time: 16.00 - 16.30
        title: Vraaggesprek
        speakers: [gast, "Ilse Maas"]
""")
    result = read_schedule(path)
    people = {s.name: s for s in result.schedule.speakers}
    assert (people["Mira de Zwaan"].role, str(people["Mira de Zwaan"].photo)) == (
        "havenmeester", "photos/mira.jpg")
    assert people["Teun Bakker"].role == "kraanmachinist"
    talk = by_title(result.schedule)["Vraaggesprek"]
    assert [p.name for p in talk.speakers] == ["Gast Spreker", "Ilse Maas"]  # type: ignore[attr-defined]
    lunch = by_title(result.schedule)["Lunch op de kade"]
    assert lunch.kind is Kind.LUNCH  # type: ignore[attr-defined]
    assert result.schedule.session_day(lunch) == dt.date(2024, 12, 28)  # type: ignore[arg-type]
    assert result.warning_lines() == read_schedule(folder / "havenstad.xml").warning_lines()


def test_a_one_day_source_takes_new_sessions_at_the_top(folder: Path) -> None:
    (folder / "dag.csv").write_text("datum;begin;eind;titel;zaal\n"
                                    "18-09-2025;09.30;10.15;Opening;Grote zaal\n"
                                    "18-09-2025;10.15;12.30;Werksessies;Zaal 2\n",
                                    encoding="utf-8")
    path = overlay(folder, "import:\n  from: dag.csv\nsessions:\n"
                           "  - {time: 12.30 - 13.15, title: Lunch in de tuin, kind: lunch}\n")
    schedule = read_schedule(path).schedule
    assert "Lunch in de tuin" in by_title(schedule)
    assert len(schedule.days) == 1


def test_kinds_for_the_sources_own_types(folder: Path) -> None:
    plain = by_title(read_schedule(overlay(folder, "import:\n  from: havenstad.xml\n")).schedule)
    assert plain["Keynote: the tide"].kind is Kind.TALK  # type: ignore[attr-defined]
    path = overlay(folder, "import:\n  from: havenstad.xml\n  kinds: {lecture: panel}\n")
    changed = by_title(read_schedule(path).schedule)
    assert changed["Containers & cranes: a history of the port"].kind is Kind.PANEL  # type: ignore[attr-defined]


def problems(path: Path) -> list[str]:
    try:
        return read_schedule(path).warning_lines()
    except ScheduleError as error:
        return error.lines()


def test_every_mistake_of_the_changes_at_its_line(folder: Path) -> None:
    path = overlay(folder, """\
import:
  from: havenstad.xml
event:
  date: 2024-12-27
speakers:
  "99": {role: onbekend}
sessions:
  - id: "6571x"
    delay: 5
  - id: "6572"
    time: 12.00 - 13.00
    colour: red
  - time: 12.00 - 12.30
    title: Lunch
""")
    assert problems(path) == [
        f"{path}:4:3: with import:, the days come from the source: leave out event.date",
    ]
    path.write_text(path.read_text().replace("event:\n  date: 2024-12-27\n", ""))
    assert problems(path) == [
        f"{path}:4:3: no person '99' in the imported programme: name a person by their id, "
        "code or exact name there, or give a new speaker a name:",
        f"{path}:6:9: no session with id '6571x' in the imported programme (did you mean "
        "'6571'?)",
        f"{path}:9:5: an imported session keeps the time the source gives it: move it with "
        "delay: (minutes), or change the time in the source",
        f"{path}:10:5: 'colour' cannot be changed in an imported session: change title, kind, "
        "speakers, description, room, delay, cancelled, note",
        f"{path}:11:5: the imported programme has 2 days: put this session under days: with "
        "its date, or give it the id: of a session of the source",
        f"{folder / 'havenstad.xml'}:122:9: warning: type 'Concert' is not one of kiosk's "
        "kinds: shown as a talk (give it a kind in kinds:)",
    ]


def test_problems_of_the_source_are_at_their_place_in_it(folder: Path) -> None:
    xml = (folder / "havenstad.xml").read_text(encoding="utf-8")
    (folder / "havenstad.xml").write_text(
        xml.replace("<duration>1:30</duration>", "<duration>anderhalf uur</duration>"),
        encoding="utf-8")
    path = overlay(folder, "import:\n  from: havenstad.xml\nsessions:\n"
                           "  - {id: '6571', kind: workshopp}\n")
    lines = problems(path)
    assert lines[0].startswith(f"{path}:4:24: unknown kind 'workshopp' (did you mean "
                               "'workshop'?)")
    assert any(line.startswith(f"{folder / 'havenstad.xml'}:39:") for line in lines[1:])


def test_a_source_that_cannot_be_read_is_a_file_error(folder: Path) -> None:
    path = overlay(folder, "import:\n  from: missing.xml\n")
    with pytest.raises(ScheduleFileError) as raised:
        read_schedule(path)
    assert str(raised.value) == f"{path}:2:9: import.from: {folder / 'missing.xml'}: cannot " \
        "read the file: there is no such file"


def test_the_import_section_itself_is_checked(folder: Path) -> None:
    assert problems(overlay(folder, "import:\n  form: havenstad.xml\n")) == [
        f"{folder / 'schedule.yaml'}:2:3: unknown key 'form' in import (did you mean 'from'?)",
    ]  # said once: not also "import needs 'from:'"
    assert problems(overlay(folder, "import:\n  from: havenstad.xml\n  kinds: {x: zingen}\n")) \
        == [f"{folder / 'schedule.yaml'}:3:14: unknown kind 'zingen' (did you mean 'lezing'?): "
            "use one of talk, workshop, panel, ceremony, break, lunch, walk-in, drinks"]
    path = overlay(folder, "import:\n  from: havenstad.xml\n  kinds: {lecture: paneel}\n")
    assert by_title(read_schedule(path).schedule)[
        "Containers & cranes: a history of the port"].kind is Kind.PANEL  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("written", "source", "target"),
    [
        ("https://pretalx.example/x/schedule.xml", "/srv/schedule.yaml",
         "https://pretalx.example/x/schedule.xml"),
        ("export/schedule.xml", "https://example.org/event/schedule.yaml",
         "https://example.org/event/export/schedule.xml"),
        ("/etc/passwd", "https://example.org/event/schedule.yaml", "https://example.org/etc/passwd"),
        ("schedule.xml", "/srv/event/schedule.yaml", "/srv/event/schedule.xml"),
    ],
)
def test_where_the_import_points(written: str, source: str, target: str) -> None:
    folder = None if source.startswith("https") else Path(source).parent
    assert import_target(written, source, folder) == target


def test_the_reader_asks_the_given_import_reader() -> None:
    given = Given((SAMPLES / "wijkdag.csv").read_bytes())
    result = parse_schedule("import:\n  from: https://example.org/wijkdag.csv\n",
                            "https://example.org/schedule.yaml", imports=given)
    assert given.asked == ["https://example.org/wijkdag.csv"]
    assert result.schedule.sessions


def test_kiosk_check_and_now_on_a_schedule_that_imports(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    overlay(folder, 'import:\n  from: havenstad.xml\nsessions:\n  - {id: "6572", delay: 15}\n')
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("schedule.yaml: OK: 2 days, ")
    assert main(["now", "--at", "2024-12-27T11:50"]) == 0
    assert "11.45–13.15  Containers & cranes: a history of the port" in capsys.readouterr().out


def test_an_import_changes_nothing_for_a_file_without_one(
    write_schedule: Callable[..., Path],
) -> None:
    path = write_schedule("event: {title: T, date: 2024-04-15}\n"
                          "sessions:\n  - {time: 10.00 - 11.00, title: a}\n")
    assert read_schedule(path, imports=Given(b"never asked")).schedule.sessions


def test_the_imported_programme_is_read_once_and_each_save_changes_a_fresh_copy(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.formats import overlay as module

    imports = []
    real = module.import_programme
    monkeypatch.setattr(module, "import_programme",
                        lambda *a, **k: imports.append(a[1]) or real(*a, **k))
    monkeypatch.setattr(module, "_last", None)
    path = overlay(folder, 'import:\n  from: havenstad.xml\nsessions:\n'
                           '  - {id: "6572", note: Begint later, room: Zaal 9}\n')
    changed = by_title(read_schedule(path).schedule)
    talk = "Containers & cranes: a history of the port"
    assert (changed[talk].note, changed[talk].room) == ("Begint later", "Zaal 9")  # type: ignore[attr-defined]
    path.write_text("import:\n  from: havenstad.xml\n", encoding="utf-8")
    plain = by_title(read_schedule(path).schedule)
    assert (plain[talk].note, plain[talk].room) == (None, "Zaal Kraan")  # type: ignore[attr-defined]
    assert imports == [str(folder / "havenstad.xml")]  # read once, though saved twice
    (folder / "havenstad.xml").write_text(
        (folder / "havenstad.xml").read_text().replace("Closing", "Afsluiting"))
    assert "Afsluiting" in by_title(read_schedule(path).schedule)
    assert len(imports) == 2


def test_a_session_changed_twice_is_said_at_the_second_change(folder: Path) -> None:
    path = overlay(folder, 'import:\n  from: havenstad.xml\nsessions:\n'
                           '  - {id: 6572, delay: 5}\n'
                           '  - {id: 5d1f0a8e-3c2b-4f1e-9a6d-7b8c9d0e1f22, delay: 15}\n')
    assert problems(path)[0] == (
        f"{path}:5:10: warning: this session of the imported programme is changed already on "
        "line 4: where both change the same key, this one counts")
    talk = by_title(read_schedule(path).schedule)["Containers & cranes: a history of the port"]
    assert talk.start - talk.scheduled_start == dt.timedelta(minutes=15)  # type: ignore[attr-defined]


def test_an_id_the_source_repeats_is_refused_with_the_names_that_tell_them_apart(
    tmp_path: Path,
) -> None:
    shutil.copy(SAMPLES / "harbourcamp.json", tmp_path / "harbourcamp.json")
    path = overlay(tmp_path, "import:\n  from: harbourcamp.json\nsessions:\n"
                             "  - {id: 101, note: x}\n")
    assert problems(path)[0] == (
        f"{path}:4:10: id '101' names 2 sessions of the imported programme: name one by its "
        "guid or code: '8079583e-8321-506c-95af-fd2903a5f075', "
        "'d179c8ac-e6eb-5b25-8ed0-c5828ef7b6d9'")
    path.write_text("import:\n  from: harbourcamp.json\nsessions:\n"
                    "  - {id: d179c8ac-e6eb-5b25-8ed0-c5828ef7b6d9, note: x}\n")
    notes = {s.title: s.note for s in read_schedule(path).schedule.sessions}
    assert notes["Welcome to Harbour Camp (repeat)"] == "x"
    assert notes["Welcome to Harbour Camp"] is None


def test_a_name_of_two_people_is_said_at_each_place_it_is_used(tmp_path: Path) -> None:
    text = (SAMPLES / "harbourcamp.json").read_text(encoding="utf-8")
    # Jordan Parks (27) is first named Brian Robinson, as Brian Robinson (26) is
    twins = text.replace('"public_name": "Jordan Parks"', '"public_name": "Brian Robinson"', 1)
    (tmp_path / "twins.json").write_text(twins, encoding="utf-8")
    path = overlay(tmp_path, "import:\n  from: twins.json\nspeakers:\n"
                             "  Brian Robinson: {role: x}\nsessions:\n"
                             "  - {id: '105', speakers: [Brian Robinson, Kees Visser]}\n"
                             "  - {id: '110', speakers: Brian Robinson}\n")
    said = ("'Brian Robinson' is the name of 2 people in the imported programme: name one by "
            "their id or code: '26', '27'")
    assert [line for line in problems(path) if "warning" not in line] == [
        f"{path}:4:3: {said}", f"{path}:6:28: {said}", f"{path}:7:27: {said}"]


def test_the_sources_people_whose_sessions_got_other_speakers_are_no_warning(
    tmp_path: Path,
) -> None:
    shutil.copy(SAMPLES / "harbourcamp.json", tmp_path / "harbourcamp.json")
    path = overlay(tmp_path, "import:\n  from: harbourcamp.json\nsessions:\n"
                             "  - {id: '105', speakers: ['27']}\n")
    assert not any("speaks at no session" in line for line in problems(path))


@pytest.mark.parametrize("written", ["ftp://example.org/schedule.xml",
                                     "file:///etc/schedule.xml"])
def test_an_address_kiosk_does_not_fetch_is_said_at_import_from(
    folder: Path, written: str
) -> None:
    path = overlay(folder, f"import:\n  from: {written}\n")
    assert problems(path) == [
        f"{path}:2:9: import.from is a file (a path from this file's folder) or an http:// or "
        f"https:// address, found '{written}'"]


def test_the_kinds_table_example_is_written_as_the_organiser_types_it(folder: Path) -> None:
    path = overlay(folder, "import:\n  from: havenstad.xml\n  kinds: [Keynote]\n")
    assert problems(path) == [
        f"{path}:3:10: import.kinds maps the source's types to kinds, like kinds: "
        "{Keynote: ceremony}"]


def test_the_screens_imported_programme_that_cannot_be_read_is_said_at_import_from(
    folder: Path,
) -> None:
    from kiosk.reader import ScheduleFileError as Refused

    class Gone:
        def read(self, target: str) -> bytes:
            raise Refused(f"{target}: cannot read the imported programme")

    with pytest.raises(ScheduleFileError) as raised:
        parse_schedule("# the day's changes\nimport: {from: x.xml}\n", "s.yaml", folder,
                       imports=Gone())
    assert str(raised.value) == f"s.yaml:2:16: import.from: {folder / 'x.xml'}: cannot read " \
        "the imported programme"
