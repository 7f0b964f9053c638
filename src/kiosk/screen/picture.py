"""One moment of the screen drawn into a picture, without a display (``kiosk snapshot``),
and the pieces the running screen shares with it: the QApplication with the bundled font,
and the window for a programme.

Kept apart from kiosk.screen.app, the running screen's wiring, so that a snapshot does
not import what only a running screen needs (the sources, the followed imports, the
single-instance lock, the ticker): about 30 ms of its start.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QImage, QImageWriter
from PySide6.QtWidgets import QApplication

from kiosk.board import BoardMaker, rotation
from kiosk.files import file_reason
from kiosk.i18n import Message, _, locale_translations, say
from kiosk.options import EXIT_OK, EXIT_UNUSABLE, SnapshotOptions, room_problem
from kiosk.reader import ReadResult, read_schedule
from kiosk.reader.imports import URL_SCHEMES
from kiosk.screen.photos import FolderPhotos, PhotoSource
from kiosk.screen.resources import load_fonts, stylesheet_template
from kiosk.screen.theme import Theme
from kiosk.screen.window import ScreenWindow

PNG_QUALITY = 85
"""For Qt's PNG writer, the least compression that still compresses: a 1920x1080 screen
is written in two thirds of the default's time (45 against 68 ms of CPU here) into a file
about a tenth larger (290 against 260 KB); 90 and above write it uncompressed (6 MB)."""


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


def build_window(
    result: ReadResult, photos: PhotoSource | None, room: str | None, check_clock: bool = False
) -> tuple[ScreenWindow, BoardMaker]:
    schedule = result.schedule
    maker = BoardMaker(schedule, room=room, check_clock=check_clock)
    window = ScreenWindow(
        words=maker.words,
        theme=Theme.for_accent(schedule.event.accent),
        stylesheet=stylesheet_template(),
        url=schedule.event.url,
        photos=photos,
    )
    return window, maker


def render(result: ReadResult, source: Path, moment: dt.datetime, size: tuple[int, int],
           room: str | None = None) -> tuple[QImage, ScreenWindow]:
    """Exactly what the screen shows at ``moment`` on a screen of ``size``."""
    application()
    window, maker = build_window(result, FolderPhotos(source.parent), room)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.setFixedSize(*size)
    board = maker.board(moment)
    # Painted once, into the picture: not also into a backing store while settling.
    window.setUpdatesEnabled(False)
    window.show()
    window.show_board(board, rotation(moment, board.card_seconds))
    settle()
    window.setUpdatesEnabled(True)
    image = QImage(window.size(), QImage.Format.Format_RGB32)
    # Painting records what was drawn where (window.painted()).
    window.render(image)
    return image, window


def settle(rounds: int = 8) -> None:
    """Let layouts settle: text blocks adjust their heights to their widths in a few passes."""
    for _round in range(rounds):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()


def snapshot(options: SnapshotOptions) -> int:
    """``kiosk snapshot``: render one moment into a picture (PNG, JPEG, ...), without a
    display; with ``--layout``, also what was drawn where, as JSON."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    kind = image_format(str(options.output))
    if kind is None:
        known = ", ".join(f".{name}" for name in sorted(writable_formats()))
        print("kiosk: " + say(_("--output: cannot tell the picture format from '{name}': "
                                "end the name in one of {known}", name=options.output,
                                known=known), locale_translations()), file=sys.stderr)
        return EXIT_UNUSABLE
    source = Path(options.file)
    if str(options.file).lower().startswith(URL_SCHEMES):
        from kiosk.fetching import read_url

        result = read_url(str(options.file))
    else:
        result = read_schedule(source)
    if (wrong := room_problem(result.schedule, options.room)) is not None:
        print("kiosk: " + say(wrong, locale_translations()), file=sys.stderr)
        return EXIT_UNUSABLE
    moment = options.at.resolve(result.schedule)
    image, window = render(result, source, moment, options.size, options.room)
    layout = window.painted()
    window.allow_close()
    window.close()
    # PySide6's stubs want bytes for the format; at run time it takes str only.
    quality = PNG_QUALITY if kind == "PNG" else -1  # -1: the format's default
    if not image.save(str(options.output), kind, quality):  # type: ignore[call-overload]
        print("kiosk: " + say(unwritable(str(options.output)), locale_translations()),
              file=sys.stderr)
        return EXIT_UNUSABLE
    target = options.layout
    if target is not None:
        try:
            Path(target).write_text(json.dumps(layout.as_json(), ensure_ascii=False, indent=1)
                                    + "\n", encoding="utf-8")
        except OSError as error:
            print("kiosk: " + say(unwritable(target, error), locale_translations()),
                  file=sys.stderr)
            return EXIT_UNUSABLE
    return EXIT_OK


def unwritable(name: str, error: OSError | None = None) -> Message:
    """Why ``name`` could not be written, as far as can be told (Qt's writer says nothing)."""
    folder = Path(name).parent
    if not folder.is_dir():
        return _("cannot write {name}: there is no folder {folder}", name=name, folder=folder)
    if error is not None:
        return _("{file}: {reason}", file=name, reason=file_reason(error))
    return _("cannot write {name}", name=name)


def writable_formats() -> set[str]:
    """The picture formats Qt can write here, by their usual file name ending."""
    return {bytes(name.data()).decode("ascii").lower()
            for name in QImageWriter.supportedImageFormats()}


def image_format(output: str) -> str | None:
    """The format the name of ``--output`` asks for (``x.jpg``: JPG), or None."""
    ending = Path(output).suffix.lower().removeprefix(".")
    return ending.upper() if ending in writable_formats() else None
