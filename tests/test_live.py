"""On the day: the screen follows every save of schedule.yaml within a second, keeps the
last good schedule through every mistake, and tells staff what happened."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from conftest import REAL_SCHEDULE
from kiosk.board import BURN_IN_STEPS, BoardMaker, Mode, burn_in_shift
from kiosk.clock import FixedClock, RunningClock
from kiosk.holding import QUIET_SECONDS
from kiosk.notices import Rejection
from kiosk.reader import ReadResult, ScheduleError, ScheduleFileError, read_schedule
from kiosk.screen import source as source_module
from kiosk.screen.app import Placement, Screen, UsageError, choose_screen
from kiosk.screen.awake import Awake
from kiosk.screen.picture import settle
from kiosk.screen.source import FileSource

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
REAL = REAL_SCHEDULE.read_text(encoding="utf-8")
AT_11_20 = dt.datetime(2024, 4, 15, 11, 20, tzinfo=AMSTERDAM)


def retitled(title: str) -> str:
    return REAL.replace("title: Lezing Dennis Martens", f"title: {title}")


def in_place(path: Path, text: str) -> None:
    with path.open("r+", encoding="utf-8") as stream:
        stream.write(text)
        stream.truncate()


def truncate_and_write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def temp_and_rename(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def delete_and_create(path: Path, text: str) -> None:
    path.unlink()
    path.write_text(text, encoding="utf-8")


SAVES = [in_place, truncate_and_write, temp_and_rename, delete_and_create]


@pytest.fixture
def schedule_file(tmp_path: Path) -> Path:
    path = tmp_path / "schedule.yaml"
    path.write_text(REAL, encoding="utf-8")
    return path


@pytest.fixture
def following(qtbot: QtBot, schedule_file: Path) -> Iterator[FileSource]:
    source = FileSource(schedule_file)
    source.start(read_schedule(schedule_file))
    yield source
    source.stop()


def titles(result: ReadResult) -> list[str]:
    return [s.title for s in result.schedule.sessions]


@pytest.mark.parametrize("save", SAVES, ids=lambda save: save.__name__)
def test_every_save_style_is_followed_within_a_second(
    qtbot: QtBot, following: FileSource, schedule_file: Path, save: Callable[[Path, str], None]
) -> None:
    for round_ in range(2):  # twice: a replaced file must still be watched afterwards
        title = f"Lezing Dennis Martens (versie {round_ + 2})"
        started = time.monotonic()
        with qtbot.waitSignal(following.loaded, timeout=1000) as loaded:
            save(schedule_file, retitled(title))
        assert time.monotonic() - started < 1.0
        assert title in titles(loaded.args[0])


def test_the_backup_check_finds_changes_without_events(
    qtbot: QtBot, schedule_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source_module, "POLL_MS", 150)
    source = FileSource(schedule_file)
    source.start(read_schedule(schedule_file))
    source._watcher.blockSignals(True)  # a network share: no change events at all
    with qtbot.waitSignal(source.loaded, timeout=1000) as loaded:
        truncate_and_write(schedule_file, retitled("Gevonden door de controle"))
    assert "Gevonden door de controle" in titles(loaded.args[0])
    source.stop()


def test_an_invalid_save_is_rejected_with_its_line(
    qtbot: QtBot, following: FileSource, schedule_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = REAL.replace("  - time: 11.15 - 12.00", "  - time: 11.15 - 12.75")
    with caplog.at_level(logging.INFO, logger="kiosk"), qtbot.waitSignal(
            following.rejected, timeout=1000) as rejected:
        truncate_and_write(schedule_file, broken)
    rejection: Rejection = rejected.args[0]
    assert rejection.line == 68
    assert rejection.message == "end time '12.75' does not exist: use 00.00 to 24.00"
    assert [r.message for r in caplog.records] == [
        f"rejected {schedule_file}:68:19: end time '12.75' does not exist: use 00.00 to 24.00"]


def test_f5_reads_the_file_again(qtbot: QtBot, following: FileSource) -> None:
    with qtbot.waitSignal(following.loaded, timeout=500):
        following.reload()


@pytest.fixture
def screen(qtbot: QtBot, schedule_file: Path) -> Iterator[Screen]:
    source = FileSource(schedule_file)
    live = Screen(source, read_schedule(schedule_file), FixedClock(AT_11_20), room=None)
    qtbot.addWidget(live.window)
    live.window.resize(1920, 1080)
    live.window.show()
    live.start()
    settle()
    yield live
    live.ticker.stop()
    source.stop()
    live.window.allow_close()


def now_titles(live: Screen) -> list[str]:
    assert live.window.board is not None
    return [item.title for item in live.window.board.now]


def test_a_bad_save_keeps_the_schedule_and_tells_staff_until_fixed(
    qtbot: QtBot, screen: Screen, schedule_file: Path
) -> None:
    notice = screen.window.notice
    assert not notice.isVisible()
    broken = retitled("Nieuwe titel").replace("  - time: 11.15 - 12.00",
                                              "  - time: 11.15 - 12.75")
    with qtbot.waitSignal(screen.source.rejected, timeout=1000):
        truncate_and_write(schedule_file, broken)
    assert notice.isVisible()
    # The screen speaks the event's language, the message of the save too (the log: English).
    assert notice.text() == ("Vorige versie blijft staan — schedule.yaml regel 68: end-tijd "
                             "'12.75' bestaat niet: gebruik 00.00 tot en met 24.00")
    assert now_titles(screen) == ["Lezing Dennis Martens"]
    with qtbot.waitSignal(screen.source.loaded, timeout=1000):
        truncate_and_write(schedule_file, retitled("Nieuwe titel"))
    assert not notice.isVisible()
    assert now_titles(screen) == ["Nieuwe titel"]


def test_a_deleted_file_keeps_the_last_good_schedule(
    qtbot: QtBot, screen: Screen, schedule_file: Path
) -> None:
    with qtbot.waitSignal(screen.source.rejected, timeout=1000):
        schedule_file.unlink()
    assert screen.window.notice.text() == (
        "schedule.yaml is niet te lezen — vorige versie blijft staan")
    assert now_titles(screen) == ["Lezing Dennis Martens"]
    with qtbot.waitSignal(screen.source.loaded, timeout=1000):
        schedule_file.write_text(REAL, encoding="utf-8")
    assert not screen.window.notice.isVisible()


def test_the_notice_sits_in_a_corner_within_the_window(
    qtbot: QtBot, screen: Screen, schedule_file: Path
) -> None:
    with qtbot.waitSignal(screen.source.rejected, timeout=1000):
        truncate_and_write(schedule_file, "event: [\n")
    window = screen.window
    geometry = window.notice.geometry()
    assert window.rect().contains(geometry)
    assert geometry.right() > window.width() * 0.9
    assert geometry.bottom() > window.height() * 0.9
    assert geometry.width() <= window.width() / 2


def test_a_language_change_on_reload_changes_the_screens_words(
    qtbot: QtBot, screen: Screen, schedule_file: Path
) -> None:
    with qtbot.waitSignal(screen.source.loaded, timeout=1000):
        truncate_and_write(schedule_file, REAL.replace("language: nl", "language: en"))
    assert screen.window.texts("now", "label") == ["NOW"]
    assert screen.window.texts("header", "clock") == ["11:20"]


def test_rehearsal_says_so_and_runs_faster(qtbot: QtBot, schedule_file: Path) -> None:
    ticks = [0.0]
    clock = RunningClock(AT_11_20, speed=60, monotonic=lambda: ticks[0])
    live = Screen(FileSource(schedule_file), read_schedule(schedule_file), clock, room=None)
    qtbot.addWidget(live.window)
    live.window.resize(1920, 1080)
    live.window.show()
    live.ticker.tick()
    settle()
    assert live.window.texts("header", "rehearsal") == ["REPETITIE ×60"]
    # A minute of the day passes in a second of rehearsal.
    assert 900 <= live.ticker.remaining_ms() <= 1000 + 10
    ticks[0] = 40 * 60 / 60  # 40 minutes of the day later
    live.ticker.tick()
    assert now_titles(live) == ["Lezing Lodewijk Asscher"]
    live.ticker.stop()
    live.window.allow_close()


def test_the_real_clock_shows_no_rehearsal_badge(screen: Screen) -> None:
    # FixedClock is not the real clock: a preview says REPETITIE too.
    assert screen.window.texts("header", "rehearsal") == ["REPETITIE"]


class JumpyClock:
    """A 'real' clock whose wall time can be moved, as NTP or a person would."""

    is_real = True
    speed = 1.0

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def now(self) -> dt.datetime:
        return self.moment


def test_a_jump_of_the_wall_clock_is_caught_at_once(qtbot: QtBot, schedule_file: Path) -> None:
    clock = JumpyClock(AT_11_20)
    live = Screen(FileSource(schedule_file), read_schedule(schedule_file), clock, room=None)
    qtbot.addWidget(live.window)
    live.window.resize(1920, 1080)
    live.window.show()
    live.ticker._monotonic = lambda: 1000.0
    live.ticker.start()
    assert live.ticker.check_jump() is False
    clock.moment = AT_11_20 + dt.timedelta(hours=3)  # monotonic time did not move
    assert live.ticker.check_jump() is True
    assert now_titles(live) == ["Lezing Hugo de Jonge"]
    live.ticker.stop()
    live.window.allow_close()


def test_a_clock_far_from_the_event_shows_a_notice_instead_of_a_countdown() -> None:
    schedule = read_schedule(REAL_SCHEDULE).schedule
    board = BoardMaker(schedule, check_clock=True).board(
        dt.datetime(2026, 11, 28, 23, 54, tzinfo=AMSTERDAM))
    assert board.mode is Mode.CLOCK_OFF
    assert board.notice == ("Klok controleren: deze computer zegt zaterdag 28 november 2026, "
                            "het evenement is op maandag 15 april 2024")
    assert board.banner is not None
    assert board.banner.heading == "maandag 15 april 2024"
    assert (board.now, board.next, board.cards) == ((), (), ())
    assert {row.state.value for row in board.programme} == {"later"}
    near = BoardMaker(schedule, check_clock=True).board(AT_11_20)
    assert near.notice is None


def test_burn_in_shift_moves_a_step_every_few_minutes(screen: Screen) -> None:
    base = dt.datetime(2024, 4, 15, 8, 0, tzinfo=dt.timezone.utc)
    steps = [burn_in_shift(base + dt.timedelta(minutes=4 * i)) for i in range(9)]
    assert sorted(steps) == sorted(BURN_IN_STEPS)
    assert burn_in_shift(base) == burn_in_shift(base + dt.timedelta(minutes=3, seconds=59))
    window = screen.window
    window.set_shift((0, 0))
    before, now = window.content_rect(), window.now.geometry()
    window.set_shift((1, -1))
    after = window.content_rect()
    step = round(window.unit * 0.1)
    assert step >= 4
    assert after == before.translated(step, -step)
    assert window.now.geometry() == now.translated(step, -step), "the regions move with it"


def test_only_ctrl_q_closes_the_screen(
    qtbot: QtBot, screen: Screen, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = screen.window
    window.close()
    assert window.isVisible(), "a close request from an attendee is ignored"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    quits: list[bool] = []
    monkeypatch.setattr(QCoreApplication, "quit", lambda: quits.append(True))
    window.activateWindow()
    screen.quit()
    assert quits == [True]
    assert not window.isVisible()


def test_choose_screen_by_number_or_name(qtbot: QtBot) -> None:
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    first = app.screens()[0]
    assert choose_screen(app, None) is app.primaryScreen()
    assert choose_screen(app, "0") is first
    assert choose_screen(app, first.name()) is first
    with pytest.raises(UsageError, match=r"--screen: no monitor 'beamer'; there are: 0 \("):
        choose_screen(app, "beamer")


def test_keeping_awake_without_a_session_bus_is_harmless(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    awake = Awake()
    assert awake.how in ("nothing (see the venue setup guide)",
                         "the freedesktop ScreenSaver inhibit (D-Bus)")
    awake.release()


def test_after_monitors_change_the_screen_returns_to_fullscreen(
    qtbot: QtBot, screen: Screen
) -> None:
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    placement = Placement(app, screen.window, None)
    placement.place()
    monitor = app.primaryScreen().geometry()
    assert screen.window.geometry() == monitor
    screen.window.showNormal()
    screen.window.setGeometry(10, 10, 800, 600)  # what an unplugged monitor leaves behind
    app.screenAdded.emit(app.primaryScreen())  # as when a monitor comes back
    qtbot.waitUntil(lambda: screen.window.geometry() == monitor, timeout=2000)
    assert screen.window.isFullScreen()


SESSION_STARTS = [m.start() for m in re.finditer(r"^  - time: ", REAL, re.MULTILINE)]
PART = REAL[:SESSION_STARTS[7]]
"""The first part of a slow save: a valid schedule of 7 sessions (of 12)."""


@pytest.mark.parametrize("pause_ms", [300, pytest.param(3000, marks=pytest.mark.slow)])
def test_a_slow_writers_part_never_reaches_the_screen(
    qtbot: QtBot, following: FileSource, schedule_file: Path, pause_ms: int
) -> None:
    shown: list[int] = []
    following.loaded.connect(lambda result: shown.append(len(result.schedule.sessions)))
    with schedule_file.open("w", encoding="utf-8") as stream:
        stream.write(PART)
        stream.flush()
        qtbot.wait(pause_ms)  # a network share or a USB stick, between two writes
        with qtbot.waitSignal(following.loaded, timeout=1000):
            stream.write(REAL[len(PART):].replace("title: Afronding",
                                                  "title: Afronding en dank"))
            stream.flush()
    assert shown == [12]
    assert following._shown is not None
    assert following._shown.schedule.sessions[-2].title == "Afronding en dank"


@pytest.mark.slow  # waits out the 4-second hold in real time
def test_a_part_left_alone_is_shown_once_the_file_is_quiet(
    qtbot: QtBot, following: FileSource, schedule_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="kiosk"):
        schedule_file.write_text(PART, encoding="utf-8")
        with qtbot.waitSignal(following.loaded, timeout=round(QUIET_SECONDS * 1000) + 1500) \
                as loaded:
            pass
    assert len(loaded.args[0].schedule.sessions) == 7
    assert [r.getMessage() for r in caplog.records] == [
        f"holding the new version of {schedule_file} until the file has been quiet for "
        f"{QUIET_SECONDS:g} s: it ends differently from the version on screen",
        f"reloaded {schedule_file}: 7 sessions"]


def test_a_replaced_event_folder_is_followed_like_a_save(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = tmp_path / "event"
    event.mkdir()
    (event / "schedule.yaml").write_text(REAL, encoding="utf-8")
    monkeypatch.chdir(event)
    source = FileSource(Path("schedule.yaml"))  # as the service starts it: relative
    source.start(source.load_first())
    try:
        new = tmp_path / "new"
        new.mkdir()
        (new / "schedule.yaml").write_text(retitled("Uit de nieuwe map"), encoding="utf-8")
        with qtbot.waitSignal(source.loaded, timeout=1000) as loaded:
            event.rename(tmp_path / "old")
            new.rename(event)
        assert "Uit de nieuwe map" in titles(loaded.args[0])
        with qtbot.waitSignal(source.loaded, timeout=1000) as loaded:
            truncate_and_write(event / "schedule.yaml", retitled("Daarna bewaard"))
        assert "Daarna bewaard" in titles(loaded.args[0])
    finally:
        source.stop()


def test_a_broken_file_at_boot_starts_from_the_copy_kept(
    qtbot: QtBot, schedule_file: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = FileSource(schedule_file, cache_dir=cache)
    first.load_first()  # the screen has shown this version: a copy is kept
    broken = REAL.replace("  - time: 11.15 - 12.00", "  - time: 11.15 - 12.75")
    truncate_and_write(schedule_file, broken)
    again = FileSource(schedule_file, cache_dir=cache)
    result = again.load_first()
    assert "Lezing Dennis Martens" in titles(result)
    with qtbot.waitSignal(again.rejected, timeout=1000) as rejected:
        again.start(result)
    assert rejected.args[0].line == 68
    again.stop()
    schedule_file.unlink()  # a missing file, too
    assert len(FileSource(schedule_file, cache_dir=cache).load_first().schedule.sessions) == 12


def test_a_first_ever_start_on_a_broken_file_still_fails(
    schedule_file: Path, tmp_path: Path
) -> None:
    truncate_and_write(schedule_file, REAL.replace("kind: drinks", "kind: borrelen"))
    with pytest.raises(ScheduleError):
        FileSource(schedule_file, cache_dir=tmp_path / "cache").load_first()


def test_a_copy_that_does_not_verify_is_not_used(schedule_file: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    FileSource(schedule_file, cache_dir=cache).load_first()
    (copy,) = cache.glob("*.copy")
    copy.write_bytes(copy.read_bytes()[: copy.stat().st_size // 2])  # cut short
    schedule_file.unlink()
    with pytest.raises(ScheduleFileError):
        FileSource(schedule_file, cache_dir=cache).load_first()


def test_a_monitor_that_is_not_there_is_waited_for(
    qtbot: QtBot, screen: Screen, caplog: pytest.LogCaptureFixture
) -> None:
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    primary = app.primaryScreen()
    placement = Placement(app, screen.window, "HDMI-2")
    with caplog.at_level(logging.INFO, logger="kiosk"):
        placement.place()
        placement.place()  # monitors changed, still not there: told once
    assert screen.window.geometry() == primary.geometry()
    said = [r.getMessage() for r in caplog.records]
    assert said[0] == (f"--screen: no monitor 'HDMI-2'; there are: 0 ({primary.name()}); "
                       "on the primary monitor until it appears")
    assert said[1:] == [f"fullscreen on monitor {primary.name()} "
                        f"({primary.geometry().width()}x{primary.geometry().height()})"] * 2
    caplog.clear()
    placement.wanted = primary.name()  # as if the monitor of that name had been plugged in
    with caplog.at_level(logging.INFO, logger="kiosk"):
        app.screenAdded.emit(primary)
        qtbot.waitUntil(lambda: bool(caplog.records), timeout=2000)
    assert caplog.records[0].getMessage().startswith(f"fullscreen on monitor {primary.name()}")


def test_a_fifo_in_place_of_the_file_is_a_notice_not_a_hang(
    qtbot: QtBot, screen: Screen, schedule_file: Path
) -> None:
    with qtbot.waitSignal(screen.source.rejected, timeout=1000) as rejected:
        schedule_file.unlink()
        os.mkfifo(schedule_file)
    assert rejected.args[0].message == (f"{schedule_file}: cannot read the schedule file: not "
                                        "a regular file but a FIFO (named pipe)")
    qtbot.wait(300)  # the UI thread still runs: it was not blocked opening the FIFO
    assert screen.window.notice.text() == (
        "schedule.yaml is niet te lezen — vorige versie blijft staan")
    assert now_titles(screen) == ["Lezing Dennis Martens"]


@pytest.mark.slow  # waits on real timers for over a second
def test_a_slow_read_does_not_stop_the_screen(
    following: FileSource, schedule_file: Path, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading happens in a worker thread: a read that takes a second (a congress export of
    many megabytes) leaves the UI thread free for the clock, the fades, the repaints."""
    real = source_module.parse_schedule

    def slow(*args: object, **keywords: object) -> ReadResult:
        time.sleep(1.0)
        return real(*args, **keywords)  # type: ignore[arg-type]

    monkeypatch.setattr(source_module, "parse_schedule", slow)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    with qtbot.waitSignal(following.loaded, timeout=5000):
        truncate_and_write(schedule_file, retitled("Traag gelezen"))
    timer.stop()
    # Read in the UI thread, the loop would tick only in the debounce before the read.
    assert len(ticks) >= 20
