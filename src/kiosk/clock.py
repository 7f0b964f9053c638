"""Where the time comes from: the system clock, a fixed moment, or a rehearsal.

Everything that needs the time is handed a :class:`Clock`, so every test can
say what time it is.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Protocol


class Clock(Protocol):
    """A source of the current moment."""

    @property
    def is_real(self) -> bool:
        """True when this clock follows the wall clock (not a preview or rehearsal)."""
        ...

    @property
    def speed(self) -> float:
        """How many clock seconds pass per real second."""
        ...

    def now(self) -> dt.datetime:
        """The current moment, timezone-aware."""
        ...


class SystemClock:
    """The machine's wall clock."""

    is_real = True
    speed = 1.0

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)


class FixedClock:
    """A clock that stands still at one moment until told otherwise (for tests and snapshots)."""

    is_real = False
    speed = 1.0

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = _aware(moment)

    def now(self) -> dt.datetime:
        return self.moment

    def set(self, moment: dt.datetime) -> None:
        self.moment = _aware(moment)

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


class RunningClock:
    """A clock that starts at a chosen moment and runs on, ``speed`` times real time.

    ``kiosk run --at`` previews the day with speed 1; ``--speed 60`` rehearses an
    hour a minute. It counts on a monotonic clock, so wall-clock jumps of the
    machine do not disturb a rehearsal.
    """

    is_real = False

    def __init__(
        self,
        start: dt.datetime,
        speed: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.start = _aware(start)
        self.speed = speed
        self._monotonic = monotonic
        self._origin = monotonic()

    def now(self) -> dt.datetime:
        elapsed = (self._monotonic() - self._origin) * self.speed
        return self.start + dt.timedelta(seconds=elapsed)


def _aware(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC: a clock counts on from it in real seconds, and arithmetic on a
    datetime in a zone with summer time counts wall-clock hours (01.30 plus two hours on
    the night the clocks go back would be 03.30, an hour too far)."""
    if moment.tzinfo is None:
        raise ValueError("a clock needs a timezone-aware moment")
    return moment.astimezone(dt.timezone.utc)
