"""QTimer set up in one call (PySide6's typing does not know QTimer's keyword properties)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer


def make_timer(
    parent: QObject,
    interval_ms: int,
    slot: Callable[[], object],
    single_shot: bool = False,
    precise: bool = False,
) -> QTimer:
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    timer.setSingleShot(single_shot)
    if precise:
        timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(slot)
    return timer
