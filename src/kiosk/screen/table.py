"""A table of sessions, a row each: Room | Title | a time at the right. Now and Next use it
for many parallel sessions. The title gets the width first; a table too long for its
room pages (the caller says which page shows)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kiosk.board import Person, pages
from kiosk.screen.parts import Word, flow, names
from kiosk.screen.scene import Kit, Pen, Rect, Scene, expand, scales

ROW_GAP = 0.45
LEVELS = 5
"""Lines dropped: (1) names beyond the first line; then, for a row taller than a page and
for that row alone, (2) the names, (3) the note, (4) the title's second line."""
STACKED_UNITS = 11.0
"""A title column narrower than this puts room and time under the title instead."""
ROOM_SHARE = 0.22
"""Of the table's width, what a room's name may take without need."""
TITLE_LINES = 2


@dataclass(frozen=True)
class TableRow:
    room: str | None
    title: str
    right: str
    """The time at the right (time left, the time of the session), or ""."""
    right_widest: str
    words: tuple[Word, ...]
    """A badge and the planned time."""
    note: str | None
    people: tuple[Person, ...]
    strike: bool = False


@dataclass(frozen=True)
class Table:
    scene: Scene
    page: int
    pages: int
    body: Rect
    """Where it was laid out."""


def layout_table(kit: Kit, region: str, rows: Sequence[TableRow], box: Rect, rotation: int,
                 more: str, title_style: str, right_style: str, right_role: str,
                 tallest: bool = False) -> Table:
    """The rows in ``box``: the font stepped down until all fit, then the names cut to one
    line, then pages (page ``rotation`` modulo their number). ``tallest``: only measure
    the tallest row as it pages (the least height a page must have)."""
    gap = kit.u(0.4)
    row_gap = kit.u(ROW_GAP)
    probe = Pen(kit, region)
    right_width = min(box.w / 2, max((probe.widest(r.right_widest or r.right, right_style)
                                      for r in rows if r.right), default=0.0))
    rooms = [r.room for r in rows if r.room]
    room_width = 0.0
    if rooms:
        natural = max(probe.piece(room, "tableRoom", 100_000).width for room in rooms)
        longest_word = max(probe.piece(word, "tableRoom", 100_000).width
                           for room in rooms for word in room.split())
        # The title gets the width first: a room takes what its longest word needs (its
        # name wraps at spaces), more only while the title keeps most of the width.
        room_width = min(natural, max(box.w * ROOM_SHARE, min(longest_word, box.w * 0.4)))
    title_x = box.x + (room_width + gap if rooms else 0.0)
    title_width = box.right - title_x - (right_width + gap if right_width else 0.0)
    # Too narrow for columns (for the title, or for a room's name in two lines): each row's
    # room and time go under its title.
    stacked = title_width < kit.u(STACKED_UNITS) or any(
        probe.piece(room, "tableRoom", room_width, whole=True,
                    scale=kit.least_scale(title_style)).wrapped.count > 2 for room in rooms)
    if stacked:
        title_x, title_width = box.x, box.w

    def row(pen: Pen, index: int, y: float, level: int, extra: Mapping[str, int]) -> float:
        item = rows[index]
        tall = 0.0
        words = list(item.words)
        if stacked:
            words[:0] = [Word(text, style, role) for text, style, role in (
                (item.room, "tableRoom", "room"), (item.right, right_style, right_role))
                if text]
        else:
            if item.room:
                tall = pen.text(item.room, "tableRoom", "room", box.x, y, room_width,
                                whole=True)
            if item.right:
                tall = max(tall, pen.text(item.right, right_style, right_role,
                                          box.right - right_width, y, right_width,
                                          whole=True, align="right"))
        key = str(index)
        lines = (TITLE_LINES if level < 4 else 1) + extra.get(key, 0)
        if tall:  # a room taller than the rest of the row leaves the title its lines
            below = under_title(Pen(kit, region, pen.scale), item, level, extra, index)
            line = kit.face(kit.style(title_style), pen.scale).line
            lines = max(lines, int((tall - below + 0.01) // line))
        height = pen.text(item.title, title_style, "title", title_x, y, title_width,
                          lines=lines, key=key, strike=item.strike)
        height += under_title(pen, item, level, extra, index, y + height, words)
        return max(tall, height)

    def under_title(pen: Pen, item: TableRow, level: int, extra: Mapping[str, int],
                    index: int, y: float = 0.0, words: list[Word] | None = None) -> float:
        """The row's lines under its title: status, note, names; returns their height."""
        words = list(item.words) if words is None else words
        height = 0.0
        if words:
            used, _ = flow(pen, words, title_x, y + height, title_width, dots=stacked)
            height += used
        if item.note and level < 3:
            height += pen.text(item.note, "note", "note", title_x, y + height, title_width,
                               whole=True)
        if item.people and level < 2:
            names_key = f"~{index}.names"
            height += names(pen, item.people, title_x, y + height, title_width, "names",
                            lines=1 + extra.get(names_key, 0) if level >= 1 else None,
                            more=more, key=names_key)
        return height

    def heights(scale: float, level: int, budget: float = math.inf) -> tuple[list[float], bool]:
        """Each row's height at a scale and level, and whether all fit their words and
        titles; measuring stops once the rows are taller than ``budget`` together."""
        result: list[float] = []
        fits = True
        for index in range(len(rows)):
            pen = Pen(kit, region, scale)
            result.append(row(pen, index, 0.0, level, {}))
            fits = fits and pen.fits and not [k for k in pen.cut if not k.startswith("~")]
            if _total(result, row_gap) > budget:
                return result, False
        return result, fits

    tries = scales(1.0, kit.least_scale(title_style))

    def build(indices: Sequence[int], scale: float, level: int,
              own: Mapping[int, int] | None = None) -> Scene:
        """The rows at ``level``; ``own``: a level of its own for some rows."""
        def attempt(scale: float, level: int, extra: Mapping[str, int]) -> Scene:
            pen = Pen(kit, region, scale)
            y = box.y
            for position, index in enumerate(indices):
                if position:
                    y += pen.divider(box.x, y, box.w, row_gap)
                y += row(pen, index, y, (own or {}).get(index, level), extra)
            return pen.scene(y - box.y)

        return expand(attempt, scale, level, attempt(scale, level, {}), box.h,
                      least=scale <= tries[-1])

    everything = range(len(rows))
    if tallest:
        found, _ = heights(tries[-1], 1)
        return Table(Scene((), max(found, default=0.0)), 0, 1, box)
    for scale in tries:
        found, fits = heights(scale, 0, box.h)
        if (fits or scale == tries[-1]) and _total(found, row_gap) <= box.h:
            return Table(build(everything, scale, 0), 0, 1, box)
    least = tries[-1]
    found, _ = heights(least, 1)
    if _total(found, row_gap) <= box.h:
        return Table(build(everything, least, 1), 0, 1, box)
    # Pages, with the names on one line; a row taller than a page loses more (its names,
    # its note, its title's second line), only as much as it needs to fit a page.
    own: dict[int, int] = {}
    for index, height in enumerate(found):
        level = 1
        while level < LEVELS - 1 and height > box.h:
            level += 1
            height = row(Pen(kit, region, least), index, 0.0, level, {})
        if level > 1:
            own[index], found[index] = level, height
    split = pages(found, box.h, row_gap)
    page = rotation % len(split)
    return Table(build(split[page], least, 1, own), page, len(split), box)


def _total(heights: Sequence[float], gap: float) -> float:
    return sum(heights) + gap * max(0, len(heights) - 1)
