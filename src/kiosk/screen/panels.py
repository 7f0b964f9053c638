"""The screen's regions: header, Now, Next, programme, banner and speaker cards.

Each region renders its part of a :class:`~kiosk.board.Board` and repaints
only when that part changed. Sizes are in units (see kiosk.screen.theme):
``apply_unit`` is called whenever the window's size changes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath
from typing import ClassVar

import segno
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.board import Banner, Card, Header, NextItem, NowItem, ProgrammeRow, RowState
from kiosk.screen.photos import PhotoSource
from kiosk.screen.text import TextBlock
from kiosk.screen.widgets import Avatar, FadeOverlay, Glyph, ProgressLine
from kiosk.words import Words

Right = Qt.AlignmentFlag.AlignRight
Centre = Qt.AlignmentFlag.AlignHCenter


def _restyle(widget: QWidget, name: str, value: object) -> None:
    """Set a property the stylesheet selects on, and re-apply the style if it changed."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        widget.update()


def _clear(layout: QBoxLayout) -> None:
    """Remove and delete the widgets of a layout that holds widgets only."""
    for index in reversed(range(layout.count())):
        item = layout.itemAt(index)
        widget = item.widget() if item is not None else None
        if widget is not None:
            layout.removeWidget(widget)
            widget.deleteLater()


class Panel(QFrame):
    """A rounded region of the screen with a section label."""

    def __init__(self, label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.box = QVBoxLayout(self)
        self.label = TextBlock("sectionLabel")
        self.label.setText(label.upper())
        self.label.setVisible(bool(label))
        self.box.addWidget(self.label)
        self._unit = 0.0

    def set_label(self, label: str) -> None:
        self.label.setText(label.upper())
        self.label.setVisible(bool(label))

    def apply_unit(self, unit: float) -> None:
        self._unit = unit
        margin = round(unit * 0.6)
        self.box.setContentsMargins(margin, round(unit * 0.45), margin, round(unit * 0.5))
        self.box.setSpacing(round(unit * 0.25))


class HeaderBar(QWidget):
    """Event title and subtitle, venue, date, the large clock, and a QR code to the event."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = TextBlock("eventTitle", max_lines=2)
        self.line = TextBlock("eventLine")
        self.room = QLabel()
        self.room.setObjectName("roomBadge")
        self.room.hide()
        self.clock = TextBlock("clock", align=Right)
        self.date = TextBlock("date", align=Right)
        self.qr = QLabel()
        self.qr.setObjectName("qr")
        self.qr.hide()
        self.rehearsal = TextBlock("rehearsal")
        self.rehearsal.hide()
        self._url: str | None = None
        self._unit = 0.0

        left = QVBoxLayout()
        left.setSpacing(0)
        left.addWidget(self.title)
        line = QHBoxLayout()
        line.addWidget(self.room)
        line.addWidget(self.line, 1)
        left.addLayout(line)
        left.addStretch()
        line.addWidget(self.rehearsal)
        right = QVBoxLayout()
        right.setSpacing(0)
        right.addWidget(self.clock)
        right.addWidget(self.date)
        self._left, self._right = left, right
        self.box = QHBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addLayout(left, 1)
        self.box.addLayout(right)
        self.box.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)

    def show_header(self, header: Header, url: str | None) -> None:
        self.title.setText(header.title)
        # A no-break space keeps the dot with the words before it when the line wraps.
        self.line.setText("\u00a0· ".join(p for p in (header.subtitle, header.venue) if p))
        self.room.setText(header.room or "")
        self.room.setVisible(bool(header.room))
        self.clock.setText(header.clock)
        self.date.setText(header.date)
        if url != self._url:
            self._url = url
            self._render_qr()

    def set_density(self, density: int) -> None:
        """2: the title on one line; 3: no date line either."""
        self.title.set_max_lines(2 if density < 2 else 1)
        self.date.setVisible(density < 3)

    def show_rehearsal(self, text: str | None) -> None:
        _show_optional(self.rehearsal, text)

    def set_portrait(self, portrait: bool) -> None:
        """On a narrow screen the date goes under the title, leaving the clock alone, and the
        subtitle may take two lines."""
        self.line.set_max_lines(2 if portrait else 1)
        target = self._left if portrait else self._right
        if self.date.parentWidget() is not None and target.indexOf(self.date) < 0:
            (self._right if portrait else self._left).removeWidget(self.date)
            target.insertWidget(2 if portrait else 1, self.date)
            self.date.set_alignment(Qt.AlignmentFlag.AlignLeft if portrait else Right)

    def apply_unit(self, unit: float) -> None:
        self._unit = unit
        self.box.setSpacing(round(unit * 0.8))
        # The clock is as wide as its widest possible text, so it never jumps.
        self.clock.setMinimumWidth(round(unit * 5))
        self._render_qr()
        pad = round(unit * 0.3)
        self.rehearsal.setContentsMargins(pad, 0, pad, 0)

    def _render_qr(self) -> None:
        if not self._url or not self._unit:
            self.qr.hide()
            return
        side = round(self._unit * 3.2)
        png = io.BytesIO()
        segno.make(self._url, error="m").save(png, kind="png", scale=8, border=2,
                                               dark="#000000", light="#ffffff")
        image = QPixmap()
        image.loadFromData(png.getvalue())
        self.qr.setPixmap(image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.FastTransformation))
        self.qr.setFixedSize(side, side)
        self.qr.show()


class PeopleList(QWidget):
    """Speakers with their roles, one under the other."""

    def __init__(self, role_lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self._role_lines = role_lines
        self._people: tuple[tuple[str, str | None], ...] = ()
        self._roles: list[TextBlock] = []

    def set_role_lines(self, lines: int) -> None:
        """At most ``lines`` lines per role; 0 shows the names alone."""
        if lines != self._role_lines:
            self._role_lines = lines
            for block in self._roles:
                block.set_max_lines(max(lines, 1))
                block.setVisible(lines > 0 and bool(block.text()))

    def show_people(self, people: Sequence[tuple[str, str | None]]) -> None:
        people = tuple(people)
        if people == self._people:
            return
        self._people = people
        _clear(self.box)
        self._roles = []
        for name, role in people:
            name_block = TextBlock("speakerName", parent=self)
            name_block.setText(name)
            self.box.addWidget(name_block)
            name_block.show()
            if role:
                role_block = TextBlock("speakerRole", max_lines=max(self._role_lines, 1),
                                       parent=self)
                role_block.setText(role)
                self.box.addWidget(role_block)
                role_block.setVisible(self._role_lines > 0)
                self._roles.append(role_block)
        self.setVisible(bool(people))

    def apply_unit(self, unit: float) -> None:
        self.box.setSpacing(round(unit * 0.05))


class NowCard(QWidget):
    """One running session: icon, title, time and time left, progress, speakers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = Glyph("kindIcon")
        self.title = TextBlock("nowTitle", max_lines=3)
        self.time = TextBlock("nowMeta")
        self.remaining = TextBlock("remaining", align=Right)
        self.progress = ProgressLine()
        self.people = PeopleList()
        self.room = TextBlock("nowMeta", max_lines=1)
        self.note = TextBlock("note", max_lines=2)
        self.planned = TextBlock("nowMeta")
        self.description = TextBlock("description", max_lines=6, elastic=True)

        top = QHBoxLayout()
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        meta = QHBoxLayout()
        meta.addWidget(self.time, 1)
        meta.addWidget(self.remaining)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addLayout(top)
        self.box.addLayout(meta)
        self.box.addWidget(self.progress)
        self.box.addWidget(self.room)
        self.box.addWidget(self.note)
        self.box.addWidget(self.planned)
        self.box.addWidget(self.people)
        self.box.addWidget(self.description, 1)
        self.box.addStretch()
        self._top, self._meta = top, meta

    def set_density(self, density: int) -> None:
        """0: everything; 1: roles and notes on one line, no planned times; 2: shorter
        titles; 3: names without roles."""
        self.title.set_max_lines(3 if density < 2 else 2)
        self.people.set_role_lines(2 if density == 0 else 1 if density < 3 else 0)
        self.note.set_max_lines(2 if density == 0 else 1)
        self.planned.setVisible(density == 0 and bool(self.planned.text()))

    def show_item(self, item: NowItem, compact: bool) -> None:
        _restyle(self.title, "compact", compact)
        self.icon.set_kind(item.kind)
        self.title.setText(item.short_title)
        self.time.setText(item.time)
        self.remaining.setText(item.remaining)
        self.progress.set_value(item.progress)
        _show_optional(self.room, item.room)
        _show_optional(self.note, item.note)
        _show_optional(self.planned, item.planned)
        self.people.show_people([(p.name, p.role) for p in item.speakers])
        _show_optional(self.description, None if compact else item.description)

    def apply_unit(self, unit: float) -> None:
        self.icon.setFixedSize(round(unit * 1.4), round(unit * 1.8))
        self.progress.setFixedHeight(max(4, round(unit * 0.22)))
        self._top.setSpacing(round(unit * 0.4))
        self._meta.setSpacing(round(unit * 0.4))
        self.box.setSpacing(round(unit * 0.22))
        self.people.apply_unit(unit)
        self.description.setContentsMargins(0, round(unit * 0.3), 0, 0)


class NowRow(QWidget):
    """A running session as one line, for a festival's many rooms: time, title, room."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.time = TextBlock("nowMeta")
        self.title = TextBlock("nowRowTitle")
        self.room = TextBlock("nowMeta", align=Right)
        self.box = QHBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.time)
        self.box.addWidget(self.title, 1)
        self.box.addWidget(self.room)

    def show_item(self, item: NowItem) -> None:
        self.time.setText(item.time)
        self.title.setText(item.title)
        self.room.setText(item.room or "")

    def apply_unit(self, unit: float) -> None:
        self.box.setSpacing(round(unit * 0.5))
        self.time.setFixedWidth(round(unit * 6.6))

    def height_for(self) -> int:
        return max(b.heightForWidth(100) for b in (self.time, self.title, self.room))


class NowList(QWidget):
    """Many running sessions, a line each, as many whole lines as fit, then how many more."""

    def __init__(self, words: Words, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.rows: list[NowRow] = []
        self.more = TextBlock("nowMeta", parent=self)
        self._items: tuple[NowItem, ...] = ()
        self._unit = 0.0
        self.shown = 0
        """How many items are in view."""

    def show_items(self, items: tuple[NowItem, ...]) -> None:
        if items != self._items:
            self._items = items
            self.updateGeometry()
            self._place()

    def apply_unit(self, unit: float) -> None:
        self._unit = unit
        for row in self.rows:
            row.apply_unit(unit)
        self._place()

    def resizeEvent(self, event: object) -> None:
        self._place()

    def _line(self) -> int:
        return self.more.heightForWidth(100) + round(self._unit * 0.15)

    def sizeHint(self) -> QSize:
        return QSize(0, self._line() * (min(len(self._items), 8) + 1))

    def minimumSizeHint(self) -> QSize:
        # At least two sessions and the count of the others, wherever the list stands.
        return QSize(0, self._line() * (min(len(self._items), 2) + 1))

    def _row(self, index: int) -> NowRow:
        while len(self.rows) <= index:
            row = NowRow(self)
            row.apply_unit(self._unit)
            self.rows.append(row)
        return self.rows[index]

    def _place(self) -> None:
        items, width = self._items, self.width()
        gap = round(self._unit * 0.15)
        line = self.more.heightForWidth(width)
        y, shown = 0, 0
        while shown < len(items):
            row = self._row(shown)
            row.show_item(items[shown])
            height = row.height_for()
            room_after = line + gap if shown + 1 < len(items) else 0
            if y + height + room_after > self.height():
                break
            row.setGeometry(QRect(0, y, width, height))
            row.show()
            y += height + gap
            shown += 1
        for row in self.rows[shown:]:
            row.hide()
        self.shown = shown
        hidden = len(items) - shown
        _show_optional(self.more, self.words.more.format(count=hidden) if hidden else None)
        self.more.setGeometry(QRect(0, y, width, line))


class NowPanel(Panel):
    """Every running session: parallel ones side by side (landscape) or stacked (portrait);
    a festival's many rooms as a list, a line each."""

    LIST_FROM = 5
    """From this many running sessions on, the list replaces the cards."""

    def __init__(self, words: Words, parent: QWidget | None = None) -> None:
        super().__init__(words.now, parent)
        self.words = words
        self.list = NowList(words)
        self.list.hide()
        self.box.addWidget(self.list, 1)
        self.cards_box = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.box.addLayout(self.cards_box, 1)
        self.cards: list[NowCard] = []
        self._items: tuple[NowItem, ...] = ()
        self._density = 0

    def set_direction(self, direction: QBoxLayout.Direction) -> None:
        self.cards_box.setDirection(direction)

    def set_words(self, words: Words) -> None:
        self.words = words
        self.list.words = words

    def show_items(self, items: tuple[NowItem, ...], heading: str | None) -> None:
        self.set_label(f"{self.words.now} · {heading}" if heading else self.words.now)
        if items == self._items:
            return
        self._items = items
        listed = len(items) >= self.LIST_FROM
        self.list.setVisible(listed)
        if listed:
            for card in self.cards:
                card.hide()
            self.list.show_items(items)
            return
        while len(self.cards) < len(items):
            card = NowCard(self)
            card.apply_unit(self._unit)
            self.cards.append(card)
            self.cards_box.addWidget(card, 1)
        for index, card in enumerate(self.cards):
            card.setVisible(index < len(items))
            if index < len(items):
                card.show_item(items[index], compact=len(items) > 1)
                card.set_density(self._density)

    def set_density(self, density: int) -> None:
        self._density = density
        for card in self.cards:
            card.set_density(density)

    def apply_unit(self, unit: float) -> None:
        super().apply_unit(unit)
        self.cards_box.setSpacing(round(unit * 1.0))
        for card in self.cards:
            card.apply_unit(unit)
        self.list.apply_unit(unit)


class NextRow(QWidget):
    """One session that starts next: time, title, speakers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = Glyph("kindIcon")
        self.time = TextBlock("nextTime", align=Right)
        self.title = TextBlock("nextTitle", max_lines=2)
        self.people = TextBlock("speakerRole", max_lines=2)
        self.extra = TextBlock("note", max_lines=1)
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.title)
        text.addWidget(self.people)
        text.addWidget(self.extra)
        self.box = QHBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.box.addLayout(text, 1)
        self.box.addWidget(self.time, 0, Qt.AlignmentFlag.AlignTop)

    def show_item(self, item: NextItem, title_lines: int, people_lines: int,
                  roles: bool) -> None:
        self.icon.set_kind(item.kind)
        self.title.set_max_lines(title_lines)
        self.people.set_max_lines(max(people_lines, 1))
        self.title.setText(item.short_title)
        self.time.setText(item.time)
        extra = " · ".join(p for p in (item.room, item.note, item.planned) if p)
        if roles:
            people = " · ".join(f"{p.name}, {p.role}" if p.role else p.name
                                for p in item.speakers)
        else:  # little room: the names alone
            people = " · ".join(p.name for p in item.speakers)
        _show_optional(self.people, people if people_lines else None)
        _show_optional(self.extra, extra)

    def apply_unit(self, unit: float) -> None:
        self.icon.setFixedSize(round(unit * 1.2), round(unit * 1.5))
        self.box.setSpacing(round(unit * 0.4))


class NextPanel(Panel):
    """What starts next, with a countdown that stands out in the last five minutes."""

    def __init__(self, words: Words, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.box.removeWidget(self.label)
        self.countdown = TextBlock("countdown", align=Right)
        head = QHBoxLayout()
        head.addWidget(self.label, 1)
        head.addWidget(self.countdown)
        self.box.insertLayout(0, head)
        self.words = words
        self.set_label(words.next)
        self._brief = False
        self._density = 0
        self.rows_box = QVBoxLayout()
        self.box.addLayout(self.rows_box)
        self.more = TextBlock("nextTime")
        self.box.addWidget(self.more)
        self.rows: list[NextRow] = []
        self._items: tuple[NextItem, ...] = ()

    def set_words(self, words: Words) -> None:
        self.words = words

    def show_items(self, items: tuple[NextItem, ...], heading: str | None, brief: bool) -> None:
        """``brief``: little room (a break, with cards): fewer lines per item."""
        self.set_label(f"{self.words.next} · {heading}" if heading else self.words.next)
        if items == self._items and brief == self._brief:
            return
        self._items, self._brief = items, brief
        self._show_rows()

    def set_density(self, density: int) -> None:
        """0: everything; 1: no people under a single next item; 2: one-line titles."""
        if density != self._density:
            self._density = density
            self._show_rows()

    MOST_ROWS = 3
    """Sessions that start next shown by name (one fewer from density 2 on); more are
    counted ("+ 37 meer")."""

    def _show_rows(self) -> None:
        brief, density = self._brief, self._density
        items = self._items
        most = self.MOST_ROWS if density < 2 else self.MOST_ROWS - density + 1
        if len(items) > most + 1:
            items = items[:most]
        hidden = len(self._items) - len(items)
        _show_optional(self.more, self.words.more.format(count=hidden) if hidden else None)
        if items:
            self.countdown.setText(items[0].countdown)
            _restyle(self.countdown, "soon", items[0].soon)
        while len(self.rows) < len(items):
            row = NextRow(self)
            row.apply_unit(self._unit)
            self.rows.append(row)
            self.rows_box.addWidget(row)
        for index, row in enumerate(self.rows):
            row.setVisible(index < len(items))
            if index < len(items):
                single = len(items) == 1
                row.show_item(items[index], title_lines=2 if single and density < 2 else 1,
                              people_lines=1 if single and density == 0 else 0,
                              roles=not brief)

    def apply_unit(self, unit: float) -> None:
        super().apply_unit(unit)
        pad = round(unit * 0.3)
        self.countdown.setContentsMargins(pad, 0, pad, 0)
        self.rows_box.setSpacing(round(unit * 0.35))
        for row in self.rows:
            row.apply_unit(unit)


class ProgrammeRowView(QFrame):
    """One line of the programme: marker, start time, the items that start then."""

    MARKERS: ClassVar[dict[RowState, str]] = {
        RowState.CURRENT: "fa5s.play", RowState.NEXT: "fa5s.chevron-right"}
    MOST_ENTRIES = 3
    """Parallel items shown in one row; more are counted ("+ 37 meer")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("row")
        self.marker = Glyph("rowMarker")
        self.time = TextBlock("rowTime")
        self.heading = TextBlock("rowTitle", max_lines=2)
        self.titles_box = QVBoxLayout()
        self.titles_box.setSpacing(0)
        self.titles_box.addWidget(self.heading)
        self.more = TextBlock("rowTitle")
        self.titles_box.addWidget(self.more)
        self.titles: list[TextBlock] = []
        self.box = QHBoxLayout(self)
        self.box.addWidget(self.marker, 0, Qt.AlignmentFlag.AlignTop)
        self.box.addWidget(self.time, 0, Qt.AlignmentFlag.AlignTop)
        self.box.addLayout(self.titles_box, 1)
        self._row: ProgrammeRow | None = None
        self._unit = 0.0

    def show_row(self, row: ProgrammeRow, words: Words) -> None:
        if row == self._row:
            return
        self._row = row
        state = row.state.value
        for widget in (self, self.marker, self.time):
            _restyle(widget, "state", state)
        self.marker.set_icon(self.MARKERS.get(row.state))
        self.time.setText(row.time)
        _restyle(self.heading, "state", state)
        _show_optional(self.heading, row.heading and f"{row.heading}:")
        indent = round(self._unit * 0.6) if row.heading else 0
        entries = row.entries
        if len(entries) > self.MOST_ENTRIES + 1:
            entries = entries[: self.MOST_ENTRIES]
        hidden = len(row.entries) - len(entries)
        _restyle(self.more, "state", state)
        self.more.setContentsMargins(indent, 0, 0, 0)
        _show_optional(self.more, words.more.format(count=hidden) if hidden else None)
        while len(self.titles) < len(entries):
            block = TextBlock("rowTitle", max_lines=2, parent=self)
            self.titles.append(block)
            self.titles_box.insertWidget(self.titles_box.count() - 1, block)
        for index, block in enumerate(self.titles):
            block.setVisible(index < len(entries))
            if index < len(entries):
                entry = entries[index]
                text = entry.title
                if entry.room:
                    text = f"{text} · {entry.room}"
                if entry.cancelled:
                    text = f"{words.cancelled}: {text}"
                _restyle(block, "state", state)
                _restyle(block, "cancelled", entry.cancelled)
                block.setContentsMargins(indent, 0, 0, 0)
                font = block.font()
                font.setStrikeOut(entry.cancelled)
                block.setFont(font)
                block.setText(text)

    def forget(self) -> None:
        self._row = None

    def height_for(self, width: int) -> int:
        """The height this row needs at ``width``: its titles stacked, wrapped as they will be."""
        margins = self.box.contentsMargins()
        fixed = self.marker.width() + self.time.width() + 2 * self.box.spacing()
        text_width = width - margins.left() - margins.right() - fixed
        blocks = [self.heading, *self.titles, self.more]
        text = sum(b.heightForWidth(text_width) for b in blocks if not b.isHidden())
        return margins.top() + margins.bottom() + max(text, self.time.heightForWidth(100))

    def apply_unit(self, unit: float) -> None:
        self._unit = unit
        pad = round(unit * 0.2)
        self.box.setContentsMargins(pad, round(unit * 0.08), pad, round(unit * 0.08))
        self.box.setSpacing(round(unit * 0.35))
        self.marker.setFixedSize(round(unit * 0.7), round(unit * 1.2))
        self.time.setFixedWidth(round(unit * 3))


class ProgrammePanel(Panel):
    """The day as a column; on a long day, a window of whole rows around now.

    Only the rows that can come into view around the focus get widgets, so a festival of
    hundreds of rows a day costs no more than a short day.
    """

    REACH = 30
    """Rows either side of the focus that may come into view."""

    def __init__(self, words: Words, parent: QWidget | None = None) -> None:
        super().__init__(words.programme, parent)
        self.words = words
        self.area = _RowsArea(self._place_rows)
        self.box.addWidget(self.area, 1)
        self.rows: list[ProgrammeRowView] = []
        """Widgets for the rows from ``first`` on (see view_for)."""
        self.first = 0
        self._programme: tuple[ProgrammeRow, ...] = ()
        self._focus = 0
        self.shown: range = range(0)
        """The rows in view (indices into the programme), for tests and previews."""

    def view_for(self, index: int) -> ProgrammeRowView:
        """The widget showing row ``index`` of the programme (it must be near the focus)."""
        return self.rows[index - self.first]

    def set_words(self, words: Words) -> None:
        self.words = words
        self._programme = ()  # the rows say "Vervalt" in the old words: show them anew
        for view in self.rows:
            view.forget()

    def show_programme(self, rows: tuple[ProgrammeRow, ...], focus: int, date: str) -> None:
        # On a multi-day event the day says more than the word "programme".
        self.set_label(date or self.words.programme)
        if rows == self._programme and focus == self._focus:
            return
        self._programme, self._focus = rows, focus
        self.first = max(0, focus - self.REACH)
        near = rows[self.first:focus + self.REACH]
        while len(self.rows) < len(near):
            view = ProgrammeRowView(self.area)
            view.apply_unit(self._unit)
            self.rows.append(view)
        for index, view in enumerate(self.rows):
            if index < len(near):
                view.show_row(near[index], self.words)
            else:
                view.hide()
        self._place_rows()

    def apply_unit(self, unit: float) -> None:
        super().apply_unit(unit)
        for view in self.rows:
            view.apply_unit(unit)
        self._place_rows()

    def _place_rows(self) -> None:
        # Widgets beyond the reach may still hold rows of an earlier, longer programme.
        count = min(len(self._programme), self._focus + self.REACH) - self.first
        width, space = self.area.width(), self.area.height()
        gap = round(self._unit * 0.12)
        heights = [self.rows[i].height_for(width) for i in range(count)]
        # From the current (or next) row on, whole rows while they fit; rows that have
        # passed fill what room is left once the end of the day is in view.
        start = min(self._focus - self.first, count)
        while start < count - 1 and heights[start] > space:
            start += 1
        end = start
        used = 0
        while end < count and used + heights[end] <= space:
            used += heights[end] + gap
            end += 1
        while end == count and start > 0 and used + heights[start - 1] <= space:
            start -= 1
            used += heights[start] + gap
        self.shown = range(self.first + start, self.first + end)
        y = 0
        for index, view in enumerate(self.rows):
            if start <= index < end:
                view.setGeometry(QRect(0, y, width, heights[index]))
                view.show()
                y += heights[index] + gap
            else:
                view.hide()


class _RowsArea(QWidget):
    """The part of the programme panel where rows are placed by hand."""

    def __init__(self, on_resize: Callable[[], None]) -> None:
        super().__init__()
        self._on_resize = on_resize

    def resizeEvent(self, event: object) -> None:
        self._on_resize()


class BannerPanel(Panel):
    """The large words of a break, a welcome, a night between days or the thank-you."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.heading = TextBlock("bannerHeading", max_lines=2)
        self.line = TextBlock("bannerLine", max_lines=2)
        self.countdown = TextBlock("bannerCountdown")
        self.words_box = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.words_box.addWidget(self.heading)
        self.words_box.addWidget(self.line, 0, Qt.AlignmentFlag.AlignBottom)
        self.box.addStretch(0)
        self.box.addLayout(self.words_box)
        self.box.addWidget(self.countdown)
        self.box.addStretch(0)
        self._banner: Banner | None = None

    def show_banner(self, banner: Banner, large: bool, one_line: bool) -> None:
        """``large``: the thank-you, centred in all the room there is; ``one_line``: a break,
        its heading and line side by side to leave room for the cards."""
        _restyle(self.heading, "large", large)
        align = Centre if large else Qt.AlignmentFlag.AlignLeft
        for block in (self.heading, self.line, self.countdown):
            block.set_alignment(align)
        self.words_box.setDirection(
            QBoxLayout.Direction.LeftToRight if one_line else QBoxLayout.Direction.TopToBottom)
        self.words_box.setStretch(1, 1 if one_line else 0)
        for index in (1, self.box.count() - 1):  # the stretches around the words
            self.box.setStretch(index, 1 if large else 0)
        if banner == self._banner:
            return
        self._banner = banner
        self.heading.setText(banner.heading)
        _show_optional(self.line, banner.line)
        _show_optional(self.countdown, banner.countdown)


class CardPanel(Panel):
    """Speaker cards, one at a time, changing with a short cross-fade."""

    def __init__(self, photos: PhotoSource | None, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.photos = photos
        self.content = QWidget(self)
        self.avatar = Avatar(self.content)
        self.name = TextBlock("cardName", max_lines=2)
        self.role = TextBlock("cardRole", max_lines=2)
        self.when = TextBlock("cardWhen", max_lines=2)
        text = QVBoxLayout()
        text.addStretch()
        text.addWidget(self.name)
        text.addWidget(self.role)
        text.addWidget(self.when)
        text.addStretch()
        self.inner = QHBoxLayout(self.content)
        self.inner.setContentsMargins(0, 0, 0, 0)
        self.inner.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignVCenter)
        self.inner.addLayout(text, 1)
        self._text = text
        self.box.addWidget(self.content, 1)
        self.overlay = FadeOverlay(self)
        self.card: Card | None = None

    def set_density(self, density: int) -> None:
        """0: everything; 1: the role on one line; 2: the when-line on one line too."""
        self.role.set_max_lines(2 if density == 0 else 1)
        self.when.set_max_lines(2 if density < 2 else 1)

    def refresh_photo(self, relative: PurePosixPath) -> None:
        """A photo arrived (from a URL): show it now if it belongs to the card shown."""
        card = self.card
        if card is not None and card.photo == relative and self.photos is not None:
            self.avatar.set_person(card.initials, card.colour, self.photos.photo(relative))

    def show_card(self, card: Card, animate: bool) -> None:
        if card == self.card:
            return
        if animate and self.card is not None and self.isVisible():
            self.overlay.hide()  # a fade still running (a rehearsal) must not be grabbed too
            self.overlay.fade_from(self.grab())
        self.card = card
        photo = self.photos.photo(card.photo) if self.photos and card.photo else None
        self.avatar.set_person(card.initials, card.colour, photo)
        self.name.setText(card.name)
        _show_optional(self.role, card.role)
        self.when.setText(card.when)

    def apply_unit(self, unit: float) -> None:
        super().apply_unit(unit)
        side = round(unit * 5)
        self.avatar.setFixedSize(side, side)
        self.inner.setSpacing(round(unit * 0.9))
        self._text.setSpacing(round(unit * 0.2))

    def resizeEvent(self, event: object) -> None:
        self.overlay.setGeometry(self.rect())


def _show_optional(block: TextBlock, text: str | None) -> None:
    block.setText(text or "")
    block.setVisible(bool(text))


class AnnouncementBar(QFrame):
    """A band along the bottom with the announcement that applies now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("announcement")
        self.icon = Glyph("announcementIcon")
        self.icon.set_icon("fa5s.bullhorn")
        self.text = TextBlock("announcementText", max_lines=2)
        self.box = QHBoxLayout(self)
        self.box.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        self.box.addWidget(self.text, 1)
        self.hide()

    def show_text(self, text: str) -> None:
        self.text.setText(text)

    def set_density(self, density: int) -> None:
        self.text.set_max_lines(2 if density == 0 else 1)

    def apply_unit(self, unit: float) -> None:
        pad = round(unit * 0.5)
        self.box.setContentsMargins(pad, round(unit * 0.25), pad, round(unit * 0.25))
        self.box.setSpacing(round(unit * 0.5))
        self.icon.setFixedSize(round(unit * 1.3), round(unit * 1.3))


class StaffNotice(TextBlock):
    """A small, calm line in the bottom corner for staff (a refused save, a wrong clock).

    It floats over the screen and takes no room from what attendees read.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__("notice", max_lines=3, parent=parent)
        self._unit = 0.0
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        self.place()

    def apply_unit(self, unit: float) -> None:
        self._unit = unit
        pad = round(unit * 0.25)
        self.setContentsMargins(pad, round(unit * 0.1), pad, round(unit * 0.1))
        self.place()

    def place(self) -> None:
        """Keep to the bottom right corner, at most half the window wide."""
        window = self.parentWidget()
        if window is None or not self.text():
            return
        width = min(round(window.width() * 0.5), self.sizeHint().width() + 2)
        height = self.heightForWidth(width)
        margin = round(self._unit * 0.2)
        self.setGeometry(window.width() - width - margin, window.height() - height - margin,
                         width, height)
        self.raise_()
