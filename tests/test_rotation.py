"""Speaker cards rotate with the wall clock, cross-fade briefly, and the screen wakes only
when something changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from conftest import REAL_SCHEDULE
from kiosk.board import BoardMaker, card_index, next_card_change, next_minute
from kiosk.clock import FixedClock, RunningClock
from kiosk.reader import parse_schedule, read_schedule
from kiosk.screen.app import Screen
from kiosk.screen.photos import FolderPhotos
from kiosk.screen.picture import build_window, settle
from kiosk.screen.source import FileSource
from kiosk.screen.ticker import Ticker
from kiosk.screen.widgets import FADE_MS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WALK_IN = dt.datetime(2024, 4, 15, 10, 20, tzinfo=AMSTERDAM)  # epoch 1713169200, a card boundary


@pytest.fixture
def ticking(qtbot: QtBot) -> tuple[Ticker, FixedClock]:
    result = read_schedule(REAL_SCHEDULE)
    window, maker = build_window(result, FolderPhotos(REAL_SCHEDULE.parent), room=None)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    clock = FixedClock(WALK_IN)
    ticker = Ticker(clock, maker, window)
    ticker.start()
    settle()
    yield ticker, clock
    ticker.stop()


def test_card_index_is_a_function_of_the_wall_clock() -> None:
    assert WALK_IN.timestamp() == 1713169200
    assert card_index(WALK_IN, 10, 12) == 0
    assert card_index(WALK_IN + dt.timedelta(seconds=11.999), 10, 12) == 0
    assert card_index(WALK_IN + dt.timedelta(seconds=12), 10, 12) == 1
    assert card_index(WALK_IN + dt.timedelta(seconds=120), 10, 12) == 0
    assert card_index(WALK_IN, 0, 12) == 0
    assert next_card_change(WALK_IN + dt.timedelta(seconds=5), 12) == WALK_IN + dt.timedelta(
        seconds=12)
    assert next_minute(WALK_IN + dt.timedelta(seconds=5)) == WALK_IN + dt.timedelta(minutes=1)


def test_cards_rotate_every_card_seconds_in_order(ticking: tuple[Ticker, FixedClock]) -> None:
    ticker, clock = ticking
    window = ticker.window
    seen = window.texts("card", "speaker")
    for _ in range(10):
        clock.advance(seconds=12)
        ticker.tick()
        seen += window.texts("card", "speaker")
    assert seen == [
        "Roel Wever", "Nicole Ummelen", "Ron Meyer", "Dennis Martens", "Lodewijk Asscher",
        "Hugo de Jonge", "Martin de Beer", "Casper Gelderblom", "Micha Lutgens",
        "Marc van Caldenberg", "Roel Wever",
    ]


def test_a_card_change_cross_fades_within_600_ms(
    ticking: tuple[Ticker, FixedClock], qtbot: QtBot
) -> None:
    ticker, clock = ticking
    overlay = ticker.window.cards.overlay
    assert not overlay.is_fading()
    clock.advance(seconds=12)
    ticker.tick()
    assert overlay.is_fading()
    assert FADE_MS <= 600
    qtbot.waitUntil(lambda: not overlay.is_fading(), timeout=FADE_MS + 400)


def test_the_ticker_sleeps_until_the_next_card_or_minute(
    ticking: tuple[Ticker, FixedClock]
) -> None:
    ticker, clock = ticking
    clock.set(WALK_IN + dt.timedelta(seconds=5))
    ticker.tick()
    # Cards rotate during the walk-in: the next change is the card at 10.20:12, 7 s away.
    assert 6900 <= ticker.remaining_ms() <= 7000 + 10
    clock.set(dt.datetime(2024, 4, 15, 11, 20, 30, tzinfo=AMSTERDAM))
    ticker.tick()
    # During a lecture only the minute changes: 30 s to 11.21.
    assert not ticker.window.rotates()
    assert 29900 <= ticker.remaining_ms() <= 30000 + 10



def test_only_changed_boards_are_shown_again(ticking: tuple[Ticker, FixedClock]) -> None:
    ticker, clock = ticking
    clock.set(dt.datetime(2024, 4, 15, 11, 20, 30, tzinfo=AMSTERDAM))
    ticker.tick()
    board = ticker.board
    clock.advance(seconds=10)
    ticker.tick()
    assert ticker.board is board, "nothing changed within the minute: the same board stays"
    clock.advance(seconds=30)
    ticker.tick()
    assert ticker.board is not board
    assert ticker.window.texts("header", "clock") == ["11.21"]


def test_a_rehearsal_clock_wakes_sooner() -> None:
    ticks = iter([0.0, 0.0, 30.0])
    clock = RunningClock(WALK_IN, speed=60, monotonic=lambda: next(ticks))
    assert clock.now() == WALK_IN
    assert clock.now() == WALK_IN + dt.timedelta(minutes=30)
    assert not clock.is_real


def test_the_board_is_the_same_for_equal_moments() -> None:
    schedule = read_schedule(REAL_SCHEDULE).schedule
    maker = BoardMaker(schedule)
    assert maker.board(WALK_IN) == maker.board(WALK_IN + dt.timedelta(seconds=30))
    assert maker.board(WALK_IN) != maker.board(WALK_IN + dt.timedelta(minutes=1))


def test_a_new_language_changes_every_word_the_rehearsal_badge_too(
    qtbot: QtBot, tmp_path: Path
) -> None:
    schedule = tmp_path / "schedule.yaml"
    schedule.write_text(REAL_SCHEDULE.read_text(encoding="utf-8"), encoding="utf-8")
    clock = RunningClock(WALK_IN + dt.timedelta(hours=1), speed=60, monotonic=lambda: 0.0)
    screen = Screen(FileSource(schedule), read_schedule(schedule), clock, room=None)
    qtbot.addWidget(screen.window)
    screen.window.resize(1920, 1080)
    screen.window.show()
    screen.ticker.tick()
    window = screen.window
    assert window.texts("header", "rehearsal") == ["REPETITIE ×60"]
    assert window.texts("now", "label") == ["NU"]
    english = parse_schedule(REAL_SCHEDULE.read_text(encoding="utf-8").replace(
        "language: nl", "language: en"), source=str(schedule), folder=tmp_path)
    screen.take(english)
    assert window.texts("header", "rehearsal") == ["REHEARSAL ×60"]
    assert window.texts("now", "label") == ["NOW"]
    assert window.texts("header", "clock") == ["11:20"]
    assert window.texts("now", "countdown") == ["40 min left"]
    screen.ticker.stop()
    screen.source.stop()
    window.allow_close()
