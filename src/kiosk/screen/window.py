"""The lobby screen's window: the regions, arranged for the moment and the screen's shape."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLayout, QVBoxLayout, QWidget

from kiosk.board import Board, Mode
from kiosk.screen.panels import (
    AnnouncementBar,
    BannerPanel,
    CardPanel,
    HeaderBar,
    NextPanel,
    NowPanel,
    ProgrammePanel,
    StaffNotice,
)
from kiosk.screen.photos import PhotoSource
from kiosk.screen.text import TextBlock
from kiosk.screen.theme import Theme, render_stylesheet, unit_for
from kiosk.words import Words

MAIN_SHARE = 58
"""Per cent of a landscape screen's width for Now/Next/cards; the programme has the rest."""
SIDE_BY_SIDE_LIMIT = 2
"""In landscape, more parallel sessions than this take the whole width (the programme yields)."""
DENSITIES = 4
"""Levels of dropping the least needed lines (see the panels' set_density) to fit."""
SHIFT_UNITS = 0.1
"""How far one burn-in step moves the whole layout (4-5 px on a 1080-line screen)."""


class ScreenWindow(QWidget):
    """Shows boards. It decides only where things go; what to show comes from the board.

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
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle("kiosk")
        self.theme = theme
        self.template = stylesheet
        self.url = url
        self.words = words
        self.unit = 0.0
        self.board: Board | None = None
        self.card_index = -1
        self.announcement_index = -1
        self.shift = (0, 0)
        self.density = 0
        self._densities: dict[tuple[object, ...], int] = {}
        self._may_close = False
        self._source_notice: str | None = None

        self.header = HeaderBar()
        self.banner = BannerPanel()
        self.now = NowPanel(words)
        self.cards = CardPanel(photos)
        self.next = NextPanel(words)
        self.programme = ProgrammePanel(words)
        self.announcement = AnnouncementBar()
        self.notice = StaffNotice(self)

        self.main = QVBoxLayout()
        self.main.addWidget(self.banner)
        self.main.addWidget(self.now, 1)
        self.main.addWidget(self.cards, 1)
        self.main.addWidget(self.next)
        self.main.addStretch(0)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addLayout(self.main, MAIN_SHARE)
        self.body.addWidget(self.programme, 100 - MAIN_SHARE)
        self.root = QVBoxLayout(self)
        # The screen's size decides the layout, never the other way round: content must
        # not make the window grow (sizes follow the window, so it would grow forever).
        self.root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.root.addWidget(self.header)
        self.root.addLayout(self.body, 1)
        self.root.addWidget(self.announcement)
        self._regions = (self.header, self.banner, self.now, self.cards, self.next,
                         self.programme, self.announcement, self.notice)

    # -- showing -----------------------------------------------------------

    def show_board(self, board: Board, rotation: int = 0, animate: bool = False) -> None:
        """Render ``board``; only regions whose part of it changed repaint.

        ``rotation`` counts the card periods of the wall clock: it picks the speaker card
        and the announcement shown.
        """
        self.board = board
        if board.words != self.words:
            self.words = board.words
            for panel in (self.now, self.next, self.programme):
                panel.set_words(board.words)
        self.header.show_header(board.header, self.url)
        mode = board.mode
        self.banner.setVisible(board.banner is not None)
        if board.banner is not None:
            self.banner.show_banner(board.banner, large=mode in (Mode.THANKS, Mode.CLOCK_OFF),
                                    one_line=mode is Mode.BREAK)
        self.now.setVisible(mode is Mode.SESSION)
        if mode is Mode.SESSION:
            self.now.show_items(board.now, board.now_heading)
        self.next.setVisible(bool(board.next) and mode is not Mode.WELCOME)
        self.next.show_items(board.next, board.next_heading, brief=bool(board.cards))
        self.programme.show_programme(board.programme, board.focus, board.programme_date)
        self.cards.setVisible(bool(board.cards))
        self.announcement.setVisible(bool(board.announcements))
        self._show_notice()
        self._arrange()
        self.rotate(rotation, animate=animate)
        self.fit()

    def fit(self) -> None:
        """Drop the least needed lines, level by level, until everything fits the screen.

        The level found is kept for boards of the same shape, so a screen settles once
        and does not search again every minute.
        """
        board = self.board
        if board is None or not self.isVisible():
            return
        shape = (board.mode, len(board.now), len(board.next), bool(board.cards),
                 bool(board.announcements), self.width(), self.height())
        # A shape that fitted at some level starts its search there: nothing looser will
        # fit, but a longer title on the same shape may need a denser level.
        for density in range(self._densities.get(shape, 0), DENSITIES):
            self._set_density(density)
            _settle_layout()
            if self._fits():
                break
        self._densities[shape] = density

    def _fits(self) -> bool:
        """Whether every text has the height it needs (no layout had to squeeze one)."""
        if self.root.minimumSize().height() > self.height():
            return False
        # PySide6's stubs do not say what findChildren returns.
        blocks = cast("list[TextBlock]", self.findChildren(TextBlock))
        return all(b.height() >= b.minimumHeight() for b in blocks if b.isVisible())

    def _set_density(self, density: int) -> None:
        self.density = density
        for region in (self.header, self.now, self.next, self.cards, self.announcement):
            region.set_density(density)
        # At the last level the speaker cards give way: they are the one thing that is
        # nice to see rather than needed.
        board = self.board
        self.cards.setVisible(bool(board and board.cards) and density < DENSITIES - 1)
        self._arrange()

    def rotate(self, rotation: int, animate: bool = True) -> None:
        """Show the speaker card and announcement of card period ``rotation``."""
        board = self.board
        if board is None:
            return
        if board.cards:
            self.card_index = rotation % len(board.cards)
            self.cards.show_card(board.cards[self.card_index], animate=animate)
        if board.announcements:
            self.announcement_index = rotation % len(board.announcements)
            self.announcement.show_text(board.announcements[self.announcement_index])

    def set_source_notice(self, text: str | None) -> None:
        """A staff notice about the schedule's source (a refused save), or None."""
        self._source_notice = text
        self._show_notice()

    def _show_notice(self) -> None:
        clock = self.board.notice if self.board else None
        self.notice.show_text(" · ".join(t for t in (self._source_notice, clock) if t))

    def set_rehearsal(self, text: str | None) -> None:
        """Say visibly that the screen does not follow the real clock."""
        self.header.show_rehearsal(text)

    def set_theme(self, theme: Theme) -> None:
        if theme != self.theme:
            self.theme = theme
            self._restyle()

    def set_shift(self, shift: tuple[int, int]) -> None:
        """Move the whole layout by a burn-in step (in SHIFT_UNITS)."""
        if shift != self.shift:
            self.shift = shift
            self._apply_margins()

    def allow_close(self) -> None:
        self._may_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
        else:
            event.ignore()

    # -- arranging ---------------------------------------------------------

    def portrait(self) -> bool:
        return self.height() > self.width()

    def _arrange(self) -> None:
        board = self.board
        portrait = self.portrait()
        crowded = board is not None and board.mode is Mode.SESSION and \
            SIDE_BY_SIDE_LIMIT < len(board.now) < NowPanel.LIST_FROM
        thanks = board is not None and board.mode is Mode.THANKS
        fill = board is not None and board.mode in (Mode.THANKS, Mode.CLOCK_OFF)
        self.programme.setVisible(not thanks and (portrait or not crowded))
        self.header.set_portrait(portrait)
        self.body.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.now.set_direction(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        if portrait:
            self.body.setStretch(0, 0)
            self.body.setStretch(1, 1)
        else:
            self.body.setStretch(0, MAIN_SHARE)
            self.body.setStretch(1, 100 - MAIN_SHARE)
        # The one panel that grows takes the room left; the thank-you fills the screen.
        grows = self.now.isVisibleTo(self) or self.cards.isVisibleTo(self)
        self.main.setStretch(0, 1 if fill else 0)
        self.main.setStretch(self.main.count() - 1, 0 if grows or fill else 1)

    def _restyle(self) -> None:
        self.setStyleSheet(render_stylesheet(self.template, self.theme, self.unit))

    def _apply_margins(self) -> None:
        unit = self.unit
        step = round(unit * SHIFT_UNITS)
        dx, dy = self.shift[0] * step, self.shift[1] * step
        margin, top = round(unit * 0.6), round(unit * 0.4)
        self.root.setContentsMargins(margin + dx, top + dy, margin - dx, margin - dy)

    def resizeEvent(self, event: QResizeEvent) -> None:
        unit = unit_for(self.width(), self.height())
        if abs(unit - self.unit) > 0.01:
            self.unit = unit
            self._restyle()
            self._apply_margins()
            self.root.setSpacing(round(unit * 0.5))
            self.body.setSpacing(round(unit * 0.6))
            self.main.setSpacing(round(unit * 0.5))
            for region in self._regions:
                region.apply_unit(unit)
        self._arrange()
        self.notice.place()
        super().resizeEvent(event)
        QTimer.singleShot(0, self.fit)  # a new size may need another density


def _settle_layout() -> None:
    """Let text blocks take their heights for their widths, which takes a few passes
    (widgets just shown post their show events too)."""
    for _ in range(6):
        QCoreApplication.sendPostedEvents()
