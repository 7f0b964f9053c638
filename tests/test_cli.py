"""The command line: ``kiosk check`` and ``kiosk now``, their output and exit status, and
the options ``kiosk run`` and ``kiosk snapshot`` hand to the screen."""

from __future__ import annotations

import ast
import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kiosk
from conftest import REAL_SCHEDULE, ROOT
from kiosk import cli
from kiosk.cli import main
from kiosk.options import (
    DEFAULT_POLL_SECONDS,
    MAX_POLL_SECONDS,
    MIN_POLL_SECONDS,
    RunOptions,
    SnapshotOptions,
    When,
    room_problem,
)
from kiosk.reader import parse_schedule

REAL = str(REAL_SCHEDULE)
Write = Callable[..., Path]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def now_json(capsys: pytest.CaptureFixture[str], at: str, file: str = REAL) -> dict[str, Any]:
    status, out, err = run(capsys, "now", file, "--at", at, "--json")
    assert (status, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


def _item(
    title: str, kind: str, start: str, end: str, speakers: list[tuple[str, str]]
) -> dict[str, Any]:
    return {
        "title": title,
        "kind": kind,
        "start": start,
        "end": end,
        "scheduled_start": start,
        "scheduled_end": end,
        "room": None,
        "note": None,
        "speakers": [{"name": name, "role": role} for name, role in speakers],
    }


ITEMS = {
    item["title"]: item
    for item in [
        _item("Inloop", "walk-in",
              "2024-04-15T10:15:00+02:00", "2024-04-15T10:45:00+02:00", []),
        _item("Welkomstwoord", "ceremony",
              "2024-04-15T10:45:00+02:00", "2024-04-15T11:00:00+02:00",
              [("Roel Wever", "burgemeester en voorzitter van de Alliantie"),
               ("Nicole Ummelen", "voorzitter College van Bestuur Open Universiteit")]),
        _item("Lezing Ron Meyer", "talk",
              "2024-04-15T11:00:00+02:00", "2024-04-15T11:15:00+02:00",
              [("Ron Meyer", "directeur NPHLN")]),
        _item("Lezing Dennis Martens", "talk",
              "2024-04-15T11:15:00+02:00", "2024-04-15T12:00:00+02:00",
              [("Dennis Martens", "NPHLN-onderzoeker")]),
        _item("Lezing Lodewijk Asscher", "talk",
              "2024-04-15T12:00:00+02:00", "2024-04-15T13:00:00+02:00",
              [("Lodewijk Asscher", "voormalig vice-premier en ex-minister van Sociale Zaken")]),
        _item("Lunch", "lunch",
              "2024-04-15T13:00:00+02:00", "2024-04-15T14:00:00+02:00", []),
        _item("Lezing Hugo de Jonge", "talk",
              "2024-04-15T14:00:00+02:00", "2024-04-15T15:00:00+02:00",
              [("Hugo de Jonge",
                "demissionair minister van Volkshuisvesting en Ruimtelijke Ontwikkeling")]),
        _item("Interactieve sessie Martin de Beer & Open Universiteit", "workshop",
              "2024-04-15T15:15:00+02:00", "2024-04-15T16:00:00+02:00",
              [("Martin de Beer", "wethouder Arbeidsmarkt, Economie en Sport")]),
        _item("Interactieve sessie Casper Gelderblom", "workshop",
              "2024-04-15T15:15:00+02:00", "2024-04-15T16:00:00+02:00",
              [("Casper Gelderblom", "wethouder Wonen en Milieu in Heerlen")]),
        _item("Interactieve sessie huisarts Micha Lutgens & Pharos", "workshop",
              "2024-04-15T15:15:00+02:00", "2024-04-15T16:00:00+02:00",
              [("Micha Lutgens", "huisarts in Hoensbroek")]),
        _item("Afronding", "ceremony",
              "2024-04-15T16:15:00+02:00", "2024-04-15T16:30:00+02:00",
              [("Ron Meyer", "directeur NPHLN"), ("Marc van Caldenberg", "gedeputeerde")]),
        _item("Afsluitende borrel", "drinks",
              "2024-04-15T16:30:00+02:00", "2024-04-15T17:00:00+02:00", []),
    ]
}
WORKSHOPS = [
    "Interactieve sessie Martin de Beer & Open Universiteit",
    "Interactieve sessie Casper Gelderblom",
    "Interactieve sessie huisarts Micha Lutgens & Pharos",
]


# -- kiosk now --json on the real day ------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "iso", "phase", "current", "upcoming"),
    [
        ("2024-04-14T12:00", "2024-04-14T12:00:00+02:00", "before", [], ["Inloop"]),
        ("10:14", "2024-04-15T10:14:00+02:00", "before", [], ["Inloop"]),
        ("10:14:59", "2024-04-15T10:14:59+02:00", "before", [], ["Inloop"]),
        ("10.15", "2024-04-15T10:15:00+02:00", "break", ["Inloop"], ["Welkomstwoord"]),
        ("2024-04-15T10:44:59", "2024-04-15T10:44:59+02:00", "break", ["Inloop"],
         ["Welkomstwoord"]),
        ("2024-04-15 10:45", "2024-04-15T10:45:00+02:00", "session", ["Welkomstwoord"],
         ["Lezing Ron Meyer"]),
        ("11:00", "2024-04-15T11:00:00+02:00", "session", ["Lezing Ron Meyer"],
         ["Lezing Dennis Martens"]),
        ("11:15", "2024-04-15T11:15:00+02:00", "session", ["Lezing Dennis Martens"],
         ["Lezing Lodewijk Asscher"]),
        ("12:00", "2024-04-15T12:00:00+02:00", "session", ["Lezing Lodewijk Asscher"],
         ["Lunch"]),
        ("13:00", "2024-04-15T13:00:00+02:00", "break", ["Lunch"], ["Lezing Hugo de Jonge"]),
        ("14:00", "2024-04-15T14:00:00+02:00", "session", ["Lezing Hugo de Jonge"], WORKSHOPS),
        ("15:00", "2024-04-15T15:00:00+02:00", "break", [], WORKSHOPS),
        ("15:14", "2024-04-15T15:14:00+02:00", "break", [], WORKSHOPS),
        ("15:15", "2024-04-15T15:15:00+02:00", "session", WORKSHOPS, ["Afronding"]),
        ("15:59", "2024-04-15T15:59:00+02:00", "session", WORKSHOPS, ["Afronding"]),
        ("16:00", "2024-04-15T16:00:00+02:00", "break", [], ["Afronding"]),
        ("16:15", "2024-04-15T16:15:00+02:00", "session", ["Afronding"],
         ["Afsluitende borrel"]),
        ("16:30", "2024-04-15T16:30:00+02:00", "break", ["Afsluitende borrel"], []),
        ("16:59", "2024-04-15T16:59:00+02:00", "break", ["Afsluitende borrel"], []),
        ("17:00", "2024-04-15T17:00:00+02:00", "after", [], []),
        ("2024-04-16T12:00", "2024-04-16T12:00:00+02:00", "after", [], []),
    ],
)
def test_now_json_at_every_boundary_of_the_real_day(
    capsys: pytest.CaptureFixture[str],
    at: str,
    iso: str,
    phase: str,
    current: list[str],
    upcoming: list[str],
) -> None:
    assert now_json(capsys, at) == {
        "at": iso,
        "phase": phase,
        "current": [ITEMS[title] for title in current],
        "next": [ITEMS[title] for title in upcoming],
    }


def test_now_json_is_exactly_this(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "now", REAL, "--at", "2024-04-15T10:50", "--json")
    assert (status, err) == (0, "")
    assert list(json.loads(out)) == ["at", "phase", "current", "next"]
    assert json.loads(out) == {
        "at": "2024-04-15T10:50:00+02:00",
        "phase": "session",
        "current": [
            {
                "title": "Welkomstwoord",
                "kind": "ceremony",
                "start": "2024-04-15T10:45:00+02:00",
                "end": "2024-04-15T11:00:00+02:00",
                "scheduled_start": "2024-04-15T10:45:00+02:00",
                "scheduled_end": "2024-04-15T11:00:00+02:00",
                "room": None,
                "note": None,
                "speakers": [
                    {"name": "Roel Wever", "role": "burgemeester en voorzitter van de Alliantie"},
                    {"name": "Nicole Ummelen",
                     "role": "voorzitter College van Bestuur Open Universiteit"},
                ],
            }
        ],
        "next": [
            {
                "title": "Lezing Ron Meyer",
                "kind": "talk",
                "start": "2024-04-15T11:00:00+02:00",
                "end": "2024-04-15T11:15:00+02:00",
                "scheduled_start": "2024-04-15T11:00:00+02:00",
                "scheduled_end": "2024-04-15T11:15:00+02:00",
                "room": None,
                "note": None,
                "speakers": [{"name": "Ron Meyer", "role": "directeur NPHLN"}],
            }
        ],
    }
    assert json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n" == out


@pytest.mark.parametrize(
    "at",
    [
        "11:20",
        "11.20",
        " 11:20 ",
        "11:20:00",
        "2024-04-15T11:20",
        "2024-04-15 11:20",
        "2024-04-15T11:20:00",
        "2024-04-15T11:20:00.000",
        "2024-04-15T11:20+02:00",
        "2024-04-15T11:20:00+0200",
        "2024-04-15T09:20Z",
        "2024-04-15 05:20-04:00",
    ],
)
def test_at_accepts_iso_and_bare_times(capsys: pytest.CaptureFixture[str], at: str) -> None:
    data = now_json(capsys, at)
    assert data["at"] == "2024-04-15T11:20:00+02:00"
    assert (data["phase"], [item["title"] for item in data["current"]]) == (
        "session", ["Lezing Dennis Martens"],
    )


def test_at_keeps_seconds(capsys: pytest.CaptureFixture[str]) -> None:
    assert now_json(capsys, "2024-04-15 10:44:59")["at"] == "2024-04-15T10:44:59+02:00"
    assert now_json(capsys, "9:05")["at"] == "2024-04-15T09:05:00+02:00"


def test_bare_at_means_the_first_day_in_the_event_zone(
    capsys: pytest.CaptureFixture[str], write_schedule: Write
) -> None:
    path = write_schedule(
        """\
        event:
          title: Festival
          timezone: America/New_York
        days:
          - date: 2024-07-02
            sessions:
              - time: 10.00 - 11.00
                title: tweede dag
          - date: 2024-07-01
            sessions:
              - time: 10.00 - 11.00
                title: eerste dag
        """
    )
    data = now_json(capsys, "10:30", str(path))
    assert data["at"] == "2024-07-01T10:30:00-04:00"
    assert [item["title"] for item in data["current"]] == ["eerste dag"]
    assert data["current"][0]["start"] == "2024-07-01T10:00:00-04:00"
    assert now_json(capsys, "2024-07-02T15:30Z", str(path))["at"] == (
        "2024-07-02T11:30:00-04:00"
    )


@pytest.mark.parametrize(
    "at", ["11h20", "25:00", "24:00", "11:2", "11:60", "2024-04-15T11", "2024-02-30T10:00",
           "tomorrow", "", "2024-04-15T11:20+25:00", "0001-01-01T00:30",
           "9999-12-31T23:59-05:00"],
)
def test_unreadable_at_exits_2(capsys: pytest.CaptureFixture[str], at: str) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["now", REAL, "--at", at])
    assert raised.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "usage: kiosk now [-h] [--at WHEN] [--json] [FILE]",
        f"kiosk now: error: argument --at: cannot read '{at}': use a time like 11:20 or a "
        "date and time like 2024-04-15T11:20",
    ]
    assert "Traceback" not in err


def test_when_parse_and_resolve() -> None:
    schedule_zone_moment = When.parse("2024-04-15T11:20:30")
    assert schedule_zone_moment.time is None
    assert schedule_zone_moment.moment is not None
    assert schedule_zone_moment.moment.tzinfo is None
    bare = When.parse("7.05")
    assert (bare.time is not None, bare.moment) == (True, None)
    assert str(bare.time) == "07:05:00"


# -- the options of run and snapshot --------------------------------------------------------


def parsed(*args: str) -> Any:
    return cli._parser()[0].parse_args(list(args))


def test_run_arguments_become_run_options() -> None:
    options = cli.run_options(parsed(
        "run", "https://example.org/s.yaml", "--windowed", "--at", "11:20", "--speed", "60",
        "--room", "Zaal 1", "--screen", "HDMI-2", "--poll", "5"))
    assert options == RunOptions(source="https://example.org/s.yaml", windowed=True,
                                 at=When.parse("11:20"), speed=60.0, room="Zaal 1",
                                 screen="HDMI-2", poll_seconds=5.0)
    assert options.rehearsal
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.speed = 1  # type: ignore[misc]


def test_bare_run_is_the_real_clock_on_schedule_yaml() -> None:
    options = cli.run_options(parsed("run"))
    assert options == RunOptions() == RunOptions(
        source="schedule.yaml", windowed=False, at=None, speed=1.0, room=None, screen=None,
        poll_seconds=DEFAULT_POLL_SECONDS)
    assert not options.rehearsal
    assert cli.run_options(parsed("run", "--speed", "2")).rehearsal


def test_snapshot_arguments_become_snapshot_options() -> None:
    options = cli.snapshot_options(parsed("snapshot", "s.yaml", "--at", "2024-04-15T11:20",
                                          "--output", "x.png", "--size", "1080x1920",
                                          "--room", "Zaal 2"))
    assert options == SnapshotOptions(file="s.yaml", at=When.parse("2024-04-15T11:20"),
                                      output="x.png", size=(1080, 1920), room="Zaal 2")
    assert cli.snapshot_options(parsed("snapshot", "--at", "11:20", "--output", "y.png")) == (
        SnapshotOptions(file="schedule.yaml", at=When.parse("11:20"), output="y.png"))


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["run", "--poll", "0.5"], "argument --poll: '0.5' is not a number of seconds from 1 "
                                   "to 86400"),
        (["run", "--poll", "nan"], "argument --poll: 'nan' is not a number of seconds from 1 "
                                   "to 86400"),
        (["run", "--poll", "86401"], "argument --poll: '86401' is not a number of seconds "
                                     "from 1 to 86400"),
        (["run", "--speed", "0"], "argument --speed: '0' is not a speed from 0.01 to 3600"),
        (["run", "--speed", "3601"], "argument --speed: '3601' is not a speed from 0.01 to "
                                     "3600"),
        (["snapshot", "--at", "11:20", "--output", "x.png", "--size", "1920 x 1080"],
         "argument --size: '1920 x 1080' is not a size like 1920x1080"),
        (["snapshot", "--at", "11:20", "--output", "x.png", "--size", "100x100"],
         "argument --size: '100x100': width and height must be 320 to 8192"),
        (["snapshot", "--at", "11:20", "--output", "x.png", "--size", "9000x1000"],
         "argument --size: '9000x1000': width and height must be 320 to 8192"),
        (["run", "--speed", "0.001"], "argument --speed: '0.001' is not a speed from 0.01 to "
                                      "3600"),
        (["run", "--speed", "1e309"], "argument --speed: '1e309' is not a speed from 0.01 to "
                                      "3600"),
        (["snapshot", "--at", "11:20", "--output", "x.png", "--size", "0x0"],
         "argument --size: '0x0': width and height must be 320 to 8192"),
        (["snapshot", "--at", "11:20", "--output", "x.png", "--size", "100000x100000"],
         "argument --size: '100000x100000': width and height must be 320 to 8192"),
        (["snapshot", "--at", "11:20", "--output", "x.png", "--size", "1920x"],
         "argument --size: '1920x' is not a size like 1920x1080"),
        (["snapshot", "--at", "11:20", "--output", "x.png", "--size", "9" * 5000 + "x1"],
         f"argument --size: '{'9' * 5000}x1' is not a size like 1920x1080"),
        (["snapshot", "--at", "11:20", "--output", ""], "argument --output: the name is empty"),
        (["snapshot", "--at", "11:20", "--output", "x.png", "--room", " "],
         "argument --room: the room's name is empty"),
        (["run", "--room", ""], "argument --room: the room's name is empty"),
        (["check", ""], "argument FILE: the name is empty"),
        (["check", "--json"], "unrecognized arguments: --json"),
        (["now", "schedule.yaml", "extra"], "unrecognized arguments: extra"),
        (["import", "x.csv", "--timezone", "Europe/Amsterdm"],
         "argument --timezone: unknown time zone 'Europe/Amsterdm' (did you mean "
         "'Europe/Amsterdam'?)"),
        (["import", "x.csv", "--timezone", "UTC+2"],
         "argument --timezone: unknown time zone 'UTC+2': write the offset as +02:00 (no "
         "summer time then), or the zone of the place, like Europe/Amsterdam"),
        (["import", "x.csv", "--timezone", ""],
         "argument --timezone: unknown time zone '' (like Europe/Amsterdam)"),
        (["import", "", "--timezone", "+02:00"], "argument SOURCE: the name is empty"),
    ],
)
def test_unusable_run_and_snapshot_arguments_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], error: str
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(args)
    assert raised.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"kiosk {args[0]}: error: {error}"


def test_the_poll_bounds_are_those_the_screen_clamps_to() -> None:
    assert (MIN_POLL_SECONDS, DEFAULT_POLL_SECONDS, MAX_POLL_SECONDS) == (1, 30, 86400)
    assert cli.run_options(parsed("run", "--poll", "1")).poll_seconds == MIN_POLL_SECONDS
    assert cli.run_options(parsed("run", "--poll", "86400")).poll_seconds == MAX_POLL_SECONDS


def test_usage_error_exit_codes_and_poll_bounds_are_defined_once() -> None:
    """Only kiosk.options defines them; every other module of kiosk imports them."""
    once = {"UsageError", "EXIT_OK", "EXIT_INVALID", "EXIT_UNUSABLE", "EXIT_UNREADABLE",
            "EXIT_INTERRUPTED", "DEFAULT_POLL_SECONDS", "MIN_POLL_SECONDS", "MAX_POLL_SECONDS"}
    package = Path(kiosk.__file__).parent
    defined: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_bytes())):
            names = ([node.name] if isinstance(node, ast.ClassDef)
                     else [t.id for t in node.targets if isinstance(t, ast.Name)]
                     if isinstance(node, ast.Assign)
                     else [node.target.id] if isinstance(node, ast.AnnAssign)
                     and isinstance(node.target, ast.Name) else [])
            for name in set(names) & once:
                defined.setdefault(name, []).append(str(path.relative_to(package)))
    assert defined == {name: ["options.py"] for name in once - {"EXIT_UNREADABLE"}}


# -- kiosk now, as text ------------------------------------------------------------------


def test_now_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "now", REAL, "--at", "15:20") == (
        0,
        "2024-04-15 15.20 Europe/Amsterdam: session\n"
        "now   15.15–16.00  Interactieve sessie Martin de Beer & Open Universiteit"
        " — Martin de Beer (wethouder Arbeidsmarkt, Economie en Sport)\n"
        "now   15.15–16.00  Interactieve sessie Casper Gelderblom"
        " — Casper Gelderblom (wethouder Wonen en Milieu in Heerlen)\n"
        "now   15.15–16.00  Interactieve sessie huisarts Micha Lutgens & Pharos"
        " — Micha Lutgens (huisarts in Hoensbroek)\n"
        "next  16.15–16.30  Afronding"
        " — Ron Meyer (directeur NPHLN), Marc van Caldenberg (gedeputeerde)\n",
        "",
    )


def test_now_text_before_in_a_gap_and_after(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "now", REAL, "--at", "2024-04-15T09:00")[1] == (
        "2024-04-15 09.00 Europe/Amsterdam: before\n"
        "next  10.15–10.45  Inloop\n"
    )
    assert run(capsys, "now", REAL, "--at", "16:05")[1] == (
        "2024-04-15 16.05 Europe/Amsterdam: break\n"
        "next  16.15–16.30  Afronding"
        " — Ron Meyer (directeur NPHLN), Marc van Caldenberg (gedeputeerde)\n"
    )
    assert run(capsys, "now", REAL, "--at", "17:00") == (
        0, "2024-04-15 17.00 Europe/Amsterdam: after\nthe programme is over\n", "",
    )


def test_now_without_at_asks_the_system_clock(
    capsys: pytest.CaptureFixture[str], write_schedule: Write
) -> None:
    assert now_json_without_at(capsys, REAL)["phase"] == "after"  # 15 April 2024 is past
    future = write_schedule(
        """\
        event:
          title: Later
          date: 2999-01-01
        sessions:
          - time: 10.00 - 11.00
            title: ooit
        """
    )
    data = now_json_without_at(capsys, str(future))
    assert (data["phase"], [item["title"] for item in data["next"]]) == ("before", ["ooit"])


def now_json_without_at(capsys: pytest.CaptureFixture[str], file: str) -> dict[str, Any]:
    status, out, err = run(capsys, "now", file, "--json")
    assert (status, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


def test_now_json_shows_delays_notes_rooms_and_skips_cancelled(
    capsys: pytest.CaptureFixture[str], write_schedule: Write
) -> None:
    path = write_schedule(
        """\
        event:
          title: Test
          date: 2024-04-15
        speakers:
          ann:
            name: Ann
        sessions:
          - time: 10.00 - 11.00
            title: Uitgelopen
            room: Zaal 1
            delay: 10
            note: Begint 10 minuten later
            speakers: ann
          - time: 11.00 - 11.30
            title: Vervalt
            cancelled: true
          - time: 11.00 - 12.00
            title: Daarna
            room: Zaal 2
        """
    )
    assert now_json(capsys, "11:05", str(path)) == {
        "at": "2024-04-15T11:05:00+02:00",
        "phase": "session",
        "current": [
            {
                "title": "Uitgelopen",
                "kind": "talk",
                "start": "2024-04-15T10:10:00+02:00",
                "end": "2024-04-15T11:10:00+02:00",
                "scheduled_start": "2024-04-15T10:00:00+02:00",
                "scheduled_end": "2024-04-15T11:00:00+02:00",
                "room": "Zaal 1",
                "note": "Begint 10 minuten later",
                "speakers": [{"name": "Ann", "role": None}],
            },
            {  # a delay in Zaal 1 does not move Zaal 2
                "title": "Daarna",
                "kind": "talk",
                "start": "2024-04-15T11:00:00+02:00",
                "end": "2024-04-15T12:00:00+02:00",
                "scheduled_start": "2024-04-15T11:00:00+02:00",
                "scheduled_end": "2024-04-15T12:00:00+02:00",
                "room": "Zaal 2",
                "note": None,
                "speakers": [],
            },
        ],
        "next": [],
    }
    assert run(capsys, "now", str(path), "--at", "11:05")[1] == (
        "2024-04-15 11.05 Europe/Amsterdam: session\n"
        "now   10.10–11.10  Uitgelopen  [Zaal 1] — Ann\n"
        "now   11.00–12.00  Daarna  [Zaal 2]\n"
    )


def test_now_json_on_the_fall_back_night_uses_both_offsets(
    capsys: pytest.CaptureFixture[str], write_schedule: Write
) -> None:
    path = write_schedule(
        """\
        event:
          title: Nachtwake
          date: 2024-10-27
        sessions:
          - time: 01.00 - 04.00
            title: De lange nacht
        """
    )
    data = now_json(capsys, "2024-10-27T01:15Z", str(path))
    assert data["at"] == "2024-10-27T02:15:00+01:00"
    assert data["phase"] == "session"
    assert (data["current"][0]["start"], data["current"][0]["end"]) == (
        "2024-10-27T01:00:00+02:00", "2024-10-27T04:00:00+01:00",
    )
    # Typed without an offset, the twice-happening 02.15 is the first one (CEST).
    assert now_json(capsys, "2024-10-27 02:15", str(path))["at"] == "2024-10-27T02:15:00+02:00"


# -- kiosk check ------------------------------------------------------------------------


def test_check_the_real_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", REAL) == (
        0, f"{REAL}: OK: 1 day, 12 sessions, 10 speakers\n", "",
    )


def test_check_defaults_to_schedule_yaml_here(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert run(capsys, "check") == (0, "schedule.yaml: OK: 1 day, 12 sessions, 10 speakers\n", "")


def test_check_without_a_schedule_yaml_here(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "check") == (
        2, "", "schedule.yaml: cannot read the schedule file: there is no such file\n",
    )
    assert run(capsys, "now", "--at", "11:20") == (
        2, "", "schedule.yaml: cannot read the schedule file: there is no such file\n",
    )


def test_check_a_missing_file_or_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.yaml"
    assert run(capsys, "check", str(missing)) == (
        2, "", f"{missing}: cannot read the schedule file: there is no such file\n",
    )
    assert run(capsys, "check", str(tmp_path)) == (
        2, "", f"{tmp_path}: cannot read the schedule file: it is a folder, not a file\n",
    )


INVALID = """\
event:
  title: Test
  date: 2024-04-15
  language: de
sessions:
  - time: 10.00 - 09.00
    title: a
  - time: 11.00 - 12.00
    title: b
    speakers: [ann]
    knd: talk
"""


def test_check_prints_every_problem_and_exits_1(
    capsys: pytest.CaptureFixture[str], write_schedule: Write
) -> None:
    path = write_schedule(INVALID)
    assert run(capsys, "check", str(path)) == (
        1,
        "",
        f"{path}:4:13: unknown language 'de': use one of en, nl\n"
        f"{path}:6:19: the session ends (09.00) before it starts (10.00): "
        "check which of the two is wrong\n"
        f"{path}:10:16: unknown speaker 'ann' (add it under speakers: at the top of the file)\n"
        f"{path}:11:5: unknown key 'knd' in a session (did you mean 'kind'?)\n",
    )


def test_now_on_an_invalid_file_prints_the_same_problems(
    capsys: pytest.CaptureFixture[str], write_schedule: Write
) -> None:
    path = write_schedule(INVALID)
    _, _, check_err = run(capsys, "check", str(path))
    assert run(capsys, "now", str(path), "--at", "11:20", "--json") == (1, "", check_err)
    assert run(capsys, "now", str(path)) == (1, "", check_err)


def test_check_with_warnings_exits_0_and_counts_them(
    capsys: pytest.CaptureFixture[str], write_schedule: Write
) -> None:
    path = write_schedule(
        """\
        event:
          title: Test
          date: 2024-03-31
        speakers:
          ann:
            name: Ann
            photo: ann.jpg
          bob:
            name: Bob
        sessions:
          - time: 02.30 - 04.00
            title: a
            room: Zaal 1
            speakers: [ann]
          - time: 03.30 - 05.00
            title: b
            room: Zaal 1
        """
    )
    assert run(capsys, "check", str(path)) == (
        0,
        f"{path}: OK: 1 day, 2 sessions, 2 speakers, 4 warnings\n",
        f"{path}:7:12: warning: photo 'ann.jpg' not found: the screen shows initials instead\n"
        f"{path}:8:3: warning: speaker 'bob' is listed but speaks at no session\n"
        f"{path}:11:11: warning: 02.30 does not exist on 2024-03-31 in Europe/Amsterdam "
        "(the clocks jump forward): it is read as 03.30\n"
        f"{path}:15:5: warning: overlaps 'a' (line 11) in room Zaal 1\n",
    )
    status, out, err = run(capsys, "now", str(path), "--at", "03:45")
    assert status == 0
    assert err.count(": warning: ") == 4
    assert out.startswith("2024-03-31 03.45 Europe/Amsterdam: session\n")


def test_check_summary_uses_singulars(
    capsys: pytest.CaptureFixture[str], write_schedule: Write
) -> None:
    path = write_schedule(
        """\
        event:
          title: Test
          date: 2024-04-15
        speakers:
          ann:
            name: Ann
            photo: ann.jpg
        sessions:
          - time: 10.00 - 11.00
            title: a
            speakers: ann
        """
    )
    status, out, _ = run(capsys, "check", str(path))
    assert (status, out) == (0, f"{path}: OK: 1 day, 1 session, 1 speaker, 1 warning\n")


def test_check_counts_days_and_sessions_of_a_multi_day_event(
    capsys: pytest.CaptureFixture[str], write_schedule: Write
) -> None:
    path = write_schedule(
        """\
        event:
          title: Festival
        days:
          - date: 2024-04-15
            sessions:
              - time: 10.00 - 11.00
                title: a
              - time: 11.00 - 12.00
                title: b
          - date: 2024-04-16
            sessions:
              - time: 10.00 - 11.00
                title: c
        """
    )
    assert run(capsys, "check", str(path)) == (
        0, f"{path}: OK: 2 days, 3 sessions, 0 speakers\n", "",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
         "3:1: the file holds binary data (a NUL byte), not text"),
        (b"event:\n  title: Caf\xe9\n", "2:13: the file is not UTF-8 text: save it as UTF-8"),
        (b"# comments only\n", "1:1: the file holds no schedule (only comments?)"),
        (b"", "1:1: the file is empty: a schedule needs at least 'event:' and 'sessions:'"),
        (b"- a\n- b\n",
         "1:1: a schedule must be a mapping with 'event:' at the top, found a list"),
        (b"just words\n",
         "1:1: a schedule must be a mapping with 'event:' at the top, found a single value"),
        (b"#" * (1024 * 1024 + 1), "1:1: the file is larger than 1024 KiB: not a schedule"),
    ],
    ids=["binary", "latin-1", "comments", "empty", "list", "words", "too-large"],
)
def test_check_content_that_is_no_schedule_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "schedule.yaml"
    path.write_bytes(data)
    assert run(capsys, "check", str(path)) == (1, "", f"{path}:{message}\n")


# -- the real entry point ---------------------------------------------------------


@pytest.mark.slow
def test_installed_command_reports_problems_without_a_traceback(tmp_path: Path) -> None:
    kiosk = Path(sys.executable).with_name("kiosk")
    assert kiosk.is_file(), f"the console script is not installed beside {sys.executable}"
    (tmp_path / "schedule.yaml").write_text(
        "event:\n  title: Test\n  date: 2024-04-15\nsessions:\n"
        "  - time: 10.75 - 11.00\n    title: Lezing: x\n",
        encoding="utf-8",
    )

    def kiosk_run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(kiosk), *args], cwd=tmp_path, capture_output=True, text=True, check=False
        )

    result = kiosk_run("check")
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", "schedule.yaml:6:18: the text of title: holds ': ', which starts a new key: "
        'put the whole text in quotes, title: "Lezing: x"\n',
    )
    result = kiosk_run("now", str(REAL_SCHEDULE), "--at", "11h20")
    assert (result.returncode, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "kiosk now: error: argument --at: cannot read '11h20': use a time like 11:20 or a "
        "date and time like 2024-04-15T11:20"
    )
    result = kiosk_run("now", str(REAL_SCHEDULE), "--at", "15:20", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    assert [item["title"] for item in json.loads(result.stdout)["current"]] == WORKSHOPS


@pytest.mark.slow
@pytest.mark.qt
def test_installed_snapshot_writes_the_png_and_exits_with_its_status(tmp_path: Path) -> None:
    """The console script ends a snapshot without tearing Qt down: the file and the
    status must be there all the same."""
    kiosk = Path(sys.executable).with_name("kiosk")
    output = tmp_path / "screen.png"
    for command in ([str(kiosk)], [sys.executable, "-m", "kiosk"]):
        output.unlink(missing_ok=True)
        result = subprocess.run([*command, "snapshot", REAL, "--at", "11:20", "--size",
                                 "1280x720", "--output", str(output)], capture_output=True,
                                text=True, timeout=60, check=False)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
        assert output.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(output.read_bytes()[16:24], "big") == (1280 << 32) | 720
        missing = tmp_path / "missing" / "screen.png"
        result = subprocess.run([*command, "snapshot", REAL, "--at", "11:20", "--output",
                                 str(missing)], capture_output=True, text=True, timeout=60,
                                check=False)
        assert (result.returncode, result.stderr) == (
            2, f"kiosk: cannot write {missing}: there is no folder {missing.parent}\n")


@pytest.mark.parametrize(("word", "hint"), [("chek", " (did you mean 'check'?)"),
                                            ("snapshoot", " (did you mean 'snapshot'?)"),
                                            ("help", "")])
def test_a_mistyped_command_is_not_run_as_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    word: str, hint: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as raised:
        main([word, "--at", "11:20"])
    assert raised.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"kiosk: error: '{word}' is neither a command nor a file{hint}: the commands are "
        "check, now, run, snapshot, import")


def test_a_file_named_like_a_word_is_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "programme").write_text("", encoding="utf-8")
    ran: list[str] = []
    monkeypatch.setattr(cli, "_run", lambda arguments: ran.append(arguments.file) or 0)
    assert main(["programme"]) == 0
    assert ran == ["programme"]


def test_argparse_words_are_dutch_in_dutch(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "nl")
    with pytest.raises(SystemExit):
        main(["now", "--at", "morgen"])
    usage, error = capsys.readouterr().err.splitlines()
    assert usage.startswith("gebruik: kiosk now ")
    assert error == ("kiosk now: fout: --at: kan 'morgen' niet lezen: gebruik een tijd zoals "
                     "11:20 of een datum en tijd zoals 2024-04-15T11:20")
    with pytest.raises(SystemExit):
        main(["check", "--json"])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "kiosk check: fout: onbekende argumenten: --json")


@pytest.mark.parametrize(
    ("output", "error"),
    [("{tmp}", "cannot write {tmp}: it is a folder: name the file to write, like "
               "{tmp}/schedule.yaml"),
     ("{tmp}/nowhere/schedule.yaml", "cannot write {tmp}/nowhere/schedule.yaml: there is no "
                                     "folder {tmp}/nowhere")],
)
def test_import_refuses_an_output_it_cannot_write_before_reading_the_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str, error: str
) -> None:
    source = ROOT / "tests" / "data" / "formats" / "wijkdag.csv"
    target = output.format(tmp=tmp_path)
    assert main(["import", str(source), "--output", target, "--force"]) == 2
    assert capsys.readouterr().err == "kiosk: " + error.format(tmp=tmp_path) + "\n"


def test_room_problem_names_the_rooms_and_the_closest() -> None:
    schedule = parse_schedule(
        "event: {title: T, date: 2024-04-15}\nsessions:\n"
        "  - {time: 10.00 - 11.00, title: A, room: Zaal 3}\n"
        "  - {time: 10.00 - 11.00, title: B, room: Grote zaal}\n"
        "  - {time: 11.00 - 12.00, title: C}\n", "s.yaml").schedule
    assert room_problem(schedule, None) is None
    assert room_problem(schedule, "zaal 3") is None
    assert room_problem(schedule, "Zaal 33") == (
        "--room: there is no room 'Zaal 33' (did you mean 'Zaal 3'?): the rooms are Grote "
        "zaal, Zaal 3")
    assert room_problem(schedule, "Foyer") == (
        "--room: there is no room 'Foyer': the rooms are Grote zaal, Zaal 3")
    bare = parse_schedule((ROOT / "schedule.yaml").read_text(encoding="utf-8"),
                          "schedule.yaml").schedule
    assert room_problem(bare, "Zaal 1") == (
        "--room: there is no room 'Zaal 1': no session of this schedule has a room")
    assert room_problem(schedule, "x" * 10_000) is not None  # no slow comparison either


@pytest.mark.qt  # it imports the screen, in this process
def test_snapshot_refuses_a_room_the_schedule_does_not_have(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    multiroom = str(ROOT / "tests" / "data" / "multiroom.yaml")
    output = tmp_path / "door.png"
    assert main(["snapshot", multiroom, "--at", "11:00", "--output", str(output),
                 "--room", "Zaal 33"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kiosk: --room: there is no room 'Zaal 33' (did you mean 'Zaal 3'?)")
    assert len(err.splitlines()) == 1
    assert not output.exists()


@pytest.mark.slow
def test_installed_now_into_a_pipe_closed_early_exits_0(tmp_path: Path) -> None:
    """``kiosk now | head -1``: the reader had what it wanted; 1 would say the schedule is
    not valid."""
    kiosk = Path(sys.executable).with_name("kiosk")
    rows = "".join(f"  - {{time: 10.00 - 11.00, title: Sessie {n}, room: Zaal {n}}}\n"
                   for n in range(400))
    (tmp_path / "schedule.yaml").write_text(
        "event: {title: Veel, date: 2024-04-15}\nsessions:\n" + rows, encoding="utf-8")
    process = subprocess.Popen([str(kiosk), "now", "--at", "10:30", "--json"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.read(10)
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (0, b"")
