"""The README stays true: its quick start, its examples and CI's command."""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from conftest import ROOT
from kiosk.cli import main
from kiosk.reader import parse_schedule
from kiosk.schedule import Kind

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    return block.strip().splitlines()


CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
CONSTRAINTS = ROOT / "constraints-test.txt"


def pins() -> dict[str, str]:
    """The versions constraints-test.txt pins, by package name (lower case)."""
    found = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            found[name.strip().lower()] = version.strip()
    return found


def test_quick_start_is_two_commands_and_ci_runs_the_second_last() -> None:
    launch, tests = quick_start()
    assert launch.endswith(".venv/bin/kiosk")
    assert tests.endswith(".venv/bin/pytest")
    assert "-c constraints-test.txt -e '.[test]'" in tests
    lines = [line for line in CI.splitlines() if line.strip()]
    assert lines[-1] == tests, "last, so that a failed install fails CI too"
    assert "set -euo pipefail" in lines
    assert "export CI=1" in lines[: lines.index(tests)]


def test_ci_runs_the_screen_tests_on_the_oldest_pyside6() -> None:
    floor = re.search(r"^(python3 -m venv (\S+)\n(?:.*\\\n)*.*\n)(\S+)/bin/pytest -m qt$", CI,
                      re.MULTILINE)
    assert floor is not None
    install, venv, runner = floor.groups()
    assert venv == runner != ".venv"
    assert "-c constraints-test.txt -e '.[test]'" in install
    assert "'PySide6-Essentials==6.8.0.2' 'shiboken6==6.8.0.2'" in install
    requirements = [Requirement(r) for r in metadata.requires("kiosk") or []]
    floors = {str(r.specifier) for r in requirements if r.name == "PySide6-Essentials"}
    assert all(">=6.8" in specifier.split(",") for specifier in floors), floors


def test_the_test_tools_are_pinned_and_installed_as_pinned() -> None:
    pinned = pins()
    extra = [Requirement(r) for r in metadata.requires("kiosk") or []
             if r.endswith('extra == "test"')]
    assert {r.name.lower() for r in extra} == pinned.keys()
    for requirement in extra:
        assert requirement.specifier.contains(pinned[requirement.name.lower()]), requirement
    installed = {name: metadata.version(name) for name in pinned}
    assert installed == pinned, (
        "install the test tools with: pip install -c constraints-test.txt -e '.[test]'")


def test_the_now_example_is_what_kiosk_prints(capsys: pytest.CaptureFixture[str]) -> None:
    example = re.search(r"\$ kiosk now --at 11:20\n(.*?)```", README, re.DOTALL)
    assert example is not None
    assert main(["now", str(ROOT / "schedule.yaml"), "--at", "11:20"]) == 0
    assert capsys.readouterr().out == example.group(1)


def test_the_json_example_has_the_keys_kiosk_prints(capsys: pytest.CaptureFixture[str]) -> None:
    example = re.search(r"```json\n(.*?)```", README, re.DOTALL)
    assert example is not None
    documented = json.loads(example.group(1).replace("[ ... ]", "[]"))
    assert main(["now", str(ROOT / "schedule.yaml"), "--at", "11:20", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["current"] == documented["current"]
    assert printed.keys() == documented.keys()
    assert printed["at"] == documented["at"]


def test_the_check_example_is_what_kiosk_prints(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ROOT / "schedule.yaml")]) == 0
    summary = capsys.readouterr().out.replace(str(ROOT / "schedule.yaml"), "schedule.yaml")
    assert f"$ kiosk check\n{summary}" in README


def test_the_error_example_is_what_kiosk_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / "schedule.yaml").read_text(encoding="utf-8")
    text = text.replace("  - time: 10.45 - 11.00", "  - time: 10.45 - 10.75")
    text = text.replace("[roel-wever, nicole-ummelen]", "[roel-weever, nicole-ummelen]")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schedule.yaml").write_text(text, encoding="utf-8")
    assert main(["check"]) == 1
    example = re.search(r"typing mistake in a speaker's id:\n\n```console\n\$ kiosk check\n"
                        r"(.*?)```", README, re.DOTALL)
    assert example is not None
    assert capsys.readouterr().err == example.group(1)


def test_the_running_late_example_means_what_its_comments_say() -> None:
    section = README.split("**Running late.**", 1)[1]
    (block,) = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)[:1]
    text = "event: {title: T, date: 2024-04-15}\n" + block
    schedule = parse_schedule(text, "README.md").schedule
    said = dict(re.findall(r"title: ([^,}]+)[^#\n]*# (?:starts|now|stays) ([\d.]+)", block))
    assert len(said) == 4
    for session in schedule.sessions:
        if session.title in said:
            assert f"{schedule.local(session.start):%H.%M}" == said[session.title]
    ends = dict(re.findall(r"title: ([^,}]+)[^#\n]*# (?:now|stays) [\d.]+ - ([\d.]+)", block))
    for session in schedule.sessions:
        if session.title in ends:
            assert f"{schedule.local(session.end):%H.%M}" == ends[session.title]


def test_the_dutch_example_is_what_kiosk_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    example = re.search(r"\$ LANG=nl_NL.UTF-8 kiosk check\n(.*?)```", README, re.DOTALL)
    assert example is not None
    text = (ROOT / "schedule.yaml").read_text(encoding="utf-8")
    text = text.replace("    title: Lezing Ron Meyer\n    kind: talk\n",
                        "    title: Lezing Ron Meyer\n    knd: talk\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    (tmp_path / "schedule.yaml").write_text(text, encoding="utf-8")
    assert main(["check"]) == 1
    assert capsys.readouterr().err == example.group(1)


def _now_section() -> str:
    return README.split("### `kiosk now", 1)[1].split("\n### ", 1)[0]


def _documented_json() -> tuple[dict[str, Any], set[str], set[str], set[str]]:
    """The JSON example of ``kiosk now --json``, the keys the README says may be null (in
    an item, in a speaker), and the phases it names."""
    section = _now_section()
    (block,) = re.findall(r"```json\n(.*?)```", section, re.DOTALL)
    example = json.loads(block.replace("[ ... ]", "[]"))
    nullable = set(re.findall(r"`(\w+)` \(or null\)", section))
    speaker_nullable = set(re.findall(r"`(\w+)` may be null", section))
    phase_bullet = section.split("- `phase`:", 1)[1].split("\n- ", 1)[0]
    phases = set(re.findall(r"`(\w+)` \(", phase_bullet))
    return example, nullable, speaker_nullable, phases


NIGHT = """\
event: {title: Nacht, date: 2024-04-15, until: "04.00"}
speakers:
  a: {name: Anne, role: host}
  b: {name: Bert}
sessions:
  - {time: 19.00 - 20.00, title: Borrel, kind: borrel}
  - {time: 20.00 - 24.00, title: Avond, room: Zaal 1, speakers: [a, b]}
  - {time: 22.00 - 00.30, title: Nachtset, room: Zaal 2, note: Verplaatst}
  - {time: 00.30 - 02.00, title: Laat, room: Zaal 2, delay: 5}
  - time: 20.00 - 23.00
    title: Een zeer lange titel die maar doorgaat en doorgaat over bestaanszekerheid in werk
      en wijk, en over wat gemeenten, woningcorporaties en werkgevers samen kunnen doen
    room: Zaal 3
  - {time: 23.00 - 24.00, title: Weg, room: Zaal 3, cancelled: true}
"""

FALL_BACK = """\
event: {title: Wintertijd, date: 2024-10-26, until: "06.00"}
sessions:
  - {time: 22.00 - 04.00, title: Doorhalen}
  - {time: 04.00 - 05.00, title: Ontbijt, kind: lunch}
"""


def _moments(first: dt.datetime, last: dt.datetime, step: int) -> list[str]:
    moments = []
    while first <= last:
        moments.append(first.isoformat())
        first += dt.timedelta(minutes=step)
    return moments


@pytest.mark.parametrize(
    ("name", "moments"),
    [
        ("schedule.yaml",
         _moments(dt.datetime(2024, 4, 15, 9, 0), dt.datetime(2024, 4, 15, 18, 0), 5)),
        ("tests/data/multiroom.yaml",
         _moments(dt.datetime(2025, 3, 20, 8, 30), dt.datetime(2025, 3, 20, 18, 30), 10)),
        ("tests/data/formats/havenstad.xml", ["2024-04-15T12:00", "2030-01-01T00:00"]),
        ("night.yaml",
         _moments(dt.datetime(2024, 4, 15, 18, 0), dt.datetime(2024, 4, 16, 3, 0), 10)),
        ("fallback.yaml", [*_moments(dt.datetime(2024, 10, 26, 21, 0),
                                     dt.datetime(2024, 10, 27, 6, 0), 20),
                           "2024-10-27T02:30:00+02:00", "2024-10-27T02:30:00+01:00"]),
    ],
)
def test_now_json_keeps_the_documented_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, moments: list[str]
) -> None:
    example, nullable, speaker_nullable, phases = _documented_json()
    assert nullable == {"room", "note"}
    assert speaker_nullable == {"role"}
    assert phases == {"session", "break", "after", "before"}
    item_keys = example["current"][0].keys()
    speaker_keys = example["current"][0]["speakers"][0].keys()
    texts = {"night.yaml": NIGHT, "fallback.yaml": FALL_BACK}
    if name in texts:
        (tmp_path / name).write_text(texts[name], encoding="utf-8")
        path = str(tmp_path / name)
    else:
        path = str(ROOT / name)
    assert main(["check", path]) == 0
    capsys.readouterr()
    for moment in moments:
        assert main(["now", path, "--at", moment, "--json"]) == 0
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        printed = json.loads(out)
        assert example.keys() <= printed.keys(), moment
        at = _aware(printed["at"])
        assert printed["phase"] in phases
        for item in printed["current"] + printed["next"]:
            assert item_keys <= item.keys(), item
            for key in item_keys - {"speakers"}:
                assert isinstance(item[key], str) or (key in nullable and item[key] is None)
            assert item["kind"] in {kind.value for kind in Kind}
            for speaker in item["speakers"]:
                assert speaker_keys <= speaker.keys()
                assert isinstance(speaker["name"], str)
                assert isinstance(speaker["role"], str) or speaker["role"] is None
            start, end = _aware(item["start"]), _aware(item["end"])
            assert _aware(item["scheduled_start"]) <= start < end
            assert item["title"] not in ("Weg",)  # cancelled sessions never appear
        for item in printed["current"]:  # from its start, inclusive, to its end, exclusive
            assert _aware(item["start"]) <= at < _aware(item["end"]), (moment, item)
        starts = {_aware(item["start"]) for item in printed["next"]}
        assert len(starts) <= 1, moment
        assert all(start > at for start in starts), moment
        breaks = [Kind(item["kind"]).is_break for item in printed["current"]]
        assert (printed["phase"] == "session") == (not all(breaks)), moment
        if not printed["current"] and not printed["next"]:
            assert printed["phase"] == "after", moment


def _aware(text: str) -> dt.datetime:
    """An ISO 8601 time of the JSON: with its UTC offset, the one of its zone then."""
    moment = dt.datetime.fromisoformat(text)
    assert moment.utcoffset() is not None, text
    return moment


def test_the_json_run_over_example_is_what_kiosk_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    section = _now_section()
    told = re.search(r"with\s+`delay: (\d+)` on (.+?)' talk, at (\d+)\.(\d+) \"(.+?)\" is\s+"
                     r"`current` with\s+`\"end\": \"(.+?)\"` and `\"scheduled_end\": \"(.+?)\"`,\s+"
                     r"and the phase is `(\w+)`", section)
    assert told is not None
    delay, speaker, hours, minutes, title, end, scheduled_end, phase = told.groups()
    text = (ROOT / "schedule.yaml").read_text(encoding="utf-8")
    talk = f"    title: Lezing {speaker}\n"
    assert text.count(talk) == 1
    (tmp_path / "schedule.yaml").write_text(
        text.replace(talk, f"{talk}    delay: {delay}\n"), encoding="utf-8")
    assert main(["now", str(tmp_path / "schedule.yaml"), "--at", f"{hours}:{minutes}",
                 "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["phase"] == phase
    (item,) = [item for item in printed["current"] if item["title"] == title]
    assert (item["end"], item["scheduled_end"]) == (end, scheduled_end)
    assert item["start"] == item["scheduled_start"]


def test_the_import_example_is_what_kiosk_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    example = re.search(r"```console\n\$ (kiosk check (\S+))\n(.*?)\$ kiosk run", README,
                        re.DOTALL)
    assert example is not None
    _command, file, said = example.groups()
    monkeypatch.chdir(ROOT)  # as written: in this folder
    assert main(["check", file]) == 0
    out, err = capsys.readouterr()
    assert said == err + out


@pytest.mark.parametrize(
    ("args", "status", "stream"),
    [
        (["check", "schedule.yaml"], 0, "out"),
        (["check", "no-such.yaml"], 2, "err"),
        (["now", "--at", "tomorrow"], 2, "err"),
        (["check", "--json"], 2, "err"),
        (["chek"], 2, "err"),
    ],
)
def test_the_command_reference_exit_statuses_and_streams(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    args: list[str], status: int, stream: str,
) -> None:
    """0 fine, 2 a file or an argument that cannot be used, said on stderr; no traceback."""
    reference = README.split("## Command reference", 1)[1]
    assert "**0** fine, **1** the schedule is not valid" in reference
    assert "**2** a file that cannot be\nopened or an argument that cannot be read" in reference
    (tmp_path / "schedule.yaml").write_bytes(REAL_SCHEDULE_BYTES)
    monkeypatch.chdir(tmp_path)
    try:
        got = main(args)
    except SystemExit as stop:  # argparse's own way out
        got = stop.code
    out, err = capsys.readouterr()
    assert got == status
    assert (out if stream == "out" else err)
    assert not (err if stream == "out" else out)
    assert "Traceback" not in out + err


REAL_SCHEDULE_BYTES = (ROOT / "schedule.yaml").read_bytes()
