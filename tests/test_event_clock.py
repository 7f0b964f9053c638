"""Correct to the minute over a whole event: nights between days, the nights the clocks
change, very slow rehearsals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from kiosk.board import BoardMaker, Mode
from kiosk.clock import FixedClock, RunningClock
from kiosk.reader import parse_schedule
from kiosk.screen.picture import build_window
from kiosk.screen.ticker import LATE_MS, MAX_SLEEP_MS, Ticker

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = dt.timezone.utc

TWO_DAYS = """\
event:
  title: Festival
speakers:
  ann: {name: Ann Ack, role: zangeres}
  bob: {name: Bob Bee}
days:
  - date: 2024-10-26
    until: 04.00
    sessions:
      - time: 20.00 - 21.00
        title: Opening
        speakers: [ann]
      - time: 23.30 - 00.30
        title: Nachtset
      - time: 01.30 - 03.30
        title: Diepe nacht
        speakers: [bob]
  - date: 2024-10-27
    sessions:
      - time: 10.00 - 11.00
        title: Dag twee
        speakers: [ann]
"""

NIGHT = """\
event:
  title: Nacht
  date: {date}
  until: 05.00
sessions:
  - time: 22.00 - 01.00
    title: Voor
  - time: 01.00 - 04.00
    title: Door de nacht
  - time: 04.00 - 04.30
    title: Pauze
    kind: break
"""


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


def test_the_night_between_days_says_see_you_tomorrow_and_the_morning_welcomes() -> None:
    maker = BoardMaker(parse_schedule(TWO_DAYS, "s.yaml").schedule)
    # After the night's programme (until 03.30, the night of the 26th), before morning.
    for moment in ("2024-10-27 03:31", "2024-10-27 05:59"):
        board = maker.board(local(moment))
        assert board.mode is Mode.BETWEEN_DAYS, moment
        assert board.banner is not None
        assert board.banner.heading == "Tot morgen", moment
        assert board.next[0].countdown == "zondag 10.00"
    for moment, countdown in (("2024-10-27 06:00", "over 4 uur"),
                              ("2024-10-27 09:55", "over 5 min")):
        board = maker.board(local(moment))
        assert board.mode is Mode.WELCOME, moment
        assert board.banner is not None
        assert (board.banner.heading, board.banner.countdown) == ("Welkom", countdown)
        assert [c.name for c in board.cards] == ["Ann Ack"], "day two's speaker, to come"
        assert board.programme_label == "zondag 27 oktober"


def test_a_day_that_starts_before_morning_welcomes_from_midnight() -> None:
    early = parse_schedule("""\
event:
  title: Zonsopgang
days:
  - date: 2024-06-20
    sessions:
      - time: 19.00 - 21.00
        title: Avond
  - date: 2024-06-21
    sessions:
      - time: 05.00 - 06.00
        title: Zonnegroet
""", "s.yaml").schedule
    maker = BoardMaker(early)
    assert maker.board(local("2024-06-20 23:00")).mode is Mode.BETWEEN_DAYS
    board = maker.board(local("2024-06-21 04:00"))
    assert board.mode is Mode.WELCOME
    assert board.next[0].countdown == "over 1 uur"


@pytest.mark.parametrize(("start", "hours", "expected"), [
    # The clocks go back: 02.00-03.00 comes twice.
    (dt.datetime(2024, 10, 27, 1, 30, tzinfo=AMSTERDAM), 2,
     dt.datetime(2024, 10, 27, 1, 30, tzinfo=UTC)),  # 02.30 winter time
    # The clocks go forward: 02.00-03.00 does not exist.
    (dt.datetime(2024, 3, 31, 1, 30, tzinfo=AMSTERDAM), 1,
     dt.datetime(2024, 3, 31, 1, 30, tzinfo=UTC)),  # 03.30 summer time
])
def test_a_rehearsal_counts_real_hours_through_the_change_of_the_clocks(
    start: dt.datetime, hours: int, expected: dt.datetime
) -> None:
    elapsed = [0.0]
    running = RunningClock(start, monotonic=lambda: elapsed[0])
    elapsed[0] = hours * 3600.0
    assert running.now() == expected
    fixed = FixedClock(start)
    fixed.advance(hours=hours)
    assert fixed.now() == expected


@pytest.fixture
def night(qtbot: QtBot) -> Iterator[tuple[Ticker, list[float], RunningClock]]:
    """A ticker on the night of 26 October 2024, driven by a rehearsal clock whose
    monotonic time the test moves."""
    result = parse_schedule(NIGHT.format(date="2024-10-26"), "s.yaml", folder=Path("."))
    window, maker = build_window(result, None, room=None)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    elapsed = [0.0]
    clock = RunningClock(dt.datetime(2024, 10, 27, 1, 58, 30, tzinfo=AMSTERDAM),
                         monotonic=lambda: elapsed[0])
    ticker = Ticker(clock, maker, window)
    ticker.start()
    yield ticker, elapsed, clock
    ticker.stop()


def test_the_ticker_wakes_every_minute_through_the_hour_that_comes_twice(
    night: tuple[Ticker, list[float], RunningClock]
) -> None:
    ticker, elapsed, _ = night
    seen: list[tuple[str, str]] = []
    for _ in range(125):
        sleep = ticker.interval_ms()
        assert LATE_MS < sleep <= 60_000 + LATE_MS, "no busy loop, no hour-long sleep"
        elapsed[0] += sleep / 1000
        ticker.tick()
        shown = (ticker.window.texts("header", "clock")[0],
                 ticker.window.texts("now", "countdown")[0])
        if not seen or seen[-1] != shown:
            seen.append(shown)
    clocks = [c for c, _ in seen]
    assert clocks[:3] == ["01.59", "02.00", "02.01"]
    assert clocks[61:63] == ["02.00", "02.01"], "after 02.59 summer time, 02.00 winter time"
    assert len(clocks) == len(set(map(tuple, seen))) == 125, "every minute once, none skipped"
    # Door de nacht ends at 04.00 winter time: three real hours from 02.00 summer time.
    assert seen[1] == ("02.00", "nog 3 uur")
    assert seen[61] == ("02.00", "nog 2 uur")


def test_a_very_slow_rehearsal_sleeps_at_most_an_hour(qtbot: QtBot) -> None:
    result = parse_schedule(NIGHT.format(date="2024-10-26"), "s.yaml", folder=Path("."))
    window, maker = build_window(result, None, room=None)
    qtbot.addWidget(window)
    clock = RunningClock(dt.datetime(2024, 10, 26, 22, 10, tzinfo=AMSTERDAM), speed=1e-300,
                         monotonic=lambda: 0.0)
    ticker = Ticker(clock, maker, window)
    ticker.start()
    assert ticker.interval_ms() == MAX_SLEEP_MS + LATE_MS
    ticker.stop()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(
    moment=st.datetimes(min_value=dt.datetime(2024, 10, 26, 21), max_value=dt.datetime(
        2024, 10, 27, 6), timezones=st.just(UTC)),
    speed=st.sampled_from([1.0, 60.0, 0.5, 3600.0, 1e-9]),
)
def test_the_ticker_always_wakes_by_the_next_minute_and_never_spins(
    night: tuple[Ticker, list[float], RunningClock], moment: dt.datetime, speed: float
) -> None:
    ticker, _, _ = night
    clock = FixedClock(moment)
    clock.speed = speed
    ticker.clock = clock
    ticker.tick()
    sleep = ticker.interval_ms()
    following = moment.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    until = (following - moment).total_seconds() * 1000 / speed
    assert LATE_MS < sleep <= max(1, until + 1) + LATE_MS, "awake again by the next minute"
    assert sleep <= MAX_SLEEP_MS + LATE_MS
    assert ticker.window.texts("header", "clock") == [
        moment.astimezone(AMSTERDAM).strftime("%H.%M")]
