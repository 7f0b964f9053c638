"""Wiring: the Qt application, the schedule's source, the window, the clock and the ticker,
in one place."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QScreen, QShortcut

from kiosk.board import BoardMaker
from kiosk.clock import Clock, RunningClock, SystemClock
from kiosk.copies import default_cache_dir
from kiosk.i18n import _, locale_translations, say
from kiosk.notices import Rejection
from kiosk.options import (
    EXIT_UNUSABLE,
    WINDOWED_SIZE,
    RunOptions,
    UsageError,
    room_problem,
)
from kiosk.reader import ReadResult
from kiosk.reader.imports import is_url
from kiosk.screen.imports import FollowedImports
from kiosk.screen.launch import AlreadyRunning, InstanceLock, SignalStop, display_problem
from kiosk.screen.picture import application, build_window
from kiosk.screen.source import FileSource, ScheduleSource
from kiosk.screen.ticker import Ticker
from kiosk.screen.timers import make_timer
from kiosk.screen.window import ScreenWindow

log = logging.getLogger("kiosk")

REPLACE_DELAY_MS = 500
"""After monitors change, wait this long for the system to settle before moving back."""


def open_source(spec: str, poll_seconds: float) -> tuple[ScheduleSource, ReadResult]:
    """The source named on the command line and its first version.

    Raises ScheduleError or ScheduleFileError when there is no usable first version.
    """
    source: ScheduleSource
    if is_url(spec):
        from kiosk.screen.remote import UrlSource

        source = UrlSource(spec, poll_seconds=poll_seconds)
    else:
        source = FileSource(Path(spec), cache_dir=default_cache_dir())
    # A schedule.yaml that imports a programme (import: from:) follows that one too.
    source.follow_imports(FollowedImports(default_cache_dir(), poll_seconds, parent=source))
    return source, source.load_first()


class Screen(QObject):
    """The running screen: follows its source, keeps the last good schedule, shows it."""

    def __init__(
        self,
        source: ScheduleSource,
        first: ReadResult,
        clock: Clock,
        room: str | None,
    ) -> None:
        super().__init__()
        self.source = source
        self.clock = clock
        self.room = room
        self.result = first
        self.window, maker = build_window(first, source.photos, room,
                                          check_clock=clock.is_real)
        self.ticker = Ticker(clock, maker, self.window)
        if not clock.is_real:
            speed = f" ×{clock.speed:g}" if clock.speed != 1 else ""
            self.window.set_rehearsal(maker.words.rehearsal + speed)
        source.loaded.connect(self.take)
        source.rejected.connect(self.refuse)
        arrived = getattr(source.photos, "arrived", None)  # photos fetched from a URL
        if arrived is not None:
            arrived.connect(self.window.cards.refresh_photo)
        reload_key = QShortcut(QKeySequence(Qt.Key.Key_F5), self.window)
        reload_key.activated.connect(source.reload)
        quit_key = QShortcut(QKeySequence("Ctrl+Q"), self.window)
        quit_key.activated.connect(self.quit)

    def start(self) -> None:
        self.source.start(self.result)
        self.ticker.start()

    def take(self, result: ReadResult) -> None:
        """A new valid version of the schedule: show it from now on (in its words: a new
        language changes every word on the screen, the rehearsal badge too)."""
        self.result = result
        schedule = result.schedule
        maker = BoardMaker(schedule, room=self.room, check_clock=self.clock.is_real)
        if not self.clock.is_real:
            self.window.set_rehearsal(maker.words.rehearsal_badge(self.clock.speed))
        self.window.set_source_notice(None)
        self.ticker.set_maker(maker)

    def refuse(self, rejection: Rejection) -> None:
        """A version that cannot be used: keep the last good one, tell the staff."""
        self.window.set_source_notice(rejection.notice(self.ticker.maker.words))

    def quit(self, why: str = "Ctrl+Q") -> None:
        log.info("stopped by %s", why)
        self.ticker.stop()
        self.source.stop()
        self.window.allow_close()
        self.window.close()
        QCoreApplication.quit()


def choose_screen(app: QGuiApplication, wanted: str | None) -> QScreen:
    """The monitor named or numbered by ``--screen`` (from 0), else the primary one."""
    screens = app.screens()
    if wanted is None:
        return app.primaryScreen()
    if wanted.isdigit() and int(wanted) < len(screens):
        return screens[int(wanted)]
    for screen in screens:
        if screen.name() == wanted:
            return screen
    known = ", ".join(f"{i} ({s.name()})" for i, s in enumerate(screens))
    raise UsageError(_("--screen: no monitor '{wanted}'; there are: {known}", wanted=wanted,
                       known=known))


class Placement(QObject):
    """Keeps a window fullscreen on its monitor, also after monitors come and go."""

    def __init__(self, app: QGuiApplication, window: ScreenWindow, wanted: str | None) -> None:
        super().__init__(window)
        self.app = app
        self.window = window
        self.wanted = wanted
        self._missing: str | None = None
        """The monitor asked for is not there (as last told in the log)."""
        self._again = make_timer(self, REPLACE_DELAY_MS, self.place, single_shot=True)
        app.screenAdded.connect(self._changed)
        app.screenRemoved.connect(self._changed)
        app.primaryScreenChanged.connect(self._changed)

    def _changed(self, *_: object) -> None:
        self._again.start()

    def place(self) -> None:
        try:
            screen = choose_screen(self.app, self.wanted)
            self._missing = None
        except UsageError as error:
            # Not there (yet, or unplugged): the primary until it appears. Never an exit:
            # under the service that would be a restart loop and a bare desktop.
            screen = self.app.primaryScreen()
            if self._missing != str(error):
                self._missing = str(error)
                log.warning("%s; on the primary monitor until it appears", error)
        screen.geometryChanged.connect(self._changed, Qt.ConnectionType.UniqueConnection)
        handle = self.window.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        # Without a window manager (a bare X session on a player) fullscreen is only a
        # request: give the window the monitor's whole geometry as well.
        self.window.setGeometry(screen.geometry())
        self.window.showFullScreen()
        log.info("fullscreen on monitor %s (%dx%d)", screen.name(),
                 screen.geometry().width(), screen.geometry().height())


def configure_logging() -> None:
    """One line per event on stderr, which the journal keeps."""
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s kiosk %(levelname)s: %(message)s")


def run(options: RunOptions) -> int:
    """``kiosk run``: the screen, fullscreen (or windowed), following the clock and the file."""
    configure_logging()
    # Ctrl+C in a terminal stops the screen at once (Qt's event loop would swallow it).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    problem = display_problem(os.environ)
    if problem is not None:
        print(f"kiosk: {say(problem, locale_translations())}", file=sys.stderr)
        return EXIT_UNUSABLE
    lock = None
    if not options.windowed:
        lock = InstanceLock(os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY", ""),
                            options.screen)
        try:
            lock.acquire()
        except AlreadyRunning as error:
            print(f"kiosk: {say(error.args[0], locale_translations())}", file=sys.stderr)
            return EXIT_UNUSABLE
        except OSError as error:  # a read-only disk: no reason to leave the lobby dark
            log.warning("cannot take the lock %s (%s): not checking for a second screen",
                        lock.path, error.strerror or error)
            lock = None
    try:
        return _run(options)
    finally:
        if lock is not None:
            lock.release()


def _run(options: RunOptions) -> int:
    app = application()  # before the source: a URL source needs Qt's network stack
    source, first = open_source(options.source, options.poll_seconds)
    for line in first.warning_lines(locale_translations()):
        print(line, file=sys.stderr)
    if (wrong := room_problem(first.schedule, options.room)) is not None:
        log.warning("%s", wrong)  # a door that shows only the plenary: not a dark one
    clock: Clock = SystemClock()
    if options.rehearsal:
        start = options.at.resolve(first.schedule) if options.at else SystemClock().now()
        clock = RunningClock(start, speed=options.speed)
    if isinstance(source, FileSource):
        source.now = clock.now  # the hold rule judges at the moment the screen shows
    screen = Screen(source, first, clock, options.room)
    from kiosk.screen.awake import Awake  # D-Bus and ctypes: not for a snapshot

    awake = Awake()
    stop = SignalStop(screen.quit)
    if options.windowed:
        screen.window.resize(*WINDOWED_SIZE)
        screen.window.show()
    else:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        Placement(app, screen.window, options.screen).place()
    screen.start()
    begun = first.schedule.local(clock.now())  # the event's wall clock, as on the screen
    log.info("started on %s (%d sessions)%s", options.source, len(first.schedule.sessions),
             "" if clock.is_real else f", rehearsal from {begun:%Y-%m-%d %H:%M} "
             f"at {clock.speed:g}x")
    try:
        return app.exec()
    finally:
        stop.close()
        awake.release()
