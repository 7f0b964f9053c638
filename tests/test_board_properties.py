"""Properties of the board (no Qt) over generated conference programmes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.board import BoardMaker, Mode, Region
from kiosk.schedule import Schedule
from support.programmes import moments_that_matter, programmes

pytestmark = pytest.mark.slow


def cancelled_from(schedule: Schedule, chosen: int) -> Schedule:
    """``schedule`` with every session from the ``chosen``-th of its last day on cancelled."""
    last = schedule.days[-1]
    ordered = sorted(last.sessions, key=lambda s: s.scheduled_start)
    start = ordered[min(chosen, len(ordered) - 1)].scheduled_start
    sessions = tuple(replace(s, cancelled=True) if s.scheduled_start >= start else s
                     for s in last.sessions)
    return replace(schedule, days=(*schedule.days[:-1], replace(last, sessions=sessions)))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_cancelled_sessions_still_ahead_are_said_never_thank_you(data: st.DataObject) -> None:
    """Until the last planned session's end the screen never thanks attendees for coming:
    cancelled sessions still to come are in the programme, those of now in Now (a door:
    its banner says "Vervalt")."""
    schedule = cancelled_from(data.draw(programmes(), label="schedule"),
                              data.draw(st.integers(0, 40), label="from"))
    room = data.draw(st.none() | st.sampled_from(
        sorted({s.room for s in schedule.sessions if s.room}) or [None]), label="room")
    maker = BoardMaker(schedule, room=room)
    planned = list(maker.schedule.sessions)
    for moment in moments_that_matter(schedule):
        board = maker.board(moment)
        ahead = [s for s in planned if s.scheduled_end > moment]
        if not ahead:
            continue
        assert board.mode is not Mode.THANKS, f"{moment:%H:%M}"
        running = [s for s in ahead if s.scheduled_start <= moment and s.cancelled]
        if running and board.mode is Mode.SESSION and room is None:
            assert Region.NOW in board.regions
        here = [s for s in running if s.room == room]
        if here and room is not None and board.mode is not Mode.SESSION:
            assert board.banner is not None
            assert board.banner.badge is not None, f"{moment:%H:%M}: {board.banner}"
