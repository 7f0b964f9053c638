"""The README stays true: its quick start, its examples and CI's command."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import ROOT
from kiosk.cli import main
from kiosk.reader import parse_schedule

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
