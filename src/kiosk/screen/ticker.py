"""Wakes the screen exactly when it changes: at each minute and at each card change.

No polling: a single-shot precise timer is re-armed after every tick for the
next moment that matters, computed from the clock (so a rehearsal at 60x
speed wakes 60 times as often, and a real screen sleeps in between).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, QTimer

from kiosk.board import Board, BoardMaker, card_index, next_card_change, next_minute
from kiosk.clock import Clock
from kiosk.screen.window import ScreenWindow

LATE_MS = 3
"""Wake this much after a boundary, so the clock has surely passed it."""


class Ticker(QObject):
    """Drives a ScreenWindow from a clock and a BoardMaker."""

    def __init__(self, clock: Clock, maker: BoardMaker, window: ScreenWindow) -> None:
        super().__init__(window)
        self.clock = clock
        self.maker = maker
        self.window = window
        self.board: Board | None = None
        self.ticks = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.tick()

    def stop(self) -> None:
        self._timer.stop()

    def set_maker(self, maker: BoardMaker) -> None:
        """Follow a new schedule from now on (after a reload)."""
        self.maker = maker
        self.board = None
        self.tick()

    def tick(self) -> None:
        """Bring the window up to date with the clock and sleep until the next change."""
        self.ticks += 1
        now = self.clock.now()
        board = self.maker.board(now)
        index = card_index(now, len(board.cards), board.card_seconds)
        if board != self.board:
            self.board = board
            self.window.show_board(board, index, animate=True)
        elif board.cards and index != self.window.card_index:
            self.window.show_card(index)
        target = next_minute(now)
        if board.cards:
            target = min(target, next_card_change(now, board.card_seconds))
        seconds = (target - now).total_seconds() / self.clock.speed
        self._timer.start(max(1, math.ceil(seconds * 1000)) + LATE_MS)

    def remaining_ms(self) -> int:
        return self._timer.remainingTime()
