"""Wiring: the Qt application, the window, the clock and the ticker, in one place."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QGuiApplication, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from kiosk.board import BoardMaker, card_index
from kiosk.clock import Clock, RunningClock, SystemClock
from kiosk.reader import ReadResult, read_schedule
from kiosk.screen.resources import load_fonts, stylesheet_template
from kiosk.screen.theme import Theme
from kiosk.screen.ticker import Ticker
from kiosk.screen.window import ScreenWindow

EXIT_OK = 0
EXIT_UNWRITABLE = 2


def application() -> QApplication:
    """The one QApplication, with the bundled font loaded and made the default."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication([sys.argv[0] if sys.argv else "kiosk"])
        app.setApplicationName("kiosk")
    family = load_fonts()
    font = QFont(family)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    return app


def build_window(result: ReadResult, source: Path, room: str | None) -> tuple[
        ScreenWindow, BoardMaker]:
    schedule = result.schedule
    maker = BoardMaker(schedule, room=room)
    window = ScreenWindow(
        words=maker.words,
        theme=Theme.for_accent(schedule.event.accent),
        stylesheet=stylesheet_template(),
        url=schedule.event.url,
        photo_root=source.parent,
    )
    return window, maker


def render(result: ReadResult, source: Path, moment: dt.datetime, size: tuple[int, int],
           room: str | None = None) -> tuple[QImage, ScreenWindow]:
    """Exactly what the screen shows at ``moment`` on a screen of ``size``."""
    application()
    window, maker = build_window(result, source, room)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.setFixedSize(*size)
    board = maker.board(moment)
    window.show_board(board, card_index(moment, len(board.cards), board.card_seconds))
    window.show()
    settle()
    return window.grab().toImage(), window


def settle(rounds: int = 8) -> None:
    """Let layouts settle: text blocks adjust their heights to their widths in a few passes."""
    for _ in range(rounds):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()


def snapshot(options: argparse.Namespace) -> int:
    """``kiosk snapshot``: render one moment into a PNG, without a display."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    source = Path(options.file)
    result = read_schedule(source)
    moment = options.at.resolve(result.schedule)
    image, window = render(result, source, moment, options.size, options.room)
    window.close()
    # PySide6's stubs want bytes for the format; at run time it takes str only.
    if not image.save(str(options.output), "PNG"):  # type: ignore[call-overload]
        print(f"kiosk: cannot write {options.output}", file=sys.stderr)
        return EXIT_UNWRITABLE
    return EXIT_OK


def run(options: argparse.Namespace) -> int:
    """``kiosk run``: the screen, fullscreen (or windowed), following the clock."""
    source = Path(options.file)
    result = read_schedule(source)
    for line in result.warning_lines():
        print(line, file=sys.stderr)
    clock: Clock = SystemClock()
    if options.at is not None:
        clock = RunningClock(options.at.resolve(result.schedule))
    app = application()
    window, maker = build_window(result, source, options.room)
    ticker = Ticker(clock, maker, window)
    quit_shortcut = QShortcut(QKeySequence("Ctrl+Q"), window)
    quit_shortcut.activated.connect(app.quit)
    if options.windowed:
        window.resize(1280, 720)
        window.show()
    else:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        # Without a window manager (a bare X session on a player) fullscreen is only a
        # request: give the window the screen's whole geometry as well.
        window.setGeometry(app.primaryScreen().geometry())
        window.showFullScreen()
    ticker.start()
    return app.exec()
