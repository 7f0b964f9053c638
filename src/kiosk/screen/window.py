"""The lobby screen's window: shows boards. What to show comes from the board; where each
region goes and what it draws comes from kiosk.screen.arrange; the window applies it."""

from __future__ import annotations

from pathlib import PurePosixPath

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QCloseEvent, QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.board import Board, Card, Region
from kiosk.screen.arrange import Arranger, Frame, Placed
from kiosk.screen.photos import PhotoSource
from kiosk.screen.qr import QrCodes
from kiosk.screen.record import Area, Drawn, Layout, Shape
from kiosk.screen.region import Art, CardView, RegionView, shapes_of
from kiosk.screen.resources import FONT_FAMILY
from kiosk.screen.scene import EMPTY, Kit
from kiosk.screen.text import Fonts
from kiosk.screen.theme import Theme, parse_styles, unit_for
from kiosk.words import Words

SHIFT_UNITS = 0.1
"""How far one burn-in step moves the whole layout (4-5 px on a 1080-line screen)."""


class NoticeView(RegionView):
    """The staff notice's region (its text, for those who ask)."""

    def text(self) -> str:
        return " ".join(self.texts("notice"))


class ScreenWindow(QWidget):
    """Shows boards.

    Closing it takes ``allow_close()`` first (Ctrl+Q does that): nothing an attendee
    can press makes the screen go away.
    """

    def __init__(
        self,
        words: Words,
        theme: Theme,
        stylesheet: str,
        url: str | None = None,
        photos: PhotoSource | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setWindowTitle("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.theme = theme
        self.styles = parse_styles(stylesheet)
        self.url = url
        self.words = words
        self.photos = photos
        self.board: Board | None = None
        self.rotation = 0
        self.card_index = -1
        self.announcement_index = -1
        self.shift = (0, 0)
        self._may_close = False
        self._source_notice: str | None = None
        self._rehearsal: str | None = None
        self._qr = QrCodes()
        self._arranger = Arranger()
        self.placed: list[Placed] = []
        self.art = Art(Fonts(FONT_FAMILY), photos)
        self.header = RegionView(Region.HEADER.value, self.art, self)
        self.door = RegionView(Region.DOOR.value, self.art, self)
        self.now = RegionView(Region.NOW.value, self.art, self)
        self.next = RegionView(Region.NEXT.value, self.art, self)
        self.programme = RegionView(Region.PROGRAMME.value, self.art, self)
        self.banner = RegionView(Region.BANNER.value, self.art, self)
        self.cards = CardView(Region.CARD.value, self.art, self)
        self.announcement = RegionView(Region.ANNOUNCEMENT.value, self.art, self)
        self.notice = NoticeView(Region.NOTICE.value, self.art, self)
        self.cards.arrived = self._photo_arrived
        self.views: dict[Region, RegionView] = {
            Region.HEADER: self.header, Region.DOOR: self.door, Region.NOW: self.now,
            Region.NEXT: self.next, Region.PROGRAMME: self.programme,
            Region.BANNER: self.banner, Region.CARD: self.cards,
            Region.ANNOUNCEMENT: self.announcement, Region.NOTICE: self.notice,
        }

    # -- showing -----------------------------------------------------------

    @property
    def unit(self) -> float:
        return unit_for(self.width(), self.height())

    def show_board(self, board: Board, rotation: int = 0, animate: bool = False) -> None:
        """Show ``board``; only regions whose scene changed repaint.

        ``rotation`` counts the card periods of the wall clock: it picks the speaker card,
        the announcement and the page of a list that pages.
        """
        self.board = board
        self.words = board.words
        if board.url != self.url:
            self.url = board.url
        accent = Theme.for_accent(board.accent)
        if accent != self.theme:
            self.theme = accent
            self.update()
        self.rotation = rotation
        self._apply(animate)

    def rotate(self, rotation: int, animate: bool = True) -> None:
        """Show the speaker card, announcement and pages of card period ``rotation``."""
        if self.board is None or rotation == self.rotation:
            return
        self.rotation = rotation
        self._apply(animate)

    def rotates(self) -> bool:
        """Whether anything shown changes with the card period (cards, announcements,
        pages): the ticker then wakes at each card change."""
        board = self.board
        if board is None:
            return False
        return (len(board.cards) > 1 or len(board.announcements) > 1
                or any(p.scene.pages > 1 for p in self.placed))

    def set_source_notice(self, text: str | None) -> None:
        """A staff notice about the schedule's source (a refused save), or None."""
        if text != self._source_notice:
            self._source_notice = text
            self._apply(False)

    def set_rehearsal(self, text: str | None) -> None:
        """Say visibly that the screen does not follow the real clock."""
        if text != self._rehearsal:
            self._rehearsal = text
            self._apply(False)

    def rehearsal(self) -> str | None:
        return self._rehearsal

    def set_theme(self, theme: Theme) -> None:
        if theme != self.theme:
            self.theme = theme
            self.update()
            self._apply(False)

    def set_shift(self, shift: tuple[int, int]) -> None:
        """Move the whole layout by a burn-in step (in SHIFT_UNITS)."""
        if shift != self.shift:
            self.shift = shift
            self._place_views()

    def content_rect(self) -> QRect:
        """Where the layout is: the window less its margins, moved by the burn-in shift."""
        unit = self.unit
        dx, dy = self._offset()
        side, top, bottom = round(0.6 * unit), round(0.4 * unit), round(0.6 * unit)
        return QRect(side + dx, top + dy, self.width() - 2 * side, self.height() - top - bottom)

    def allow_close(self) -> None:
        self._may_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
        else:
            event.ignore()

    # -- what is shown ---------------------------------------------------------------

    def shows(self, region: Region) -> bool:
        return any(p.region is region for p in self.placed)

    def texts(self, region: Region | str, role: str | None = None,
              full: bool = False) -> list[str]:
        """The texts a region shows (as drawn: cut ones end in "…"; ``full``: the whole
        texts), of one role or all."""
        name = region.value if isinstance(region, Region) else region
        return [op.text if full else op.shown for p in self.placed if p.region.value == name
                for op in p.scene.texts() if role is None or op.role == role]

    def planned(self) -> Layout:
        """What the window shows now, where (as :meth:`painted` will say once painted)."""
        texts: list[Drawn] = []
        areas: list[Area] = []
        shapes: list[Shape] = []
        for placed in self.placed:
            where = self.views[placed.region].geometry()
            x, y = where.x(), where.y()
            for op in placed.scene.texts():
                box = op.rect()
                texts.append(Drawn(op.region, op.role, op.text, op.shown, op.lines,
                                   (box.x + x, box.y + y, box.w, box.h), op.px))
            shapes += shapes_of(placed.region.value, placed.scene, x, y)
            content = placed.content
            areas.append(Area(placed.region.value, (x, y, where.width(), where.height()),
                              (x + content.x, y + content.y, content.w, content.h)))
        return Layout((self.width(), self.height()), tuple(texts), tuple(areas),
                      tuple(shapes))

    def painted(self) -> Layout:
        """What was painted last, where: ``kiosk snapshot --layout``."""
        texts: list[Drawn] = []
        areas: list[Area] = []
        shapes: list[Shape] = []
        for placed in self.placed:
            view = self.views[placed.region]
            texts += view.drawn
            shapes += view.shapes
            where = view.geometry()
            content = placed.content
            areas.append(Area(placed.region.value,
                              (where.x(), where.y(), where.width(), where.height()),
                              (where.x() + content.x, where.y() + content.y, content.w,
                               content.h)))
        return Layout((self.width(), self.height()), tuple(texts), tuple(areas),
                      tuple(shapes))

    # -- applying --------------------------------------------------------------------

    def _notice(self) -> str | None:
        clock = self.board.notice if self.board else None
        return " · ".join(t for t in (self._source_notice, clock) if t) or None

    def _has_photo(self, card: Card) -> bool:
        return card.photo is not None and self.photos is not None and \
            self.photos.photo(card.photo) is not None

    def _photo_arrived(self, relative: PurePosixPath) -> None:
        board = self.board
        if board is not None and board.cards and \
                board.cards[self.card_index % len(board.cards)].photo == relative:
            self._apply(False)

    def _apply(self, animate: bool) -> None:
        board = self.board
        if board is None or self.width() < 50 or self.height() < 50:
            return
        qr = self._qr.get(self.url)
        if qr is not None:
            self.art.images["qr"] = qr
        kit = Kit(self.art.fonts, self.styles, self.theme, self.width(), self.height(),
                  board.words)
        frame = Frame(rotation=self.rotation, rehearsal=self._rehearsal,
                      notice=self._notice(), qr=qr is not None, photo=self._has_photo)
        self.placed = self._arranger.arrange(kit, board, frame)
        if board.cards:
            self.card_index = self.rotation % len(board.cards)
        if board.announcements:
            self.announcement_index = self.rotation % len(board.announcements)
        shown = {p.region for p in self.placed}
        for placed in self.placed:
            view = self.views[placed.region]
            if isinstance(view, CardView):
                view.show_card(board.cards[self.card_index], placed.scene, animate)
            else:
                view.show_scene(placed.scene)
        self._place_views()
        for region, view in self.views.items():
            if region not in shown:
                view.show_scene(EMPTY)
            view.setVisible(region in shown)

    def _offset(self) -> tuple[int, int]:
        step = round(self.unit * SHIFT_UNITS)
        return self.shift[0] * step, self.shift[1] * step

    def _place_views(self) -> None:
        dx, dy = self._offset()
        for placed in self.placed:
            rect = placed.rect
            self.views[placed.region].setGeometry(QRect(round(rect.x) + dx, round(rect.y) + dy,
                                                        round(rect.w), round(rect.h)))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self.theme.bg))
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply(False)
