"""Now: the sessions running at this moment.

One session is a card: icon and title, time and time left, progress, room, note, speakers
with their roles, and as much of the description as there is room for; with little else
on the screen it grows. Two or three are cards side by side (or one under the other);
more, or cards that do not fit, make a table Room | Title | time left that pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kiosk.board import Item, NowItem
from kiosk.screen.parts import (
    GAP,
    Word,
    flow,
    label_row,
    names,
    panel,
    status_words,
)
from kiosk.screen.scene import Kit, Pen, Rect, Scene, fit, line_count, scales, trim
from kiosk.screen.table import Table, TableRow, layout_table
from kiosk.screen.widgets import KIND_ICONS

SIDE_BY_SIDE_UNITS = 11.0
"""The least width of a card beside another."""
SPEAKER_COLUMN_UNITS = 8.5
LEVELS = 9
"""Lines dropped, in order: (0) none; (1) the description, roles on one line; (2) roles;
(3) speakers beyond the first line; (4) the speakers; (5, 6) the title's third and second
line; then, only when even that does not fit, whole texts: (7) the note, (8) the room."""
GROW = 1.8
"""How much larger than its usual size a lone session may be drawn, to fill its room."""
NATURAL_DESCRIPTION = 3
"""Lines of description a session's usual size includes."""


def layout_now(kit: Kit, items: Sequence[NowItem], label: str, width: float, height: float,
               rotation: int, cancelled: Sequence[Item] = (), largest: int = 0) -> Scene:
    """The Now region at ``width`` × ``height``; sessions planned for now and cancelled are
    listed after the running ones (as a table then). ``largest``: no text larger than
    this many pixels (a door's name is the largest text of its screen)."""
    pen = Pen(kit, "now")
    inside = panel(pen, width, height)
    scene = None if cancelled else _cards(kit, items, _body(kit, label, inside),
                                          largest=largest)
    right: list[tuple[str, str, str]] = []
    reserve: list[str] = []
    pages = 1
    if scene is None:
        table, shared = _table(kit, items, cancelled, label, inside, rotation)
        scene, pages = table.scene, table.pages
        if shared:
            right.append((items[0].remaining, "remaining", "countdown"))
            reserve.append(max((i.remaining_widest for i in items), key=len))
        if pages > 1:
            page_word = kit.words.page
            right.append((page_word.format(page=table.page + 1, pages=pages), "page", "page"))
            reserve.append(page_word.format(page=pages, pages=pages))
    label_row(pen, label, inside, right=right, reserve=reserve)
    pen.ops.extend(trim(scene, inside.bottom).ops)
    return Scene(tuple(pen.ops), height, scene.fits, scene.cut, pages)


def natural_now(kit: Kit, items: Sequence[NowItem], label: str, width: float,
                space: float, cancelled: Sequence[Item] = (),
                description: int = NATURAL_DESCRIPTION) -> float:
    """The height Now needs at its usual size (with at most ``description`` lines of
    description), up to ``space``."""
    inside = Rect(0, 0, width, space).inset(kit.u(0.6), kit.u(0.45), kit.u(0.6), kit.u(0.5))
    body = _body(kit, label, inside)
    scene = None if cancelled else _cards(kit, items, body, natural=True,
                                          description=description)
    if scene is None:
        table, _ = _table(kit, items, cancelled, label, inside, 0)
        scene = table.scene
        body = table.body
    return min(space, body.y + scene.height + kit.u(0.5))


def whole_now(kit: Kit, items: Sequence[NowItem], label: str, width: float,
              cancelled: Sequence[Item] = ()) -> float:
    """The height a lone running session needs to show everything but its description, at
    the smallest size; for several, the height of a page their tallest row fits in."""
    inside = Rect(0, 0, width, 0).inset(kit.u(0.6), kit.u(0.45), kit.u(0.6), kit.u(0.5))
    if len(items) != 1 or cancelled:
        shared = len({i.remaining for i in items}) == 1
        rows = [_row(item, shared) for item in items] + [cancelled_row(i) for i in cancelled]
        body = _body(kit, label, inside, items if shared else (), page=True)
        tallest = layout_table(kit, "now", rows, body, 0, kit.words.more, "tableTitle",
                               "remaining", "countdown", tallest=True).scene.height
        return body.y + tallest + kit.u(0.5)
    body = _body(kit, label, inside)
    pen = Pen(kit, "now", kit.least_scale("nowTitle"))
    used = card(pen, items[0], body.x, body.y, body.w, 0, {}, False, 0.0, "0")
    return body.y + used + kit.u(0.5)


def _body(kit: Kit, label: str, inside: Rect, items: Sequence[NowItem] = (),
          page: bool = False) -> Rect:
    """The room under the label row; with ``items`` the row says how long they have left,
    with ``page`` which page shows."""
    right = [("9/9", "page", "page")] if page else []
    if items:
        right.insert(0, (max((i.remaining_widest for i in items), key=len), "remaining",
                         "countdown"))
    label_height = label_row(Pen(kit, "now"), label, inside, right=right)
    return Rect(inside.x, inside.y + label_height + kit.u(GAP), inside.w,
                inside.h - label_height - kit.u(GAP))


def _table(kit: Kit, items: Sequence[NowItem], cancelled: Sequence[Item], label: str,
           inside: Rect, rotation: int) -> tuple[Table, bool]:
    """The items as a table, and whether they share their time left (said once, in the
    label row). Laid out again with room for "1/3" in the label row if it pages."""
    shared = len({i.remaining for i in items}) == 1
    rows = [_row(item, shared) for item in items] + [cancelled_row(i) for i in cancelled]
    plain = _body(kit, label, inside, items if shared else ())
    paged = _body(kit, label, inside, items if shared else (), page=True)
    # Laid out once when "1/3" takes no line of its own, else again if it pages.
    table = layout_table(kit, "now", rows, paged if paged == plain else plain, rotation,
                         kit.words.more, "tableTitle", "remaining", "countdown")
    if table.pages > 1 and paged != plain:
        table = layout_table(kit, "now", rows, paged, rotation, kit.words.more, "tableTitle",
                             "remaining", "countdown")
    return table, shared


def _cards(kit: Kit, items: Sequence[NowItem], body: Rect, natural: bool = False,
           description: int = NATURAL_DESCRIPTION, largest: int = 0) -> Scene | None:
    """The items as cards, if they fit as cards; else None (a table then). ``natural``:
    at the usual size, with at most a few lines of description."""
    count = len(items)
    if count == 1:
        item = items[0]
        top = GROW if not item.description and not natural else 1.0
        if largest:
            top = max(1.0, min(top, largest / (kit.style("nowTitle").size * kit.unit)))
        tries = scales(top, kit.least_scale("nowTitle"))
        lines = description if natural else 10_000

        def single(scale: float, level: int, extra: Mapping[str, int]) -> Scene:
            pen = Pen(kit, "now", scale)
            used = card(pen, item, body.x, body.y, body.w, level, extra, False, body.h, "0",
                        lines)
            return pen.scene(used)

        return fit(single, tries, LEVELS, body.h)
    if count > 3:
        return None
    gap = kit.u(1.0)
    tries = scales(1.0, kit.least_scale("nowCompactTitle"))
    if (body.w - gap * (count - 1)) / count >= kit.u(SIDE_BY_SIDE_UNITS):
        column = (body.w - gap * (count - 1)) / count

        def beside(scale: float, level: int, extra: Mapping[str, int]) -> Scene:
            pen = Pen(kit, "now", scale)
            tallest = 0.0
            for index, item in enumerate(items):
                x = body.x + index * (column + gap)
                tallest = max(tallest, card(pen, item, x, body.y, column, level, extra, True,
                                            body.h, str(index)))
            return pen.scene(tallest)

        scene = fit(beside, tries, 3, body.h)
        if scene.height <= body.h:
            return scene
    divider = kit.u(0.6)

    def stacked(scale: float, level: int, extra: Mapping[str, int]) -> Scene:
        pen = Pen(kit, "now", scale)
        y = body.y
        for index, item in enumerate(items):
            if index:
                y += pen.divider(body.x, y, body.w, divider)
            y += card(pen, item, body.x, y, body.w, level, extra, True, 0.0, str(index))
        return pen.scene(y - body.y)

    scene = fit(stacked, tries, 3, body.h)
    return scene if scene.height <= body.h else None


def card(pen: Pen, item: NowItem, x: float, y: float, width: float, level: int,
         extra: Mapping[str, int], compact: bool, space: float, key: str,
         description: int = 10_000) -> float:
    """One running session from (x, y), ``width`` wide; returns the height used. With
    ``space`` (the height it may take) the description fills what is left, at level 0."""
    kit = pen.kit
    gap = kit.u(GAP)
    top = y
    title_style = "nowCompactTitle" if compact else "nowTitle"
    title_face = kit.face(kit.style(title_style), pen.scale)
    side = round(title_face.px * 0.9)
    pen.icon(KIND_ICONS[item.kind], Rect(x, y + (title_face.line - side) / 2, side, side),
             "accent")
    title_x = x + side + kit.u(0.35)
    lines = 3 if level < 5 else 2 if level == 5 else 1
    y += pen.text(item.short_title, title_style, "title", title_x, y, x + width - title_x,
                  lines=lines + extra.get(f"{key}.title", 0), key=f"{key}.title")
    y += gap
    # The time and its status at the left, the time left at the right (as wide as it
    # will ever be, so that nothing moves as the minutes pass).
    slot = pen.widest(item.remaining_widest, "remaining")
    if slot > width / 2:  # too wide to share a line: a line of its own
        y += pen.text(item.remaining, "remaining", "countdown", x, y, width, whole=True,
                      align="right")
        slot = -kit.u(0.4)
    else:
        pen.text(item.remaining, "remaining", "countdown", x + width - slot, y, slot,
                 whole=True, align="right")
    words = status_words(item, [Word(item.time, "nowMeta", "time")])
    used, _ = flow(pen, words, x, y, width, first_line=width - slot - kit.u(0.4))
    y += max(used, pen.piece(item.remaining, "remaining", width, whole=True).height) + gap
    bar = max(4.0, kit.u(0.22))
    pen.bar(Rect(x, y, width, bar), item.progress, "accent", "track")
    y += bar + gap
    room = item.room if level < 8 else None
    note = item.note if level < 7 else None
    if room:
        y += pen.text(room, "nowRoom", "room", x, y, width, whole=True)
    if note:
        y += pen.text(note, "note", "note", x, y, width, whole=True)
    if room or note:
        y += gap
    if item.speakers and level < 4:
        if level <= 1:
            y += _speaker_grid(pen, item, x, y, width, level, extra, key)
        else:
            names_key = f"~{key}.names"
            y += names(pen, item.speakers, x, y, width, "speakerName",
                       lines=1 + extra.get(names_key, 0) if level >= 3 else None,
                       more=kit.words.more, key=names_key)
        y += gap
    if item.description and level == 0 and space:
        face = kit.face(kit.style("description"), pen.scale)
        fitting = min(description, line_count(top + space - y, face.line))
        if fitting:
            y += pen.text(item.description, "description", "description", x, y, width,
                          lines=fitting)
    return y - top - gap


def _speaker_grid(pen: Pen, item: NowItem, x: float, y: float, width: float, level: int,
                  extra: Mapping[str, int], key: str) -> float:
    """Speakers with their roles in columns, filled one after the other like a
    newspaper's (each column a list of its own, so a role has the room under it in its
    column): as many columns as make it least tall."""
    kit = pen.kit
    people = item.speakers
    gap = kit.u(0.6)
    most = max(1, min(len(people), int((width + gap) // (kit.u(SPEAKER_COLUMN_UNITS) + gap))))

    def columns(count: int, into: Pen) -> float:
        column = (width - gap * (count - 1)) / count
        per_column = -(-len(people) // count)
        tallest = 0.0
        for number in range(count):
            cx = x + number * (column + gap)
            cy = y
            for index in range(number * per_column, min(len(people), (number + 1) * per_column)):
                person = people[index]
                if cy > y:
                    cy += kit.u(0.15)
                cy += into.text(person.name, "speakerName", "speaker", cx, cy, column,
                                whole=True)
                if person.role:
                    role_key = f"~{key}.role{index}"
                    cy += into.text(person.role, "speakerRole", "role", cx, cy, column,
                                    lines=(2 if level == 0 else 1) + extra.get(role_key, 0),
                                    key=role_key)
            tallest = max(tallest, cy - y)
        return tallest

    best = min(range(1, most + 1),
               key=lambda count: (columns(count, Pen(kit, pen.region, pen.scale)), count))
    return columns(best, pen)


def _row(item: NowItem, shared: bool) -> TableRow:
    words = tuple(status_words(item))
    return TableRow(
        room=item.room,
        title=item.short_title,
        right="" if shared else item.remaining,
        right_widest="" if shared else item.remaining_widest,
        words=words,
        note=item.note,
        people=item.speakers,
    )


def cancelled_row(item: Item) -> TableRow:
    """A cancelled session as a table row: struck through, "Vervalt", its note."""
    return TableRow(room=item.room, title=item.title, right="", right_widest="",
                    words=tuple(status_words(item)), note=item.note, people=(), strike=True)
