"""Shared test set-up: Qt runs offscreen, hypothesis runs by a profile, paths to the real
schedule.

Hypothesis profiles (see the README's section for developers):

- ``ci``, the default and always when the environment variable ``CI`` is set (``.ci/run``
  sets it): derandomized, so two runs of one commit try the same examples; no example
  database, no deadline, a fixed budget of examples per property.
- ``dev``, by ``HYPOTHESIS_PROFILE=dev`` when ``CI`` is not set: random (new examples on
  every run), ten times the examples where a property takes its budget from the profile,
  failures kept in ``.hypothesis/`` and tried first until they pass. Keep each failure
  found this way as an explicit ``@example`` of its property.
"""

from __future__ import annotations

import ast
import functools
import os
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings

from kiosk import yamltree
from support import fuzz

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The command line speaks the locale's language: the tests say which (English unless a test
# sets LANGUAGE itself), whatever the machine's locale is.
os.environ["LANGUAGE"] = "en"

EXAMPLES = 100
"""The ci profile's examples per property (a test may set its own max_examples)."""

settings.register_profile(
    "ci", derandomize=True, database=None, max_examples=EXAMPLES, deadline=None,
    print_blob=True, suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", derandomize=False, max_examples=10 * EXAMPLES, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def hypothesis_profile(environment: Mapping[str, str]) -> str:
    """The profile for this run: ``ci`` whenever CI is set, else HYPOTHESIS_PROFILE or ci."""
    if environment.get("CI"):
        return "ci"
    return environment.get("HYPOTHESIS_PROFILE") or "ci"


# Before any test module is imported: their settings(...) take what they leave out
# (derandomize, database, print_blob) from the profile loaded now.
settings.load_profile(hypothesis_profile(os.environ))

ROOT = Path(__file__).resolve().parent.parent
REAL_SCHEDULE = ROOT / "schedule.yaml"


QT_MODULES = ("PySide6", "shiboken6", "pytestqt", "kiosk.screen")
"""A test module that imports one of these tests the screen (marker ``qt``)."""
QT_FIXTURES = {"qapp", "qtbot"}
STARTS_THE_SCREEN = {"test_launch.py"}
"""Modules that start the screen in a subprocess rather than importing it."""


@functools.cache
def imports_qt(module: Path) -> bool:
    """Whether the test module imports Qt, pytest-qt or the screen (at any depth)."""
    tree = ast.parse(module.read_bytes(), str(module))
    for node in ast.walk(tree):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                 else [])
        if any(name == qt or name.startswith(qt + ".") for name in names for qt in QT_MODULES):
            return True
    return False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the screen's tests ``qt`` (the floor environment of .ci/run runs them on the
    oldest PySide6) and every hypothesis property ``slow`` (not in the quick loop)."""
    for item in items:
        module = Path(str(item.path))
        if (module.name in STARTS_THE_SCREEN or imports_qt(module)
                or QT_FIXTURES & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.qt)
        if getattr(getattr(item, "obj", None), "hypothesis", None) is not None:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def real_schedule_path() -> Path:
    return REAL_SCHEDULE


@pytest.fixture
def write_schedule(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented YAML text to a file below tmp_path (schedule.yaml by default)."""

    def write(text: str, name: str = "schedule.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture(params=["libyaml", "python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once with the C loader (the default here) and once with the Python one."""
    if request.param == "python":
        monkeypatch.setattr(yamltree, "ScheduleLoader", fuzz.PythonScheduleLoader)
    else:
        assert issubclass(yamltree.ScheduleLoader, yaml.CSafeLoader)
    return str(request.param)
