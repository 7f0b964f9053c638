"""Shared test set-up: Qt runs offscreen, paths to the real schedule."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from kiosk import yamltree
from kiosk.yamltree import ScheduleLoader

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
REAL_SCHEDULE = ROOT / "schedule.yaml"


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


class _PythonScheduleLoader(yaml.SafeLoader):
    """The schedule loader on PyYAML's pure-Python parser (for machines without libyaml)."""

    compose_tree = ScheduleLoader.compose_tree
    _compose = ScheduleLoader._compose


@pytest.fixture(params=["libyaml", "python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once with the C loader (the default here) and once with the Python one."""
    if request.param == "python":
        monkeypatch.setattr(yamltree, "ScheduleLoader", _PythonScheduleLoader)
    else:
        assert issubclass(yamltree.ScheduleLoader, yaml.CSafeLoader)
    return str(request.param)
