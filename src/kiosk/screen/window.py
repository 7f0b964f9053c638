"""The lobby screen's window: the regions, arranged for the moment and the screen's shape."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLayout, QVBoxLayout, QWidget

from kiosk.board import Board, Mode
from kiosk.screen.panels import (
    BannerPanel,
    CardPanel,
    HeaderBar,
    NextPanel,
    NowPanel,
    ProgrammePanel,
)
from kiosk.screen.theme import Theme, render_stylesheet, unit_for
from kiosk.words import Words

MAIN_SHARE = 58
"""Per cent of a landscape screen's width for Now/Next/cards; the programme has the rest."""
SIDE_BY_SIDE_LIMIT = 2
"""In landscape, more parallel sessions than this take the whole width (the programme yields)."""


class ScreenWindow(QWidget):
    """Shows boards. It decides only where things go; what to show comes from the board."""

    def __init__(
        self,
        words: Words,
        theme: Theme,
        stylesheet: str,
        url: str | None = None,
        photo_root: Path | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle("kiosk")
        self.theme = theme
        self.template = stylesheet
        self.url = url
        self.unit = 0.0
        self.board: Board | None = None
        self.card_index = -1

        self.header = HeaderBar()
        self.banner = BannerPanel()
        self.now = NowPanel(words)
        self.cards = CardPanel(photo_root)
        self.next = NextPanel(words)
        self.programme = ProgrammePanel(words)

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
        self._regions = (self.header, self.banner, self.now, self.cards, self.next,
                         self.programme)

    # -- showing -----------------------------------------------------------

    def show_board(self, board: Board, card_index: int = 0, animate: bool = False) -> None:
        """Render ``board``; only regions whose part of it changed repaint."""
        self.board = board
        self.header.show_header(board.header, self.url)
        mode = board.mode
        self.banner.setVisible(board.banner is not None)
        if board.banner is not None:
            self.banner.show_banner(board.banner, large=mode is Mode.THANKS,
                                    one_line=mode is Mode.BREAK)
        self.now.setVisible(mode is Mode.SESSION)
        if mode is Mode.SESSION:
            self.now.show_items(board.now, board.now_heading)
        self.next.setVisible(bool(board.next) and mode is not Mode.WELCOME)
        self.next.show_items(board.next, board.next_heading, brief=bool(board.cards))
        self.programme.show_programme(board.programme, board.focus, board.programme_date)
        self.cards.setVisible(bool(board.cards))
        self._arrange()
        self.show_card(card_index, animate=animate)

    def show_card(self, index: int, animate: bool = True) -> None:
        """Show speaker card ``index`` of the current board, cross-fading when asked."""
        if self.board is None or not self.board.cards:
            return
        self.card_index = index % len(self.board.cards)
        self.cards.show_card(self.board.cards[self.card_index], animate=animate)

    # -- arranging ---------------------------------------------------------

    def portrait(self) -> bool:
        return self.height() > self.width()

    def _arrange(self) -> None:
        board = self.board
        portrait = self.portrait()
        crowded = board is not None and board.mode is Mode.SESSION and \
            len(board.now) > SIDE_BY_SIDE_LIMIT
        thanks = board is not None and board.mode is Mode.THANKS
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
        self.main.setStretch(0, 1 if thanks else 0)
        self.main.setStretch(self.main.count() - 1, 0 if grows or thanks else 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        unit = unit_for(self.width(), self.height())
        if abs(unit - self.unit) > 0.01:
            self.unit = unit
            self.setStyleSheet(render_stylesheet(self.template, self.theme, unit))
            margin = round(unit * 0.6)
            self.root.setContentsMargins(margin, round(unit * 0.4), margin, margin)
            self.root.setSpacing(round(unit * 0.5))
            self.body.setSpacing(round(unit * 0.6))
            self.main.setSpacing(round(unit * 0.5))
            for region in self._regions:
                region.apply_unit(unit)
        self._arrange()
        super().resizeEvent(event)
