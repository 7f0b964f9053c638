"""Soak, the short version: a generated 3-day festival played at rehearsal speed through a
whole pass of the event, with saves, broken saves, a deleted file, F5, clock jumps and
resizes mixed in. The long version is ``python benchmarks/soak.py`` (see
benchmarks/SOAK_RESULT.md); both run the driver in tests/support/soak.py."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from support.soak import ACTIONS, SoakOptions, SoakReport, soak

pytestmark = pytest.mark.slow  # about ten seconds

SHORT = SoakOptions(
    rooms=4, sessions=120, speakers=40,  # a small festival: 3 days, 4 rooms
    door="Zaal 1",  # and a room-door screen, which has breaks and speaker cards
    step_minutes=(30, 150),
    run_ms=20,
    warm_up_pass=True,  # a pass before the baseline: no first-time allocations in it
    event_days=3.5,  # one whole pass, from the evening before to the morning after
    wall_minutes=0,
    save_timeout_ms=5000,
    max_failures=3,
)
MAX_GROWTH_MB = 8.0


@pytest.fixture(scope="module")
def short_soak(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> SoakReport:
    # A Qt warning fails the test that runs this first (qt_log_level_fail in pyproject.toml).
    return soak(tmp_path_factory.mktemp("soak"), SHORT)


def test_the_screens_show_the_right_thing_throughout(short_soak: SoakReport) -> None:
    assert short_soak.failures == []
    assert short_soak.exceptions == []
    assert set(short_soak.actions) >= {*ACTIONS, "restore", "taken", "refused"}, (
        short_soak.actions)
    shown = {mode for modes in short_soak.modes.values() for mode in modes}
    assert shown == {"welcome", "session", "break", "between-days", "thanks"}
    assert short_soak.event_time.total_seconds() >= 3.5 * 86400


def test_memory_does_not_grow(short_soak: SoakReport) -> None:
    assert short_soak.growth_mb < MAX_GROWTH_MB, (short_soak.rss_baseline, short_soak.rss_end)


def test_a_board_fits_whenever_a_denser_level_would(short_soak: SoakReport) -> None:
    assert dict(short_soak.squeezed) == {}
