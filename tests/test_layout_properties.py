"""The screen's guarantees, for generated conference programmes at every size we support
and the moments that matter, checked on what was drawn (``kiosk snapshot --layout``):
nothing overlaps or leaves its region, nothing that must be whole is cut, nothing is
smaller than 1/24 of the short side, nothing is cut while its region has room, every
running session is shown (or on a page), the programme is never an empty panel, and a
room shows beside every programme row that has one."""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.board import Board, BoardMaker, Region, rotation
from kiosk.schedule import Schedule
from kiosk.screen.picture import application
from kiosk.screen.resources import stylesheet_template
from kiosk.screen.text import normalise
from kiosk.screen.theme import Theme
from kiosk.screen.window import ScreenWindow
from kiosk.words import words_for
from support.programmes import moments, programmes

SIZES = [(1920, 1080), (1080, 1920), (1280, 720), (1366, 768), (1024, 768), (2560, 1080),
         (3840, 2160)]
PROPERTY = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                    # Shrinking a failure of this size takes minutes: KIOSK_SHRINK=0 skips it
                    # while working on the layout.
                    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
                    + ([] if os.environ.get("KIOSK_SHRINK") == "0" else [Phase.shrink]))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def windows(qapp: QApplication) -> Iterator[dict[tuple[int, int], ScreenWindow]]:
    """One window per size, shown off screen, used for every example."""
    application()  # the screen's font, as kiosk run and snapshot load it
    made: dict[tuple[int, int], ScreenWindow] = {}
    for size in SIZES:
        window = ScreenWindow(words_for("nl"), Theme.for_accent(None), stylesheet_template())
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.setFixedSize(*size)
        window.show()
        made[size] = window
    yield made
    for window in made.values():
        window.allow_close()
        window.close()


def shown_board(window: ScreenWindow, board: Board, moment: dt.datetime) -> None:
    window.show_board(board, rotation(moment, board.card_seconds))
    window.grab()  # paints, and so records what was drawn where


def check(window: ScreenWindow, schedule: Schedule, board: Board) -> list[str]:
    """What is wrong with what the window drew for ``board``."""
    from kiosk.screen.record import problems

    layout = window.painted()
    found = problems(layout)
    running = [(i.title, i.short_title) for i in board.now] + [
        (i.title, i.title) for i in board.now_cancelled]
    if window.shows(Region.NOW):
        titles = [t.text for t in layout.of("now", "title")]
        names = [{normalise(n) for n in pair} for pair in running]
        # A page: the titles of items that follow one another, from one of them on.
        if not titles or not any(
                all(title in names[start + i] for i, title in enumerate(titles))
                for start in range(len(names) - len(titles) + 1)):
            found.append(f"Now shows {titles}, not a page of {[r[0] for r in running]}")
    if window.shows(Region.PROGRAMME):
        rows = layout.of("programme", "title")
        if not rows:
            found.append("an empty programme panel")
        # Every row with a room shows it, on its title's lines or under them (before the
        # next row's title).
        rooms = layout.of("programme", "room")
        starts = sorted(t.rect[1] for t in rows)
        for title in rows:
            named = [r for r in board.programme
                     if title.text in (normalise(r.title), normalise(r.short_title))]
            if not named or not all(r.room for r in named):
                continue
            top = title.rect[1]
            below = next((y for y in starts if y > top + 0.5), math.inf)
            if not any(top - 1 <= room.rect[1] < below for room in rooms):
                found.append(f"programme row {title.text!r} without its room")
    return found


def _render_and_check(windows: dict[tuple[int, int], ScreenWindow], size: tuple[int, int],
                      schedule: Schedule, when: list[dt.datetime], room: str | None) -> None:
    window = windows[size]
    maker = BoardMaker(schedule, room=room)
    for moment in when:
        board = maker.board(moment)
        shown_board(window, board, moment)
        found = check(window, schedule, board)
        assert found == [], (f"{size[0]}x{size[1]} at {moment:%Y-%m-%d %H:%M}"
                             f"{' door ' + room if room else ''}: " + "; ".join(found[:5]))


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@PROPERTY
@given(data=st.data())
def test_the_lobby_screen_keeps_its_guarantees(
    windows: dict[tuple[int, int], ScreenWindow], size: tuple[int, int], data: st.DataObject
) -> None:
    schedule = data.draw(programmes(), label="schedule")
    when = data.draw(moments(schedule), label="moments")
    _render_and_check(windows, size, schedule, when, None)


@pytest.mark.parametrize("size", SIZES[:5], ids=[f"{w}x{h}" for w, h in SIZES[:5]])
@settings(PROPERTY, max_examples=12)
@given(data=st.data())
def test_a_room_door_keeps_its_guarantees(
    windows: dict[tuple[int, int], ScreenWindow], size: tuple[int, int], data: st.DataObject
) -> None:
    schedule = data.draw(programmes(), label="schedule")
    rooms = sorted({s.room for s in schedule.sessions if s.room})
    room = data.draw(st.sampled_from(rooms), label="room") if rooms else "Zaal 1"
    when = data.draw(moments(schedule), label="moments")
    _render_and_check(windows, size, schedule, when, room)
