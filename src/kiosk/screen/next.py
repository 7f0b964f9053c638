"""Next ("Hierna"): what starts next, with a countdown that stands out in the last five
minutes. One session is a line with its speakers; several are a table that pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kiosk.board import Item, NextItem
from kiosk.screen.now import cancelled_row
from kiosk.screen.parts import (
    GAP,
    Word,
    dot,
    flow,
    label_row,
    names,
    panel,
    status_words,
)
from kiosk.screen.scene import Kit, Pen, Rect, Scene, fit, scales, trim
from kiosk.screen.table import Table, TableRow, layout_table
from kiosk.screen.widgets import KIND_ICONS

LEVELS = 5
"""Lines dropped, in order: (1) speakers beyond the first line, (2) the speakers, (3) the
title's second line; then, only when even that does not fit, (4) the note."""


def layout_next(kit: Kit, items: Sequence[NextItem], label: str, width: float, height: float,
                rotation: int, natural: bool = False, cancelled: Sequence[Item] = ()) -> Scene:
    """The Next region at ``width`` × ``height``. ``natural``: the scene's height is what
    Next needs at its usual size (at most ``height``), cut texts not grown."""
    pen = Pen(kit, "next")
    first = items[0]
    countdown_style = "countdownSoon" if first.soon else "countdown"
    right = [(first.countdown, countdown_style, "countdown")]
    reserve = [first.countdown_widest]
    inside = Rect(0, 0, width, height).inset(kit.u(0.6), kit.u(0.45), kit.u(0.6), kit.u(0.5))

    def under(page: bool) -> Rect:
        """The room under the label row (with room in it for "1/3", if it pages)."""
        probe = [*right, ("9/9", "page", "page")] if page else right
        label_height = label_row(Pen(kit, "next"), label, inside, right=probe,
                                 reserve=[*reserve, ""] if page else reserve)
        return Rect(inside.x, inside.y + label_height + kit.u(GAP), inside.w,
                    max(0.0, inside.h - label_height - kit.u(GAP)))

    body = under(False)
    pages = 1
    if len(items) == 1 and not cancelled:
        scene = _single(kit, first, body, grow=not natural)
    else:
        rows = _rows(items, cancelled)

        def table_in(room: Rect) -> Table:
            return layout_table(kit, "next", rows, room, rotation, kit.words.more,
                                "tableTitle", "nextTime", "time")

        paged = under(True)
        table = table_in(paged if paged == body else body)
        if table.pages > 1 and paged != body:
            body = paged
            table = table_in(body)
        scene, pages = table.scene, table.pages
        if pages > 1:
            page_word = kit.words.page
            right.append((page_word.format(page=table.page + 1, pages=pages), "page", "page"))
            reserve.append(page_word.format(page=pages, pages=pages))
    scene = trim(scene, body.bottom)
    if natural:
        return Scene((), min(height, body.y + scene.height + kit.u(0.5)), scene.fits,
                     scene.cut, pages)
    inside = panel(pen, width, height)
    label_row(pen, label, inside, right=right, reserve=reserve)
    pen.ops.extend(scene.ops)
    return Scene(tuple(pen.ops), height, scene.fits, scene.cut, pages)


def natural_next(kit: Kit, items: Sequence[NextItem], label: str, width: float,
                 space: float, cancelled: Sequence[Item] = ()) -> float:
    """The height Next needs at its usual size, up to ``space``."""
    return layout_next(kit, items, label, width, space, 0, natural=True,
                       cancelled=cancelled).height


def least_next(kit: Kit, items: Sequence[NextItem], label: str, width: float,
               cancelled: Sequence[Item] = ()) -> float:
    """The least height Next can show its first item in: at the smallest size, with the
    least needed lines dropped (more items page)."""
    inside = Rect(0, 0, width, 0).inset(kit.u(0.6), kit.u(0.45), kit.u(0.6), kit.u(0.5))
    label_height = label_row(Pen(kit, "next"), label, inside,
                             right=[(items[0].countdown, "countdown", "countdown")])
    body = Rect(inside.x, inside.y + label_height + kit.u(GAP), inside.w, 0.0)
    if len(items) == 1 and not cancelled:
        least = _single(kit, items[0], body, grow=False).height
    else:  # the tallest row, for a page of its own
        least = layout_table(kit, "next", _rows(items, cancelled), body, 0, kit.words.more,
                             "tableTitle", "nextTime", "time", tallest=True).scene.height
    return body.y + least + kit.u(0.5)


def _rows(items: Sequence[NextItem], cancelled: Sequence[Item]) -> list[TableRow]:
    return [TableRow(room=i.room, title=i.short_title, right=i.time, right_widest="",
                     words=tuple(status_words(i)), note=i.note, people=i.speakers)
            for i in items] + [cancelled_row(i) for i in cancelled]


def _single(kit: Kit, item: NextItem, body: Rect, grow: bool) -> Scene:
    def attempt(scale: float, level: int, extra: Mapping[str, int]) -> Scene:
        pen = Pen(kit, "next", scale)
        x, y, width = body.x, body.y, body.w
        title_face = kit.face(kit.style("nextTitle"), scale)
        side = round(title_face.px * 0.85)
        pen.icon(KIND_ICONS[item.kind], Rect(x, y + (title_face.line - side) / 2, side, side),
                 "accent")
        title_x = x + side + kit.u(0.35)
        rest = x + width - title_x
        lines = 2 if level < 3 else 1
        y += pen.text(item.short_title, "nextTitle", "title", title_x, y, rest,
                      lines=lines + extra.get("title", 0), key="title")
        # The time, the room and the status on one line under the title.
        words: list[Word] = [Word(item.time, "nextTime", "time")]
        if item.room:
            words.append(Word(item.room, "tableRoom", "room"))
        words += status_words(item)
        height, _ = flow(pen, words, title_x, y, rest, dots=True)
        y += height
        if item.note and level < 4:
            y += pen.text(item.note, "note", "note", title_x, y, rest, whole=True)
        if item.speakers and level < 2:
            role_text = item.speakers[0].role
            if len(item.speakers) == 1 and role_text and level == 0:
                # One speaker: the role beside the name, as much as fits on the line; with
                # room for more of it, under the name.
                name = pen.piece(item.speakers[0].name, "names", rest, whole=True)
                pen.put(name, "speaker", title_x, y)
                space = kit.u(0.8)
                after = rest - name.width - space
                more = extra.get("~role", 0)
                if name.wrapped.count == 1 and after >= kit.u(4) and not more:
                    dot(pen, title_x + name.width, y, space, name)
                    role = pen.text(role_text, "speakerRole", "role",
                                    title_x + name.width + space, y, after, key="~role")
                    y += max(name.height, role)
                else:
                    y += name.height
                    y += pen.text(role_text, "speakerRole", "role", title_x, y, rest,
                                  lines=max(1, more), key="~role")
            else:
                y += names(pen, item.speakers, title_x, y, rest, "names",
                           lines=1 + extra.get("~names", 0) if level >= 1 else None,
                           more=kit.words.more, key="~names")
        return pen.scene(y - body.y)

    tries = scales(1.0, kit.least_scale("nextTitle"))
    return fit(attempt, tries, LEVELS, body.h, grow)
