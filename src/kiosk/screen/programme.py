"""The programme, as a departure board: a row per session, Time | Title | Room | Status,
parallel sessions as rows of their own under one time. From the current (or next) row on;
a day too long for the panel pages ("1/3") or, past a few pages, ends in a line like "nog
40 items tot 23.30". Only rows that may show are measured, so a festival's day of
hundreds of rows costs no more than a short one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from kiosk.board import BadgeKind, ProgrammeRow, RowState, pages, programme_window
from kiosk.screen.header import widest_clock
from kiosk.screen.parts import GAP, PAD_BOTTOM, Word, badge_word, label_row, panel
from kiosk.screen.scene import BoxOp, Kit, Pen, Rect, Scene, expand, trim

MARKERS = {RowState.CURRENT: "fa5s.play", RowState.NEXT: "fa5s.chevron-right"}
MOST_PAGES = 3
"""A day that fits in this many pages pages; a longer one ends in a rest line."""
ROW_GAP = 0.14
ROW_LEVELS = 3
"""A row taller than the panel drops, in order: (1) its note, (2) its title's second line."""
ROW_PAD = 0.08
WIDE_TITLE_UNITS = 12.0
"""The least width of the title column with rooms and status in columns of their own."""
STATUS_TITLE_UNITS = 9.0
"""The least width of the title column beside a status column."""


def layout_programme(kit: Kit, rows: Sequence[ProgrammeRow], focus: int, label: str,
                     width: float, height: float, rotation: int) -> Scene:
    pen = Pen(kit, "programme")
    inside = panel(pen, width, height)
    probe = Pen(kit, "programme")
    label_height = label_row(probe, label, inside, right=[("1/9", "page", "page")])
    body = Rect(inside.x, inside.y + label_height + kit.u(GAP), inside.w,
                inside.h - label_height - kit.u(GAP))
    columns = _Columns(kit, rows, body)
    gap = kit.u(ROW_GAP)
    heights: dict[int, float] = {}

    rest_width = body.right - columns.title_x
    longest = max((r.rest for r in rows), key=len, default="")
    # Measured with its digits at their widest: every rest line fits where this one does.
    rest_line = pen.piece(widest_clock(kit, longest, "rest"), "rest", rest_width,
                          whole=True).height if longest else 0.0
    levels: dict[int, int] = {}

    def height_of(index: int) -> float:
        """Row ``index``'s height; a row taller than the panel drops its note, then its
        title's second line (kept in ``levels``)."""
        if index not in heights:
            # The day's last row has no line after it saying what follows.
            reserve = rest_line + gap if index < len(rows) - 1 else 0.0
            for level in range(ROW_LEVELS):
                # As the first of a page, which says its time and whole title: a row is
                # never taller where it shows.
                height = columns.row(Pen(kit, "programme"), rows[index], body.y, {}, "",
                                     level=level, alone=not rows[index].first)
                levels[index] = level
                if height <= body.h - reserve:
                    break
            heights[index] = height
        return heights[index]

    window = programme_window(len(rows), focus, height_of, body.h, gap, rest_line)
    shown: range = window.rows
    if shown and shown.start < focus and not rows[shown.start].first:
        # Rows that passed fill the room above, whole times only.
        start = next((i for i in range(shown.start, focus) if rows[i].first), focus)
        shown = range(start, shown.stop)
    rest = ""
    page, count = 0, 1
    # A line saying what follows, when most of the rest of the day is in view; pages
    # when most of it is not (and a few pages hold it).
    if window.rest and 2 * len(window.rows) < len(rows) - focus:
        split = _pages(len(rows), focus, height_of, body.h, gap)
        if split is not None:
            count = len(split)
            page = rotation % count
            shown = split[page]
    if window.rest and count == 1:
        rest = rows[window.rows.stop - 1].rest if window.rows else rows[focus].rest

    def attempt(scale: float, level: int, extra: Mapping[str, int]) -> Scene:
        draft = Pen(kit, "programme")
        y = body.y
        block: tuple[int, float] | None = None  # the current rows: one highlight under them
        for position, index in enumerate(shown):
            row = rows[index]
            if position:
                y += gap
            if row.state is RowState.CURRENT and block is None:
                block = (len(draft.ops), y)
            y += columns.row(draft, row, y, extra, str(index), level=levels.get(index, 0),
                             marker=position == 0 or row.first
                             or rows[index - 1].state is not row.state,
                             alone=position == 0 and not row.first)
            following = shown[position + 1] if position + 1 < len(shown) else None
            if block is not None and (following is None or
                                      rows[following].state is not RowState.CURRENT):
                mark, top = block
                draft.ops.insert(mark, _box(kit, Rect(body.x, top, body.w, y - top)))
                block = None
        if rest:
            y += gap
            y += draft.text(rest, "rest", "more", columns.title_x, y, rest_width, whole=True)
        elif shown:
            y -= kit.u(ROW_PAD)  # under the last row, the panel's own padding will do
        return draft.scene(y - body.y)

    # Its texts are all of the smallest size already: a word may break.
    scene = expand(attempt, 1.0, 0, attempt(1.0, 0, {}), body.h, least=True)
    right: list[tuple[str, str, str]] = []
    reserve: list[str] = []
    if count > 1:
        right.append((kit.words.page.format(page=page + 1, pages=count), "page", "page"))
        reserve.append(kit.words.page.format(page=count, pages=count))
    label_row(pen, label, inside, right=right, reserve=reserve)
    scene = trim(scene, body.bottom)
    pen.ops.extend(scene.ops)
    return Scene(tuple(pen.ops), height, scene.fits, scene.cut, count)


def least_programme(kit: Kit, rows: Sequence[ProgrammeRow], focus: int, label: str,
                    width: float) -> float:
    """The least height worth showing a programme panel in: its label, the row it starts
    from, and the line that says what follows."""
    if not rows:
        return 0.0
    inside = Rect(0, 0, width, 10_000).inset(kit.u(0.6), kit.u(0.45), kit.u(0.6), kit.u(0.5))
    pen = Pen(kit, "programme")
    label_height = label_row(pen, label, inside, right=[("9/9", "page", "page")])
    body = Rect(inside.x, inside.y + label_height + kit.u(GAP), inside.w, 10_000)
    columns = _Columns(kit, rows, body)
    first = columns.row(Pen(kit, "programme"), rows[min(focus, len(rows) - 1)], 0.0, {}, "")
    rest = max((r.rest for r in rows), key=len)
    after = pen.piece(widest_clock(kit, rest, "rest"), "rest", body.right - columns.title_x,
                      whole=True).height if rest else 0.0
    return body.y + first + kit.u(ROW_GAP) + after + kit.u(PAD_BOTTOM)


def natural_programme(kit: Kit, rows: Sequence[ProgrammeRow], focus: int, label: str,
                      width: float, space: float) -> float:
    """The height the programme needs for all its rows from the focus on (at most
    ``space``): a short day leaves the rest of a portrait screen to Now."""
    pen = Pen(kit, "programme")
    inside = Rect(0, 0, width, space).inset(kit.u(0.6), kit.u(0.45), kit.u(0.6), kit.u(0.5))
    label_height = label_row(pen, "X", inside)
    body = Rect(inside.x, inside.y + label_height + kit.u(GAP), inside.w, space)
    columns = _Columns(kit, rows, body)
    used = label_height + kit.u(GAP + 0.95)
    for index in range(min(focus, len(rows)), len(rows)):
        used += columns.row(Pen(kit, "programme"), rows[index], 0.0, {}, "") + kit.u(ROW_GAP)
        if used > space:
            return space
    return used


def _pages(count: int, focus: int, measure: Callable[[int], float], space: float,
           gap: float) -> list[range] | None:
    """The rows from the focus on as pages, if they take at most MOST_PAGES; else None."""
    heights: list[float] = []
    used, full = 0.0, 1
    for index in range(focus, count):
        height = measure(index)
        used += height + (gap if heights else 0.0)
        if used > space:
            full += 1
            used = height
            if full > MOST_PAGES:
                return None
        heights.append(height)
    return [range(r.start + focus, r.stop + focus) for r in pages(heights, space, gap)]


class _Columns:
    """Where the columns of the rows are: marker, time, title, room, status."""

    def __init__(self, kit: Kit, rows: Sequence[ProgrammeRow], body: Rect) -> None:
        self.kit = kit
        self.body = body
        probe = Pen(kit, "programme")
        self.marker = kit.u(0.75)
        face = kit.face(kit.style("rowTime"))
        self.time_width = kit.fonts.advance(widest_clock(kit, rows[0].time if rows else "00.00",
                                                         "rowTime"), face)
        self.pad = kit.u(0.2)
        left = body.x + self.pad
        self.time_x = left + self.marker + kit.u(0.2)
        self.title_x = self.time_x + self.time_width + kit.u(0.45)
        rooms = [r.room for r in rows if r.room]
        badges = {r.badge.text: r.badge.kind for r in rows if r.badge is not None}
        self.status_width = max((probe.badge_width(text, _badge_style(kind))
                                 for text, kind in badges.items()), default=0.0)
        self.room_width = 0.0
        if rooms:
            natural = max(probe.piece(room, "rowRoom", 100_000).width for room in set(rooms))
            word = max(probe.piece(w, "rowRoom", 100_000).width
                       for room in set(rooms) for w in room.split())
            self.room_width = min(natural, max(body.w * 0.28, min(word, body.w * 0.4)))
        right = body.right - self.pad
        gap = kit.u(0.45)
        # Room and status in columns of their own when the title keeps a good width; else
        # the status (short) alone; else both under the title.
        self.status_x = right - self.status_width
        beside_status = self.status_x - (gap if badges else 0.0)
        self.room_x = beside_status - self.room_width
        self.wide = bool(rooms) and self.room_x - gap - self.title_x >= kit.u(WIDE_TITLE_UNITS)
        self.status_column = bool(badges) and (
            self.wide or beside_status - self.title_x >= kit.u(STATUS_TITLE_UNITS))
        if self.wide:
            self.title_width = self.room_x - gap - self.title_x
        elif self.status_column:
            self.title_width = beside_status - self.title_x
        else:
            self.title_width = right - self.title_x
        self.rooms = bool(rooms)
        self.indent = kit.u(0.6)
        """Of a title under the words it shares with the titles beside it."""

    def row(self, pen: Pen, row: ProgrammeRow, y: float, extra: Mapping[str, int],
            key: str, marker: bool = True, alone: bool = False, level: int = 0) -> float:
        """Draw ``row`` from y; returns its height. ``marker``: the row starts a block of
        its state (a block of current rows has one marker). ``alone``: the rows of its time
        before it are not in view (a page starts with it): it says its time and whole
        title."""
        kit = self.kit
        pad = kit.u(ROW_PAD)
        current = row.state is RowState.CURRENT
        past = row.state is RowState.PAST
        strong = row.state in (RowState.CURRENT, RowState.NEXT)
        colour = "on_accent" if current else "dim" if past else None
        first = y + pad
        top = first
        if row.heading:  # what the titles of this time share, said once above them
            top += pen.text(f"{row.heading}:", "rowTitle", "title", self.title_x, top,
                            self.title_width, lines=2 + extra.get(f"{key}h", 0),
                            key=f"{key}h", colour=colour)
        title = row.title if alone else row.short_title
        title_x = self.title_x + (self.indent if title != row.title else 0.0)
        width = self.title_x + self.title_width - title_x
        height = pen.text(title, "rowTitleStrong" if strong else "rowTitle", "title",
                          title_x, top, width, lines=(2 if level < 2 else 1) + extra.get(key, 0),
                          key=key,
                          colour=colour, strike=row.cancelled)
        if row.note and level < 1:
            height += pen.text(row.note, "rowNote", "note", title_x, top + height, width,
                               whole=True, colour=colour)
        tall = 0.0
        badge = badge_word(row.badge) if row.badge is not None else None
        if self.wide and row.room:
            tall = pen.text(row.room, "rowRoom", "room", self.room_x, top, self.room_width,
                            whole=True, colour=colour)
        if self.status_column and badge is not None:
            tall = max(tall, self._badge(pen, row, badge, self.status_x, top, current))
        under_room = row.room if not self.wide else None
        under_badge = badge if not self.status_column else None
        if under_room or under_badge is not None:
            height += self._under(pen, under_room, row, under_badge, title_x, top + height,
                                  width, current, colour)
        used = top - first + max(height, tall)
        if row.first or alone:
            used = max(used, pen.text(row.time, "rowTime", "time", self.time_x, first,
                                      self.time_width, whole=True, colour=colour))
        icon = MARKERS.get(row.state)
        if icon is not None and marker:
            line = kit.face(kit.style("rowTitle")).line
            side = round(line * 0.55)
            pen.icon(icon, Rect(self.body.x + self.pad, first + (line - side) / 2, side, side),
                     "on_accent" if current else "accent")
        return used + 2 * pad

    def _badge(self, pen: Pen, row: ProgrammeRow, badge: Word, x: float, y: float,
               current: bool) -> float:
        assert row.badge is not None
        if current and row.badge.kind is not BadgeKind.CANCELLED:
            # A pill of the accent's colour would vanish on the accent.
            _, tall = pen.badge(badge.text, badge.style, "status", x, y, background="bg",
                                colour="accent")
        else:
            _, tall = pen.badge(badge.text, badge.style, "status", x, y)
        return tall

    def _under(self, pen: Pen, room: str | None, row: ProgrammeRow, badge: Word | None,
               x: float, y: float, width: float, current: bool, colour: str | None) -> float:
        """Room and status on a line under the title, when the panel is narrow."""
        gap = pen.kit.u(0.45)
        used = 0.0
        if room:
            piece = pen.piece(room, "rowRoom", width, whole=True)
            used = pen.put(piece, "room", x, y, colour=colour)
            if badge is None:
                return used
            beside = x + piece.width + gap
            if piece.wrapped.count == 1 and \
                    beside + pen.badge_width(badge.text, badge.style) <= x + width:
                return max(used, self._badge(pen, row, badge, beside, y, current))
        if badge is not None:
            used += self._badge(pen, row, badge, x, y + used, current)
        return used


def _badge_style(kind: BadgeKind) -> str:
    return "badgeCancelled" if kind is BadgeKind.CANCELLED else "badgeDelayed"


def _box(kit: Kit, rect: Rect) -> BoxOp:
    return BoxOp(rect, kit.colour("accent"), kit.u(0.25))
