"""Shared test set-up: Qt runs offscreen, paths to the real schedule."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
REAL_SCHEDULE = ROOT / "schedule.yaml"


@pytest.fixture
def real_schedule_path() -> Path:
    return REAL_SCHEDULE
