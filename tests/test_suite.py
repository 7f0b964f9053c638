"""The suite's own promises: CI runs the same hypothesis examples on every run of a commit,
and the markers select what .ci/run and the quick loop rely on."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from conftest import ROOT, hypothesis_profile, imports_qt


@pytest.mark.parametrize(
    ("environment", "profile"),
    [
        ({}, "ci"),
        ({"CI": "1"}, "ci"),
        ({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}, "ci"),
        ({"HYPOTHESIS_PROFILE": "dev"}, "dev"),
        ({"CI": "", "HYPOTHESIS_PROFILE": "dev"}, "dev"),
    ],
)
def test_ci_always_gets_the_ci_profile(environment: dict[str, str], profile: str) -> None:
    assert hypothesis_profile(environment) == profile


def test_the_ci_profile_is_derandomized_without_database_or_deadline() -> None:
    ci = settings.get_profile("ci")
    assert (ci.derandomize, ci.database, ci.deadline, ci.print_blob) == (True, None, None, True)
    assert ci.max_examples == 100
    dev = settings.get_profile("dev")
    assert (dev.derandomize, dev.max_examples) == (False, 1000)


def _properties() -> Iterator[tuple[str, Callable[..., object]]]:
    """Every hypothesis property of every test module, found by walking tests/."""
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        module = importlib.import_module(path.stem)
        for name, value in vars(module).items():
            if name.startswith("test_") and getattr(value, "hypothesis", None) is not None:
                yield f"{path.stem}.{name}", value


def test_every_property_runs_by_the_loaded_profile() -> None:
    """A property's own @settings(...) keeps what it leaves out from the profile: in CI it
    is derandomized and without a database however it sets its budget."""
    profile = settings.default
    assert profile is not None
    found = dict(_properties())
    modules = {name.split(".")[0] for name in found}
    assert {"test_fuzz", "test_reader", "test_timeline_properties"} <= modules
    for name, test in found.items():
        own = test._hypothesis_internal_use_settings  # type: ignore[attr-defined]
        assert (own.derandomize, own.deadline) == (profile.derandomize, None), name
        if profile.database is None:
            assert own.database is None, name


def test_the_qt_marker_follows_the_imports(tmp_path: Path) -> None:
    assert imports_qt(ROOT / "tests" / "test_screen.py")
    assert not imports_qt(ROOT / "tests" / "test_reader.py")
    inside = tmp_path / "test_inside.py"
    inside.write_text("def test_x():\n    from kiosk.screen.picture import render\n")
    named = tmp_path / "test_named.py"
    named.write_text("import kiosk.screenshots\nQT = 'PySide6'\n")
    assert imports_qt(inside)
    assert not imports_qt(named)


def test_the_screen_tests_are_marked_qt(request: pytest.FixtureRequest) -> None:
    marked = {item.path.name for item in request.session.items
              if item.get_closest_marker("qt")}
    ran = {item.path.name for item in request.session.items}
    expected = {"test_screen.py", "test_live.py", "test_soak.py", "test_qt_binding.py",
                "test_launch.py", "test_remote.py", "test_rotation.py"} & ran
    assert expected <= marked
    assert not marked & {"test_reader.py", "test_timeline.py", "test_suite.py"}


def test_the_sdist_carries_what_the_tests_read() -> None:
    """The sdist runs its own tests (README, for developers): MANIFEST.in must add them
    and every file they read beside src/."""
    lines = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    included = {name for line in lines if line.startswith("include ")
                for name in line.split()[1:]}
    assert "graft tests" in lines
    assert {"schedule.yaml", "constraints-test.txt", ".ci/run"} <= included
    assert all((ROOT / name).is_file() for name in included)
