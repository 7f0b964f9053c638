"""The delay rules of the README's "Running late", stated naively for property tests.

The reader computes them in one sweep (kiosk.reader.build.run_late); this says the same
by looking at every pair of sessions, the way the rules are written for organisers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Planned:
    """A session of one day as planned: minutes, room (None: a plenary), delay as given."""

    start: int
    end: int
    room: str | None = None
    delay: int | None = None
    cancelled: bool = False


def _scope(room: str | None) -> str | None:
    return room.casefold() if room is not None else None


def running_delay(session: Planned, day: list[Planned]) -> int:
    """Its own delay; else the delay given at the latest earlier start in its scope (its
    room's own before a plenary one at the same start, the largest of equals); else 0."""
    if session.delay is not None:
        return session.delay
    room = _scope(session.room)
    given = [
        other for other in day
        if other.delay is not None and other.start < session.start
        and (other.room is None or (room is not None and _scope(other.room) == room))
    ]
    if not given:
        return 0
    best = max(given, key=lambda o: (o.start, o.room is not None, o.delay))
    assert best.delay is not None
    return best.delay


def expected_times(day: list[Planned]) -> list[tuple[int, int]]:
    """Each session's (start, end) after the delays, as the README says."""
    delays = [running_delay(s, day) for s in day]
    times = []
    for session, delay in zip(day, delays, strict=True):
        end = session.end + delay
        if not session.cancelled:
            for later, later_delay in zip(day, delays, strict=True):
                in_scope = later.room is None or _scope(later.room) == _scope(session.room)
                if (not later.cancelled and in_scope and later.start == session.end
                        and later_delay > delay):
                    end = max(end, later.start + later_delay)  # it runs over
        times.append((session.start + delay, end))
    return times
