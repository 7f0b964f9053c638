"""Where each region of a board goes on a screen of a given size, and what it draws there.

The board says which regions show; this decides their boxes (landscape: the sessions at
the left, the programme at the right; portrait: one above the other), then each region
lays itself out in its box. Region sizes depend on what the board says, never on the
minute: a countdown keeps the room of its widest text, the announcement band that of the
longest announcement. A region's scene is kept for the same inputs, so a tick that only
changes the clock lays out the header alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace

from kiosk.board import Board, Card, Mode, NextItem, NowItem, Region
from kiosk.screen.announcement import layout_announcement
from kiosk.screen.banner import layout_banner, least_banner, natural_banner
from kiosk.screen.cards import layout_card, least_card
from kiosk.screen.header import layout_door, layout_header
from kiosk.screen.next import layout_next, least_next, natural_next
from kiosk.screen.notice import layout_notice
from kiosk.screen.now import layout_now, natural_now, whole_now
from kiosk.screen.parts import labelled
from kiosk.screen.programme import layout_programme, least_programme, natural_programme
from kiosk.screen.scene import BoxOp, Kit, Rect, Scene, op_bottom

MAIN_SHARE = 0.58
"""Of a landscape screen's width, for Now, Next, the banner and the cards."""
PROGRAMME_UNITS = 15.0
"""The least width of the programme column beside them."""
NEXT_SHARE = 0.45
"""The most of its column Next may take (it pages beyond)."""
PORTRAIT_NOW_SHARE = 0.55
PORTRAIT_NEXT_SHARE = 0.3
PORTRAIT_CARD_UNITS = 8.0
NOW_LEAST_UNITS = 6.0
"""Now takes room from Next (down to its least) to have at least this much."""
MEMO = 256
DOOR_SHARE = 0.3
"""The most of the screen's height a door's header takes (a long room name gets smaller)."""
CROWDED = 2
"""More sessions than this at once crowd a landscape screen (see _landscape)."""


@dataclass(frozen=True)
class Frame:
    """What the window adds to the board: the card period, the rehearsal badge, the staff
    notice, whether there is a QR code, which photos are there."""

    rotation: int
    rehearsal: str | None
    notice: str | None
    qr: bool
    photo: Callable[[Card], bool]


@dataclass(frozen=True)
class Placed:
    region: Region
    rect: Rect
    """In window pixels (whole ones), before the burn-in shift."""
    scene: Scene
    content: Rect
    """The room inside the region (its panel's padding off), in the region's pixels."""
    grow: bool = False
    """It takes the room that is left in its column (see Arranger._column)."""


class Arranger:
    """Arranges boards for one window, keeping the scenes it made for the next tick."""

    def __init__(self) -> None:
        self._memo: dict[Hashable, Scene] = {}
        self._largest = 0

    def _scene(self, key: Hashable, make: Callable[[], Scene]) -> Scene:
        scene = self._memo.get(key)
        if scene is None:
            if len(self._memo) > MEMO:
                self._memo.clear()
            scene = make()
            self._memo[key] = scene
        return scene

    def _paged(self, key: tuple[Hashable, ...], rotation: int,
               make: Callable[[int], Scene]) -> Scene:
        """A scene that may page: laid out again only when its page changes."""
        first = self._scene(key, lambda: make(0))
        if first.pages <= 1:
            return first
        page = rotation % first.pages
        return self._scene((*key, "page", page), lambda: make(page))

    def arrange(self, kit: Kit, board: Board, frame: Frame) -> list[Placed]:
        width, height = kit.width, kit.height
        unit = kit.unit
        portrait = height > width
        side, top, bottom = round(0.6 * unit), round(0.4 * unit), round(0.6 * unit)
        gap = round(0.5 * unit)
        x0, x1, y0, y1 = side, width - side, top, height - bottom
        regions = set(board.regions)
        placed: list[Placed] = []
        base = (kit.width, kit.height, kit.theme, board.words)

        door = Region.DOOR in regions
        head = self._scene(
            (*base, "header", board.header, frame.rehearsal, frame.qr, portrait),
            lambda: layout_door(kit, board.header, x1 - x0, frame.rehearsal, portrait,
                                most=height * DOOR_SHARE) if door
            else layout_header(kit, board.header, x1 - x0, frame.rehearsal, frame.qr, portrait))
        head_height = math.ceil(head.height)
        # At a door, the room's name is the largest text on the screen.
        self._largest = max((op.px for op in head.texts() if op.role == "room"), default=0) \
            if door else 0
        placed.append(Placed(Region.DOOR if door else Region.HEADER,
                             Rect(x0, y0, x1 - x0, head_height), head,
                             Rect(0, 0, x1 - x0, head_height)))
        y = y0 + head_height + gap

        if frame.notice:
            notice, notice_width = layout_notice(kit, frame.notice, width)
            w, h = math.ceil(notice_width), math.ceil(notice.height)
            placed.append(Placed(Region.NOTICE, Rect(x1 - w, y1 - h, w, h), notice,
                                 Rect(0, 0, w, h)))
            y1 -= h + round(0.25 * unit)
        if Region.ANNOUNCEMENT in regions and board.announcements:
            index = frame.rotation % len(board.announcements)
            band = self._scene((*base, "announcement", board.announcements, index, x1 - x0),
                               lambda: layout_announcement(kit, board.announcements, index,
                                                           x1 - x0))
            h = math.ceil(band.height)
            placed.append(Placed(Region.ANNOUNCEMENT, Rect(x0, y1 - h, x1 - x0, h), band,
                                 Rect(0, 0, x1 - x0, h)))
            y1 -= h + gap

        body = Rect(x0, y, x1 - x0, max(0, y1 - y))
        if portrait:
            placed += self._portrait(kit, board, frame, body, regions, base)
        else:
            placed += self._landscape(kit, board, frame, body, regions, base)
        return self._share(kit, board, frame, placed, base)

    # -- room between neighbours ------------------------------------------------------

    def _share(self, kit: Kit, board: Board, frame: Frame, placed: list[Placed],
               base: tuple[Hashable, ...]) -> list[Placed]:
        """No free space while text is cut, across regions too: a region that cuts text
        (or pages) takes the room its neighbour in the column leaves free at its bottom,
        when the neighbour then draws the same, with less room left over. Decided on all
        the pages of both (the cards aside), so the boxes do not move as pages and cards
        turn."""
        boxes = list(placed)
        changed = False
        for _ in range(SHARE_ROUNDS):
            moved = False
            column = [box for box in boxes if box.region in SHARING]
            for upper, lower in _neighbours(kit, column):
                for taker, giver in ((upper, lower), (lower, upper)):
                    taker_before = self._all_pages(kit, board, frame, taker, taker.rect, base)
                    if not any(_wanting(p.scene) for p in taker_before):
                        continue
                    giver_before = self._all_pages(kit, board, frame, giver, giver.rect, base)
                    free = math.floor(min(_free(p) for p in giver_before))
                    # All of it, else less (a neighbour may draw the same only with some of
                    # its room, as a programme that would page instead of saying what
                    # follows).
                    for amount in _amounts(free, math.ceil(kit.floor)):
                        if taker is upper:
                            new_taker = Rect(taker.rect.x, taker.rect.y, taker.rect.w,
                                             taker.rect.h + amount)
                            new_giver = Rect(giver.rect.x, giver.rect.y + amount,
                                             giver.rect.w, giver.rect.h - amount)
                        else:
                            new_giver = giver.rect.with_height(giver.rect.h - amount)
                            new_taker = Rect(taker.rect.x, taker.rect.y - amount,
                                             taker.rect.w, taker.rect.h + amount)
                        taken = self._all_pages(kit, board, frame, taker, new_taker, base)
                        if _score(taken) >= _score(taker_before):
                            continue
                        given = self._all_pages(kit, board, frame, giver, new_giver, base)
                        if _same(given, giver_before):
                            boxes = [replace(box, rect=new_taker) if box is taker else
                                     replace(box, rect=new_giver) if box is giver else box
                                     for box in boxes]
                            moved = changed = True
                            break
                    if moved:
                        break
                if moved:
                    break
            if not moved:
                break
        if not changed:
            return placed
        result: list[Placed] = []
        for box, original in zip(boxes, placed, strict=True):
            result.append(original if box is original else
                          self._again(kit, board, frame, box, box.rect, base))
        return result

    def _all_pages(self, kit: Kit, board: Board, frame: Frame, placed: Placed, rect: Rect,
                   base: tuple[Hashable, ...]) -> list[Placed]:
        """``placed``'s region laid out again in ``rect``, each of its pages."""
        first = self._again(kit, board, replace(frame, rotation=0), placed, rect, base)
        return [first] + [self._again(kit, board, replace(frame, rotation=page), placed, rect,
                                      base) for page in range(1, first.scene.pages)]

    def _again(self, kit: Kit, board: Board, frame: Frame, placed: Placed, rect: Rect,
               base: tuple[Hashable, ...]) -> Placed:
        """``placed``'s region laid out again in ``rect``."""
        if placed.region is Region.PROGRAMME:
            return self._programme(kit, board, frame, rect, base)
        return self._region(kit, board, frame, placed.region, rect, base, grow=placed.grow)

    # -- the body ---------------------------------------------------------------------

    def _landscape(self, kit: Kit, board: Board, frame: Frame, body: Rect,
                   regions: set[Region], base: tuple[Hashable, ...]) -> list[Placed]:
        placed: list[Placed] = []
        main = body
        stack: list[Region] = [r for r in (Region.BANNER, Region.NOW, Region.CARD, Region.NEXT)
                               if r in regions]
        crowded_now = len(board.now) + len(board.now_cancelled) > CROWDED
        crowded_next = len(board.next) + len(board.next_cancelled) > CROWDED
        if Region.NEXT in regions and (crowded_next or (crowded_now and Region.NOW in regions)):
            # Many sessions at once: Now (or the break) takes the height of the screen to
            # list them; Next goes to the other column, above the programme.
            column_gap = round(0.6 * kit.unit)
            gap = round(0.5 * kit.unit)
            main = Rect(body.x, body.y, round(body.w * MAIN_SHARE - column_gap / 2), body.h)
            side = Rect(main.right + column_gap, body.y, body.right - main.right - column_gap,
                        body.h)
            stack.remove(Region.NEXT)
            placed = self._column(kit, board, frame, main, stack, base, NEXT_SHARE, False)
            if Region.PROGRAMME in regions:
                # Next whole (its notes, its speakers) before the programme under it.
                least = least_programme(kit, board.programme, board.focus,
                                        board.programme_label, side.w)
                natural = math.ceil(natural_next(kit, *_next(kit, board, side.w), side.w,
                                                 side.h - least - gap, board.next_cancelled))
                below = side.h - natural - gap
                if below >= least and natural >= self._least(kit, board, Region.NEXT, side.w):
                    top = Rect(side.x, side.y, side.w, natural)
                    rest = Rect(side.x, top.bottom + gap, side.w, side.bottom - top.bottom - gap)
                    return [*placed,
                            self._region(kit, board, frame, Region.NEXT, top, base, grow=False),
                            self._programme(kit, board, frame, rest, base)]
            return [*placed, self._region(kit, board, frame, Region.NEXT, side, base, grow=True)]
        if Region.PROGRAMME in regions and not stack:
            # The programme alone (a day whose sessions are all cancelled): all the room.
            return [self._programme(kit, board, frame, body, base)]
        if Region.PROGRAMME in regions and body.h < least_programme(
                kit, board.programme, board.focus, board.programme_label,
                body.w * (1 - MAIN_SHARE)):
            regions = regions - {Region.PROGRAMME}  # not even its first row: none at all
        if Region.PROGRAMME in regions and Region.NOW in regions and not board.now_cancelled:
            # Who is speaking now comes before the rest of the day: a session that cannot
            # be shown whole beside the programme takes the width of the screen.
            narrow = body.w * MAIN_SHARE
            below = (self._least(kit, board, Region.NEXT, narrow) + kit.u(0.5)
                     if Region.NEXT in regions else 0.0)
            if len(board.now) == 1 and \
                    whole_now(kit, *_now(kit, board, narrow), narrow) > body.h - below:
                regions = regions - {Region.PROGRAMME}
        if Region.PROGRAMME in regions:
            column_gap = round(0.6 * kit.unit)
            # The programme keeps a width its titles can be read in, on a 4:3 screen too.
            main_width = round(min(body.w * MAIN_SHARE, body.w - kit.u(PROGRAMME_UNITS))
                               - column_gap / 2)
            main = Rect(body.x, body.y, main_width, body.h)
            rest = Rect(main.right + column_gap, body.y, body.right - main.right - column_gap,
                        body.h)
            placed.append(self._programme(kit, board, frame, rest, base))
        return placed + self._column(kit, board, frame, main, stack, base, NEXT_SHARE, False)

    def _portrait(self, kit: Kit, board: Board, frame: Frame, body: Rect,
                  regions: set[Region], base: tuple[Hashable, ...]) -> list[Placed]:
        stack: list[Region] = [r for r in (Region.BANNER, Region.NOW, Region.CARD, Region.NEXT)
                               if r in regions]
        gap = round(0.5 * kit.unit)
        if Region.PROGRAMME not in regions:
            return self._column(kit, board, frame, body, stack, base, PORTRAIT_NEXT_SHARE,
                                True)
        # The sessions take what they need (a share at most); the programme the rest, or,
        # when the day is short, what it needs, leaving the rest to the sessions.
        needed = self._needs(kit, board, body, stack, PORTRAIT_NEXT_SHARE, True)
        least = least_programme(kit, board.programme, board.focus, board.programme_label,
                                body.w)
        rest = body.h - sum(needed.values()) - gap * len(stack)
        if rest < least and Region.NOW in needed:
            # Now without its description, to make room for the programme.
            shorter = math.ceil(natural_now(kit, *_now(kit, board, body.w), body.w,
                                            body.h * PORTRAIT_NOW_SHARE, board.now_cancelled,
                                            description=0))
            rest += needed[Region.NOW] - shorter
        if rest < least:
            return self._column(kit, board, frame, body, stack, base, PORTRAIT_NEXT_SHARE,
                                True)
        programme_height = math.ceil(natural_programme(
            kit, board.programme, board.focus, board.programme_label, body.w, rest))
        if not stack:
            programme_height = math.floor(rest)
        column = Rect(body.x, body.y, body.w, math.floor(body.h - programme_height - gap))
        # Next's share is of the whole body, as when the room for the programme was found.
        share = PORTRAIT_NEXT_SHARE * body.h / max(column.h, 1.0)
        placed = self._column(kit, board, frame, column, stack, base, share,
                              True) if stack else []
        below = column.bottom + gap if stack else body.y
        placed.append(self._programme(kit, board, frame,
                                      Rect(body.x, below, body.w, body.bottom - below), base))
        return placed

    def _needs(self, kit: Kit, board: Board, column: Rect, stack: list[Region],
               next_share: float, portrait: bool) -> dict[Region, float]:
        """The height each region of a column needs at its usual size."""
        needs: dict[Region, float] = {}
        one_line = board.mode is Mode.BREAK
        for region in stack:
            if region is Region.NEXT:
                # Its usual size up to a share of the column, and at least what its first
                # item needs at the smallest size.
                least = least_next(kit, *_next(kit, board, column.w), column.w,
                                   board.next_cancelled)
                needs[region] = math.ceil(max(min(least, column.h * 0.6), natural_next(
                    kit, *_next(kit, board, column.w), column.w, column.h * next_share,
                    board.next_cancelled)))
            elif region is Region.BANNER and board.banner is not None:
                needs[region] = math.ceil(natural_banner(kit, board.banner, column.w,
                                                         column.h * 0.6, one_line))
            elif region is Region.NOW:
                needs[region] = math.ceil(natural_now(kit, *_now(kit, board, column.w), column.w,
                                                      column.h * PORTRAIT_NOW_SHARE,
                                                      board.now_cancelled))
            elif region is Region.CARD:
                needs[region] = math.ceil(max(least_card(kit),
                                              kit.u(PORTRAIT_CARD_UNITS if portrait else 6)))
        return needs

    def _column(self, kit: Kit, board: Board, frame: Frame, column: Rect,
                stack: list[Region], base: tuple[Hashable, ...], next_share: float,
                portrait: bool) -> list[Placed]:
        """Regions one above the other in ``column``: each takes what it needs, and one of
        them (Now, else the cards, else the banner) takes the room that is left."""
        if not stack:
            return []
        gap = round(0.5 * kit.unit)
        grows = next((r for r in (Region.NOW, Region.CARD, Region.BANNER) if r in stack),
                     stack[-1])
        # Now takes what is left whatever it needs: it is not measured for that.
        needs = self._needs(kit, board, column, [r for r in stack if r is not Region.NOW],
                            next_share, portrait)
        if grows is Region.NOW:
            # At least a few lines; a lone session all of it but its description, if Next
            # and the banner can make the room.
            whole = whole_now(kit, *_now(kit, board, column.w), column.w, board.now_cancelled)
            needs[Region.NOW] = math.ceil(min(column.h, max(kit.u(NOW_LEAST_UNITS), whole)))
        heights = dict(needs)
        heights[grows] = 0.0
        spare = column.h - sum(heights.values()) - gap * (len(stack) - 1)
        wanted = needs[grows]
        # The one that grows first takes room from the others, down to their least (Next,
        # then the banner); the cards give way when even that is not enough.
        for region in (Region.NEXT, Region.BANNER):
            if region in heights and region is not grows and spare < wanted:
                least = self._least(kit, board, region, column.w)
                give = max(0.0, min(heights[region] - least, wanted - spare))
                heights[region] -= give
                spare += give
        if grows is Region.CARD and spare < least_card(kit):
            stack = [r for r in stack if r is not Region.CARD]
            heights.pop(Region.CARD)
            spare += gap
            grows = Region.BANNER if Region.BANNER in stack else stack[-1]
            spare += heights[grows]
        if grows is Region.NOW and spare < wanted and Region.NEXT in heights:
            # What runs comes first: Next gives way altogether (the programme says it too).
            stack = [r for r in stack if r is not Region.NEXT]
            spare += heights.pop(Region.NEXT) + gap
        heights[grows] = max(0.0, spare)
        placed: list[Placed] = []
        y = column.y
        for region in stack:
            h = math.floor(heights[region])
            rect = Rect(column.x, y, column.w, h)
            placed.append(self._region(kit, board, frame, region, rect, base,
                                       grow=region is grows))
            y += h + gap
        return placed

    def _least(self, kit: Kit, board: Board, region: Region, width: float) -> float:
        """The least height Next or the banner can do with."""
        if region is Region.NEXT:
            return math.ceil(least_next(kit, *_next(kit, board, width), width,
                                        board.next_cancelled))
        assert board.banner is not None
        return math.ceil(least_banner(kit, board.banner, width, board.mode is Mode.BREAK))

    def _region(self, kit: Kit, board: Board, frame: Frame, region: Region, rect: Rect,
                base: tuple[Hashable, ...], grow: bool) -> Placed:
        w, h = rect.w, rect.h
        content = Rect(0, 0, w, h).inset(kit.u(0.6), kit.u(0.45), kit.u(0.6), kit.u(0.5))
        if region is Region.NOW:
            largest = self._largest
            scene = self._paged((*base, "now", *_now(kit, board, w), board.now_cancelled,
                                 w, h, largest), frame.rotation,
                                lambda r: layout_now(kit, *_now(kit, board, w), w, h, r,
                                                     board.now_cancelled, largest))
        elif region is Region.NEXT:
            scene = self._paged((*base, "next", *_next(kit, board, w), board.next_cancelled,
                                 w, h), frame.rotation,
                                lambda r: layout_next(kit, *_next(kit, board, w), w, h,
                                                      r, cancelled=board.next_cancelled))
        elif region is Region.BANNER:
            banner = board.banner
            assert banner is not None
            one_line = board.mode is Mode.BREAK and not grow
            scene = self._scene((*base, "banner", banner, w, h, one_line, grow),
                                lambda: layout_banner(kit, banner, w, h, one_line, grow))
        else:
            card = board.cards[frame.rotation % len(board.cards)]
            photo = frame.photo(card)
            scene = self._scene((*base, "card", card, w, h, photo),
                                lambda: layout_card(kit, card, w, h, photo))
        return Placed(region, rect, scene, content, grow)

    def _programme(self, kit: Kit, board: Board, frame: Frame, rect: Rect,
                   base: tuple[Hashable, ...]) -> Placed:
        w, h = rect.w, rect.h
        scene = self._paged(
            (*base, "programme", board.programme, board.focus, board.programme_label, w, h),
            frame.rotation,
            lambda r: layout_programme(kit, board.programme, board.focus,
                                       board.programme_label, w, h, r))
        content = Rect(0, 0, w, h).inset(kit.u(0.6), kit.u(0.45), kit.u(0.6), kit.u(0.5))
        return Placed(Region.PROGRAMME, rect, scene, content)


def _now(kit: Kit, board: Board, width: float) -> tuple[tuple[NowItem, ...], str]:
    """Now's items and label for a region ``width`` wide (see :func:`labelled`)."""
    return labelled(kit, board.now, board.now_label, board.now_word, width)


def _next(kit: Kit, board: Board, width: float) -> tuple[tuple[NextItem, ...], str]:
    return labelled(kit, board.next, board.next_label, board.next_word, width)


SHARING = frozenset({Region.NOW, Region.NEXT, Region.PROGRAMME, Region.BANNER})
"""The regions that give each other room (not the cards: which one shows changes)."""
SHARE_ROUNDS = 4


def _amounts(free: int, line: int) -> list[int]:
    """How much room to try to move: all that is free, then less, a quarter of a line at a
    time, down to a line (a neighbour may draw the same only with some of its room)."""
    return list(range(free, line - 1, -max(1, line // 4)))


def _neighbours(kit: Kit, column: list[Placed]) -> list[tuple[Placed, Placed]]:
    """The pairs of regions one right above the other, in a column of the same width."""
    pairs: list[tuple[Placed, Placed]] = []
    for one in column:
        for other in column:
            if one is not other and abs(one.rect.x - other.rect.x) < 1 and \
                    abs(one.rect.w - other.rect.w) < 1 and \
                    0 <= other.rect.y - one.rect.bottom <= kit.unit:
                pairs.append((one, other))
    return pairs


def _free(placed: Placed) -> float:
    """The height free at the bottom of a region's room, below all it draws."""
    bottoms = [op_bottom(op) for op in placed.scene.ops
               if not (isinstance(op, BoxOp) and op.backdrop)]
    lowest = max(bottoms, default=placed.content.y)
    return max(0.0, placed.content.bottom - lowest)


def _wanting(scene: Scene) -> bool:
    """Something is cut or left out, or it pages: more room would show more."""
    return not scene.fits or scene.pages > 1 or any(
        op.shown != op.text for op in scene.texts())


def _same(one: list[Placed], other: list[Placed]) -> bool:
    """The two draw the same texts, whole or cut alike, on the same pages."""
    def shown(pages: list[Placed]) -> list[tuple[bool, list[tuple[str, str]]]]:
        return [(p.scene.fits, sorted((op.role, op.shown) for op in p.scene.texts()))
                for p in pages]

    return shown(one) == shown(other)


def _score(pages: list[Placed]) -> tuple[int, int, int, int]:
    """Less is better: what is left out, pages, cut texts, and (negated) what shows, on
    all the pages of a region."""
    texts = [op for p in pages for op in p.scene.texts()]
    return (sum(not p.scene.fits for p in pages), len(pages),
            sum(op.shown != op.text for op in texts), -sum(len(op.shown) for op in texts))
