"""Wakes the screen exactly when it changes: at each minute and at each card change.

No polling: a single-shot precise timer is re-armed after every tick for the
next moment that matters, computed from the clock (so a rehearsal at 60x
speed wakes 60 times as often, and a real screen sleeps in between). The one
periodic check is cheap and rare: whether the wall clock jumped (network time
after boot, suspend, a manual change), which it cannot tell otherwise.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.board import (
    Board,
    BoardMaker,
    burn_in_shift,
    next_card_change,
    next_minute,
    rotation,
)
from kiosk.clock import Clock
from kiosk.screen.timers import make_timer
from kiosk.screen.window import ScreenWindow

log = logging.getLogger("kiosk")

LATE_MS = 3
"""Wake this much after a boundary, so the clock has surely passed it."""
MAX_SLEEP_MS = 3_600_000
"""Sleep at most this long (a very slow rehearsal): waking early only re-arms the timer,
and a QTimer cannot count past 2**31 ms."""
JUMP_CHECK_MS = 5000
JUMP_SECONDS = 2.0
"""A change of wall minus monotonic time larger than this is a jump of the clock."""


class Ticker(QObject):
    """Drives a ScreenWindow from a clock and a BoardMaker."""

    def __init__(
        self,
        clock: Clock,
        maker: BoardMaker,
        window: ScreenWindow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self.clock = clock
        self.maker = maker
        self.window = window
        self.board: Board | None = None
        self.rotation = -1
        self.ticks = 0
        self._monotonic = monotonic
        self._offset: float | None = None
        self._timer = make_timer(self, 0, self.tick, single_shot=True, precise=True)
        self._jumps = make_timer(self, JUMP_CHECK_MS, self.check_jump)

    def start(self) -> None:
        if self.clock.is_real:
            self._offset = self._wall_minus_monotonic()
            self._jumps.start()
        self.tick()

    def stop(self) -> None:
        self._timer.stop()
        self._jumps.stop()

    def set_maker(self, maker: BoardMaker) -> None:
        """Follow a new schedule from now on (after a reload)."""
        self.maker = maker
        self.board = None
        self.tick()

    def tick(self) -> None:
        """Bring the window up to date with the clock and sleep until the next change."""
        self.ticks += 1
        # In UTC: arithmetic on a moment in a zone with summer time counts wall-clock time.
        now = self.clock.now().astimezone(dt.timezone.utc)
        board = self.maker.board(now)
        period = rotation(now, board.card_seconds)
        if board != self.board:
            self.board = board
            self.rotation = period
            self.window.show_board(board, period, animate=True)
        elif period != self.rotation:
            self.rotation = period
            self.window.rotate(period)
        self.window.set_shift(burn_in_shift(now))
        target = next_minute(now)
        if self.window.rotates():  # cards, announcements or pages change with the period
            target = min(target, next_card_change(now, board.card_seconds))
        milliseconds = (target - now).total_seconds() * 1000 / self.clock.speed
        self._timer.start(max(1, math.ceil(min(milliseconds, MAX_SLEEP_MS))) + LATE_MS)

    def check_jump(self) -> bool:
        """Notice a jump of the wall clock and catch up at once; True if it jumped."""
        offset = self._wall_minus_monotonic()
        if self._offset is not None and abs(offset - self._offset) > JUMP_SECONDS:
            log.warning("the clock jumped by %+.0f s: recomputing", offset - self._offset)
            self._offset = offset
            self.tick()
            return True
        self._offset = offset
        return False

    def _wall_minus_monotonic(self) -> float:
        return self.clock.now().timestamp() - self._monotonic()

    def remaining_ms(self) -> int:
        return self._timer.remainingTime()

    def interval_ms(self) -> int:
        """How long the ticker sleeps after its last tick (real milliseconds)."""
        return self._timer.interval()
